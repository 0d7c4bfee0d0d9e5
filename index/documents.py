"""What of a unit is searchable, and where that text sits in the unit's displayed text.

The displayed text is ``content.text.inert(content.render.unit_text(...))``; the searchable
parts are its blocks' texts, without the provenance labels, the URLs, the notes attached to
the unit (each note is its own unit) and the "not in this agreement" and "not mentioned by
the article" boilerplate. Indexing and highlighting both read the parts from here, so a
highlight can never land on a label.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from briefing.content.model import Agreement, Briefing, Clause, Implication, Note, Section, Topic, Unit
from briefing.content.render import blocks_text, unit_blocks, unit_heading, unit_location
from briefing.content.text import inert

#: Provenances of blocks that are searched; the clause wording ones go to the boosted field.
_WORDING = ("official", "article-quote")
_SKIPPED = ("absent", "not-mentioned")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    wording: bool


@dataclass(frozen=True, slots=True)
class Display:
    """A unit as the surfaces show it, with its searchable segments."""

    key: str
    kind: str
    title: str
    location: str
    text: str
    segments: tuple[Segment, ...]
    #: False for a clause recording that its agreement lacks the point, or that the article
    #: does not mention it; ``state`` tells which (``content.model.ClauseState``).
    addressed: bool = True
    state: str = "addressed"

    def segment_texts(self, *, wording: bool | None = None) -> Iterator[tuple[Segment, str]]:
        for seg in self.segments:
            if wording is None or seg.wording == wording:
                yield seg, self.text[seg.start : seg.end]


def display(briefing: Briefing, unit: Unit) -> Display:
    blocks = unit_blocks(briefing, unit)
    raw = blocks_text(blocks)  # unit_text, from the blocks in hand (the search renders each candidate)
    text = inert(raw)
    # Blocks are pieces of the text: when it needed no cleaning, neither do they.
    clean = text is raw
    segments: list[Segment] = []
    cursor = 0
    own_note = isinstance(unit, Note)
    for block in blocks:
        if block.provenance in _SKIPPED or (block.provenance == "note" and not own_note):
            continue
        part = block.text if clean else inert(block.text)
        if not part:
            continue
        at = text.find(part, cursor)
        if at < 0:
            continue  # the render format changed under us: that block is not highlighted
        segments.append(Segment(at, at + len(part), block.provenance in _WORDING))
        cursor = at + len(part)
    return Display(
        key=briefing.key(unit.id),
        kind=unit.kind,
        title=inert(unit_heading(briefing, unit)),
        location=inert(unit_location(briefing, unit)),
        text=text,
        segments=tuple(segments),
        addressed=not (isinstance(unit, Clause) and not unit.addressed),
        state=unit.state if isinstance(unit, Clause) else "addressed",
    )


@dataclass(slots=True)
class Links:
    """Which agreements and topics each unit of a briefing belongs to, for the filters."""

    agreements: dict[str, set[str]]
    topics: dict[str, set[str]]


def links(briefing: Briefing) -> Links:
    agreements: dict[str, set[str]] = {}
    topics: dict[str, set[str]] = {}

    def add(unit_id: str, agreement: str | None = None, topic: str | None = None) -> None:
        if agreement:
            agreements.setdefault(unit_id, set()).add(agreement)
        if topic:
            topics.setdefault(unit_id, set()).add(topic)

    clauses = {c.id: c for c in briefing.clauses}
    for agreement in briefing.agreements:
        add(agreement.id, agreement.id)
        for section in agreement.sections:
            add(section, agreement.id)
    for topic in briefing.topics:
        add(topic.id, topic=topic.id)
    for clause in briefing.clauses:
        add(clause.id, clause.agreement, clause.topic)
        for section in clause.sections:
            add(section, clause.agreement, clause.topic)
    for implication in briefing.implications:
        for clause_id in implication.clauses:
            linked = clauses.get(clause_id)
            if linked:
                add(implication.id, linked.agreement, linked.topic)
    for note in briefing.notes:
        for target in note.targets:
            unit = briefing.get(target)
            if isinstance(unit, Clause):
                add(note.id, unit.agreement, unit.topic)
            elif isinstance(unit, Agreement):
                add(note.id, unit.id)
            elif isinstance(unit, Topic):
                add(note.id, topic=unit.id)
            elif isinstance(unit, (Section, Implication)):
                for agreement_id in agreements.get(unit.id, ()):
                    add(note.id, agreement_id)
    return Links(agreements, topics)


#: How much a match in each kind of unit counts, before the text's own score. Clauses are
#: what analysts compare, so they lead; a clause recording that an agreement lacks the point
#: follows the ones that have it; glossary entries hold every name of a term by construction
#: and would otherwise top any search for one of them.
KIND_PRIOR = {
    "clause": 1.0,
    "implication": 0.9,
    "agreement": 0.9,
    "section": 0.8,
    "topic": 0.7,
    "note": 0.6,
    "term": 0.2,
}
ABSENT_CLAUSE_PRIOR = 0.6


def prior(unit: Unit) -> float:
    if isinstance(unit, Clause) and not unit.addressed:
        return ABSENT_CLAUSE_PRIOR
    return KIND_PRIOR.get(unit.kind, 0.8)


def document(briefing: Briefing, unit: Unit, unit_links: Links) -> dict[str, object]:
    """The fields Whoosh indexes for one unit (see :mod:`index.schema`)."""
    shown = display(briefing, unit)
    text = "\n".join([shown.title, *(t for _, t in shown.segment_texts())])
    return {
        "key": shown.key,
        "briefing": briefing.id,
        "kind": unit.kind,
        "prior": prior(unit),
        "agreement": ",".join(sorted(unit_links.agreements.get(unit.id, ()))),
        "topic": ",".join(sorted(unit_links.topics.get(unit.id, ()))),
        "body": text,
        "title": shown.title,
        "wording": any(seg.wording for seg in shown.segments),
    }
