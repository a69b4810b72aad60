"""render --to --check --save against the real LanguageTool server: only checked letters are filed as such."""

from __future__ import annotations

import json

import pytest
from helpers import call_cli
from test_archive_cli import CLIENT, ok

pytestmark = pytest.mark.lt


@pytest.fixture
def ada(tmp_path):
    f = tmp_path / "client.json"
    f.write_text(json.dumps(CLIENT), encoding="utf-8")
    return ok("clients", "add", "--data", str(f)).stdout.strip()


def test_render_check_save_stores_checked_letters_only(ada, lt_url):
    r = call_cli("render", "anniversary", "--to", "Tobias", "--check", "--server", lt_url, "--save")
    assert r.returncode == 0, r.stderr
    lid = r.stderr.split("saved letter ")[1].split()[0]
    assert json.loads(ok("letters", "show", lid, "--json").stdout)["status"] == "checked"
    typo = ["render", "anniversary", "--to", "Tobias", "--field", "memories=teh rain at the church"]
    r = call_cli(*typo, "--check", "--server", lt_url, "--save")
    assert r.returncode == 1 and "saved letter" not in r.stderr  # nothing written, nothing filed
    assert len(json.loads(ok("letters", "list", "--json").stdout)) == 1
    r = call_cli(*typo, "--check", "--force", "--server", lt_url, "--save")
    assert r.returncode == 0, r.stderr
    lid = r.stderr.split("saved letter ")[1].split()[0]
    assert json.loads(ok("letters", "show", lid, "--json").stdout)["status"] == "draft"
