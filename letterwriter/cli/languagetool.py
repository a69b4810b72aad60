"""`languagetool`: install, start, stop or query the shared LanguageTool server."""

from __future__ import annotations

from letterwriter.cli.common import _stderr_progress


def cmd_languagetool(args) -> int:
    from letterwriter import ltserver

    return ltserver.cli_action(args.action, as_json=args.json, progress=_stderr_progress())
