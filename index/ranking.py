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
from dataclasses import dataclass, field, replace
from typing import Protocol

from briefing.index.documents import Display
from briefing.index.highlight import Span, merge
from briefing.index.patterns import Marks, Match, Pattern

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

    where: str  # "title", "names" (a glossary term's own names), "text" or "wording"
    offset: int
    text: str
    #: What finding patterns has learnt of the text, kept with it between keystrokes.
    marks: Marks = field(compare=False)

    def find(self, pattern: Pattern) -> list[Match]:
        return pattern.find(self.text, self.marks)


def _part(where: str, offset: int, text: str) -> _Part:
    return _Part(where, offset, text, Marks(text))


@dataclass(frozen=True, slots=True)
class Analysed:
    """A unit's displayed text and its analysed parts: what the exact check needs, kept
    between searches (typing re-checks the same units keystroke after keystroke)."""

    shown: Display
    briefing: str
    parts: tuple[_Part, ...]


def analyse(shown: Display, briefing: str) -> Analysed:
    parts = [_part("title", 0, shown.title)]
    for i, (seg, text) in enumerate(shown.segment_texts()):
        # A glossary term's first block lists its names: they count like its title.
        names = shown.kind == "term" and i == 0
        parts.append(_part("names" if names else "wording" if seg.wording else "text", seg.start, text))
    return Analysed(shown, briefing, tuple(parts))


def judge(analysed: Analysed, query: Query, near: Sequence[bool] | None = None) -> Verdict:
    """Whether the unit really matches ``query``, how well, and where. ``near`` (by
    ``query.adjacent``), when known, tells the runs of words the unit cannot show side by
    side (it lacks their bridges): they are not looked for."""
    parts = analysed.parts
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
                titled = part.where in ("title", "names")
                in_title = in_title or titled
                in_wording = in_wording or part.where == "wording"
                if titled and pattern.named and not exact:
                    exact = bool(part.find(replace(pattern, sequences=pattern.named)))
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
    for k, pattern in enumerate(query.adjacent):
        if near is not None and not near[k]:
            continue
        together = False
        for part in parts:
            found = part.find(pattern)
            if found:
                together = True
                collect(part, found)
        if together:
            factor *= 1.0 + ADJACENT_BONUS
    return Verdict(True, factor, merge(spans), merge(title_spans))


def ceiling(query: Query, titled: Sequence[bool], wording: bool, near: Sequence[bool]) -> float:
    """The highest factor :func:`judge` can give a unit whose title may hold each group's
    word (``titled``, by group), that may show clause wording, and that may show each run
    of adjacent words side by side (``near``, by ``query.adjacent``): every other bonus
    assumed. A candidate whose score times this is below the scores already shown cannot be
    shown, and need not be checked."""
    factor = 1.0
    for group, in_title in zip(query.groups, titled, strict=True):
        exact = any(pattern.exact or pattern.named for pattern in group)
        factor *= 1.0 + WHOLE_BONUS + TITLE_BONUS * in_title + WORDING_BONUS * wording + EXACT_BONUS * exact
    for _run, possible in zip(query.adjacent, near, strict=True):
        factor *= 1.0 + ADJACENT_BONUS * possible
    return factor
