"""Grammar and spelling checks against the real LanguageTool server."""

from __future__ import annotations

import pytest

from letterwriter import dictionary, grammar
from letterwriter.grammar import Checker, apply_fix, check_letter, check_text
from letterwriter.templates import TemplateLibrary

pytestmark = pytest.mark.lt


@pytest.fixture
def checker(lt_url):
    return Checker(lt_url)


def _words(text, issues):
    return [text[i.offset : i.offset + i.length] for i in issues]


def test_known_errors_are_found_at_their_words(checker):
    text = "I recieve your leter yesterday. He go to school."
    issues = checker.check(text)
    assert _words(text, issues) == ["recieve", "leter", "go"]
    assert issues[0].kind == "spelling" and "receive" in issues[0].replacements
    assert issues[2].kind == "grammar" and issues[2].rule_id


def test_offsets_after_an_emoji_in_code_points_and_utf16(checker):
    text = "We laughed 😂 so much. Thank you for the lovly dinner."
    (issue,) = checker.check(text)
    assert text[issue.offset : issue.offset + issue.length] == "lovly"
    # Qt counts UTF-16 units: the emoji is two of them.
    assert issue.utf16_offset == issue.offset + 1
    assert (
        text.encode("utf-16-le")[issue.utf16_offset * 2 : (issue.utf16_offset + 5) * 2].decode("utf-16-le")
        == "lovly"
    )


def test_clean_text_is_clean(checker):
    assert checker.check("Thank you for the flowers. They made the whole house smell of spring.") == []


def test_language_variants_differ(checker):
    text = "My favourite colour is green."
    assert _words(text, checker.check(text, language="en-US")) == ["favourite", "colour"]
    assert checker.check(text, language="en-GB") == []


def test_words_in_the_brief_are_accepted(lt_url):
    lib = TemplateLibrary()
    letter = lib.render(
        "love_letter",
        {
            "sender_name": "Siobhán",
            "recipient_name": "Zbigniew",
            "pet_name": "Zibbo",
            "memories": ["our picnic at Kazimierz Dolny"],
            "length": "letter",
        },
    )
    report = check_letter(letter, server_url=lt_url)
    assert report.issues == []
    # The same names outside a letter are flagged: the acceptance is the brief's doing.
    plain = check_text("Zibbo and Zbigniew went to Kazimierz Dolny.", server_url=lt_url)
    assert "Zibbo" in _words("Zibbo and Zbigniew went to Kazimierz Dolny.", plain.issues)


def test_provenance_names_the_field_or_the_template(lt_url, tmp_path):
    (tmp_path / "note.txt.j2").write_text(
        '{#\ntitle = "Note"\n[[fields]]\nname = "memories"\ntype = "list"\n#}\n'
        '{% extends "base.txt.j2" %}\n{% block body %}\nI recieved your card.\n'
        "{% for m in memories %}I remember {{ m | clause }}.\n{% endfor %}\n{% endblock %}\n"
    )
    lib = TemplateLibrary(user_dir=tmp_path)
    letter = lib.render(
        "note",
        {
            "sender_name": "Ana",
            "recipient_name": "Leo",
            "memories": ["the nite we danced in the kitchen"],
        },
    )
    report = check_letter(letter, server_url=lt_url)
    by_word = {i.word(letter.text): i for i in report.issues}
    assert by_word["recieved"].source == "template"
    assert by_word["nite"].source == "field" and by_word["nite"].field == "memories"
    assert "field 'memories'" in by_word["nite"].provenance()


def test_a_fix_keeps_the_other_offsets_right(checker):
    text = "I recieve your leter yesterday. Thank you for the lovly scarf."
    issues = checker.check(text)
    first = issues[0]
    new_text, rest = apply_fix(text, issues, first, "receive")
    assert new_text.startswith("I receive your leter")
    assert _words(new_text, rest) == ["leter", "lovly"]
    fixed, rest2 = apply_fix(new_text, rest, rest[1], "lovely")
    assert _words(fixed, rest2) == ["leter"]
    assert "lovely scarf" in fixed


def test_personal_dictionary_persists_and_is_honoured(lt_url):
    text = "Give my love to Bramblewick."
    assert check_text(text, server_url=lt_url).issues
    dictionary.add("Bramblewick")
    assert "Bramblewick" in dictionary.words()
    assert check_text(text, server_url=lt_url).issues == []
    assert dictionary.remove("Bramblewick")
    assert check_text(text, server_url=lt_url).issues


def test_disabled_rule_and_picky_mode(checker):
    text = "He go to school."
    assert checker.check(text, disabled_rules=["HE_VERB_AGR"]) == []
    picky_text = "It is very unique and very, very important."
    assert len(checker.check(picky_text, picky=True)) >= len(checker.check(picky_text))


def test_recheck_sends_only_the_changed_paragraph(checker, monkeypatch):
    paras = [
        "First paragraph is fine.",
        "Second paragraph has a mistake: recieve.",
        "Third is fine too.",
    ]
    text = "\n\n".join(paras)
    checker.check(text)
    sent = []
    original = checker._query
    monkeypatch.setattr(checker, "_query", lambda t, *a: sent.append(t) or original(t, *a))
    paras[2] = "Third is fine too, and lovly."
    issues = checker.check("\n\n".join(paras))
    assert sent == [paras[2]]
    assert _words("\n\n".join(paras), issues) == ["recieve", "lovly"]


def test_unknown_language_is_refused(checker):
    with pytest.raises(ValueError):
        checker.check("Hello.", language="fr-FR")


def test_unreachable_server_is_reported_not_raised_raw():
    with pytest.raises(grammar.GrammarUnavailable, match="did not answer|refused"):
        Checker("http://127.0.0.1:9", timeout=2).check("Hello there.")
