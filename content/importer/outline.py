"""Headings and paragraphs to sections: shared by the Markdown and HTML importers.

Both turn a document into :class:`Block`\\ s, headings and paragraphs in reading order, each
knowing its source line; :func:`draft_from_blocks` makes the sections and the reference
text the verbatim check compares against (every heading's text, every paragraph line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.content.importer.draft import (
    Draft,
    DraftSection,
    cut,
    intro_title,
    language_of,
    slug,
    split_large,
    valid_id,
)

_ARTICLE = re.compile(r"^제\s*(\d+)\s*조(?:\s*의\s*(\d+))?(?=\s|\(|$)")
_LAW_UNIT = re.compile(r"^제\s*(\d+)\s*(편|장|절|관)(?=\s|$)")
_ROMAN_U = re.compile(r"^([Ⅰ-Ⅻ])\s*[.．]")
_UNICODE_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"


@dataclass(slots=True)
class Block:
    kind: str  # "heading" or "paragraph"
    line: int
    #: A heading's text (one line).
    text: str = ""
    level: int = 0
    #: An HTML heading's own id attribute: the most stable id there is.
    anchor: str = ""
    #: A paragraph's lines with their source line numbers.
    lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def paragraph(self) -> str:
        return "\n".join(text for _, text in self.lines)


def _structural_id(title: str) -> str:
    found = _ARTICLE.match(title)
    if found:
        return f"art-{int(found.group(1))}" + (f"-{int(found.group(2))}" if found.group(2) else "")
    found = _LAW_UNIT.match(title)
    if found:
        return {"편": "part", "장": "ch", "절": "s", "관": "sub"}[found.group(2)] + f"-{int(found.group(1))}"
    found = _ROMAN_U.match(title)
    if found:
        return f"sec-{_UNICODE_ROMAN.index(found.group(1)) + 1}"
    return ""


def reference_of(blocks: list[Block]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for block in blocks:
        if block.kind == "heading":
            if block.text.strip():
                found.append((block.line, block.text.strip()))
        else:
            found.extend((n, t.strip()) for n, t in block.lines if t.strip())
    return found


def draft_from_blocks(blocks: list[Block], fallback_title: str = "") -> Draft:
    blocks = [b for b in blocks if (b.kind == "heading" and b.text.strip()) or b.lines]
    reference = reference_of(blocks)
    language = language_of("\n".join(t for _, t in reference))
    headings = [b for b in blocks if b.kind == "heading"]
    title_block: Block | None = None
    if blocks and blocks[0].kind == "heading":
        top = blocks[0]
        if not any(h.level <= top.level for h in headings[1:]):
            title_block = top
    title = ""
    for candidate in (title_block, *(h for h in headings if h.level == 1), *headings[:1]):
        if candidate is not None:
            title = candidate.text
            break
    if not title:
        title = fallback_title or (reference[0][1] if reference else "")

    sections: list[DraftSection] = []
    counters: list[int] = []
    levels: list[int] = []
    for block in blocks:
        if block.kind == "paragraph":
            if not sections:
                sections.append(
                    DraftSection("intro", intro_title(language), [], editorial=True, line=block.line)
                )
            sections[-1].paragraphs.append(block.paragraph)
            continue
        while levels and levels[-1] > block.level:
            levels.pop()
            counters.pop()
        if levels and levels[-1] == block.level:
            counters[-1] += 1
        else:
            levels.append(block.level)
            counters.append(1)
        if block is title_block:
            natural = "intro"
        elif block.anchor and valid_id(block.anchor):
            natural = block.anchor
        else:
            words = slug(block.text)
            natural = (
                _structural_id(block.text)
                or (words if re.search(r"[a-z]", words) and len(words) >= 3 else "")
                or "s-" + "-".join(str(c) for c in counters[1 if title_block else 0 :] or counters)
            )
        sections.append(DraftSection(natural, block.text.strip(), [], line=block.line))
    return Draft(cut(title, 100), split_large(sections), reference, language)
