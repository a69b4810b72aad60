"""Every bundled letter passes LanguageTool: no issue beyond the brief's own words.

If this fails, fix the template, not the test.
"""

from __future__ import annotations

import pytest

from letterwriter.grammar import Checker, check_letter
from letterwriter.model import LENGTHS, example_brief, minimal_brief
from letterwriter.templates import TemplateLibrary

pytestmark = [pytest.mark.lt, pytest.mark.slow]

LIB = TemplateLibrary(user_dir=None)
IDS = [i.id for i in LIB.list()]
UNUSUAL = {
    "sender_name": "Nguyễn Văn An",
    "recipient_name": "Siobhán",
    "pet_name": "Zoë",
    "recipient_pronouns": "she/her",
}


def _briefs(info):
    for tone in info.tones:
        for length in LENGTHS:
            for variation in (1, 2, 3):
                yield (
                    f"{tone}/{length}/v{variation}",
                    example_brief(
                        info,
                        tone=tone,
                        length=length,
                        variation=variation,
                        letter_date="2026-11-24",
                    ),
                )
        yield f"{tone}/minimal", minimal_brief(info, tone=tone)
    for f in info.fields:  # branches behind a template's own choices (baby, job, home ...)
        if f.type == "choice" and not f.common:
            for choice in f.choices:
                for tone in info.tones:
                    for length in ("letter", "long"):
                        yield (
                            f"{f.name}={choice} {tone}/{length}",
                            example_brief(
                                info, tone=tone, length=length, letter_date="2026-11-24", **{f.name: choice}
                            ),
                        )
    yield "unusual names", example_brief(info, **UNUSUAL)
    yield "he/him", example_brief(info, recipient_pronouns="he/him", length="long")


@pytest.mark.parametrize("tid", IDS)
@pytest.mark.parametrize("language", ["en-US", "en-GB"])
def test_bundled_letters_have_no_issues(tid, language, lt_url):
    """Each letter read whole on a checker of its own, four at once (the server answers each on
    its own thread)."""
    from concurrent.futures import ThreadPoolExecutor

    info = LIB.get(tid)

    def read(job) -> list[str]:
        label, brief = job
        letter = LIB.render(info, brief, language=language)
        report = check_letter(letter, language=language, checker=Checker(lt_url))
        return [f"{label}: {issue.describe(letter.text)}" for issue in report.issues]

    with ThreadPoolExecutor(4) as pool:
        problems = [p for found in pool.map(read, list(_briefs(info))) for p in found]
    assert problems == [], "\n".join(problems)
