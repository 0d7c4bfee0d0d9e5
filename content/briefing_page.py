"""The briefing's own page: what it is, who wrote it, where it comes from, and how to read
the confidence codes its notes carry. Headless blocks, shown by the reader like a unit's."""

from __future__ import annotations

from collections import Counter

from briefing.content.labels import CONFIDENCE_LABELS
from briefing.content.model import Briefing
from briefing.content.render import Block

#: Said of a field the briefing leaves empty, so a blank is not mistaken for a lost value.
NOT_GIVEN = "밝히지 않음 · not given"


def _source(briefing: Briefing) -> str:
    if briefing.source_file is None:
        return NOT_GIVEN
    # Named as the briefing names it: relative to its folder (or to the folder of its one file).
    root = briefing.path if briefing.path.is_dir() else briefing.path.parent
    try:
        return str(briefing.source_file.relative_to(root))
    except ValueError:
        return str(briefing.source_file)


def briefing_blocks(briefing: Briefing) -> list[Block]:
    """Details, description and the confidence codes of one briefing, in reading order."""
    details = [
        f"제목 · title: {briefing.title}",
        f"저자 · author: {briefing.author or NOT_GIVEN}",
        f"발행 · publisher: {briefing.publisher or NOT_GIVEN}",
        f"날짜 · date: {briefing.date or NOT_GIVEN}",
        f"출처 · source: {_source(briefing)}",
        f"언어 · language: {briefing.language}",
        (
            f"구성 · contents: {len(briefing.sections)} sections, {len(briefing.agreements)} agreements, "
            f"{len(briefing.clauses)} clauses, {len(briefing.implications)} implications, "
            f"{len(briefing.notes)} notes, {len(briefing.terms)} terms"
        ),
    ]
    blocks = [Block("meta", "\n".join(details))]
    if briefing.description.strip():
        blocks.append(Block("meta", briefing.description.strip(), detail="설명 · description"))
    counts = Counter(note.confidence for note in briefing.notes if note.confidence)
    codes = [
        "주석이 기록(협정 원문 등)에 대해 하는 말을 얼마나 확인했는지 · how far a note's claim "
        "about the record was checked:"
    ]
    for code, meaning in CONFIDENCE_LABELS.items():
        codes.append(f"[{code}] {meaning} (notes: {counts.get(code, 0)})")
    codes.append(
        "[V]만 협정의 공식 문구로 인용합니다; [S]와 [R]은 주석으로만 보입니다 · only [V] wording is "
        "quoted as an agreement's own; [S] and [R] appear only as labelled notes."
    )
    blocks.append(Block("meta", "\n".join(codes), detail="신뢰도 표시 · confidence codes"))
    return blocks
