"""Small helpers the test modules share: running the real command line, reading PDFs with poppler."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
    """The command succeeded (exit 0)."""
    r = run_cli(*args, **kw)
    assert r.returncode == 0, r.stderr
    return r


def cli_bad(*args: str, words: str = "") -> str:
    """The command refused its input as a user should see it: exit 2 and one short `error:` line."""
    r = run_cli(*args)
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
