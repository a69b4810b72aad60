"""Draws docs/handwriting/*.png: type beside the hand, a 300 dpi crop, a card, repeated words, an envelope.

Run from the repository root: `python docs/handwriting/make_pictures.py`. It renders real
PDFs with the command line and rasterises them with poppler's pdftoppm, so the pictures
show exactly what a recipient gets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
BRIEF = [
    "--field", "sender_name=Theodore",
    "--field", "recipient_name=Catherine",
    "--field", "pet_name=Cat",
    "--field", "together_since=2009-06-15",
    "--field", "letter_date=2026-11-24",
    "--field", "memories=the night the power went out and we read by candlelight",
    "--field", "memories=our first trip to Lisbon, when it rained for four days",
]  # fmt: skip


def render(out: Path, *extra: str) -> Path:
    cmd = [sys.executable, "-m", "letterwriter", "render", "love_letter", *BRIEF, "-o", str(out), *extra]
    subprocess.run(cmd, cwd=ROOT, check=True)
    return out


def crop(pdf: Path, png_base: Path, dpi: int, box: tuple[int, int, int, int] | None = None) -> Path:
    cmd = ["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", "1", "-l", "1"]
    if box:
        x, y, w, h = box
        cmd += ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    subprocess.run([*cmd, str(pdf), str(png_base)], check=True)
    return png_base.with_suffix(".png")


def _box_of(pdf: Path, word: str, dpi: int) -> tuple[int, int, int, int]:
    """The lines from the first line holding `word` to the last, in pixels at `dpi` (pdftotext's boxes)."""
    import re

    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ys = [
        float(m.group(1)) for m in re.finditer(rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">{word}<', out)
    ]
    k = dpi / 72
    top, bottom = min(ys) - 18, max(ys) + 30
    return int(60 * k), int(top * k), int(480 * k), int((bottom - top) * k)


def side_by_side(left: Path, right: Path, target: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    _app = QGuiApplication.instance() or QGuiApplication([])
    a, b = QImage(str(left)), QImage(str(right))
    gap = 24
    out = QImage(a.width() + b.width() + gap, max(a.height(), b.height()), QImage.Format.Format_RGB32)
    out.fill(QColor("#8a8a8a"))
    p = QPainter(out)
    p.drawImage(0, 0, a)
    p.drawImage(a.width() + gap, 0, b)
    p.end()
    out.save(str(target))


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    plain = render(tmp / "plain.pdf", "--hand", "none", "--seed", "7")
    hand = render(tmp / "hand.pdf", "--seed", "7")
    # the first body paragraphs at 200 dpi
    box = (150, 560, 1400, 540)
    left, right = crop(plain, tmp / "plain", 200, box), crop(hand, tmp / "hand", 200, box)
    side_by_side(left, right, OUT / "plain-vs-hand.png")
    crop(hand, OUT / "hand-300dpi-crop", 300, (300, 900, 1500, 600))
    card = render(tmp / "card.pdf", "--paper", "a6-card", "--field", "length=short", "--seed", "7")
    crop(card, OUT / "a6-card", 150)
    # the same words written again and again, at 300 dpi: no two alike (export/variants.py)
    words = render(
        tmp / "words.pdf", "--seed", "7", "--field", "message=" + " ".join(["the letter you wrote"] * 8)
    )
    crop(words, OUT / "repeated-words-300dpi", 300, _box_of(words, "wrote", 300))
    envelope = tmp / "envelope.pdf"
    data = tmp / "envelope.json"
    data.write_text(
        '{"to": {"name": "Catherine Hale", "street": "Unter den Linden 1", "postcode": "10117",'
        ' "city": "Berlin", "country": "DE"}, "from": {"name": "Theodore Hale", "street":'
        ' "12 Rue des Lilas", "postcode": "75011", "city": "Paris", "country": "FR"}}',
        encoding="utf-8",
    )
    cmd = [sys.executable, "-m", "letterwriter", "envelope", "--data", str(data), "-o", str(envelope)]
    subprocess.run([*cmd, "--size", "dl", "--seed", "7"], cwd=ROOT, check=True)
    crop(envelope, OUT / "envelope-dl", 100)
    print("wrote", *sorted(p.name for p in OUT.glob("*.png")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
