"""Content text made safe for Markdown: the one escaper for every Markdown we write.

Used by ``content.compare`` (``briefing compare`` tables) and ``bookmarks.export`` (the memo).
Headless: no Textual, no Whoosh, no rich.

Content is made inert (``content.text.inert``) and every character that would change its
meaning in CommonMark (plus GitHub tables) is backslash-escaped, so content reads as the
words it is: a line starting ``# ``, ``> ``, ``- `` or ``1. `` stays a line of text,
``<script>`` stays text, ``[x](y)`` is not a link, ``&lt;`` is not decoded, and a ``|``
cannot split a table cell. Ordinary prose (dates, ``A > B``, ``3.5%``) is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.content.text import inert

# Characters escaped wherever they appear: they open code, emphasis, links, HTML, tables.
_ALWAYS = re.compile(r"([\\`*_\[\]<|~])")
# An entity or numeric character reference would be decoded: escape its ampersand.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# At the start of a line these begin a heading, quote, list, setext underline or break.
_LINE_START = re.compile(r"^([#>+=\-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_SAFE_URL = re.compile(r"https?://[^\s<>\\`\x00-\x20\x7f]+")
# What a linkifier (GFM's autolink extension, markdown-it's linkify) takes for the start of a
# link: a scheme's "://", a bare "//", "www." and an e-mail's "@". Escaped, content text is
# never linkified: markdown-it's linkify would otherwise run a URL on over the backslash of a
# following "\<" and hand the "<img onerror=...>" after it to the HTML parser.
_LINKIFY = re.compile(r"(:)(?=//)|(?<![:/\\])(/)(?=/)|(?i:(?<![\w.])(www)\.)|(@)")


def _unlink(match: re.Match[str]) -> str:
    if match.group(3):
        return match.group(3) + "\\."
    return "\\" + match.group()


def escape_inline(text: str) -> str:
    """Escape Markdown-special characters inside a line of content (no line-start rules)."""
    text = _ALWAYS.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return _LINKIFY.sub(_unlink, text)


def escape_line(line: str) -> str:
    """One line of content, safe to stand at the start of a Markdown line."""
    line = escape_inline(line.strip())
    line = _ORDERED.sub(r"\1\\\2", line)
    return _LINE_START.sub(r"\\\1", line)


def escape_heading(text: str) -> str:
    """Text for an ATX heading: one line, and ``#`` escaped so none is a closing sequence."""
    return escape_inline(" ".join(inert(text).split())).replace("#", "\\#")


def _lines(text: str) -> list[str]:
    # Line ends are unified before ``inert``, which would drop a lone ``\r`` as a control
    # character and join the two lines it separates.
    return inert(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\t", " ").split("\n")


def paragraphs(text: str) -> list[list[str]]:
    """Content text as paragraphs of escaped lines (blank lines separate paragraphs)."""
    found: list[list[str]] = []
    current: list[str] = []
    for raw in _lines(text):
        line = escape_line(raw)
        if line:
            current.append(line)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def joined(lines: list[str], indent: str = "") -> str:
    """Lines of one paragraph with hard breaks between them."""
    return ("\\\n" + indent).join(lines)


def block_text(text: str) -> list[str]:
    """Markdown lines for content text: paragraphs with hard line breaks, blank lines between."""
    out: list[str] = []
    for para in paragraphs(text):
        if out:
            out.append("")
        out.append(joined(para))
    return "\n".join(out).split("\n") if out else []


def quote(lines: list[str]) -> list[str]:
    """Markdown lines as a blockquote (every physical line prefixed)."""
    physical = "\n".join(lines).split("\n") if lines else []
    return [f"> {line}" if line else ">" for line in physical]


def link(url: str) -> str:
    """A URL as an autolink when it is a plain http(s) URL, else as escaped text."""
    url = inert(url).strip()
    if _SAFE_URL.fullmatch(url):
        return f"<{url}>"
    return escape_inline(" ".join(url.split()))


def cell(text: str) -> str:
    """Content for one table cell: one physical line, pipes escaped, line breaks as ``<br>``
    (a blank line as two). Empty text gives an empty cell."""
    return "<br><br>".join("<br>".join(p) for p in paragraphs(text))


def cell_highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` (already inert) for one table cell with its ``spans`` in bold.

    Pieces are escaped one by one, so a span never breaks an escape; line breaks become
    ``<br>``; the first line gets the line-start rules like any other cell text.
    """

    def piece(part: str) -> str:
        return "<br>".join(escape_inline(line) for line in _lines(part))

    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            # Touching spans bold as one: "**a****b**" would not parse as two bold words.
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    out: list[str] = []
    position = 0
    for start, end in merged:
        out.append(piece(text[position:start]))
        out.append(f"**{piece(text[start:end])}**")
        position = end
    out.append(piece(text[position:]))
    result = "".join(out)
    first = result.lstrip()
    return _LINE_START.sub(r"\\\1", _ORDERED.sub(r"\1\\\2", first))


def table_row(cells: Sequence[str]) -> str:
    """One GitHub table row from cells already made safe with :func:`cell`."""
    return "| " + " | ".join(cells) + " |"
