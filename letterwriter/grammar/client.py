"""The LanguageTool client: language-tool-python's `LanguageTool` on a server by URL (our own
supervised one, or a team's), wrapped where it falls short of what Letterwriter promises.

The library gives: the client (`remote_server=`, so it never starts a JVM or downloads
anything), the language tag checked against the server's own list, the request's
parameters (disabled rules, picky level), and `Match` objects (rule, category, issue type,
message, suggestions, context). The wrapper adds, in one method (`_query_server`, the
library's only way to the network): a deadline on the whole answer and a size limit
(`languagetool.wire`), no second request behind the caller's back, and an answer that
cannot be read is an error, never "no issues". Offsets come from the answer itself, exact
in code points and UTF-16 (the library's `Match.offset` is shared state between threads and
its length stays in UTF-16 units). docs/grammar.md lists each gap with a reproducer.

No Qt here. A Checker remembers the pieces it has checked: re-checking a letter after one
paragraph changed sends only that paragraph.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import urllib.parse
from functools import cache
from typing import Any

from letterwriter.grammar.pieces import MAX_REQUEST_UNITS, batches, pieces
from letterwriter.issue import GrammarUnavailable, Issue, utf16_len, utf16_to_codepoint_map
from letterwriter.language import LANGUAGES
from letterwriter.languagetool import wire


def check_timeout() -> float:
    """Seconds a check may wait for its answer (setting `check_timeout_s`, default 30)."""
    from letterwriter.settings import Settings

    return timeout_from(Settings.load())


def timeout_from(settings) -> float:
    value = settings.get("check_timeout_s")
    return (
        float(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        else 30.0
    )


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Unreadable(GrammarUnavailable):
    """The server answered, but not with something a check can be read from."""


def _field(match: dict, path: str, kind: type | tuple[type, ...]) -> Any:
    value: Any = match
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"{path} is {'missing' if value is None else 'not ' + _kind_name(kind)}")
    return value


def _kind_name(kind) -> str:
    names = {int: "a whole number", str: "text", list: "a list", dict: "an object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


# An answer is parsed whole; each object or list in it costs some 300 bytes of memory and each
# string about 60, so a 34 MB answer of two million one-word suggestions took 615 MB. A real
# answer to one request (at most 20,000 UTF-16 units) holds a few thousand matches of a dozen
# objects and a few dozen strings each: these bounds are twenty times that.
MAX_ANSWER_CONTAINERS = 400_000
MAX_ANSWER_STRINGS = 2_000_000


def _too_many_values(body: bytes) -> bool:
    """More objects, lists or strings than any real answer holds (counted in the bytes, before parsing)."""
    containers = body.count(b"{") + body.count(b"[")
    return containers > MAX_ANSWER_CONTAINERS or body.count(b'"') > 2 * MAX_ANSWER_STRINGS


def _whole_and_english(reply: Any, where: str) -> None:
    """GrammarUnavailable unless the answer covers the whole text, checked as English: LanguageTool
    says when it stopped early (its own time limit) and which language it checked."""
    if not isinstance(reply, dict):
        return  # readable_matches says what is wrong with it
    warnings = reply.get("warnings")
    if isinstance(warnings, dict) and warnings.get("incompleteResults") is True:
        raise GrammarUnavailable(
            f"{where} checked only part of the text (its answer says the results are incomplete)"
        )
    language = reply.get("language")
    code = language.get("code") if isinstance(language, dict) else None
    if isinstance(code, str) and code.split("-")[0].lower() != "en":
        raise GrammarUnavailable(f"{where} checked the text as {code[:20]!r}, not as English")


def readable_matches(reply: Any, text: str) -> list[tuple[int, int, str]]:
    """(UTF-16 offset, UTF-16 length, short message) of every match, after checking that each
    holds what `Match` and the window need; Unreadable names the first that does not."""
    if not isinstance(reply, dict) or not isinstance(reply.get("matches"), list):
        raise ValueError("no list of matches")
    units = utf16_len(text)
    out = []
    for i, m in enumerate(reply["matches"], 1):
        try:
            if not isinstance(m, dict):
                raise ValueError("not an object")
            offset, length = _field(m, "offset", int), _field(m, "length", int)
            if offset < 0 or length < 0 or offset + length > units:
                raise ValueError(f"offset {offset}, length {length} is outside the {units}-unit text")
            for path, kind in (
                ("message", str),
                ("rule.id", str),
                ("rule.issueType", str),
                ("rule.category.id", str),
                ("context.text", str),
                ("context.offset", int),
                ("replacements", list),
            ):
                _field(m, path, kind)
            if not all(isinstance(r, dict) and isinstance(r.get("value"), str) for r in m["replacements"]):
                raise ValueError("a suggestion is not text")
            short = m.get("shortMessage")
            out.append((offset, length, short if isinstance(short, str) else ""))
        except ValueError as exc:
            raise ValueError(f"match {i}: {exc}") from None
    return out


def prepare() -> None:
    """Import language-tool-python in the background (0.2-0.3 s), so a check that first waits
    for a server to start does not pay for it after. Idempotent; the import lock makes a
    check that gets there first wait for the same import."""
    global _preparing
    with _prepare_lock:
        if _preparing is None and "language_tool_python" not in sys.modules:
            _preparing = threading.Thread(target=_client_class, name="import the LT client", daemon=True)
            _preparing.start()


_preparing: threading.Thread | None = None
_prepare_lock = threading.Lock()


@cache
def _client_class() -> type:
    """language-tool-python's LanguageTool with our transport (imported on first use: 0.2-0.3 s)."""
    import language_tool_python

    class Client(language_tool_python.LanguageTool):
        """The library's client whose every request goes through `wire`."""

        def __init__(self, url: str, language: str, timeout: float):
            self.timeout = timeout
            self._answers = threading.local()  # this thread's last check: (offset, length, short)
            super().__init__(language=language, remote_server=url)

        def _query_server(
            self, url: str, params: dict | None = None, num_tries: int = 2, method: str = "get"
        ):
            # One request, never a second (the library retries any failure once): restarting
            # a server and asking again is the supervisor's and check_text's decision.
            data = None
            if method == "post":
                data = urllib.parse.urlencode(params or {}).encode()
            elif params:
                url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
            body = wire.fetch(url, data, timeout=self.timeout)
            if _too_many_values(body):
                raise Unreadable(
                    f"{wire.where(url)} answered with more matches or suggestions than any text holds "
                    "(not a LanguageTool reply that can be read)"
                )
            try:
                reply = json.loads(body)
            except RecursionError:
                raise Unreadable(
                    f"{wire.where(url)} answered with something nested too deeply to be a LanguageTool reply"
                ) from None
            except ValueError:
                first = body[:120].decode("utf-8", "replace").strip().splitlines()[:1] or [""]
                first = [_CONTROLS.sub("?", first[0])]  # a garbage answer's bytes never reach a terminal
                raise Unreadable(
                    f"{wire.where(url)} answered with something that is not a LanguageTool reply ({first[0]})"
                ) from None
            if url.endswith("/check"):
                _whole_and_english(reply, wire.where(url))
                try:
                    self._answers.value = readable_matches(reply, (params or {}).get("text", ""))
                except ValueError as exc:
                    raise Unreadable(
                        f"{wire.where(url)} answered with something that is not a LanguageTool reply "
                        f"that can be read ({exc})"
                    ) from None
            elif url.endswith("/languages") and not (
                isinstance(reply, list) and all(isinstance(e, dict) for e in reply)
            ):
                raise Unreadable(f"{wire.where(url)} answered with something that is not a list of languages")
            return reply

        def checked(self, text: str) -> list[tuple[Any, tuple[int, int, str]]]:
            """The library's matches for `text`, each with its exact (offset, length, short message)."""
            self._answers.value = None
            matches = self.check(text)
            answers = self._answers.value
            if answers is None or len(answers) != len(matches):
                raise Unreadable("the LanguageTool answer could not be matched to its text")
            return list(zip(matches, answers, strict=True))

    return Client


class Checker:
    """Checks texts against one LanguageTool server; remembers pieces it has checked.

    Every request waits at most `timeout` seconds for its whole answer.
    """

    def __init__(self, url: str, timeout: float | None = None, cache_size: int = 2000):
        self.url = url.rstrip("/") + "/"
        self.timeout = float(timeout) if timeout else check_timeout()
        self.max_request_units = MAX_REQUEST_UNITS
        self._cache: dict[tuple, list[dict[str, Any]]] = {}
        self._cache_size = cache_size
        self._clients: dict[tuple, Any] = {}
        self._lock = threading.Lock()

    def _client(self, language: str, picky: bool, disabled: tuple[str, ...]):
        """One library client per configuration (the library keeps rules and level on it)."""
        key = (language, picky, disabled)
        with self._lock:
            client = self._clients.get(key)
        if client is None:
            try:
                client = _client_class()(self.url, language, self.timeout)
            except ValueError:  # LanguageTag: the server does not offer this language
                raise GrammarUnavailable(f"{wire.where(self.url)} does not check {language}") from None
            client.picky = picky
            client.disabled_rules = set(disabled)
            with self._lock:
                client = self._clients.setdefault(key, client)
        client.timeout = self.timeout
        return client

    def _query(self, text: str, language: str, picky: bool, disabled: tuple[str, ...]) -> list[dict]:
        """Matches for `text` with code-point offsets relative to it."""
        client = self._client(language, picky, disabled)
        try:
            found = client.checked(text)
        except (
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:  # the library met what we did not check
            raise Unreadable(
                f"{wire.where(self.url)} answered with a match that cannot be read ({exc!r})"
            ) from None
        table = utf16_to_codepoint_map(text)
        out = []
        for match, (u_off, u_len, short) in found:
            off, end = u_off, u_off + u_len
            if table is not None:  # Java counts UTF-16 units; we count code points
                off, end = table[u_off], table[u_off + u_len]
            out.append(
                {
                    "offset": off,
                    "length": end - off,
                    "message": match.message,
                    "short_message": short,
                    "rule_id": match.rule_id,
                    "category": match.category,
                    "issue_type": match.rule_issue_type,
                    "replacements": list(match.replacements[:8]),
                    "context": match.context,
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
        """All issues in `text`, using cached results for pieces already seen."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language '{language}' (choose {', '.join(LANGUAGES)})")
        disabled = tuple(sorted({str(r) for r in disabled_rules}))
        spans = pieces(text, self.max_request_units)

        def key_of(piece: str) -> tuple:
            return (piece, language, picky, disabled)

        with self._lock:
            missing = [(a, b) for a, b in spans if key_of(text[a:b]) not in self._cache]
        # Pieces not seen yet go in as few requests as fit, joined as separate paragraphs.
        for batch in batches(text, missing, self.max_request_units):
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
