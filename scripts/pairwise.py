"""Set up a blind pairwise reading of our letters against a free writer's (docs/letters-pairwise.md).

    python scripts/pairwise.py OUT_DIR [--seed N]

For each brief in docs/pairwise/briefs (N.json, its occasion in N.occasion) it renders our letter
with the command line and puts it beside the free writer's (docs/pairwise/free/N.txt) as A.txt and
B.txt in OUT_DIR/pairs/N, in an order drawn from the seed, with the brief. The key (which letter is
ours) goes to OUT_DIR/key.json, our letters to OUT_DIR/oursN.txt: give a reader OUT_DIR/pairs only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "docs" / "pairwise"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=None, help="the A/B order (default: a fresh one)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    home = tempfile.mkdtemp(prefix="lw-pairwise-")
    env = dict(os.environ, LETTERWRITER_HOME=home)
    key = {}
    for brief in sorted((SET / "briefs").glob("*.json"), key=lambda p: int(p.stem)):
        n = brief.stem
        occasion = (SET / "briefs" / f"{n}.occasion").read_text().strip()
        r = subprocess.run(
            [sys.executable, "-m", "letterwriter", "render", occasion, "--data", str(brief)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        ours, free = r.stdout, (SET / "free" / f"{n}.txt").read_text()
        first = rng.random() < 0.5
        pair = args.out / "pairs" / n
        pair.mkdir(parents=True, exist_ok=True)
        (pair / "A.txt").write_text(ours if first else free)
        (pair / "B.txt").write_text(free if first else ours)
        (pair / "brief.json").write_text(brief.read_text())
        (pair / "occasion.txt").write_text(occasion + "\n")
        (args.out / f"ours{n}.txt").write_text(ours)
        key[n] = "A" if first else "B"
    (args.out / "key.json").write_text(json.dumps(key) + "\n")
    print(f"{len(key)} pairs in {args.out / 'pairs'}; key in {args.out / 'key.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
