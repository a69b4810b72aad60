"""Filing letters: a rendered letter or the window's draft saved under its person, and opened again.

The memories a letter tells are linked to it; ones told for the first time join the person's file.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from pathlib import Path
from typing import Any

from letterwriter.archive.clientfile import hand_seed
from letterwriter.archive.records import LetterRecord, PersonRecord
from letterwriter.archive.reuse import memories_used
from letterwriter.archive.store import ArchiveStore
from letterwriter.export.options import read_choices
from letterwriter.model import TemplateInfo


def template_version(info: TemplateInfo) -> str:
    """The template file's content hash: which wording a stored letter was made with."""
    try:
        return hashlib.sha256(Path(info.path).read_bytes()).hexdigest()[:12]
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
) -> LetterRecord:
    """Store a letter under the person's client; the memories it tells are linked (new ones join the file)."""
    text = edited_text if edited_text is not None else rendered_text
    use = memories_used(person, info, brief, text, letter_id)
    brief = _jsonable(brief)
    record = LetterRecord(
        id=letter_id or "",
        client_id=person.client_id,
        person_id=person.id,
        template=info.id,
        template_version=template_version(info),
        occasion=info.occasion,
        brief=brief,
        options=_jsonable(options or {}),
        rendered_text=rendered_text,
        edited_text=edited_text,
        status=status,
        letter_date=letter_date or str(brief.get("letter_date") or "") or _dt.date.today().isoformat(),
        export_path=export_path,
    )
    store.save_letter(record, use.memory_ids, use.new_texts)
    return record


# The desk's Draft (letterwriter/draft.py) is used by its attributes only, so this module
# stays below the desk: info, values, variation, language, options, edited_text, rendering().


def draft_content(
    draft: Any, *, status: str = "draft", export_path: str | None = None
) -> dict[str, Any] | None:
    """What filing the window's draft stores, as plain JSON (None while the brief is incomplete).

    The same whether it is filed now (`save_draft`) or waits in the local outbox for a shared
    archive that cannot be reached (`file_content` files it later, dated as it was saved).
    """
    letter = draft.rendering().letter
    if letter is None:
        return None
    # the letter's own PDF choices in their one stored form (export/options.py), beside its wording
    options = read_choices(draft.options)
    options.update(variation=draft.variation, language=draft.language)
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
    }


def file_content(
    store: ArchiveStore,
    person: PersonRecord,
    info: TemplateInfo,
    content: dict[str, Any],
    letter_id: str | None,
) -> LetterRecord:
    """File `draft_content`'s letter under its person (again with the same `letter_id`: the same letter)."""
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
    )


def save_draft(
    store: ArchiveStore,
    person: PersonRecord,
    draft: Any,
    *,
    letter_id: str | None = None,
    status: str = "draft",
    export_path: str | None = None,
) -> LetterRecord | None:
    """File the letter being written in the window under its person (None while the brief is incomplete).

    Save again with the returned id as `letter_id` (e.g. on each autosave or export) to update
    the same letter; memories it first told and no longer tells are dropped from the file.
    """
    content = draft_content(draft, status=status, export_path=export_path)
    if content is None:
        return None
    return file_content(store, person, draft.info, content, letter_id)


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
