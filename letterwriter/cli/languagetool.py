"""`languagetool`: install, start, stop or query the shared LanguageTool server; serve it to other desks."""

from __future__ import annotations

import json
import sys

from letterwriter.cli.common import EXIT_OK, EXIT_UNAVAILABLE, UsageError, _settings, _stderr_progress


def cmd_languagetool(args) -> int:
    from letterwriter.issue import GrammarUnavailable
    from letterwriter.languagetool import install, shared

    def out(data: dict, text: str) -> None:
        print(json.dumps(data, indent=2) if args.json else text)

    try:
        if args.action == "serve":
            return _serve(args)
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


LOOPBACK = ("127.0.0.1", "localhost")
EVERY_ADDRESS = ("0.0.0.0", "::", "*")


def _serve(args) -> int:
    """`languagetool serve --port N [--host 0.0.0.0]`: the desk's own supervised server, in the
    foreground, on a fixed port and never idle, for other desks (their `lt_server_url`).

    LanguageTool's own server is the engine (`--public` when every address is asked for); the
    supervisor is the one `languagetool start` runs, so `status` and `stop` know it too.
    """
    import signal
    import subprocess

    from letterwriter.languagetool import shared
    from letterwriter.languagetool.installation import ensure_root, require_installation
    from letterwriter.languagetool.java import find_java

    if args.port is None:
        raise UsageError("languagetool serve needs --port N: the port other desks will use")
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port must be from 1 to 65535, got {args.port}")
    host = args.host.strip()
    if host not in LOOPBACK + EVERY_ADDRESS:
        raise UsageError(
            f"--host {host}: LanguageTool's server listens on 127.0.0.1 only, or on every address "
            "(--host 0.0.0.0); it cannot choose one address (keep others out with a firewall)"
        )
    public = host in EVERY_ADDRESS
    root = ensure_root()
    require_installation()
    find_java()
    if shared.supervisor_running():
        running = shared.status(probe=False).get("url", "?")
        raise UsageError(
            f"a LanguageTool server already runs for this desk ({running}): "
            "'letterwriter languagetool stop' ends it, then serve again"
        )
    settings = _settings()
    cmd = [
        *shared._supervisor_command()[:3],
        "--dir",
        str(root.resolve()),
        "--idle",
        "inf",
        "--memory",
        str(settings.get("lt_memory_mb")),
        "--port",
        str(args.port),
        *(["--public"] if public else []),
    ]
    where = (
        f"every address, port {args.port}" if public else f"http://127.0.0.1:{args.port} (this machine only)"
    )
    print(f"LanguageTool starts on {where}; Ctrl+C stops it", file=sys.stderr, flush=True)
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    forward = lambda signum, frame: child.send_signal(signum)  # noqa: E731
    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return EXIT_OK if code == 0 else EXIT_UNAVAILABLE
