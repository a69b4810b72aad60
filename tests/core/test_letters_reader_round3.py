"""The faults a second blind reader found, each held as a class: no opening line about the letter
itself, one thing to a paragraph, no stock or empty linking lines, phone shorthand written out,
comma splices after a subordinate clause parted, an inside joke never straight after something
serious, a close mentor greeted by first name, and a thank-you that keeps what was hard before.
The briefs here are not the reader's: they are typed the way people type."""

from __future__ import annotations

import re

import pytest

from letterwriter import edges
from letterwriter.model import example_brief, minimal_brief
from letterwriter.templates import TemplateLibrary

LIB = TemplateLibrary(user_dir=None)

pytestmark = pytest.mark.core


# --- phone shorthand ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("im only 5 mins away", "I'm only five minutes away"),
        ("a tiny apt in leeds", "a tiny apartment in Leeds"),
        ("everyone in the dept", "everyone in the department"),
        ("coffee w/ u tmrw bc ur the best", "coffee with you tomorrow because you're the best"),
        ("thx for the bday cake, pls come again", "thanks for the birthday cake, please come again"),
        ("her gf and his bf", "her girlfriend and his boyfriend"),
        ("a 2 bedroom flat, a 3 hour drive", "a two-bedroom flat, a three-hour drive"),
        ("when she was 7 in 2nd grade", "when she was seven in second grade"),
    ],
)
def test_phone_shorthand_and_small_numbers_are_written_out(typed, written):
    assert edges.raw_typing(typed) == written


@pytest.mark.parametrize(
    "typed",
    ["year 12 students", "bowled a 41", "at 3:30 or 5pm", "2.5 miles for £5", "room 4 on ward 7", "15!!"],
)
def test_a_number_that_labels_or_scores_stays_a_figure(typed):
    assert edges.raw_typing(typed) == typed


def test_shorthand_that_is_a_name_in_the_brief_is_left():
    assert edges.raw_typing("me and ur", {"ur": "Ur"}) == "me and Ur"


# --- comma splices after a subordinate clause --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "parted"),
    [
        (
            "teaching her to swim at the lido when she was six, she beat me to the end",
            "teaching her to swim at the lido when she was six; she beat me to the end",
        ),
        (
            "we built a treehouse last summer, the kids love it",
            "we built a treehouse last summer; the kids love it",
        ),
        ("we painted the fence, the boys helped", "we painted the fence; the boys helped"),
        ("the day after we met, you sent flowers", "the day after we met, you sent flowers"),
        (
            "at the beach when we were kids, the sea was freezing",
            "at the beach when we were kids, the sea was freezing",
        ),
    ],
)
def test_a_splice_after_a_subordinate_clause_is_parted(typed, parted):
    assert edges.unsplice(typed) == parted


# --- no opening about the letter itself -----------------------------------------------------------

_ABOUT_THE_LETTER = re.compile(
    r"\b(?:this letter|a (?:proper |real |whole )?letter|in writing|write to you|writing to|wanted to write"
    r"|taken my time|in ink|you can keep|you could keep|written it slowly|say it slowly|handwritten"
    r"|put (?:a few|some) things|write (?:it|some of it) down|this one is long|long letter)\b",
    re.I,
)


@pytest.mark.parametrize("tid", [i.id for i in LIB.list()])
def test_no_letter_opens_by_talking_about_itself(tid):
    info = LIB.get(tid)
    for tone in info.tones:
        for length in ("short", "letter", "long"):
            for variation in range(1, 7):
                brief = example_brief(info) | {"tone": tone, "length": length}
                body = LIB.render(info, brief, variation=variation).body_text.strip()
                first = " ".join(re.split(r"(?<=[.!?])\s+", body)[:2])  # the opening two sentences
                found = _ABOUT_THE_LETTER.search(first)
                assert not found, (tone, length, variation, first)


# --- no stock lines, no empty linking sentences -----------------------------------------------------

_STOCK = re.compile(
    r"in my thoughts, today and in the days ahead|more grateful than (?:I|we) can say|Please know how sorry"
    r"|looks good on you|Thank you, and good luck|keep it close|side by side and see|in no hurry, as long"
    r"|needs a birthday to be true|Whoever comes after you|not the only one who would say so"
    r"|wanted (?:them|you to have (?:that|it)) (?:written down|in writing)|and I wanted to say so"
    r"|see it written down|it is in writing now|could go on for pages|could list a hundred",
    re.I,
)


@pytest.mark.parametrize("tid", [i.id for i in LIB.list()])
def test_no_stock_line_or_empty_bridge_in_any_variation(tid):
    info = LIB.get(tid)
    for tone in info.tones:
        for length in ("short", "letter", "long"):
            for variation in range(1, 7):
                brief = example_brief(info) | {"tone": tone, "length": length}
                body = LIB.render(info, brief, variation=variation).body_text
                found = _STOCK.search(body)
                assert not found, (tone, length, variation, found and found.group(0))


# --- a close mentor by first name, a stranger by title ---------------------------------------------


@pytest.mark.parametrize(
    ("relationship", "signs_as", "greeted"),
    [
        ("mentor", "Noor", "Dear Helen,"),
        ("colleague", "Noor", "Dear Helen,"),
        ("mentor", "Dr Noor Saleh", "Dear Professor Whitcombe,"),
        ("other", "Noor", "Dear Professor Whitcombe,"),
    ],
)
def test_a_first_name_signature_to_a_mentor_greets_by_first_name(relationship, signs_as, greeted):
    info = LIB.get("farewell")
    brief = minimal_brief(
        info,
        recipient_name="Helen",
        recipient_full_name="Professor Helen Whitcombe",
        signs_as=signs_as,
        relationship=relationship,
        tone="formal",
    )
    assert greeted in LIB.render(info, brief).text.split("\n")


def test_a_splice_after_a_counted_subject_is_parted():
    assert edges.unsplice("about 30 kids have done it now, some of them are teachers") == (
        "about 30 kids have done it now; some of them are teachers"
    )


# --- one thing to a paragraph ---------------------------------------------------------------------

_MEMORIES = [
    {
        "memory": "the night the boiler broke and we camped in the lounge",
        "meaning": "you made it an adventure",
    },
    {
        "memory": "our week in cornwall when it rained every day",
        "meaning": "we never once ran out of things to say",
    },
    {
        "memory": "the morning you drove me to the hospital at 5am",
        "meaning": "you never once made me feel a burden",
    },
]


@pytest.mark.parametrize("tid", ["anniversary", "friendship", "love_letter"])
@pytest.mark.parametrize("length", ["letter", "long"])
def test_each_memory_and_its_meaning_is_a_paragraph_of_its_own(tid, length):
    info = LIB.get(tid)
    for variation in range(1, 4):
        brief = example_brief(info) | {"memories": _MEMORIES, "length": length, "tone": "tender"}
        paragraphs = LIB.render(info, brief, variation=variation).body_text.split("\n\n")
        for m in _MEMORIES:
            mine = [p for p in paragraphs if "boiler" in p or "ornwall" in p or "hospital" in p]
            held = [p for p in mine if m["meaning"] in p.lower()]
            assert len(held) == 1 and sum(w in held[0] for w in ("boiler", "ornwall", "hospital")) == 1, mine


def test_what_it_cost_them_is_apart_from_what_i_did_in_a_letter():
    info = LIB.get("apology")
    brief = minimal_brief(
        info,
        what_happened="i read your diary while you were at work",
        impact="you stopped writing in it",
        length="letter",
    )
    paragraphs = LIB.render(info, brief).body_text.split("\n\n")
    assert not any("diary" in p and "stopped writing" in p for p in paragraphs), paragraphs


# --- an inside joke where the letter is light ---------------------------------------------------


@pytest.mark.parametrize("tid", ["anniversary", "birthday", "friendship"])
def test_an_inside_joke_never_follows_a_memory(tid):
    info = LIB.get(tid)
    for variation in range(1, 7):
        extra = {"memories": _MEMORIES} if tid != "birthday" else {"memory": _MEMORIES[2]}
        brief = example_brief(info) | extra | {"tone": "playful", "inside_joke": "the goose incident"}
        body = LIB.render(info, brief, variation=variation).body_text
        assert "goose incident" in body
        assert body.index("goose incident") < body.index("hospital"), body


# --- a thank-you keeps what was hard before -------------------------------------------------------


def test_a_short_thank_you_keeps_the_situation_and_says_what_it_left_out():
    info = LIB.get("thank_you")
    brief = minimal_brief(
        info,
        what_they_did="drove my mum to every chemo appointment from march to june",
        situation="i was working nights and couldnt get the time off, and she had no one else",
        moment="you brought a flask of tea and a crossword to every single one",
        moment_meaning="you turned the worst days into something she almost looked forward to",
        difference="she finished the treatment and she still talks about the crosswords",
        message="i dont know how we would have managed without you. mum says you are stuck with her now, "
        "and so am i. thank you for all those mornings.",
        length="short",
    )
    letter = LIB.render(info, brief)
    assert "working nights" in letter.body_text
    assert "almost looked forward" not in letter.body_text
    assert "the worst days" in letter.left_out_note


# --- the frame's sentence starts count the client's own words after them ------------------------------


@pytest.mark.parametrize("tid", ["to_parent", "congratulations", "thank_you"])
def test_three_sentences_in_a_row_never_begin_with_i_across_the_clients_words(tid):
    from letterwriter import wording

    info = LIB.get(tid)
    for tone in info.tones:
        for variation in range(1, 7):
            brief = example_brief(info) | {
                "tone": tone,
                "message": "i know i rushed too many of our calls. i am going to stop doing that.",
            }
            body = LIB.render(info, brief, variation=variation).body_text
            *frame, own = body.split("\n\n")
            seam = [*wording._starts(frame[-1])[-2:], *wording._starts(own)]  # where frame meets theirs
            assert not any(seam[k : k + 3] == ["I", "I", "I"] for k in range(len(seam))), body


def test_a_helped_item_with_its_own_clause_is_told_after_the_list():
    info = LIB.get("farewell")
    brief = minimal_brief(
        info,
        helped=["the new starters", "the cleaners, she learned every one of their names"],
        recipient_pronouns="she/her",
        length="letter",
    )
    body = LIB.render(info, brief).body_text
    assert "and the cleaners, you" not in body and "For the cleaners, you learned" in body, body


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ur an angel", "you're an angel"),
        ("ur always welcome here for a cuppa", "you're always welcome here for a cuppa"),
        ("ur gonna beat this", "you're gonna beat this"),
        ("ur so lucky", "you're so lucky"),
        ("ur invited", "you're invited"),
        ("ur mum says hi", "your mum says hi"),
        ("ur old room is just as u left it", "your old room is just as you left it"),
        ("ur kind words", "your kind words"),
        ("always urs", "always yours"),
        ("ur music blaring thru the floor", "your music blaring through the floor"),
    ],
)
def test_ur_is_you_are_before_what_they_are_and_your_before_a_thing_of_theirs(typed, written):
    """A blind reader: "Your an angel Priya", "Your gonna beat this" — the program made those errors
    in the last line before the signature, from a typed "ur"."""
    assert edges.raw_typing(typed) == written


def test_a_long_deed_keeps_its_doer_and_a_name_typed_small_keeps_its_capital_before_s():
    """A blind reader: "Looked after my husband Ron for his last eight months …" stood as a
    sentence with no "You"; "in ron's name" beside "Ron" elsewhere; "the mnd association"."""
    info = LIB.get("thank_you")
    brief = minimal_brief(info, tone="tender", length="letter")
    brief |= {
        "recipient_name": "Odile",
        "what_they_did": (
            "drove my dad to every dialysis appointment for two years, waited in the car park with a "
            "flask of tea and a crossword, and never once let him pay for the petrol or the parking"
        ),
        "promise": "my sister wants to plant a tree in dad's name and odile's too, through the copd charity",
    }
    text = LIB.render(info, brief, variation=1).body_text
    assert "You drove my dad to every dialysis appointment" in text, text
    assert "Drove my" not in text and "name and Odile's too" in text and "COPD" in text, text


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("its only a flesh wound", "it's only a flesh wound"),
        ("and its not the same without u", "and it's not the same without you"),
        ("the dog wagged its tail", "the dog wagged its tail"),
        ("its roof leaked", "its roof leaked"),
        ("first yr at school, mrs hughes sat us together cos of the register", None),
    ],
)
def test_its_titles_and_british_shorthand(typed, written):
    out = edges.raw_typing(typed)
    if written is None:
        assert "first year" in out and "Mrs Hughes" in out and "because of" in out, out
    else:
        assert out == written


def test_a_friend_told_of_an_illness_is_never_written_to_for_no_occasion():
    """A blind reader: "There's no occasion; I have just been thinking about you." to a friend in chemo."""
    info = LIB.get("friendship")
    brief = minimal_brief(info, tone="tender", length="letter")
    brief["message"] = "ur gonna beat this, i'll be there for every single chemo with the trashy mags"
    for variation in (1, 2, 3):
        text = LIB.render(info, brief, variation=variation).body_text.lower()
        assert "no occasion" not in text and "no reason" not in text, text
