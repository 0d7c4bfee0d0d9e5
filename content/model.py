"""The content model: immutable records for every kind of unit a briefing holds.

Every unit has a stable ``id`` unique within its briefing; across briefings a unit is
addressed by its *key*, ``"<briefing id>:<unit id>"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefing.content.schema import choices_of, links_of

UnitKind = Literal["section", "agreement", "topic", "clause", "implication", "note", "term"]

UNIT_KINDS: tuple[UnitKind, ...] = (
    "section",
    "agreement",
    "topic",
    "clause",
    "implication",
    "note",
    "term",
)

#: Kinds an agreement may be, as the content format documents them.
AGREEMENT_KINDS = choices_of("agreement", "kind")

#: Where a clause's English wording was seen: the official text, or quoted by the article.
WORDING_PROVENANCE = choices_of("clause", "wording_provenance")

#: What the article says of one agreement on one topic: it has the point ("addressed"), it
#: lacks it ("absent", ``addressed = false``), or the article is silent ("not-mentioned").
ClauseState = Literal["addressed", "absent", "not-mentioned"]
CLAUSE_STATES: tuple[ClauseState, ...] = ("addressed", "absent", "not-mentioned")
#: The TOML value of ``addressed`` for a point the article is silent on.
NOT_MENTIONED = "not-mentioned"

#: How far a note's claim about the record was verified (see agreements-reference.md).
CONFIDENCE = (*choices_of("note", "confidence"), "")

NOTE_KINDS = choices_of("note", "kind")


def make_key(briefing_id: str, unit_id: str) -> str:
    return f"{briefing_id}:{unit_id}"


def split_key(key: str) -> tuple[str, str]:
    briefing_id, _, unit_id = key.partition(":")
    return briefing_id, unit_id


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    number: str
    title: str
    paragraphs: tuple[str, ...]
    #: True when the title is the editors' navigation label, not a heading of the article.
    editorial_title: bool = False
    kind: UnitKind = field(default="section", init=False)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    short_name: str
    name: str
    parties: tuple[str, ...]
    date: str
    place: str
    agreement_kind: str
    binding: bool
    url: str = ""
    name_ko: str = ""
    summary: str = ""
    sections: tuple[str, ...] = ()
    kind: UnitKind = field(default="agreement", init=False)

    @property
    def title(self) -> str:
        return self.short_name


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    label_ko: str
    label_en: str
    description: str = ""
    #: The agreement field that answers the topic (``"binding"``), or "".
    agreement_field: str = ""
    kind: UnitKind = field(default="topic", init=False)

    @property
    def title(self) -> str:
        return f"{self.label_ko} ({self.label_en})" if self.label_en else self.label_ko


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    agreement: str
    topic: str
    #: False records the article's finding that the agreement lacks this point (or, with
    #: ``mentioned`` False, that the article is silent on it).
    addressed: bool = True
    #: False when the article is silent on this point for this agreement: it says neither that
    #: the agreement has it nor that it lacks it. Such a clause is never ``addressed``.
    mentioned: bool = True
    #: The article's own sentences, verbatim.
    article_text: str = ""
    #: An editors' summary of the article's sentences, always shown labelled as such.
    summary: str = ""
    #: What the agreement holds on the topic in a few words (editors' words from the article).
    holds: str = ""
    #: The agreement's own wording, only where it was seen verbatim.
    wording: str = ""
    #: "official" (seen in the agreement's text, ``wording_url`` required) or "article"
    #: (the English words as the article quotes them).
    wording_provenance: str = ""
    wording_url: str = ""
    sections: tuple[str, ...] = ()
    kind: UnitKind = field(default="clause", init=False)

    @property
    def state(self) -> ClauseState:
        if not self.mentioned:
            return "not-mentioned"
        return "addressed" if self.addressed else "absent"


@dataclass(frozen=True, slots=True)
class Implication:
    id: str
    title: str
    article_text: str = ""
    summary: str = ""
    clauses: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    kind: UnitKind = field(default="implication", init=False)


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    targets: tuple[str, ...]
    note_kind: str
    text: str
    article_says: str = ""
    record_says: str = ""
    confidence: str = ""
    source_url: str = ""
    kind: UnitKind = field(default="note", init=False)

    @property
    def title(self) -> str:
        first = self.text.split("\n", 1)[0]
        return first if len(first) <= 60 else first[:59] + "…"


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    ko: str
    en: str
    aliases: tuple[str, ...] = ()
    acronym: str = ""
    description: str = ""
    see: tuple[str, ...] = ()
    #: Other spellings a reader may type (데이타셋 for 데이터셋): searched, never shown.
    variants: tuple[str, ...] = ()
    kind: UnitKind = field(default="term", init=False)

    @property
    def title(self) -> str:
        parts = [p for p in (self.ko, self.en) if p]
        label = " / ".join(parts)
        return f"{self.acronym} · {label}" if self.acronym and self.acronym not in parts else label

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the term goes by, for query expansion."""
        seen: dict[str, None] = {}
        for name in (self.ko, self.en, self.acronym, *self.aliases, *self.variants):
            if name:
                seen.setdefault(name, None)
        return tuple(seen)


Unit = Section | Agreement | Topic | Clause | Implication | Note | Term


@dataclass(slots=True)
class Briefing:
    id: str
    title: str
    author: str
    publisher: str
    date: str
    language: str
    #: Root of the briefing on disk: its folder, or its single file.
    path: Path
    source_file: Path | None = None
    description: str = ""
    sections: list[Section] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    implications: list[Implication] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    #: Fingerprint of the files the briefing was read from (see content.fingerprint).
    fingerprint: str = ""
    #: ``[briefing.compare]``: the agreement ids compared when none are named, and an
    #: optional third shown beside them on wide terminals.
    compare_default: tuple[str, ...] = ()
    compare_third: str = ""
    units: dict[str, Unit] = field(default_factory=dict)

    def index_units(self) -> None:
        self.units = {}
        for group in (
            self.sections,
            self.agreements,
            self.topics,
            self.clauses,
            self.implications,
            self.notes,
            self.terms,
        ):
            for unit in group:
                self.units.setdefault(unit.id, unit)

    def get(self, unit_id: str) -> Unit | None:
        return self.units.get(unit_id)

    def key(self, unit_id: str) -> str:
        return make_key(self.id, unit_id)

    def agreements_by_date(self) -> list[Agreement]:
        return sorted(self.agreements, key=lambda a: (a.date or "9999", a.id))

    def clauses_of(self, agreement_id: str) -> list[Clause]:
        """The agreement's clauses, in the briefing's topic order."""
        order = {t.id: i for i, t in enumerate(self.topics)}
        found = [c for c in self.clauses if c.agreement == agreement_id]
        return sorted(found, key=lambda c: order.get(c.topic, len(order)))

    def clause_for(self, agreement_id: str, topic_id: str) -> Clause | None:
        for clause in self.clauses:
            if clause.agreement == agreement_id and clause.topic == topic_id:
                return clause
        return None

    def notes_on(self, unit_id: str) -> list[Note]:
        return [n for n in self.notes if unit_id in n.targets]

    def referrers(self, unit_id: str) -> list[Unit]:
        """Units that link to ``unit_id``, so links can be followed both ways."""
        found: list[Unit] = []
        for unit in self.units.values():
            if unit.id == unit_id:
                continue
            if unit_id in outgoing_links(unit):
                found.append(unit)
        return found


def outgoing_links(unit: Unit) -> tuple[str, ...]:
    """Ids this unit links to, in the order the reader shows them: its link keys as the
    schema (``content.schema``) lists them."""
    return links_of(unit)
