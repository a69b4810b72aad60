"""`doctor`: what Letterwriter found on this machine, as text or JSON."""

from __future__ import annotations

import json

from letterwriter.cli.common import EXIT_OK
from letterwriter.cli.signals import held


def cmd_doctor(args) -> int:
    from letterwriter.doctor import gather, render_text

    with held():  # it asks Qt about fonts: a SIGTERM waits for it (cli/signals.py)
        report = gather()
    from letterwriter.archive.opening import doctor_info

    report.update(doctor_info())
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render_text(report))
    return EXIT_OK
