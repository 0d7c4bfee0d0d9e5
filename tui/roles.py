"""Colours as roles that follow the theme: provenance labels, matches, compare marks.

Each drawing widget declares these as component classes and gets their CSS from
:func:`roles_css`, written in theme variables ($success, $warning, ...), so every Textual
theme colours them its own way. Every role also has a text style (bold, underline,
reverse), so with ``NO_COLOR`` set the marks still stand out.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from textual.widget import Widget

#: role -> CSS declarations, in theme variables.
ROLES: dict[str, str] = {
    # whose words these are (content.labels.PROVENANCE_LABELS)
    "article": "color: $accent; text-style: bold;",
    "official": "color: $success; text-style: bold;",
    "article-quote": "color: $warning; text-style: bold;",
    "summary": "color: $secondary; text-style: bold;",
    "note": "color: $error; text-style: bold;",
    "meta": "color: $primary; text-style: bold;",
    "absent": "color: $error; text-style: bold reverse;",
    "not-mentioned": "color: $warning; text-style: bold reverse;",
    # matches of a search
    "match": "color: $text; background: $warning 50%; text-style: bold underline;",
    "current-match": "color: $text; background: $success 60%; text-style: bold reverse;",
    # marks
    "bookmark": "color: $warning; text-style: bold;",
    "muted": "color: $text-muted;",
    "link": "color: $primary; text-style: underline;",
    # comparison
    "both": "color: $success; text-style: bold;",
    "left-only": "color: $primary; text-style: bold;",
    "right-only": "color: $secondary; text-style: bold;",
    "differs": "color: $warning; text-style: bold;",
    "right-not-mentioned": "color: $warning; text-style: italic;",
    "left-not-mentioned": "color: $warning; text-style: italic;",
    "neither": "color: $text-muted;",
    "diff": "color: $text; background: $warning 50%; text-style: bold underline;",
}

COMPONENT_CLASSES: set[str] = {f"role--{name}" for name in ROLES}

#: The roles of the provenance labels (a block of text says whose words it holds).
PROVENANCE_ROLES = (
    "article",
    "official",
    "article-quote",
    "summary",
    "note",
    "meta",
    "absent",
    "not-mentioned",
)


def component_classes(names: Iterable[str]) -> set[str]:
    """The component classes of the roles ``names``: for a widget that draws only those.
    Each component class costs styling work at every mount, so the first screen's widgets
    declare only the roles they draw."""
    return {f"role--{name}" for name in names}


def roles_css(type_name: str, names: Iterable[str] | None = None) -> str:
    """The rules giving ``type_name``'s role component classes (all, or ``names``) their
    theme colours."""
    chosen = ROLES if names is None else {name: ROLES[name] for name in names}
    return "\n".join(f"{type_name} > .role--{name} {{ {rules} }}" for name, rules in chosen.items())


def role(widget: Widget, name: str) -> Style:
    """The rich style of role ``name`` on ``widget`` (which declares the roles)."""
    return widget.get_component_rich_style(f"role--{name}", partial=True)
