"""Grammar and spelling checks through a LanguageTool server, aware of the letter being checked.

No Qt here: the window and the command line both call `Checker.check` / `check_letter`.
Offsets are given in Unicode code points (Python) and in UTF-16 units (Qt).
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from letterwriter import dictionary
from letterwriter.language import LANGUAGES

SPELLING_CATEGORIES = {"TYPOS"}
SPELLING_ISSUE_TYPES = {"misspelling"}
STYLE_ISSUE_TYPES = {"style", "locale-violation", "register"}
STYLE_CATEGORIES = {"STYLE", "REDUNDANCY", "PLAIN_ENGLISH", "TYPOGRAPHY", "CASING"}


def _bypass_proxy_for_loopback() -> None:
    """Requests to our own server on 127.0.0.1 must never go through an HTTP proxy."""
    for key in ("NO_PROXY", "no_proxy"):
        current = [p for p in os.environ.get(key, "").split(",") if p]
        for host in ("127.0.0.1", "localhost", "::1"):
            if host not in current:
                current.append(host)
        os.environ[key] = ",".join(current)


_bypass_proxy_for_loopback()


class GrammarUnavailable(Exception):
    """The grammar service cannot be reached or used; the message says why and what to do."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Issue:
    offset: int  # code points
    length: int
    utf16_offset: int
    utf16_length: int
    message: str
    short_message: str
    rule_id: str
    category: str
    issue_type: str
    replacements: list[str]
    context: str
    # Where the words come from in a rendered letter: "template", or "field" with its name.
    source: str = ""
    field: str = ""

    @property
    def kind(self) -> str:
        """spelling, grammar or style: the colour of the underline."""
        if self.category in SPELLING_CATEGORIES or self.issue_type in SPELLING_ISSUE_TYPES:
            return "spelling"
        if self.issue_type in STYLE_ISSUE_TYPES:
            return "style"
        if self.category in STYLE_CATEGORIES and self.issue_type != "grammar":
            return "style"
        return "grammar"

    def word(self, text: str) -> str:
        return text[self.offset : self.offset + self.length]

    def provenance(self) -> str:
        if self.source == "field":
            return f"your brief, field '{self.field}'"
        if self.source == "template":
            return "the template's own text"
        return ""

    def describe(self, text: str) -> str:
        line = text.count("\n", 0, self.offset) + 1
        col = self.offset - (text.rfind("\n", 0, self.offset) + 1) + 1
        fix = f" (try: {', '.join(self.replacements[:3])})" if self.replacements else ""
        where = f" [{self.provenance()}]" if self.source else ""
        return f"{line}:{col}: {self.word(text)!r}: {self.message}{fix} <{self.rule_id}>{where}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.source:
            data.pop("source")
            data.pop("field")
        return data


@dataclass
class CheckReport:
    language: str
    issues: list[Issue] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "issues": [i.to_json() for i in self.issues]}


# --- the server connection ---------------------------------------------------------------

_PARA_SPLIT = re.compile(r"\n\s*\n")


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARA_SPLIT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


class Checker:
    """Checks texts against one LanguageTool server; remembers paragraphs it has checked.

    Re-checking a letter after one paragraph changed sends only that paragraph: the others'
    issues come from the cache (keyed by paragraph text and options).
    """

    def __init__(self, url: str, timeout: float = 30.0, cache_size: int = 2000):
        self.url = url.rstrip("/") + "/"
        self.timeout = timeout
        self._tools: dict[str, Any] = {}
        self._cache: dict[tuple, list[dict[str, Any]]] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def _tool(self, language: str):
        tool = self._tools.get(language)
        if tool is None:
            import language_tool_python as ltp

            try:
                tool = ltp.LanguageTool(language, remote_server=self.url)
            except Exception as exc:
                raise GrammarUnavailable(f"LanguageTool at {self.url} did not answer: {_why(exc)}") from None
            tool._TIMEOUT = self.timeout
            self._tools[language] = tool
        return tool

    def _query(self, text: str, language: str, picky: bool, disabled: tuple[str, ...]) -> list[dict]:
        """Raw matches for `text` with code-point offsets relative to it."""
        tool = self._tool(language)
        tool.picky = picky
        tool.disabled_rules = set(disabled)
        try:
            matches = tool.check(text)
        except Exception as exc:
            raise GrammarUnavailable(f"LanguageTool at {self.url} failed: {_why(exc)}") from None
        out = []
        for m in matches:
            out.append(
                {
                    "offset": m.offset,
                    "length": m.error_length,
                    "message": m.message,
                    "short_message": getattr(m, "shortMessage", "") or "",
                    "rule_id": m.rule_id,
                    "category": m.category,
                    "issue_type": getattr(m, "rule_issue_type", "") or "",
                    "replacements": list(m.replacements)[:8],
                    "context": m.context,
                }
            )
        return out

    def check(
        self,
        text: str,
        *,
        language: str = "en-US",
        picky: bool = False,
        disabled_rules: tuple[str, ...] | list[str] = (),
    ) -> list[Issue]:
        """All issues in `text`, using cached results for paragraphs already seen."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language '{language}' (choose {', '.join(LANGUAGES)})")
        disabled = tuple(sorted(disabled_rules))
        spans = _paragraph_spans(text)
        key_of = lambda para: (para, language, picky, disabled)  # noqa: E731
        with self._lock:
            missing = [(a, b) for a, b in spans if key_of(text[a:b]) not in self._cache]
        if missing:
            # One request for every paragraph not seen yet, joined as separate paragraphs.
            joined_parts, starts, pos = [], [], 0
            for a, b in missing:
                starts.append(pos)
                joined_parts.append(text[a:b])
                pos += (b - a) + 2
            joined = "\n\n".join(joined_parts)
            raw = self._query(joined, language, picky, disabled)
            per_para: list[list[dict]] = [[] for _ in missing]
            for m in raw:
                for i in range(len(missing) - 1, -1, -1):
                    if m["offset"] >= starts[i]:
                        per_para[i].append(dict(m, offset=m["offset"] - starts[i]))
                        break
            with self._lock:
                if len(self._cache) > self._cache_size:
                    self._cache.clear()
                for (a, b), found in zip(missing, per_para, strict=True):
                    self._cache[key_of(text[a:b])] = found
        issues: list[Issue] = []
        with self._lock:
            for a, b in spans:
                for m in self._cache.get(key_of(text[a:b]), []):
                    off = a + m["offset"]
                    issues.append(_make_issue(text, off, m))
        issues.sort(key=lambda i: i.offset)
        return issues


def _make_issue(text: str, offset: int, m: dict[str, Any]) -> Issue:
    length = m["length"]
    return Issue(
        offset=offset,
        length=length,
        utf16_offset=utf16_len(text[:offset]),
        utf16_length=utf16_len(text[offset : offset + length]),
        message=m["message"],
        short_message=m["short_message"],
        rule_id=m["rule_id"],
        category=m["category"],
        issue_type=m["issue_type"],
        replacements=list(m["replacements"]),
        context=m["context"],
    )


def _why(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    if "Max retries exceeded" in text or "Connection refused" in text:
        return "connection refused (is the server running?)"
    if "timed out" in text.lower() or "Timeout" in type(exc).__name__:
        return "it did not answer in time"
    first_line = text.splitlines()[0][:120]
    if "JSON" in text or "Expecting value" in text or text.lstrip().startswith("<"):
        return f"it answered with something that is not a LanguageTool reply ({first_line})"
    return first_line


# --- accepting the letter's own words ---------------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w’'-]*", re.UNICODE)


_NAME_FIELD = re.compile(r"(^|_)(name|names|nickname|place|places|city|town)$")


def accepted_words_from(values: dict[str, Any]) -> set[str]:
    """The brief's own words that are not mistakes: every word of name, nickname and place
    fields, and capitalised words anywhere (names and places inside a memory).

    A lower-case word in a memory or message is still checked: "the nite we danced" is a
    typo worth catching, and its provenance sends the fix to that field.
    """
    words: set[str] = set()
    for key, value in values.items():
        items = value if isinstance(value, list) else [value]
        whole = bool(_NAME_FIELD.search(key))
        for item in items:
            if not isinstance(item, str):
                continue
            for w in _WORD.findall(item):
                if whole or w[:1].isupper():
                    words.add(w.lower())
                    words.add(re.sub(r"[’']s$", "", w).lower())
    return words


def drop_accepted(issues: list[Issue], text: str, accepted: set[str]) -> list[Issue]:
    if not accepted:
        return issues
    kept = []
    for issue in issues:
        if issue.kind == "spelling":
            span = issue.word(text).strip("’'")
            bare = re.sub(r"[’']s$", "", span).lower()
            if (
                span.lower() in accepted
                or bare in accepted
                or all(w.lower() in accepted for w in _WORD.findall(span))
            ):
                continue
        kept.append(issue)
    return kept


# --- provenance -------------------------------------------------------------------------


def field_spans(text: str, values: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Where each typed value appears in the rendered letter (longest values first)."""
    from letterwriter.language import clause

    candidates: list[tuple[str, str]] = []
    for name, value in values.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, str) and len(item.strip()) >= 2:
                for form in {item.strip(), clause(item), item.strip().rstrip(".!?")}:
                    if len(form) >= 2:
                        candidates.append((form, name))
    candidates.sort(key=lambda c: -len(c[0]))
    spans: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for form, name in candidates:
        needle = form.lower()
        start = 0
        while True:
            i = lowered.find(needle, start)
            if i < 0:
                break
            end = i + len(needle)
            if not any(a <= i < b or a < end <= b for a, b, _ in spans):
                spans.append((i, end, name))
            start = end
    return sorted(spans)


def attach_provenance(issues: list[Issue], text: str, values: dict[str, Any]) -> None:
    spans = field_spans(text, values)
    for issue in issues:
        a, b = issue.offset, issue.offset + max(issue.length, 1)
        for s, e, name in spans:
            if a < e and b > s:
                issue.source, issue.field = "field", name
                break
        else:
            issue.source, issue.field = "template", ""


# --- fixes ------------------------------------------------------------------------------


def apply_fix(text: str, issues: list[Issue], issue: Issue, replacement: str) -> tuple[str, list[Issue]]:
    """The text with one issue fixed, and the other issues with offsets still right.

    Issues overlapping the fixed span are dropped (their words changed); those after it move.
    """
    start, end = issue.offset, issue.offset + issue.length
    new_text = text[:start] + replacement + text[end:]
    delta = len(replacement) - issue.length
    delta16 = utf16_len(replacement) - issue.utf16_length
    remaining = []
    for other in issues:
        if other is issue:
            continue
        o_start, o_end = other.offset, other.offset + other.length
        if o_end <= start:
            remaining.append(other)
        elif o_start >= end:
            moved = Issue(
                **{
                    **asdict(other),
                    "offset": o_start + delta,
                    "utf16_offset": other.utf16_offset + delta16,
                }
            )
            remaining.append(moved)
    return new_text, remaining


def fix_in_field(values: dict[str, Any], issue: Issue, text: str, replacement: str) -> dict[str, Any] | None:
    """A fix for a typed word goes back into the brief field it came from; None if it cannot."""
    if issue.source != "field" or not issue.field:
        return None
    wrong = issue.word(text)
    value = values.get(issue.field)
    new_values = dict(values)
    if isinstance(value, str) and wrong in value:
        new_values[issue.field] = value.replace(wrong, replacement, 1)
        return new_values
    if isinstance(value, list):
        for i, item in enumerate(value):
            if wrong in item:
                items = list(value)
                items[i] = item.replace(wrong, replacement, 1)
                new_values[issue.field] = items
                return new_values
    return None


# --- the top-level calls ---------------------------------------------------------------------

_checkers: dict[str, Checker] = {}


def checker_for(url: str) -> Checker:
    c = _checkers.get(url)
    if c is None:
        c = _checkers[url] = Checker(url)
    return c


def check_text(
    text: str,
    *,
    language: str = "en-US",
    accept: list[str] | tuple[str, ...] = (),
    picky: bool = False,
    disabled_rules: list[str] | tuple[str, ...] = (),
    server_url: str | None = None,
    checker: Checker | None = None,
) -> CheckReport:
    """Check any text: personal dictionary and `accept` words are not reported as typos."""
    from letterwriter.settings import Settings

    settings = Settings.load()
    disabled = list(disabled_rules) + list(settings.get("disabled_rules"))
    remote = server_url or settings.get("lt_server_url")
    if checker is not None or remote:
        checker = checker or checker_for(remote)
        issues = checker.check(text, language=language, picky=picky, disabled_rules=disabled)
    else:
        from letterwriter import ltserver

        url = ltserver.ensure_shared_server()
        try:
            issues = checker_for(url).check(text, language=language, picky=picky, disabled_rules=disabled)
        except GrammarUnavailable as first:
            if ltserver.shared_status()["state"] == "running":
                raise  # the server is alive: the fault is not one a restart mends
            # Our shared server died under us: start it once more, then give up.
            url = ltserver.ensure_shared_server()
            try:
                issues = checker_for(url).check(text, language=language, picky=picky, disabled_rules=disabled)
            except GrammarUnavailable as second:
                raise GrammarUnavailable(f"{second} (after one restart; first: {first})") from None
    accepted = {w.lower() for w in accept} | dictionary.load()
    return CheckReport(language, drop_accepted(issues, text, accepted))


def check_letter(
    letter,
    *,
    language: str | None = None,
    picky: bool = False,
    server_url: str | None = None,
    checker: Checker | None = None,
    text: str | None = None,
) -> CheckReport:
    """Check a rendered letter (or the person's edited `text` of it) with its brief's words accepted."""
    text = letter.text if text is None else text
    values = {k: v for k, v in letter.values.items() if isinstance(v, (str, list))}
    accept = sorted(accepted_words_from(values))
    report = check_text(
        text,
        language=language or letter.language,
        accept=accept,
        picky=picky,
        server_url=server_url,
        checker=checker,
    )
    attach_provenance(report.issues, text, values)
    return report
