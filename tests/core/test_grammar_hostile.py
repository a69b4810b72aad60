"""A LanguageTool server that answers wrongly: never "no issues" unless the text was checked.

Each case is a fake server on 127.0.0.1 (tests/fakelt.py) and the real command line:
an answer whose matches cannot be read, a body that drips one byte a second, a 2 GB answer.
All are "the grammar service is unavailable" (exit 3) in one plain line, within the check's
time, having read no more than the size limit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli

pytestmark = pytest.mark.core
FAKE = str(Path(__file__).resolve().parent.parent / "fakelt.py")


@pytest.fixture
def fake(tmp_path):
    """Start a fake server in a mode; stopped after the test."""
    started = []

    def start(mode: str, *extra: str) -> str:
        from letterwriter.languagetool.process import ServerProcess

        server = ServerProcess(
            run_dir=tmp_path / mode, command=[sys.executable, FAKE, "{port}", mode, *extra]
        )
        server.spawn()
        started.append(server)
        return server.wait_ready(timeout=30)

    yield start
    for server in started:
        server.stop()


def _unavailable(r: subprocess.CompletedProcess, words: str) -> None:
    assert r.returncode == 3, (r.returncode, r.stdout, r.stderr)
    assert r.stderr.count("error:") == 1 and "Traceback" not in r.stderr, r.stderr
    assert words in r.stderr, r.stderr
    assert r.stdout == "", "nothing may look like a result"


@pytest.mark.parametrize(
    "mode", ["empty-match", "wrong-types", "no-offsets", "far-offset", "minus-offset", "not-a-list"]
)
def test_matches_that_cannot_be_read_are_unavailable_never_clean(fake, mode):
    url = fake(mode)
    r = run_cli("check", "-", "--server", url, input="He go to school.")
    _unavailable(r, "not a LanguageTool reply")
    r = run_cli("check", "-", "--json", "--server", url, input="He go to school.")
    _unavailable(r, "not a LanguageTool reply")


def test_an_answer_that_drips_one_byte_a_second_is_timed_out_as_a_whole(fake, isolated_home):
    (isolated_home / "settings.json").write_text('{"check_timeout_s": 2}')
    url = fake("drip")
    # the subprocess limit only catches a hang: the body alone would take about 300 s
    r = run_cli("check", "-", "--server", url, input="He go to school.", timeout=60)
    _unavailable(r, "did not answer in 2 s")


@pytest.mark.parametrize("mode", ["huge", "huge-declared"])
def test_a_two_gigabyte_answer_is_refused_while_reading(fake, tmp_path, mode):
    sent_log = tmp_path / "sent"
    url = fake(mode, str(sent_log))
    r = run_cli("check", "-", "--server", url, input="He go to school.", timeout=120)
    _unavailable(r, "too big to read")
    for _ in range(100):  # the server notes what it sent once the client has gone
        if sent_log.exists() and sent_log.read_text():
            break
        __import__("time").sleep(0.1)
    sent = int(sent_log.read_text())
    assert sent < 256 * 1024**2, f"{sent:,} bytes went out before the client stopped reading"


def _unshare_ok() -> bool:
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.mark.skipif(not _unshare_ok(), reason="unshare -m is not permitted here")
def test_a_read_only_languagetool_folder_is_unavailable_in_plain_words(tmp_path):
    """The folder on a read-only disk (a bind mount, in a private mount namespace)."""
    from helpers import REAL_LT_DIR, ROOT

    lt, keep = tmp_path / "lt", tmp_path / "keep"
    lt.mkdir()
    keep.mkdir()
    (lt / "6.8").symlink_to(Path(REAL_LT_DIR) / "6.8")
    script = f"""
        set -u
        mount --bind {lt} {lt} && mount -o remount,ro,bind {lt} || exit 99
        export LETTERWRITER_LANGUAGETOOL_DIR={lt}
        echo 'He go to school.' | {sys.executable} -m letterwriter check - >{keep}/out 2>{keep}/err
        echo $? >{keep}/rc
    """
    r = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "bash", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    err = (keep / "err").read_text()
    assert (keep / "rc").read_text().strip() == "3", err
    assert err.count("error:") == 1 and "Traceback" not in err, err
    assert "read-only" in err and f"LanguageTool folder {lt}" in err, err
    assert "Read-only file system" not in err and "Errno" not in err, err
