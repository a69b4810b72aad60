"""What `doctor` and `languagetool status` say about LanguageTool: Java, the installation,
its class-data archive, and the server checks go to."""

from __future__ import annotations

from typing import Any

from letterwriter.issue import GrammarUnavailable
from letterwriter.languagetool import cds, shared
from letterwriter.languagetool.installation import installation, lt_root, lt_version
from letterwriter.languagetool.java import find_java


def doctor_info() -> dict[str, Any]:
    info: dict[str, Any] = {}
    java = None
    try:
        java = find_java()
        info["java"] = {"path": java.path, "version": java.major}
    except GrammarUnavailable as exc:
        info["java"] = {"error": str(exc)}
    inst = installation()
    if inst:
        info["languagetool"] = {
            "version": inst.version,
            "path": str(inst.home),
            "source": inst.source,
            "size_mb": inst.size_mb,
            "cds_archive": bool(java and cds.archive_for(inst, java)),
        }
    else:
        info["languagetool"] = {"installed": False, "expected_version": lt_version(), "path": str(lt_root())}
    from letterwriter.settings import Settings

    url = Settings.load().get("lt_server_url")
    if url and isinstance(url, str):
        from letterwriter.languagetool.wire import shown_url

        info["languagetool_server"] = {"remote": shown_url(url)}
    else:
        try:
            info["languagetool_server"] = shared.status()
        except OSError as exc:
            info["languagetool_server"] = {"error": str(exc)}
    return info
