"""The book's EPUB checked by EPUBCheck, the W3C's validator, fetched from Maven Central (run on Java 17)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from bookfixture import make_client
from helpers import run_cli

pytestmark = pytest.mark.slow

EPUBCHECK = "5.1.0"
POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>letterwriter.tests</groupId><artifactId>epubcheck</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.w3c</groupId><artifactId>epubcheck</artifactId><version>{EPUBCHECK}</version></dependency>
  </dependencies>
</project>
"""


@pytest.fixture(scope="session")
def epubcheck(tmp_path_factory):
    """The class path of EPUBCheck and its libraries (Maven keeps them in ~/.m2 after the first fetch)."""
    assert shutil.which("mvn") and shutil.which("java"), "Maven and Java are installed by make setup"
    folder = tmp_path_factory.mktemp("epubcheck")
    (folder / "pom.xml").write_text(POM)
    r = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(folder / "pom.xml"), "dependency:copy-dependencies",
         f"-DoutputDirectory={folder / 'lib'}"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return f"{folder / 'lib'}/*"


@pytest.mark.parametrize("names", [[], ["--initials", "--pseudonym", "Tobias=Tom"]])
def test_the_epub_is_valid_epub_3(epubcheck, tmp_path, names):
    home = tmp_path / "home"
    home.mkdir()
    make_client(home / "letterwriter.db", letters=12, drafts=1)
    out = tmp_path / "letters.epub"
    r = run_cli(
        "anthology", "--client", "Ada Byrne", *names, "-o", str(out), env={"LETTERWRITER_HOME": str(home)}
    )
    assert r.returncode == 0, r.stderr
    check = subprocess.run(
        ["java", "-cp", epubcheck, "com.adobe.epubcheck.tool.Checker", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    report = check.stdout + check.stderr
    assert check.returncode == 0, report[-3000:]
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report[-3000:]
