"""The client's typed words kept as typed, fixed only where a reader would not forgive the letter.

What is fixed: the lone lower-case "i" ("i will" -> "I will"); days, months and holidays, which
English always capitalises ("every sunday" -> "every Sunday", "at easter" -> "at Easter"); and a
detail typed about the recipient ("shes starting in january", "he fixed the roof himself"), which
the letter says to them ("you're starting in January", "you fixed the roof yourself"). What is
kept: a kiss, an emoji or "!!" at the end of a message (no full stop goes after "x"), and every
other word as typed, typos too (the grammar check offers those to the person; we never respell).
`BARE` tells typed.shape what an apostrophe-less contraction is ("im" is "I'm", "shes" is "she's").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from letterwriter import lexicon as lex
from letterwriter import propernames
from letterwriter.shorthand import SHORTHAND, written_out

# Contractions typed without their apostrophe, as phones leave them. Only the ones that are no
# other word: "were", "well", "ill", "its", "wed", "shell", "hell" and "lets" are words themselves.
BARE = {
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "youve": "you've",
    "youll": "you'll",
    "youd": "you'd",
    "shes": "she's",
    "hes": "he's",
    "theyre": "they're",
    "theyve": "they've",
    "theyll": "they'll",
    "theyd": "they'd",
    "weve": "we've",
    "thats": "that's",
    "theres": "there's",
    "itll": "it'll",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "hadnt": "hadn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
}


def fix_i(text: str) -> str:
    """The lower-case "i" people type on phones, as the word it is: "i will" -> "I will", "i'm" -> "I'm"."""
    return re.sub(r"(?<![\w'’])i(?=$|[\s,;:.!?]|['’](?:m|ve|ll|d)\b)", "I", text)


_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
_MONTHS = "january february april june july august september october november december"
_HOLIDAYS = "christmas easter hanukkah diwali eid ramadan thanksgiving halloween passover"
_NAMES = "|".join(f"{_DAYS} {_MONTHS} {_HOLIDAYS}".split())
_CALENDAR = re.compile(rf"(?<![\w'’-])({_NAMES})s?(?![\w'’-])")
# "march" and "may" are verbs too: a month only beside a date word ("in march", "may 3rd").
_MARCH_MAY = re.compile(
    r"\b((?:in|since|until|till|by|of|last|next|this|early|late|mid|before|after|from) )(march|may)\b"
    r"|\b()(march|may)(?= \d)"
)
# "January to may": a month beside a month
_MONTH_PAIR = re.compile(
    rf"\b((?i:{_MONTHS.replace(' ', '|')}|march|may) (?:to|till|until|or|and|through) )(march|may)\b"
)
_NAMED_DAYS = re.compile(
    r"\b(?:new year(?:['’]s (?:eve|day))?|christmas (?:eve|day)|boxing day|good friday"
    r"|easter (?:sunday|monday)|mother['’]s day|father['’]s day|valentine['’]s day|bonfire night"
    r"|st patrick['’]s day)\b"
)


def _title(m: re.Match[str]) -> str:
    return re.sub(r"(?<![\w'’])[a-z]", lambda c: c.group(0).upper(), m.group(0))


@lru_cache(maxsize=4096)
def calendar_capitals(text: str) -> str:
    """Days, months and holidays typed in lower case, capitalised as English always writes them."""
    if not any(c.isalpha() and c.islower() for c in text):
        return text
    text = _NAMED_DAYS.sub(_title, text)
    text = _CALENDAR.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:], text)
    text = _MARCH_MAY.sub(lambda m: (m.group(1) or "") + (m.group(2) or m.group(4)).capitalize(), text)
    return _MONTH_PAIR.sub(lambda m: m.group(1) + m.group(2).capitalize(), text)


def fix(text: str) -> str:
    """A typed value's only fixes: the lone "i", and the capitals of the calendar."""
    return calendar_capitals(fix_i(text))


# What a message may end with that takes no full stop after it: a kiss ("x", "xx", "xoxo"), an
# emoji, a smiley, "<3", or more than one "!" or "?" (the writer's own emphasis).
_KISS = re.compile(r"(?:^|[\s,.;:!?])(?:x+|xo(?:xo)*x?|ox+)$", re.I)
_SMILEY = re.compile(r"(?:[:;=]-?[()DPp3]|<3+|\^_?\^|[!?]{2,}|[!?]+[.!?]+)$")


def keeps_its_end(text: str) -> bool:
    """Does the typed text end in a way a full stop would spoil ("up there x", "so will we!!", "🎉")?"""
    t = text.rstrip()
    if not t:
        return False
    if _KISS.search(t) or _SMILEY.search(t):
        return True
    last = t.rstrip("\ufe0f\u200d\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")[-1:]
    return bool(last) and unicodedata.category(last) == "So"


# --- a detail typed about the recipient, said to them -----------------------------------------

_SUBJECT_OF = {"she": "she", "he": "he", "they": "they"}
# (typed word, lower case) -> "you" form, for each of the recipient's pronouns
_OTHER_FORMS = {
    "he": {"him": "you", "his": "your", "himself": "yourself"},
    "she": {"herself": "yourself", "hers": "yours"},
    "they": {
        "them": "you",
        "their": "your",
        "theirs": "yours",
        "themselves": "yourself",
        "themself": "yourself",
    },
}
_BE_HAVE = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't",
            "isnt": "aren't", "wasnt": "weren't", "hasn't": "haven't", "hasnt": "haven't",
            "doesn't": "don't", "doesnt": "don't"}  # fmt: skip
# "shes", "theyre" (no apostrophe) or "she'll", "he'd" (with one: "shell" and "hed" are words)
_CONTRACTED_SUBJECT = re.compile(r"(she|he|they)(?:['’](s|re|ve|ll|d)|(s|re|ve))$", re.I)
_DETERMINERS = {"a", "an", "the", "this", "that", "some", "every", "each", "any", "no", "all", "my", "our"}
_ADVERBS = {"never", "always", "still", "just", "also", "even", "really", "often", "finally", "once"}


def _you_contracted(suffix: str, next_word: str) -> str:
    """ "she's starting" -> "you're", "he's done it" -> "you've", "they'll" -> "you'll"."""
    s = suffix.lower()
    if s in ("re", "ll", "d", "ve"):
        return {"re": "you're", "ll": "you'll", "d": "you'd", "ve": "you've"}[s]
    v = lex.verb(next_word.lower().replace("’", "'")) if next_word else None
    has = next_word.lower() in ("been", "got", "gotten") or (v is not None and v[1] in ("VBN", "VBD"))
    return "you've" if has and not (v and v[1] == "VBG") else "you're"


def _you_verb(word: str) -> str:
    low = word.lower()
    if low in _BE_HAVE:
        return _BE_HAVE[low]
    v = lex.verb(low.replace("’", "'"))
    return v[0] if v and v[1] == "VBZ" else word


def to_you(value: Any, they: str) -> Any:
    """A detail typed about the person ("she cooked for the whole street") said to them: "you cooked …".

    Only when it begins with the recipient's own pronoun ("shes", "he's" and "theyve" too): then
    that pronoun's other forms in it are theirs as well ("his grandchildren" -> "your
    grandchildren", "himself" -> "yourself"). The rest is the client's. A memory keeps its meaning.
    """
    text = str(value or "")
    if not they or they == "you" or they not in _SUBJECT_OF:
        return value
    m = re.match(r"(\S+)(\s+)(\S+)?", text)
    if not m:
        return value
    head, nxt = m.group(1), m.group(3) or ""
    c = _CONTRACTED_SUBJECT.fullmatch(head.rstrip(",")) if head.lower() != they else None
    if head.lower() == they:
        out = "you" + m.group(2) + _you_verb(nxt) + text[m.end(3) if m.group(3) else m.end(2) :]
    elif c and c.group(1).lower() == they:
        out = _you_contracted(c.group(2) or c.group(3), nxt) + text[len(head) :]
    else:
        return value
    out = _other_forms(out, they)
    if head[:1].isupper():
        out = "Y" + out[1:]
    from letterwriter.model import Memory

    return Memory.like(value, out)


def _other_forms(text: str, they: str) -> str:
    forms = _OTHER_FORMS[they]
    words = re.split(r"(\s+)", text)
    for i in range(2, len(words), 2):
        w = words[i]
        core = w.strip(",.;:!?")
        low = core.lower()
        new = None
        if low in forms:
            new = forms[low]
        elif they == "she" and low == "her":
            after = words[i + 2].strip(",.;:!?").lower() if i + 2 < len(words) else ""
            noun = lex.is_noun(after) or lex.is_adjective(after)
            owner = w == core and after not in _DETERMINERS and noun
            new = "your" if owner else "you"
        elif low == they and words[i - 2].lower().strip(",") in ("and", "but", "so", "because", "when"):
            new = "you"
            j = i + 2
            while j < len(words) and words[j].lower() in _ADVERBS:
                j += 2
            if j < len(words):
                words[j] = _you_verb(words[j])
        if new:
            words[i] = w.replace(core, new)
    return "".join(words)


# --- the client's raw typing, made as a careful writer would have typed it ---------------------

# Acronyms English writes in capitals. A short list we keep (no library lists them by sound and
# sense): the ones people type in letters in lower case ("gcse revision", "doing ivf").
ACRONYMS = {
    w.lower(): w
    for w in """GCSE GCSEs PhD PhDs IVF NHS UK USA NYC BBC GP GPs MRI ICU CEO HR TV DJ MBA MSc BSc PTA
    GED GPS ATM DIY A&E MND ALS COPD NICU ADHD PTSD RAF MA BA""".split()
    if w not in ("MA", "BA")  # "ma" and "ba" are words people type ("me ma")
}
# a word the lexicon knows as a name but people type as a word
_NOT_NAMES = {"ok", "okay", "nan", "nana", "gran", "mam", "mum", "mom", "dad", "pa", "ma", "sis", "bro"}
# pronouns are never names, whatever the lexicon's proper nouns say ("both of us, and I": not "Us")
_NOT_NAMES |= {"us", "we", "me", "him", "her", "them", "they", "it", "you", "i", "he", "she", "one", "all"}
# "jersey city", "the pennine way": a place's last word makes the word before it part of a name
_PLACE_WORDS = {
    "city",
    "county",
    "street",
    "road",
    "avenue",
    "park",
    "bay",
    "island",
    "lake",
    "river",
    "valley",
    "beach",
    "way",
    "hill",
    "heights",
    "falls",
    "springs",
}
_DETERMINERS_T = {"a", "an", "the", "my", "our", "your", "his", "her", "their", "its", "this", "that", "some"}
_OBJ_PRONOUNS = {"it", "him", "her", "them"}
_TOKEN = re.compile(r"[^\W\d_][\w'’&-]*|\d+|[^\w\s]|\s+")
_AN_WORDS = re.compile(r"\b([Aa])(\s+)(?=([A-Za-z][\w'’-]*))")


def _word_case(old: str, new: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def _an(m: re.Match[str]) -> str:
    word = m.group(3)
    low = word.lower()
    # only a vowel letter or a silent h can want "an": inflect says which by sound ("an hour",
    # "a university", "a one-off")
    if not (low[:1] in "aeiou" or low.startswith(("hour", "honest", "honour", "honor", "heir"))):
        return m.group(0)
    from letterwriter import language as lang  # inflect loads slowly; only a typed "a" + vowel needs it

    article = lang.an(word).split(" ", 1)[0]
    return (m.group(1) + "n" if article == "an" else m.group(1)) + m.group(2)


def _place(low: str, prev: str, nxt: str) -> bool:
    """ "jersey city", "the pennine way": a name, or a word that is no English word, before a place's word."""
    if nxt in ("city", "county", "island", "heights"):
        return lex.is_name(low)
    return nxt in _PLACE_WORDS and prev == "the" and not _english(low)


def _beside_a_person(prev: str, nxt: str, k: int, word_at: Any) -> bool:
    """ "you and mark", "mark and i": a word that is also a name, standing with a person."""
    before = prev == "and" and word_at(k - 2) in ("you", "me")
    return before or (nxt == "and" and word_at(k + 2) in ("i", "me"))


_TITLES = {"mr": "Mr", "mrs": "Mrs", "ms": "Ms", "dr": "Dr"}
_IT_IS_BEFORE = {"only", "been", "not", "so", "a", "the", "all", "just", "always", "never", "too", "still"}
_IT_IS_BEFORE |= {"really", "ok", "okay", "fine", "true", "hard", "going", "gonna", "like", "nothing"}
_CLAUSE_OPENERS = {"said", "think", "know", "hope", "guess", "and", "but", "because", "so", "cos", "when"}
_YOU_ARE_BEFORE = {"a", "an", "the", "so", "not", "such", "too", "very", "always", "never", "just", "still"}
_YOU_ARE_BEFORE |= {"all", "only", "really", "gonna", "welcome", "right", "wrong", "here", "there", "my"}


def _ur(nxt: str, after: str) -> str:
    """ "ur" is "you're" before what says what they are ("ur an angel", "ur always welcome", "ur
    gonna beat this", "ur amazing", "ur invited", "ur kind" at the end) and "your" before a thing
    of theirs ("ur mum", "ur old room", "ur kind words")."""
    if nxt in _YOU_ARE_BEFORE:
        return "you're"
    before_a_thing = bool(after) and lex.is_noun(after)
    form = lex.verb(nxt)
    said_of_them = (form is not None and form[1] in ("VBG", "VBN", "VBD")) or lex.is_adjective(nxt)
    if said_of_them and not before_a_thing and (not lex.is_noun(nxt) or not after):
        return "you're"
    return "your"


def _english(low: str) -> bool:
    """A word English writes in lower case: the lexicon's, or a closed-class word it leaves out ("who")."""
    from letterwriter import typed  # typed reads edges: imported when first asked

    return lex.is_word(low) or typed.is_common_word(low) or low in typed._KIN or low in typed._AUX


def raw_typing(text: str, names: dict[str, str] | None = None, learned: dict[str, str] | None = None) -> str:
    """The client's phone typing as a careful writer would type it (_raw_typing); the names it
    found by their context ("a dog named pickles") go into `learned`. One render asks this of
    the same words dozens of times, so the answers are kept."""
    tidied, found = _raw_typing(str(text or ""), tuple(sorted((names or {}).items())))
    if learned is not None:
        for low, new in found:
            learned.setdefault(low, new)
    return tidied


_Pairs = tuple[tuple[str, str], ...]


@lru_cache(maxsize=8192)
def _raw_typing(text: str, names_items: _Pairs) -> tuple[str, _Pairs]:
    """The client's phone typing as a careful writer would type it, words never respelt.

    Contractions typed without their apostrophe ("didnt", "im", "theyd") get it; "tho" is
    "though"; "a actual" is "an actual"; known acronyms are capitals ("gcse" -> "GCSE"); a name
    the brief spells with a capital is written so ("kay" -> "Kay" when the brief has "Kay"),
    and a lower-case word that is no English word but a name ("glasgow", "eli", "vermont") is
    capitalised, as is a place of two words ("jersey city") and a word after "named" ("a dog
    named pickles"); "mark" in "you and mark" is a name. Then the lone "i" and the calendar (fix).
    """
    names = dict(names_items)
    found: list[tuple[str, str]] = []
    toks = _TOKEN.findall(written_out(text))
    words = [i for i, t in enumerate(toks) if t[:1].isalpha() or t[:1].isdigit()]
    out = list(toks)

    def word_at(k: int) -> str:
        return toks[words[k]].lower() if 0 <= k < len(words) else ""

    for k, i in enumerate(words):
        t = toks[i]
        low = t.lower().replace("’", "'")
        if not t.islower():
            continue  # typed with a capital: the person's choice
        prev, nxt = word_at(k - 1), word_at(k + 1)
        new = None
        if low in BARE:
            new = BARE[low]
        elif low == "ur" and low not in names:
            new = _ur(nxt, word_at(k + 2))
        elif low in _TITLES and (nxt in names or lex.is_name(nxt)):
            new = _TITLES[low]  # "mrs hughes" -> "Mrs Hughes"
        elif low == "its" and nxt in _IT_IS_BEFORE and (k == 0 or prev in _CLAUSE_OPENERS):
            new = "it's"  # "its only a flesh wound", "i said its fine": "it is"
        elif low in SHORTHAND and low not in names:
            new = SHORTHAND[low]
        elif low == "ill" and (v := lex.verb(nxt)) is not None and v[1] == "VB" and nxt not in ("health",):
            new = "i'll"  # "ill drop a meal round": "I'll", never the adjective before a verb
        elif low.endswith("s") and _owner(low, prev, nxt):
            new = names.get(low[:-1], low[:-1].capitalize() if not lex.is_word(low[:-1]) else low[:-1]) + "'s"
        elif low == "id" and nxt in ("like", "love", "rather", "been", "have", "never", "always", "hate"):
            new = "i'd"
        elif low in ("tho", "altho"):
            new = "though" if low == "tho" else "although"
        elif low in ACRONYMS:
            new = ACRONYMS[low]
        elif (hit := propernames.in_context(low, prev, names)) is not None:
            new = hit  # "the red lion" where the brief typed "the Red Lion"
        elif low[-2:] == "'s" and low[:-2] in names:
            new = names[low[:-2]] + t[-2:]  # "in ron's name" where the brief has Ron
        elif low in names:
            new = names[low]
            if nxt in _PLACE_WORDS and new[:1].isupper():
                out[words[k + 1]] = toks[words[k + 1]].capitalize()  # "Jersey City" again
        elif len(low) > 2 and low not in _NOT_NAMES and not _english(low) and lex.is_name(low):
            new = low.capitalize()
        elif _place(low, prev, nxt):
            if low not in _NOT_NAMES and len(low) > 2:
                new = low.capitalize()
                j = words[k + 1]
                out[j] = toks[j].capitalize()
        elif prev == "named" or (prev in _OBJ_PRONOUNS and word_at(k - 2) == "named"):
            if low not in _DETERMINERS_T and low not in _OBJ_PRONOUNS and lex.is_noun(low):
                new = low.capitalize()
        elif lex.is_name(low) and low not in _NOT_NAMES and _beside_a_person(prev, nxt, k, word_at):
            new = low.capitalize()  # "you and mark", "mark and i": a person
        if new is not None and out[i] == t:
            out[i] = new
            if new[:1].isupper() and new[1:].islower() and new.isalpha():
                found.append((low, new))  # "a dog named pickles": Pickles in every field
    text, by_context = propernames.capitalised("".join(out), propernames.brief_phrases(names))
    found.extend(by_context)
    text = re.sub(r"\beven though\b", "even though", text)
    text = _AN_WORDS.sub(_an, text)
    return fix(text), tuple(found)


_KIN_OWNERS = {
    "sister",
    "brother",
    "mum",
    "mom",
    "dad",
    "nan",
    "gran",
    "wife",
    "husband",
    "friend",
    "son",
    "daughter",
    "aunt",
    "uncle",
    "cousin",
    "boss",
    "neighbour",
    "neighbor",
    "partner",
}


def _owner(low: str, prev: str, nxt: str) -> bool:
    """ "nicoles party", "your sisters wedding": a possessive typed without its apostrophe."""
    stem = low[:-1]
    if not nxt or not lex.is_noun(nxt) or lex.is_word(low) and stem not in _KIN_OWNERS:
        return False
    if stem in _KIN_OWNERS:
        return prev in ("my", "your", "our", "his", "her", "their")
    return len(stem) > 2 and not lex.is_word(stem) and lex.is_name(stem) and stem not in _NOT_NAMES


# --- a comma splice in a typed value ------------------------------------------------------------

_SUBORDINATE = {
    "when",
    "if",
    "because",
    "although",
    "though",
    "since",
    "as",
    "while",
    "after",
    "before",
    "until",
    "unless",
    "whenever",
    "whereas",
    "once",
    "that",
    "which",
    "who",
    "where",
}
_COORD = ("and ", "but ", "so ", "or ", "then ")


def _is_clause(part: str, *, first: bool, right: bool = False) -> bool:
    from letterwriter import typed

    p = part.strip()
    low = p.lower()
    if right and low.startswith(_COORD):
        return False  # ", so I can't imagine": a comma and a conjunction join clauses rightly
    for c in _COORD:
        if low.startswith(c):
            p, low = p[len(c) :], low[len(c) :]
            break
    head = low.split(" ", 1)[0]
    if len(p.split()) < 3 or head in _SUBORDINATE:
        return False
    s = typed.shape(p)
    if s.kind in ("clause", "first"):
        return True
    words = low.split()
    if _plural_subject(words) or (right and _QUANTIFIED.match(low)):
        return True  # "the kids love it": a subject of its own, and its verb
    if first and (v := lex.verb(head)) is not None and v[1] == "VBG" and _INNER_CLAUSE.search(low):
        return True  # "teaching her to fish when she was 8": a whole memory, ended by its own clause
    return first and s.kind == "vp" and s.tense == "base"  # "take all the time you need"


# a subordinate clause that ends a phrase ("… when she was 8"), not one that opens it
_INNER_CLAUSE = re.compile(
    r"\s(?:when|because|since|after|before|until|while|although|though|if|once)\s"
    r"(?:i|you|he|she|we|they|it|[a-z]+s)\s\w+"
)
# "some of them are PhD students": a subject of its own, and its verb
_QUANTIFIED = re.compile(
    r"(?:some|most|many|all|none|both|each|one|two|three|a few|half) of (?:them|us|you|those|these)"
    r" (?:are|were|is|was|have|had|do|did|will|would|still|now)\b"
)
_SUBJECT_DETERMINERS = {"the", "my", "our", "your", "his", "her", "their", "both", "all"}


def _plural_subject(words: list[str]) -> bool:
    """ "the kids love it", "our neighbours brought soup": a plural noun and the verb after it."""
    while words and words[0] in ("nearly", "almost", "about", "over", "around"):
        words = words[1:]
    if len(words) < 3 or not (words[0] in _SUBJECT_DETERMINERS or words[0].isdigit()):
        return False
    for k in (1, 2):
        noun, after = words[k] if k < len(words) else "", words[k + 1] if k + 1 < len(words) else ""
        if noun.endswith("s") and not noun.endswith("ss") and lex.is_noun(noun):
            if after in ("have", "had", "are", "were", "will", "would", "can", "could", "still"):
                return True
            v = lex.verb(after)
            return v is not None and v[1] in ("VB", "VBP", "VBD") and not after.endswith("ing")
    return False


def unsplice(text: str, stop: str = ";") -> str:
    """Two clauses glued with a comma ("…on Thursdays, im only 10 mins away") parted: with a
    semicolon inside a sentence the template builds, or a full stop (stop=".") where the value is
    its own sentences. Only where both sides have their own subject and verb."""
    t = str(text or "")
    if "," not in t:
        return t
    sentences = re.split(r"(?<=[.!?])(\s+)", t)
    out = []
    for sentence in sentences:
        parts = sentence.split(", ")
        if len(parts) < 2:
            out.append(sentence)
            continue
        built = parts[0]
        left = parts[0]
        for part in parts[1:]:
            right = part
            both = _is_clause(left, first=built == left)
            both = both and _is_clause(right.rstrip(".!?"), first=False, right=True)
            if both:
                if stop == ".":
                    built += ". " + right[:1].upper() + right[1:]
                else:
                    built += "; " + right
            else:
                built += ", " + right
            left = right
        out.append(built)
    return "".join(out)


# --- every "she"/"he" that means the recipient, said to them -----------------------------------

# Someone else a "she" or "he" in the same sentence may mean: a kin word or a person named before it.
_SOMEONE_ELSE = {
    "she": set(
        "mum mom mam mother nan nana gran granny grandma grandmother sister wife daughter aunt auntie "
        "girlfriend niece woman girl lady baby".split()
    ),
    "he": set(
        "dad father grandad granddad grandpa grandfather brother husband son uncle boyfriend nephew "
        "man boy guy baby".split()
    ),
}
_FORMS = {"she": ("her", "hers", "herself"), "he": ("him", "his", "himself")}
_CAUSE = {
    "make",
    "made",
    "let",
    "help",
    "helped",
    "watch",
    "watched",
    "see",
    "saw",
    "hear",
    "heard",
    "have",
    "had",
    "told",
    "tell",
    "asked",
    "ask",
    "taught",
    "teach",
    "teaching",
    "helping",
    "watching",
}
_CLAUSE_END = {",", ";", ".", "!", "?", ":"}


def say_to_them(value: Any, they: str, others: frozenset[str] = frozenset()) -> Any:
    """Every "she"/"he" of a typed value that means the recipient said to them ("off his plate
    for as long as he needs" -> "off your plate for as long as you need", "her pick" -> "your
    pick", "teaching her to fish" -> "teaching you to fish"), the verb agreeing ("she beats me
    and pretends" -> "you beat me and pretend").

    Left as typed in a sentence where someone else could be meant: a kin word of that gender
    ("my mum", "our son") or another person's name (`others`, or a capitalised word that is not
    the sentence's first) before the pronoun. The caller does not ask when another person of the
    brief (the deceased, a baby) has the recipient's pronouns.
    """
    text = str(value or "")
    if they not in _FORMS or not re.search(rf"\b(?:{they}|{'|'.join(_FORMS[they])})", text, re.I):
        return value
    toks = _TOKEN.findall(text)
    out = list(toks)
    idx = [i for i, t in enumerate(toks) if not t.isspace()]
    obj, poss, refl = _FORMS[they]
    other = False  # someone else named in this sentence
    subject = False  # the recipient is this clause's subject ("you beat me … and pretend")
    start = True
    for k, i in enumerate(idx):
        t = toks[i]
        low = t.lower().replace("’", "'")
        prev = toks[idx[k - 1]].lower() if k else ""
        nxt = toks[idx[k + 1]].lower() if k + 1 < len(idx) else ""
        after = toks[idx[k + 2]].lower() if k + 2 < len(idx) else ""
        if t in (".", "!", "?"):
            other, subject, start = False, False, True
            continue
        if t in _CLAUSE_END:
            subject = False
            continue
        was_start, start = start, False
        if low in _SOMEONE_ELSE[they] or low in others or (not was_start and _a_person(t, prev, they)):
            other = True
        if other:
            continue
        new = None
        c = _CONTRACTED_SUBJECT.fullmatch(low)
        if low == they:
            new, subject = "you", True
            j = k + 1
            while j < len(idx) and toks[idx[j]].lower() in _ADVERBS:
                j += 1
            if j < len(idx) and toks[idx[j]][:1].isalpha():
                out[idx[j]] = _you_verb(toks[idx[j]])
        elif c and c.group(1).lower() == they:
            new, subject = _you_contracted(c.group(2) or c.group(3), nxt), True
        elif subject and prev in ("and", "but", "or", "then") and _third_person_verb(low, prev):
            out[i] = _you_verb(t)  # "you beat me and pretend": the verb that shares the subject
        elif low == refl:
            new = "yourself"
        elif low == "hers" or (low == "his" and (nxt in _CLAUSE_END or not nxt)):
            new = "yours"
        elif low == poss and poss == "his":
            new = "your"
        elif low == obj and obj == "him":
            new = "you"
        elif low == "her" and they == "she":
            kin = nxt in _SOMEONE_ELSE["she"] | _SOMEONE_ELSE["he"]
            noun = lex.is_noun(nxt) or lex.is_adjective(nxt) or kin
            # "her whole and": an adjective ending its phrase is no owner's
            ends = lex.is_adjective(nxt) and (after in _CLAUSE_END | {"and", "or", "but"} or not after)
            cause = prev in _CAUSE or (lex.verb(prev) or ("", ""))[0] in _CAUSE
            verb_after = cause and (v := lex.verb(nxt)) is not None and v[1] == "VB"
            owner = noun and nxt not in _DETERMINERS_T | _CLAUSE_END and not ends and not verb_after
            new = "your" if owner else "you"
        if new:
            out[i] = _word_case(t, new)
    return memory_like(value, "".join(out))


CALENDAR_WORDS = frozenset(f"{_DAYS} {_MONTHS} {_HOLIDAYS} march may".split())


def _a_person(word: str, prev: str, they: str) -> bool:
    """A capitalised word that may be someone else of the recipient's pronouns: a person's name,
    not a day, an acronym or a place of two words, nor one whose kin word says it is not ("our son Eli")."""
    low = word.lower()
    if not word[:1].isupper() or word == "I" or low in ACRONYMS or low.rstrip("s") in CALENDAR_WORDS:
        return False
    other_gender = _SOMEONE_ELSE["he" if they == "she" else "she"]
    return lex.is_name(low) and prev not in other_gender and prev not in _TO_A_PLACE


# after these, a capitalised word is a place ("in Brighton", "outside Albany"), not a person
_TO_A_PLACE = {"in", "at", "to", "from", "near", "outside", "around", "through", "across", "into", "of"}


def _third_person_verb(low: str, prev: str) -> bool:
    v = lex.verb(low)
    return low in _BE_HAVE or bool(v and v[1] == "VBZ" and not (lex.is_noun(low) and prev != "and"))


def memory_like(original: Any, text: str) -> Any:
    from letterwriter.model import Memory

    return Memory.like(original, text)
