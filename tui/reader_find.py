"""Find within the open unit: matching that forgives spacing, case and a trailing particle,
and the bar at the foot of the reader that takes the query and counts the matches."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


@dataclass(frozen=True, slots=True)
class Match:
    block: int
    start: int
    end: int


def find_matches(texts: list[str], needles: list[str]) -> list[Match]:
    """Every case-insensitive occurrence of any needle, in reading order, without overlaps."""
    needles = sorted({n for n in needles if n.strip()}, key=len, reverse=True)
    if not needles:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    found: list[Match] = []
    for index, text in enumerate(texts):
        found.extend(Match(index, m.start(), m.end()) for m in pattern.finditer(text))
    return found


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _fold(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, case-folded, with each kept character's original offset."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(_fold(ch))
            offsets.append(i)
    return "".join(chars), offsets


def _find_squeezed(texts: list[str], needle: str) -> list[Match]:
    found: list[Match] = []
    for index, text in enumerate(texts):
        squeezed, offsets = _squeezed(text)
        start = squeezed.find(needle)
        while start != -1:
            end = start + len(needle)
            found.append(Match(index, offsets[start], offsets[end - 1] + 1))
            start = squeezed.find(needle, end)
    return found


def find_in_text(texts: list[str], query: str) -> tuple[list[Match], str]:
    """Matches of a typed query and the needle that found them.

    Spacing and case do not matter (고성능 컴퓨팅 finds 고성능컴퓨팅). When the query finds
    nothing and ends in a Korean particle or ending, the stem is tried (미국과 finds 미국).
    """
    needle = "".join(_fold(ch) for ch in query if not ch.isspace())
    if not needle:
        return [], ""
    found = _find_squeezed(texts, needle)
    if found or not _HANGUL.search(needle[-1]):
        return found, needle
    # The search's own Korean analysis, so find and search forgive the same endings.
    from briefing.index import korean  # only when finding: not before the first paint

    for stripped in (korean.without_particle(needle), korean.stem(needle)):
        if stripped != needle and len(stripped) >= 2:
            found = _find_squeezed(texts, stripped)
            if found:
                return found, stripped
    return [], needle


class FindBar(Horizontal):
    """The reader's foot: the find field (while finding) and the match counter, which stays in
    view while ``n``/``N`` step, whichever key or command steps."""

    DEFAULT_CSS = """
    FindBar {
        dock: bottom;
        height: 1;
        background: $panel;
        display: none;
    }
    FindBar.-shown { display: block; }
    FindBar Input, FindBar Input:focus {
        width: 1fr;
        min-width: 10;
        height: 1;
        border: none;
        padding: 0 1;
        display: none;
    }
    FindBar.-finding Input, FindBar.-finding Input:focus { display: block; }
    FindBar #reader-match-count {
        width: auto;
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
    }
    """

    class Changed(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        """Enter keeps the matches (``keep``); escape drops them."""

        def __init__(self, keep: bool) -> None:
            super().__init__()
            self.keep = keep

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Made here, not in compose: the reader mounts the bar only when first needed and
        # may set the counter at once, before the bar's children are mounted.
        self._field = Input(placeholder="찾기 · find in this unit", id="reader-find-input")
        self._count = Static(id="reader-match-count", markup=False)

    def compose(self) -> ComposeResult:
        yield self._field
        yield self._count

    @property
    def finding(self) -> bool:
        return self.has_class("-finding")

    def open(self, query: str = "") -> None:
        self.add_class("-finding", "-shown")
        self._field.value = query
        self._field.focus()

    def close(self) -> None:
        self.remove_class("-finding")

    def set_count(self, text: str) -> None:
        self._count.update(text)
        self.set_class(bool(text) or self.finding, "-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Closed(keep=True))

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.finding:
            event.stop()
            event.prevent_default()
            self.post_message(self.Closed(keep=False))
