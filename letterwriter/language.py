"""Prose helpers that keep the seams from showing: articles, plurals, lists, dates, pronouns.

They are registered as Jinja filters and globals (see templates.py), so every template
says "an umbrella", "fifty years" and "Paris, Rome and Lisbon" the same careful way.
"""

from __future__ import annotations

import datetime as _dt
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache


class _Inflect:
    """inflect's engine, made on first use: importing inflect takes tens of milliseconds, and
    the window's settings read this module before its first frame."""

    engine = None

    def __getattr__(self, name: str):
        if _Inflect.engine is None:
            import inflect

            _Inflect.engine = inflect.engine()
        return getattr(_Inflect.engine, name)


_inflect = _Inflect()

# Words a user may type at the start of a memory only because it starts their sentence;
# inside our sentence they go to lower case ("the night we ..."). Names stay as typed.
_LOWER_STARTERS = set(
    """
    the a an when that our we you your how my all every each those these this once after before
    during on in at with watching walking dancing getting going being sitting staying cooking
    reading singing laughing finding losing driving making teaching learning taking it there
    one two three last first both while since until us me him her them his their its some any
    no
    """.split()
)

_SENTENCE_END = re.compile(r"[.!?…]['\"’”)]*$")


def an(word: str) -> str:
    """'an umbrella', 'a European', 'an hour' — the article chosen by sound."""
    word = str(word).strip()
    if not word:
        return ""
    article = _inflect.a(word).split(" ", 1)[0].lower()
    return f"{article} {word}"


def number_words(n: int | float) -> str:
    n = int(n)
    return str(_inflect.number_to_words(n, andword="and"))


def ordinal_words(n: int) -> str:
    """3 -> 'third', 50 -> 'fiftieth'."""
    return str(_inflect.number_to_words(_inflect.ordinal(int(n)), andword="and"))


def count(n: int | float, noun: str, words: bool = True) -> str:
    """'one year', 'fifty years', 'a year' never '1 years'."""
    n = int(n)
    plural = _inflect.plural_noun(noun, n)
    number = number_words(n) if words else str(n)
    return f"{number} {plural}"


def plural(noun: str, n: int = 2) -> str:
    return str(_inflect.plural_noun(noun, int(n)))


def join_list(items, conj: str = "and") -> str:
    """'Paris', 'Paris and Rome', 'Paris, Rome and Lisbon' — as people write them."""
    items = [clause(i) for i in (items or []) if str(i).strip()]
    if not items:
        return ""
    if len(items) == 2 and len(items[0].split()) >= 4:
        # "the other side of the bed and breakfast" reads as one thing: a comma keeps two
        return f"{items[0]}, {conj} {items[1]}"
    # sep="," keeps commas even when an item has its own (inflect would switch to ";")
    return str(_inflect.join(items, sep=",", conj=conj, final_sep=""))


def possessive(name: str) -> str:
    """One style for every name: James's, Zoë's, the Ortizes' is out of scope."""
    name = str(name).strip()
    if not name:
        return ""
    if name.endswith(("'", "’")):
        return name
    return f"{name}'s"  # the plain apostrophe, as in the templates' own prose


def clause(text: str) -> str:
    """A typed fragment made ready to sit inside our sentence.

    Drops the user's closing full stop (the template adds its own) and lowers a first
    word that was capitalised only because it began their sentence.
    """
    text = " ".join(str(text).split())
    text = text.rstrip()
    while text and text[-1] in ".;,:" and not text.endswith("..."):
        text = text[:-1].rstrip()
    if not text:
        return ""
    first, _, rest = text.partition(" ")
    bare = first.strip("'\"“‘")
    if bare and bare[0].isupper() and bare[1:].islower() and bare.lower() in _LOWER_STARTERS:
        text = text.replace(bare, bare.lower(), 1)
    return text


def sentence(text: str) -> str:
    """A typed sentence or two, capitalised and ending in punctuation."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if not _SENTENCE_END.search(text):
        text += "."
    return text


def capitalize_first(text: str) -> str:
    text = str(text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def date_words(d: _dt.date | None, year: bool = False) -> str:
    """'the fifteenth of June' (never '2024-06-15' in prose)."""
    if d is None:
        return ""
    from babel.dates import format_date

    month = format_date(d, "MMMM", locale="en")
    out = f"the {ordinal_words(d.day)} of {month}"
    if year:
        out += f" {d.year}"
    return out


# The English variants Letterwriter writes and checks (LanguageTool codes).
LANGUAGES = ("en-US", "en-GB", "en-AU", "en-CA", "en-NZ", "en-ZA")

_DATE_LOCALES = {
    "en-US": "en_US",
    "en-GB": "en_GB",
    "en-AU": "en_AU",
    "en-CA": "en_CA",
    "en-NZ": "en_NZ",
    "en-ZA": "en_ZA",
}


@lru_cache(maxsize=64)
def _date_line_cached(d: _dt.date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(d, format="long", locale=locale)


def date_line(d: _dt.date, language: str = "en-US") -> str:
    """The date at the head of the letter, as each English variant writes it."""
    return _date_line_cached(d, _DATE_LOCALES.get(language, "en_US"))


def years_between(start: _dt.date | None, end: _dt.date) -> int | None:
    """Whole years from start to end (a birthday not yet reached this year does not count)."""
    if start is None:
        return None
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def variant_index(key: str, n: int, variation: int) -> int:
    """Which of n wordings a slot uses for this variation.

    Deterministic, and consecutive variations change every slot that has a choice,
    so 'another wording' is always visibly another wording.
    """
    if n <= 1:
        return 0
    offset = zlib.crc32(key.encode("utf-8")) % n
    return (int(variation) - 1 + offset) % n


@dataclass(frozen=True)
class Pronouns:
    they: str
    them: str
    their: str
    theirs: str
    themself: str
    plural_verbs: bool

    @property
    def are(self) -> str:
        return "are" if self.plural_verbs else "is"

    @property
    def were(self) -> str:
        return "were" if self.plural_verbs else "was"

    @property
    def have(self) -> str:
        return "have" if self.plural_verbs else "has"

    def verb(self, singular: str, plural_form: str) -> str:
        """pronouns.verb('laughs', 'laugh')."""
        return plural_form if self.plural_verbs else singular


_PRONOUNS = {
    "she/her": Pronouns("she", "her", "her", "hers", "herself", False),
    "he/him": Pronouns("he", "him", "his", "his", "himself", False),
    "they/them": Pronouns("they", "them", "their", "theirs", "themself", True),
}


def pronouns(spec: str | None) -> Pronouns:
    return _PRONOUNS.get((spec or "they/them").strip().lower(), _PRONOUNS["they/them"])


def word_count(text: str) -> int:
    return len(re.findall(r"[\w’'-]+", text))


# Body words for each length (LETTERS.md): what "Short note", "Letter" and "Long letter" promise.
LENGTH_WORDS = {"short": (60, 120), "letter": (180, 320), "long": (380, 600)}
_LENGTH_NAMES = {"short": "short note", "letter": "letter", "long": "long letter"}


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def length_note(info, values: dict, words: int) -> str:
    """A hint when the letter missed its length band: what it is and what to add (or cut).

    The templates reach a length from the client's own details and never invent any, so
    a thin brief gives the best shorter letter and this says which details would fill it.
    Empty when the letter is in its band.
    """
    length = values.get("length") or "letter"
    band = LENGTH_WORDS.get(length)
    if band is None:
        return ""
    lo, hi = band
    name = _LENGTH_NAMES[length]
    if words > hi:
        return (
            f"this {name} runs to {words} words (a {name} is {lo}–{hi}): "
            "shorten the longest details, or choose a longer length"
        )
    if words >= lo:
        return ""
    empty, more = [], []
    # Fields labelled for one branch of a choice ("Degree (graduation)") are asked for only
    # when that branch is chosen.
    chosen = {str(v).lower() for k, v in values.items() if isinstance(v, str)}
    branches = {
        c.lower()
        for f in getattr(info, "fields", [])
        if f.type == "choice" and not f.common
        for c in f.choices
    }
    for f in getattr(info, "fields", []):
        if f.common or f.type not in ("text", "longtext", "list"):
            continue
        m = re.search(r"\(([^)]*)\)\s*$", f.label)
        if m and m.group(1).lower() in branches and m.group(1).lower() not in chosen:
            continue
        v = values.get(f.name)
        label = f"“{f.label}”"
        if not v:
            empty.append(label)
        elif f.type == "list":
            more.append(label)
    if empty:
        what = "fill in " + _or_list(empty[:4])
    elif more:
        what = "add more to " + _or_list(more[:2])
    else:
        what = "choose a shorter length, or add more in your own words"
    return f"the brief gives {words} words, short of a {name} ({lo}–{hi}): {what}"
