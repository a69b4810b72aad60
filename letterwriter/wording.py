"""Chooses a letter's words: the wording of each sentence that fits what the client typed (`say`), the
facts a template sees beside the brief, and the notes that say what the letter could not do.

A template sentence is written as several wordings with slots ("You {did:past}.", "{did:s}"); `say`
keeps the wordings whose slots the typed values fit (typed.fit), prefers those that fit the words
into the sentence over those that let them stand alone, and picks one by the brief and the
variation. Its literal words are the template's (British spelling, "I"), made American and a
family's "we" here; the client's words are only fitted at their edges.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import re
import zlib
from typing import Any

import jinja2

from letterwriter import language as lang
from letterwriter import tidying, typed, voice
from letterwriter.model import LENGTH_LABELS, TemplateInfo


class WordingError(Exception):
    """A template's say() names a slot it gives no value for: the template's own mistake."""


_SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")


@functools.lru_cache(maxsize=4096)
def _slots(wording: str) -> tuple[re.Match[str], ...]:
    return tuple(_SLOT.finditer(wording))


_SPELLED = None


@functools.lru_cache(maxsize=4096)
def _spelled(text: str, language: str) -> str:
    """The template's own words (written British) in the letter's spelling, Oxford -ize in both."""
    global _SPELLED
    if _SPELLED is None:
        words = sorted({*_US_SPELLING, *_OXFORD_IZE}, key=len, reverse=True)
        _SPELLED = re.compile(r"\b(" + "|".join(words) + r")\b", re.I)
    return _SPELLED.sub(lambda m: _respell(m.group(0), language), text)


def _respell(word: str, language: str) -> str:
    lower = word.lower()
    out = _OXFORD_IZE.get(lower) if language in _IZE else None
    if out is None and language == "en-US":
        out = _US_SPELLING.get(lower)
    if out is None:
        return word
    return out.capitalize() if word[:1].isupper() else out


_HOLD = " slot"  # stands for the value after a frame's words while they are contracted ("I am {x}")


def _own(text: str, plural: bool, light: bool) -> str:
    """The template's own words: a family's "we", contracted when the letter is light."""
    text = lang.we_for_i(text) if plural else text
    return voice.contract(text) if light else text


def _fill(
    wording: str,
    slots: dict[str, Any],
    plural: bool,
    keep: frozenset[str],
    language: str = "en-GB",
    light: bool = False,
) -> tuple[str, str, str] | None:
    """One wording with its slots filled from the brief, or None when a value does not fit its slot.

    Returns (the sentence, its own words, the client's words in it)."""
    try:
        return _fill_cached(wording, tuple(slots.items()), plural, keep, language, light)
    except TypeError:  # a value that cannot be a cache key: fill it afresh
        return _fill_cached.__wrapped__(wording, tuple(slots.items()), plural, keep, language, light)


@functools.lru_cache(maxsize=8192)
def _fill_cached(
    wording: str, items: tuple, plural: bool, keep: frozenset[str], language: str, light: bool
) -> tuple[str, str, str] | None:
    slots = dict(items)
    out: list[str] = []
    own: list[str] = []
    theirs: list[str] = []
    pos = 0
    wording = _spelled(wording, language)
    for m in _slots(wording):
        text = wording[pos : m.start()]
        name, spec = m.group(1), m.group(2) or "c"
        hold = _HOLD.lstrip() if text[-1:].isspace() else _HOLD
        if spec == "name" and not text[-1:].isspace():
            # a name slot glued to the frame (" in Melbourne", or nothing) decides what follows:
            # "how far away you are in Melbourne" keeps "you are", as it does before a full stop
            after = re.match(r"\s*([\w'’]*)", str(slots.get(name) or "")).group(1)
            hold = f" {after}" if after else "."
        text = _own(text + hold, plural, light)[: -len(hold)]  # a word follows
        out.append(text)
        own.append(text)
        if name not in slots:
            raise WordingError(f"say(): the wording names {{{name}}} but no {name}= was given")
        value = slots[name]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if spec == "name":  # a name (or a phrase the template built around one), as typed; may be empty
            piece = str(value or "")
        else:
            piece = typed.fit(str(value), spec, "".join(out), keep) if value else None
        if piece is None:
            return None
        if text.lower().endswith("that ") and piece.lower().startswith("that "):
            piece = piece[5:]  # "I wish that {w:clause}" of "that Leeds is good to you": one "that"
        piece = _said_once(text, piece)
        out.append(piece)
        theirs.append(piece)
        pos = m.end()
    tail = _own(wording[pos:], plural, light)
    out.append(tail)
    own.append(tail)
    return "".join(out), " ".join(own), " ".join(theirs)


def _said_once(frame: str, piece: str) -> str:
    """ "I hope {w:clause}" of "i hope you get the house": the frame's last words are said once
    ("I hope you get the house"), never "I hope I hope"."""
    said = re.findall(r"[\w'’]+", frame.lower())[-3:]
    for n in range(len(said), 1, -1):
        m = re.match(r"\s*" + r"\s+".join(map(re.escape, said[-n:])) + r"\b[,]?\s*", piece, re.I)
        if m and m.end() < len(piece) and frame.endswith(" "):
            return piece[m.end() :]
    return piece


_SPARE = ("-after", "open-long", "long-close", "no-words", "year")
_SPARE_WHEN_FULL = ("no-reply", "are-lead", "met-after", "helped-after")
# What say() gives when it says nothing: tidy() drops the line it stood on, so a sentence that
# vanishes leaves no paragraph break behind.
NOTHING = "\ue001"


@jinja2.pass_context
def say(ctx, key: str, *wordings: str, rests_on: str | tuple | list = (), **slots: Any) -> str:
    """One sentence: the first-fitting of several wordings, chosen by the brief and the variation.

    A wording's `{name:spec}` slots take the brief's values (`typed.fit`): a wording whose slot
    cannot take what was typed is skipped, so "Who {did:past}? You did." is only said of a verb
    phrase. `rests_on` names the fields a sentence's claim rests on (it says nothing without
    them, and a reviewer sees what it claims from). A family's letter says "we" in the template's
    own words (never in the client's); a playful or tender letter contracts them ("I'm", "don't").
    A wording whose own words bring back a word family said twice already, or one in its own slot
    ("This year, I wish you a year…"), gives way to another; a remark that only adds (a key ending
    in one of _SPARE) is left out when every wording would. The same brief and variation always
    give the same words.
    """
    grounds = (rests_on,) if isinstance(rests_on, str) else tuple(rests_on)
    for name in grounds:
        if not ctx.get(name):
            return NOTHING
    told_at_length = sum(brief_words_of(ctx.get(n)) for n in grounds) >= TOLD_AT_LENGTH
    if key.endswith("-after") and grounds and told_at_length:
        return NOTHING  # a detail told at length says its own ending: no stock remark after it
    plural, keep = bool(ctx.get("we_write")), ctx.get("keep_names") or frozenset()
    light = ctx.get("tone") in ("playful", "tender")
    language = ctx.get("language") or "en-US"
    # A wording that fits the client's words into the sentence beats one that lets them stand
    # alone: among those that fit, the ones with fewest stand-alone ({x:s}) slots are chosen from.
    tiers: dict[int, list[tuple[str, str, str]]] = {}
    theirs: set[str] = set()  # wordings that begin with the client's words: never led by "And"
    for w in wordings:
        filled = _fill(w, slots, plural, keep, language, light) if w else None
        if filled is not None:
            alone = sum(1 for m in _slots(w) if m.group(2) == "s")
            tiers.setdefault(alone, []).append(filled)
            if w.startswith("{"):
                theirs.add(filled[0])
    if not tiers:
        return NOTHING
    said = ctx.get("said")
    if said is None:
        said = {}
    counts: dict[str, int] = said.setdefault("families", {})
    message = ctx.get("message")
    # the client's last words come after the closing lines, and a remark that only adds
    ending = key in ("final", "long-close", "close") or key.endswith(_SPARE)
    ahead = voice.families(str(message)) if message and ending else frozenset()
    if key == "close":
        ahead = ahead | said.get("last", frozenset())

    def worn_words(f: tuple[str, str, str]) -> bool:
        mine, in_slot = voice.families(f[1]), voice.families(f[2])
        if key == "close":  # a closing only must not echo the line just above it
            return bool(mine & ahead)
        return any(counts.get(x, 0) >= 2 or x in in_slot or x in ahead for x in mine)

    fitting = tiers[min(tiers)]
    if message and key in _BEFORE_OWN_WORDS:
        # The client's own words end the letter: a closing line of the frame that says what they
        # say (no need to reply, here's to, thank you) goes, and a second closing line goes too.
        theirs_say = voice.families(str(message)) & voice.CLOSING_THEMES
        fitting = [f for f in fitting if not (voice.families(f[1]) & theirs_say)]
        if not fitting or key == "long-close":
            return NOTHING
    # a wording already said in this letter ("Just as clearly, I remember …" for two memories)
    # gives way to another
    used = said.setdefault("wordings", set())
    unsaid = [f for f in fitting if f[1].strip() not in used or not f[1].strip()]
    fitting = unsaid or fitting
    fresh = [f for f in fitting if not worn_words(f)]
    # and none leans on a word of the sentence just before it ("…in a letter you can keep. A
    # letter can be kept…"), where there is another way to say it
    last = said.get("last", frozenset())
    close_by = [f for f in fresh if not (voice.families(f[1]) & last)]
    fresh = close_by or ([] if key.endswith(_SPARE) else fresh)
    if not fresh and key.endswith(_SPARE):
        return NOTHING
    fitting = [f[0] for f in (fresh or fitting)]
    # Three sentences in a row that begin with the same word ("I keep… I think… I love…") read
    # like a list, and LanguageTool says so: a wording that begins otherwise is taken if there is
    # one, else "And" leads this one.
    # (LanguageTool does not count every sentence as we split them: two of the last three is enough.)
    starts = said.setdefault("starts", [])
    recent = starts[-3:]
    after: tuple[str, ...] = ()
    if key in ("final", "long-close") and message:
        # the client's own words come next, and they are theirs: the last frame gives way. Their
        # first two sentences count, as LanguageTool counts three in a row across the seam.
        after = _starts(typed.as_sentence(str(message)))[:2]
    worn = [f for f in fitting if _repeats(recent, f, after)]
    if worn:
        other = [f for f in fitting if f not in worn]
        if not other and key in ("final", "long-close") and message:
            return NOTHING  # the client's own words end the letter; the frame that would echo them goes
        fitting = other or [
            ("And " + _lower_pronoun(f)) if _first_word(f) in _PRONOUNS and f not in theirs else f
            for f in fitting
        ]
    chosen = fitting[_brief_index(ctx, key, len(fitting))]
    own_of = {f[0]: f[1] for f in tiers[min(tiers)]}
    own_of.update({"And " + _lower_pronoun(t): o for t, o in own_of.items()})
    used.add(own_of.get(chosen, "").strip())
    budget = ctx.get("budget")
    if budget is not None:
        # a short note fits a card: once full, a remark that only adds is left out and the rest
        # are said in their fewest words
        used = said.get("words", 0)
        if used + lang.word_count(chosen) > budget:
            if key.endswith(_SPARE) or key in _SPARE_WHEN_FULL or (key == "final" and message):
                return NOTHING
            chosen = min(fitting, key=lang.word_count)
        said["words"] = used + lang.word_count(chosen)
    sentences = _sentences(chosen)
    starts.extend(_starts(chosen))
    for sentence in sentences:
        for fam in voice.families(sentence):
            counts[fam] = counts.get(fam, 0) + 1
    if sentences:
        said["last"] = voice.families(sentences[-1])
    return chosen


_PRONOUNS = {"I", "We", "You", "He", "She", "They"}
_BEFORE_OWN_WORDS = ("final", "long-close", "no-reply")


@functools.lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(x for x in _SENTENCES.split(text) if x)


@functools.lru_cache(maxsize=8192)
def _starts(text: str) -> tuple[str, ...]:
    """The first word of each of a text's sentences."""
    return tuple(_first_word(x) for x in _SENTENCES.split(text) if x)


def _repeats(recent: list[str], wording: str, after: tuple[str, ...] = ()) -> bool:
    """Would this wording make three sentences in a row (or two of three) begin with one word,
    counting the sentences that follow it (`after`: the client's own words)?"""
    own = _starts(wording)
    if own and recent.count(own[0]) >= 2:
        return True
    seq = [*recent[-2:], *own, *after]
    return any(seq[k] == seq[k + 1] == seq[k + 2] for k in range(len(seq) - 2))


def _lower_pronoun(sentence: str) -> str:
    return sentence if re.match(r"I\b", sentence) else sentence[:1].lower() + sentence[1:]


_SENTENCES = re.compile(r"(?<=[.!?:;])\s+(?=[A-Z“\"‘])")  # as LanguageTool counts them: "this: I will" too


_FIRST = re.compile(r"[\W_]*(?:(?:And|But|So|Then)\s+)?(\w+)")  # "I'm" begins with "I", as LanguageTool says


@functools.lru_cache(maxsize=8192)
def _first_word(sentence: str) -> str:
    """The word a sentence begins with, as LanguageTool counts it: "And I remember" begins with "I"."""
    m = _FIRST.match(sentence)
    return m.group(1) if m else ""


def _brief_index(ctx, key: str, n: int) -> int:
    """Which of n wordings: from the slot, the brief and the variation (the same brief and
    variation always give the same letter; the next variation moves every slot on by one)."""
    if n <= 1:
        return 0
    # A CRC is linear: two briefs' CRCs differ by the same bits whatever the slot, so with it two
    # briefs chose alike in slot after slot. A real hash makes each slot its own draw.
    digest = hashlib.blake2b(f"{key}{ctx.get('brief_seed') or ''}".encode(), digest_size=4).digest()
    return (int(ctx.get("variation") or 1) - 1 + int.from_bytes(digest, "big")) % n


# Templates are written in British spelling. American letters get American spelling, and -ize
# (as Canadian ones do); British, Irish, Australian, New Zealand and South African letters keep
# "apologise" and "realise" (LanguageTool's en-GB offers Oxford -ize as a style, which
# grammar.py does not ask for).
_IZE = ("en-US", "en-CA")
_US_SPELLING = {
    "favourite": "favorite",
    "favour": "favor",
    "colour": "color",
    "neighbour": "neighbor",
    "honour": "honor",
    "humour": "humor",
    "behaviour": "behavior",
    "travelled": "traveled",
    "travelling": "traveling",
    "grey": "gray",
    "theatre": "theater",
    "centre": "center",
    "mum": "mom",
    "cosy": "cozy",
    "judgement": "judgment",
    "practising": "practicing",
    "labelled": "labeled",
    "afterwards": "afterward",
    "jewellery": "jewelry",
}
_OXFORD_IZE = {
    "realise": "realize",
    "realised": "realized",
    "realising": "realizing",
    "apologise": "apologize",
    "apologised": "apologized",
    "recognise": "recognize",
    "recognised": "recognized",
    "organise": "organize",
    "organised": "organized",
    "memorise": "memorize",
    "criticise": "criticize",
}


@jinja2.pass_context
def spell(ctx, word: str) -> str:
    """British spelling written in templates, American where the letter is en-US."""
    lower = word.lower()
    out = _OXFORD_IZE.get(lower) if ctx.get("language", "en-US") in _IZE else None
    if out is None and ctx.get("language", "en-US") == "en-US":
        out = _US_SPELLING.get(lower)
    if out is None:
        return word
    return out.capitalize() if word[:1].isupper() else out


# Not part of what chooses the wording: a merge's rows that differ only in whom they go to are
# one letter (a different wording for each is `--vary`, a variation of its own per row).
_CONTENT_SKIP = {"tone", "length", "variation", "letter_date", "recipient_name", "recipient_full_name"}


def letter_context(
    info: TemplateInfo, values: dict[str, Any], language: str, length: str | None = None
) -> tuple[dict[str, Any], str]:
    """What a template sees (its fields and the letter's facts), and the note when the tone was softened.

    Bundled templates fit the values as typed (`say`); a user's own get them normalised as before.
    `length` writes the letter at another length than the brief's (a long letter the brief is too
    thin for is written as a letter: see thinner_than_long).
    """
    today = values.get("letter_date") or _dt.date.today()
    if info.source == "bundled":
        # the client's phone typing tidied and said to the recipient, once (tidying.tidy_values)
        ctx = {**values, **tidying.tidy_values(info.fields, values)}
    else:
        ctx = typed.normalise_values(info, values)
    tone, tone_note = values.get("tone"), ""
    sad = lang.sensitive_words(values)
    if tone and info.tones and tone not in info.tones:
        # "Playful tone is not offered for condolence (or it becomes gentle warmth)": LETTERS.md
        tone = info.tones[0]
        warmth = ", with gentle warmth" if tone == "tender" else ""
        asked = values.get("tone")
        tone_note = f"{info.title} letters are not written in a {asked} tone: this one is {tone}{warmth}"
    elif tone == "playful" and sad:
        tone = "tender"
        tone_note = f"the brief speaks of {lang.join_list(sad[:3])}: the playful tone is softened to warmth"
    sender = values.get("sender_name") or ""
    relationship = values.get("relationship") or ""
    content = {k: v for k, v in values.items() if k not in _CONTENT_SKIP}
    seed = zlib.crc32(json.dumps(content, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))
    ctx.update(
        today=today,
        language=language,
        date_line=lang.date_line(today, language),
        p=lang.pronouns(values.get("recipient_pronouns")),
        tone=tone,
        sad=sad,
        we_write=lang.is_plural_sender(sender) or lang.is_plural_sender(values.get("signs_as") or ""),
        keep_names=frozenset(typed.names_in(values)),
        brief_seed=f":{seed:08x}",
        signature=lang.signature(sender, values.get("signs_as") or "", relationship, tone or ""),
        formal_name=lang.formal_name(
            values.get("recipient_name") or "",
            values.get("recipient_full_name") or "",
            relationship,
            values.get("signs_as") or "",
        ),
        said={"starts": []},  # the first words of the sentences said so far (see say)
        ann=lang.anniversary(values.get("married_on"), values.get("together_since"), today),
        joke_told=told_elsewhere(info, values, "inside_joke"),
    )
    if ctx.get("variation") is None:
        ctx["variation"] = 1
    ctx["brief_words"] = brief_words(info, values)
    # A short note tells every detail when they fit in it (about 65 of the client's words).
    ctx["room"] = values.get("length") != "short" or ctx["brief_words"] <= SHORT_ROOM
    if length:
        ctx["length"] = length
    ctx["budget"] = None
    if info.source == "bundled" and ctx.get("length") == "short":
        ctx["budget"] = lang.LENGTH_WORDS["short"][1] - lang.word_count(str(values.get("message") or ""))
    return ctx, tone_note


SHORT_ROOM = 65
# A detail of this many words or more is told at length: a stock remark after it is filler.
TOLD_AT_LENGTH = 22


def brief_words_of(value: Any) -> int:
    """How many words were typed in one field (a list's items together)."""
    return sum(len(str(v).split()) for v in (value if isinstance(value, list) else [value]) if v)


# words too common to say two fields speak of the same thing
_COMMON = frozenset(
    "the and that this with from your you our for was were have has had when what then them they she "
    "him her his its not but all one two time times thing things about just still ever never".split()
)


def _texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _texts(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _texts(v)]
    return [value] if isinstance(value, str) else []


def told_elsewhere(info: TemplateInfo, values: dict[str, Any], name: str) -> bool:
    """Whether another field of the brief speaks of what `name` names ("Kevin the fish" as the
    inside joke, "named it Kevin" in a memory): a lead-in saying it is never mentioned would then
    be contradicted by the letter itself."""
    said = " ".join(_texts(values.get(name))).lower()
    own = {w for w in re.findall(r"[a-z']{3,}", said) if w not in _COMMON}
    if not own:
        return False
    others = " ".join(s for f in info.fields if f.name != name for s in _texts(values.get(f.name)))
    return bool(own & set(re.findall(r"[a-z']{3,}", others.lower())))


def thinner_than_long(
    info: TemplateInfo, values: dict[str, Any], ctx: dict[str, Any], paragraphs: list[str]
) -> bool:
    """A long letter is at least a third the client's own words: one that came out thinner is
    written at the length the brief supports (a letter), and the length note says what would
    make it long."""
    if info.source != "bundled" or ctx.get("length") != "long" or len(paragraphs) < 4:
        return False
    return 3 * ctx["brief_words"] < lang.word_count("\n\n".join(paragraphs[2:-1]))


def brief_words(info: TemplateInfo, values: dict[str, Any]) -> int:
    """How many words the client typed into the template's own fields (memories' meanings too)."""
    n = 0
    for f in info.fields:
        v = values.get(f.name)
        if f.common or f.type not in ("text", "longtext", "list") or not v:
            continue
        for item in v if isinstance(v, list) else [v]:
            n += len(str(item).split()) + len(getattr(item, "meaning", "").split())
    return n


def _told(text: str, said: str) -> bool:
    """Are the typed words in the letter? Three in a row from its first five will do (a lead such
    as "I can" or "you" may have been dropped, a first word lowered)."""
    words = re.findall(r"[^\W_]+", str(text).lower())
    if len(words) <= 3:
        return " ".join(words) in said
    return any(" ".join(words[i : i + 3]) in said for i in range(min(3, len(words) - 2)))


def left_out_note(info: TemplateInfo, values: dict[str, Any], body: str) -> str:
    """Which of the client's details the letter does not tell (a short note has room for few)."""
    if info.source == "bundled":  # the letter tells the values as tidied (tidying.tidy_values)
        values = {**values, **tidying.tidy_values(info.fields, values)}
    said = " ".join(re.findall(r"[^\W_]+", body.lower()))
    missing: list[str] = []
    for f in info.fields:
        if f.common or f.type not in ("text", "longtext", "list"):
            continue
        items = values.get(f.name)
        for item in items if isinstance(items, list) else [items]:
            if item and not _told(item, said):
                missing.append(f"“{typed.trim_stop(str(item))[:40]}” ({(f.question or f.label).rstrip('?')})")
            meaning = getattr(item, "meaning", "")  # what a memory or moment showed, told or not
            if item and meaning and not _told(meaning, said):
                missing.append(f"“{typed.trim_stop(str(meaning))[:40]}” (what it showed)")
    if not missing:
        return ""
    length = values.get("length") or "letter"
    name = f"{values.get('tone') or ''} {LENGTH_LABELS.get(length, 'letter').lower()}".strip()
    shown = "; ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    why = ": a longer length tells more" if length != "long" else ""
    return f"this {name} leaves out {shown}{why}"


def short_note(paragraphs: list[str], own_words: bool) -> list[str]:
    """A short note is one paragraph (and the client's own words after it): a card has few lines."""
    head, body, tail = paragraphs[:2], paragraphs[2:-1], paragraphs[-1:]
    keep = body[-1:] if own_words and len(body) > 1 else []
    merged = body[: len(body) - len(keep)]
    return [*head, *([" ".join(merged)] if merged else []), *keep, *tail]
