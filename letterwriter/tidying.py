"""A brief's typed values tidied once, before a bundled template sees them (edges.py does each fix).

Whose "she" is the recipient's (recipient_they), the names the brief spells (brief_names), and
tidy_values, which wording.letter_context lays over the brief: the letter tells the values so,
and a left-out note and provenance read them so.
"""

from __future__ import annotations

import re
from typing import Any

from letterwriter import propernames, shorthand
from letterwriter.edges import _SOMEONE_ELSE, CALENDAR_WORDS, memory_like, raw_typing, say_to_them, unsplice

_SHE_BY_RELATION = {"mother", "grandmother", "sister", "daughter", "wife", "aunt", "niece", "girlfriend"}
_HE_BY_RELATION = {"father", "grandfather", "brother", "son", "husband", "uncle", "nephew", "boyfriend"}
# values that are a name or a title as a whole (typed.py's _AS_TYPED): never touched here
_WHOLE = {"degree", "school", "employer", "role", "home_place", "distance_place", "signs_as"}
_WHOLE.add("deceased_relation")


def recipient_they(values: dict[str, Any]) -> str:
    """ "she" or "he" when the brief says who the recipient is, and no other person of the brief
    (the deceased, a baby) has the same pronouns; "" otherwise (a "they" is left as typed)."""
    spec = str(values.get("recipient_pronouns") or "").strip().lower()
    relation = str(values.get("relationship") or "").lower()
    they = spec.split("/", 1)[0] if spec in ("she/her", "he/him") else ""
    if not spec:
        they = "she" if relation in _SHE_BY_RELATION else "he" if relation in _HE_BY_RELATION else ""
    for key, v in values.items():
        other = key.endswith("_pronouns") and key != "recipient_pronouns"
        if other and they and str(v or "").lower().startswith(they + "/"):
            return ""  # "she" may be the deceased as well as the widow: leave every "she" as typed
    return they


# the small words of a name ("The Okafor family", "Mr and Mrs Reed", "Friends of the Park"):
# capitalised there, they are no names, and every "the" of the letter became "The"
_NAME_GLUE = {"the", "a", "an", "and", "of", "or", "to", "for", "from", "with"}


def _field_names(values: dict[str, Any]) -> dict[str, str]:
    """The names of the brief's name fields spelt with a capital ("Kayla", "Graham")."""
    out: dict[str, str] = {}
    for key, v in values.items():
        if isinstance(v, str) and (key.endswith("_name") or key in ("pet_name", "signs_as")):
            for w in re.findall(r"[^\W\d_]+", v):
                if w[:1].isupper() and not w.isupper() and w.lower() not in _NAME_GLUE:
                    out.setdefault(w.lower(), w)
    return out


def name_capitals(name: str) -> str:
    """A name typed all in lower case with its capitals ("theodore james" -> "Theodore James",
    "mama bear" -> "Mama Bear"); "van", "de" and their kin inside a name stay small, and a way of
    addressing anyone ("Dear friend", a merge's default) is no name."""
    if not name.islower() or name.strip() in _ADDRESSES:
        return name
    words = re.split(r"(\s+|-)", name)
    return "".join(
        w if (k and w in _PARTICLES) or not w[:1].isalpha() else w[:1].upper() + w[1:]
        for k, w in enumerate(words)
    )


_ADDRESSES = {"friend", "friends", "all", "everyone", "colleague", "colleagues", "neighbour", "neighbours"}
_ADDRESSES |= {"neighbor", "neighbors", "sir", "madam", "sir or madam", "team", "you", "my friend"}
# a pet name is capitalised where it stands as a name (the salutation), not in the client's text
_AS_IN_TEXT = {"sender_name", "pet_name"}
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "bin", "bint", "al", "el", "y"}


def brief_names(values: dict[str, Any]) -> dict[str, str]:
    """The brief's names as it spells them (lower case -> as spelt): its name fields' ("Kayla",
    "Graham"; "maya" typed in a name field is "Maya"), and the words its text capitalises inside a
    sentence ("at the Red Lion": propernames.typed_capitals)."""
    texts = [s for k, v in values.items() if not k.endswith(("_name", "_pronouns")) for s in _texts(v)]
    out = propernames.typed_capitals(texts)
    for key, v in values.items():
        if isinstance(v, str) and key.endswith("_name") and key not in _AS_IN_TEXT and v.islower():
            for w in re.findall(r"[^\W\d_]+", name_capitals(v)):
                if w[:1].isupper():
                    out[w.lower()] = w
    return {**out, **_field_names(values)}


def _texts(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _texts(v)]
    if isinstance(value, str):
        return [value, getattr(value, "meaning", "")]
    return []


def tidy_values(fields: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The typed values of a brief as a bundled template should see them: raw typing tidied
    (raw_typing), comma splices parted (unsplice: a full stop in the client's own paragraphs, a
    semicolon elsewhere) and the recipient's "she"/"he" said to them (say_to_them). Memories keep
    their meanings, tidied too. Only changed values are returned."""
    names = brief_names(values)
    learned: dict[str, str] = {}
    for f in fields:  # names found in one field by their context are names in every field
        for item in values.get(f.name) if isinstance(values.get(f.name), list) else [values.get(f.name)]:
            if isinstance(item, str) and f.type in ("text", "longtext", "list") and f.name not in _WHOLE:
                raw_typing(item, names, learned)
                raw_typing(getattr(item, "meaning", ""), names, learned)
    others = frozenset(n for n in _field_names(values) if n not in _names_of(values, "recipient"))
    names = {**{k: v for k, v in learned.items() if k.rstrip("s") not in CALENDAR_WORDS}, **names}
    they = recipient_they(values)

    recipient = _names_of(values, "recipient")

    formal = values.get("tone") == "formal"

    def one(v: Any, stop: str, said_to_them: bool = False) -> Any:
        text = unsplice(raw_typing(str(v), names), stop)
        if formal and not said_to_them:  # the client's own message keeps its words
            text = shorthand.formally(text)
        if they and not said_to_them:
            told = _their_view(text, they, recipient)
            if told is not None:
                text = str(say_to_them(told, they, others))
        return memory_like(v, intro_comma(text))

    def with_meaning(v: Any, stop: str) -> Any:
        out = one(v, stop)
        meaning = getattr(v, "meaning", "")
        if meaning:
            from letterwriter.model import Memory

            out = Memory(str(out), str(one(meaning, ".")))
        return out

    out: dict[str, Any] = {}
    for f in fields:
        v = values.get(f.name)
        if not v or f.name in ("signs_as", "deceased_relation"):
            continue
        if f.name in _WHOLE and isinstance(v, str):
            if v.islower():  # "the nhs trust in leeds": a name typed without its capitals
                out[f.name] = raw_typing(v, names)
            continue
        if f.name == "pet_name" and isinstance(v, str):
            new = name_capitals(v)  # "Dear Bud,": a pet name is what they are called
        elif f.name.endswith("_name") and isinstance(v, str) and f.name != "sender_name":
            new = name_capitals(v)
        elif f.name.endswith(("_name", "_pronouns")):
            continue
        elif f.name == "message" and isinstance(v, str):
            new = one(v, ".", said_to_them=True)  # their own words to them: a "he" there is someone else
        elif f.type in ("text", "longtext") and isinstance(v, str):
            new = with_meaning(v, "." if f.type == "longtext" else ";")
        elif f.type == "list" and isinstance(v, list):
            new = [with_meaning(i, ";") if isinstance(i, str) and i else i for i in v]
        else:
            continue
        if new != v or getattr(new, "meaning", None) != getattr(v, "meaning", None):
            out[f.name] = new
    return out


_THIRD = {"he": ("he", "him", "his", "himself"), "she": ("she", "her", "hers", "herself")}
_YOU = re.compile(r"\b(you|your|yours|yourself|you're|youre)\b", re.IGNORECASE)
# words that may stand between "you" and its verb ("before you even ask")
_ADVERBS = {"even", "still", "always", "never", "just", "really", "ever", "all", "both", "also", "only"}
_AS_ME = {"your": "my", "yours": "mine", "yourself": "myself", "you're": "I'm", "youre": "I'm"}
_I_FORMS = {"are": "am", "were": "was", "'re": "'m", "have": "have"}


def _their_view(text: str, they: str, recipient: set[str]) -> str | None:
    """A value typed about the recipient, made ready to be said to them (say_to_them), or None
    when it is to be left as typed.

    People type a detail about someone as they would tell a friend: "Walt got up at 5am and drove
    round in his old ford", "she tells you the truth even when it stings". There the recipient
    is the name and "she", and "you" is the client (anyone): the name becomes the pronoun (so the
    whole is said to them: "you got up … your old ford") and "you" becomes "I"/"me"/"my" ("you
    tell me the truth"). A value that says "you" with no "she" of theirs already speaks to them,
    and one that names them anywhere but as a clause's subject is told about them: left as typed.
    """
    forms = _THIRD.get(they)
    if not forms:
        return None
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)
    names = [w for w in words if w[:1].isupper() and w.lower() in recipient]
    if names:
        # the recipient's name as a clause's subject ("Walt got up", "… and Walt found her")
        subject = re.compile(
            r"(^|[.;!?]\s+|,\s+and\s+|\band\s+|,\s+)("
            + "|".join(map(re.escape, set(names)))
            + r")(?=\s+[a-z])"
        )

        def pronoun(m: re.Match) -> str:
            lead = m.group(1)
            starts = not lead.strip() or lead.strip()[-1] in ".;!?"
            return lead + (they.capitalize() if starts else they)

        text, n = subject.subn(pronoun, text)
        if n == 0 or any(w.lower() in recipient for w in re.findall(r"[^\W\d_]+", text) if w[:1].isupper()):
            return None  # named elsewhere than as a subject: a sentence about them, left whole
    if not re.search(r"\b(?:" + "|".join(forms) + r")\b", text, re.IGNORECASE):
        return None if _YOU.search(text) else text
    if not _YOU.search(text):
        return text
    first = re.search(r"\b(?:" + "|".join(forms) + r")\b", text, re.IGNORECASE)
    if set(re.findall(r"[a-z]+", text[: first.start()].lower())) & _SOMEONE_ELSE[they]:
        return None  # "you can stay with my sister, she …": the "she" is hers, the "you" theirs
    return _you_as_me(text)


def _you_as_me(text: str) -> str:
    """The client's generic "you" in a detail about the recipient as "I"/"me"/"my"."""
    toks = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\s+|.", text)
    words = [i for i, t in enumerate(toks) if not t.isspace()]
    out = list(toks)
    for k, i in enumerate(words):
        low = toks[i].lower().replace("’", "'")
        if low in _AS_ME:
            out[i] = _AS_ME[low]
        elif low == "you":
            j = k + 1
            while j < len(words) and toks[words[j]].lower() in _ADVERBS:
                j += 1
            nxt = toks[words[j]].lower() if j < len(words) else ""
            prev = toks[words[k - 1]].lower() if k else ""
            word = nxt.replace("'", "").replace("’", "").isalpha() and lexicon_is_verb(nxt)
            as_subject = bool(nxt) and word and prev not in _OBJECT_AFTER
            out[i] = "I" if as_subject else "me"
            if as_subject and nxt in _I_FORMS:
                out[words[j]] = _I_FORMS[nxt]
        if out[i] != toks[i] and toks[i][:1].isupper() and out[i] != "I":
            out[i] = out[i][:1].upper() + out[i][1:]
    return "".join(out)


# after these, "you" is an object even before a verb ("made you laugh", "let you win")
_OBJECT_AFTER = {"made", "make", "makes", "let", "lets", "help", "helps", "helped", "watched", "saw", "heard"}


def lexicon_is_verb(word: str) -> bool:
    """A verb form ("ask", "know", "tells", "were"), by lemminflect's lexicon."""
    from letterwriter import lexicon

    return word in _I_FORMS or word in _MODALS or lexicon.verb(word) is not None


# "by 8 you couldnt tell": a modal after "you" makes it the subject ("I couldn't tell")
_MODALS = set("can can't cant could couldn't couldnt would wouldn't will won't should might must".split())


def _names_of(values: dict[str, Any], who: str) -> set[str]:
    return {
        w.lower()
        for key in (f"{who}_name", f"{who}_full_name", "pet_name")
        for w in re.findall(r"[^\W\d_]+", str(values.get(key) or ""))
    }


# "the winter dad left", "every time you visit": a time told by a clause, before the main one
_TIME_LEAD = re.compile(
    r"^(?:the|that|one|every|each|last) (?:day|night|week|year|summer|winter|spring|autumn|fall|morning"
    r"|afternoon|evening|time|weekend|christmas|first time|last time) ",
    re.I,
)
_SUBJECT = {"i", "you", "he", "she", "we", "they"}
# verbs whose object may be a clause of its own ("the day she told me she was leaving")
_SAYING = {"told", "said", "knew", "thought", "realised", "realized", "heard", "decided", "promised", "found"}


def intro_comma(text: str) -> str:
    """ "the winter dad left you taught me to cook" -> "the winter dad left, you taught me to cook":
    a value that opens with a time told by its own clause gets the comma before its main clause,
    where a reader would otherwise read "dad left you". Only where the main clause's subject is a
    pronoun with its verb after it, and the time clause has a verb that takes no clause itself."""
    from letterwriter import lexicon

    if not _TIME_LEAD.match(text):
        return text
    words = list(re.finditer(r"[\w'’]+|[^\w\s]", text))
    seen_verb = False
    for k in range(2, min(len(words) - 1, 14)):
        low = words[k].group(0).lower()
        if not low[:1].isalnum():
            return text  # a comma (or other stop) the client typed already
        v = lexicon.verb(low)
        if low in _SAYING:
            return text
        joined = words[k - 1].group(0).lower() in ("and", "but", "so", "then", "or", "that", "because")
        if low in _SUBJECT and seen_verb and k > 3 and not joined:
            nxt = words[k + 1].group(0).lower()
            after = lexicon.verb(nxt)
            finite = nxt in ("was", "were", "had", "would", "will", "could", "never", "always", "still")
            if finite or (
                after is not None and (after[1] == "VBD" or after[1] == "VBZ" and not lexicon.is_noun(nxt))
            ):
                return text[: words[k - 1].end()] + "," + text[words[k - 1].end() :]
        after_subject = words[k - 1].group(0).lower() in _SUBJECT  # "every time you visit"
        seen_verb = seen_verb or (v is not None and (v[1] in ("VBD", "VBZ") or after_subject) and k > 2)
    return text
