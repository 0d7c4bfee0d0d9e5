"""A saved web page (HTML) to blocks, with the standard library's parser.

The text of a page, for the verbatim check, is what a text browser shows of it: the text
of ``<body>`` with entities decoded and white space collapsed as HTML does, one block per
heading, paragraph, list item, quote, ``<pre>`` (its lines kept) or table (one line per
row, cells joined by " | "), ``<br>`` breaking lines. Left out: ``<head>``, scripts,
styles, ``<noscript>``, ``<template>``, ``<svg>``, forms, and navigation: ``<nav>``,
elements with role navigation, banner or contentinfo, and ``<header>`` / ``<footer>``
outside an ``<article>`` or ``<main>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from briefing.content.importer.draft import Draft
from briefing.content.importer.outline import Block, draft_from_blocks

_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "nav",
    "form",
    "select",
    "button",
    "iframe",
}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "p", "div", "li", "dd", "dt", "blockquote", "pre", "section", "article", "main", "aside",
    "address", "figure", "figcaption", "ul", "ol", "dl", "table", "tr", "hr", "header", "footer",
    "body", "html", "details", "summary", "caption", "center", "fieldset", "legend",
}  # fmt: skip
_VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "wbr",
    "source",
    "area",
    "base",
    "col",
    "embed",
    "param",
    "track",
}
_SPACE = re.compile(r"[ \t\n\r\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, if any."""
    found = _CHARSET.search(raw[:4096])
    return found.group(1).decode("ascii") if found else None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title_parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, dropped)
        self._drop_depth = 0
        self._in_title = False
        self._pre = 0
        self._heading: tuple[int, str] | None = None  # (level, anchor)
        self._cells: list[str] | None = None  # the row being read
        self._rows: list[tuple[int, str]] = []  # the table being read
        self._table = 0
        self._buffer: list[str] = []
        self._lines: list[tuple[int, str]] = []
        self._line = 1
        self._last_line = 1

    # -- text collection
    def _text(self) -> str:
        raw = "".join(self._buffer)
        self._buffer = []
        if self._pre:
            return raw
        return _SPACE.sub(" ", raw).strip()

    def _break_line(self) -> None:
        """End the current line of the current block (at <br>, or at a block edge)."""
        text = self._text()
        if self._cells is not None:
            if text:
                self._cells[-1] = f"{self._cells[-1]} {text}".strip() if self._cells else text
            return
        if self._pre:
            for i, part in enumerate(text.split("\n")):
                self._lines.append((self._line + i, part.rstrip()))
        elif text:
            self._lines.append((self._line, text))

    def _end_block(self) -> None:
        self._break_line()
        lines = [(n, t) for n, t in self._lines if t.strip()]
        self._lines = []
        if not lines:
            return
        if self._heading is not None:
            level, anchor = self._heading
            text = " ".join(t.strip() for _, t in lines)
            self.blocks.append(Block("heading", lines[0][0], text=text, level=level, anchor=anchor))
        else:
            self.blocks.append(Block("paragraph", lines[0][0], lines=lines))

    # -- parser events
    def _dropped(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag in _DROP or (attrs.get("role") or "") in _DROP_ROLES or "hidden" in attrs:
            return True
        if tag in ("header", "footer"):
            return not any(t in ("article", "main") for t, _ in self._stack)
        return False

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "title" and not self.title_parts and not any(t in ("body", "svg") for t, _ in self._stack):
            # In the dropped <head>, but the page's title is worth reading (not an SVG's).
            self._in_title = True
        if tag in _VOID:
            if tag == "br" and not self._drop_depth:
                if self._cells is not None:
                    self._buffer.append(" ")
                else:
                    self._break_line()
                    self._line = self.getpos()[0]
            elif tag == "hr" and not self._drop_depth and self._cells is None:
                self._end_block()
            return
        dropped = self._drop_depth > 0 or self._dropped(tag, attrs)
        self._stack.append((tag, dropped))
        if dropped:
            self._drop_depth += 1
            return
        if tag == "table":
            self._table += 1
            if self._table == 1:
                self._end_block()
                self._rows = []
            else:
                self._buffer.append(" ")  # a table in a cell is read as that cell's text
            return
        if self._table > 1:
            self._buffer.append(" ")
            return
        if self._table:
            if tag == "tr":
                self._cells = []
                self._row_line = self.getpos()[0]
            elif tag in ("td", "th") and self._cells is not None:
                self._buffer = []
                self._cells.append("")
            return
        if tag in _HEADINGS:
            self._end_block()
            self._heading = (_HEADINGS[tag], attrs.get("id") or "")
            self._line = self.getpos()[0]
        elif tag in _BLOCKS:
            self._end_block()
            self._line = self.getpos()[0]
            if tag == "pre":
                self._pre += 1
        if not self._buffer and not self._lines:
            self._line = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _VOID or not any(t == tag for t, _ in self._stack):
            return
        while self._stack:
            open_tag, dropped = self._stack.pop()
            if dropped:
                self._drop_depth -= 1
            else:
                self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if self._table > 1:
            self._buffer.append(" ")
            if tag == "table":
                self._table -= 1
            return
        if self._table:
            if tag in ("td", "th") and self._cells is not None:
                self._break_line()
            elif tag == "tr" and self._cells is not None:
                cells = [c for c in self._cells]
                if any(c for c in cells):
                    self._rows.append((self._row_line, " | ".join(cells)))
                self._cells = None
            elif tag == "table":
                self._table -= 1
                if self._table == 0:
                    if self._rows:
                        self.blocks.append(Block("paragraph", self._rows[0][0], lines=self._rows))
                    self._rows = []
            return
        if tag in _HEADINGS:
            self._end_block()
            self._heading = None
        elif tag in _BLOCKS:
            self._end_block()
            if tag == "pre":
                self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._drop_depth:
            return
        if not self._buffer and not self._lines:
            line = self.getpos()[0]
            if self._pre and data.startswith("\n"):
                # A newline right after <pre> is not content.
                data = data[1:]
                line += 1
            self._line = line + (0 if self._pre else len(data) - len(data.lstrip(" \t\r\f").lstrip("\n")))
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._end_block()


def parse_html(text: str) -> Draft:
    extractor = _Extractor()
    extractor.feed(text)
    extractor.close()
    title = " ".join("".join(extractor.title_parts).split())
    return draft_from_blocks(extractor.blocks, fallback_title=title)
