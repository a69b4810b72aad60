"""The checks the window, the command line and the merge call: a text, or a rendered letter
with its brief's words accepted and each issue's provenance; on the configured server or
the shared local one (started on demand, and asked once more if it died under a check)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import IO, Any

from letterwriter import dictionary
from letterwriter.grammar.client import Checker, prepare, timeout_from
from letterwriter.grammar.provenance import attach_provenance
from letterwriter.grammar.words import accepted_words_from, drop_accepted
from letterwriter.issue import CheckReport, GrammarUnavailable, Issue, ServerGone

_checkers: dict[str, Checker] = {}


def checker_for(url: str) -> Checker:
    """One Checker (and its cache of checked paragraphs) per server URL in this process."""
    c = _checkers.get(url)
    if c is None:
        c = _checkers[url] = Checker(url)
    return c


class SharedServerChecker:
    """Checks on the shared local server. While it is used it holds the server in use (no
    idle stop under it); if the JVM died under a check (the connection was refused or
    closed), it waits for the supervisor's restart and asks once more, once.

    The one place that restarts-and-retries for the command line and the merge; `close()`
    (or the end of the process) lets the server go idle.
    """

    def __init__(self, timeout: float | None = None, progress: Callable[[str], None] | None = None):
        self.timeout = timeout
        self.progress = progress
        self._held: IO | None = None
        self._lock = threading.Lock()  # a merge checks from several threads

    def _checker(self, avoid: str | None = None) -> Checker:
        from letterwriter.languagetool import shared

        prepare()  # the client's library loads while the server is found or started
        with self._lock:
            if self._held is None:
                self._held = shared.hold()
        checker = checker_for(shared.ensure_server(progress=self.progress, avoid=avoid))
        if self.timeout:
            checker.timeout = self.timeout
        return checker

    def check(self, text: str, **kw: Any) -> list[Issue]:
        checker = self._checker()
        try:
            return checker.check(text, **kw)
        except ServerGone as first:
            # The JVM died under us: the supervisor is restarting it; wait, then once more.
            try:
                return self._checker(avoid=checker.url.rstrip("/")).check(text, **kw)
            except GrammarUnavailable as second:
                raise type(second)(f"{second} (after one restart; first: {first})") from None

    def close(self) -> None:
        from letterwriter.languagetool import shared

        with self._lock:
            held, self._held = self._held, None
        if held is not None:
            shared.release(held)


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
    checker: Checker | SharedServerChecker | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Check any text: personal dictionary and `accept` words are not reported as typos.

    Without a server URL the shared local server is used (started on demand; `progress`
    hears how its start goes). A server that takes the check and never answers fails
    after `check_timeout_s` with CheckTimeout.
    """
    from letterwriter.settings import Settings

    settings = Settings.load()
    timeout = timeout_from(settings)
    disabled = list(disabled_rules) + [r for r in settings.get("disabled_rules") if isinstance(r, str)]
    disabled += _NOT_ASKED.get(language, [])
    remote = server_url or settings.get("lt_server_url")
    if remote is not None and not isinstance(remote, str):
        remote = ""  # a hand-edited setting of the wrong type: use our own server
    options = {"language": language, "picky": picky, "disabled_rules": disabled}
    if checker is not None:  # a checker passed in keeps its own timeout
        issues = checker.check(text, **options)
    elif remote:
        checker = checker_for(remote)
        checker.timeout = timeout
        issues = checker.check(text, **options)
    else:
        shared_checker = SharedServerChecker(timeout=timeout, progress=progress)
        try:
            issues = shared_checker.check(text, **options)
        finally:
            shared_checker.close()
    accepted = {w.lower() for w in accept} | dictionary.load()
    return CheckReport(language, drop_accepted(issues, text, accepted))


def check_letter(
    letter,
    *,
    language: str | None = None,
    picky: bool = False,
    server_url: str | None = None,
    checker: Checker | SharedServerChecker | None = None,
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
