"""The search results: a few lines each, wrapped once per width, only the visible ones drawn.

Textual's ``OptionList`` wraps and measures every option each time its options change and
draws each line through its option cache: on the search screen, whose list is rebuilt at
every keystroke, that was most of a keystroke's time (issue #15). Here a result is given
as pieces of text with their styles (a header line, then its snippet indented by
``SNIPPET_INDENT``); the rows it takes at the list's width, with each row's width in cells,
are worked out from its plain text when the list is filled or resized (a pass over each
result's characters), and its rows are rendered from its pieces only when one of them is
first drawn: a keystroke's first page of results fills a screen or three.
When its end comes near (the highlight a few results from it, or its last result on the
screen), the list says so (``NearEnd``): the search screen then adds the next results
(``extend_entries``) without moving the ones shown.
The list never takes focus: the query box keeps it, and the search screen moves the
highlight.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from typing import ClassVar

from rich.cells import get_character_cell_size
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: Where a wrapped row may break at a space: not before this share of the row (a long word
#: is broken rather than leave most of a row empty).
_SPACE_BREAK_FROM = 0.6
#: The indent of a wrapped line's following rows: under a snippet (a line starting with
#: ``SNIPPET_INDENT``) by as much; under a header deeper, so they never read as its snippet.
SNIPPET_INDENT = "  "
_HEADER_HANG = "    "

#: A result as it is given to the list: its text in pieces, each with its style.
Pieces = Sequence[tuple[str, StyleType]]

#: The list's end is near when the highlight is this many results from its last one, or
#: when its last result is on the screen (scrolled to with the mouse).
NEAR_END = 5


def _hang(line: str) -> str:
    return SNIPPET_INDENT if line.startswith(SNIPPET_INDENT) else _HEADER_HANG


def wrap_rows(plain: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each row ``plain`` takes at ``width`` cells, its line breaks kept:
    broken after the last space of a row when there is one late enough in it, else between
    characters (Korean needs no space to break). A line's following rows are narrower by
    their indent (:func:`_hang`) and do not start with a space.

    Each line's cell widths are summed once (at C speed) and each row's end found by
    bisection; a line's rows are kept for the next keystroke, whose results mostly show the
    same headers and many of the same snippets (working them out for a keystroke's fifty
    results, before, was two thirds of putting them up)."""
    return [(start, end) for start, end, _cells in _wrap(plain, width)]


def _wrap(plain: str, width: int) -> list[tuple[int, int, int]]:
    """:func:`wrap_rows`'s rows, each with its width in cells (what drawing it pads)."""
    rows: list[tuple[int, int, int]] = []
    width = max(width, 8)
    start = 0
    for line in plain.split("\n"):
        rows.extend((start + lo, start + hi, cells) for lo, hi, cells in _line_rows(line, width))
        start += len(line) + 1
    return rows


@lru_cache(maxsize=4096)
def _line_rows(line: str, width: int) -> tuple[tuple[int, int, int], ...]:
    """(start, end, cells) of each row of one line (no line break) at ``width`` cells."""
    rows: list[tuple[int, int, int]] = []
    n = len(line)
    cells = list(accumulate(map(get_character_cell_size, line), initial=0))
    following = width - len(_hang(line))
    pos, room = 0, width
    while True:
        cut = bisect.bisect_right(cells, cells[pos] + room) - 1
        if cut >= n:
            rows.append((pos, n, cells[n] - cells[pos]))
            break
        cut = max(cut, pos + 1)  # a character wider than the row still takes one
        if line[cut] != " ":  # (at a space the row ends with a word already)
            space = line.rfind(" ", pos, cut)
            if space >= 0 and cells[space] - cells[pos] >= room * _SPACE_BREAK_FROM:
                cut = space + 1
        rows.append((pos, cut, cells[cut] - cells[pos]))
        pos = cut
        while pos < n and line[pos] == " ":
            pos += 1
        if pos >= n:
            break
        room = following
    return tuple(rows)


def _cut(segments: list[Segment], start: int, end: int) -> list[Segment]:
    """The segments of characters ``start`` to ``end`` of a rendered line (cut by characters,
    which are known: rich cuts by cells, measuring each wide character again)."""
    out: list[Segment] = []
    pos = 0
    for segment in segments:
        text = segment.text
        after = pos + len(text)
        if after > start and pos < end:
            if pos >= start and after <= end:
                out.append(segment)
            else:
                out.append(Segment(text[max(start - pos, 0) : end - pos], segment.style))
        pos = after
        if pos >= end:
            break
    return out


class ResultList(ScrollView, can_focus=False):
    """Results, one ``Text`` each; ``highlighted`` is the one ``enter`` would open."""

    DEFAULT_CSS = """
    ResultList {
        height: 1fr;
        color: $foreground;
        background: $surface;
        border: tall $border-blurred;
        padding: 0 1;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        & > .result-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .result-list--hover {
            background: $block-hover-background;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"result-list--cursor", "result-list--hover"}

    highlighted: reactive[int | None] = reactive(None, init=False)

    class Selected(Message):
        """A result was clicked: open it."""

        def __init__(self, results: ResultList, index: int) -> None:
            super().__init__()
            self.results = results
            self.index = index

        @property
        def control(self) -> ResultList:
            return self.results

    class NearEnd(Message):
        """The list's end is near (see ``NEAR_END``): results after its last may be added.
        Posted whenever the list moves there; one not yet handled is replaced by the next."""

        def __init__(self, results: ResultList) -> None:
            super().__init__()
            self.results = results

        @property
        def control(self) -> ResultList:
            return self.results

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ResultList.NearEnd) and message.results is self.results

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[Pieces] = []
        #: Each result's plain text, and its Text once asked for (``entry``).
        self._plains: list[str] = []
        self._texts: list[Text | None] = []
        #: The width the rows below were worked out for, and for each result its first row
        #: and its rows (start, end in its text, width in cells).
        self._width = 0
        self._tops: list[int] = []
        self._rows: list[list[tuple[int, int, int]]] = []
        #: Rendered rows: (result, highlighted, under the mouse) -> its rows, for the width above.
        self._strips: dict[tuple[int, bool, bool], list[Strip]] = {}
        #: The result under the mouse, drawn as the option list drew it.
        self._hover: int | None = None
        #: The list's own style (``rich_style`` walks every ancestor's styles: asked for at
        #: each row drawn, it was a third of drawing the list); kept as the strips are.
        self._base: Style | None = None
        #: The size, own virtual size and container size the scroll view last laid out for.
        self._laid_out: tuple[Size, Size, Size] | None = None

    # ------------------------------------------------------------------ contents

    @property
    def result_count(self) -> int:
        return len(self._entries)

    def entry(self, index: int) -> Text:
        """The text result ``index`` shows."""
        text = self._texts[index]
        if text is None:
            text = self._texts[index] = Text.assemble(*self._entries[index])
        return text

    def entry_height(self, index: int) -> int:
        """Rows result ``index`` takes at the list's width."""
        self._fit()
        return len(self._rows[index])

    def set_entries(self, entries: Sequence[Pieces], highlighted: int | None = 0) -> None:
        """Show ``entries``, from the top, with ``highlighted`` (clamped) highlighted."""
        self._entries = list(entries)
        self._plains = ["".join(text for text, _style in pieces) for pieces in self._entries]
        self._texts = [None] * len(self._entries)
        self._hover = None
        self._width = 0
        self._strips.clear()
        self._fit()
        self.scroll_to(y=0, animate=False, immediate=True)
        index = (
            None if not self._entries or highlighted is None else max(0, min(highlighted, len(entries) - 1))
        )
        self.set_reactive(ResultList.highlighted, index)
        self._show_highlighted()
        self.refresh()
        self._check_end()

    def extend_entries(self, entries: Sequence[Pieces]) -> None:
        """Add ``entries`` after the last result, the ones shown, the highlight and the
        scroll left as they are."""
        if not entries:
            return
        added = list(entries)
        self._entries.extend(added)
        self._plains.extend("".join(text for text, _style in pieces) for pieces in added)
        self._texts.extend([None] * len(added))
        if self._width:
            self._wrap_rest()
        self.refresh()
        self._check_end()

    def _check_end(self) -> None:
        """Say when the list's end is near (``NearEnd``)."""
        count = len(self._entries)
        if not count:
            return
        index = self.highlighted
        near = index is not None and index >= count - 1 - NEAR_END
        if not near and self._width and len(self._tops) == count:
            near = self.scroll_y + self.scrollable_content_region.height > self._tops[-1]
        if near:
            self.post_message(self.NearEnd(self))

    def _fit(self) -> None:
        """Work out every result's rows at the current width (once per width and filling)."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        self._strips.clear()
        self._rows = []
        self._tops = []
        self._wrap_rest()

    def _wrap_rest(self) -> None:
        """Work out the rows, at the width worked out for, of the results not yet wrapped
        (all of them after :meth:`_fit`, the added ones after :meth:`extend_entries`)."""
        top = self._tops[-1] + len(self._rows[-1]) if self._rows else 0
        for plain in self._plains[len(self._rows) :]:
            rows = _wrap(plain, self._width)
            self._rows.append(rows)
            self._tops.append(top)
            top += len(rows)
        self.virtual_size = Size(self._width, top)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Textual hands a scroll view the region it scrolls in as its virtual size, which is
        # never the list's own: so at every layout of the screen (each key typed in the query
        # box lays it out) the scroll view thought itself resized and redrew its scrollbar, a
        # tenth of a keystroke's painting (issue #15). Only a real change goes on.
        laid_out = (size, self.virtual_size, container_size)
        if laid_out == self._laid_out:
            return False
        self._laid_out = laid_out
        return super()._size_updated(size, virtual_size, container_size, layout)

    def on_resize(self, event: events.Resize) -> None:
        self._fit()
        self._show_highlighted()
        self._check_end()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._check_end()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base = None

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        if not self._width:
            self._fit()  # (worked out at filling and resizing: not again for every row)
        line = int(self.scroll_y) + y
        width = self._width or self.scrollable_content_region.width
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        at = self._result_on(line)
        if at is None:
            return Strip.blank(width, base)
        key = (at, at == self.highlighted, at == self._hover)
        strips = self._strips.get(key)
        if strips is None:
            strips = self._strips[key] = self._render_entry(at, *key[1:], base, width)
        return strips[line - self._tops[at]]

    def _render_entry(self, at: int, cursor: bool, hover: bool, base: Style, width: int) -> list[Strip]:
        """Every row of result ``at``: each of its lines rendered once and cut into its rows,
        one strip made per row (a strip is costly to make: each holds its own caches)."""
        style = base
        if hover:
            style += self.get_component_rich_style("result-list--hover")
        if cursor:
            style += self.get_component_rich_style("result-list--cursor")
        rows = self._rows[at]
        out: list[Strip] = []
        offset = 0
        for plain, segments in zip(self._plains[at].split("\n"), self._line_segments(at), strict=True):
            while len(out) < len(rows) and rows[len(out)][0] <= offset + len(plain):
                start, end, cells = rows[len(out)]
                row = _cut(segments, start - offset, end - offset)
                if start > offset:
                    # A following row of a wrapped line: indented under its first.
                    hang = _hang(plain)
                    row = [Segment(hang), *row]
                    cells += len(hang)
                row = list(Segment.apply_style(row, style))
                if cells < width:
                    row.append(Segment(" " * (width - cells), style))
                    out.append(Strip(row, width))
                else:  # a character wider than the whole row
                    out.append(Strip(row).crop_extend(0, width, style))
                if end >= offset + len(plain):
                    break
            offset += len(plain) + 1
        return out

    def _line_segments(self, at: int) -> list[list[Segment]]:
        """Result ``at``'s lines as segments, one per piece: what its ``Text`` renders, made
        straight from the pieces (assembling, splitting and rendering a ``Text`` for each
        result drawn was a quarter of a keystroke's results frame)."""
        get_style = self.app.console.get_style
        null = Style.null()
        lines: list[list[Segment]] = [[]]
        for text, piece_style in self._entries[at]:
            rich_style = get_style(piece_style, default=null)  # (as Text.render does)
            for i, part in enumerate(text.split("\n")):
                if i:
                    lines.append([])
                if part:
                    lines[-1].append(Segment(part, rich_style))
        return lines

    # ------------------------------------------------------------------ highlight

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._show_highlighted()
        self.refresh()
        self._check_end()

    def _show_highlighted(self) -> None:
        index = self.highlighted
        if index is None or not self._width or index >= len(self._rows):
            return
        self.scroll_to_region(
            Region(0, self._tops[index], self._width, len(self._rows[index])),
            animate=False,
            immediate=True,
            force=True,
        )

    def page(self, step: int) -> int | None:
        """The result a page up (-1) or down (1) from the highlighted one."""
        self._fit()
        if not self._entries:
            return None
        current = self.highlighted or 0
        line = self._tops[current] + step * max(1, self.scrollable_content_region.height)
        at = bisect.bisect_right(self._tops, max(0, line)) - 1
        return max(0, min(len(self._entries) - 1, at))

    def _result_on(self, line: int) -> int | None:
        """The result drawn on row ``line`` of the whole list, if any."""
        at = bisect.bisect_right(self._tops, line) - 1
        if 0 <= at < len(self._entries) and line - self._tops[at] < len(self._rows[at]):
            return at
        return None

    def _result_at(self, event: events.MouseEvent) -> int | None:
        """The result under the mouse, if any."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return self._result_on(int(self.scroll_y) + offset.y)

    def on_click(self, event: events.Click) -> None:
        at = self._result_at(event)
        if at is not None:
            self.highlighted = at
            self.post_message(self.Selected(self, at))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_on(self._result_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_on(None)

    def _hover_on(self, at: int | None) -> None:
        if at != self._hover:
            self._hover = at
            self.refresh()
