"""Which LanguageTool is installed and where: ours (fetched from Maven Central into the user
data folder) or the one language-tool-python downloaded (its cache folder, `LTP_PATH`, or
`LTP_JAR_DIR_PATH`). Only the version the project asks for (resources/languagetool/pom.xml)
counts; ours wins when both are there.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from letterwriter import paths
from letterwriter.issue import GrammarUnavailable

OURS = "maven"
LTP = "language-tool-python"

# language-tool-python's own names (language_tool_python/utils.py: LTP_PATH_ENV_VAR,
# LTP_JAR_DIR_PATH_ENV_VAR, get_language_tool_download_path). Written out rather than imported:
# importing the library costs 0.2-0.3 s, which a window starting LanguageTool should not pay.
# tests/core/test_languagetool_install.py checks they still match the library's.
LTP_PATH_ENV = "LTP_PATH"
LTP_JAR_DIR_ENV = "LTP_JAR_DIR_PATH"
LTP_SERVER_JAR = "languagetool-server.jar"


def ltp_default_folder() -> Path:
    return Path.home() / ".cache" / "language_tool_python"


def pom_path() -> Path:
    return paths.resources_dir() / "languagetool" / "pom.xml"


def lt_version() -> str:
    m = re.search(r"<languagetool.version>([^<]+)<", pom_path().read_text(encoding="utf-8"))
    return m.group(1).strip() if m else "6.8"


def lt_root() -> Path:
    """Our LanguageTool folder: the jars, the class-data archive, the shared server's state."""
    return paths.languagetool_dir()


def pom_hash() -> str:
    return hashlib.sha256(pom_path().read_bytes()).hexdigest()


def dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


@dataclass
class Installation:
    version: str
    home: Path  # the folder holding the jars' folder
    server_jar: Path
    jars: list[Path]  # every other jar, sorted (a CDS archive records the class path exactly)
    source: str = OURS
    _size_mb: float | None = field(default=None, repr=False)

    @property
    def plain_classpath(self) -> str:
        """The class path without the archive: ours `lib/*`; language-tool-python's is the
        server jar alone, whose manifest names the rest (as the library starts it)."""
        if self.source == OURS:
            return str(self.server_jar.parent / "*")
        return str(self.server_jar)

    @property
    def cds_dir(self) -> Path:
        """Always in our folder: language-tool-python's cache is not ours to write in."""
        return lt_root() / self.version / "cds"

    @property
    def size_mb(self) -> float:
        if self._size_mb is None:
            self._size_mb = dir_size_mb(self.home)
        return self._size_mb

    def describe(self) -> str:
        where = f"{self.home} ({self.size_mb} MB)"
        if self.source == LTP:
            return f"LanguageTool {self.version} from language-tool-python's download in {where}"
        return f"LanguageTool {self.version} in {where}"


def ours() -> Installation | None:
    """Our own installation, if it is complete and made from the current pom.xml."""
    version = lt_version()
    home = lt_root() / version
    lib = home / "lib"
    try:
        info = json.loads((home / "installed.json").read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or info.get("pom_sha256") != pom_hash():
        return None  # unreadable, or the project now asks for other jars: install again
    servers = sorted(lib.glob("languagetool-server-*.jar")) if lib.is_dir() else []
    if not servers:
        return None
    try:
        size = float(info.get("size_mb", 0))
    except (TypeError, ValueError):
        size = 0.0
    jars = sorted(p for p in lib.glob("*.jar") if p != servers[0])
    return Installation(str(info.get("version", version)), home, servers[0], jars, OURS, size)


def ltp_candidates() -> list[Path]:
    """Folders where language-tool-python keeps (or was told to find) the server jar."""
    version = lt_version()
    found = []
    jar_dir = os.environ.get(LTP_JAR_DIR_ENV, "").strip()
    if jar_dir:
        found.append(Path(jar_dir).expanduser())
    base = os.environ.get(LTP_PATH_ENV, "").strip()
    found.append((Path(base).expanduser() if base else ltp_default_folder()) / f"LanguageTool-{version}")
    return found


def _jar_version(jar: Path) -> str | None:
    try:
        with zipfile.ZipFile(jar) as z:
            manifest = z.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return None
    m = re.search(r"^(?:ComponentVersion|Implementation-Version):\s*(\S+)", manifest, re.MULTILINE)
    return m.group(1) if m else None


def from_language_tool_python() -> Installation | None:
    """language-tool-python's download of the version we use, if there is one."""
    version = lt_version()
    for home in ltp_candidates():
        server = home / LTP_SERVER_JAR
        if not server.is_file() or _jar_version(server) != version:
            continue
        jars = sorted((home / "libs").glob("*.jar"))
        if jars:
            return Installation(version, home, server, jars, LTP)
    return None


def installation() -> Installation | None:
    return ours() or from_language_tool_python()


def require_installation() -> Installation:
    """The installation, or GrammarUnavailable saying how to get one."""
    inst = installation()
    if inst is None:
        raise GrammarUnavailable(
            "LanguageTool is not installed: run 'letterwriter languagetool install' (or 'make setup'), "
            "or use a LanguageTool server by URL (--server URL, or Preferences)"
        )
    return inst


def unwritable(path: Path, exc: OSError) -> GrammarUnavailable:
    """A folder LanguageTool needs cannot be written: say so plainly (the grammar service is
    unavailable, exit 3), not as the system's raw error."""
    why = {
        errno.EROFS: "it is on a read-only disk",
        errno.EACCES: "you may not write in it",
        errno.EPERM: "you may not write in it",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
    }.get(exc.errno, exc.strerror or str(exc))
    return GrammarUnavailable(
        f"the LanguageTool folder {path} cannot be used ({why}); make it writable, "
        "set LETTERWRITER_LANGUAGETOOL_DIR to another folder, "
        "or use a LanguageTool server by URL (--server URL)"
    )


def ensure_root() -> Path:
    """Our LanguageTool folder, made if needed; GrammarUnavailable in plain words if it cannot be."""
    root = lt_root()
    try:
        paths.ensure_dir(root)
        probe = root / f".write-test.{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise unwritable(root, exc) from None
    return root
