"""Grammar and spelling checks through LanguageTool, aware of the letter being checked.

No Qt here: the window, the command line and the merge all call `check_letter` / `check_text`.
Offsets are given in Unicode code points (Python) and in UTF-16 units (Qt).

- `client`: the LanguageTool client (language-tool-python, wrapped where it falls short)
- `pieces`: cutting a text into requests
- `words`: the brief's words that are not typos
- `provenance`: which brief field an issue's words came from
- `fixes`: applying a chosen fix to the text
- `check`: the calls everyone makes, and the one retry after a restart
"""

from letterwriter.grammar.check import SharedServerChecker, check_letter, check_text, checker_for
from letterwriter.grammar.client import Checker, check_timeout
from letterwriter.grammar.fixes import apply_fix
from letterwriter.grammar.provenance import field_spans
from letterwriter.issue import CheckReport, CheckTimeout, GrammarUnavailable, Issue, ServerGone, utf16_len

__all__ = [
    "CheckReport",
    "CheckTimeout",
    "Checker",
    "GrammarUnavailable",
    "Issue",
    "ServerGone",
    "SharedServerChecker",
    "apply_fix",
    "check_letter",
    "check_text",
    "check_timeout",
    "checker_for",
    "field_spans",
    "utf16_len",
]
