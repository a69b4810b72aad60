"""Finding a Java that can run LanguageTool (17 or newer; 17 preferred)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from letterwriter.issue import GrammarUnavailable

MIN_JAVA = 17


@dataclass
class Java:
    path: str
    major: int
    version: str = ""  # the whole `java -version` banner: a CDS archive is only for that build


def _probe(java: str) -> tuple[int, str] | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    banner = (out.stderr + out.stdout).strip()
    m = re.search(r'version "(\d+)(?:\.(\d+))?', banner)
    if not m:
        return None
    major = int(m.group(1))
    major = int(m.group(2)) if major == 1 and m.group(2) else major
    return major, f"{os.path.realpath(java)}\n{banner}"


def find_java() -> Java:
    """Java 17+ from JAVA_HOME or PATH. LanguageTool's maintainers support 17 (newer JDKs
    have had regressions), so a 17 found in /usr/lib/jvm is preferred to a newer default."""
    candidates: list[str] = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    seen = []
    for c in candidates:
        if not Path(c).exists():
            continue
        found = _probe(c)
        if found is not None:
            seen.append(Java(c, found[0], found[1]))
    usable = [j for j in seen if j.major >= MIN_JAVA]
    if usable and usable[0].major != 17 and not os.environ.get("JAVA_HOME"):
        for j17 in sorted(Path("/usr/lib/jvm").glob("*17*/bin/java")):
            found = _probe(str(j17))
            if found and found[0] == 17:
                return Java(str(j17), 17, found[1])
    if usable:
        return usable[0]
    if seen:
        raise GrammarUnavailable(
            f"Java {seen[0].major} at {seen[0].path} is too old: LanguageTool needs Java {MIN_JAVA} "
            "or newer (Debian: apt-get install openjdk-17-jre-headless, or set JAVA_HOME)"
        )
    raise GrammarUnavailable(
        f"Java was not found: LanguageTool needs Java {MIN_JAVA} or newer "
        "(Debian: apt-get install openjdk-17-jre-headless, or set JAVA_HOME)"
    )
