"""Briefing content: the data model, the TOML loader and validator, and the bundled briefings.

Headless: nothing here imports textual, rich or whoosh.
"""

from typing import TYPE_CHECKING, Any

from briefing.content.library import Library, load_library
from briefing.content.model import (
    Agreement,
    Briefing,
    Clause,
    Implication,
    Note,
    Section,
    Term,
    Topic,
    Unit,
    make_key,
    outgoing_links,
    split_key,
)
from briefing.content.problems import Problem
from briefing.content.render import Block, unit_blocks, unit_heading, unit_location, unit_text

if TYPE_CHECKING:
    from briefing.content.loader import LoadResult, load_briefing, load_paths

__all__ = [
    "Agreement",
    "Block",
    "Briefing",
    "Clause",
    "Implication",
    "Library",
    "LoadResult",
    "Note",
    "Problem",
    "Section",
    "Term",
    "Topic",
    "Unit",
    "load_briefing",
    "load_library",
    "load_paths",
    "make_key",
    "outgoing_links",
    "split_key",
    "unit_blocks",
    "unit_heading",
    "unit_location",
    "unit_text",
]


def __getattr__(name: str) -> Any:
    # The TOML loader (and tomli) is imported only when content is parsed, not when the
    # app starts from its cache.
    if name in ("LoadResult", "load_briefing", "load_paths"):
        from briefing.content import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'content' has no attribute {name!r}")
