"""The `.letter` file: a brief and its letter's state, as JSON.

Format (UTF-8 JSON object)::

    {
      "format": "letterwriter/1",
      "template": "birthday",          # template id
      "brief": {"recipient_name": "Catherine", ...},  # raw field values as typed
      "variation": 1,                  # wording number
      "language": "en-US",
      "edited_text": null,             # the hand-edited letter text, or null if generated
      "ignored": ["rule:EN_QUOTES", "word:MORFOLOGIK_RULE_EN_US:Cat"]  # ignored issues
    }

Dates are ISO strings (YYYY-MM-DD), lists are lists of strings, numbers are numbers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterwriter.export import write_text_atomic

FORMAT = "letterwriter/1"


class LetterFileError(Exception):
    """A file that is not a readable .letter file."""


@dataclass
class LetterFile:
    template: str
    brief: dict[str, Any] = field(default_factory=dict)
    variation: int = 1
    language: str = "en-US"
    edited_text: str | None = None
    ignored: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "template": self.template,
            "brief": self.brief,
            "variation": self.variation,
            "language": self.language,
            "edited_text": self.edited_text,
            "ignored": list(self.ignored),
        }


def save(doc: LetterFile, path: Path | str) -> Path:
    text = json.dumps(doc.to_json(), indent=2, ensure_ascii=False, default=str)
    return write_text_atomic(path, text + "\n")


def load(path: Path | str) -> LetterFile:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise LetterFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise LetterFileError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LetterFileError(f"{path} is not a Letterwriter letter ({FORMAT})")
    brief = data.get("brief") or {}
    edited = data.get("edited_text")
    return LetterFile(
        template=str(data.get("template") or ""),
        brief=brief if isinstance(brief, dict) else {},
        variation=int(data.get("variation") or 1),
        language=str(data.get("language") or "en-US"),
        edited_text=edited if isinstance(edited, str) else None,
        ignored=[str(x) for x in data.get("ignored") or []],
    )
