"""The hostile-input corpus: each case is a command line, the files it finds, and what must come out.

A case gives the arguments (`{d}` is the case's own folder, `{home}` the user data folder),
the files to create first (bytes, text, or a callable that makes something odd), the exit
code, the gist of the message (a regex searched in stderr) and checks of the files after.
test_hostile.py runs them; docs/reliability.md counts them by class.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from typing import Any

# love_letter needs these two; everything else is optional
OK = {"sender_name": "Theodore", "recipient_name": "Catherine"}
RENDER = ["render", "love_letter", "--data", "{d}/b.json"]
AB = ["render", "love_letter", "--field", "sender_name=A", "--field", "recipient_name=B"]
HEADER = '{{#\ntitle = "Mine"\ncommon = ["sender_name", "recipient_name"]\n{extra}\n#}}\n'


@dataclass
class Case:
    cls: str  # the class in docs/reliability.md
    id: str
    argv: list[str]
    code: int
    gist: str = ""  # regex that stderr must contain ("" : no error line expected)
    files: dict[str, Any] = field(default_factory=dict)  # relative path (d/ or home/) -> content
    after: list[tuple] = field(default_factory=list)
    stdin: bytes | None = None
    stdout: str | None = None  # regex stdout must contain
    stdout_not: str | None = None  # regex stdout must not contain


def brief(**values: Any) -> str:
    return json.dumps({**OK, **values})


def b(id_: str, data: Any, code: int, gist: str = "", cls: str = "brief files (--data)", **kw) -> Case:
    """A render of love_letter with `data` as its brief file."""
    return Case(cls, id_, RENDER, code, gist, files={"d/b.json": data}, **kw)


def user_template(body: str, extra: str = "") -> str:
    return HEADER.format(extra=extra) + body


def mkfifo(path: str) -> None:
    os.mkfifo(path)


def symlink_to(target: str):
    def make(path: str) -> None:
        os.symlink(target, path)

    return make


def chardev(major: int, minor: int):
    """A device node in the case's own folder: a regression then replaces it, never the real /dev/full."""

    def make(path: str) -> None:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))

    return make


def folder(path: str) -> None:
    os.mkdir(path)


def dead_pid() -> int:
    import subprocess

    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


CASES: list[Case] = []
add = CASES.append

# --- brief files (--data) ---------------------------------------------------------------
for id_, data, gist in [
    ("empty file", "", "invalid JSON"),
    ("truncated object", '{"sender_name": "A"', "invalid JSON"),
    ("trailing comma", '{"sender_name": "A",}', "invalid JSON"),
    ("a list", "[1, 2]", "must be a JSON object"),
    ("a string", '"hello"', "must be a JSON object"),
    ("null", "null", "must be a JSON object"),
    ("a number", "42", "must be a JSON object"),
    ("5000-digit number", '{"sender_name": ' + "9" * 5000 + "}", "number .* far too long"),
    ("100000-deep array", '{"a": ' + "[" * 100000 + "]" * 100000 + "}", "nested too deeply"),
    ("100000-deep object", '{"a": ' + '{"a": ' * 100000 + "1" + "}" * 100001, "nested too deeply"),
    ("latin-1 bytes", '{"sender_name": "Ren\xe9"}'.encode("latin-1"), "not UTF-8"),
    ("UTF-16 file", brief().encode("utf-16"), "not UTF-8"),
    ("random bytes", bytes(range(256)) * 8, "not UTF-8"),
    ("5 MB brief", '{"sender_name": "' + "a" * (5 * 1024 * 1024) + '"}', "over 4 MB"),
    ("lone surrogate in a value", '{"sender_name": "\\ud800", "recipient_name": "B"}', "surrogate"),
    ("lone low surrogate", '{"sender_name": "A\\udfff", "recipient_name": "B"}', "surrogate"),
    ("lone surrogate in a key", '{"\\ud800": 1}', r"unknown field '\\ud800'"),
    ("unknown field", brief(sendr_name="x"), "unknown field 'sendr_name'"),
    (
        "NaN for a number",
        '{"sender_name": "A", "recipient_name": "B", "variation": NaN}',
        "expected a number",
    ),
    ("Infinity for a number", '{"sender_name": "A", "recipient_name": "B", "variation": Infinity}', "number"),
    ("1e400 for a number", '{"sender_name": "A", "recipient_name": "B", "variation": 1e400}', "number"),
    ("1e308 for a number", brief(variation=1e308), "out of range"),
    ("true for text", brief(sender_name=True), "expected text"),
    ("object for text", brief(sender_name={"a": 1}), "expected text"),
    ("list for text", brief(sender_name=["A"]), "expected text"),
    ("number for a list item", brief(memories=[1, 2]), "list items must be text"),
    ("object for a list", brief(memories={"a": "b"}), "expected a list"),
    ("nested list", brief(memories=[["a"]]), "list items must be text"),
    ("bad choice", brief(tone="furious"), "'furious' is not one of"),
    ("choice as a number", brief(tone=3), "expected one of"),
    ("1 MB name", brief(sender_name="A" * 1_000_000), "sender_name.*2,000 characters"),
    ("2001-character name", brief(sender_name="A" * 2001), "sender_name.*limited to 2,000"),
    ("20,001-character message", brief(message="word " * 4000 + "a"), "message.*20,000"),
    ("51 list items", brief(memories=[f"memory {i}" for i in range(51)]), "at most 50 items"),
    ("200,000 list items", brief(memories=["a"] * 200_000), "at most 50 items"),
    ("2,001-character list item", brief(memories=["m" * 2001]), "each item is limited to 2,000"),
    ("date 2020-W53-7", brief(together_since="2020-W53-7"), "YYYY-MM-DD"),
    ("date 20201231", brief(together_since="20201231"), "YYYY-MM-DD"),
    ("date 2020-13-01", brief(together_since="2020-13-01"), "YYYY-MM-DD"),
    ("date 2021-02-29", brief(together_since="2021-02-29"), "YYYY-MM-DD"),
    ("date with full-width digits", brief(together_since="２０２０-01-01"), "YYYY-MM-DD"),
    ("date 2020-1-1", brief(together_since="2020-1-1"), "YYYY-MM-DD"),
    ("date with a time", brief(together_since="2020-01-01T10:00"), "YYYY-MM-DD"),
    ("date as a number", brief(together_since=20200101), "YYYY-MM-DD"),
    ("zero-width-space name", brief(recipient_name="\u200b"), "missing required field 'recipient_name'"),
    ("ZWJ and BOM only name", brief(recipient_name="\u200d\ufeff\u2060"), "missing required field"),
    ("soft hyphen only name", brief(recipient_name="\u00ad"), "missing required field"),
    ("NBSP only name", brief(recipient_name="\u00a0\u3000"), "missing required field"),
    ("NUL only name", brief(recipient_name="\x00\x00"), "missing required field"),
    ("escape-only name", brief(recipient_name="\x1b[2J\x1b[H"), "missing required field"),
]:
    add(b(id_, data, 2, gist))

# Accepted, and nothing hostile reaches the letter or the terminal.
CLEAN = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b]"
for id_, values, must in [
    ("ANSI colour in a name", {"recipient_name": "\x1b[31mCatherine\x1b[0m"}, "Catherine"),
    ("OSC title sequence", {"recipient_name": "Cat\x1b]0;pwned\x07herine"}, "Catherine"),
    ("C1 CSI in a name", {"recipient_name": "Cath\x9b31merine"}, "Catherine"),
    ("NUL bytes in a name", {"recipient_name": "Cath\x00erine"}, "Catherine"),
    ("bidi override in a name", {"recipient_name": "\u202eenirehtaC"}, "enirehtaC"),
    ("bidi isolates in a message", {"message": "I \u2066love\u2069 you."}, "I love you"),
    (
        "zero-width space around a name",
        {"recipient_name": "\u200bCatherine\u200b"},
        "\n(Dear|My|Dearest)[^\n]* Catherine,\n",
    ),
    ("CR LF in a name", {"recipient_name": "Cath\r\nerine"}, "Cath erine"),
    ("bell and backspace in a message", {"message": "Ring\x07 the\x08 bell."}, "Ring the bell"),
    ("emoji name", {"recipient_name": "Cat 🐈"}, "Cat 🐈"),
    ("Hebrew name unchanged", {"recipient_name": "שרה"}, "שרה"),
    ("combining accents composed (NFC)", {"recipient_name": "Zoe\u0308"}, "Zo\u00eb"),
    ("number for text is accepted", {"pet_name": 7}, "7"),
    ("age 1e308 kept out cleanly", {}, "Catherine"),
    ("exactly 2000-character name", {"sender_name": "A" * 2000}, "A" * 2000),
    ("20,000-character message", {"message": ("I love you. " * 1700)[:19_999] + "."}, "I love you"),
]:
    add(b(id_, brief(**values), 0, "", cls="values cleaned", stdout=must, stdout_not=CLEAN))

add(
    Case(
        "values cleaned",
        "birthday age 1e308",
        ["render", "birthday", "--data", "{d}/b.json"],
        2,
        "age.*out of range",
        files={"d/b.json": brief(age=1e308)},
    )
)
add(
    Case(
        "values cleaned",
        "birthday age 40.0 becomes forty",
        ["render", "birthday", "--data", "{d}/b.json"],
        0,
        files={"d/b.json": brief(age=40.0)},
        stdout="(?i)fort(y|ieth)",
    )
)
add(
    Case(
        "values cleaned",
        "brief with a BOM",
        RENDER,
        0,
        files={"d/b.json": "\ufeff" + brief()},
        stdout="Catherine",
    )
)
add(
    Case(
        "brief files (--data)",
        "brief is a folder",
        RENDER,
        2,
        "cannot read brief .*Is a directory",
        files={"d/b.json": folder},
    )
)
add(Case("brief files (--data)", "brief is missing", RENDER, 2, "cannot read brief"))
add(
    Case(
        "brief files (--data)",
        "brief is /dev/null",
        ["render", "love_letter", "--data", "/dev/null"],
        2,
        "invalid JSON",
    )
)
add(
    Case(
        "brief files (--data)",
        "brief is an endless device",
        ["render", "love_letter", "--data", "/dev/zero"],
        2,
        "over 4 MB",
    )
)
add(
    Case(
        "brief files (--data)",
        "brief on stdin, random bytes",
        ["render", "love_letter", "--data", "-"],
        2,
        "not UTF-8",
        stdin=bytes(range(128, 256)),
    )
)
add(
    Case(
        "brief files (--data)",
        "brief on stdin, deep JSON",
        ["render", "love_letter", "--data", "-"],
        2,
        "nested too deeply",
        stdin=b"[" * 200000,
    )
)

# --- the command line itself -------------------------------------------------------------
CLI = "command-line arguments"
for id_, argv, gist in [
    ("--field without =", ["render", "love_letter", "--field", "sender_name"], "NAME=VALUE"),
    ("--field with empty name", ["render", "love_letter", "--field", "=x"], "NAME=VALUE"),
    ("--field unknown name", ["render", "love_letter", "--field", "nope=x"], "unknown field 'nope'"),
    (
        "--field name with escape",
        ["render", "love_letter", "--field", "\x1b[31m=x"],
        r"unknown field '\\u001b",
    ),
    ("--variation not a number", [*AB, "--variation", "abc"], "invalid int value"),
    ("--variation 10**30", [*AB, "--variation", "1" + "0" * 30], "out of range"),
    ("--field variation=1e308", [*AB, "--field", "variation=1e308"], "out of range"),
    ("--field variation=nan", [*AB, "--field", "variation=nan"], "expected a number"),
    ("--field variation=inf", [*AB, "--field", "variation=inf"], "expected a number"),
    ("--field variation 60 digits", [*AB, "--field", "variation=" + "9" * 60], "expected a number"),
    ("--field date 2020-W53-7", [*AB, "--field", "together_since=2020-W53-7"], "YYYY-MM-DD"),
    ("--lang unknown", [*AB, "--lang", "xx-XX"], "unknown language"),
    ("--paper a3", [*AB, "-o", "{d}/x.pdf", "--paper", "a3"], "invalid choice"),
    ("--format doc", [*AB, "--format", "doc"], "invalid choice"),
    ("unknown option", [*AB, "--bogus"], "unrecognized arguments"),
    ("unknown command", ["frobnicate"], "invalid choice"),
    ("unknown template", ["render", "no_such_letter", "--field", "a=b"], "unknown template"),
    ("no brief", ["render", "love_letter"], "needs a brief"),
    ("PDF to stdout", [*AB, "--format", "pdf"], "needs a file"),
    ("-o with no extension", [*AB, "-o", "{d}/letter"], "cannot tell the format"),
    # --field over --data's brief is allowed (issue 16); its names are still checked
    ("--data and an unknown --field", [*RENDER, "--field", "a=b"], "unknown field 'a'"),
    ("--ink transparent-ish nonsense", [*AB, "-o", "{d}/x.pdf", "--ink", "plaid"], "unknown ink"),
    ("--font that does not exist", [*AB, "-o", "{d}/x.pdf", "--font", "No Such Font 123"], "font"),
]:
    add(Case(CLI, id_, argv, 2, gist, files={"d/b.json": brief()}, after=[("absent", "d/x.pdf")]))

# --- template files and user templates ---------------------------------------------------
TPL = "template files"
for id_, argv, files, gist in [
    ("render /usr/bin/ls", ["render", "/usr/bin/ls", "--field", "a=b"], {}, "not UTF-8"),
    ("render /dev/null", ["render", "/dev/null", "--field", "a=b"], {}, "no template file"),
    ("render a folder", ["render", "{d}", "--field", "a=b"], {}, "no template file"),
    ("render a missing .j2", ["render", "{d}/nope.j2", "--field", "a=b"], {}, "no template file"),
    (
        "template without a header",
        ["render", "{d}/t.j2", "--field", "a=b"],
        {"d/t.j2": "Dear {{ x }}"},
        "no header",
    ),
    (
        "template with bad TOML",
        ["render", "{d}/t.j2", "--field", "a=b"],
        {"d/t.j2": "{# title = #}\nx"},
        "TOML",
    ),
    (
        "template of 2 MB",
        ["render", "{d}/t.j2", "--field", "a=b"],
        {"d/t.j2": "{# #}" + "x" * 2_000_000},
        "over",
    ),
    (
        "template header common = 5",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\ncommon = 5\n#}\nx'},
        "'common' must be a list",
    ),
    (
        "template header tones = []",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\ntones = []\n#}\nx'},
        "'tones' must not be empty",
    ),
    (
        "template header fields name = 5",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\n[[fields]]\nname = 5\n#}\nx'},
        "'name' must be",
    ),
    (
        "template header title = 5",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": "{#\ntitle = 5\n#}\nx"},
        "'title' must be text",
    ),
    (
        "template header fields = 3",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\nfields = 3\n#}\nx'},
        "'fields' must be a list",
    ),
    (
        "template header overrides = 1",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\noverrides = 1\n#}\nx'},
        "'overrides' must be",
    ),
    (
        "template header bad field type",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\n[[fields]]\nname = "x"\ntype = "blob"\n#}\nx'},
        "type 'blob'",
    ),
    (
        "template header choice without choices",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\n[[fields]]\nname = "x"\ntype = "choice"\n#}\nx'},
        "declares no choices",
    ),
    (
        "template header default of the wrong type",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\n[[fields]]\nname = "x"\ntype = "date"\ndefault = "soon"\n#}\nx'},
        "default is not valid",
    ),
    (
        "template header required = 'yes'",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\n[[fields]]\nname = "x"\nrequired = "yes"\n#}\nx'},
        "'required' has the wrong type",
    ),
    (
        "template header unknown common field",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\ncommon = ["nope"]\n#}\nx'},
        "unknown common field",
    ),
    (
        "template header field declared twice",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": '{#\ntitle="T"\n[[fields]]\nname = "sender_name"\n#}\nx'},
        "declared twice",
    ),
    ("template syntax error", ["render", "{d}/t.j2", *AB[2:]], {"d/t.j2": user_template("{% if %}")}, "t.j2"),
    (
        "template undefined name",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ nope }}")},
        "'nope' is undefined",
    ),
    (
        "template sandbox escape",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ ''.__class__.__mro__ }}")},
        "unsafe|undefined|not safely",
    ),
    (
        "nested range(100000)",
        ["render", "{d}/t.j2", *AB[2:]],
        {
            "d/t.j2": user_template(
                "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
            )
        },
        "range",
    ),
    (
        "nested range(10000) printing",
        ["render", "{d}/t.j2", *AB[2:]],
        {
            "d/t.j2": user_template(
                "{% for i in range(10000) %}{% for j in range(10000) %}{{ j }}{% endfor %}{% endfor %}"
            )
        },
        "over 1,000,000 characters",
    ),
    (
        "huge power 9 ** (9 ** 9)",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ 9 ** (9 ** 9) }}")},
        "power too large",
    ),
    (
        "huge power 9**9**9**9**9",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ 9**9**9**9**9 }}")},
        "power too large",
    ),
    (
        "lipsum(100000)",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ lipsum(100000) }}")},
        "lipsum",
    ),
    (
        "string times a billion",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ 'a' * 10**9 }}")},
        "repetition",
    ),
    (
        "center(10**8)",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ 'a'|center(100000000) }}")},
        "over 1,000,000",
    ),
    (
        "ljust method 10**8",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ 'a'.ljust(100000000) }}")},
        "over 1,000,000",
    ),
    (
        "format width 10**8",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ '%100000000d' % 1 }}")},
        "format width",
    ),
    (
        "str.format width 10**8",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{{ '{:>100000000}'.format(1) }}")},
        "format width",
    ),
    (
        "doubling a string with ~ in a loop",
        ["render", "{d}/t.j2", *AB[2:]],
        {
            "d/t.j2": user_template(
                "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
                "{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
            )
        },
        "over 1,000,000 characters",
    ),
    (
        "doubling a list with + in a loop",
        ["render", "{d}/t.j2", *AB[2:]],
        {
            "d/t.j2": user_template(
                "{% set ns = namespace(s=['x']) %}{% for i in range(40) %}"
                "{% set ns.s = ns.s + ns.s %}{% endfor %}"
            )
        },
        "over 1,000,000",
    ),
    (
        "recursive macro",
        ["render", "{d}/t.j2", *AB[2:]],
        {"d/t.j2": user_template("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}")},
        "too deeply",
    ),
    (
        "loop over a long string (time limit)",
        ["render", "{d}/t.j2", *AB[2:]],
        {
            "d/t.j2": user_template(
                "{% set s = 'x' * 900000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
            )
        },
        "longer than 5 s",
    ),
]:
    add(Case(TPL, id_, argv, 2, gist, files=files))

add(
    Case(
        TPL,
        "a user template writes escapes and a surrogate",
        ["render", "{d}/t.j2", *AB[2:]],
        0,
        files={"d/t.j2": user_template('Dear {{ recipient_name }}\x1b[31m, hi \\u202e{{ "\\ud800" }}.')},
        stdout="Dear B, hi",
        stdout_not=CLEAN,
    )
)
add(
    Case(
        TPL,
        "a limited range still works like range",
        ["render", "{d}/t.j2", *AB[2:]],
        0,
        files={
            "d/t.j2": user_template(
                "{{ range(5)|length }} {{ range(5)[2] }} {{ range(3)|reverse|join(',') }}"
            )
        },
        stdout="5 2 2,1,0",
    )
)
BROKEN = {
    "home/templates/bad1.txt.j2": user_template("x", "common = 5").replace(
        'common = ["sender_name", "recipient_name"]\n', ""
    ),
    "home/templates/bad2.txt.j2": '{#\ntitle = "Two"\ntones = []\n#}\nx',
    "home/templates/bad3.txt.j2": '{#\ntitle = "Three"\n[[fields]]\nname = 5\n#}\nx',
    "home/templates/bad4.txt.j2": b"{# title = \xff #}",
    "home/templates/good.txt.j2": user_template("Dear {{ recipient_name }}, yours {{ sender_name }}"),
}
add(
    Case(
        TPL,
        "templates lists the good ones past broken ones",
        ["templates"],
        0,
        "bad1.txt.j2.*\n.*bad2.txt.j2.*\n.*bad3.txt.j2.*\n.*bad4.txt.j2",
        files=BROKEN,
        stdout="love_letter.*\n(.*\n)*good",
    )
)
add(
    Case(
        TPL,
        "render a bundled template past broken ones",
        AB,
        0,
        "warning: skipped a broken template: .*bad1",
        files=BROKEN,
        stdout="B,",
    )
)
add(
    Case(
        TPL,
        "render a good user template past broken ones",
        ["render", "good", *AB[2:]],
        0,
        "bad3",
        files=BROKEN,
        stdout="Dear B, yours A",
    )
)
add(
    Case(
        TPL,
        "render a broken user template by id",
        ["render", "bad2", *AB[2:]],
        2,
        "unknown template 'bad2'",
        files=BROKEN,
    )
)
add(
    Case(
        TPL,
        "templates --json past broken ones",
        ["templates", "--json"],
        0,
        "bad4",
        files=BROKEN,
        stdout='"good"',
    )
)
add(
    Case(TPL, "doctor past broken ones", ["doctor", "--json"], 0, "", files=BROKEN, stdout="broken_templates")
)

# --- output files (-o) ----------------------------------------------------------------------
OUT = "output files (-o)"
GOOD = b"the letter from yesterday\n"
for id_, target, files, gist, after in [
    ("-o onto a folder", "{d}/x.txt", {"d/x.txt": folder}, "is a folder", [("isdir", "d/x.txt")]),
    ("-o onto a folder (pdf)", "{d}/x.pdf", {"d/x.pdf": folder}, "is a folder", [("isdir", "d/x.pdf")]),
    (
        "-o onto a device like /dev/full",
        "{d}/full",
        {"d/full": chardev(1, 7)},
        "a device",
        [("chardev", "d/full")],
    ),
    (
        "-o onto a device like /dev/null",
        "{d}/null",
        {"d/null": chardev(1, 3)},
        "a device",
        [("chardev", "d/null")],
    ),
    ("-o onto a FIFO", "{d}/x.txt", {"d/x.txt": mkfifo}, "FIFO", [("fifo", "d/x.txt")]),
    (
        "-o onto a symlink",
        "{d}/x.txt",
        {"d/real.txt": GOOD, "d/x.txt": symlink_to("real.txt")},
        "symbolic link",
        [("same", "d/real.txt"), ("link", "d/x.txt")],
    ),
    (
        "-o onto a dangling symlink",
        "{d}/x.txt",
        {"d/x.txt": symlink_to("/nonexistent/x")},
        "symbolic link",
        [("link", "d/x.txt")],
    ),
    (
        "-o onto a symlink (pdf)",
        "{d}/x.pdf",
        {"d/real.pdf": GOOD, "d/x.pdf": symlink_to("real.pdf")},
        "symbolic link",
        [("same", "d/real.pdf"), ("link", "d/x.pdf")],
    ),
    ("-o in a missing folder", "{d}/no/x.txt", {}, "folder does not exist", [("absent", "d/no")]),
    ("-o under a file", "{d}/f/x.txt", {"d/f": GOOD}, "does not exist", [("same", "d/f")]),
    ("-o 256-byte name", "{d}/" + "n" * 252 + ".txt", {}, "name is too long", [("nopart", "d")]),
]:
    fmt = ["--format", "pdf" if target.endswith(".pdf") else "txt"]
    add(Case(OUT, id_, [*AB, "-o", target, *fmt], 2, gist, files=files, after=[*after, ("nopart", "d")]))

add(
    Case(
        OUT,
        "-o 250-byte name works",
        [*AB, "-o", "{d}/" + "n" * 246 + ".txt"],
        0,
        "",
        after=[("text", "d/" + "n" * 246 + ".txt", "B,"), ("nopart", "d")],
    )
)
add(
    Case(
        OUT,
        "-o 250-byte name works (pdf)",
        [*AB, "-o", "{d}/" + "é" * 123 + ".pdf"],
        0,
        "",
        after=[("pdf", "d/" + "é" * 123 + ".pdf"), ("nopart", "d")],
    )
)
add(
    Case(
        OUT,
        "-o replaces a 0640 file and keeps 0640",
        [*AB, "-o", "{d}/x.txt"],
        0,
        "",
        files={"d/x.txt": ("mode", 0o640)},
        after=[("mode", "d/x.txt", 0o640), ("text", "d/x.txt", "B,")],
    )
)
add(
    Case(
        OUT,
        "-o replaces a 0604 PDF and keeps 0604",
        [*AB, "-o", "{d}/x.pdf"],
        0,
        "",
        files={"d/x.pdf": ("mode", 0o604)},
        after=[("mode", "d/x.pdf", 0o604), ("pdf", "d/x.pdf")],
    )
)
add(
    Case(
        OUT,
        "-o new file follows umask 022",
        [*AB, "-o", "{d}/x.txt"],
        0,
        "",
        files={"umask": 0o022},
        after=[("mode", "d/x.txt", 0o644)],
    )
)
add(
    Case(
        OUT,
        "-o new file follows umask 077",
        [*AB, "-o", "{d}/x.pdf"],
        0,
        "",
        files={"umask": 0o077},
        after=[("mode", "d/x.pdf", 0o600)],
    )
)
add(
    Case(
        OUT,
        "-o new file follows umask 002",
        [*AB, "-o", "{d}/x.pdf"],
        0,
        "",
        files={"umask": 0o002},
        after=[("mode", "d/x.pdf", 0o664)],
    )
)
add(
    Case(
        OUT,
        "stale parts of a killed export are removed, others kept",
        [*AB, "-o", "{d}/x.pdf"],
        0,
        "",
        files={
            "d/.x.pdf.lw{dead}-0123abcd.part": b"%PDF-half",
            "d/.other.txt.lw{dead}-89abcdef.part": b"half",
            "d/.x.pdf.lw{live}-00000000.part": b"%PDF-being written",
            "d/.x.pdf.mine.part": b"not ours",
            "d/x.pdf.part": b"not ours either",
        },
        after=[
            ("absent", "d/.x.pdf.lw{dead}-0123abcd.part"),
            ("absent", "d/.other.txt.lw{dead}-89abcdef.part"),
            ("exists", "d/.x.pdf.lw{live}-00000000.part"),
            ("exists", "d/.x.pdf.mine.part"),
            ("exists", "d/x.pdf.part"),
            ("pdf", "d/x.pdf"),
        ],
    )
)
add(
    Case(
        OUT,
        "a part file that is a folder is left alone",
        [*AB, "-o", "{d}/x.txt"],
        0,
        "",
        files={"d/.x.txt.lw{dead}-0123abcd.part": folder},
        after=[("isdir", "d/.x.txt.lw{dead}-0123abcd.part"), ("text", "d/x.txt", "B,")],
    )
)

# --- settings.json --------------------------------------------------------------------------
SET = "settings and user data folder"
for id_, content, gist in [
    ("font_family a list", {"font_family": ["Kristi"]}, "'font_family' should be text"),
    ("disabled_rules: [1]", {"disabled_rules": [1]}, "'disabled_rules' should be a list of text"),
    ("lt_server_url: 123", {"lt_server_url": 123}, "'lt_server_url' should be text"),
    ("picky: 'maybe'", {"picky": "maybe"}, "'picky' should be true or false"),
    ("lt_memory_mb: 'lots'", {"lt_memory_mb": "lots"}, "'lt_memory_mb' should be a whole number"),
    ("lt_idle_minutes: true", {"lt_idle_minutes": True}, "'lt_idle_minutes' should be a whole number"),
    ("paper: 'a3'", {"paper": "a3"}, "'paper' should be one of letter, a4"),
    ("language: 'xx'", {"language": "xx"}, "'language' should be one of en-US"),
    ("ink: {}", {"ink": {}}, "'ink' should be text"),
    ("settings a list", [1, 2], "not a JSON object"),
    ("settings not JSON", "{nope", "not valid JSON"),
    ("settings binary", b"\xff\xfe\x00", "not valid JSON"),
    ("settings deeply nested", "[" * 100000, "not valid JSON"),
]:
    data = content if isinstance(content, (str, bytes)) else json.dumps(content)
    add(
        Case(
            SET,
            id_,
            [*AB, "-o", "{d}/x.pdf"],
            0,
            "warning: .*" + gist,
            files={"home/settings.json": data},
            after=[("pdf", "d/x.pdf")],
        )
    )
add(
    Case(
        SET,
        "settings.json is a folder",
        AB,
        0,
        "settings.json",
        files={"home/settings.json": folder},
        stdout="B,",
    )
)
add(Case(SET, "LETTERWRITER_HOME is a file", AB, 0, "not a folder", files={"home": b"a file"}, stdout="B,"))
add(
    Case(
        SET,
        "LETTERWRITER_HOME is a file: templates",
        ["templates"],
        0,
        "",
        files={"home": b"a file"},
        stdout="love_letter",
    )
)
add(
    Case(
        SET,
        "LETTERWRITER_HOME is a file: doctor",
        ["doctor"],
        0,
        "",
        files={"home": b"a file"},
        stdout="user data",
    )
)
add(Case(SET, "LETTERWRITER_HOME missing", AB, 0, "", files={"home": None}, stdout="B,"))
