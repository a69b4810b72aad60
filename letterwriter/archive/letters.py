"""Filing letters: a rendered letter or the window's draft saved under its person, and opened again.

The memories a letter tells are linked to it; ones told for the first time join the person's file
(from the command line; the window offers to add them), and one told in new words is corrected in
the file. A letter keeps what happened to it: a later save never takes an exported letter back to
a draft, forgets where it was exported, or the options it was drawn with (`pinned`, see
export/options.py), so it is drawn again exactly as it was sent.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from pathlib import Path
from typing import Any

from letterwriter.archive.clientfile import hand_seed
from letterwriter.archive.records import LETTER_STATUSES, LetterRecord, PersonRecord
from letterwriter.archive.reuse import memories_used
from letterwriter.archive.store import ArchiveStore
from letterwriter.export.options import read_choices
from letterwriter.model import TemplateInfo

_VERSIONS: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> hash: not read per save


def template_version(info: TemplateInfo) -> str:
    """The template file's content hash: which wording a stored letter was made with."""
    try:
        st = Path(info.path).stat()
        key = (str(info.path), st.st_size, st.st_mtime_ns)
        if key not in _VERSIONS:
            _VERSIONS[key] = hashlib.sha256(Path(info.path).read_bytes()).hexdigest()[:12]
        return _VERSIONS[key]
    except OSError:
        return ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def save_letter(
    store: ArchiveStore,
    person: PersonRecord,
    info: TemplateInfo,
    brief: dict[str, Any],
    rendered_text: str,
    *,
    edited_text: str | None = None,
    options: dict[str, Any] | None = None,
    status: str = "draft",
    export_path: str | None = None,
    letter_id: str | None = None,
    letter_date: str | None = None,
    picked: list[str] = (),
    add_new: bool = True,
) -> LetterRecord:
    """Store a letter under the person's client; the memories it tells are linked (new ones join the
    file unless `add_new` is False). `picked`: ids of the file's memories chosen for the letter."""
    text = edited_text if edited_text is not None else rendered_text
    use = memories_used(person, info, brief, text, letter_id, picked)
    brief = _jsonable(brief)
    options = _jsonable(options or {})
    before = store.get_letter(letter_id) if letter_id else None
    status_given = status
    if before is not None:  # what happened to the letter stays: exported, where, drawn with what
        if LETTER_STATUSES.index(before.status) > LETTER_STATUSES.index(status):
            status = before.status
        export_path = export_path or before.export_path
        if before.status == "exported" and status_given != "exported":  # drawn as it was sent
            options = {**options, **read_choices(before.options)}
    record = LetterRecord(
        id=letter_id or "",
        client_id=person.client_id,
        person_id=person.id,
        template=info.id,
        template_version=template_version(info),
        occasion=info.occasion,
        brief=brief,
        options=options,
        rendered_text=rendered_text,
        edited_text=edited_text,
        status=status,
        letter_date=letter_date or str(brief.get("letter_date") or "") or _dt.date.today().isoformat(),
        export_path=export_path,
    )
    store.save_letter(record, use.memory_ids, use.new_texts if add_new else [], use.corrected)
    return record


# The desk's Draft (letterwriter/draft.py) is used by its attributes only, so this module
# stays below the desk: info, values, variation, language, options, edited_text, rendering().


def draft_content(
    draft: Any, *, status: str = "draft", export_path: str | None = None, pinned: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """What filing the window's draft stores, as plain JSON (None while the brief is incomplete).

    The same whether it is filed now (`save_draft`) or waits in the local outbox for a shared
    archive that cannot be reached (`file_content` files it later, dated as it was saved).
    `pinned` are the PDF options an export drew it with.
    """
    letter = draft.rendering().letter
    if letter is None:
        return None
    # the letter's own PDF choices in their one stored form (export/options.py), beside its wording
    options = read_choices(draft.options)
    options.update(variation=draft.variation, language=draft.language)
    options.update(pinned or {})
    brief = _jsonable(dict(draft.values))
    return {
        "template": draft.info.id,
        "brief": brief,
        "rendered_text": letter.text,
        "edited_text": draft.edited_text,
        "options": _jsonable(options),
        "status": status,
        "export_path": export_path,
        "letter_date": str(brief.get("letter_date") or "") or _dt.date.today().isoformat(),
        "picked": list(getattr(draft, "memory_ids", []) or []),  # the file's memories it tells, by id
    }


def file_content(
    store: ArchiveStore,
    person: PersonRecord,
    info: TemplateInfo,
    content: dict[str, Any],
    letter_id: str | None,
) -> LetterRecord:
    """File `draft_content`'s letter under its person (again with the same `letter_id`: the same letter).

    Memories told for the first time are not added (the window offers them: `new_memories`).
    """
    options = dict(content["options"])
    options.setdefault("seed", hand_seed(person.client_id))  # one client, one hand
    return save_letter(
        store,
        person,
        info,
        dict(content["brief"]),
        content["rendered_text"],
        edited_text=content["edited_text"],
        options=options,
        status=content["status"],
        export_path=content["export_path"],
        letter_id=letter_id,
        letter_date=content["letter_date"],
        picked=list(content.get("picked") or []),
        add_new=False,
    )


def save_draft(
    store: ArchiveStore,
    person: PersonRecord,
    draft: Any,
    *,
    letter_id: str | None = None,
    status: str = "draft",
    export_path: str | None = None,
    pinned: dict[str, Any] | None = None,
) -> LetterRecord | None:
    """File the letter being written in the window under its person (None while the brief is incomplete).

    Save again with the returned id as `letter_id` (e.g. on each autosave or export) to update
    the same letter. Memories told for the first time are not added (the window offers them:
    `new_memories`); `pinned` are the PDF options an export drew it with.
    """
    content = draft_content(draft, status=status, export_path=export_path, pinned=pinned)
    if content is None:
        return None
    return file_content(store, person, draft.info, content, letter_id)


def new_memories(person: PersonRecord, draft: Any) -> list[str]:
    """Memories the window's letter tells that the person's file does not hold (to offer adding them)."""
    letter = draft.rendering().letter
    if letter is None:
        return []
    picked = list(getattr(draft, "memory_ids", []) or [])
    return memories_used(
        person, draft.info, dict(draft.values), draft.text, draft.letter_id, picked
    ).new_texts


def stored_letter(letter: LetterRecord) -> Any:
    """A stored letter as the exporters take it (RenderedLetter): its text exactly as stored."""
    from letterwriter.templates import RenderedLetter

    language = str(letter.options.get("language") or "en-US")
    return RenderedLetter(letter.template, [], dict(letter.brief), language).with_text(letter.text)


def export_stored(letter: LetterRecord, path: Any, settings: Any) -> Any:
    """Draw a stored letter again, as it was exported (its own options over the settings), to PDF or text.

    Written atomically; returns the PdfReport for a PDF, the path for text. Refuses Letterwriter's
    own files. The archive is not changed.
    """
    from pathlib import Path

    from letterwriter.paths import refuse_kept_file

    path = Path(path)
    refuse_kept_file(path)
    rendered = stored_letter(letter)
    if path.suffix.lower() in (".txt", ".text"):
        from letterwriter.export.text import export_text

        return export_text(rendered, path)
    if path.suffix.lower() != ".pdf":
        from letterwriter.export import ExportError

        raise ExportError(f"cannot tell the format from '{path}': use .pdf or .txt")
    from letterwriter.export.options import options_from_settings
    from letterwriter.export.pdf import export_pdf

    stored = dict(letter.options)
    stored.setdefault("seed", hand_seed(letter.client_id))  # one client, one hand
    options, _warnings = options_from_settings(settings, stored)
    return export_pdf(rendered, path, options)


def draft_kwargs(letter: LetterRecord, *, copy: bool = False) -> dict[str, Any]:
    """Arguments for the desk's `Draft(library, **kwargs)` to open a stored letter (or start from a copy)."""
    options = dict(letter.options)
    kwargs: dict[str, Any] = {
        "template": letter.template,
        "values": dict(letter.brief),
        "variation": int(options.pop("variation", 1) or 1),
        "language": options.pop("language", "en-US") or "en-US",
        # the rest are the letter's PDF choices, in whichever form a version stored them: the
        # Draft reads them all (export/options.py's read_choices), the command line's "font" too
        "options": options,
        "edited_text": None if copy else letter.edited_text,
    }
    if copy:
        kwargs["values"].pop("letter_date", None)
    return kwargs
