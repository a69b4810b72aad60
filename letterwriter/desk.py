"""The desk: the letter being written, its file, autosave and crash recovery (Qt-free).

The window and the command line both call a `Desk`; neither holds the letter itself. A
desk opens a session in the drafts store (a lock that says "a window is open"); every change
to the draft is autosaved there, and a session that ended without closing (a kill, a crash,
a power cut) leaves its drafts for the next start to offer back. Letters written to someone
in a client's file are filed in the archive (by default the same local database; a firm's is on
a PostgreSQL server). When that server cannot be reached, a letter saved meanwhile waits in the
local outbox (`storage.outbox`) and is filed when the server is back (`file_waiting`), once.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letterwriter.draft import Draft, LetterFileError
from letterwriter.export import ExportError
from letterwriter.storage.drafts import DraftRecord, DraftStore, process_start_time, session_alive
from letterwriter.storage.outbox import Outbox
from letterwriter.storage.sqlite import StoreError

if TYPE_CHECKING:
    from letterwriter.archive.store import ArchiveStore

EXPORT_FORMATS = {".pdf": "pdf", ".txt": "txt", ".text": "txt", ".letter": "letter"}


class FileChanged(LetterFileError):
    """The file on disk changed since this window opened or saved it: saving would lose those changes."""


class Desk:
    def __init__(
        self,
        library=None,
        settings=None,
        drafts: DraftStore | None = None,
        archive: ArchiveStore | None = None,
        *,
        session: bool = True,
    ):
        if library is None:
            from letterwriter.templates import library as default_library

            library = default_library()
        if settings is None:
            from letterwriter.settings import Settings

            settings = Settings.load()
        self.library = library
        self.settings = settings
        self.unused_memories: list[str] = []  # memories picked for new_for that its letter had no room for
        self.store_problem = ""  # the local file's (drafts): autosave is off while there is one
        self.archive_problem = ""  # the archive's, when it is elsewhere (a server out of reach…)
        self.archive_mode = "normal"  # or readonly, fresh, unreachable (a firm's server)
        self.drafts = drafts
        self.archive = archive
        self.outbox: Outbox | None = Outbox(drafts.db) if drafts is not None else None
        self._people: dict[str, Any] = {}  # persons as last read: a letter still finds its client offline
        if drafts is None and archive is None:
            from letterwriter.archive.opening import open_archive
            from letterwriter.storage.local import open_local

            try:
                local = open_local()
            except StoreError as exc:  # the desk still works; it just cannot autosave
                self.store_problem = str(exc)
            else:
                self.drafts = DraftStore(local.db)
                self.outbox = Outbox(local.db)
                self.store_problem = local.message
                try:  # a server that cannot be reached now is tried again later (lazy)
                    opened = open_archive(local=local, settings=self.settings, lazy=True)
                except StoreError as exc:  # a URL that cannot be used: said, and the drafts go on
                    self.archive_problem, self.archive_mode = str(exc), "none"
                else:
                    self.archive, self.archive_mode = opened.store, opened.mode
                    self.archive_problem = opened.message
        if self.drafts is not None and self.drafts.readonly:
            session = False  # a read-only database: letters are shown, nothing is written
        self.session_id: str | None = None
        if session and self.drafts is not None:
            self.session_id = self.drafts.open_session(
                os.getpid(), process_start_time(), socket.gethostname()
            )
        self.draft: Draft | None = None
        self._autosaved_revision: int | None = None
        self.file_stamp: tuple[int, int] | None = None  # the open file as it was when opened or saved
        self.file_holder = None  # another window that has the open file too (openfiles.Holder)

    # --- the draft --------------------------------------------------------------------
    def new(self, template: str | None = None, values: dict[str, Any] | None = None) -> Draft:
        """A fresh letter (the previous one's autosave goes: the person chose to drop it)."""
        template = template or (self.draft.template if self.draft else self._last_template())
        self._forget_autosave()
        self._let_go_of_file()
        # paper, ink and hand come from the settings unless a letter chooses its own
        self.draft = Draft(self.library, template, values, language=self.settings.get("language"))
        self._autosaved_revision = None
        return self.draft

    def _last_template(self) -> str:
        """The occasion the person last chose, so each start is where they left off."""
        last = self.settings.get("last_template", "")
        ids = [i.id for i in self.library.list()]
        return last if last in ids else ("love_letter" if "love_letter" in ids else ids[0])

    def remember_template(self, template: str) -> None:
        self.settings.set("last_template", template)

    def open(self, path: Path | str) -> Draft:
        """Open a .letter file; the current draft is replaced only when the file is readable."""
        from letterwriter import openfiles

        draft = Draft.open(self.library, path)
        self._forget_autosave()
        self._let_go_of_file()
        self.draft = draft
        self._autosaved_revision = draft.revision
        self.file_stamp = openfiles.stamp(draft.path)
        self.file_holder = openfiles.holder(draft.path)  # open in another window: the window says so
        if self.file_holder is None:
            openfiles.take(draft.path)
        return draft

    def _let_go_of_file(self) -> None:
        from letterwriter import openfiles

        if self.draft is not None and self.draft.path is not None:
            openfiles.release(self.draft.path)
        self.file_stamp = self.file_holder = None

    def save(self, path: Path | str | None = None, *, force: bool = False) -> Path:
        """Save to `path` (or the draft's own file); the autosave copy is then no longer needed.

        FileChanged (nothing written) when the file changed on disk since it was opened or saved
        here, unless `force`: the window asks first.
        """
        from letterwriter import openfiles

        draft = self._need_draft()
        target = Path(path) if path is not None else draft.path
        if target is None:
            raise LetterFileError("this letter has no file yet: choose where to save it")
        if not force and target == draft.path and openfiles.stamp(target) != self.file_stamp:
            raise FileChanged(f"{target} was changed by another window or program since it was opened here")
        self.file_letter("draft")  # first: the .letter file then records its archive entry
        if target != draft.path:
            self._let_go_of_file()
            openfiles.take(target)
        written = draft.save(target)
        self.file_stamp = openfiles.stamp(written)
        self._forget_autosave()
        self._autosaved_revision = draft.revision
        self.remember_recent(written)
        return written

    def _need_draft(self) -> Draft:
        if self.draft is None:
            raise LetterFileError("no letter is open")
        return self.draft

    # --- autosave and recovery --------------------------------------------------------
    def autosave(self) -> bool:
        """Write the draft into the drafts store if it changed since the last autosave; True if written."""
        draft = self.draft
        if draft is None or self.drafts is None or self.drafts.readonly:
            return False
        if draft.revision == self._autosaved_revision:
            return False
        if not draft.modified:
            self._forget_autosave()
            self._autosaved_revision = draft.revision
            return False
        self.drafts.put_draft(
            DraftRecord(
                id=draft.id,
                template=draft.template,
                content=draft.dumps(),
                letter_text=draft.text,
                recipient=draft.recipient(),
                words=draft.words(),
                file_path=str(draft.path) if draft.path else None,
                session_id=self.session_id,
            )
        )
        self._autosaved_revision = draft.revision
        return True

    def _forget_autosave(self) -> None:
        if self.draft is not None and self.drafts is not None and not self.drafts.readonly:
            self.drafts.delete_draft(self.draft.id)

    def recoverable(self) -> list[DraftRecord]:
        """Drafts left by windows that did not close cleanly, newest first."""
        if self.drafts is None:
            return []
        return [d for d in self.drafts.orphaned_drafts(session_alive) if d.session_id != self.session_id]

    def restore(self, draft_id: str) -> Draft:
        """Bring an autosaved draft back into the desk (it keeps its id, now in this session)."""
        rec = self.drafts.get_draft(draft_id) if self.drafts else None
        if rec is None:
            raise LetterFileError(f"no autosaved draft {draft_id}")
        from letterwriter import openfiles

        draft = draft_from_record(self.library, rec)
        self._forget_autosave()
        self._let_go_of_file()
        self.draft = draft
        if draft.path is not None:  # the file as it is now: a save over it later changes asks first
            self.file_stamp, self.file_holder = openfiles.stamp(draft.path), openfiles.holder(draft.path)
        self.drafts.adopt_draft(rec.id, self.session_id)
        self._autosaved_revision = None  # still unsaved work: keep it autosaved
        return draft

    def discard(self, draft_id: str) -> bool:
        return bool(self.drafts and not self.drafts.readonly and self.drafts.delete_draft(draft_id))

    # --- the client archive -----------------------------------------------------------
    def person(self, draft: Draft | None = None):
        """The draft's person as the archive has them now (as last read while it cannot be reached)."""
        draft = draft or self.draft
        if draft is None or not draft.person_id or self.archive is None:
            return None
        try:
            person = self.archive.get_person(draft.person_id)
        except StoreError as exc:
            if exc.kind != "unreachable":
                raise
            self._unreachable(exc)
            return self._people.get(draft.person_id)
        self._people[draft.person_id] = person
        return person

    def _unreachable(self, exc: StoreError) -> None:
        self.archive_mode, self.archive_problem = "unreachable", str(exc)

    @property
    def archive_reachable(self) -> bool:
        return self.archive is not None and self.archive_mode != "unreachable"

    def waiting(self) -> int:
        """How many letters wait in the local outbox for the archive's server."""
        try:
            return self.outbox.count() if self.outbox is not None else 0
        except StoreError:
            return 0

    def archive_probe(self):
        """A function a worker thread may run: "" when the archive's server answers, else why not."""
        db = self.archive.db if self.archive is not None else None
        probe = getattr(db, "probe", None)
        return probe if probe is not None else (lambda: "")

    def archive_back(self) -> int:
        """The server answered a probe: use it again and file the letters that waited; returns how many."""
        if self.archive is None:
            return 0
        retry = getattr(self.archive.db, "retry_now", None)
        if retry is not None:
            retry()
        self.archive_mode = "readonly" if self.archive.readonly else "normal"
        self.archive_problem = ""
        return self.file_waiting()

    def file_waiting(self) -> int:
        """File the letters that waited for the server, oldest first; returns how many were filed.

        Each is filed under its own id, so one offered twice (cut off after the commit) is one
        letter. One the archive refuses (its person was removed meanwhile) stays, with the reason.
        """
        from letterwriter.archive.letters import file_content

        if self.archive is None or self.outbox is None or self.archive.readonly:
            return 0
        filed = 0
        for w in self.outbox.waiting():
            try:
                person = self.archive.get_person(w.person_id)
                if person is None:
                    self.outbox.note_problem(w.letter_id, "the person is no longer in the client files")
                    continue
                file_content(
                    self.archive, person, self.library.get(w.content["template"]), w.content, w.letter_id
                )
            except StoreError as exc:
                if exc.kind == "unreachable":
                    self._unreachable(exc)
                    break
                self.outbox.note_problem(w.letter_id, str(exc))
                continue
            except (KeyError, LetterFileError) as exc:  # its template is gone from this desk
                self.outbox.note_problem(w.letter_id, f"cannot be filed: {exc}")
                continue
            self.outbox.remove(w.letter_id)
            filed += 1
        return filed

    def new_for(
        self, person_id: str, template: str | None = None, memories: list[str] | None = None
    ) -> Draft:
        """A new letter to someone in a client's file: the brief starts from what the file knows."""
        from letterwriter.archive.briefs import MEMORY_FIELDS, brief_for

        person = self.archive.get_person(person_id) if self.archive else None
        if person is None:
            raise LetterFileError(f"no person {person_id} in the client files")
        self._people[person.id] = person
        client = self.archive.get_client(person.client_id)
        template = template or (self.draft.template if self.draft else self.library.list()[0].id)
        info = self.library.get(template)
        values = brief_for(person, info, memories or [], client)  # the client signs, as they sign
        # a letter with room for one memory tells the first; the others are said, not dropped
        told = {
            str(v.get("memory") if isinstance(v, dict) else v)
            for n in MEMORY_FIELDS
            for v in _as_list(values.get(n))
        }
        self.unused_memories = [m for m in memories or [] if m not in told]
        draft = self.new(template, values)
        draft.person_id = person.id
        draft.memory_ids = [m.id for m in person.memories if m.text in told]  # one memory, one identity
        if client is not None and client.language:
            draft.set_language(client.language)  # the client's English, until the letter chooses
            draft.mark_clean()
        return draft

    def open_archived(self, letter_id: str, copy: bool = False) -> Draft:
        """An old letter from the archive, to read on or to start a new one from a copy of it."""
        from letterwriter.archive.letters import draft_kwargs

        rec = self.archive.get_letter(letter_id) if self.archive else None
        if rec is None:
            raise LetterFileError(f"no letter {letter_id} in the client files")
        kwargs = draft_kwargs(rec, copy=copy)
        self._forget_autosave()
        self._let_go_of_file()
        self.draft = Draft(
            self.library, **kwargs, person_id=rec.person_id, letter_id=None if copy else rec.id
        )
        self._autosaved_revision = self.draft.revision
        return self.draft

    def file_letter(
        self, status: str = "draft", export_path: str | None = None, pinned: dict | None = None
    ) -> list[str]:
        """File the letter under its person in the archive; returns notes on memories told before.

        `pinned`: the PDF options an export drew it with (kept with the letter). With the archive's
        server out of reach, the letter waits in the local outbox under the id it will be filed
        with (`file_waiting` files it once the server is back).
        """
        from letterwriter.archive.letters import draft_content, save_draft
        from letterwriter.storage import new_id

        draft = self.draft
        if draft is None or not draft.person_id or self.archive is None or self.archive.readonly:
            return []
        try:
            person = self.archive.get_person(draft.person_id) if self.archive_reachable else None
            if person is None and self.archive_reachable:
                return []  # no longer in the client files
            if person is not None:
                self._people[person.id] = person
                rec = save_draft(
                    self.archive,
                    person,
                    draft,
                    letter_id=draft.letter_id,
                    status=status,
                    export_path=export_path,
                    pinned=pinned,
                )
                if rec is not None:
                    draft.letter_id = rec.id
                    if self.outbox is not None and not self.outbox.readonly:
                        self.outbox.remove(rec.id)  # filed now: an older copy waiting must not follow it
                return self.reuse_notes()
        except StoreError as exc:
            if exc.kind != "unreachable":
                raise
            self._unreachable(exc)
        content = draft_content(draft, status=status, export_path=export_path, pinned=pinned)
        if content is not None and self.outbox is not None and not self.outbox.readonly:
            draft.letter_id = draft.letter_id or new_id()
            self.outbox.put(draft.letter_id, draft.person_id, content)
        return []

    def reuse_notes(self) -> list[str]:
        """What this letter tells that an earlier letter to the same person already told."""
        from letterwriter.archive.reuse import find_reuse

        draft = self.draft
        if draft is None or not self.archive_reachable or draft.rendering().letter is None:
            return []
        try:
            person = self.person()
            if person is None or not self.archive_reachable:
                return []
            found = find_reuse(
                self.archive,
                person,
                draft.info,
                draft.values,
                draft.text,
                rendered_text=draft.rendering().text,
                exclude_letter=draft.letter_id,
                picked=draft.memory_ids,
            )
        except StoreError as exc:  # told-before notes wait for the server; the letter goes on
            if exc.kind != "unreachable":
                raise
            self._unreachable(exc)
            return []
        return [r.note(person.name) for r in found]

    def new_memories(self) -> list[str]:
        """Memories this letter tells that its person's file does not hold yet (the window offers them)."""
        from letterwriter.archive.letters import new_memories

        person = self.person()
        if self.draft is None or person is None:
            return []
        return [str(m) for m in new_memories(person, self.draft)]

    def add_memories(self, texts: list[str]) -> None:
        """Add memories told in this letter to its person's file (each with the meaning typed with it)."""
        from letterwriter.archive.letters import new_memories

        person = self.person()
        if self.draft is None or person is None or self.archive.readonly or not self.archive_reachable:
            return
        for m in new_memories(person, self.draft):
            if str(m) in texts:
                self.draft.memory_ids.append(self.archive.add_memory(person.id, str(m), m.meaning))
        if self.draft.letter_id:
            self.file_letter()  # links them to the letter already filed

    def close(self) -> None:
        """A clean exit: the person has saved or dropped the letter, so its autosave goes too."""
        self._let_go_of_file()
        if self.drafts is not None and not self.drafts.readonly:
            if self.session_id:
                for rec in self.drafts.list_drafts(self.session_id):
                    self.drafts.delete_draft(rec.id)
                self.drafts.forget_session(self.session_id)
                self.session_id = None
            self._prune_sessions()
        for store in (self.drafts, self.archive):
            if store is not None:
                store.close()  # one database for both by default: closing twice is harmless
        self.drafts = self.archive = None

    def _prune_sessions(self) -> None:
        """Sessions of dead windows that left nothing to recover are just history."""
        with_drafts = {d.session_id for d in self.drafts.list_drafts()}
        for s in self.drafts.sessions():
            if s.id not in with_drafts and s.id != self.session_id and not session_alive(s):
                self.drafts.forget_session(s.id)

    # --- recent files -----------------------------------------------------------------
    def recent_files(self) -> list[str]:
        items = self.settings.get("recent_files", [])
        return [p for p in items if isinstance(p, str)][:10]

    def remember_recent(self, path: Path) -> None:
        path_s = str(Path(path).resolve())
        items = [path_s] + [p for p in self.recent_files() if p != path_s]
        self.settings.set("recent_files", items[:10])
        try:
            self.settings.save()
        except (OSError, ExportError):
            pass  # a read-only settings file must not fail a save that succeeded

    # --- export -----------------------------------------------------------------------
    def pdf_options(self, draft: Draft | None = None):
        """The letter's PdfOptions: the settings, then the client's hand, then the letter's own choices.

        A choice of the letter's that cannot be used (an old file's paper) gives way to the
        settings (see export/options.py). A letter to a client is written in the client's hand
        (archive.hand_seed), as `render --to` writes it, unless the letter chose its own seed.
        """
        from letterwriter.export.options import options_from_settings

        draft = draft or self._need_draft()
        stored = dict(draft.options)
        person = self.person(draft)
        if person is not None:
            from letterwriter.archive.clientfile import hand_seed

            stored.setdefault("seed", hand_seed(person.client_id))  # one client, one hand, over the years
        options, _warnings = options_from_settings(self.settings, stored)
        return options

    def export(self, path: Path | str, fmt: str | None = None, draft: Draft | None = None):
        """Write the letter as PDF, text or a .letter copy; returns the PDF report or the path."""
        from letterwriter.paths import refuse_kept_file

        draft = draft or self._need_draft()
        path = Path(path)
        refuse_kept_file(path)  # a letter saved as dictionary.txt would replace the dictionary
        fmt = fmt or EXPORT_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise LetterFileError(f"cannot tell the format from '{path}': use .pdf, .txt or .letter")
        if fmt == "letter":
            from letterwriter.export import write_text_atomic

            return write_text_atomic(path, draft.dumps())
        letter = draft.letter()
        if letter is None:
            raise LetterFileError(draft.rendering().message or "the letter cannot be written yet")
        pinned = None
        if fmt == "pdf":
            from letterwriter.export.options import pinned_choices
            from letterwriter.export.pdf import export_pdf

            options = self.pdf_options(draft)
            out = export_pdf(letter, path, options)
            pinned = pinned_choices(options, out.font_family, out.seed)  # drawn again as it was sent
        else:
            from letterwriter.export.text import export_text

            out = export_text(letter, path)
        if draft is self.draft:
            self.file_letter("exported", str(path), pinned)
        return out


def draft_from_record(library, rec: DraftRecord) -> Draft:
    path = Path(rec.file_path) if rec.file_path else None
    draft = Draft.loads(library, rec.content, draft_id=rec.id)
    draft.path = path
    # an autosaved draft is unsaved work by definition: never "clean" when it comes back
    draft._clean = ""
    draft._clean_has_file = True
    return draft


def _as_list(value) -> list:
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
