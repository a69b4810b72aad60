"""MergeChecker against the real LanguageTool: a group's new paragraphs in one request, the same issues."""

from __future__ import annotations

import pytest

from letterwriter import grammar
from letterwriter.merge.engine import MergeChecker
from letterwriter.templates import TemplateLibrary

pytestmark = [pytest.mark.lt]


def test_prefetch_asks_once_per_group_and_finds_what_a_plain_check_finds(lt_url, tmp_path):
    lib = TemplateLibrary(user_dir=tmp_path)
    info = lib.get("thank_you")
    whats = [
        "drove me home in the nite",
        "lent me her car",
        "fixed my roof before the storm",
        "recieved my parcel",
    ]
    letters = [
        lib.render(info, {"sender_name": "Maya", "recipient_name": name, "what_they_did": what})
        for name, what in zip(["Siobhán", "Oluwaseun", "Sam", "Ana"], whats, strict=True)
    ]
    plain = [[(i.offset, i.rule_id) for i in grammar.check_letter(x, checker=grammar.Checker(lt_url)).issues]
             for x in letters]  # fmt: skip
    checker = grammar.Checker(lt_url)
    calls = []
    query = checker._query
    checker._query = lambda text, *a: calls.append(text) or query(text, *a)
    mc = MergeChecker(checker)
    mc.prefetch(letters)
    assert len(calls) == 1
    merged = [[(i.offset, i.rule_id) for i in mc.check(x)] for x in letters]
    assert len(calls) == 1, "every letter should come from the paragraph cache"
    assert merged == plain
    assert [len(m) for m in merged] == [1, 0, 0, 1]  # 'nite', 'recieved'; the names accepted
