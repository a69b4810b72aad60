"""Round three of the outside hostile run (docs/hostile-round3.md): each failure it found, reproduced.

Through the real command line: a merge aimed at the program's own files, reads from outside
without a limit, answers a grammar server should never have called clean, and the database's
odd states.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import call_cli, cli_bad

pytestmark = pytest.mark.core

ROW = "recipient_name,sender_name,what_they_did\ndictionary,Ann,drove four hours to help me move\n"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_merge_into_the_user_data_folder_never_replaces_the_dictionary(isolated_home, tmp_path):
    dictionary = isolated_home / "dictionary.txt"
    dictionary.write_text("Tobias\nSiobhán\n")
    before = sha(dictionary)
    rows = tmp_path / "rows.csv"
    rows.write_text(ROW)
    link = tmp_path / "data"
    link.symlink_to(isolated_home, target_is_directory=True)
    for out_dir in (isolated_home, link):  # the folder itself, and through a link to it
        args = ("--csv", str(rows), "--out-dir", str(out_dir), "--format", "txt", "--overwrite")
        r = call_cli("batch", "thank_you", *args)
        assert r.returncode == 2, r.stderr
        assert "Letterwriter's own personal dictionary" in r.stderr
        assert sha(dictionary) == before


def test_the_merge_report_never_replaces_settings_or_the_merge_input(isolated_home, tmp_path):
    settings = isolated_home / "settings.json"
    settings.write_text(json.dumps({"paper": "a4"}))
    rows = tmp_path / "rows.csv"
    rows.write_text(ROW.replace("dictionary", "Sam"))
    out = str(tmp_path / "out")
    cli_bad(
        "batch", "thank_you", "--csv", str(rows), "--out-dir", out, "--report", str(settings),
        words="Letterwriter's own settings",
    )  # fmt: skip
    assert json.loads(settings.read_text()) == {"paper": "a4"}
    own = ("--csv", str(rows), "--out-dir", out, "--report", str(rows))
    cli_bad("batch", "thank_you", *own, words="own input")
    assert rows.read_text().startswith("recipient_name,")
    assert not (tmp_path / "out").exists()  # refused before anything was written


def _capped(*args: str, env: dict | None = None, stdin=None, input: str | None = None, timeout: float = 120):
    """`letterwriter ARGS` in a child whose memory is capped at 1 GB, so a read without a limit
    fails there (out of memory) instead of taking the machine's."""
    import resource
    import subprocess
    import sys

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "letterwriter", *args],
        env={**os.environ, **(env or {})},
        stdin=stdin if stdin is not None or input is not None else subprocess.DEVNULL,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=cap,
    )


def test_reads_from_outside_stop_at_their_limit(tmp_path):
    r = _capped("check", "/dev/zero", "--server", "http://127.0.0.1:1")
    assert r.returncode == 2 and "over 4 MB" in r.stderr, r.stderr
    with open("/dev/zero", "rb") as endless:  # standard input that never ends
        r = _capped("check", "-", "--server", "http://127.0.0.1:1", stdin=endless)
    assert r.returncode == 2 and "over 4 MB" in r.stderr, r.stderr
    r = _capped("envelope", "--data", "/dev/zero", "-o", str(tmp_path / "env.pdf"))
    assert r.returncode == 2 and "over 1 MB" in r.stderr, r.stderr
    assert not (tmp_path / "env.pdf").exists()


def test_a_server_state_file_that_is_a_fifo_or_endless_is_stale(tmp_path):
    lt = tmp_path / "lt"
    lt.mkdir()
    env = {"LETTERWRITER_LANGUAGETOOL_DIR": str(lt)}
    os.mkfifo(lt / "server.json")  # opened for reading, it would wait for a writer forever
    r = _capped("languagetool", "status", env=env, timeout=30)
    assert r.returncode == 0 and "stopped" in r.stdout, (r.stdout, r.stderr)
    (lt / "server.json").unlink(missing_ok=True)
    (lt / "server.json").symlink_to("/dev/zero")
    r = _capped("languagetool", "status", env=env, timeout=30)
    assert r.returncode == 0 and "stopped" in r.stdout, (r.stdout, r.stderr)


@pytest.fixture
def fake(tmp_path):
    """A fake LanguageTool (tests/fakelt.py) in a mode; stopped after the test."""
    import sys

    from letterwriter.languagetool.process import ServerProcess

    fakelt = str(Path(__file__).resolve().parent.parent / "fakelt.py")
    started = []

    def start(mode: str) -> str:
        server = ServerProcess(run_dir=tmp_path / mode, command=[sys.executable, fakelt, "{port}", mode])
        server.spawn()
        started.append(server)
        return server.wait_ready(timeout=30)

    yield start
    for server in started:
        server.stop()


@pytest.mark.parametrize(
    "mode, words",
    [
        ("incomplete", "checked only part of the text"),  # LanguageTool's own time limit cut it short
        ("german", "not as English"),
        ("deep", "nested too deeply"),  # was exit 2, "the input is nested too deeply"
        ("many-suggestions", "more matches or suggestions"),  # 34 MB that took 615 MB to parse
    ],
)
def test_an_answer_that_is_not_a_whole_english_check_is_unavailable_never_clean(fake, mode, words):
    r = _capped("check", "-", "--server", fake(mode), input="He go to school.")
    assert r.returncode == 3, (r.returncode, r.stdout, r.stderr)
    assert words in r.stderr and r.stderr.count("error:") == 1, r.stderr
    assert r.stdout == ""


def test_what_a_server_says_never_reaches_the_terminal_as_escapes(fake):
    r = call_cli("check", "-", "--server", fake("escapes"), input="He go to school.")
    assert r.returncode == 1, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "\\u001b]2;PWNED" in r.stdout  # shown, not run


@pytest.mark.parametrize("value", [1e308, -5, 0, "99999999999999999999999"])
def test_a_check_timeout_out_of_range_is_a_warning_and_the_default(isolated_home, value):
    (isolated_home / "settings.json").write_text(json.dumps({"check_timeout_s": value}))
    r = call_cli("check", "-", "--server", "http://127.0.0.1:1", input="He go to school.")
    assert r.returncode == 3, r.stderr  # refused connection: the check ran, with 30 s
    assert "'check_timeout_s' should be a whole number from 1 to 3,600" in r.stderr
    assert "unexpected" not in r.stderr  # 1e308 was "unexpected OverflowError", exit 2


def _a_draft(home: Path) -> str:
    from letterwriter.draft import Draft
    from letterwriter.storage.drafts import DraftRecord, DraftStore
    from letterwriter.templates import library

    draft = Draft(library(), "birthday", {"sender_name": "Ada", "recipient_name": "Marguerite"})
    store = DraftStore.open(home / "letterwriter.db")
    store.put_draft(
        DraftRecord(
            id=draft.id,
            template="birthday",
            content=draft.dumps(),
            letter_text=draft.text,
            recipient="\x1b[2JEve\u202e",  # as a damaged or hand-edited database may hold it
        )
    )
    store.close()
    return draft.id


def _without_dac_override(*args: str) -> subprocess.CompletedProcess:
    """As root without CAP_DAC_OVERRIDE: file permissions apply as to any user."""
    drop = "-dac_override,-dac_read_search"
    cmd = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}", sys.executable, "-m", "letterwriter"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=120)


def test_a_draft_in_a_read_only_database_is_not_discarded_and_says_why(isolated_home):
    draft_id = _a_draft(isolated_home)
    db = isolated_home / "letterwriter.db"
    db.chmod(0o444)  # the folder is writable, so SQLite opens it and fails only at the write
    try:
        r = _without_dac_override("drafts", "discard", draft_id)
        listed = _without_dac_override("drafts", "list")
    finally:
        db.chmod(0o644)
    assert r.returncode == 2 and "cannot be discarded" in r.stderr, r.stderr
    assert "unexpected" not in r.stderr and r.stderr.count("\n") == 1
    assert draft_id in listed.stdout


def test_drafts_list_shows_escapes_in_the_database_as_text(isolated_home):
    _a_draft(isolated_home)
    r = call_cli("drafts", "list")
    assert r.returncode == 0 and "\x1b" not in r.stdout and "\u202e" not in r.stdout
    assert "\\u001b[2JEve" in r.stdout


def test_a_database_that_is_a_link_to_nothing_or_unreadable_is_an_error_never_a_fresh_one(isolated_home):
    db = isolated_home / "letterwriter.db"
    db.symlink_to("/nonexistent/archive/letterwriter.db")  # the archive on a disk not mounted
    r = call_cli("clients", "list")
    assert r.returncode == 2 and "which is not there" in r.stderr, r.stderr
    assert not (isolated_home / "letterwriter.fresh.db").exists()
    db.unlink()
    assert call_cli("clients", "list").returncode == 0  # a real database again
    db.chmod(0o000)
    try:
        r = _without_dac_override("clients", "list")
    finally:
        db.chmod(0o644)
    assert r.returncode == 2 and "permission denied" in r.stderr, r.stderr
    assert not (isolated_home / "letterwriter.fresh.db").exists()


def test_letters_show_on_a_terminal_shows_an_imported_letters_escapes_as_text(isolated_home, tmp_path):
    import pty

    client = tmp_path / "client.json"
    client.write_text(json.dumps({"name": "Ada Byrne", "people": [{"name": "Tobias"}]}))
    call_cli("clients", "add", "--data", str(client))
    call_cli("render", "anniversary", "--to", "Tobias", "--save")
    export = tmp_path / "archive.json"
    call_cli("archive", "export", str(export))
    doc = json.loads(export.read_text())
    letter = doc["tables"]["letters"][0]
    letter["rendered_text"] = "Dear Tobias,\n\x1b]2;PWNED\x07\x1b[2Jlove\u202e\n"
    export.write_text(json.dumps(doc))
    assert call_cli("archive", "import", str(export)).returncode == 0
    piped = call_cli("letters", "show", letter["id"])
    assert piped.stdout == letter["rendered_text"]  # to a file or a pipe: exactly as stored
    primary, secondary = pty.openpty()
    try:
        r = subprocess.run(
            [sys.executable, "-m", "letterwriter", "letters", "show", letter["id"]],
            stdout=secondary,
            stderr=subprocess.PIPE,
            timeout=120,
        )
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert r.returncode == 0, r.stderr
    assert b"\x1b" not in shown and b"\x07" not in shown
    assert b"\\u001b]2;PWNED" in shown and b"Dear Tobias," in shown


def _workbook(path: Path, rows_xml: str, shared: list[str] | None = None) -> Path:
    """A workbook whose sheet holds the header row and `rows_xml` exactly as given (as a generator
    or a damaged file may have written it), with `shared` as its shared strings."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["recipient_name", "sender_name", "what_they_did"])
    book.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    head = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for c, h in zip("ABC", ("recipient_name", "sender_name", "what_they_did"), strict=True)
    )
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{ns}"><sheetData><row r="1">{head}</row>{rows_xml}</sheetData></worksheet>'
    ).encode()
    if shared is not None:
        items = "".join(f"<si><t>{t}</t></si>" for t in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{ns}">{items}</sst>'.encode()
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdS" Type="{rel}" Target="sharedStrings.xml"/>'.encode()
            + b"</Relationships>",
        )
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _row(n: int, name: str, kind: str = 'inlineStr"><is><t>{}</t></is>') -> str:
    first = f'<c r="A{n}" t="{kind.format(name)}</c>'
    rest = "".join(
        f'<c r="{c}{n}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in (("B", "Ann"), ("C", "helped"))
    )
    return f'<row r="{n}">{first}{rest}</row>'


@pytest.mark.parametrize(
    "rows, words",
    [
        (_row(3, "Third") + _row(2, "Second"), "row 2 comes after row 3"),  # openpyxl dropped Second
        (_row(2, "Dup1") + _row(2, "Dup2"), "row 2 appears twice"),  # and Dup2
    ],
)
def test_a_sheet_whose_rows_are_out_of_order_is_refused_never_a_row_dropped(tmp_path, rows, words):
    book = _workbook(tmp_path / "book.xlsx", rows)
    cli_bad("batch", "thank_you", "--csv", str(book), "--out-dir", str(tmp_path / "out"), words=words)
    assert not (tmp_path / "out").exists()


def test_a_shared_string_numbered_minus_one_is_damage_not_the_last_string(tmp_path):
    book = _workbook(tmp_path / "book.xlsx", _row(2, "-1", 's"><v>{}</v>'), shared=["Zed"])
    out = tmp_path / "out"
    cli_bad("batch", "thank_you", "--csv", str(book), "--out-dir", str(out), words="shared string -1")
    assert not (out / "Zed.txt").exists() and not (out / "Zed.pdf").exists()


def test_a_password_in_a_grammar_servers_url_is_never_shown(isolated_home):
    (isolated_home / "settings.json").write_text(
        json.dumps({"lt_server_url": "http://ada:s3cret@127.0.0.1:1"})
    )
    r = call_cli("check", "-", input="He go to school.")
    assert r.returncode == 3 and "127.0.0.1:1" in r.stderr, r.stderr
    assert "s3cret" not in r.stderr
    r = call_cli("doctor", "--json")
    assert "127.0.0.1:1" in r.stdout and "s3cret" not in r.stdout


def test_a_draft_discarded_by_another_program_meanwhile_is_not_said_discarded(isolated_home, monkeypatch):
    import sqlite3

    from letterwriter.storage.drafts import DraftStore

    draft_id = _a_draft(isolated_home)
    found = DraftStore.find_drafts

    def found_then_gone(self, prefix):
        rows = found(self, prefix)
        with sqlite3.connect(isolated_home / "letterwriter.db") as other:  # a second `drafts discard`
            other.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        return rows

    monkeypatch.setattr(DraftStore, "find_drafts", found_then_gone)
    line = cli_bad("drafts", "discard", draft_id, words="discarded meanwhile")
    assert "discarded draft" not in line


def test_an_import_never_moves_a_person_to_another_client(isolated_home, tmp_path):
    client = tmp_path / "client.json"
    client.write_text(json.dumps({"name": "Ada Byrne", "people": [{"name": "Tobias"}]}))
    call_cli("clients", "add", "--data", str(client))
    assert call_cli("render", "anniversary", "--to", "Tobias", "--save").returncode == 0
    export = tmp_path / "archive.json"
    call_cli("archive", "export", str(export))
    doc = json.loads(export.read_text())
    other = dict(doc["tables"]["clients"][0], id="0123456789ab", name="Eve Other")
    doc["tables"] = {"clients": [other], "people": [dict(doc["tables"]["people"][0], client_id=other["id"])]}
    export.write_text(json.dumps(doc))  # Tobias, by his id, now under another client
    cli_bad("archive", "import", str(export), words="already in this archive with client_id")
    shown = json.loads(call_cli("clients", "show", "Ada Byrne", "--json").stdout)
    assert [p["name"] for p in shown["people"]] == ["Tobias"]
    assert json.loads(call_cli("clients", "list", "--json").stdout)[0]["name"] == "Ada Byrne"
    assert len(json.loads(call_cli("clients", "list", "--json").stdout)) == 1  # nothing imported
