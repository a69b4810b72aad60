"""The command line on a firm's archive (a real PostgreSQL): the exit code of an unreachable archive,
passwords kept out of URLs, `letters list --writer`, `archive migrate --to` with its progress bar,
`doctor --json`."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest
from helpers import ROOT, call_cli
from pgcluster import free_port

from letterwriter.archive.schema import MIGRATIONS

pytestmark = pytest.mark.core

ADA = {
    "name": "Ada Byrne",
    "people": [
        {"name": "Tobias", "dates": {"anniversary": "1974-06-01"}, "memories": ["the rain at the church"]}
    ],
}


@pytest.fixture
def client_file(tmp_path):
    f = tmp_path / "ada.json"
    f.write_text(json.dumps(ADA))
    return f


def one_error(r, code: int) -> str:
    lines = r.stderr.strip().splitlines()
    assert r.returncode == code and len(lines) == 1 and lines[0].startswith("error: "), (
        r.returncode,
        r.stderr,
    )
    return lines[0]


def test_an_unreachable_archive_is_one_error_line_and_exit_4(pg_cluster, client_file):
    env = {"LETTERWRITER_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/firm"}
    for args in (
        ("clients", "list"),
        ("clients", "add", "--data", str(client_file)),
        ("letters", "list"),
        ("upcoming",),
        ("render", "anniversary", "--to", "Tobias", "--save"),
    ):
        line = one_error(call_cli(*args, env=env), 4)
        assert "cannot be reached" in line and "Connection refused" in line, line
    # doctor still reports (exit 0), saying why
    db = json.loads(call_cli("doctor", "--json", env=env).stdout)["database"]
    assert db["engine"] == "postgresql" and "cannot be reached" in db["status"]


def test_a_password_in_the_url_is_refused_wherever_it_is_given(pg_url, isolated_home, tmp_path):
    with_password = pg_url.replace("postgres@", "postgres:s3cret@")
    (isolated_home / "settings.json").write_text(json.dumps({"database_url": with_password}))
    for r in (
        call_cli("clients", "list"),
        call_cli("clients", "list", env={"LETTERWRITER_DATABASE_URL": with_password}),
        call_cli("archive", "migrate", "--to", with_password, env={"LETTERWRITER_DATABASE_URL": ""}),
    ):
        line = one_error(r, 2)
        assert "holds a password" in line and "s3cret" not in line and "~/.pgpass" in line


def test_writers_and_their_letters_on_the_server(pg_url, client_file, tmp_path):
    ada = {"LETTERWRITER_DATABASE_URL": pg_url, "LETTERWRITER_HOME": str(tmp_path / "ada")}
    bea = {"LETTERWRITER_DATABASE_URL": pg_url, "LETTERWRITER_HOME": str(tmp_path / "bea")}
    for env, name in ((ada, "ada"), (bea, "bea")):
        os.makedirs(env["LETTERWRITER_HOME"])
        with open(os.path.join(env["LETTERWRITER_HOME"], "settings.json"), "w") as fh:
            json.dump({"writer": name}, fh)
    assert call_cli("clients", "add", "--data", str(client_file), env=ada).returncode == 0
    save = ("render", "anniversary", "--to", "Tobias", "--save", "--field", "sender_name=Ada")
    assert call_cli(*save, "--field", "letter_date=2026-06-01", env=ada).returncode == 0
    r = call_cli(
        *save, "--field", "letter_date=2027-06-01", "--field", "memories=the rain at the church", env=bea
    )
    assert r.returncode == 0 and "was already told to Tobias" not in r.stderr  # the first letter told none
    listed = json.loads(call_cli("letters", "list", "--json", env=ada).stdout)
    assert [(x["date"], x["writer"]) for x in listed] == [("2027-06-01", "bea"), ("2026-06-01", "ada")]
    r = call_cli("letters", "list", "--writer", "ADA", env=bea)
    assert r.returncode == 0 and r.stdout.count("\n") == 1 and r.stdout.rstrip().endswith("by ada")
    r = call_cli("letters", "list", "--writer", "cy", env=bea)
    assert r.returncode == 0 and r.stdout == "" and r.stderr.strip() == "no letters by cy"
    # Ada's next letter with the same memory: told before, by Bea's letter, at once
    r = call_cli(*save, "--field", "memories=the rain at the church", env=ada)
    assert "was already told to Tobias in the letter of 2027-06-01" in r.stderr


def test_migrate_moves_the_archive_with_a_progress_bar(isolated_home, client_file, pg_url, pg_empty_url):
    assert call_cli("clients", "add", "--data", str(client_file)).returncode == 0
    for i in range(3):
        save = ("render", "anniversary", "--to", "Tobias", "--save", "--field", f"letter_date=202{i}-06-01")
        assert call_cli(*save).returncode == 0
    before = json.loads(call_cli("letters", "list", "--json").stdout)
    # at a terminal: a bar on standard error (a pty, as a person's terminal is)
    main, child = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "letterwriter", "archive", "migrate", "--to", pg_empty_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=child,
        timeout=120,
    )
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    shown = shown.decode()
    assert proc.returncode == 0, shown
    assert "[##############################] 100% search index" in shown and "\r" in shown
    assert "copied 1 clients, 1 people, 1 dates, 1 memories, 3 letters" in shown
    env = {"LETTERWRITER_DATABASE_URL": pg_empty_url}
    after = json.loads(call_cli("letters", "list", "--json", env=env).stdout)
    assert after == before
    for search in ("tobias", "2021", "byrne anniversary"):
        assert (
            call_cli("letters", "list", "--search", search, env=env).stdout
            == call_cli("letters", "list", "--search", search).stdout
        )
    # not into an archive that holds clients already; not without --to
    assert "already holds 1 clients" in one_error(call_cli("archive", "migrate", "--to", pg_empty_url), 2)
    assert "needs --to" in one_error(call_cli("archive", "migrate"), 2)
    # export from the server, import into another: across engines both ways
    out = isolated_home / "firm.json"
    assert call_cli("archive", "export", str(out), env=env).returncode == 0
    assert call_cli("archive", "import", str(out), env={"LETTERWRITER_DATABASE_URL": pg_url}).returncode == 0
    assert (
        json.loads(call_cli("letters", "list", "--json", env={"LETTERWRITER_DATABASE_URL": pg_url}).stdout)
        == after
    )


def test_doctor_json_on_the_server(pg_url, isolated_home, client_file):
    env = {"LETTERWRITER_DATABASE_URL": pg_url}
    assert call_cli("clients", "add", "--data", str(client_file), env=env).returncode == 0
    db = json.loads(call_cli("doctor", "--json", env=env).stdout)["database"]
    assert (db["engine"], db["where"], db["status"]) == ("postgresql", pg_url, "ok")
    assert db["schema_version"] == len(MIGRATIONS)
    assert db["counts"]["clients"] == 1 and db["counts"]["waiting"] == 0
    assert db["path"] == str(isolated_home / "letterwriter.db")  # the drafts stay here


def test_clients_edit_if_version_refuses_an_edit_made_on_an_older_file(pg_url, client_file, tmp_path):
    env = {"LETTERWRITER_DATABASE_URL": pg_url}
    assert call_cli("clients", "add", "--data", str(client_file), env=env).returncode == 0
    shown = json.loads(call_cli("clients", "show", "Ada Byrne", "--json", env=env).stdout)
    patch = tmp_path / "patch.json"
    patch.write_text(json.dumps({"notes": "writes every June"}))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"notes": "prefers the formal closing"}))
    bea = {**env, "LETTERWRITER_HOME": str(tmp_path / "bea")}
    os.makedirs(bea["LETTERWRITER_HOME"])
    with open(os.path.join(bea["LETTERWRITER_HOME"], "settings.json"), "w") as fh:
        json.dump({"writer": "bea"}, fh)
    edit = ("clients", "edit", "Ada Byrne", "--if-version", str(shown["version"]))
    assert call_cli(*edit, "--data", str(other), env=bea).returncode == 0  # Bea's, on the same version
    line = one_error(call_cli(*edit, "--data", str(patch), env=env), 2)  # Ada's, made on the old file
    assert "Ada Byrne's file was changed by bea" in line and "not saved" in line
    now = json.loads(call_cli("clients", "show", "Ada Byrne", "--json", env=env).stdout)
    assert now["notes"] == "prefers the formal closing" and now["version"] == shown["version"] + 1
    r = call_cli(
        "clients", "edit", "Ada Byrne", "--if-version", str(now["version"]), "--data", str(patch), env=env
    )
    assert r.returncode == 0, r.stderr
