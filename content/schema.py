"""The TOML schema of a briefing, in one place: which tables exist, which keys they take, of
what type, which values are allowed, which unit kinds a key links to, and which model
attribute holds it.

The loader validates and builds units from it, the validator (``briefing validate``, the
loader's problems) reports against it, and ``content.model.outgoing_links`` follows its
links; the format document and the tests read the same truth. A new key is one line here
(and its attribute on the model).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

FieldType = Literal["str", "bool", "date", "list[str]"]

#: A link that may point at a unit of any kind.
ANY_UNIT = "*"

_EMPTY: dict[str, Any] = {"str": "", "bool": False, "date": "", "list[str]": ()}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    #: The TOML key.
    name: str
    type: FieldType
    required: bool = False
    #: The only values allowed (strings); empty: any.
    choices: tuple[str, ...] = ()
    #: The unit kinds this key's id (or ids) must name; ``("*",)`` any unit; empty: not a link.
    links: tuple[str, ...] = ()
    #: The model attribute that holds the value, when it differs from the key.
    attr: str = ""
    #: The value an absent optional key gives the model; None: the type's empty value.
    default: Any = None

    @property
    def attribute(self) -> str:
        return self.attr or self.name

    @property
    def absent(self) -> Any:
        """What the model holds when the key is left out."""
        return _EMPTY[self.type] if self.default is None else self.default


def _f(
    name: str,
    type_: FieldType = "str",
    required: bool = False,
    choices: tuple[str, ...] | list[str] = (),
    *,
    links: tuple[str, ...] = (),
    attr: str = "",
    default: Any = None,
) -> FieldSpec:
    return FieldSpec(name, type_, required, tuple(choices), tuple(links), attr, default)


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

#: Arrays of tables, ``[[section]]`` and so on, keyed by table name (which is the unit kind).
#: Link keys are listed in the order the reader shows their targets.
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
            attr="agreement_kind",
        ),
        _f("binding", "bool", required=True),
        _f("url"),
        _f("summary"),
        _f("sections", "list[str]", links=("section",)),
    ),
    "topic": (
        _f("id", required=True),
        _f("label_ko", required=True),
        _f("label_en", required=True),
        _f("description"),
        # The agreement's own field that answers this topic (legal force: ``binding``): a
        # comparison row on it shows each addressing side's value, labelled as everywhere.
        _f("agreement_field", choices=("binding",)),
    ),
    "clause": (
        _f("id", required=True),
        _f("agreement", required=True, links=("agreement",)),
        _f("topic", required=True, links=("topic",)),
        # true, false, or "not-mentioned" (the article is silent on the point).
        _f("addressed", "bool", choices=("not-mentioned",), default=True),
        _f("article_text"),
        _f("summary"),
        # What the agreement holds on the topic in a few words (editors' words from the
        # article): the first line of its side in a comparison row.
        _f("holds"),
        _f("wording"),
        _f("wording_provenance", choices=("official", "article")),
        _f("wording_url"),
        _f("sections", "list[str]", links=("section",)),
    ),
    "implication": (
        _f("id", required=True),
        _f("title", required=True),
        _f("article_text"),
        _f("summary"),
        _f("clauses", "list[str]", links=("clause",)),
        _f("sections", "list[str]", links=("section",)),
    ),
    "note": (
        _f("id", required=True),
        _f("targets", "list[str]", required=True, links=(ANY_UNIT,)),
        _f("kind", required=True, choices=("discrepancy", "fact-check", "note"), attr="note_kind"),
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
        _f("variants", "list[str]"),
        _f("acronym"),
        _f("description"),
        _f("see", "list[str]", links=(ANY_UNIT,)),
    ),
}

#: Each unit table's model class (by name, in ``content.model``) and the ``Briefing`` list
#: that holds its units.
#: Model attributes that no key sets on its own: the loader derives them from a key's value.
#: ``mentioned`` is False where ``addressed = "not-mentioned"`` (the article is silent).
DERIVED_ATTRIBUTES: dict[str, tuple[str, ...]] = {"clause": ("mentioned",)}

UNIT_MODELS: dict[str, tuple[str, str]] = {
    "section": ("Section", "sections"),
    "agreement": ("Agreement", "agreements"),
    "topic": ("Topic", "topics"),
    "clause": ("Clause", "clauses"),
    "implication": ("Implication", "implications"),
    "note": ("Note", "notes"),
    "term": ("Term", "terms"),
}

#: The link keys of each unit kind, in the reader's order (derived, for fast lookups).
LINK_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    kind: tuple(spec for spec in specs if spec.links) for kind, specs in UNIT_TABLES.items()
}


def choices_of(table: str, key: str) -> tuple[str, ...]:
    """The values a unit table's key allows."""
    return next(spec.choices for spec in UNIT_TABLES[table] if spec.name == key)


def links_of(unit: Any) -> tuple[str, ...]:
    """The ids a unit links to, in the order the reader shows them (schema order)."""
    found: list[str] = []
    for spec in LINK_FIELDS.get(unit.kind, ()):
        value = getattr(unit, spec.attribute)
        if isinstance(value, tuple):
            found.extend(value)
        elif value:
            found.append(value)
    return tuple(found)


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
        # A bool field's choices are the strings it takes besides true and false.
        if isinstance(value, str) and value in spec.choices:
            return value, None
        if not isinstance(value, bool):
            if not spec.choices:
                return None, f"must be {TYPE_NAMES['bool']}, not {type_name(value)}"
            allowed = "".join(f', or "{c}"' for c in spec.choices)
            return None, f"must be true, false{allowed}, not {describe(value)}"
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
