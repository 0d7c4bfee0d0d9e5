"""Bookmarks to a Markdown memo: grouped by briefing, then by section or agreement.

Headless: nothing here imports textual, rich or whoosh.

The output is CommonMark (plus a GitHub-style table for bookmarked compare rows). Content
text is escaped by ``content.markdown`` (the one escaper, shared with ``briefing compare``):
made inert and every Markdown-special character that would change its meaning
backslash-escaped, so content reads as the words it is: a line
starting ``# ``, ``> ``, ``- `` or ``1. `` stays a line of text, ``<script>`` stays text, and
``[x](y)`` is not a link.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from briefing.bookmarks.citation import order_key, status_of
from briefing.bookmarks.records import Bookmark, CompareRow, compare_label, parse_ts
from briefing.bookmarks.store import describe_oserror
from briefing.content import paths
from briefing.content.atomic import write_atomically
from briefing.content.markdown import (
    block_text,
    escape_heading,
    escape_inline,
    escape_line,
    joined,
    link,
    paragraphs,
    quote,
)
from briefing.content.markdown import cell as md_cell
from briefing.content.model import Briefing, Clause
from briefing.content.render import Block, note_block, unit_blocks
from briefing.content.text import inert, one_line

TITLE = "브리핑 메모 · Briefing notes"


class ExportError(Exception):
    """A one-line, user-facing reason the export could not be written."""


class ExportExists(ExportError):
    """The target exists and overwriting was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists")
        self.path = path


# --------------------------------------------------------------------------- escaping
# One escaper for every Markdown we write: ``content.markdown`` (also behind ``briefing
# compare``). Its names are re-exported here for callers of this module.

_joined = joined


def cell(text: str) -> str:
    """Content for one memo table cell; an empty side reads as a dash."""
    return md_cell(text) or "—"


# --------------------------------------------------------------------------- rendering


def _label(block: Block) -> str:
    return f"**{escape_inline(inert(block.label))}**"


def _blocks_markdown(blocks: Iterable[Block]) -> list[str]:
    """Labelled blocks as the lines of a blockquote's content."""
    out: list[str] = []
    for block in blocks:
        if out:
            out.append("")
        body = [_label(block), *[line for para in paragraphs(block.text) for line in para]]
        out.append(_joined(body))
        if block.url:
            out[-1] += "\\\n" + link(block.url)
    return out


def _blocks_cell(blocks: Iterable[Block]) -> str:
    parts = []
    for block in blocks:
        text = [_label(block), md_cell(block.text)]
        if block.url:
            text.append(link(block.url))
        parts.append("<br>".join(text))
    return "<br><br>".join(parts) or "—"


def _list_item(text: str) -> list[str]:
    """A list item for content text: its lines joined by hard breaks, indented under the marker."""
    lines = [line for para in paragraphs(text) for line in para]
    if not lines:
        return []
    return ["- " + _joined(lines, "  ")]


def _when(stamp: str) -> str:
    """A stored time in the reader's zone; at the calendar's edge (year 1 or 9999 shifted
    past it), as UTC instead."""
    moment = parse_ts(stamp)
    try:
        return _minutes(moment.astimezone())
    except (OverflowError, ValueError, OSError):
        return _minutes(moment) + " UTC"


def _minutes(m: datetime) -> str:
    # Not strftime: its %Y writes year 1 as "1" on glibc.
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}"


def _citation(bookmark: Bookmark, briefing: Briefing | None) -> list[str]:
    """One line to paste under a quote: where the text sits, its official URL, when bookmarked.

    No internal ids: the location names the briefing, the section or agreement (for a compare
    row, the two agreements) and the unit as a reader knows them.
    """
    c = bookmark.citation
    row = bookmark.compare
    if row is not None:
        title = briefing.title if briefing is not None else c.briefing_title
        pair = compare_label(row.left_label, row.right_label)
        place = " > ".join(p for p in (title, pair, row.topic_label or row.topic) if p)
    else:
        place = c.location or bookmark.heading
    parts = [escape_inline(one_line(place))]
    if c.url:
        parts.append(link(c.url))
    parts.append(f"북마크 · bookmarked {_when(bookmark.created)}")
    return [f"출처 · Source: {' · '.join(parts)}", ""]


def _notes_section(blocks: list[Block]) -> list[str]:
    if not blocks:
        return []
    out = ["**주석 · Notes and fact-checks**", ""]
    for block in blocks:
        detail = f"({escape_inline(inert(block.detail))}) " if block.detail else ""
        item = _list_item(block.text)
        if not item:
            continue
        item[0] = "- " + detail + item[0][2:]
        if block.url:
            item[0] += "\\\n  " + link(block.url)
        out.extend(item)
    return [*out, ""] if len(out) > 2 else []


def _analyst_note(note: str) -> list[str]:
    body = block_text(note)
    if not body:
        return []
    return ["**메모 · Analyst's note**", "", *body, ""]


def _stored_quote(text: str) -> list[str]:
    return quote(block_text(text))


def _marker(status: str, bookmark: Bookmark) -> list[str]:
    when = _when(bookmark.updated)
    if status == "orphaned":
        return [
            f"*없어짐 · Orphaned: this unit is no longer in the loaded briefings; exported from the "
            f"copy saved with the bookmark ({when}).*",
            "",
        ]
    if status == "changed":
        return [
            f"*바뀜 · Changed: the unit's text changed since it was bookmarked ({when}); the current "
            "text comes first, then the text as bookmarked.*",
            "",
        ]
    return []


def _unit_section(bookmark: Bookmark, library: Any) -> list[str]:
    """Heading; the analyst's note; the quoted text; fact-checks; the citation."""
    status = status_of(bookmark, library)
    out = []
    if bookmark.citation.group_id != f"{bookmark.kind}:{bookmark.citation.unit_id}":
        # A section's or agreement's own bookmark sits right under its group heading.
        out.extend([f"#### {escape_heading(bookmark.heading)}", ""])
    out.extend(_analyst_note(bookmark.note))
    out.extend(_marker(status, bookmark))
    found = library.get(bookmark.key) if status != "orphaned" else None
    briefing = library.briefing(bookmark.briefing_id)
    note_blocks: list[Block] = []
    if found is not None:
        live_briefing, unit = found
        out.extend(quote(_blocks_markdown(unit_blocks(live_briefing, unit, with_notes=False))))
        out.append("")
        note_blocks = [note_block(n) for n in live_briefing.notes_on(unit.id)]
        if status == "changed":
            out.extend(["*저장된 사본 · Text as bookmarked:*", "", *_stored_quote(bookmark.text), ""])
    else:
        out.extend([*_stored_quote(bookmark.text), ""])
    out.extend(_notes_section(note_blocks))
    out.extend(_citation(bookmark, briefing))
    return out


def _side_cell(library: Any, key: str | None, stored: str, live: bool) -> str:
    if not key:
        return "— 없음 · not in this agreement"
    found = library.get(key) if live else None
    if found is None:
        return cell(stored)
    briefing, unit = found
    return _blocks_cell(unit_blocks(briefing, unit, with_notes=True))


def _compare_section(bookmark: Bookmark, library: Any) -> list[str]:
    row: CompareRow = bookmark.compare  # type: ignore[assignment]
    status = status_of(bookmark, library)
    live = status != "orphaned"
    left_label, right_label = row.left_label, row.right_label
    if live:
        for side, key in (("left", row.left), ("right", row.right)):
            found = library.get(key) if key else None
            if found is not None and isinstance(found[1], Clause):
                agreement = found[0].get(found[1].agreement)
                name = getattr(agreement, "short_name", "") or found[1].agreement
                if side == "left":
                    left_label = name
                else:
                    right_label = name
    out = [
        f"#### {escape_heading(row.topic_label or row.topic)}",
        "",
        *_analyst_note(bookmark.note),
        *_marker(status, bookmark),
    ]
    out.extend(
        [
            f"| {cell(left_label or '—')} | {cell(right_label or '—')} |",
            "| --- | --- |",
            f"| {_side_cell(library, row.left, row.left_text, live)} "
            f"| {_side_cell(library, row.right, row.right_text, live)} |",
            "",
        ]
    )
    if status == "changed":
        out.extend(
            [
                "*저장된 사본 · Text as bookmarked:*",
                "",
                f"| {cell(row.left_label or '—')} | {cell(row.right_label or '—')} |",
                "| --- | --- |",
                f"| {cell(row.left_text) if row.left else '—'} "
                f"| {cell(row.right_text) if row.right else '—'} |",
                "",
            ]
        )
    out.extend(_citation(bookmark, library.briefing(bookmark.briefing_id)))
    return out


def render_markdown(
    bookmarks: Iterable[Bookmark],
    library: Any,
    *,
    briefing_id: str | None = None,
    generated: datetime | None = None,
) -> str:
    """The memo for ``bookmarks`` (all of them, or one briefing's) as Markdown text."""
    chosen = [b for b in bookmarks if briefing_id is None or b.briefing_id == briefing_id]
    chosen.sort(key=lambda b: order_key(b, library))
    moment = (generated or datetime.now()).astimezone()
    out = [
        f"# {escape_heading(TITLE)}",
        "",
        f"생성 · Generated: {moment.strftime('%Y-%m-%d %H:%M %z')} · 북마크 · Bookmarks: {len(chosen)}",
        "",
    ]
    if not chosen:
        out.extend(["*북마크가 없습니다 · No bookmarks.*", ""])
    current_briefing: str | None = None
    current_group: str | None = None
    for bookmark in chosen:
        if bookmark.briefing_id != current_briefing:
            current_briefing = bookmark.briefing_id
            current_group = None
            briefing = library.briefing(current_briefing)
            title = briefing.title if briefing is not None else bookmark.citation.briefing_title
            out.extend([f"## {escape_heading(title or current_briefing)}", ""])
        group = bookmark.citation.group_id or bookmark.citation.group
        if group != current_group:
            current_group = group
            out.extend([f"### {escape_heading(bookmark.citation.group or group or '—')}", ""])
        if bookmark.compare is not None:
            out.extend(_compare_section(bookmark, library))
        else:
            out.extend(_unit_section(bookmark, library))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- writing


def default_export_path(today: date | None = None) -> Path:
    """A dated file name in the user's documents folder."""
    day = (today or date.today()).isoformat()
    return paths.documents_dir() / f"briefing-notes-{day}.md"


def export_path(typed: str) -> Path:
    """The file a typed path names. A trailing separator means a folder, which is refused
    here: ``Path`` would drop it and a missing folder would silently become a file."""
    if typed.endswith(("/", os.sep)):
        raise ExportError(f"cannot write {typed}: it names a folder; add a file name")
    return Path(typed).expanduser()


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def check_target(path: Path) -> None:
    """Raise ExportError (one line) when ``path`` cannot be a new file; ExportExists if it
    exists as a regular file. A special file (FIFO, device, socket, or a link to one) is
    refused whatever ``force`` says: export writes only regular files."""
    path = Path(path)
    try:
        found: os.stat_result | None = os.stat(path)  # through a symlink, to what it names
    except (FileNotFoundError, NotADirectoryError):
        found = None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {describe_oserror(exc)}") from None
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise ExportError(f"cannot write {path}: it is a folder")
        if not stat.S_ISREG(found.st_mode):
            kind = _KINDS.get(stat.S_IFMT(found.st_mode), "a special file")
            raise ExportError(f"cannot write {path}: it is {kind}, not a regular file")
        raise ExportExists(path)
    parent = path.parent
    try:
        folder = os.stat(parent)
    except FileNotFoundError:
        raise ExportError(f"cannot write {path}: the folder {parent} does not exist") from None
    except NotADirectoryError:
        raise ExportError(f"cannot write {path}: {parent} is not a folder") from None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {describe_oserror(exc)}") from None
    if not stat.S_ISDIR(folder.st_mode):
        raise ExportError(f"cannot write {path}: {parent} is not a folder")
    if os.path.lexists(path):  # a link to nothing: still not ours to replace silently
        raise ExportExists(path)


def write_export(text: str, path: Path, *, force: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically; never over an existing file unless ``force``.

    Raises ExportExists, or ExportError with a one-line reason.
    """
    path = Path(path).expanduser()
    try:
        check_target(path)
    except ExportExists:
        if not force:
            raise
    try:
        write_atomically(path, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise ExportExists(path) from None
    except IsADirectoryError:
        raise ExportError(f"cannot write {path}: it is a folder") from None
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise ExportError(f"cannot write {path}: the folder {path.parent} does not exist") from None
        raise ExportError(f"cannot write {path}: {describe_oserror(exc)}") from None
    return path


def export_bookmarks(
    bookmarks: Iterable[Bookmark],
    library: Any,
    path: Path,
    *,
    briefing_id: str | None = None,
    force: bool = False,
) -> Path:
    """Render and write the memo; see ``render_markdown`` and ``write_export``."""
    return write_export(render_markdown(bookmarks, library, briefing_id=briefing_id), path, force=force)


__all__ = [
    "ExportError",
    "ExportExists",
    "block_text",
    "cell",
    "check_target",
    "default_export_path",
    "escape_heading",
    "escape_inline",
    "escape_line",
    "export_bookmarks",
    "link",
    "paragraphs",
    "quote",
    "render_markdown",
    "write_export",
]
