"""Starts Letterwriter from a checkout: `python main.py` (the window) or `python main.py render ...`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from letterwriter.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
