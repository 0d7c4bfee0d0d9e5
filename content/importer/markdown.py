"""Markdown (CommonMark with tables, by markdown-it-py) to blocks.

The text of a Markdown document, for the verbatim check, is its source lines, except
lines that are only markup: heading lines give their heading's text (inline markup such
as ``**`` and link targets left out), and setext underlines, thematic breaks (``---``),
code fences and front-matter delimiters give nothing. Everything else, paragraphs, list
items, quotes, tables, code, HTML and link definitions, is kept line by line as written.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefing.content.importer.draft import Draft
from briefing.content.importer.outline import Block, draft_from_blocks

if TYPE_CHECKING:
    from markdown_it.token import Token


def _plain(inline: Token) -> str:
    """A heading's text without its inline markup."""
    out: list[str] = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(_plain(child))
    return " ".join("".join(out).split())


def _lines(lines: list[str], start: int, end: int, code: bool = False) -> list[tuple[int, str]]:
    chunk = [line.rstrip() for line in lines[start:end]]
    # Dedent keeps nesting (lists, code) relative to the block; blank lines go, but in code.
    body = textwrap.dedent("\n".join(chunk)).split("\n")
    return [(start + i + 1, text) for i, text in enumerate(body) if code or text.strip()]


def _front_matter(lines: list[str]) -> int:
    """Lines of a YAML front matter block at the very start (0 when none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0


def parse_markdown(lines: list[str]) -> Draft:
    from markdown_it import MarkdownIt

    front = _front_matter(lines)
    blocks: list[Block] = []
    if front:
        blocks.append(Block("paragraph", 2, lines=_lines(lines, 1, front - 1)))
    body = [""] * front + lines[front:]
    tokens = MarkdownIt("commonmark").enable("table").parse("\n".join(body))
    covered = [False] * len(lines)
    for i, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1 or not token.map:
            continue
        start, end = token.map
        for n in range(start, min(end, len(lines))):
            covered[n] = True
        if token.type == "heading_open":
            blocks.append(Block("heading", start + 1, text=_plain(tokens[i + 1]), level=int(token.tag[1])))
        elif token.type == "hr":
            continue
        elif token.type == "fence":
            closed = end - start >= 2 and lines[end - 1].strip().startswith(token.markup)
            blocks.append(Block("paragraph", start + 2, lines=_lines(lines, start + 1, end - closed, True)))
        elif token.type == "code_block":
            blocks.append(Block("paragraph", start + 1, lines=_lines(lines, start, end, True)))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            for item in _items(tokens, i):
                blocks.append(Block("paragraph", item[0] + 1, lines=_lines(lines, *item)))
        else:
            blocks.append(Block("paragraph", start + 1, lines=_lines(lines, start, end)))
    # Lines no block claims (link reference definitions) are text too: keep them in place.
    stray = [n for n in range(front, len(lines)) if not covered[n] and lines[n].strip()]
    for n in stray:
        at = next((k for k, b in enumerate(blocks) if b.line > n + 1), len(blocks))
        blocks.insert(at, Block("paragraph", n + 1, lines=[(n + 1, lines[n].strip())]))
    return draft_from_blocks(blocks)


def _items(tokens: Sequence[Token], at: int) -> list[tuple[int, int]]:
    """Line ranges of the top-level items of the list opened at ``tokens[at]``."""
    found: list[tuple[int, int]] = []
    depth = 0
    for token in tokens[at:]:
        depth += token.nesting
        if token.type == "list_item_open" and token.level == 1 and token.map:
            found.append((token.map[0], token.map[1]))
        if depth == 0:
            break
    return found
