"""Find within the open unit: matching that forgives spacing, case and a trailing particle.
(The bar that takes the query is ``tui.find_bar``, imported when first used.)"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
