"""The TOML schema of a briefing: which tables exist, which keys they take, of what type.

Kept declarative so the validator, the format document and the tests read one truth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

FieldType = Literal["str", "bool", "date", "list[str]"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = False
    choices: tuple[str, ...] = ()


def _f(
    name: str, type_: FieldType = "str", required: bool = False, choices: tuple[str, ...] = ()
) -> FieldSpec:
    return FieldSpec(name, type_, required, tuple(choices))


#: The metadata table, ``[briefing]``.
BRIEFING_FIELDS: tuple[FieldSpec, ...] = (
    _f("id", required=True),
    _f("title", required=True),
    _f("author"),
    _f("publisher"),
    _f("date", "date"),
    _f("language", required=True),
    _f("source"),
    _f("description"),
)

#: ``[briefing.compare]``: what a comparison shows when no pair is named.
COMPARE_FIELDS: tuple[FieldSpec, ...] = (
    _f("default", "list[str]"),
    _f("third"),
)

#: Arrays of tables, ``[[section]]`` and so on, keyed by table name.
UNIT_TABLES: dict[str, tuple[FieldSpec, ...]] = {
    "section": (
        _f("id", required=True),
        _f("number"),
        _f("title", required=True),
        _f("paragraphs", "list[str]", required=True),
        _f("editorial_title", "bool"),
    ),
    "agreement": (
        _f("id", required=True),
        _f("short_name", required=True),
        _f("name", required=True),
        _f("name_ko"),
        _f("parties", "list[str]", required=True),
        _f("date", "date", required=True),
        _f("place"),
        _f(
            "kind",
            required=True,
            choices=("MOU", "MOC", "joint statement", "initiative", "action plan", "other"),
        ),
        _f("binding", "bool", required=True),
        _f("url"),
        _f("summary"),
        _f("sections", "list[str]"),
    ),
    "topic": (
        _f("id", required=True),
        _f("label_ko", required=True),
        _f("label_en", required=True),
        _f("description"),
    ),
    "clause": (
        _f("id", required=True),
        _f("agreement", required=True),
        _f("topic", required=True),
        _f("addressed", "bool"),
        _f("article_text"),
        _f("summary"),
        _f("wording"),
        _f("wording_provenance", choices=("official", "article")),
        _f("wording_url"),
        _f("sections", "list[str]"),
    ),
    "implication": (
        _f("id", required=True),
        _f("title", required=True),
        _f("article_text"),
        _f("summary"),
        _f("clauses", "list[str]"),
        _f("sections", "list[str]"),
    ),
    "note": (
        _f("id", required=True),
        _f("targets", "list[str]", required=True),
        _f("kind", required=True, choices=("discrepancy", "fact-check", "note")),
        _f("text", required=True),
        _f("article_says"),
        _f("record_says"),
        _f("confidence", choices=("V", "S", "R")),
        _f("source_url"),
    ),
    "term": (
        _f("id", required=True),
        _f("ko"),
        _f("en"),
        _f("aliases", "list[str]"),
        _f("acronym"),
        _f("description"),
        _f("see", "list[str]"),
    ),
}

TYPE_NAMES = {
    "str": "a string",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "list[str]": "a list of strings",
}


def check_value(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    """Return the value normalised for the model, or an error message."""
    if spec.type == "str":
        if not isinstance(value, str):
            return None, f"must be {TYPE_NAMES['str']}, not {type_name(value)}"
        if spec.choices and value not in spec.choices:
            allowed = ", ".join(f'"{c}"' for c in spec.choices)
            return None, f'"{value}" is not one of {allowed}'
        return value, None
    if spec.type == "bool":
        if not isinstance(value, bool):
            return None, f"must be {TYPE_NAMES['bool']}, not {type_name(value)}"
        return value, None
    if spec.type == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat(), None
        if isinstance(value, dt.date):
            return value.isoformat(), None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).isoformat(), None
            except ValueError:
                pass
        return None, f"must be {TYPE_NAMES['date']}, not {describe(value)}"
    if spec.type == "list[str]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, f"must be {TYPE_NAMES['list[str]']}, not {describe(value)}"
        return tuple(value), None
    raise AssertionError(spec.type)


def type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def describe(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value[:40]}"'
    return type_name(value)
