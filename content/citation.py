"""What the reader copies: a unit's text without screen chrome, and a Markdown citation line.

Headless, so the strings a user pastes are built and tested apart from the screen. Every
string is made inert: content can hold escape codes, and a clipboard carries them anywhere.
"""

from __future__ import annotations

from briefing.content.markdown import escape_inline, link
from briefing.content.model import Agreement, Briefing, Clause, Note, Unit
from briefing.content.render import Block, unit_blocks, unit_heading, unit_location
from briefing.content.text import inert, one_line


def official_url(briefing: Briefing, unit: Unit) -> str:
    """The public page a unit answers to: the clause's official wording, else its agreement's
    page; an agreement's page; a note's source. Empty when there is none."""
    if isinstance(unit, Clause):
        if unit.wording_url and unit.wording_provenance == "official":
            return unit.wording_url
        agreement = briefing.get(unit.agreement)
        return agreement.url if isinstance(agreement, Agreement) else ""
    if isinstance(unit, Agreement):
        return unit.url
    if isinstance(unit, Note):
        return unit.source_url
    return ""


def block_url(block: Block) -> str:
    """The URL shown under a block, or "" when the block's own text already gives it: a URL
    appears once per block."""
    url = inert(block.url).strip()
    return "" if not url or url in block.text else url


def blocks_plain_text(heading: str, location: str, blocks: list[Block]) -> str:
    """Heading, location and labelled blocks as plain text: labels kept, no box-drawing."""
    parts = ["\n".join(p for p in (inert(heading), inert(location)) if p)]
    for block in blocks:
        lines = [f"[{block.label}]", inert(block.text)]
        url = block_url(block)
        if url:
            lines.append(url)
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def unit_plain_text(briefing: Briefing, unit: Unit) -> str:
    """The unit as the reader shows it, as text to paste: heading, where it sits, its blocks."""
    return blocks_plain_text(
        unit_heading(briefing, unit), unit_location(briefing, unit), unit_blocks(briefing, unit)
    )


def _citation(parts: list[str], url: str) -> str:
    place = " › ".join(escape_inline(one_line(p)) for p in parts if one_line(p))
    line = f"*{place}*" if place else ""
    if url:
        line += f" — {link(url)}"
    return line


def citation_line(briefing: Briefing, unit: Unit) -> str:
    """One Markdown line naming the briefing, the section or agreement, the unit and its URL.

    The place is the unit's location as the reader shows it (no internal ids), e.g.
    ``*Briefing › 한미 TPD MOU › 데이터셋* — <https://...>``.
    """
    return _citation(unit_location(briefing, unit).split(" > "), official_url(briefing, unit))


def briefing_citation_line(briefing: Briefing) -> str:
    """The briefing itself as a Markdown citation line: title, author, date."""
    parts = [briefing.title, briefing.author, briefing.publisher, briefing.date]
    return _citation([p for p in parts if p], "")
