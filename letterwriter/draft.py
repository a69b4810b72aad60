"""The letter being written: template, brief, options, the person's edits, issues and its file.

A `Draft` is Qt-free and owns every decision about the letter: how it renders, which edits
survive which change, where a fix goes (a brief field or the text), what "modified" means
and the `.letter` file format. The window and the command line only call it.

The `.letter` file (UTF-8 JSON object)::

    {
      "format": "letterwriter/1",
      "template": "birthday",            # template id
      "brief": {"recipient_name": "Catherine", ...},  # raw field values as typed
      "variation": 1,                    # wording number
      "language": "en-US",               # English variant of the letter
      "edited_text": null,               # the hand-edited letter text, or null if generated
      "ignored": ["rule:EN_QUOTES", "word:MORFOLOGIK_RULE_EN_US:Cat"],  # ignored issues
      "aside": {"condolence": {"memory": "..."}},  # optional: words kept for other templates
      "options": {"font_family": "Kristi", "paper": "a5-card", "seed": 7},  # optional: see below
      "archive": {"person": "3f2a…", "letter": "9c1d…", "memories": ["77b0…"]}  # optional: see below
    }

Dates are ISO strings (YYYY-MM-DD), lists are lists of strings, numbers are numbers. A memory
the client gave a meaning (what it says about them, what it still means) is an object
{"memory": "...", "meaning": "..."}, alone or as a list item (model.Memory).
"options" holds the PDF options this letter chose for itself (font_family, font_size, ink,
paper, paper_tint, hand, seed); the rest follow the settings. Its form, and the older
forms still read, are export/options.py's; autosaved drafts and archived letters store the same.
"archive" names the person in the client files, the letter filed there, and the file's memories
picked for it (so a memory corrected in the letter is corrected in the file, not doubled).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letterwriter.export.options import read_choices
from letterwriter.language import LANGUAGES, word_count
from letterwriter.model import COMMON_FIELDS, BriefError, TemplateInfo, is_empty, missing_required

FORMAT = "letterwriter/1"
MAX_FILE_BYTES = 8 * 1024 * 1024  # far above any letter; a larger file is not one of ours
EDIT_KEY = "__edited_text__"  # where a template's hand-edited text waits while another is shown
# Common fields that mean the same in every letter, so they follow the person across templates.
CARRIED_COMMON = tuple(n for n in COMMON_FIELDS if n != "variation")
# A new letter's own settings: choosing these is not "writing" anything worth a save prompt.
QUIET_FIELDS = {"tone", "length", "variation", "relationship", "recipient_pronouns", "letter_date"}


class LetterFileError(Exception):
    """A file that is not a readable .letter file; the message says why."""


@dataclass
class Rendering:
    """What the brief gives right now: a letter, or the reasons it cannot be written yet."""

    letter: Any = None  # RenderedLetter
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message beside it
    message: str = ""  # shown instead of a letter

    @property
    def text(self) -> str:
        return self.letter.text if self.letter is not None else ""


@dataclass
class SwitchReport:
    """What a template switch did with the person's words."""

    kept_aside: list[str] = field(default_factory=list)  # labels of fields set aside
    restored: list[str] = field(default_factory=list)  # labels brought back from before
    edits_aside: bool = False
    edits_restored: bool = False


def _freeze(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


class Draft:
    """One letter in progress. Every change bumps `revision`; results for older ones are stale."""

    def __init__(
        self,
        library,
        template: str | TemplateInfo,
        values: dict[str, Any] | None = None,
        *,
        variation: int = 1,
        language: str = "en-US",
        options: dict[str, Any] | None = None,
        edited_text: str | None = None,
        ignored: list[str] | None = None,
        aside: dict[str, dict[str, Any]] | None = None,
        path: Path | None = None,
        draft_id: str | None = None,
        person_id: str | None = None,
        letter_id: str | None = None,
        memory_ids: list[str] | None = None,
    ) -> None:
        from letterwriter.storage import new_id

        self.library = library
        self.info: TemplateInfo = template if isinstance(template, TemplateInfo) else library.get(template)
        self.id = draft_id or new_id()
        self.values: dict[str, Any] = {}
        self._set_initial_values(values or {})
        self.variation = max(1, int(variation))
        self.language = language if language in LANGUAGES else "en-US"
        try:
            self.options: dict[str, Any] = read_choices(options)  # the letter's own PDF options
        except ValueError as exc:
            raise LetterFileError(str(exc)) from None
        self.edited_text = edited_text
        self.edit_base: str | None = None  # the generated text the edit started from
        self.ignored: list[str] = list(ignored or [])
        self.aside: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (aside or {}).items()}
        self.path = Path(path) if path else None
        self.person_id = person_id  # who it is to, in the client archive
        self.letter_id = letter_id  # the archive's copy of this letter, once filed
        self.memory_ids = list(memory_ids or [])  # the file's memories picked for it
        self.revision = 0
        self._render_key: str | None = None
        self._rendering = Rendering()
        self.issues: list = []
        self.checked_text: str | None = None  # the text the current issues belong to
        self._spans_key: tuple[str, str] | None = None  # the edit diff, computed once per text
        self._spans: list[tuple[int, int]] = []
        self._clean = self._snapshot()
        self._clean_has_file = self.path is not None
        if edited_text is not None:
            self.edit_base = self.rendering().text

    # --- values -----------------------------------------------------------------------
    @property
    def template(self) -> str:
        return self.info.id

    def _set_initial_values(self, values: dict[str, Any]) -> None:
        for f in self.info.fields:
            if f.name in values:
                self.values[f.name] = values[f.name]
            elif f.default is not None:
                self.values[f.name] = f.default
            else:
                self.values[f.name] = f.empty_value()

    def _changed(self) -> None:
        self.revision += 1

    def set_value(self, name: str, value: Any) -> bool:
        """One field as the person typed it; False when nothing changed."""
        if self.info.field(name) is None:
            raise BriefError(f"unknown field '{name}' for template '{self.info.id}'", name)
        if _freeze(self.values.get(name)) == _freeze(value):
            return False
        self.values[name] = value
        self._changed()
        return True

    def set_values(self, values: dict[str, Any]) -> bool:
        changed = False
        for name, value in values.items():
            if self.info.field(name) is not None:
                changed |= self.set_value(name, value)
        return changed

    def set_variation(self, variation: int) -> bool:
        variation = max(1, int(variation))
        if variation == self.variation:
            return False
        self.variation = variation
        self._changed()
        return True

    def next_wording(self) -> int:
        self.set_variation(self.variation + 1)
        return self.variation

    def set_language(self, language: str) -> bool:
        if language not in LANGUAGES:
            raise BriefError(f"unknown language '{language}' (choose {', '.join(LANGUAGES)})")
        if language == self.language:
            return False
        self.language = language
        self._changed()
        return True

    # --- switching templates ----------------------------------------------------------
    def _carries(self, name: str, new: TemplateInfo, old: TemplateInfo | None = None) -> bool:
        """A value follows the person to another template only if it means the same thing there."""
        target = new.field(name)
        old = (old or self.info).field(name)
        if target is None or old is None or target.type != old.type:
            return False
        if name in CARRIED_COMMON:
            return True
        # a template marks the fields written for its occasion alone (`carry = false`: a
        # memory of the person who died, "what they did"); those wait aside, on either side
        return bool(getattr(target, "carry", True) and getattr(old, "carry", True))

    def set_template(self, template: str | TemplateInfo) -> SwitchReport:
        new = template if isinstance(template, TemplateInfo) else self.library.get(template)
        report = SwitchReport()
        if new.id == self.info.id:
            return report
        old = self.info
        kept: dict[str, Any] = {}
        carried: dict[str, Any] = {}
        for name, value in self.values.items():
            if self._carries(name, new):
                if value != old.field(name).default:  # an untouched default takes the new one's
                    carried[name] = value
            elif not is_empty(value) and name not in COMMON_FIELDS and value != old.field(name).default:
                kept[name] = value
                report.kept_aside.append(old.field(name).label)
        if self.edited_text is not None:
            kept[EDIT_KEY] = self.edited_text
            report.edits_aside = True
        if kept:
            self.aside[old.id] = kept
        else:
            self.aside.pop(old.id, None)
        back = self.aside.pop(new.id, {})
        for tid, waiting in list(self.aside.items()):  # typed for one occasion, set aside by another
            other = next((i for i in self.library.list() if i.id == tid), None)
            for name in [n for n in waiting if other and n not in back and n not in carried]:
                if new.field(name) and self._carries(name, new, other):
                    carried[name] = waiting.pop(name)
            if not waiting:
                del self.aside[tid]
        self.info = new
        self.values = {}
        self._set_initial_values({**carried, **{k: v for k, v in back.items() if k != EDIT_KEY}})
        report.restored = [new.field(n).label for n in back if n != EDIT_KEY and new.field(n)]
        self.edited_text = back.get(EDIT_KEY)
        report.edits_restored = self.edited_text is not None
        self.issues, self.checked_text = [], None
        self._changed()
        self.edit_base = self.rendering().text if self.edited_text is not None else None
        return report

    def kept_aside(self) -> dict[str, list[str]]:
        """Words waiting for other templates: template title -> field labels."""
        out: dict[str, list[str]] = {}
        for tid, values in self.aside.items():
            try:
                info = self.library.get(tid)
            except Exception:
                continue
            labels = [info.field(n).label for n in values if n != EDIT_KEY and info.field(n)]
            if EDIT_KEY in values:
                labels.append("your edited text")
            out[info.title] = labels
        return out

    # --- rendering --------------------------------------------------------------------
    def brief(self) -> dict[str, Any]:
        return dict(self.values)

    def rendering(self) -> Rendering:
        """The letter from the brief as it is now (cached until something changes)."""
        key = _freeze([self.info.id, self.values, self.variation, self.language])
        if key == self._render_key:
            return self._rendering
        errors = {name: "Needed for the letter" for name in missing_required(self.info, self.values)}
        letter, message = None, ""
        try:
            letter = self.library.render(
                self.info, self.values, variation=self.variation, language=self.language
            )
        except BriefError as exc:
            if exc.field and exc.field not in errors:
                errors[exc.field] = str(exc).split(": ", 1)[-1]
            elif not exc.field:
                message = str(exc)
        except Exception as exc:  # a broken template: say where, keep the desk usable
            where = f" ({exc.path}:{exc.line})" if getattr(exc, "line", None) else ""
            message = f"This template cannot be rendered{where}:\n{exc}"
        if letter is None and not message and errors:
            missing = [self.info.field(n).label for n, e in errors.items() if e == "Needed for the letter"]
            wrong = [
                f"{self.info.field(n).label} ({e})" for n, e in errors.items() if e != "Needed for the letter"
            ]
            parts = (["fill in: " + ", ".join(missing)] if missing else []) + (
                ["change " + "; ".join(wrong)] if wrong else []
            )
            message = "To write the letter, " + "; and ".join(parts)
        self._render_key, self._rendering = key, Rendering(letter, errors, message)
        return self._rendering

    @property
    def text(self) -> str:
        """The letter as it stands: the person's edit of it, or the generated one ('' if none)."""
        if self.edited_text is not None:
            return self.edited_text
        return self.rendering().text

    def letter(self):
        """The letter as it will be exported (RenderedLetter), or None while the brief is incomplete."""
        letter = self.rendering().letter
        if letter is None:
            return None
        return letter if self.edited_text is None else letter.with_text(self.edited_text)

    def edit_text(self, text: str) -> bool:
        """The person typed in the letter itself."""
        if text == self.text:
            return False
        generated = self.rendering().text
        if text == generated:
            self.edited_text, self.edit_base = None, None
        else:
            if self.edited_text is None:
                self.edit_base = generated
            self.edited_text = text
        self._changed()
        return True

    def regenerate(self) -> bool:
        """Drop the person's edits: the letter is written from the brief again."""
        if self.edited_text is None:
            return False
        self.edited_text, self.edit_base = None, None
        self._changed()
        return True

    @property
    def brief_changed_since_edit(self) -> bool:
        """The brief changed after the text was edited: the edit no longer shows those changes."""
        return (
            self.edited_text is not None
            and self.edit_base is not None
            and (self.rendering().text != self.edit_base)
        )

    # --- issues -----------------------------------------------------------------------
    def needs_check(self) -> bool:
        return bool(self.text) and self.text != self.checked_text

    def accept_issues(self, revision: int, text: str, issues: list) -> bool:
        """Take a check's result if it still describes this letter; False for a stale one."""
        if revision != self.revision or text != self.text:
            return False
        self.checked_text = text
        self.issues = _annotate([i for i in issues if not self._is_ignored(i, text)], text)
        return True

    def visible_issues(self) -> list:
        """The issues that still sit on their words (an edit elsewhere leaves them in place)."""
        text = self.text
        return [
            i for i in self.issues if text[i.offset : i.offset + i.length] == getattr(i, "checked_word", None)
        ]

    def _is_ignored(self, issue, text: str) -> bool:
        word = issue.word(text)
        return f"rule:{issue.rule_id}" in self.ignored or f"word:{issue.rule_id}:{word}" in self.ignored

    def ignore(self, issue, whole_rule: bool = False) -> None:
        text = self.text
        key = f"rule:{issue.rule_id}" if whole_rule else f"word:{issue.rule_id}:{issue.word(text)}"
        if key not in self.ignored:
            self.ignored.append(key)
            self._changed()
            self.checked_text = text  # ignoring is not an edit: the letter needs no new check
        self.issues = [i for i in self.issues if not self._is_ignored(i, text)]

    def drop_word(self, word: str) -> None:
        """A word added to the dictionary: its spelling issues go at once."""
        text = self.text
        self.issues = [i for i in self.issues if not (i.kind == "spelling" and i.word(text) == word)]

    def origin(self, issue) -> str:
        """Where an issue's words come from, in the person's terms."""
        if self.edited_text is not None and self._in_edit(issue):
            return "your edit"
        if issue.source == "field" and issue.field:
            f = self.info.field(issue.field)
            return f"your brief: {f.label if f else issue.field}"
        if issue.source == "template" or self.edited_text is None:
            return "the template's own text"
        return ""

    def _in_edit(self, issue) -> bool:
        """True when the issue's words are not in the generated letter (the person typed them)."""
        a, b = issue.offset, issue.offset + max(issue.length, 1)
        return any(a < j2 and b > j1 for j1, j2 in self._edited_spans())

    def _edited_spans(self) -> list[tuple[int, int]]:
        """Spans of the edited text that differ from the generated letter (one diff per text)."""
        import difflib

        base, edited = self.rendering().text, self.edited_text or ""
        key = (base, edited)
        if self._spans_key != key:
            if not base:
                spans = [(0, len(edited) + 1)]
            else:
                ops = difflib.SequenceMatcher(None, base, edited, autojunk=False).get_opcodes()
                spans = [(j1, j2) for tag, _i1, _i2, j1, j2 in ops if tag != "equal"]
            self._spans_key, self._spans = key, spans
        return self._spans

    def fix(self, issue, replacement: str) -> str:
        """Apply one suggested fix where it belongs; returns "field" or "text".

        A fix for words typed into the brief goes back into that field, so the next
        rendering keeps it; anything else changes the text. Only the flagged span changes.
        """
        from letterwriter.grammar import apply_fix

        text = self.text
        if issue not in self.issues or text[issue.offset : issue.offset + issue.length] != getattr(
            issue, "checked_word", None
        ):
            raise ValueError("this issue belongs to an older version of the letter")
        if self.edited_text is None and issue.source == "field" and issue.field:
            new_value = _fix_in_value(self.values.get(issue.field), text, issue, replacement)
            if new_value is not None:
                self.set_value(issue.field, new_value)
                # issues before the fixed word still stand; the rest wait for the next check
                self.issues = [i for i in self.issues if i.offset + i.length <= issue.offset]
                self.checked_text = None
                return "field"
        new_text, remaining = apply_fix(text, self.issues, issue, replacement)
        self.edit_text(new_text)
        self.issues = _annotate(remaining, new_text)
        self.checked_text = new_text
        return "text"

    # --- state ------------------------------------------------------------------------
    def _snapshot(self) -> str:
        return _freeze(
            [self.info.id, self.values, self.variation, self.language, self.edited_text, self.ignored]
        )

    @property
    def modified(self) -> bool:
        """Changed since opened or saved; a new letter counts once the person wrote anything."""
        if self._snapshot() == self._clean:
            return False
        if self._clean_has_file:
            return True
        defaults = {f.name: f.default for f in self.info.fields}
        return self.edited_text is not None or any(
            not is_empty(v) and v != defaults.get(k) for k, v in self.values.items() if k not in QUIET_FIELDS
        )

    def mark_clean(self, path: Path | None = None) -> None:
        if path is not None:
            self.path = Path(path)
        self._clean = self._snapshot()
        self._clean_has_file = self.path is not None

    def recipient(self) -> str:
        return str(self.values.get("recipient_name") or "").strip()

    def words(self) -> int:
        return word_count(self.text)

    # --- the .letter format -----------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "template": self.info.id,
            "brief": self.values,
            "variation": self.variation,
            "language": self.language,
            "edited_text": self.edited_text,
            "ignored": list(self.ignored),
        }
        if self.aside:
            data["aside"] = self.aside
        if self.options:
            data["options"] = dict(self.options)
        if self.person_id:
            data["archive"] = {
                "person": self.person_id,
                "letter": self.letter_id,
                "memories": self.memory_ids,
            }
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False, default=str) + "\n"

    def save(self, path: Path | str) -> Path:
        from letterwriter.export import write_text_atomic

        written = write_text_atomic(path, self.dumps())
        self.mark_clean(Path(path))
        return written

    @classmethod
    def from_json(cls, library, data: Any, *, path: Path | None = None, draft_id: str | None = None) -> Draft:
        """A draft from .letter JSON; LetterFileError names what is wrong, never a crash."""
        where = str(path) if path else "the letter"
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise LetterFileError(f"{where} is not a Letterwriter letter ({FORMAT})")
        template = data.get("template")
        if not isinstance(template, str) or not template:
            raise LetterFileError(f"{where} names no template")
        try:
            info = library.get(template)
        except Exception:
            raise LetterFileError(f"{where} uses the template '{template}', which is not installed") from None
        brief = data.get("brief", {})
        if not isinstance(brief, dict):
            raise LetterFileError(f"{where}: 'brief' must be an object of field name to value")
        values = {}
        for name, value in brief.items():
            f = info.field(name)
            if f is None:
                continue  # a field the template no longer has: leave it out, do not fail
            if not _plain_value(value):
                raise LetterFileError(f"{where}: the value of '{name}' is not text, a number or a list")
            values[name] = value
        variation = data.get("variation", 1)
        if isinstance(variation, bool) or not isinstance(variation, int) or not 1 <= variation <= 10**6:
            raise LetterFileError(f"{where}: 'variation' must be a whole number from 1")
        language = data.get("language", "en-US")
        if language not in LANGUAGES:
            raise LetterFileError(f"{where}: unknown language {language!r} (choose {', '.join(LANGUAGES)})")
        edited = data.get("edited_text")
        if edited is not None and not isinstance(edited, str):
            raise LetterFileError(f"{where}: 'edited_text' must be text or null")
        ignored = data.get("ignored", [])
        if not isinstance(ignored, list) or not all(isinstance(x, str) for x in ignored):
            raise LetterFileError(f"{where}: 'ignored' must be a list of text")
        aside = data.get("aside", {})
        if not isinstance(aside, dict) or not all(
            isinstance(v, dict) and all(_plain_value(x) for x in v.values()) for v in aside.values()
        ):
            raise LetterFileError(f"{where}: 'aside' must be an object of template to field values")
        options = data.get("options", {})
        if not isinstance(options, dict):
            raise LetterFileError(f"{where}: 'options' must be an object of option names and values")
        try:
            options = read_choices(options)
        except ValueError as exc:
            raise LetterFileError(f"{where}: {exc}") from None
        link = data.get("archive") or {}
        picked = link.pop("memories", []) if isinstance(link, dict) else []
        if not isinstance(link, dict) or not all(v is None or isinstance(v, str) for v in link.values()):
            raise LetterFileError(f"{where}: 'archive' must name a person and a letter by id")
        if not isinstance(picked, list) or not all(isinstance(v, str) for v in picked):
            raise LetterFileError(f"{where}: 'archive' names its memories by id")
        return cls(
            library,
            info,
            values,
            variation=variation,
            language=language,
            options=options,
            edited_text=edited,
            ignored=ignored,
            aside=aside,
            path=path,
            draft_id=draft_id,
            person_id=link.get("person"),
            letter_id=link.get("letter"),
            memory_ids=picked,
        )

    @classmethod
    def loads(cls, library, text: str, **kw: Any) -> Draft:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            where = kw.get("path") or "the letter"
            raise LetterFileError(
                f"{where} is damaged and cannot be read (it stops making sense at line {exc.lineno}, "
                f"column {exc.colno})"
            ) from None
        except (ValueError, RecursionError):
            where = kw.get("path") or "the letter"
            raise LetterFileError(f"{where} is damaged and cannot be read") from None
        return cls.from_json(library, data, **kw)

    @classmethod
    def open(cls, library, path: Path | str) -> Draft:
        path = Path(path)
        try:
            if not path.is_file():
                raise LetterFileError(f"{path} is not a file")
            if path.stat().st_size > MAX_FILE_BYTES:
                raise LetterFileError(f"{path} is too large to be a letter")
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise LetterFileError(f"cannot read {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise LetterFileError(f"{path} is not UTF-8 text") from None
        return cls.loads(library, text, path=path)


def _annotate(issues: list, text: str) -> list:
    """Remember each issue's words, so a fix never lands on text that has moved since."""
    for issue in issues:
        issue.checked_word = issue.word(text)
    return issues


def _plain_value(value: Any, depth: int = 0) -> bool:
    """Text, a finite number, null, or a list of text: what a brief field can hold."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 10**15
    if isinstance(value, float):
        return value == value and abs(value) < 1e15
    if isinstance(value, list) and depth == 0:
        return all(isinstance(x, str) or _memory_value(x) for x in value)
    return _memory_value(value)


def _memory_value(value: Any) -> bool:
    """A memory with the client's meaning beside it: {"memory": "...", "meaning": "..."}."""
    return (
        isinstance(value, dict)
        and set(value) <= {"memory", "meaning"}
        and all(isinstance(v, str) for v in value.values())
    )


_WORD_CHARS = re.compile(r"\w", re.UNICODE)


def _fix_in_value(value: Any, text: str, issue, replacement: str) -> Any:
    """The field value with exactly the flagged occurrence replaced; None when it cannot be found.

    The letter may show a value slightly changed (a capital, a dropped full stop), so the
    occurrence is found by counting: the flagged word is the k-th such word of the span the
    value fills in the letter, and the k-th occurrence in the value is replaced.
    """
    from letterwriter.grammar import field_spans

    wrong = issue.word(text)
    if not wrong:
        return None
    items = value if isinstance(value, list) else [value]
    for span_start, span_end, _name in field_spans(text, {issue.field: value}):
        if not (span_start <= issue.offset < span_end):
            continue
        shown = text[span_start:span_end]
        k = _occurrences(shown, wrong, issue.offset - span_start)
        for idx, item in enumerate(items):
            if not isinstance(item, str):
                continue
            if shown.lower() not in item.lower() and item.lower().strip().rstrip(".!?") not in shown.lower():
                continue
            pos = _nth(item, wrong, k)
            if pos is None:
                continue
            fixed = item[:pos] + replacement + item[pos + len(wrong) :]
            if isinstance(value, list):
                out = list(value)
                out[idx] = fixed
                return out
            return fixed
    return None


def _bounded(text: str, start: int, length: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[start + length] if start + length < len(text) else " "
    return not (_WORD_CHARS.match(before) or _WORD_CHARS.match(after))


def _occurrences(text: str, word: str, upto: int) -> int:
    """How many whole-word occurrences of `word` start before `upto` in `text`."""
    n, i = 0, text.find(word)
    while 0 <= i < upto:
        if _bounded(text, i, len(word)):
            n += 1
        i = text.find(word, i + 1)
    return n


def _nth(text: str, word: str, k: int) -> int | None:
    n, i = 0, text.find(word)
    while i >= 0:
        if _bounded(text, i, len(word)):
            if n == k:
                return i
            n += 1
        i = text.find(word, i + 1)
    return None
