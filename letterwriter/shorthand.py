"""Phone shorthand in the client's words written out (mins, apt, w/, u, small numbers as words), and
the casual intensifiers a formal letter says otherwise ("way below" -> "well below")."""

from __future__ import annotations

import re

# Phone shorthand written out, as a careful writer would write it in a letter. Only words that are
# no other English word in lower case ("apt" is also "apt", but a letter means the flat; "u" is
# never a word). A word typed with a capital, or spelt as a name in the brief, is left alone.
SHORTHAND = {
    "mins": "minutes",
    "min": "minute",
    "hrs": "hours",
    "hr": "hour",
    "yrs": "years",
    "yr": "year",
    "wks": "weeks",
    "apt": "apartment",
    "dept": "department",
    "bc": "because",
    "cuz": "because",
    "u": "you",
    "ur": "your",  # or "you're": edges._ur reads the next word
    "urs": "yours",
    "thru": "through",
    "coz": "because",
    "cos": "because",
    "thx": "thanks",
    "pls": "please",
    "plz": "please",
    "tmrw": "tomorrow",
    "bday": "birthday",
    "gf": "girlfriend",
    "bf": "boyfriend",
    "ppl": "people",
    "abt": "about",
    "esp": "especially",
    "xmas": "Christmas",
    "b4": "before",
}
# "w/" and "b/c" hold a slash the word tokens do not: written out before the words are read.
_SLASHED = re.compile(r"(?<![\w/])(w/o|w/|b/c)(?=\s|$)", re.I)
_SLASHED_WORDS = {"w/": "with", "w/o": "without", "b/c": "because"}
# Small numbers in prose are words ("for three hours", "when she was eight"); a number that
# labels or scores something stays a figure ("year 12", "bowled a 41", "room 4", "2-1").
_SMALL = "one two three four five six seven eight nine ten".split()
_SMALL_NTH = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_LABELS = {
    "year",
    "room",
    "number",
    "no",
    "page",
    "size",
    "grade",
    "level",
    "chapter",
    "platform",
    "gate",
    "route",
    "bus",
    "flat",
    "apartment",
    "version",
    "score",
    "track",
    "bay",
    "ward",
    "floor",
    "table",
    "seat",
    "row",
    "act",
    "scene",
    "verse",
    "exhibit",
    "under",
    "team",
    "class",
    "psalm",
}
_SMALL_NUMBER = re.compile(
    r"(?<![\w£$€#.,:/-])(?:(?P<n>10|[1-9])|(?P<nth>10th|1st|2nd|3rd|[4-9]th))"
    r"(?![\w%:/-]|[.,]\d|\s*(?:am|pm|x|%)\b)(?P<after>\s+(?P<word>[A-Za-z]+))?"
)
_COMPOUND_UNITS = {"bedroom", "bed", "storey", "story", "seater", "door", "hour", "minute", "week", "day"}


def _small_number(m: re.Match[str]) -> str:
    before = m.string[: m.start()].rstrip().rsplit(None, 1)[-1:]
    if before and before[0].lower().strip("(") in _LABELS:
        return m.group(0)
    word = _SMALL[int(m.group("n")) - 1] if m.group("n") else _SMALL_NTH[int(m.group("nth")[:-2]) - 1]
    after, unit = m.group("after") or "", (m.group("word") or "").lower()
    # "a 2 bedroom" is "a two-bedroom": a number before a singular unit is one word with it
    if unit in _COMPOUND_UNITS and m.group("n") and word != "one":
        return f"{word}-{m.group('word')}"
    return word + after


def written_out(text: str) -> str:
    """Phone shorthand in a typed value written out: SHORTHAND, "w/", and small numbers as words."""
    text = _SLASHED.sub(lambda m: _SLASHED_WORDS[m.group(1).lower()], text)
    return _SMALL_NUMBER.sub(_small_number, text)


# A formal letter does not keep the casual intensifiers people type ("reading way below grade
# level"): a fixed map, applied only in formal tone and never to the client's own message. "way"
# is only an intensifier before a comparative or a word of place or degree.
_WAY_WELL = "below above behind ahead beyond over under after before past".split()
_WAY_FAR = (
    "too more less better worse bigger smaller older younger harder easier faster slower longer shorter "
    "higher lower earlier later further farther"
).split()
FORMAL = {
    "super": "very",
    "kinda": "kind of",
    "sorta": "sort of",
    "gonna": "going to",
    "wanna": "want to",
}
_WAY = re.compile(rf"\b([Ww])ay(?=\s+(?:({'|'.join(_WAY_WELL)})|{'|'.join(_WAY_FAR)})\b)")
_FORMAL = re.compile(rf"\b(?:{'|'.join(FORMAL)})\b(?=\s+(?-i:[a-z]))", re.I)
# "the way over the hill", "all the way after": "way" after one of these is the noun
_WAY_NOUN = {
    "the",
    "a",
    "this",
    "that",
    "my",
    "your",
    "our",
    "his",
    "her",
    "their",
    "its",
    "no",
    "any",
    "every",
    "one",
    "which",
    "what",
}


def _cased(word: str, new: str) -> str:
    return new[0].upper() + new[1:] if word[0].isupper() else new


# Text-speak a formal letter leaves out of the sentences it builds around a typed detail (the
# client's own message keeps it): a laugh typed after a clause, and "tbh"/"ngl" as asides.
_LAUGH = re.compile(r"\s*(?<![\w'’])(?:lol|lmao|lmfao|rofl|haha(?:ha)*|hehe|omg|ngl)(?![\w'’])[!.]*", re.I)
_TBH = re.compile(r"(?<![\w'’])tbh(?![\w'’])", re.I)
_TBH_END = re.compile(r",?\s+tbh(?=\s*(?:[,.;!?]|$))", re.I)
# "for like five months", "like 3am": "like" as a hedge before an amount
_LIKE = re.compile(
    r"\b((?:for|in|after|at|of|till|until|took|takes|was|were|is|spent|waited|had|did|only|just) )"
    r"like(?= (?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty"
    r"|half|a (?:few|couple|dozen|hundred|thousand|million|week|month|year|day|night|hour))\b))",
    re.I,
)


def without_text_speak(text: str) -> str:
    """ "she gets some actual sleep lol" -> "she gets some actual sleep"; "for like five months" ->
    "for about five months"; "tbh" -> "honestly". For a formal letter's sentences."""
    text = _LAUGH.sub("", text)
    text = _TBH_END.sub("", text)  # "a change of scenery tbh": an aside, gone; "tbh i think": "honestly"
    text = _TBH.sub("honestly", text)
    return re.sub(r"\s+([,.;])", r"\1", _LIKE.sub(r"\1about", text)).strip()


def formally(text: str) -> str:
    """A typed value's casual intensifiers as a formal letter says them: "way below" -> "well
    below", "way too" -> "far too", "super proud" -> "very proud", "gonna" -> "going to"; its
    text-speak left out (without_text_speak)."""
    text = without_text_speak(text)

    def way(m: re.Match[str]) -> str:
        before = text[: m.start()].split()[-1:]
        if before and before[0].lower() in _WAY_NOUN:
            return m.group(0)
        return _cased(m.group(1), "well" if m.group(2) else "far")

    text = _WAY.sub(way, text)
    return _FORMAL.sub(lambda m: _cased(m.group(0), FORMAL[m.group(0).lower()]), text)
