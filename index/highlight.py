"""Exact highlight spans and snippets.

Spans come from :mod:`index.ranking`, which runs the query's patterns over the analysed text,
so they cover exactly what matched: whole syllables and whole Latin words, never a label,
never a word that merely looks alike (``moc`` does not light up in ``democratic``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefing.index.documents import Display

Span = tuple[int, int]

SNIPPET_WIDTH = 160
#: Characters of context kept before the first highlighted match.
SNIPPET_LEAD = 40


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, with overlapping or touching spans joined (``고성능`` + ``컴퓨팅``)."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def cut(text: str, spans: Iterable[Span]) -> list[tuple[str, bool]]:
    """``text`` in pieces, in order, each with whether it is highlighted (``spans`` sorted,
    as :func:`merge` leaves them; a span reaching back into the one before starts after
    it): what the surfaces style, one piece at a time."""
    out: list[tuple[str, bool]] = []
    at = 0
    for start, end in spans:
        start, end = max(start, at), min(end, len(text))
        if end <= start:
            continue
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def snippet(shown: Display, spans: Sequence[Span], width: int = SNIPPET_WIDTH) -> tuple[str, list[Span]]:
    """One line of context around the densest cluster of matches, and the spans within it."""
    text = shown.text
    if spans:
        best = max(
            range(len(spans)),
            key=lambda i: (sum(1 for s in spans if spans[i][0] <= s[0] and s[1] <= spans[i][0] + width), -i),
        )
        anchor = spans[best][0]
        segment = next((s for s in shown.segments if s.start <= anchor < s.end), None)
        lo, hi = (segment.start, segment.end) if segment else (0, len(text))
        start = max(lo, anchor - SNIPPET_LEAD)
        # Start at a word boundary when one is near, so the snippet does not open mid-word.
        space = text.rfind(" ", start - 12, anchor)
        if space >= lo and space + 1 <= anchor and start > lo:
            start = space + 1
    else:
        first = shown.segments[0] if shown.segments else None
        lo, hi = (first.start, first.end) if first else (0, len(text))
        start = lo
    end = min(hi, start + width)
    body = text[start:end].replace("\n", " ").replace("\t", " ")
    lead = "…" if start > lo else ""
    tail = "…" if end < hi else ""
    shift = len(lead) - start
    inside = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if s < end and e > start]
    return lead + body + tail, inside


def matched_strings(text: str, spans: Iterable[Span]) -> list[str]:
    """The distinct literal strings highlighted, in order of first appearance."""
    return list(dict.fromkeys(text[s:e] for s, e in spans if e > s))
