"""Grammar and spelling checks through a LanguageTool server, aware of the letter being checked.

No Qt here: the window and the command line both call `Checker.check` / `check_letter`.
Offsets are given in Unicode code points (Python) and in UTF-16 units (Qt).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import threading
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from letterwriter import dictionary
from letterwriter.issue import (
    CheckReport,
    CheckTimeout,
    GrammarUnavailable,
    Issue,
    ServerGone,
    utf16_len,
    utf16_to_codepoint_map,
)
from letterwriter.language import LANGUAGES

__all__ = [
    "CheckReport",
    "CheckTimeout",
    "Checker",
    "ManagedChecker",
    "GrammarUnavailable",
    "Issue",
    "ServerGone",
    "apply_fix",
    "check_letter",
    "check_text",
    "checker_for",
    "fix_in_field",
    "utf16_len",
]

# One request carries at most this many UTF-16 units (LanguageTool counts Java chars). Our
# own server accepts 50,000; 20,000 is also what public servers take, and a longer text is
# checked in several requests, split at paragraph (or sentence) boundaries.
MAX_REQUEST_UNITS = 20_000


def _bypass_proxy_for_loopback() -> None:
    """Requests to our own server on 127.0.0.1 must never go through an HTTP proxy."""
    for key in ("NO_PROXY", "no_proxy"):
        current = [p for p in os.environ.get(key, "").split(",") if p]
        for host in ("127.0.0.1", "localhost", "::1"):
            if host not in current:
                current.append(host)
        os.environ[key] = ",".join(current)


_bypass_proxy_for_loopback()
_opener = urllib.request.build_opener()  # honours a proxy for a team server, never for loopback


def check_timeout() -> float:
    """Seconds a check may wait for its answer (setting `check_timeout_s`, default 30)."""
    from letterwriter.settings import Settings

    return _timeout_from(Settings.load())


def _timeout_from(settings) -> float:
    value = settings.get("check_timeout_s")
    return float(value) if isinstance(value, (int, float)) and value > 0 else 30.0


# --- splitting a text into requests -------------------------------------------------------

_PARA_SPLIT = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n")


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARA_SPLIT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _split_long(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """A paragraph longer than one request, cut at sentence ends, else spaces, else anywhere."""
    out: list[tuple[int, int]] = []
    while utf16_len(text[a:b]) > limit:
        # `limit` code points never exceed `limit` UTF-16 units' worth of room: look for a cut
        # in the first limit // 2 .. limit code points (astral characters take two units).
        hi = a + limit // 2 if _has_astral(text[a : a + limit]) else a + limit
        window = text[a:hi]
        cut = None
        for pattern in (_SENTENCE_END, re.compile(r"\s+")):
            ends = [m.end() for m in pattern.finditer(window) if m.start() > 0]
            if ends:
                cut = a + ends[-1]
                break
        if cut is None or cut <= a:
            cut = hi
            # never split a base character from its combining marks
            while cut > a + 1 and unicodedata.combining(text[cut]):
                cut -= 1
        out.append((a, cut))
        a = cut
    if text[a:b].strip():
        out.append((a, b))
    return out


def _has_astral(s: str) -> bool:
    return utf16_len(s) != len(s)


def _pieces(text: str, limit: int = MAX_REQUEST_UNITS) -> list[tuple[int, int]]:
    """The text's checkable pieces: paragraphs, long ones cut to fit in one request."""
    out: list[tuple[int, int]] = []
    for a, b in _paragraph_spans(text):
        if b - a > limit // 2 and utf16_len(text[a:b]) > limit:
            out.extend(_split_long(text, a, b, limit))
        else:
            out.append((a, b))
    return out


# --- the server connection ---------------------------------------------------------------


class Checker:
    """Checks texts against one LanguageTool server; remembers pieces it has checked.

    Re-checking a letter after one paragraph changed sends only that paragraph: the others'
    issues come from the cache (keyed by paragraph text and options). Every request waits
    at most `timeout` seconds for its answer.
    """

    def __init__(self, url: str, timeout: float | None = None, cache_size: int = 2000):
        self.url = url.rstrip("/") + "/"
        self.timeout = float(timeout) if timeout else check_timeout()
        self._cache: dict[tuple, list[dict[str, Any]]] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.max_request_units = MAX_REQUEST_UNITS

    def _post(self, params: dict[str, str]) -> Any:
        data = urllib.parse.urlencode(params).encode()
        where = f"LanguageTool at {self.url.rstrip('/')}"
        try:
            with _opener.open(self.url + "v2/check", data=data, timeout=self.timeout) as reply:
                body = reply.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace").strip().splitlines()[:1]
            raise GrammarUnavailable(
                f"{where} failed: HTTP {exc.code}{': ' + detail[0] if detail else ''}"
            ) from None
        except TimeoutError:
            raise CheckTimeout(f"{where} did not answer in {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise CheckTimeout(f"{where} did not answer in {self.timeout:g} s") from None
            if isinstance(reason, ConnectionRefusedError):
                raise ServerGone(f"{where} refused the connection (is the server running?)") from None
            raise GrammarUnavailable(f"{where} cannot be reached: {reason}") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            # reset or closed mid-answer: the server went away under this check
            raise ServerGone(f"{where} closed the connection ({type(exc).__name__})") from None
        except OSError as exc:
            raise GrammarUnavailable(f"{where} failed: {exc}") from None
        try:
            return json.loads(body)
        except ValueError:
            first = body[:120].decode("utf-8", "replace").strip().splitlines()[:1] or [""]
            raise GrammarUnavailable(
                f"{where} answered with something that is not a LanguageTool reply ({first[0]})"
            ) from None

    def _query(self, text: str, language: str, picky: bool, disabled: tuple[str, ...]) -> list[dict]:
        """Raw matches for `text` with code-point offsets relative to it."""
        params = {"language": language, "text": text}
        if picky:
            params["level"] = "picky"
        if disabled:
            params["disabledRules"] = ",".join(disabled)
        reply = self._post(params)
        if not isinstance(reply, dict) or not isinstance(reply.get("matches"), list):
            raise GrammarUnavailable(
                f"LanguageTool at {self.url.rstrip('/')} answered with something that is not a "
                "LanguageTool reply (no matches)"
            )
        table = utf16_to_codepoint_map(text)
        out = []
        for m in reply["matches"]:
            try:
                u_off, u_len = int(m["offset"]), int(m["length"])
                rule = m.get("rule") or {}
                off, end = u_off, u_off + u_len
                if table is not None:  # Java counts UTF-16 units; we count code points
                    off = table[min(u_off, len(table) - 1)]
                    end = table[min(u_off + u_len, len(table) - 1)]
                out.append(
                    {
                        "offset": off,
                        "length": end - off,
                        "message": unicodedata.normalize("NFKC", str(m.get("message", ""))),
                        "short_message": str(m.get("shortMessage") or ""),
                        "rule_id": str(rule.get("id", "")),
                        "category": str((rule.get("category") or {}).get("id", "")),
                        "issue_type": str(rule.get("issueType") or ""),
                        "replacements": [str(r.get("value", "")) for r in m.get("replacements", [])][:8],
                        "context": str((m.get("context") or {}).get("text", "")),
                    }
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # one malformed match is dropped, not the whole check
        return out

    def check(
        self,
        text: str,
        *,
        language: str = "en-US",
        picky: bool = False,
        disabled_rules: tuple[str, ...] | list[str] = (),
    ) -> list[Issue]:
        """All issues in `text`, using cached results for pieces already seen."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language '{language}' (choose {', '.join(LANGUAGES)})")
        disabled = tuple(sorted(str(r) for r in disabled_rules))
        spans = _pieces(text, self.max_request_units)
        key_of = lambda piece: (piece, language, picky, disabled)  # noqa: E731
        with self._lock:
            missing = [(a, b) for a, b in spans if key_of(text[a:b]) not in self._cache]
        # Pieces not seen yet go in as few requests as fit, joined as separate paragraphs.
        for batch in _batches(text, missing, self.max_request_units):
            joined_parts, starts, pos = [], [], 0
            for a, b in batch:
                starts.append(pos)
                joined_parts.append(text[a:b])
                pos += (b - a) + 2
            raw = self._query("\n\n".join(joined_parts), language, picky, disabled)
            per_piece: list[list[dict]] = [[] for _ in batch]
            for m in raw:
                for i in range(len(batch) - 1, -1, -1):
                    if m["offset"] >= starts[i]:
                        per_piece[i].append(dict(m, offset=m["offset"] - starts[i]))
                        break
            with self._lock:
                if len(self._cache) > self._cache_size:
                    self._cache.clear()
                for (a, b), found in zip(batch, per_piece, strict=True):
                    self._cache[key_of(text[a:b])] = found
        found_all: list[tuple[int, dict]] = []
        with self._lock:
            for a, b in spans:
                for m in self._cache.get(key_of(text[a:b]), []):
                    found_all.append((a + m["offset"], m))
        return _make_issues(text, found_all)


class ManagedChecker:
    """A checker on a server the window owns (an ltserver.ServerProcess): if the server dies
    mid-check, restart it once, then report it unavailable; if it stops answering, kill it so
    the next check starts a fresh one. The text being checked is never touched."""

    def __init__(self, server, timeout: float | None = None):
        self.server = server  # an ltserver.ServerProcess
        self._checker_cls = Checker
        self.timeout = float(timeout) if timeout else check_timeout()
        self.checker = Checker(server.url, timeout=self.timeout)
        self.restarts = 0

    def check(self, text: str, **kw: Any):
        try:
            return self.checker.check(text, **kw)
        except CheckTimeout:
            # A JVM that takes a check and never answers (stopped, wedged) is killed now, so
            # the next check starts a fresh one instead of waiting again.
            from letterwriter.ltserver import PROBE_TIMEOUT_S, healthy

            if self.server.alive() and not healthy(self.server.url, timeout=PROBE_TIMEOUT_S):
                self.server.kill()
            raise
        except GrammarUnavailable as first:
            if self.server.alive():
                raise
            if self.restarts >= 1:
                raise GrammarUnavailable(f"LanguageTool stopped again ({first}); checks are off") from None
            self.restarts += 1
            self.server.stop()
            self.server.port = None
            try:
                self.server.start()
                self.checker = self._checker_cls(self.server.url, timeout=self.timeout)
                return self.checker.check(text, **kw)
            except GrammarUnavailable as second:
                self.server.stop()
                raise GrammarUnavailable(
                    f"LanguageTool stopped during a check and failed after a restart: {second}"
                ) from None


def _batches(text: str, spans: list[tuple[int, int]], limit: int) -> list[list[tuple[int, int]]]:
    batches: list[list[tuple[int, int]]] = []
    size = 0
    for a, b in spans:
        units = utf16_len(text[a:b]) + 2
        if batches and size + units <= limit:
            batches[-1].append((a, b))
            size += units
        else:
            batches.append([(a, b)])
            size = units
    return batches


def _make_issues(text: str, found: list[tuple[int, dict[str, Any]]]) -> list[Issue]:
    """Issues in offset order, UTF-16 offsets counted in one pass over the text."""
    found.sort(key=lambda f: f[0])
    issues: list[Issue] = []
    pos = units = 0
    for offset, m in found:
        offset = max(0, min(offset, len(text)))
        length = max(0, min(m["length"], len(text) - offset))
        units += utf16_len(text[pos:offset])
        pos = offset
        issues.append(
            Issue(
                offset=offset,
                length=length,
                utf16_offset=units,
                utf16_length=utf16_len(text[offset : offset + length]),
                message=m["message"],
                short_message=m["short_message"],
                rule_id=m["rule_id"],
                category=m["category"],
                issue_type=m["issue_type"],
                replacements=list(m["replacements"]),
                context=m["context"],
            )
        )
    return issues


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
        items = [*items, *(getattr(i, "meaning", "") for i in items)]  # a memory's meaning is the field's too
        for item in items:
            if isinstance(item, str) and len(item.strip()) >= 2:
                # the letter may have said the first word to them ("shes starting" -> "you're
                # starting", edges.to_you): the rest is still theirs
                tail = clause(item).split(" ", 1)[1] if clause(item).count(" ") >= 3 else ""
                for form in {item.strip(), clause(item), item.strip().rstrip(".!?"), tail}:
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


# LanguageTool's en-GB offers Oxford "-ize" for every "-ise" ("apologise", "realise"): a house style,
# not a mistake. British letters are written with -ise (wording.py), so the offer is not asked for.
_NOT_ASKED = {"en-GB": ["OXFORD_SPELLING_Z_NOT_S"]}


def check_text(
    text: str,
    *,
    language: str = "en-US",
    accept: list[str] | tuple[str, ...] = (),
    picky: bool = False,
    disabled_rules: list[str] | tuple[str, ...] = (),
    server_url: str | None = None,
    checker: Checker | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Check any text: personal dictionary and `accept` words are not reported as typos.

    Without a server URL the shared local server is used (started on demand; `progress`
    hears how its start goes). If it dies under a check, the supervisor restarts it and
    the check is sent once more; a server that takes the check and never answers fails
    after `check_timeout_s` with CheckTimeout.
    """
    from letterwriter.settings import Settings

    settings = Settings.load()
    timeout = _timeout_from(settings)
    disabled = list(disabled_rules) + [r for r in settings.get("disabled_rules") if isinstance(r, str)]
    disabled += _NOT_ASKED.get(language, [])
    remote = server_url or settings.get("lt_server_url")
    if remote is not None and not isinstance(remote, str):
        remote = ""  # a hand-edited setting of the wrong type: use our own server
    if checker is not None or remote:
        if checker is None:  # a checker passed in keeps its own timeout
            checker = checker_for(remote)
            checker.timeout = timeout
        issues = checker.check(text, language=language, picky=picky, disabled_rules=disabled)
    else:
        from letterwriter import ltserver

        url = ltserver.ensure_shared_server(progress=progress)
        checker = checker_for(url)
        checker.timeout = timeout
        try:
            issues = checker.check(text, language=language, picky=picky, disabled_rules=disabled)
        except ServerGone as first:
            # The JVM died under us: the supervisor is restarting it; wait, then once more.
            url = ltserver.ensure_shared_server(progress=progress, avoid=url)
            checker = checker_for(url)
            checker.timeout = timeout
            try:
                issues = checker.check(text, language=language, picky=picky, disabled_rules=disabled)
            except GrammarUnavailable as second:
                raise type(second)(f"{second} (after one restart; first: {first})") from None
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
    progress: Callable[[str], None] | None = None,
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
        progress=progress,
    )
    attach_provenance(report.issues, text, values)
    return report
