"""What a screen hands back to the main screen: a unit to open in the reader.

Search, compare and the bookmarks list are pushed by the main screen's flows, which await
their result (``push_screen_wait``): a screen never reaches into the reader, and nothing
pops screens in a loop to get back to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class OpenUnit:
    """Open ``key`` in the reader, highlighting ``highlight`` (literal strings)."""

    key: str
    highlight: tuple[str, ...] = ()


class UnitPicker(Screen[OpenUnit | None]):
    """A full screen whose answer is a unit to read (or None: back, nothing chosen)."""

    def open_unit(self, key: str, highlight: Sequence[str] = ()) -> None:
        self.dismiss(OpenUnit(key, tuple(highlight)))
