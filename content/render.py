"""How a unit reads: its heading, its place in the briefing, and its text as labelled blocks.

Shared by the reader, the command line, search results, comparison and export, so every
surface shows the same words with the same provenance labels. Plain strings only: each
surface styles the blocks its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefing.content.labels import PROVENANCE_LABELS
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
)

Provenance = Literal[
    "article", "official", "article-quote", "summary", "note", "meta", "absent", "not-mentioned"
]


@dataclass(frozen=True, slots=True)
class Block:
    provenance: Provenance
    text: str
    url: str = ""
    #: Extra label detail, e.g. a note's kind and confidence.
    detail: str = ""

    @property
    def label(self) -> str:
        base = PROVENANCE_LABELS[self.provenance]
        return f"{base} ({self.detail})" if self.detail else base


def clause_title(briefing: Briefing, clause: Clause) -> str:
    agreement = briefing.get(clause.agreement)
    topic = briefing.get(clause.topic)
    left = agreement.short_name if isinstance(agreement, Agreement) else clause.agreement
    right = topic.label_ko if isinstance(topic, Topic) else clause.topic
    return f"{left} · {right}"


def unit_heading(briefing: Briefing, unit: Unit) -> str:
    if isinstance(unit, Section):
        return unit.heading
    if isinstance(unit, Clause):
        return clause_title(briefing, unit)
    return unit.title


def unit_location(briefing: Briefing, unit: Unit) -> str:
    """Where the unit sits: ``briefing > section`` or ``briefing > agreement > clause``."""
    parts = [briefing.title]
    if isinstance(unit, Clause):
        agreement = briefing.get(unit.agreement)
        parts.append(agreement.short_name if isinstance(agreement, Agreement) else unit.agreement)
        topic = briefing.get(unit.topic)
        parts.append(topic.label_ko if isinstance(topic, Topic) else unit.topic)
    elif isinstance(unit, Section):
        parts.append(unit.heading)
    else:
        group = {
            "agreement": "협정 · Agreements",
            "topic": "주제 · Topics",
            "implication": "시사점 · Implications",
            "note": "주석 · Notes",
            "term": "용어 · Glossary",
        }[unit.kind]
        parts.extend([group, unit_heading(briefing, unit)])
    return " > ".join(parts)


def _note_blocks(briefing: Briefing, unit_id: str) -> list[Block]:
    return [note_block(note) for note in briefing.notes_on(unit_id)]


def note_block(note: Note) -> Block:
    lines = [note.text]
    if note.article_says:
        lines.append(f"기사 · article: {note.article_says}")
    if note.record_says:
        lines.append(f"기록 · record: {note.record_says}")
    detail = note.note_kind
    if note.confidence:
        detail += f", record confidence [{note.confidence}]"
    return Block("note", "\n".join(lines), note.source_url, detail)


def unit_blocks(briefing: Briefing, unit: Unit, *, with_notes: bool = True) -> list[Block]:
    """The unit's whole displayed text, as provenance-labelled blocks in reading order."""
    blocks: list[Block] = []
    if isinstance(unit, Section):
        blocks.extend(Block("article", p) for p in unit.paragraphs)
    elif isinstance(unit, Agreement):
        meta = [
            unit.name,
            *([unit.name_ko] if unit.name_ko else []),
            f"당사자 · parties: {', '.join(unit.parties)}",
            f"일자 · date: {unit.date}" + (f" · 장소 · place: {unit.place}" if unit.place else ""),
            f"종류 · kind: {unit.agreement_kind} · "
            + (
                "법적 구속력 있음 · legally binding"
                if unit.binding
                else "법적 구속력 없음 · not legally binding"
            ),
        ]
        blocks.append(Block("meta", "\n".join(meta), unit.url))
        if unit.summary:
            blocks.append(Block("summary", unit.summary))
    elif isinstance(unit, Topic):
        text = unit.title + (f"\n{unit.description}" if unit.description else "")
        blocks.append(Block("meta", text))
    elif isinstance(unit, Clause):
        if unit.state == "absent":
            blocks.append(Block("absent", "이 협정에는 이 내용이 없습니다 · not in this agreement"))
        elif unit.state == "not-mentioned":
            # Not an absence: the article is silent, so the agreement may or may not have it.
            blocks.append(
                Block(
                    "not-mentioned",
                    "기사는 이 협정의 이 내용을 언급하지 않습니다: 없다고 하지도 않습니다 · "
                    "the article is silent on this point for this agreement; it does not say "
                    "the agreement lacks it",
                )
            )
        if unit.wording:
            provenance: Provenance = "official" if unit.wording_provenance == "official" else "article-quote"
            blocks.append(Block(provenance, unit.wording, unit.wording_url))
        if unit.article_text:
            blocks.append(Block("article", unit.article_text))
        if unit.summary:
            blocks.append(Block("summary", unit.summary))
    elif isinstance(unit, Implication):
        if unit.article_text:
            blocks.append(Block("article", unit.article_text))
        if unit.summary:
            blocks.append(Block("summary", unit.summary))
    elif isinstance(unit, Note):
        blocks.append(note_block(unit))
        return blocks
    elif isinstance(unit, Term):
        names = [f"한국어 · Korean: {unit.ko}" if unit.ko else "", f"English: {unit.en}" if unit.en else ""]
        if unit.acronym:
            names.append(f"약어 · acronym: {unit.acronym}")
        if unit.aliases:
            names.append(f"다른 이름 · aliases: {', '.join(unit.aliases)}")
        blocks.append(Block("meta", "\n".join(n for n in names if n)))
        if unit.description:
            blocks.append(Block("summary", unit.description))
    if with_notes:
        blocks.extend(_note_blocks(briefing, unit.id))
    return blocks


def unit_text(briefing: Briefing, unit: Unit) -> str:
    """The unit's whole displayed text as one plain string (search hits, JSON, export)."""
    return blocks_text(unit_blocks(briefing, unit))


def blocks_text(blocks: list[Block]) -> str:
    """Blocks as :func:`unit_text` writes them, for a caller that has them already."""
    parts: list[str] = []
    for block in blocks:
        parts.append(f"[{block.label}]\n{block.text}" + (f"\n{block.url}" if block.url else ""))
    return "\n\n".join(parts)
