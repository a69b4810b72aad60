"""language-tool-python in use: what the wrapper promises beyond the library (docs/grammar.md).

Checks go through the library's own client, on a scripted server (tests/fakelt.py) or a
scripted transport: no process started and nothing downloaded or written in the library's
cache; no proxy for 127.0.0.1 but one for a team's server; offsets exact even when the
library's `Match` corrects them with another thread's astral-character table.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from pathlib import Path

import psutil
import pytest

from letterwriter.grammar import Checker
from letterwriter.issue import utf16_len
from letterwriter.languagetool import wire
from letterwriter.languagetool.process import ServerProcess

pytestmark = pytest.mark.core
FAKE = str(Path(__file__).resolve().parent.parent / "fakelt.py")


@pytest.fixture
def good_server(tmp_path):
    server = ServerProcess(run_dir=tmp_path / "fake", command=[sys.executable, FAKE, "{port}", "good"])
    server.spawn()
    try:
        yield server.wait_ready(timeout=30)
    finally:
        server.stop()


def test_a_check_through_the_library_starts_nothing_and_downloads_nothing(good_server, tmp_path, monkeypatch):
    cache = tmp_path / "ltp-cache"
    cache.mkdir()
    monkeypatch.setenv("LTP_PATH", str(cache))  # where the library would download to
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    issues = Checker(good_server, timeout=10).check("He go to school.")
    assert [(i.offset, i.length, i.rule_id) for i in issues] == [(3, 2, "HE_VERB_AGR")]
    assert issues[0].short_message == "Grammatical problem" and issues[0].replacements == ["goes", "went"]
    assert {p.pid for p in me.children(recursive=True)} == before, "the library started a process"
    assert list(cache.iterdir()) == [], "the library wrote into its cache folder"


def test_no_proxy_for_our_own_server(good_server, monkeypatch):
    for var in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    issues = Checker(good_server, timeout=10).check("He go to school.")
    assert [i.rule_id for i in issues] == ["HE_VERB_AGR"]


def test_a_team_server_is_reached_through_the_proxy(good_server, monkeypatch):
    monkeypatch.setenv("http_proxy", good_server)  # the fake answers as a proxy would
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    issues = Checker("http://languagetool.example.invalid/", timeout=10).check("He go to school.")
    assert [i.rule_id for i in issues] == ["HE_VERB_AGR"]


def test_importing_the_checks_changes_no_environment():
    import os
    import subprocess

    code = (
        "import os, json; before = dict(os.environ); "
        "import letterwriter.grammar, letterwriter.grammar.client, letterwriter.languagetool.shared; "
        "print(json.dumps(dict(os.environ) == before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert out.stdout.strip() == "true", out.stderr


def test_offsets_come_from_the_answer_not_from_the_library_s_shared_table(monkeypatch):
    """The library's Match corrects offsets with a table of astral characters kept in class
    attributes, which another thread can replace at any moment (docs/grammar.md, gap 4).
    Here that table is always another text's: the issues must still be exactly placed."""
    import language_tool_python.match as ltp_match

    monkeypatch.setattr(ltp_match, "four_byte_char_positions", lambda text: list(range(0, 80, 2)))
    texts = ["😀" * 40 + " He go to school.", "plain words " * 6 + "He go 𝔘 to school."]

    def fetch(url, data=None, *, timeout, max_bytes=wire.MAX_ANSWER_BYTES):
        if url.endswith("/languages"):
            return json.dumps([{"name": "English", "code": "en", "longCode": "en-US"}]).encode()
        text = dict(urllib.parse.parse_qsl(data.decode()))["text"]
        i = text.index("go")
        match = {
            "offset": utf16_len(text[:i]),
            "length": 2,
            "message": "m",
            "replacements": [{"value": "goes"}],
            "context": {"text": text[:40], "offset": 0, "length": 2},
            "rule": {"id": "HE_VERB_AGR", "issueType": "grammar", "category": {"id": "GRAMMAR"}},
        }
        return json.dumps({"matches": [match]}).encode()

    monkeypatch.setattr(wire, "fetch", fetch)
    checker = Checker("http://127.0.0.1:9", timeout=5)
    for text in texts:
        issues = checker.check(text)
        assert [i.word(text) for i in issues] == ["go"]
        assert issues[0].utf16_offset == utf16_len(text[: text.index("go")])
