"""The class-data (AppCDS) archive: why the server jar is copied, that install makes a
working archive once, and that the JVM really loads classes from it.

Making an archive runs a real server through a warm-up (a minute or more on two cores):
`make setup` makes it, with `languagetool install`, and these tests read the archive it made
(the installation the whole suite checks with) rather than make another; a damaged record is
tried on a copy of the folder."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REAL_LT_DIR, run_cli

from letterwriter.languagetool import cds
from letterwriter.languagetool.installation import installation
from letterwriter.languagetool.java import find_java
from letterwriter.languagetool.process import MAIN_CLASS, ServerProcess

pytestmark = [pytest.mark.lt, pytest.mark.slow]


@pytest.fixture
def real(monkeypatch) -> Path:
    """The LanguageTool folder `make setup` installed (and made the archive in)."""
    home = Path(REAL_LT_DIR) / "6.8"
    if not (home / "installed.json").exists():
        pytest.fail(f"LanguageTool is not installed in {REAL_LT_DIR}: run 'make setup'")
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(home.parent))
    return home


@pytest.fixture
def lt_copy(real, tmp_path, monkeypatch) -> Path:
    """A LanguageTool folder of our own: the real jars, a copy of the archive and its record."""
    root = tmp_path / "lt"
    home = root / "6.8"
    home.mkdir(parents=True)
    shutil.copy(real / "installed.json", home / "installed.json")
    (home / "lib").symlink_to(real / "lib")
    shutil.copytree(real / "cds", home / "cds")
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(root))
    return home


def _dump(java: str, jars: list[Path], archive: Path) -> subprocess.CompletedProcess:
    cp = ":".join(str(j) for j in jars)
    return subprocess.run(
        [java, f"-XX:ArchiveClassesAtExit={archive}", "-cp", cp, MAIN_CLASS, "--help"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_java_refuses_the_original_server_jar_and_takes_our_copy(tmp_path):
    java = find_java().path
    lib = Path(REAL_LT_DIR) / "6.8" / "lib"
    server = sorted(lib.glob("languagetool-server-*.jar"))[0]
    jars = sorted(lib.glob("*.jar"))  # the order `lib/*` gives: the server jar is not last
    assert jars[-1] != server

    r = _dump(java, jars, tmp_path / "original.jsa")
    assert "non-empty directory" in r.stdout + r.stderr
    assert not (tmp_path / "original.jsa").exists()

    copy = tmp_path / server.name
    cds.strip_class_path(server, copy)
    others = [copy if j == server else j for j in jars]
    listing = subprocess.run(["unzip", "-p", str(copy), "META-INF/MANIFEST.MF"], capture_output=True)
    manifest = listing.stdout.decode()
    assert "Class-Path" not in manifest and "Main-Class: org.languagetool.server.HTTPServer" in manifest
    assert subprocess.run(["unzip", "-tq", str(copy)], capture_output=True).returncode == 0
    r = _dump(java, others, tmp_path / "ours.jsa")
    assert (tmp_path / "ours.jsa").stat().st_size > 1_000_000, r.stdout + r.stderr


def test_install_made_the_archive_once_and_the_server_loads_classes_from_it(real, tmp_path):
    info = json.loads((real / "cds" / "cds.json").read_text())
    assert info["jars"] and "17" in info["java_version"]

    again = run_cli("languagetool", "install", timeout=120)
    assert again.returncode == 0 and "Making" not in again.stderr, "install must be quick the second time"
    assert json.loads((real / "cds" / "cds.json").read_text()) == info

    inst = installation()
    java = find_java()
    archive = cds.archive_for(inst, java)
    assert archive is not None
    cp = ":".join(str(j) for j in cds.classpath(inst))
    loaded = subprocess.run(
        [
            java.path,
            "-Xshare:on",  # fail rather than fall back if the archive does not fit
            f"-XX:SharedArchiveFile={archive}",
            "-Xlog:class+load=info",
            "-cp",
            cp,
            MAIN_CLASS,
            "--help",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    from_archive = loaded.stdout.count("shared objects file (top)")
    assert from_archive > 500, loaded.stdout[-2000:] + loaded.stderr[-2000:]

    server = ServerProcess(memory_mb=512, run_dir=tmp_path / "run")
    try:
        server.start(timeout=180)
        assert server.uses_cds
        assert b"HE_VERB_AGR" in server.post_check("He go to school.", timeout=300)
    finally:
        server.stop()

    doctor = json.loads(run_cli("doctor", "--json").stdout)
    assert doctor["languagetool"]["cds_archive"] is True


def test_an_archive_for_another_java_falls_back_to_a_plain_start(lt_copy):
    cds_json = lt_copy / "cds" / "cds.json"
    made = cds_json.read_text()
    info = json.loads(made)
    info["java_version"] = "openjdk version 17.0.1 (another build)"
    cds_json.write_text(json.dumps(info))
    server = ServerProcess(memory_mb=512, run_dir=lt_copy / "run")
    try:
        server.start(timeout=180)
        assert not server.uses_cds
        assert b"HE_VERB_AGR" in server.post_check("He go to school.", timeout=300)
    finally:
        server.stop()
        cds_json.write_text(made)
