"""Allows `python -m letterwriter`."""

from letterwriter.cli import main

raise SystemExit(main())
