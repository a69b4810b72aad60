"""Small helpers the test modules share: running the command line (in this process or as a real
child), its shared checks, reading PDFs with poppler."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _real_languagetool_dir() -> str:
    """Where `make setup` installed LanguageTool, read before any test isolates its home (the
    suite's conftest imports this module first)."""
    env = os.environ.get("LETTERWRITER_LANGUAGETOOL_DIR")
    if env:
        return env
    if os.environ.get("LETTERWRITER_HOME"):
        return str(Path(os.environ["LETTERWRITER_HOME"]) / "languagetool")
    import platformdirs

    return str(Path(platformdirs.user_data_dir("letterwriter", appauthor=False)) / "languagetool")


REAL_LT_DIR = _real_languagetool_dir()


def call_cli(*args: str, input: str | bytes | None = None, env: dict | None = None):
    """`letterwriter ARGS` in this process, as a child would run it: `letterwriter.cli.main(args)`
    with its own standard input, output and error (UTF-8, not terminals), the environment
    changed by `env` (a value of None removes a variable) for this call only, the checkout as
    its folder, and the process's template library read afresh. A CompletedProcess, like run_cli.

    A child process costs 0.5-1.2 s of imports; use run_cli where the process is the point:
    signals, kills, limits set on a process, the console script, what a fresh process imports.
    """
    from letterwriter import cli, templates

    stdin = io.TextIOWrapper(io.BytesIO(input.encode() if isinstance(input, str) else input or b""), "utf-8")
    stdout = io.TextIOWrapper(io.BytesIO(), "utf-8", errors="strict", newline="")
    stderr = io.TextIOWrapper(io.BytesIO(), "utf-8", errors="backslashreplace", newline="")
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    try:
        for key, value in (env or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        os.chdir(ROOT)
        templates._default_library = None  # a fresh process reads the user's templates afresh
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's --help and --version
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        except BaseException:  # what a child would print before it exits 1 (only with --debug)
            traceback.print_exc()
            code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        templates._default_library = None
    out, err = (stream.detach().getvalue().decode("utf-8", "replace") for stream in (stdout, stderr))
    with contextlib.suppress(ValueError):
        stdin.close()
    return subprocess.CompletedProcess(["letterwriter", *args], code, out, err)


def run_cli(*args: str, input: str | None = None, env: dict | None = None, timeout: int = 120):
    """The real `letterwriter` command in a child process (as a user or script runs it)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "letterwriter", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=input,
        env=full_env,
        timeout=timeout,
    )


def cli_ok(*args: str, **kw):
    """The command succeeded (exit 0); run in this process (call_cli)."""
    r = call_cli(*args, **kw)
    assert r.returncode == 0, r.stderr
    return r


def cli_bad(*args: str, words: str = "") -> str:
    """The command refused its input as a user should see it: exit 2 and one short `error:` line."""
    r = call_cli(*args)
    assert r.returncode == 2, (r.stdout[:500], r.stderr[:500])
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr[:2000]
    assert "Traceback" not in r.stderr
    assert "unexpected" not in lines[0] and len(lines[0]) < 500, lines[0][:500]
    assert words in lines[0], lines[0]
    return lines[0]


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(path: Path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... emb sub uni objnum gen: the three yes/no columns sit before the object id
        rows.append({"name": parts[0], "emb": parts[-5] == "yes", "uni": parts[-3] == "yes"})
    return rows


def pdf_word_boxes(path: Path) -> list[tuple[str, float]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = []
    for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', out
    ):
        boxes.append((m.group(3), float(m.group(2)) - float(m.group(1))))
    return boxes


def words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text)
