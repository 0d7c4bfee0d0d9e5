"""Checking each candidate exactly, and ranking what survives.

Whoosh finds candidates by index terms alone (fast, but blind to word order and spacing);
here every candidate's displayed text is analysed and each query pattern looked for as a
token sequence. A candidate lacking one of the required words, or showing an excluded one,
is dropped; the rest get their highlight spans and a ranking factor from what matched where:
a whole word over part of one, the title and the clause wording over the body text, the word
as typed over its stem, query words side by side over scattered ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from briefing.index.analysis import tokens
from briefing.index.documents import Display
from briefing.index.highlight import Span, merge
from briefing.index.patterns import Match, Pattern

#: Ranking bonuses (multiplicative, per required query word), chosen on the judged set
#: (benchmarks/search_quality.py).
WHOLE_BONUS = 0.5
TITLE_BONUS = 2.0
WORDING_BONUS = 0.5
EXACT_BONUS = 2.0
ADJACENT_BONUS = 1.0


class Query(Protocol):
    groups: list[list[Pattern]]
    adjacent: list[Pattern]
    excluded: list[Pattern]


@dataclass(slots=True)
class Verdict:
    keep: bool
    factor: float = 1.0
    spans: list[Span] = field(default_factory=list)
    title_spans: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class _Part:
    """One analysed stretch: the title, or one searchable segment of the displayed text."""

    where: str  # "title", "text" or "wording"
    offset: int
    text: str
    toks: list[Any]
    by_text: dict[str, list[int]]

    def find(self, pattern: Pattern) -> list[Match]:
        if not self.toks:
            return []
        return pattern.matches(self.text, self.toks, self.by_text)


def _part(where: str, offset: int, text: str) -> _Part:
    toks = tokens(text)
    by_text: dict[str, list[int]] = {}
    for i, tok in enumerate(toks):
        by_text.setdefault(tok.text, []).append(i)
    return _Part(where, offset, text, toks, by_text)


def _parts(shown: Display) -> list[_Part]:
    parts = [_part("title", 0, shown.title)]
    for seg, text in shown.segment_texts():
        parts.append(_part("wording" if seg.wording else "text", seg.start, text))
    return parts


def judge(shown: Display, query: Query) -> Verdict:
    """Whether ``shown`` really matches ``query``, how well, and where."""
    parts = _parts(shown)
    spans: list[Span] = []
    title_spans: list[Span] = []

    def collect(part: _Part, found: Sequence[Match]) -> None:
        target = title_spans if part.where == "title" else spans
        target.extend((m.start + part.offset, m.end + part.offset) for m in found)

    factor = 1.0
    for group in query.groups:
        hit = whole = in_title = in_wording = exact = False
        for pattern in group:
            for part in parts:
                found = part.find(pattern)
                if not found:
                    continue
                hit = True
                collect(part, found)
                whole = whole or any(m.whole for m in found)
                exact = exact or any(m.exact for m in found)
                in_title = in_title or part.where == "title"
                in_wording = in_wording or part.where == "wording"
        if not hit:
            return Verdict(False)
        factor *= (
            1.0
            + WHOLE_BONUS * whole
            + TITLE_BONUS * in_title
            + WORDING_BONUS * in_wording
            + EXACT_BONUS * exact
        )
    for pattern in query.excluded:
        if any(part.find(pattern) for part in parts):
            return Verdict(False)
    for pattern in query.adjacent:
        together = False
        for part in parts:
            found = part.find(pattern)
            if found:
                together = True
                collect(part, found)
        if together:
            factor *= 1.0 + ADJACENT_BONUS
    return Verdict(True, factor, merge(spans), merge(title_spans))
