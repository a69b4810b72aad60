"""What every bench section shares: the paths, a brief, percentiles and ratios."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BRIEF = {
    "sender_name": "Theodore",
    "recipient_name": "Catherine",
    "pet_name": "Cat",
    "together_since": "2009-06-15",
    "letter_date": "2026-11-24",
    "length": "letter",
    "memories": [
        "the night the power went out and we read by candlelight",
        "our first trip to Lisbon, when it rained for four days",
        "the morning you taught me to make bread",
    ],
}


def p50(xs):
    return statistics.median(xs)


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def timed(fn, n):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def ratio(a, b):
    return round(a / b, 2) if b else None
