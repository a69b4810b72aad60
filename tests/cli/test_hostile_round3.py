"""Round three of the outside hostile run (docs/hostile-round3.md): each failure it found, reproduced.

Through the real command line: a merge aimed at the program's own files, reads from outside
without a limit, answers a grammar server should never have called clean, and the database's
odd states.
"""

from __future__ import annotations

import hashlib
import json
import os
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
