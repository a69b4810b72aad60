"""Finding LanguageTool: ours from Maven Central, or the one language-tool-python downloaded
(its cache folder, LTP_PATH or LTP_JAR_DIR_PATH), which `languagetool install` then uses
instead of fetching again. The fake cache folder holds a real installation's files: a copy
of the server jar (Java resolves its manifest's class path next to the real file, so a
symlink would point elsewhere) and links to the real jars under release names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import REAL_LT_DIR, run_cli

from letterwriter.languagetool import install, installation
from letterwriter.languagetool.java import find_java

pytestmark = pytest.mark.core


def _release_layout(folder: Path) -> Path:
    """`folder` laid out as language-tool-python's download: LanguageTool-6.8/ with
    languagetool-server.jar and libs/<name>.jar (release names carry no version)."""
    real = Path(REAL_LT_DIR) / "6.8" / "lib"
    if not real.is_dir():
        pytest.fail(f"LanguageTool is not installed in {REAL_LT_DIR}: run 'make setup'")
    home = folder / "LanguageTool-6.8"
    (home / "libs").mkdir(parents=True)
    server = sorted(real.glob("languagetool-server-*.jar"))[0]
    shutil.copy(server, home / "languagetool-server.jar")
    for jar in sorted(real.glob("*.jar")):
        if jar == server:
            continue
        name = re.sub(r"-\d[^/]*\.jar$", ".jar", jar.name)
        if not (home / "libs" / name).exists():
            (home / "libs" / name).symlink_to(jar)
    return home


@pytest.fixture
def no_ours(tmp_path, monkeypatch):
    """An empty LanguageTool folder of our own and no Maven: nothing can be fetched."""
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", str(tmp_path / "ours"))
    java = find_java()
    bin_dir = tmp_path / "bin"  # Java and Python on the PATH, Maven not
    bin_dir.mkdir()
    (bin_dir / "java").symlink_to(java.path)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    return tmp_path / "ours"


def test_the_library_names_are_still_the_library_s():
    from language_tool_python import utils

    assert installation.LTP_PATH_ENV == utils.LTP_PATH_ENV_VAR
    assert installation.LTP_JAR_DIR_ENV == utils.LTP_JAR_DIR_PATH_ENV_VAR
    assert installation.LTP_SERVER_JAR in utils.JAR_NAMES


@pytest.mark.lt
def test_install_uses_language_tool_python_s_download_instead_of_fetching(tmp_path, monkeypatch, no_ours):
    home = _release_layout(tmp_path / "ltp-cache")
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp-cache"))
    heard: list[str] = []
    found = install.install(log=heard.append, archive=False)
    assert found.source == installation.LTP and found.home == home and found.version == "6.8"
    assert any("language-tool-python" in line and "nothing fetched" in line for line in heard), heard
    assert not (no_ours / "6.8" / "lib").exists(), "nothing was fetched into our folder"

    # and it really runs: a server started from that folder checks English
    from letterwriter.languagetool.process import ServerProcess

    server = ServerProcess(memory_mb=512, install=found, run_dir=tmp_path / "run")
    try:
        server.start(timeout=240)
        assert b"HE_VERB_AGR" in server.post_check("He go to school.", timeout=300)
    finally:
        server.stop()

    doctor = json.loads(run_cli("doctor", "--json").stdout)
    assert doctor["languagetool"]["source"] == "language-tool-python"
    assert doctor["languagetool"]["path"] == str(home)


def test_ltp_jar_dir_path_names_the_folder_directly(tmp_path, monkeypatch, no_ours):
    home = _release_layout(tmp_path / "elsewhere")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(home))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "empty"))
    found = installation.installation()
    assert found is not None and found.source == installation.LTP and found.home == home


def test_another_version_in_the_cache_is_not_taken_for_ours(tmp_path, monkeypatch, no_ours):
    home = _release_layout(tmp_path / "ltp-cache")
    home.rename(home.with_name("LanguageTool-6.6"))  # what the folder says it is
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp-cache"))
    assert installation.installation() is None
    r = run_cli("languagetool", "install")
    assert r.returncode == 3 and "Maven ('mvn') is needed" in r.stderr, r.stderr


def test_our_own_installation_wins_over_the_library_s(tmp_path, monkeypatch):
    _release_layout(tmp_path / "ltp-cache")
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp-cache"))
    monkeypatch.setenv("LETTERWRITER_LANGUAGETOOL_DIR", REAL_LT_DIR)
    found = installation.installation()
    assert found is not None and found.source == installation.OURS
