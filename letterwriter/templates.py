"""Finds letter templates (bundled and the user's own), reads their field declarations and renders letters.

A template is one Jinja file whose first comment holds TOML: its title, occasion,
description and fields. Bundled templates run in a plain Jinja environment; the user's
run in Jinja's sandbox with time and size limits (sandbox.py). Both use StrictUndefined, so
a misspelt field is an error and never a blank in a letter, and both may extend the shared
`base.txt.j2`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from letterwriter import language as lang
from letterwriter import paths, typed, wording
from letterwriter.model import (
    COMMON_FIELDS,
    FIELD_TYPES,
    TONES,
    Brief,
    BriefError,
    Field,
    TemplateInfo,
    coerce_value,
    strip_controls,
    validate_brief,
)
from letterwriter.sandbox import LimitedSandbox, RenderLimitError, render_limited
from letterwriter.wording import brief_words, letter_context  # noqa: F401 (the tests' and bench's names)

TEMPLATE_SUFFIXES = (".txt.j2", ".j2", ".jinja")
LANGUAGES = lang.LANGUAGES
_HEADER = re.compile(r"\A\s*\{#(.*?)#\}", re.S)
_BR = "\ue000"  # a line break kept inside a paragraph (closing and signature)


class LetterTemplateError(Exception):
    """A template that cannot be loaded or rendered: names the file and, where known, the line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        where = path or ""
        if where and line:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.detail = message


def _template_id(path: Path) -> str:
    name = path.name
    for suffix in TEMPLATE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


_FIELD_KEYS = {
    "name": str,
    "label": str,
    "type": str,
    "required": bool,
    "choices": list,
    "help": str,
    "question": str,
    "meaning": str,
    "meaning_example": str,
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _check_header(meta: dict[str, Any], path: str) -> None:
    """Every header value of the type it must have, so a hand-written header fails with its reason.

    A header such as `common = 5`, `tones = []` or `[[fields]] name = 5` is a broken template
    (skipped with a warning), never a crash of every template.
    """

    def bad(what: str) -> LetterTemplateError:
        return LetterTemplateError(f"header: {what}", path)

    def text_list(key: str, value: Any, *, nonempty: bool = False) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(f"'{key}' must be a list of text")
        if nonempty and not value:
            raise bad(f"'{key}' must not be empty")

    for key in ("title", "id", "occasion", "description"):
        if key in meta and not isinstance(meta[key], str):
            raise bad(f"'{key}' must be text")
    if "id" in meta and not _NAME.fullmatch(meta["id"]):
        raise bad("'id' must be letters, digits and _ (at most 64)")
    if "common" in meta:
        text_list("common", meta["common"])
    if "tones" in meta:
        text_list("tones", meta["tones"], nonempty=True)
    if "interview" in meta:
        text_list("interview", meta["interview"])
    overrides = meta.get("overrides", {})
    if not isinstance(overrides, dict) or not all(isinstance(v, dict) for v in overrides.values()):
        raise bad("'overrides' must be a table of tables (overrides.NAME = { ... })")
    for name, changes in overrides.items():
        unknown = set(changes) - {"label", "required", "choices", "default", "help", "example", "question"}
        if unknown:
            raise bad(f"overrides.{name} cannot set '{sorted(unknown)[0]}'")
        for key, kind in _FIELD_KEYS.items():
            if key in changes and not isinstance(changes[key], kind):
                raise bad(f"overrides.{name}.{key} has the wrong type")
        if "choices" in changes:
            text_list(f"overrides.{name}.choices", changes["choices"], nonempty=True)
    fields = meta.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
        raise bad("'fields' must be a list of [[fields]] tables")
    for i, raw in enumerate(fields, 1):
        name = raw.get("name")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise bad(f"field {i}: 'name' must be letters, digits and _ (at most 64), got {name!r}"[:160])
        for key, kind in _FIELD_KEYS.items():
            if key in raw and not isinstance(raw[key], kind):
                raise bad(f"field '{name}': '{key}' has the wrong type")
        if "choices" in raw:
            text_list(f"field '{name}' choices", raw["choices"])
    for raw in fields:
        # A declared default or example must be a valid value of the field's own type.
        f = Field(
            name=raw["name"],
            label=raw.get("label", raw["name"]),
            type=raw.get("type", "text"),
            choices=tuple(raw.get("choices", ())),
        )
        if f.type not in FIELD_TYPES:
            continue  # _parse_fields names the type problem
        for key in ("default", "example"):
            if key in raw:
                try:
                    coerce_value(f, raw[key])
                except BriefError as exc:
                    raise bad(f"field '{f.name}': its {key} is not valid ({exc})") from None


def _parse_fields(meta: dict[str, Any], path: str) -> list[Field]:
    common_names = meta.get("common", list(COMMON_FIELDS))
    overrides = meta.get("overrides", {})
    tones = tuple(meta.get("tones", TONES))
    fields: list[Field] = []
    for name in common_names:
        base = COMMON_FIELDS.get(name)
        if base is None:
            raise LetterTemplateError(f"unknown common field '{name}'", path)
        changes = dict(overrides.get(name, {}))
        if "choices" in changes:
            changes["choices"] = tuple(changes["choices"])
        if name == "tone":
            # every tone is accepted (a brief is kept and tried in other tones); one the template
            # does not offer is written in its first tone, with a note (wording.letter_context)
            changes.setdefault("choices", TONES if set(tones) <= set(TONES) else tones)
            changes.setdefault("default", tones[0])
        fields.append(Field(**{**base.__dict__, **changes}))
    for raw in meta.get("fields", []):
        try:
            f = Field(
                name=raw["name"],
                label=raw.get("label", raw["name"].replace("_", " ").capitalize()),
                type=raw.get("type", "text"),
                required=bool(raw.get("required", False)),
                choices=tuple(raw.get("choices", ())),
                default=raw.get("default"),
                help=raw.get("help", ""),
                example=raw.get("example"),
                carry=bool(raw.get("carry", True)),
                minimum=raw.get("minimum"),
                question=raw.get("question", ""),
                meaning=raw.get("meaning", ""),
                meaning_example=raw.get("meaning_example", ""),
            )
        except (KeyError, TypeError) as exc:
            raise LetterTemplateError(f"a field declaration is incomplete: {exc}", path) from None
        if f.type not in FIELD_TYPES:
            raise LetterTemplateError(
                f"field '{f.name}' has type '{f.type}'; types are {', '.join(FIELD_TYPES)}", path
            )
        if f.minimum is not None and (
            f.type != "number" or isinstance(f.minimum, bool) or not isinstance(f.minimum, (int, float))
        ):
            raise LetterTemplateError(f"field '{f.name}': minimum must be a number, on a number field", path)
        if f.type == "choice" and not f.choices:
            raise LetterTemplateError(f"choice field '{f.name}' declares no choices", path)
        fields.append(f)
    names = [f.name for f in fields]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise LetterTemplateError(f"field '{sorted(dupes)[0]}' is declared twice", path)
    return fields


def read_info(path: Path, source: str = "bundled") -> TemplateInfo | None:
    """The template's description from its header comment; None for a file without one."""
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise LetterTemplateError(f"over {MAX_TEMPLATE_BYTES:,} bytes: not a letter template", str(path))
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LetterTemplateError("not a letter template: it is not UTF-8 text", str(path)) from None
    except OSError as exc:
        raise LetterTemplateError(f"cannot read: {exc.strerror}", str(path)) from None
    m = _HEADER.match(text)
    if not m:
        return None
    body = m.group(1)
    try:
        meta = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        # Report the line in the template file, not in the comment.
        line = text[: m.start(1)].count("\n") + 1
        lm = re.search(r"line (\d+)", str(exc))
        if lm:
            line += int(lm.group(1)) - 1
        raise LetterTemplateError(f"header is not valid TOML ({exc})", str(path), line) from None
    if "title" not in meta:
        return None
    _check_header(meta, str(path))
    tones = tuple(meta.get("tones", TONES))
    fields = _parse_fields(meta, str(path))
    names = {f.name for f in fields}
    for name in meta.get("interview", []):
        if name not in names:
            raise LetterTemplateError(f"header: interview names '{name}', which is not a field", str(path))
    return TemplateInfo(
        id=meta.get("id", _template_id(path)),
        title=meta["title"],
        occasion=meta.get("occasion", meta["title"]),
        description=meta.get("description", ""),
        fields=fields,
        path=str(path),
        source=source,
        tones=tones,
        interview=tuple(meta.get("interview", ())),
    )


@dataclass
class RenderedLetter:
    """A rendered letter: the text exactly as exported, and its parts for layout."""

    template_id: str
    paragraphs: list[str]
    values: dict[str, Any]
    language: str = "en-US"
    info: TemplateInfo | None = None
    length_note: str = ""  # set when the brief is too thin (or too full) for the chosen length
    tone_note: str = ""  # set when a playful tone was softened for a sad brief
    left_out_note: str = ""  # the brief's details this length had no room for

    @property
    def notes(self) -> list[str]:
        """What the client should know about this letter (the command line prints each as `note:`)."""
        return [n for n in (self.tone_note, self.left_out_note, self.length_note) if n]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"

    @property
    def date_line(self) -> str:
        return self.paragraphs[0] if self.paragraphs else ""

    @property
    def body_paragraphs(self) -> list[str]:
        """Paragraphs between the salutation and the closing."""
        return self.paragraphs[2:-1] if len(self.paragraphs) > 3 else []

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.body_paragraphs)

    def with_text(self, text: str) -> RenderedLetter:
        """The same letter with the person's own edit of its text (paragraphs at blank lines)."""
        paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return RenderedLetter(self.template_id, paragraphs, self.values, self.language, self.info)


# --- tidying the rendered text -------------------------------------------------------

_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?)’”])")
_DOUBLE_COMMA = re.compile(r",(\s*,)+")
_COMMA_STOP = re.compile(r",\s*([.!?])")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\s*\.(?!\.)")
_STOP_AFTER_END = re.compile(r"([!?])(?:\s*\.)+")  # all of "!..." at once: tidy stays idempotent
_AND_AND = re.compile(r"\b(and|the|a|of|to)(?:\s+\1\b)+", re.I)  # "the the the" too
_SENTENCE_START = re.compile(r"([.!?][’”)]?\s+)([‘“(]?)([a-z])")
# Anchored at the end of a short window before the stop: searching the whole paragraph
# up to every sentence start made tidying quadratic (64 KB took 20 s).
_ABBREV = re.compile(r"\b(?:[Ee]\.g|[Ii]\.e|[Ee]tc|vs|Mr|Mrs|Ms|Dr|St|Prof)\Z")  # "E.g." opens a sentence too
_ABBREV_WINDOW = 8  # longer than the longest abbreviation, so its word boundary is inside
_BR_RUN = re.compile(f"{_BR}{{2,}}")
_SURROGATES = re.compile(r"[\ud800-\udfff]")  # a user template's "\ud800" cannot be written out
_NOTHING_LINE = re.compile(f"^[ \t]*{wording.NOTHING}[ \t]*\n", re.M)  # a sentence say() left out


def _capitalize_sentences(par: str) -> str:
    def fix(m: re.Match[str]) -> str:
        stop = m.start(1)
        if par[stop] == "." and m.group(1)[1:].isspace():
            if _ABBREV.search(par, max(0, stop - _ABBREV_WINDOW), stop):
                return m.group(0)
        return m.group(1) + m.group(2) + m.group(3).upper()

    return lang.capitalize_first(_SENTENCE_START.sub(fix, par))


def tidy(text: str) -> list[str]:
    """Rendered template text -> clean paragraphs.

    Paragraphs are separated by blank lines; lines inside one are joined, so templates can
    wrap prose freely and an optional sentence can vanish without leaving a gap.
    """
    paragraphs = []
    # No escape sequence, control or bidi override reaches a letter, whatever the template wrote.
    text = _SURROGATES.sub("\ufffd", strip_controls(text.replace("\r\n", "\n").replace("\r", "\n")))
    text = _NOTHING_LINE.sub("", text).replace(wording.NOTHING, "")
    for block in re.split(r"\n[ \t]*\n", text):
        par = " ".join(line.strip() for line in block.split("\n"))
        par = _SPACES.sub(" ", par).strip()
        if not par:
            continue
        par = _SPACE_BEFORE_PUNCT.sub(r"\1", par)
        par = _DOUBLE_COMMA.sub(",", par)
        par = _COMMA_STOP.sub(r"\1", par)
        par = _DOUBLE_STOP.sub(".", par)
        par = _STOP_AFTER_END.sub(r"\1", par)
        par = _AND_AND.sub(r"\1", par)
        par = par.replace(f" {_BR}", _BR).replace(f"{_BR} ", _BR)
        # Kept line breaks: one at a time, never at a paragraph's edge (no blank line inside one).
        par = _BR_RUN.sub(_BR, par).strip(_BR)
        if not par:
            continue
        par = _capitalize_sentences(par)
        par = par.replace(_BR, "\n")
        paragraphs.append(par)
    return paragraphs


# --- the Jinja environment ---------------------------------------------------------------


@jinja2.pass_context
def _pick(ctx, key: str, *options: str) -> str:
    """One of several wordings for a slot, chosen by the letter's variation number."""
    opts = [o for o in options]
    if not opts:
        return ""
    return opts[lang.variant_index(key, len(opts), ctx.get("variation") or 1)]


@jinja2.pass_context
def _variant(ctx, key: str, n: int) -> int:
    return lang.variant_index(key, int(n), ctx.get("variation") or 1)


# a full stop then a word ("… schools. nearly 400 kids …"), not after a title ("Dr. Khan")
_SENTENCE_END = re.compile(r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bSt\.)(?<!\bMrs\.)(?<=[.!?])\s+(?=\w)")


def _head_and_rest(value: object) -> tuple[str, str]:
    """A typed value's first sentence and the rest ("the summer lab placements. Nearly 400 kids
    have done it now." -> the placements, and the kids): a thing typed first can then be carried
    by a sentence of the letter's own, and what follows said as typed."""
    parts = _SENTENCE_END.split(str(value or "").strip(), maxsplit=1)
    if len(parts) < 2:  # "the school garden, you dug every bed": a thing, then a clause about it
        parts = _TOPIC_COMMA.split(str(value or "").strip(), maxsplit=1)
    head = parts[0].rstrip(".!? ") if len(parts) == 2 else str(value or "").strip()
    return head, parts[1] if len(parts) == 2 else ""


_TOPIC_COMMA = re.compile(r",\s+(?=(?:I|i|you|You|he|she|we|they|it)\s+[a-z])")


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(
        after=typed.after,
        phrase=typed.phrase,
        lead_in=typed.lead_in,
        hope=typed.hope,
        state=typed.state,
        habit=typed.habit,
        quality=typed.quality,
        you_are=typed.you_are,
        own=typed.own_words,
        fit=lambda value, spec: typed.fit(value, spec) or "",
        to_you=lambda value, p: typed.to_you(value, getattr(p, "they", "")),
        an=lang.an,
        a=lang.an,
        count=lang.count,
        plural=lang.plural,
        number_words=lang.number_words,
        ordinal_words=lang.ordinal_words,
        join_list=lang.join_list,
        possessive=lang.possessive,
        clause=lang.clause,
        sentence=lang.sentence,
        date_words=lang.date_words,
        capitalize_first=lang.capitalize_first,
        spell=wording.spell,
        head_and_rest=_head_and_rest,
    )
    env.globals.update(
        fits=lambda value, spec: typed.fit(value, spec) is not None,
        is_scene=typed.is_scene,
        is_told=typed.is_told,
        words=typed.words,
        pick=_pick,
        say=wording.say,
        variant=_variant,
        br=_BR,
        years_between=lang.years_between,
        join_list=lang.join_list,
        count=lang.count,
        an=lang.an,
        possessive=lang.possessive,
        pronouns=lang.pronouns,
        ordinal_words=lang.ordinal_words,
        number_words=lang.number_words,
        date_words=lang.date_words,
    )
    env.tests["fits"] = lambda value, spec: typed.fit(value, spec) is not None
    env.tests["startingwith_me"] = typed.is_me
    env.tests["noun_phrase"] = typed.is_noun_phrase
    return env


def _env_kwargs(loader: jinja2.BaseLoader) -> dict[str, Any]:
    return dict(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        auto_reload=False,
    )


# A template file's size: a letter's template is a few KB (the render limits are in sandbox.py).
MAX_TEMPLATE_BYTES = 1_000_000


class TemplateLibrary:
    """Bundled templates plus the user's folder; user templates of the same id come first."""

    def __init__(self, user_dir: Path | None = None, bundled_dir: Path | None = None):
        self.bundled_dir = bundled_dir or paths.bundled_templates_dir()
        self.user_dir = user_dir if user_dir is not None else paths.user_templates_dir()
        loader_dirs = [str(self.bundled_dir)]
        self._env = _configure(jinja2.Environment(**_env_kwargs(jinja2.FileSystemLoader(loader_dirs))))
        self._sandbox = _configure(
            LimitedSandbox(
                **_env_kwargs(jinja2.FileSystemLoader([str(self.user_dir), str(self.bundled_dir)]))
            )
        )
        self._sandbox.finish_setup()
        self._infos: dict[str, TemplateInfo] | None = None
        self.errors: list[LetterTemplateError] = []

    # discovery
    def _scan(self, folder: Path, source: str) -> dict[str, TemplateInfo]:
        found: dict[str, TemplateInfo] = {}
        if not folder.is_dir():
            return found
        for path in sorted(folder.iterdir()):
            if not path.is_file() or not path.name.endswith(TEMPLATE_SUFFIXES):
                continue
            if path.name.startswith(("_", ".")) or _template_id(path) == "base":
                continue
            try:
                info = read_info(path, source)
            except LetterTemplateError as exc:
                self.errors.append(exc)
                continue
            except Exception as exc:  # one broken template must never take the others down
                self.errors.append(LetterTemplateError(f"{type(exc).__name__}: {exc}", str(path)))
                continue
            if info is not None:
                found[info.id] = info
        return found

    def infos(self) -> dict[str, TemplateInfo]:
        if self._infos is None:
            self.errors = []
            infos = self._scan(self.bundled_dir, "bundled")
            infos.update(self._scan(self.user_dir, "user"))
            self._infos = infos
        return self._infos

    def reload(self) -> None:
        self._infos = None
        for env in (self._env, self._sandbox):
            if env.cache is not None:
                env.cache.clear()  # a user template edited on disk is read again

    def list(self) -> list[TemplateInfo]:
        return sorted(self.infos().values(), key=lambda i: (i.source != "bundled", i.title))

    def get(self, name: str) -> TemplateInfo:
        """A template by id, or by the path of a template file."""
        infos = self.infos()
        if name in infos:
            return infos[name]
        p = Path(name)
        if p.suffix in (".j2", ".jinja") or p.exists():
            if not p.is_file():
                raise LetterTemplateError(f"no template file '{name}'")
            info = read_info(p.resolve(), "user")
            if info is None:
                raise LetterTemplateError(
                    "not a letter template: it has no header comment with a title", str(p)
                )
            return info
        known = ", ".join(sorted(infos))
        raise LetterTemplateError(f"unknown template '{name}' (templates: {known})")

    def _jinja_template(self, info: TemplateInfo) -> jinja2.Template:
        path = Path(info.path)
        if info.source == "bundled":
            env, name = self._env, path.name
        else:
            env = self._sandbox
            name = path.name if path.parent == self.user_dir else None
        try:
            if name is not None:
                return env.get_template(name)
            return env.from_string(path.read_text(encoding="utf-8"), globals={"__file__": str(path)})
        except jinja2.TemplateSyntaxError as exc:
            raise LetterTemplateError(
                exc.message or str(exc), exc.filename or info.path, exc.lineno
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise LetterTemplateError(f"template '{exc.name}' not found", info.path) from None

    def render(
        self,
        template: str | TemplateInfo,
        brief: dict[str, Any],
        *,
        variation: int | None = None,
        language: str = "en-US",
    ) -> RenderedLetter:
        info = template if isinstance(template, TemplateInfo) else self.get(template)
        raw = dict(brief)
        if variation is not None:
            raw["variation"] = variation
        validated = validate_brief(info, raw)
        return self.render_values(info, validated, language=language)

    def render_values(self, info: TemplateInfo, brief: Brief, *, language: str = "en-US") -> RenderedLetter:
        values = brief.values
        ctx, tone_note = wording.letter_context(info, values, language)
        paragraphs = self._paragraphs(info, ctx)
        if wording.thinner_than_long(info, values, ctx, paragraphs):
            # a long letter less than a third the client's words is padding: the letter it supports
            ctx, tone_note = wording.letter_context(info, values, language, length="letter")
            paragraphs = self._paragraphs(info, ctx)
        letter = RenderedLetter(info.id, paragraphs, values, language, info)
        letter.length_note = lang.length_note(info, values, lang.word_count(letter.body_text))
        letter.tone_note = tone_note
        if info.source == "bundled":
            letter.left_out_note = wording.left_out_note(info, values, letter.body_text)
        return letter

    def _paragraphs(self, info: TemplateInfo, ctx: dict[str, Any]) -> list[str]:
        tmpl = self._jinja_template(info)
        try:
            text = render_limited(tmpl, ctx) if info.source != "bundled" else tmpl.render(ctx)
        except RenderLimitError as exc:
            raise LetterTemplateError(f"stopped: {exc}", info.path, _template_line(info.path)) from None
        except RecursionError:
            raise LetterTemplateError("stopped: the template calls itself too deeply", info.path) from None
        except jinja2.UndefinedError as exc:
            raise LetterTemplateError(str(exc), info.path, _template_line(info.path)) from None
        except jinja2.TemplateError as exc:
            raise LetterTemplateError(str(exc), info.path, _template_line(info.path)) from None
        except BriefError:
            raise
        except Exception as exc:  # a template's own bug, e.g. a filter given the wrong type
            raise LetterTemplateError(
                f"{type(exc).__name__}: {exc}", info.path, _template_line(info.path)
            ) from None
        paragraphs = tidy(text)
        if info.source == "bundled" and ctx.get("length") == "short":
            paragraphs = wording.short_note(paragraphs, bool(ctx.get("message")))
        return paragraphs


def _template_line(path: str) -> int | None:
    """The line of the template being rendered when an error escaped (Jinja rewrites frames)."""
    tb = sys.exc_info()[2]
    line = None
    name = Path(path).name
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname == path or fname.endswith(name) or fname == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_default_library: TemplateLibrary | None = None


def library() -> TemplateLibrary:
    """The process's library (bundled plus the user folder under LETTERWRITER_HOME)."""
    global _default_library
    if _default_library is None:
        _default_library = TemplateLibrary()
    return _default_library


def render(template: str | TemplateInfo, brief: dict[str, Any], **kw: Any) -> RenderedLetter:
    return library().render(template, brief, **kw)


__all__ = [
    "LANGUAGES",
    "LetterTemplateError",
    "RenderedLetter",
    "TemplateLibrary",
    "library",
    "render",
    "tidy",
]
