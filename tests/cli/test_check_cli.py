"""`letterwriter check`, `render --check` and the shared server, as a user runs them."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from helpers import call_cli, run_cli

pytestmark = pytest.mark.lt


def test_check_json_contract(lt_url):
    text = "We laughed 😂 so much. I recieve your leter yesterday."
    r = call_cli("check", "-", "--json", "--server", lt_url, input=text)
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["language"] == "en-US"
    first = data["issues"][0]
    assert set(first) == {
        "offset",
        "length",
        "utf16_offset",
        "utf16_length",
        "message",
        "short_message",
        "rule_id",
        "category",
        "issue_type",
        "replacements",
        "context",
    }
    assert text[first["offset"] : first["offset"] + first["length"]] == "recieve"
    assert first["utf16_offset"] == first["offset"] + 1


def test_check_clean_file_exits_0(lt_url, tmp_path):
    f = tmp_path / "clean.txt"
    f.write_text("Thank you for the lovely dinner.\n")
    r = call_cli("check", str(f), "--server", lt_url)
    assert r.returncode == 0, r.stdout + r.stderr


def test_accept_and_language(lt_url):
    r = call_cli(
        "check",
        "-",
        "--server",
        lt_url,
        "--accept",
        "Bramblewick",
        "--lang",
        "en-GB",
        input="My favourite colour reminds me of Bramblewick.",
    )
    assert r.returncode == 0, r.stdout
    r = call_cli("check", "-", "--server", lt_url, "--lang", "xx-YY", input="Hi.")
    assert r.returncode == 2 and "unknown language" in r.stderr


def test_render_check_writes_nothing_when_issues_unless_forced(lt_url, tmp_path):
    out = tmp_path / "l.txt"
    args = [
        "render",
        "love_letter",
        "--field",
        "sender_name=Maya",
        "--field",
        "recipient_name=Sam",
        "--field",
        "memories=the nite we danced in the kitchen",
        "-o",
        str(out),
        "--check",
        "--server",
        lt_url,
    ]
    r = call_cli(*args)
    assert r.returncode == 1
    assert "'nite'" in r.stderr and "field 'memories'" in r.stderr
    assert not out.exists()
    r = call_cli(*args, "--force")
    assert r.returncode == 0 and out.exists()


def test_render_check_clean_letter_passes(lt_url, tmp_path):
    out = tmp_path / "l.pdf"
    r = call_cli(
        "render",
        "love_letter",
        "--field",
        "sender_name=Maya",
        "--field",
        "recipient_name=Sam",
        "-o",
        str(out),
        "--check",
        "--server",
        lt_url,
    )
    assert r.returncode == 0, r.stderr
    assert out.exists()


@pytest.mark.slow
def test_shared_server_is_reused_and_stops(real_lt_dir, tmp_path):
    # A folder of our own (state, locks, logs) on the real jars: no one else's server is touched.
    lt = tmp_path / "lt"
    lt.mkdir()
    (lt / "6.8").symlink_to(Path(real_lt_dir) / "6.8")
    env = {"LETTERWRITER_LANGUAGETOOL_DIR": str(lt)}
    run_cli("languagetool", "stop", env=env)
    try:
        r = run_cli("check", "-", input="He go to school.", env=env, timeout=300)
        assert r.returncode == 1, r.stderr
        status = json.loads(run_cli("languagetool", "status", "--json", env=env).stdout)
        assert status["state"] == "running"
        r = run_cli("check", "-", input="He go to school.", env=env)
        assert r.returncode == 1
        again = json.loads(run_cli("languagetool", "status", "--json", env=env).stdout)
        assert again["pid"] == status["pid"], "the second check must reuse the running server"
    finally:
        r = run_cli("languagetool", "stop", env=env)
    assert json.loads(r.stdout if r.stdout.startswith("{") else '{"stopped": true}')
    for pid in (status["pid"], status.get("java_pid")):
        if pid:
            for _ in range(50):
                try:
                    os.kill(pid, 0)
                except OSError:
                    break
                time.sleep(0.1)
            else:
                pytest.fail(f"process {pid} outlived 'languagetool stop'")


def test_a_text_over_fifty_thousand_characters_is_checked_in_pieces(lt_url, tmp_path):
    para = "We walked to the harbour together 😂 and talked about the summer at the lake."
    paras = [para] * 700
    paras[650] = "At the end I recieve your letter 👩‍👩‍👧 with joy."
    text = "\n\n".join(paras)
    assert len(text) > 50_000
    f = tmp_path / "long.txt"
    f.write_text(text, encoding="utf-8")
    r = call_cli("check", str(f), "--json", "--server", lt_url)
    assert r.returncode == 1, r.stderr
    issues = json.loads(r.stdout)["issues"]
    found = [i for i in issues if text[i["offset"] : i["offset"] + i["length"]] == "recieve"]
    assert len(found) == 1
    where = text.index("recieve")
    assert found[0]["offset"] == where
    assert found[0]["utf16_offset"] == len(text[:where].encode("utf-16-le")) // 2
