"""A search result, as every surface receives it. No whoosh here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.content.model import split_key

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    """One unit that matched, with exact highlight spans.

    ``text`` is the unit's whole displayed text (``content.render.unit_text``, made inert);
    ``spans`` are character offsets into it. ``snippet`` is one line cut from it, with
    ``snippet_spans`` into the snippet; ``title_spans`` index into ``title``. ``matched`` are
    the literal strings highlighted, for the reader to find again.
    """

    key: str
    kind: str
    briefing: str
    title: str
    location: str
    text: str
    snippet: str
    spans: tuple[Span, ...]
    snippet_spans: tuple[Span, ...]
    title_spans: tuple[Span, ...]
    score: float
    matched: tuple[str, ...]
    #: False for a clause recording that its agreement lacks the point (``addressed = false``):
    #: surfaces mark it (``content.labels.ABSENT``) so it never reads as present.
    addressed: bool = True
    #: "addressed", "absent" or "not-mentioned" (the article is silent on the point).
    state: str = "addressed"

    @property
    def id(self) -> str:
        """The unit's id within its briefing."""
        return split_key(self.key)[1]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "kind": self.kind,
            "briefing": self.briefing,
            "title": self.title,
            "location": self.location,
            "text": self.text,
            "snippet": self.snippet,
            "score": round(self.score, 4),
            "matched": list(self.matched),
            "addressed": self.addressed,
            "state": self.state,
            "spans": [list(s) for s in self.spans],
            "snippet_spans": [list(s) for s in self.snippet_spans],
        }
