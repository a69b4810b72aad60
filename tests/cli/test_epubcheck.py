"""The book's EPUB checked by EPUBCheck, the W3C's validator, fetched from Maven Central (run on Java 17)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bookfixture import make_client
from helpers import call_cli

pytestmark = pytest.mark.slow

EPUBCHECK = "5.1.0"
# a short run: the quick compiler only (half the CPU of a default start for one book)
QUICK_JVM = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>letterwriter.tests</groupId><artifactId>epubcheck</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.w3c</groupId><artifactId>epubcheck</artifactId><version>{EPUBCHECK}</version></dependency>
  </dependencies>
</project>
"""


@pytest.fixture(scope="session")
def epubcheck():
    """The class path of EPUBCheck and its libraries, fetched by Maven once per machine (into a
    folder named for its version; Maven keeps the jars in ~/.m2 too)."""
    assert shutil.which("mvn") and shutil.which("java"), "Maven and Java are installed by make setup"
    folder = Path.home() / ".cache" / "letterwriter-tests" / f"epubcheck-{EPUBCHECK}"
    lib = folder / "lib"
    if not (folder / "complete").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pom.xml").write_text(POM)
        r = subprocess.run(
            ["mvn", "-q", "-B", "-f", str(folder / "pom.xml"), "dependency:copy-dependencies",
             f"-DoutputDirectory={lib}"],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
        (folder / "complete").touch()
    return f"{lib}/*"


def test_the_epub_is_valid_epub_3(epubcheck, tmp_path):
    """A book as written and one with initials and a pseudonym, checked side by side."""
    home = tmp_path / "home"
    home.mkdir()
    make_client(home / "letterwriter.db", letters=12, drafts=1)
    checks = []
    for n, names in enumerate([[], ["--initials", "--pseudonym", "Tobias=Tom"]]):
        out = tmp_path / f"letters{n}.epub"
        r = call_cli(
            "anthology", "--client", "Ada Byrne", *names, "-o", str(out), env={"LETTERWRITER_HOME": str(home)}
        )
        assert r.returncode == 0, r.stderr
        checks.append(
            subprocess.Popen(
                ["java", *QUICK_JVM, "-cp", epubcheck, "com.adobe.epubcheck.tool.Checker", str(out)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )  # fmt: skip
        )
    for check in checks:
        report = check.communicate(timeout=600)[0]
        assert check.returncode == 0, report[-3000:]
        assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report[-3000:]
