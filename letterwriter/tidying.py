"""A brief's typed values tidied once, before a bundled template sees them (edges.py does each fix).

Whose "she" is the recipient's (recipient_they), the names the brief spells (brief_names), and
tidy_values, which wording.letter_context lays over the brief: the letter tells the values so,
and a left-out note and provenance read them so.
"""

from __future__ import annotations

import re
from typing import Any

from letterwriter.edges import CALENDAR_WORDS, memory_like, raw_typing, say_to_them, unsplice

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


def brief_names(values: dict[str, Any]) -> dict[str, str]:
    """The brief's names as it spells them with a capital ("Kayla", "Graham"): lower case -> as spelt."""
    out: dict[str, str] = {}
    for key, v in values.items():
        if isinstance(v, str) and (key.endswith("_name") or key in ("pet_name", "signs_as")):
            for w in re.findall(r"[^\W\d_]+", v):
                if w[:1].isupper() and not w.isupper():
                    out.setdefault(w.lower(), w)
    return out


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
    others = frozenset(n for n in names if n not in _names_of(values, "recipient"))
    names = {**{k: v for k, v in learned.items() if k.rstrip("s") not in CALENDAR_WORDS}, **names}
    they = recipient_they(values)

    def one(v: Any, stop: str) -> Any:
        text = unsplice(raw_typing(str(v), names), stop)
        if they:
            text = str(say_to_them(text, they, others))
        return memory_like(v, text)

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
            new = raw_typing(v, names) if v.islower() else v
        elif f.name.endswith(("_name", "_pronouns")):
            continue
        elif f.type in ("text", "longtext") and isinstance(v, str):
            new = with_meaning(v, "." if f.type == "longtext" else ";")
        elif f.type == "list" and isinstance(v, list):
            new = [with_meaning(i, ";") if isinstance(i, str) and i else i for i in v]
        else:
            continue
        if new != v or getattr(new, "meaning", None) != getattr(v, "meaning", None):
            out[f.name] = new
    return out


def _names_of(values: dict[str, Any], who: str) -> set[str]:
    return {
        w.lower()
        for key in (f"{who}_name", f"{who}_full_name", "pet_name")
        for w in re.findall(r"[^\W\d_]+", str(values.get(key) or ""))
    }
