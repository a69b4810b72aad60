"""`drafts`: the letters the window autosaved, listed, shown, exported or discarded."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from letterwriter.cli.common import EXIT_OK, UsageError, _printable, _settings, _short
from letterwriter.cli.signals import load_qt


def cmd_drafts(args) -> int:
    from letterwriter.desk import Desk, draft_from_record
    from letterwriter.draft import LetterFileError
    from letterwriter.storage.drafts import DraftStore
    from letterwriter.storage.local import open_local
    from letterwriter.storage.sqlite import StoreError

    # Opened as the archive commands open it: a newer, locked or read-only database is read
    # read-only, so drafts can be rescued exactly when the file is in trouble.
    try:
        local = open_local()
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    store = DraftStore(local.db)
    if store.readonly and args.drafts_action == "discard":
        store.close()
        raise UsageError(f"drafts cannot be discarded: {local.message}")
    if local.message:
        print(f"warning: {_printable(local.message)}", file=sys.stderr)
    try:
        if args.drafts_action == "list":
            rows = [
                {
                    "id": r.id,
                    "template": r.template,
                    "recipient": r.recipient,
                    "updated": r.updated,
                    "words": r.words,
                    "file": r.file_path,
                }
                for r in store.list_drafts()
            ]
            if args.json:
                print(json.dumps(rows, indent=2, ensure_ascii=False))
            else:
                for r in rows:
                    who = _printable(r["recipient"] or "-", 40)  # text from the database, never an escape
                    line = f"{r['id']}  {r['template']:<16} {who:<20} {r['updated']}  {r['words']} words"
                    print(_printable(line))
                if not rows:
                    print("no drafts", file=sys.stderr)
            return EXIT_OK
        if re.search(r"[\ud800-\udfff]", args.id):  # not UTF-8: no draft id is
            raise UsageError(f"no draft '{_short(args.id)}' (see 'letterwriter drafts list')")
        found = store.find_drafts(args.id) if args.id else []
        if not found:
            raise UsageError(f"no draft '{_short(args.id)}' (see 'letterwriter drafts list')")
        if len(found) > 1 and found[0].id != args.id:
            raise UsageError(f"'{_short(args.id)}' matches {len(found)} drafts: give more of the id")
        rec = found[0]
        if args.drafts_action == "discard":
            try:
                gone = store.delete_draft(rec.id)
            except StoreError as exc:  # a file the folder lets us open but not write (chmod 444)
                raise UsageError(f"draft {rec.id} cannot be discarded: {exc}") from None
            if not gone:  # another program discarded it between the look-up and now
                raise UsageError(f"no draft '{rec.id}' (it was discarded meanwhile)")
            print(f"discarded draft {rec.id}", file=sys.stderr)
            return EXIT_OK
        from letterwriter.templates import library

        try:
            draft = draft_from_record(library(), rec)
        except LetterFileError as exc:
            raise UsageError(f"draft {rec.id}: {exc}") from None
        if args.drafts_action == "show":
            if args.json:
                print(
                    json.dumps(
                        {"id": rec.id, **draft.to_json(), "text": draft.text}, indent=2, ensure_ascii=False
                    )
                )
            else:
                sys.stdout.write(draft.text or rec.letter_text)
            return EXIT_OK
        desk = Desk(library(), _settings(), store, session=False)
        try:
            if Path(args.output).suffix.lower() == ".pdf":
                load_qt()  # a SIGTERM while PySide6 loads waits for it (cli/signals.py)
            desk.export(args.output, draft=draft)
        except LetterFileError as exc:
            raise UsageError(str(exc)) from None
        print(f"wrote {args.output}", file=sys.stderr)
        return EXIT_OK
    finally:
        store.close()
