"""`languagetool`: install, start, stop or query the shared LanguageTool server."""

from __future__ import annotations

import json
import sys

from letterwriter.cli.common import EXIT_OK, EXIT_UNAVAILABLE, _stderr_progress


def cmd_languagetool(args) -> int:
    from letterwriter.issue import GrammarUnavailable
    from letterwriter.languagetool import install, shared

    def out(data: dict, text: str) -> None:
        print(json.dumps(data, indent=2) if args.json else text)

    try:
        if args.action == "install":
            inst = install.install(
                log=(lambda s: None) if args.json else (lambda s: print(s, file=sys.stderr))
            )
            path = str(inst.home)
            data = {"version": inst.version, "path": path, "source": inst.source, "size_mb": inst.size_mb}
            out(data, f"LanguageTool {inst.version}: {path}")
        elif args.action == "start":
            url = shared.ensure_server(progress=_stderr_progress())
            out({"state": "running", "url": url}, f"LanguageTool is running at {url}")
        elif args.action == "stop":
            stopped = shared.stop_server()
            out({"stopped": stopped}, "stopped" if stopped else "LanguageTool was not running")
        else:
            status = shared.status()
            at = f" at {status['url']}" if status.get("url") else ""
            out(status, f"LanguageTool: {status['state']}{at}")
    except GrammarUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return EXIT_OK
