"""The class-data (AppCDS) archive: which archive fits these jars and this Java, and the
server jar copy that makes one possible. `install.build_archive` makes it.

An archive makes a cold start faster (the JVM maps the classes of a warmed-up server instead
of loading them). It records the class path exactly, so it is used only for exactly the jars
(names, sizes, times) and the Java build it was made with; otherwise the server starts the
plain way.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from letterwriter.languagetool.installation import Installation
    from letterwriter.languagetool.java import Java

INFO = "cds.json"
ARCHIVE = "server.jsa"


def classpath(inst: Installation, cds_dir: Path | None = None) -> list[Path]:
    """The jars in a fixed order, with the server jar replaced by our copy whose manifest has
    no Class-Path."""
    cds_dir = cds_dir or inst.cds_dir
    return [*inst.jars, cds_dir / inst.server_jar.name]


def fingerprint(jars: list[Path]) -> str:
    h = hashlib.sha256()
    for jar in jars:
        st = jar.stat()
        h.update(f"{jar.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def strip_class_path(src: Path, dst: Path) -> None:
    """Copy a jar without the manifest's Class-Path: Java 17 will not use a CDS archive while
    a jar's manifest puts a non-empty folder ("./" in LanguageTool's server jar) on the path."""
    tmp = dst.with_suffix(".part")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.upper() == "META-INF/MANIFEST.MF":
                lines, skipping = [], False
                for line in data.decode("utf-8").replace("\r\n", "\n").split("\n"):
                    if skipping and line.startswith(" "):
                        continue  # a continuation of the Class-Path value
                    skipping = line.lower().startswith("class-path:")
                    if not skipping:
                        lines.append(line)
                data = "\r\n".join(lines).encode("utf-8")
            zout.writestr(item, data)
    os.replace(tmp, dst)


def archive_for(inst: Installation, java: Java) -> Path | None:
    """The archive, if it was made for exactly these jars and this Java; None otherwise."""
    try:
        info = json.loads((inst.cds_dir / INFO).read_text())
        archive = inst.cds_dir / ARCHIVE
        if (
            isinstance(info, dict)
            and info.get("java_version") == java.version
            and info.get("jars") == fingerprint(classpath(inst))
            and archive.is_file()
        ):
            return archive
    except (OSError, ValueError, IndexError):
        pass
    return None


def record(inst: Installation, java: Java) -> None:
    """Written last: what makes the folder count as an archive."""
    info = {"java_version": java.version, "java": java.path, "jars": fingerprint(classpath(inst))}
    (inst.cds_dir / INFO).write_text(json.dumps(info))
