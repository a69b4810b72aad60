"""`languagetool install`: the English server's jars from Maven Central (with `mvn`), unless
language-tool-python already downloaded the same version, then the class-data archive.

Idempotent, and quick when both are there. language-tool-python's own downloader is not used:
it fetches from a host this project cannot rely on reaching, and it starts servers it does
not supervise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from letterwriter.issue import GrammarUnavailable
from letterwriter.languagetool import cds
from letterwriter.languagetool.installation import (
    OURS,
    Installation,
    dir_size_mb,
    ensure_root,
    installation,
    lt_version,
    pom_hash,
    pom_path,
    unwritable,
)
from letterwriter.languagetool.java import Java, find_java
from letterwriter.languagetool.process import READY_TIMEOUT_S, ServerProcess, last_line

Log = Callable[[str], None]

WARM_UP_TEXTS = [
    ("en-US", "I recieve your leter yesterday. He go to school, and their is a cat."),
    ("en-US", "Dear Sam,\n\nThank you for the lovely dinner. We laughed so much that evening!"),
    ("en-GB", "My favourite colour reminds me of the summer we spent by the sea."),
]


def install(log: Log = print, archive: bool = True) -> Installation:
    found = installation()
    if found is None:
        found = fetch(log)
    elif found.source == OURS:
        log(f"{found.describe()} is installed")
    else:
        log(f"{found.describe()}: using it, nothing fetched")
    if archive:
        try:
            build_archive(found, find_java(), log)
        except GrammarUnavailable as exc:
            log(f"note: no class-data archive, LanguageTool will start the plain way: {exc}")
    return found


def fetch(log: Log = print) -> Installation:
    """Fetch the jars with `mvn` into our folder (`<version>/lib`)."""
    mvn = shutil.which("mvn")
    if not mvn:
        raise GrammarUnavailable(
            "Maven ('mvn') is needed to fetch LanguageTool from Maven Central. Choose one: "
            "install Maven (Debian: apt-get install maven) and run 'letterwriter languagetool install'; "
            "or let language-tool-python download LanguageTool its own way (this command then finds it); "
            "or use a LanguageTool server by URL (--server URL, or the lt_server_url setting)."
        )
    version = lt_version()
    home = ensure_root() / version
    tmp = home / "lib.part"
    try:
        home.mkdir(exist_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        raise unwritable(home, exc) from None
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(pom_path()),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={tmp}",
        "-DincludeScope=runtime",
        f"-Dlanguagetool.version={version}",
    ]
    log(f"Fetching LanguageTool {version} (English) from Maven Central with mvn ...")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not any(tmp.glob("languagetool-server-*.jar")):
        shutil.rmtree(tmp, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-8:])
        raise GrammarUnavailable(f"mvn could not fetch LanguageTool {version}:\n{tail}")
    lib = home / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    shutil.rmtree(home / "cds", ignore_errors=True)  # an archive of the old jars is useless
    os.replace(tmp, lib)
    size = dir_size_mb(lib)
    marker = {"version": version, "size_mb": size, "pom_sha256": pom_hash()}
    (home / "installed.json").write_text(json.dumps(marker))
    log(f"LanguageTool {version} installed in {home} ({size} MB)")
    found = installation()
    assert found is not None and found.source == OURS
    return found


def build_archive(inst: Installation, java: Java, log: Log = print) -> Path:
    """The class-data archive from a warmed-up server (`-XX:ArchiveClassesAtExit`)."""
    found = cds.archive_for(inst, java)
    if found:
        log(f"class-data archive: {found}")
        return found
    # Dumped in place: the archive records the class path, so the jar must not move after.
    folder = inst.cds_dir
    try:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        cds.strip_class_path(inst.server_jar, folder / inst.server_jar.name)
    except OSError as exc:
        raise unwritable(folder, exc) from None
    log("Making a class-data archive for a faster LanguageTool start ...")
    archive = folder / cds.ARCHIVE
    proc = ServerProcess(
        memory_mb=512,
        run_dir=folder,
        java=java,
        install=inst,
        extra_options=[f"-XX:ArchiveClassesAtExit={archive}"],
        classpath=os.pathsep.join(str(j) for j in cds.classpath(inst)),
    )
    try:
        proc.start(timeout=READY_TIMEOUT_S)
        for language, text in WARM_UP_TEXTS:
            proc.post_check(text, language, timeout=120)
    except GrammarUnavailable as exc:
        proc.stop()
        shutil.rmtree(folder, ignore_errors=True)
        raise GrammarUnavailable(f"the warm-up run failed: {exc}") from None
    proc.stop(grace_s=120)  # the archive is written as the JVM exits
    if not archive.is_file() or archive.stat().st_size == 0:
        reason = last_line(proc.log_path)
        shutil.rmtree(folder, ignore_errors=True)
        raise GrammarUnavailable(f"Java wrote no archive ({reason})")
    for leftover in ("server.log", "server.properties"):
        (folder / leftover).unlink(missing_ok=True)
    cds.record(inst, java)
    log(f"class-data archive: {archive}")
    return archive
