"""The command line's arguments: every command, its flags and their help, in one parser."""

from __future__ import annotations

import argparse

from letterwriter import __version__
from letterwriter.cli.book import add_anthology_parser
from letterwriter.cli.common import UsageError
from letterwriter.export.hand import HAND_LEVELS
from letterwriter.export.options import TINTS
from letterwriter.export.paper import PAPER_NAMES


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors, as one line
        raise UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="letterwriter", description="Letterwriter: a letter writer's desk.")
    p.add_argument("--version", action="version", version=f"letterwriter {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    t = sub.add_parser("templates", help="list the letter templates")
    t.add_argument("--json", action="store_true")

    r = sub.add_parser("render", help="render a letter from a brief")
    r.add_argument("template", help="template id or path to a template file")
    r.add_argument("--data", metavar="BRIEF.json", help="the brief as a JSON object")
    r.add_argument(
        "--field",
        action="append",
        metavar="NAME=VALUE",
        default=None,
        help="one field value (over the brief's); repeat, also for several list items; "
        "NAME_meaning=TEXT gives the memory just before it its meaning",
    )
    r.add_argument("-o", "--output", metavar="OUT")
    r.add_argument("--format", choices=("txt", "pdf"))
    r.add_argument("--variation", type=int)
    r.add_argument("--font", metavar="FAMILY")
    r.add_argument("--paper", choices=PAPER_NAMES, help="a sheet or a folded card")
    r.add_argument("--ink", metavar="INK", help="blue-black, royal blue, black, sepia, green or #rrggbb")
    r.add_argument("--hand", choices=HAND_LEVELS, help="how much the handwriting varies (default natural)")
    r.add_argument("--seed", type=int, metavar="N", help="the client's hand (default: from the sender)")
    r.add_argument("--tint", choices=TINTS, help="cream fills the page; none leaves it white for printing")
    r.add_argument("--lang", default=None, help="English variant, e.g. en-US, en-GB")
    r.add_argument("--check", action="store_true", help="check grammar first; write nothing if issues")
    r.add_argument("--force", action="store_true", help="with --check: write even with issues")
    r.add_argument("--server", metavar="URL", help="a LanguageTool server to use instead of ours")
    r.add_argument(
        "--to", metavar="PERSON", help="fill the brief from this person's file (id or unique name)"
    )
    r.add_argument("--save", action="store_true", help="with --to: store the letter in the client's file")

    b = sub.add_parser("batch", help="mail merge: one letter per CSV row")
    b.add_argument("template")
    b.add_argument("--csv", required=True, metavar="FILE")
    b.add_argument("--out-dir", required=True, metavar="DIR")
    b.add_argument("--format", choices=("pdf", "txt"), default="pdf")
    b.add_argument("--name-field", default="recipient_name", metavar="FIELD")
    b.add_argument("--font", metavar="FAMILY")
    b.add_argument("--paper", choices=PAPER_NAMES)
    b.add_argument("--tint", choices=TINTS, help="cream fills the page; none leaves it white for printing")
    b.add_argument("--lang", default=None)
    b.add_argument("--check", action="store_true", help="check every letter; write only the clean ones")
    b.add_argument("--force", action="store_true", help="with --check: write rows with issues too")
    b.add_argument("--dry-run", action="store_true", help="render (and check) every row, write nothing")
    b.add_argument("--report", metavar="FILE.csv|FILE.json", help="one line per row: status, file, issues")
    b.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD", help="COLUMN= ignores it")
    b.add_argument("--default", action="append", default=[], metavar="FIELD=VALUE", help="for blank cells")
    b.add_argument("--encoding", metavar="ENC", help="the CSV's encoding (default UTF-8), e.g. cp1252")
    b.add_argument("--vary", action="store_true", help="each row its own wording, stable from its name")
    b.add_argument("--overwrite", action="store_true", help="replace files already in --out-dir")
    b.add_argument(
        "--envelopes",
        nargs="?",
        const="per-row",
        choices=("per-row", "one-file"),
        help="an envelope for each letter, from the rows' address columns (one-file: envelopes.pdf)",
    )
    b.add_argument("--return-address", metavar="ADDRESS.json", help="with --envelopes: the sender's address")

    d = sub.add_parser("doctor", help="report what Letterwriter found on this machine")
    d.add_argument("--json", action="store_true")

    c = sub.add_parser("check", help="check a text's grammar and spelling with LanguageTool")
    c.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    c.add_argument("--json", action="store_true")
    c.add_argument("--lang", default=None)
    c.add_argument("--accept", action="append", default=[], metavar="WORD")
    c.add_argument("--picky", action="store_true")
    c.add_argument("--server", metavar="URL")

    dr = sub.add_parser("drafts", help="letters the window autosaved: list, show, export, discard")
    dsub = dr.add_subparsers(dest="drafts_action", parser_class=_Parser, required=True)
    x = dsub.add_parser("list", help="every autosaved draft: id, template, recipient, updated, words")
    x.add_argument("--json", action="store_true")
    x = dsub.add_parser("show", help="a draft's letter text (or all of it as JSON)")
    x.add_argument("id")
    x.add_argument("--json", action="store_true")
    x = dsub.add_parser("export", help="write a draft as .letter, .txt or .pdf (by extension)")
    x.add_argument("id")
    x.add_argument("-o", "--output", required=True, metavar="FILE")
    x = dsub.add_parser("discard", help="delete a draft")
    x.add_argument("id")

    lt = sub.add_parser("languagetool", help="install, start, stop or query the LanguageTool server")
    lt.add_argument("action", choices=("install", "start", "stop", "status", "serve"))
    lt.add_argument("--json", action="store_true")
    lt.add_argument("--port", type=int, metavar="N", help="with serve: the port other desks use")
    lt.add_argument(
        "--host",
        metavar="ADDRESS",
        default="127.0.0.1",
        help="with serve: 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every address)",
    )
    _add_archive_parsers(sub)
    add_anthology_parser(sub)
    from letterwriter.cli.envelope import add_parser as add_envelope_parser

    add_envelope_parser(sub)
    return p


def _add_archive_parsers(sub) -> None:
    """The client archive's commands: clients, letters, upcoming, archive."""
    cl = sub.add_parser("clients", help="the clients, their people, dates and memories")
    cls = cl.add_subparsers(dest="action", parser_class=_Parser, required=True)
    a = cls.add_parser("add", help="add a client from CLIENT.json; prints the new id")
    a.add_argument("--data", required=True, metavar="CLIENT.json")
    a.add_argument("--json", action="store_true")
    a.add_argument(
        "--duplicate",
        action="store_true",
        help="add it even if a client of the same name is there (by default that is refused)",
    )
    ls = cls.add_parser("list", help="list the clients")
    ls.add_argument("--search", metavar="TEXT")
    ls.add_argument("--removed", action="store_true", help="the removed clients and people instead")
    ls.add_argument("--json", action="store_true")
    e = cls.add_parser("edit", help="change a client's file from PATCH.json: people, dates, memories")
    e.add_argument("client", metavar="CLIENT", help="id or a unique name")
    e.add_argument("--data", required=True, metavar="PATCH.json")
    e.add_argument("--json", action="store_true")
    e.add_argument(
        "--if-version",
        type=int,
        metavar="N",
        help='only if the file is still at this version (clients show --json\'s "version"): '
        "another writer's change since is not undone",
    )
    rm = cls.add_parser("remove", help="move a client, with their letters, to the removed list")
    rm.add_argument("client", metavar="CLIENT", help="id or a unique name")
    rs = cls.add_parser("restore", help="bring a removed client or person back, with their letters")
    rs.add_argument("client", metavar="CLIENT", help="a removed client's or person's id or name")
    sh = cls.add_parser("show", help="a client's file: people, dates, memories, letters")
    sh.add_argument("client", metavar="CLIENT", help="id or a unique name")
    sh.add_argument("--json", action="store_true")

    le = sub.add_parser("letters", help="the letters in the archive")
    les = le.add_subparsers(dest="action", parser_class=_Parser, required=True)
    ll = les.add_parser("list", help="letters, newest first")
    ll.add_argument("--client", metavar="CLIENT")
    ll.add_argument("--to", metavar="PERSON")
    ll.add_argument("--writer", metavar="NAME", help="only the letters this writer wrote")
    ll.add_argument(
        "--search", metavar="TEXT", help="words in the text, client, recipient or occasion; or a date"
    )
    ll.add_argument("--json", action="store_true")
    lsh = les.add_parser("show", help="one letter's text (or JSON)")
    lsh.add_argument("id", metavar="ID")
    lsh.add_argument("--json", action="store_true")
    lex = les.add_parser("export", help="draw a stored letter again, as it was exported (.pdf or .txt)")
    lex.add_argument("id", metavar="ID")
    lex.add_argument("-o", "--output", required=True, metavar="FILE")

    up = sub.add_parser("upcoming", help="birthdays, anniversaries and other dates coming up")
    up.add_argument("--days", type=int, default=None, metavar="N", help="default 30 (with --ics: every date)")
    up.add_argument("--json", action="store_true")
    up.add_argument("--ics", metavar="FILE.ics", help="write the dates as a calendar file instead")
    up.add_argument(
        "--remind-days", type=int, default=7, metavar="N", help="with --ics: a reminder N days before"
    )

    ar = sub.add_parser(
        "archive", help="move a whole archive in or out as one JSON file, or onto a PostgreSQL server"
    )
    ar.add_argument("action", choices=("export", "import", "migrate"))
    ar.add_argument("file", metavar="FILE.json", nargs="?", help="with export and import")
    ar.add_argument(
        "--to", metavar="postgresql://HOST:PORT/DBNAME", help="with migrate: the empty archive to copy into"
    )
