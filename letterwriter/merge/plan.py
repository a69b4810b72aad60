"""A merge's plan: which column fills which field, and each row turned into a raw brief.

One owner for mapping and planning: `letterwriter batch`, the window's merge dialog and
`run_batch` all call `plan_merge` on a Table that `read_table` gave them.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from letterwriter.merge.table import MAX_CELL_BYTES, MergeInputError, Table, columns_list, shown
from letterwriter.model import TemplateInfo, strip_controls


@dataclass
class RowPlan:
    """One input row turned into a raw brief, with where each field's text came from."""

    row: int
    brief: dict[str, Any] = field(default_factory=dict)
    name: str = ""
    defaults: list[str] = field(default_factory=list)  # fields filled by --default
    error: str = ""  # the row cannot be merged (too many cells, a huge cell)


@dataclass
class Mapping:
    """Which column feeds which field; None for a column deliberately ignored."""

    columns: dict[str, str | None]

    def column_of(self, field_name: str) -> str | None:
        for col, f in self.columns.items():
            if f == field_name:
                return col
        return None


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).casefold()


def field_for_header(info: TemplateInfo, text: str) -> str | None:
    key = _norm(text)
    for f in info.fields:
        if _norm(f.name) == key:
            return f.name
    for f in info.fields:
        if _norm(f.label) == key:
            return f.name
    return None


def _fields_list(info: TemplateInfo) -> str:
    return ", ".join(f"{f.name} ('{f.label}')" for f in info.fields)


def parse_pairs(pairs: list[str] | None, flag: str) -> list[tuple[str, str]]:
    out = []
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            shape = "COLUMN=FIELD" if flag == "--map" else "FIELD=VALUE"
            raise MergeInputError(f"{flag} expects {shape}, got {pair!r}")
        out.append((key.strip(), value))
    return out


def map_columns(info: TemplateInfo, headers: list[str], maps: list[tuple[str, str]] = ()) -> Mapping:
    """Each header to a field: `--map` first, then the field's name or label (case, spaces,
    underscores ignored). `--map COLUMN=` ignores a column on purpose."""
    explicit: dict[str, str | None] = {}
    for col, target in maps:
        matches = [h for h in headers if h == col] or [h for h in headers if _norm(h) == _norm(col)]
        if not matches:
            raise MergeInputError(f"--map: no column '{shown(col)}' (columns: {columns_list(headers)})")
        if matches[0] in explicit:  # the last one would win silently
            raise MergeInputError(f"--map: column '{shown(matches[0])}' is mapped twice")
        if not target.strip():
            explicit[matches[0]] = None
            continue
        name = field_for_header(info, target)
        if name is None:
            raise MergeInputError(
                f"--map {shown(col)}={shown(target)}: '{shown(target)}' is not a field of template "
                f"'{info.id}' "
                f"(its fields: {_fields_list(info)})"
            )
        explicit[matches[0]] = name
    columns: dict[str, str | None] = {}
    seen_headers: dict[str, int] = {}
    for i, h in enumerate(headers):
        if not h:
            raise MergeInputError(f"column {i + 1} has no header: name it, or delete the column")
        if h in seen_headers:
            raise MergeInputError(
                f"duplicate column '{shown(h)}' (columns {seen_headers[h] + 1} and {i + 1})"
            )
        seen_headers[h] = i
        if h in explicit:
            columns[h] = explicit[h]
            continue
        name = field_for_header(info, h)
        if name is None:
            raise MergeInputError(
                f"column '{shown(h)}' is not a field of template '{info.id}' "
                f"(its fields: {_fields_list(info)}); "
                f"map it with --map '{shown(h)}=FIELD' or ignore it with --map '{shown(h)}='"
            )
        columns[h] = name
    by_field: dict[str, str] = {}
    for h, name in columns.items():
        if name is None:
            continue
        if name in by_field:
            raise MergeInputError(
                f"columns '{shown(by_field[name])}' and '{shown(h)}' both fill field '{name}'"
            )
        by_field[name] = h
    return Mapping(columns)


def parse_defaults(info: TemplateInfo, pairs: list[tuple[str, str]]) -> dict[str, str]:
    out = {}
    for key, value in pairs:
        name = field_for_header(info, key)
        if name is None:
            raise MergeInputError(
                f"--default {shown(key)}=...: '{shown(key)}' is not a field of template '{info.id}' "
                f"(its fields: {_fields_list(info)})"
            )
        if name in out:  # the last one would win silently
            raise MergeInputError(f"--default: field '{name}' is given twice")
        out[name] = value
    return out


def stable_variation(name: str) -> int:
    """A row's own wording, the same on every run: from its name, not from its position."""
    return zlib.crc32(_norm(name).encode("utf-8")) % 997 + 1


def plan_rows(
    info: TemplateInfo,
    table: Table,
    mapping: Mapping,
    *,
    defaults: dict[str, str] | None = None,
    name_field: str = "recipient_name",
    vary: bool = False,
) -> list[RowPlan]:
    """Raw briefs for every row; list fields split on ';' or new lines."""
    defaults = defaults or {}
    headers = table.headers
    plans = []
    for number, cells in table.rows:
        plan = RowPlan(number)
        if len(cells) > len(headers):
            extra = [c for c in cells[len(headers) :] if c.strip()]
            if extra:
                plan.error = (
                    f"row {number} has {len(cells)} cells but there are {len(headers)} columns "
                    f"(extra: {extra[0][:40]!r}); an unquoted comma or semicolon in a value?"
                )
        for index, (col, value) in enumerate(zip(headers, cells, strict=False)):
            fname = mapping.columns.get(col)
            if fname is None:
                continue
            if (number, index) in table.problems and not plan.error:
                plan.error = table.problems[(number, index)]
                continue
            if len(value.encode("utf-8")) > MAX_CELL_BYTES and not plan.error:
                plan.error = (
                    f"column '{col}' is {len(value.encode('utf-8')) // 1024} KB; "
                    f"a cell may hold at most {MAX_CELL_BYTES // 1024} KB"
                )
                continue
            if not value.strip():
                continue
            f = info.field(fname)
            if f is not None and f.type == "list":
                plan.brief[fname] = [v.strip() for v in re.split(r"[;\n]", value) if v.strip()]
            elif f is not None and f.type == "date":
                plan.brief[fname] = table.as_date(value) or value  # 45000 in a number cell: an Excel date
            else:
                plan.brief[fname] = value
        for fname, value in defaults.items():
            if fname not in plan.brief or plan.brief[fname] in ("", []):
                f = info.field(fname)
                plan.brief[fname] = [value] if f is not None and f.type == "list" else value
                plan.defaults.append(fname)
        name = plan.brief.get(name_field) or ""
        # the name as the letter will have it (no bidi overrides, controls or doubled spaces):
        # the report and the file name show what the letter says
        plan.name = " ".join(strip_controls(", ".join(name) if isinstance(name, list) else str(name)).split())
        if vary and not str(plan.brief.get("variation", "")).strip() and info.field("variation"):
            plan.brief["variation"] = stable_variation(plan.name or str(number))
        plans.append(plan)
    return plans


def guess_mapping(info: TemplateInfo, headers: list[str]) -> Mapping:
    """Each column's field by name or label where one matches, else ignored: a start for mapping by hand."""
    return Mapping({h: field_for_header(info, h) for h in headers})


@dataclass
class MergePlan:
    """Everything a merge needs from its input: the mapping, the defaults by field, a plan per row."""

    mapping: Mapping
    defaults: dict[str, str]
    rows: list[RowPlan]


def plan_merge(
    info: TemplateInfo,
    table: Table,
    *,
    maps: list[tuple[str, str]] = (),
    defaults: list[tuple[str, str]] = (),
    name_field: str = "recipient_name",
    vary: bool = False,
) -> MergePlan:
    """Map the table's columns (`maps` first: COLUMN, FIELD; FIELD '' ignores it), resolve the
    defaults (FIELD or its label, VALUE) and plan every row; bad mapping is a MergeInputError."""
    if info.field(name_field) is None:
        raise MergeInputError(
            f"--name-field '{name_field}' is not a field of template '{info.id}' "
            f"(its fields: {', '.join(f.name for f in info.fields)})"
        )
    mapping = map_columns(info, table.headers, maps)
    by_field = parse_defaults(info, defaults)
    rows = plan_rows(info, table, mapping, defaults=by_field, name_field=name_field, vary=vary)
    return MergePlan(mapping, by_field, rows)
