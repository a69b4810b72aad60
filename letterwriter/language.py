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
    from letterwriter import typed  # typed reads the lexicon; language is imported by it lazily

    return typed.inline(str(text))


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
    what = _what_adds_most(info, values)
    return f"the brief gives {words} words, short of a {name} ({lo}–{hi}): {what}"


def _what_adds_most(info, values: dict) -> str:
    """The one question (two at most) whose answer would add most to this letter: an empty question
    of the template's interview first, then any empty one, then a memory's "what did it show?", then
    another answer to a list."""
    every = getattr(info, "fields", [])
    fields = [f for f in every if not f.common and f.type in ("text", "longtext", "list")]
    # Fields labelled for one branch of a choice ("Degree (graduation)") are asked for only
    # when that branch is chosen.
    chosen = {str(v).lower() for k, v in values.items() if isinstance(v, str)}
    branches = {c.lower() for f in every if f.type == "choice" and not f.common for c in f.choices}

    def asked(f) -> bool:
        m = re.search(r"\(([^)]*)\)\s*$", f.label)
        return not (m and m.group(1).lower() in branches and m.group(1).lower() not in chosen)

    fields = [f for f in fields if asked(f)]
    order = list(getattr(info, "interview", ()) or ())
    fields.sort(key=lambda f: order.index(f.name) if f.name in order else len(order))
    label = lambda f: f"“{f.question or f.label}”"  # noqa: E731
    empty = [label(f) for f in fields if not values.get(f.name)]
    if empty:
        return "fill in " + _or_list(empty[:2])
    for f in fields:
        items = values.get(f.name)
        for item in items if isinstance(items, list) else [items]:
            if f.meaning and item and not getattr(item, "meaning", ""):
                return f"answer “{f.meaning}” for “{str(item)[:40].rstrip()}”"
    lists = [label(f) for f in fields if f.type == "list"]
    if lists:
        return "add more to " + _or_list(lists[:2])
    return "choose a shorter length, or add more in your own words"


# --- who writes, and how: plural senders, the signature, the system's English -------------------

_PLURAL_SENDER = re.compile(
    r"\b(?:and|&)\b|\bfamily\b|\ball of us\b|^the\s+\w+s$|\bteam\b|\bfriends\b|\bcolleagues\b|\bclass\b", re.I
)


def is_plural_sender(name: str) -> bool:
    """ "Marguerite Dubois and family", "Ana & Tom", "The Okafors": the letter says "we" throughout."""
    return bool(_PLURAL_SENDER.search(str(name or "").strip()))


_I_TO_WE = [
    (re.compile(r"\bI am\b"), "we are"),
    (re.compile(r"\bI was\b"), "we were"),
    (re.compile(r"\bI[’']m\b"), "we’re"),
    (re.compile(r"\bI(?=[’'](?:ve|ll|d)\b)"), "we"),
    (re.compile(r"\bI\b"), "we"),
    (re.compile(r"\bmy heart\b"), "our hearts"),
    (re.compile(r"\bmyself\b"), "ourselves"),
    (re.compile(r"\bmine\b"), "ours"),
    (re.compile(r"\bmy\b"), "our"),
    (re.compile(r"\bme\b"), "us"),
    (re.compile(r"\bMy\b"), "Our"),
]
_START = re.compile(r"(^|[.!?:][’”\")]?\s+)we\b")


@lru_cache(maxsize=2048)
def we_for_i(text: str) -> str:
    """The template's own words in a family's voice: "I was" -> "we were", "my" -> "our", "me" -> "us"."""
    for pattern, repl in _I_TO_WE:
        text = pattern.sub(repl, text)
    return _START.sub(lambda m: m.group(1) + "We", text)


_INTIMATE = {
    "partner", "spouse", "mother", "father", "parent", "daughter", "son", "child", "grandchild",
    "grandmother", "grandfather", "sister", "brother", "sibling", "friend",
}  # fmt: skip
_TITLES = set("dr mr mrs ms miss mx prof professor sir dame rev revd lady lord".split())


def has_title(name: str) -> bool:
    """ "Mr Hughes", "Dr. Aisha Khan": the name begins with a title the client typed."""
    words = str(name or "").split()
    return len(words) > 1 and words[0].lower().rstrip(".") in _TITLES


def formal_name(recipient_name: str, full_name: str, relationship: str, signs_as: str = "") -> str:
    """Whom a formal letter's "Dear" names. Never a title the brief does not give: a title typed
    ("Dr Aisha Khan") gives "Dr Khan"; without one, the name the client uses where there is a first-
    name basis (a colleague, a neighbour, family, a friend), the full name only to a teacher or
    someone else the client has none with. "Mr" from he/him would be a guess, and they/them has none.
    A client who signs with a first name to a colleague or mentor is on first-name terms: the
    title in the full name stays out ("Dear Helen", signed "Amira"); a title typed as the name the
    client uses ("Ms. Alvarez") is kept.
    """
    name, full = str(recipient_name or "").strip(), str(full_name or "").strip()
    if has_title(name):
        return name
    first_terms = relationship in _FIRST_NAME_TERMS and _a_first_name(signs_as)
    if has_title(full) and not first_terms:
        words = full.split()
        return f"{words[0]} {words[-1]}" if len(words) > 2 else full
    if full and relationship in ("teacher", "other"):
        return full
    return name


# relationships where a client who signs with a first name is on first-name terms
_FIRST_NAME_TERMS = {"colleague", "mentor", "neighbour", "neighbor", "friend", "boss", "manager"}


def _a_first_name(signs_as: str) -> bool:
    """ "Amira", not "Dr Haddad", "Dana and Rob Whitfield" or "Grandad"."""
    words = str(signs_as or "").split()
    return len(words) == 1 and words[0][:1].isupper() and not has_title(words[0])


def signature(sender: str, signs_as: str, relationship: str, tone: str = "") -> str:
    """The name under the letter, starting with a capital: the name the client signs with (their
    `signs_as`) in every letter and register (the client chose it; a reader who signs "Amira" will
    not send a letter signed "Dr Amira Haddad"); without one, a close letter is signed with the first
    name, a formal letter outside family and friends in full.
    """
    sender, signs_as = str(sender or "").strip(), str(signs_as or "").strip()
    return capitalize_first(_signature(sender, signs_as, relationship, tone))


def _signature(sender: str, signs_as: str, relationship: str, tone: str) -> str:
    if signs_as:
        return signs_as
    if relationship not in _INTIMATE:
        return sender or signs_as
    words = sender.split()
    # "Maria Okafor" to her husband signs "Maria"; with more names ("Nguyễn Văn An") the given
    # name is not always the first, so the form's "You sign as" says it and nothing is guessed.
    # "Maya 🧣❤️" is one name and its emoji, all of which she signs.
    if len(words) != 2 or is_plural_sender(sender) or words[0].lower().rstrip(".") in _TITLES:
        return sender
    if not (words[1][:1].isalpha() and words[1][:1].isupper()):
        return sender
    return words[0]


def system_language(environ=None) -> str | None:
    """The English of the system's locale (LC_ALL, LC_MESSAGES, LANG): "en_GB.UTF-8" -> "en-GB"."""
    import os

    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key)
        if value:
            m = re.match(r"en[_-]([A-Za-z]{2})", value)
            code = f"en-{m.group(1).upper()}" if m else ""
            return code if code in LANGUAGES else None
    return None


# --- sad news: a playful tone becomes warmth -------------------------------------------------------

# A death, or a funeral, anywhere in the brief; an illness or a hospital only where the letter's
# centre is (a memory, the moment, the story): "while Minh was recovering from his back surgery",
# said in passing in a thank-you for shovelling snow, leaves the joke about the bathrobe alone.
_DEATH = re.compile(
    r"\b(?:died|dies|dying|death|dead|passed away|passing|last days|last weeks|funeral|hospice|"
    r"grief|grieving|mourning|miscarriage|palliative|buried|burial|widow\w*)\b",
    re.I,
)
_ILLNESS = re.compile(
    r"\b(?:hospital|ward|intensive care|icu|a&e|illness|ill|sick|cancer|chemo\w*|stroke|heart attack|"
    r"surgery|operation|diagnos\w+)\b",
    re.I,
)
# the client's own last words too: "i'll be there for every chemo" is why they are writing
CENTRAL_FIELDS = ("memory", "memories", "moment", "story", "message")


def sensitive_words(values: dict) -> list[str]:
    """What in the brief speaks of a death or a funeral ("his last days"), or of an illness or a
    hospital in the memory the letter centres on ("you reading to me every night in the hospital")."""
    found: list[str] = []
    for key, value in values.items():
        if key.endswith("_name") or key in ("tone", "length", "relationship", "signs_as"):
            continue
        for item in value if isinstance(value, list) else [value]:
            for text in (item, getattr(item, "meaning", "")):
                if isinstance(text, str) and text:
                    found += [w for w in _sad_words(str(text), key in CENTRAL_FIELDS) if w not in found]
    return found


@lru_cache(maxsize=1024)
def _sad_words(text: str, central: bool) -> tuple[str, ...]:
    patterns = (_DEATH, _ILLNESS) if central else (_DEATH,)
    return tuple(
        m.group(0).lower()
        for p in patterns
        for m in p.finditer(text)
        if not _MACHINE_DIED.search(text[max(0, m.start() - 40) : m.end()])
    )


# "the car died outside Albany", "my phone was dead": a machine's end is no death in the brief
_MACHINE = (
    r"car|van|engine|phone|battery|laptop|projector|printer|computer|tv|telly|boiler|fridge|radio|"
    r"torch|bulb|lights?|power|wifi|internet|signal|bike|motor|mower|kettle|screen|camera"
)
_MACHINE_DIED = re.compile(
    rf"\b(?:{_MACHINE})\s+(?:had\s+|has\s+|just\s+|was\s+|went\s+)?(?:died|dead|dying)$",
    re.I,
)


# --- anniversaries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anniversary:
    """Which date a letter counts, and how many years: the anniversary at or near the letter's day."""

    which: str  # "wedding", "together" or "" (no date)
    years: int  # the anniversary being marked when near, else whole years so far
    near: bool  # the letter is written within a month of that anniversary
    months: int = 0  # months past the whole years (when not near)
    days: int = 0  # days until the anniversary when near (negative: just past)

    @property
    def span(self) -> str:
        """How long, in words true on the letter's day: "eleven years", "more than ten years"."""
        if self.years == 0 and not self.near:
            return count(self.months, "month") if self.months else ""
        if self.near or self.months == 0:
            years = "a year" if self.years == 1 else count(self.years, "year")
            return "nearly " + years if self.near and self.days > 1 else years
        if self.months >= 10:
            return "nearly " + count(self.years + 1, "year")
        if self.years == 0:
            return count(self.months, "month")
        return "more than " + count(self.years, "year")


def _next_anniversary(start: _dt.date, today: _dt.date) -> tuple[int, int]:
    """(the anniversary number at or after today, days until it; negative days if just past)."""
    best = None
    for year in (today.year - 1, today.year, today.year + 1):
        if not 1 <= year <= 9999:  # a letter dated at the calendar's far ends
            continue
        try:
            day = start.replace(year=year)
        except ValueError:  # 29 February
            day = _dt.date(year, 3, 1)
        gap = (day - today).days
        if best is None or abs(gap) < abs(best[1]):
            best = (year - start.year, gap)
    return best  # type: ignore[return-value]


def anniversary(married_on: _dt.date | None, together_since: _dt.date | None, today: _dt.date) -> Anniversary:
    """The wedding or the together-since date, whichever anniversary the letter's date is near.

    Near means within 30 days before the day or 14 after it. Away from both, the count is of the
    wedding (or the only date) in whole years and months, true on the letter's day.
    """
    candidates = [
        (w, d) for w, d in (("wedding", married_on), ("together", together_since)) if d and d <= today
    ]
    if not candidates:
        return Anniversary("", 0, False)
    for which, start in candidates:
        number, gap = _next_anniversary(start, today)
        if number >= 1 and -14 <= gap <= 30:
            return Anniversary(which, number, True, 0, gap)
    which, start = candidates[0]
    months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
    return Anniversary(which, months // 12, False, months % 12)
