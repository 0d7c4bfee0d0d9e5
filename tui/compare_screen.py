"""`c`: two agreements side by side, one row per topic; `m`: every agreement at once.

Alignment is structural: the rows live in ONE vertical scroll, and each row is one widget
holding [mark | left cell | right cell] side by side (laid out as a one-row grid, see
styles/compare.tcss), so the two sides share every scroll position, each row is as tall as
its taller side, and both cells stretch to that height. Narrow terminals stack the two
sides inside each row instead (left above right, each labelled).

Content is rendered only as ``rich.text.Text`` built from inert strings, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from briefing.bookmarks.records import CompareSpec
from briefing.content import Briefing, Library, make_key
from briefing.content.compare import (
    MARKS,
    MATRIX_LEGEND,
    NOT_IN_AGREEMENT,
    SHOWN_KINDS,
    AgreementRef,
    Comparison,
    Matrix,
    MatrixCell,
    Row,
    agreement_refs,
    agreement_wide_notes,
    compare,
    default_pair,
    default_third,
    find_agreement,
    mark_words,
    matrix,
    matrix_codes,
    side_value,
)
from briefing.content.labels import ABSENT, HOLDS, NOT_MENTIONED
from briefing.content.model import Clause, Note
from briefing.content.render import note_block, unit_blocks
from briefing.content.text import inert, one_line
from briefing.tui.compare_state import CompareView
from briefing.tui.opening import OpenUnit, UnitPicker
from briefing.tui.roles import COMPONENT_CLASSES, role, roles_css
from briefing.tui.state import AppState
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

#: Below this width the two sides stack inside each row.
NARROW_BELOW = 100
#: From this width a third agreement may show as a third column.
WIDE_FROM = 160

#: A role's style (tui.roles), as the screen's theme paints it.
Paint = Callable[[str], Style]


def plain(name: str) -> Style:
    """No colours: for a row drawn before it has a screen."""
    return Style(bold=True)


SIDES = ("left", "right", "third")

Pair = tuple[AgreementRef, AgreementRef]
#: "Not in this agreement", in the catalogue's one wording, for one-line messages.
NOT_HERE = NOT_IN_AGREEMENT.strip("— ")


# --------------------------------------------------------------------------- rendering


#: A URL in a compare cell is shown in at most this many cells (whole in its hyperlink).
URL_ROOM = 34


def url_label(url: str, room: int = URL_ROOM) -> Text:
    """``url`` cut with … to ``room`` cells, the whole of it kept as the text's hyperlink."""
    shown = url if len(url) <= room else url[: room - 1] + "…"
    return Text(shown, style=Style(dim=True, underline=True, link=url))


def clause_text(
    ref: AgreementRef,
    clause: Clause | None,
    spans: Sequence[tuple[int, int]] = (),
    shared: dict[str, int] | None = None,
    paint: Paint = plain,
) -> Text:
    """One side of a row: the clause's labelled blocks, differing words highlighted.

    Notes in ``shared`` (note id -> its number in the header) are shown once in the header,
    so the cell only points to them.
    """
    text = Text()
    if clause is None:
        text.append(NOT_IN_AGREEMENT, style=paint("absent"))
        return text
    shared = shared or {}
    blocks = unit_blocks(ref.briefing, clause, with_notes=False)
    pointers: list[int] = []
    for note in ref.briefing.notes_on(clause.id):
        if note.id in shared:
            pointers.append(shared[note.id])
        else:
            blocks.append(note_block(note))
    first = True
    # What the side holds, in a few words, before the text it comes from: a "=" row of two
    # non-binding memoranda, or of two channels with different partners, reads as such.
    value, source = side_value(ref, clause)
    if value:
        text.append(HOLDS, style=paint("meta" if source == "agreement" else "summary"))
        text.append("\n")
        text.append(inert(value), style="bold")
        first = False
    shown_urls: set[str] = set()
    for block in blocks:
        if not first:
            text.append("\n\n")
        first = False
        text.append(block.label, style=paint(block.provenance))
        text.append("\n")
        body = inert(block.text)
        start = len(text)
        text.append(body)
        if spans and block.provenance in ("official", "article-quote") and block.text == clause.wording:
            for span_start, span_end in spans:
                text.stylize(paint("diff"), start + span_start, start + span_end)
        url = inert(block.url)
        if url and url not in shown_urls and url not in body:
            # Once per cell, never wrapped mid-token: a short label that carries the whole
            # URL as a terminal hyperlink (OSC 8), so the terminal still opens it.
            shown_urls.add(url)
            text.append("\n")
            text.append_text(url_label(url))
    if pointers:
        marks = " ".join(f"†{n}" for n in sorted(pointers))
        text.append("\n\n" if not first else "")
        text.append(f"{marks} 주석은 머리글에 · note in the header (enter: in full)", style="dim italic")
    return text


def pack(items: Sequence[Text], width: int, *, separator: str = "  ") -> Text:
    """``items`` in lines of at most ``width`` cells, breaking only between items."""
    text = Text()
    used = 0
    for item in items:
        size = cell_len(item.plain)
        if used and used + len(separator) + size > width:
            text.append("\n")
            used = 0
        elif used:
            text.append(separator)
            used += len(separator)
        text.append_text(item)
        used += size
    return text


def side_status(clause: Clause | None) -> str:
    """A stacked side's label says when the agreement has no clause on the row's topic.

    (A clause recording the absence, or the article's silence, says so in its own first block.)
    """
    return ABSENT if clause is None else ""


def shared_notes_text(notes: Sequence[tuple[str, int, Note]], *, lines_per_note: int) -> Text:
    """The header's notes: each once, one line per language, cut with … (never mid-character)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for index, (symbol, number, note) in enumerate(notes):
        if index:
            text.append("\n")
        block = note_block(note)
        text.append(f"{symbol} †{number} {block.label}: ", style="bold yellow")
        body = [one_line(line) for line in note.text.splitlines() if line.strip()]
        text.append(body[0] if body else "")
        for line in body[1:lines_per_note]:
            text.append("\n    " + line, style="dim")
    return text


def mark_text(row: Row, comparison: Comparison, *, narrow: bool, paint: Paint = plain) -> Text:
    """The row's topic and its kind, as a symbol and words."""
    mark = mark_words(row.kind, one_line(comparison.left.name), one_line(comparison.right.name))
    text = Text()
    topic = row.topic
    if narrow:
        text.append(mark, style=paint(row.kind))
        text.append("  ")
        text.append(one_line(topic.title if topic else row.topic_id), style="bold")
        return text
    if topic is not None:
        text.append(inert(topic.label_ko), style="bold")
        if topic.label_en:
            text.append("\n" + inert(topic.label_en), style="dim")
    else:
        text.append(inert(row.topic_id), style="bold")
    text.append("\n\n")
    text.append(mark, style=paint(row.kind))
    return text


# --------------------------------------------------------------------------- widgets


class CompareCell(VerticalGroup):
    """One side of a row: a label (shown when the sides stack) and the clause."""

    DEFAULT_CSS = """
    CompareCell > .cell-label { display: none; }
    """

    def __init__(self, side: str, label: Text, body: Text, key: str | None) -> None:
        super().__init__(classes=f"cell -{side}" + (" -empty" if key is None else ""))
        self.side = side
        self.key = key
        self._label = label
        self._body = body

    def compose(self) -> ComposeResult:
        yield Static(self._label, classes="cell-label")
        yield Static(self._body, classes="cell-body")

    def on_click(self, event: events.Click) -> None:
        row = self.parent
        if isinstance(row, CompareRow) and isinstance(self.screen, CompareScreen):
            self.screen.focus_cell(row.index, self.side)


class CompareRow(HorizontalGroup):
    """[mark | left | right (| third)]: one topic, both sides at the same height."""

    def __init__(
        self,
        index: int,
        row: Row,
        comparison: Comparison,
        third: AgreementRef | None,
        narrow: bool,
        shared: dict[str, dict[str, int]] | None = None,
    ) -> None:
        super().__init__(classes="compare-row")
        self.index = index
        self.row = row
        self.comparison = comparison
        self.third = third
        self.narrow = narrow
        #: Per side, the notes shown once in the header (note id -> number).
        self.shared = shared or {}

    @property
    def topic_id(self) -> str:
        return self.row.topic_id

    def keys(self) -> dict[str, str | None]:
        found = {
            "left": self.comparison.left_key(self.row),
            "right": self.comparison.right_key(self.row),
        }
        if self.third is not None:
            clause = self.third.clause(self.row.topic_id)
            found["third"] = make_key(self.third.briefing.id, clause.id) if clause else None
        return found

    def compose(self) -> ComposeResult:
        row, comparison = self.row, self.comparison
        paint = self._paint
        yield Static(mark_text(row, comparison, narrow=self.narrow, paint=paint), classes="mark")
        keys = self.keys()
        left_spans = row.diff.left_spans if row.diff and row.kind == "differs" else ()
        right_spans = row.diff.right_spans if row.diff and row.kind == "differs" else ()
        yield CompareCell(
            "left",
            side_label("◀", comparison.left, side_status(row.left), paint),
            clause_text(comparison.left, row.left, left_spans, self.shared.get("left"), paint),
            keys["left"],
        )
        yield CompareCell(
            "right",
            side_label("▶", comparison.right, side_status(row.right), paint),
            clause_text(comparison.right, row.right, right_spans, self.shared.get("right"), paint),
            keys["right"],
        )
        if self.third is not None:
            clause = self.third.clause(row.topic_id)
            yield CompareCell(
                "third",
                side_label("·", self.third, side_status(clause), paint),
                clause_text(self.third, clause, (), self.shared.get("third"), paint),
                keys["third"],
            )

    def set_narrow(self, narrow: bool) -> None:
        if narrow != self.narrow:
            self.narrow = narrow
            self.query_one(".mark", Static).update(
                mark_text(self.row, self.comparison, narrow=narrow, paint=self._paint)
            )

    def _paint(self, name: str) -> Style:
        return role(self.screen, name) if isinstance(self.screen, CompareScreen) else plain(name)

    def cell(self, side: str) -> CompareCell | None:
        for cell in self.query(CompareCell):
            if cell.side == side:
                return cell
        return None


def side_label(symbol: str, ref: AgreementRef, status: str = "", paint: Paint = plain) -> Text:
    """A side's agreement and date; with ``status`` (stacked rows), what the side holds."""
    text = Text()
    text.append(f"{symbol} {one_line(ref.name)}", style="bold reverse")
    text.append(f" {ref.agreement.date}", style="dim")
    if status:
        text.append("  ")
        text.append(status, style=paint("absent"))
    return text


def third_header(ref: AgreementRef) -> Text:
    """The third column's header says what the column is: context, outside the pair's marks."""
    text = side_label("·", ref)
    text.append("\n참고용 · for reference: not in the marks or d (t hides)", style="dim italic")
    return text


class RowsView(VerticalScroll, can_focus=False):
    """The one scroll every row lives in."""


# --------------------------------------------------------------------------- compare screen


class CompareScreen(UnitPicker):
    CSS_PATH = "styles/compare.tcss"
    COMPONENT_CLASSES = COMPONENT_CLASSES
    DEFAULT_CSS = roles_css("CompareScreen")
    AUTO_FOCUS = None
    TITLE = "Compare"
    HELP = (
        "Two agreements side by side, one row per topic; the marks (= ◀ ▶ ≠ ◁ ▷) compare "
        "◀ and ▶ only. From 160 columns a third column shows a reference agreement "
        "(Camp David when the briefing has it) beside the pair: read it for context; it is "
        "not part of the marks, counts or the d filter. `t` shows or hides it. A note shared "
        "by several rows of one agreement is shown once under the header (†1, †2 …)."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "next_row", "Next topic", id="compare.next"),
        Binding("up,k", "previous_row", "Previous topic", id="compare.previous"),
        Binding("tab,shift+tab", "switch_side", "Other side", id="compare.switch_side"),
        Binding("left,h", "side('left')", "Left side", show=False, id="compare.left"),
        Binding("right,l", "side('right')", "Right side", show=False, id="compare.right"),
        Binding("enter", "open", "Open in reader", id="compare.open"),
        Binding("s", "swap", "Swap sides", id="compare.swap"),
        Binding("d", "toggle_differences", "Only differences", id="compare.differences"),
        Binding("m", "matrix", "Matrix", id="compare.matrix"),
        Binding("p,c", "pick", "Pick agreements", id="compare.pick"),
        Binding("b", "bookmark", "Bookmark", id="compare.bookmark"),
        Binding(
            "t",
            "toggle_third",
            "Third column (160+ cols): for reference only",
            show=False,
            id="compare.third",
            tooltip="From 160 columns a third agreement shows for reference; the marks compare ◀ and ▶ only",
        ),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="compare.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="compare.page_up"),
        Binding("home,g", "first_row", "First topic", show=False, id="compare.first"),
        Binding("end,G", "last_row", "Last topic", show=False, id="compare.last"),
        Binding("escape", "back", "Back", id="compare.back"),
    ]

    class ViewChanged(Message):
        """The pair, swap, filter, row or side changed: ``view`` is the new state to keep."""

        def __init__(self, screen: CompareScreen, view: CompareView) -> None:
            super().__init__()
            self.screen = screen
            self.view = view

    #: What the screen shows, as a value to keep (see tui/compare_state.py).
    view: reactive[CompareView] = reactive(CompareView, init=False, always_update=False)

    def __init__(
        self,
        state: AppState,
        left: AgreementRef | None = None,
        right: AgreementRef | None = None,
        *,
        only_differences: bool = False,
        third: AgreementRef | None = None,
        topic: str | None = None,
    ) -> None:
        super().__init__()
        self.state = state
        self.left = left
        self.right = right
        #: The topic row to start on (a bookmarked row opens there).
        self.initial_topic = topic
        self.third_choice = third
        self.only_differences = only_differences
        self.comparison: Comparison | None = None
        self.index = 0
        self.side = "left"
        self._mode = ""
        self._swapped = False
        self._show_third = True
        self._counts: dict[str, int] = {}
        self._header_notes: list[tuple[str, str, int, Note]] = []
        #: A view to start from; else, when nothing is named, the one kept from the last visit.
        self._start_view: CompareView | None = None
        self._asked = left is not None or right is not None or topic is not None or only_differences

    @classmethod
    def from_view(cls, state: AppState, view: CompareView) -> CompareScreen:
        """A compare screen that opens on ``view`` (pair, swap, filter, row and side)."""
        screen = cls(state)
        screen._start_view = view
        return screen

    # ------------------------------------------------------------------ state

    def _restore(self) -> None:
        view = self._start_view
        if view is None and not self._asked:
            view = self.state.compare_view
        if view is None:
            return
        pair = view.pair
        refs = [find_agreement(self.library.briefings, key) for key in pair] if pair else []
        if len(refs) == 2 and refs[0] is not None and refs[1] is not None:
            left, right = refs[0], refs[1]
            self.left, self.right = (right, left) if view.swapped else (left, right)
            self._swapped = view.swapped
        self.only_differences = view.only_differences
        if self.initial_topic is None:
            self.initial_topic = view.row
        self.side = view.side if view.side in SIDES else "left"

    def current_view(self) -> CompareView:
        """The screen's state now, as a value the app can keep and give back."""
        pair = None
        if self.left is not None and self.right is not None:
            shown = (self.left.key, self.right.key)
            pair = (shown[1], shown[0]) if self._swapped else shown
        row = self.current_row()
        topic = row.topic_id if row is not None else self.initial_topic
        return CompareView(pair, self._swapped, self.only_differences, topic, self.side)

    def _publish(self) -> None:
        if self.is_attached:
            self.view = self.current_view()

    def watch_view(self, view: CompareView) -> None:
        self.state.compare_view = view
        self.post_message(self.ViewChanged(self, view))

    # ------------------------------------------------------------------ layout

    @property
    def library(self) -> Library:
        return self.state.library

    def compose(self) -> ComposeResult:
        self._restore()
        if self.left is None or self.right is None:
            pair = default_pair(self.library.briefings)
            if pair is not None:
                self.left, self.right = pair
        yield Static(id="compare-title")
        with HorizontalGroup(id="compare-header"):
            yield Static(Text("주제 · topic", style="bold"), classes="mark")
            yield Static(id="header-left", classes="cell -left")
            yield Static(id="header-right", classes="cell -right")
            yield Static(id="header-third", classes="cell -third")
        yield Static(id="compare-notes")
        yield RowsView(id="compare-rows")
        yield Footer()

    async def on_mount(self) -> None:
        self._apply_mode(self.app.size.width)
        await self.rebuild(keep_topic=self.initial_topic)
        if self.initial_topic is not None:
            self._highlight(scroll=True)
        self._publish()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_mode(event.size.width)
        self._show_title()

    def _apply_mode(self, width: int) -> None:
        mode = "narrow" if width < NARROW_BELOW else "wide" if width >= WIDE_FROM else "normal"
        if mode == self._mode:
            return
        self._mode = mode
        self.set_class(mode == "narrow", "-narrow")
        self.set_class(mode == "wide", "-wide")
        for row in self.query(CompareRow):
            row.set_narrow(mode == "narrow")
        if self.side == "third" and mode != "wide":
            self.side = "right"
        self._highlight()
        if self.comparison is not None:
            self._show_notes()

    @property
    def narrow(self) -> bool:
        return self._mode == "narrow"

    @property
    def third(self) -> AgreementRef | None:
        """The third agreement for wide terminals: chosen, or the one the left briefing's
        ``[briefing.compare] third`` names."""
        if not self._show_third:
            return None
        if self.third_choice is not None:
            return self.third_choice
        if self.left is None or self.right is None:
            return None
        ref = default_third(self.left.briefing)
        if ref is None or ref.key in (self.left.key, self.right.key):
            return None
        return ref

    def rows(self) -> list[CompareRow]:
        return list(self.query(CompareRow))

    def _shared_notes(self, full: Comparison, third: AgreementRef | None) -> dict[str, dict[str, int]]:
        """Per side, the notes several of its rows share, numbered in order (†1, †2 …).

        From the unfiltered comparison, so `d` does not move notes between header and cells.
        """
        topic_ids = [row.topic_id for row in full.rows]
        sides = [("left", full.left), ("right", full.right)]
        if third is not None:
            sides.append(("third", third))
        shared: dict[str, dict[str, int]] = {}
        numbers: dict[str, int] = {}
        self._header_notes = []
        for side, ref in sides:
            for note in agreement_wide_notes(ref, topic_ids):
                key = f"{ref.briefing.id}:{note.id}"
                if key not in numbers:
                    numbers[key] = len(numbers) + 1
                    symbol = {"left": "◀", "right": "▶", "third": "·"}[side]
                    self._header_notes.append((side, symbol, numbers[key], note))
                shared.setdefault(side, {})[note.id] = numbers[key]
        return shared

    def _show_notes(self) -> None:
        notes = self._header_notes
        if self._mode != "wide":
            notes = [n for n in notes if n[0] != "third"]
        strip = self.query_one("#compare-notes", Static)
        strip.display = bool(notes)
        strip.update(
            shared_notes_text(
                [(symbol, number, note) for _, symbol, number, note in notes],
                lines_per_note=1 if self.narrow else 2,
            )
        )

    async def rebuild(self, *, keep_topic: str | None = None) -> None:
        view = self.query_one(RowsView)
        await view.remove_children()
        title = self.query_one("#compare-title", Static)
        if self.left is None or self.right is None:
            self.comparison = None
            title.update(Text("비교할 협정이 둘 이상 없습니다 · no two agreements to compare", style="bold"))
            self.query_one("#compare-notes", Static).display = False
            await view.mount(Static(Text("Load a briefing with at least two agreements.")))
            return
        full = compare(self.left, self.right)
        self.comparison = full.only_differences() if self.only_differences else full
        third = self.third
        self._counts = full.counts()
        self._show_title()
        self.query_one("#header-left", Static).update(side_label("◀", self.left))
        self.query_one("#header-right", Static).update(side_label("▶", self.right))
        self.query_one("#header-third", Static).update(third_header(third) if third else Text())
        self.set_class(third is not None, "-has-third")
        shared = self._shared_notes(full, third)
        self._show_notes()
        widgets = [
            CompareRow(i, row, self.comparison, third, self.narrow, shared)
            for i, row in enumerate(self.comparison.rows)
        ]
        if widgets:
            await view.mount_all(widgets)
        else:
            await view.mount(
                Static(Text("차이가 없습니다 · no differences between these two (d shows every row)"))
            )
        topic_ids = [r.topic_id for r in self.comparison.rows]
        self.index = topic_ids.index(keep_topic) if keep_topic in topic_ids else 0
        view.scroll_home(animate=False, immediate=True)
        self._highlight()

    def _show_title(self) -> None:
        if self.comparison is None or not self._counts:
            return
        width = max(20, self.app.size.width - 2)
        self.query_one("#compare-title", Static).update(self._title_text(self._counts, width))

    def _title_text(self, counts: dict[str, int], width: int = 10_000) -> Text:
        """The pair and its counts, laid out in lines of ``width`` cells.

        Items are never split across lines (a count and its words stay together), so the
        title's height is known and it never runs into the header below.
        """
        assert self.left and self.right
        items: list[Text] = []
        pair = Text()
        pair.append(f"◀ {one_line(self.left.name)}", style="bold")
        pair.append("  ⇄  ")
        pair.append(f"▶ {one_line(self.right.name)}", style="bold")
        items.append(pair)
        for kind in SHOWN_KINDS:
            if kind.endswith("not-mentioned") and not counts[kind]:
                continue
            mark = MARKS[kind]
            hidden = self.only_differences and kind == "both"
            items.append(
                Text(
                    f"{mark.symbol} {mark.en} {counts[kind]}" + (" (hidden)" if hidden else ""),
                    style="dim" if hidden else role(self, kind),
                )
            )
        if self.only_differences:
            items.append(Text("차이만 · differences only (d: all)", style="bold reverse"))
        return pack(items, width)

    # ------------------------------------------------------------------ focus

    def _sides(self) -> list[str]:
        sides = ["left", "right"]
        if self._mode == "wide" and self.third is not None:
            sides.append("third")
        return sides

    def current_row(self) -> CompareRow | None:
        rows = self.rows()
        return rows[self.index] if 0 <= self.index < len(rows) else None

    def current_key(self) -> str | None:
        row = self.current_row()
        return row.keys().get(self.side) if row else None

    def _highlight(self, *, scroll: bool = False) -> None:
        for row in self.rows():
            current = row.index == self.index
            row.set_class(current, "-current")
            for cell in row.query(CompareCell):
                cell.set_class(current and cell.side == self.side, "-focused")
        if scroll:
            # After the next refresh, so rows just mounted (d, s, a new pair) have their places.
            self.call_after_refresh(self._scroll_to_current)
        self._publish()

    def _scroll_to_current(self) -> None:
        row = self.current_row()
        if row is not None and row.is_attached:
            self.query_one(RowsView).scroll_to_widget(row, animate=False, immediate=True)

    def focus_cell(self, index: int, side: str) -> None:
        self.index = index
        if side in self._sides():
            self.side = side
        self._highlight()

    def _move_to(self, index: int) -> None:
        rows = self.rows()
        if not rows:
            return
        self.index = max(0, min(index, len(rows) - 1))
        self._highlight(scroll=True)

    # ------------------------------------------------------------------ actions

    def action_next_row(self) -> None:
        self._move_to(self.index + 1)

    def action_previous_row(self) -> None:
        self._move_to(self.index - 1)

    def action_first_row(self) -> None:
        self._move_to(0)

    def action_last_row(self) -> None:
        self._move_to(len(self.rows()) - 1)

    def action_page_down(self) -> None:
        self.query_one(RowsView).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one(RowsView).scroll_page_up(animate=False)

    def action_switch_side(self) -> None:
        sides = self._sides()
        position = sides.index(self.side) if self.side in sides else 0
        self.side = sides[(position + 1) % len(sides)]
        self._highlight()

    def action_side(self, side: str) -> None:
        if side in self._sides():
            self.side = side
            self._highlight()

    def action_open(self) -> None:
        key = self.current_key()
        if key is None:
            self.notify(f"{NOT_HERE}: nothing to open", timeout=3, markup=False)
            return
        self.open_unit(key)

    async def action_swap(self) -> None:
        if self.left is None or self.right is None:
            return
        row = self.current_row()
        self.left, self.right = self.right, self.left
        self._swapped = not self._swapped
        if self.side in ("left", "right"):
            self.side = "right" if self.side == "left" else "left"
        await self.rebuild(keep_topic=row.topic_id if row else None)
        self._highlight(scroll=True)

    async def action_toggle_differences(self) -> None:
        row = self.current_row()
        self.only_differences = not self.only_differences
        await self.rebuild(keep_topic=row.topic_id if row else None)
        self._highlight(scroll=True)

    async def action_toggle_third(self) -> None:
        if self._mode != "wide":
            self.notify(
                f"세 번째 열은 {WIDE_FROM}칸 이상에서 · the third column shows from {WIDE_FROM} columns",
                timeout=3,
                markup=False,
            )
            return
        row = self.current_row()
        self._show_third = not self._show_third
        if self.side == "third":
            self.side = "right"
        await self.rebuild(keep_topic=row.topic_id if row else None)
        self._highlight(scroll=True)

    def action_matrix(self) -> None:
        if self.left is None:
            self.notify("No agreements to show", timeout=3, markup=False)
            return
        self._ask(MatrixScreen(self.left.briefing))

    def action_pick(self) -> None:
        refs = agreement_refs(self.library.briefings)
        if len(refs) < 2:
            self.notify("Load at least two agreements to compare", timeout=3, markup=False)
            return
        self._ask(PickScreen(refs, self.left, self.right))

    @work(group="flow", exclusive=True, exit_on_error=False, name="picking agreements")
    async def _ask(self, screen: Screen[Pair | OpenUnit | None]) -> None:
        """The matrix or the picker: a new pair to compare, or a clause to read."""
        answer = await self.app.push_screen_wait(screen)
        if isinstance(answer, OpenUnit):
            self.dismiss(answer)
        elif answer is not None:
            await self._chosen(answer)

    async def _chosen(self, pair: Pair) -> None:
        self.left, self.right = pair
        self._swapped = False
        row = self.current_row()
        await self.rebuild(keep_topic=row.topic_id if row else None)
        self._highlight(scroll=True)

    def action_bookmark(self) -> None:
        key = self.current_key()
        if key is None:
            self.notify(f"{NOT_HERE}: nothing to bookmark", timeout=3, markup=False)
            return
        row = self.current_row()
        assert row is not None and self.comparison is not None
        keys = row.keys()
        # Both agreements name the row, so a side with no clause still keeps its agreement.
        pair = (self.comparison.left.key, self.comparison.right.key)
        self._bookmark(key, (keys["left"], keys["right"], row.topic_id, *pair))

    @work(group="flow", exit_on_error=False, name="bookmarking")
    async def _bookmark(self, key: str, compare: CompareSpec) -> None:
        from briefing.tui import bookmark_flow

        await bookmark_flow.bookmark(self.app, self.state, key, compare)

    def action_back(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- matrix


class MatrixScreen(Screen[Pair | OpenUnit | None]):
    """Every agreement of a briefing (date order) against every topic; `space` marks columns.

    Columns are sized from their content to the terminal: agreement columns by their names
    when the names and a readable topic column fit, else by short codes (A, B, …) explained
    in a key above the table; the topic column takes the rest (Korean label, with the English
    one when there is room). The table scrolls sideways only when even the codes do not fit.
    """

    CSS_PATH = "styles/compare.tcss"
    COMPONENT_CLASSES = COMPONENT_CLASSES
    DEFAULT_CSS = roles_css("MatrixScreen")
    TITLE = "Matrix"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor('down')", "Down", show=False, id="matrix.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="matrix.up"),
        Binding("h", "cursor('left')", "Left", show=False, id="matrix.left"),
        Binding("l", "cursor('right')", "Right", show=False, id="matrix.right"),
        Binding("space", "mark_column", "Mark column (twice: compare)", id="matrix.mark"),
        Binding("enter", "open", "Open clause", id="matrix.open"),
        Binding("escape", "back", "Back", id="matrix.back"),
        Binding("c", "back", "Back to the pair", show=False, id="matrix.compare"),
    ]

    #: Below this many cells a topic column is too narrow to read beside full agreement names.
    MIN_TOPIC = 24

    def __init__(self, briefing: Briefing) -> None:
        super().__init__()
        self.matrix: Matrix = matrix(briefing)
        self.marked: list[int] = []
        #: The column headers in use: the agreements' names, or their codes.
        self.headers: list[str] = []
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="matrix-title")
        yield Static(id="matrix-key")
        yield DataTable(id="matrix-table", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        yield Static(id="matrix-detail")
        yield Footer()

    def _title(self) -> Text:
        text = Text()
        text.append(one_line(self.matrix.briefing.title), style="bold")
        text.append("\n" + MATRIX_LEGEND, style="dim")
        return text

    def on_mount(self) -> None:
        self._fill(self.app.size.width)
        table = self.query_one(DataTable)
        table.cursor_coordinate = table.cursor_coordinate._replace(column=1)
        table.focus()
        self._describe()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._fill(event.size.width)

    def _fill(self, width: int) -> None:
        """(Re)build the table's columns for a terminal ``width`` cells wide."""
        self._width = width
        self.set_class(self.app.size.height < 30, "-short")
        table = self.query_one(DataTable)
        cursor = table.cursor_coordinate
        agreements = self.matrix.agreements
        names = [one_line(a.short_name) for a in agreements]
        mark_width = max((cell_len(c.mark) for row in self.matrix.cells for c in row), default=1)
        labels = [
            (inert(topic.label_ko) if topic else inert(topic_id), inert(topic.label_en) if topic else "")
            for topic_id, topic in self.matrix.topics
        ]
        korean = max((cell_len(ko) for ko, _ in labels), default=8)
        both = max((cell_len(f"{ko} · {en}" if en else ko) for ko, en in labels), default=8)
        # What the table may use: the width, less the vertical scrollbar and the topic
        # column's own padding (every column has one cell of padding each side).
        room = width - 1 - 2
        named = [max(cell_len(n), mark_width) for n in names]
        if room - sum(w + 2 for w in named) >= min(korean, self.MIN_TOPIC):
            self.headers, widths = names, named
        else:
            self.headers = matrix_codes(agreements)
            widths = [max(cell_len(c), mark_width, 3) for c in self.headers]
        topic_width = max(12, min(both, room - sum(w + 2 for w in widths)))
        self._show_key(width)
        table.clear(columns=True)
        table.add_column(Text("주제 · topic", style="bold"), key="topic", width=topic_width)
        for index, (header, column_width) in enumerate(zip(self.headers, widths, strict=True)):
            label = Text(header, style="bold", justify="center")
            table.add_column(label, key=str(index), width=column_width)
        for (topic_id, _), (ko, en), cells in zip(self.matrix.topics, labels, self.matrix.cells, strict=True):
            # The English label too when at least a few of its words fit; cut with … by cells.
            full = f"{ko} · {en}" if en else ko
            label = Text(full if cell_len(ko) + 12 <= topic_width else ko)
            label.truncate(topic_width, overflow="ellipsis")
            table.add_row(label, *(self._cell_text(c) for c in cells), key=topic_id)
        if table.row_count:
            table.cursor_coordinate = table.validate_cursor_coordinate(cursor)

    def _show_key(self, width: int) -> None:
        """The codes' key, when codes stand for the names (one entry never split across lines)."""
        key = self.query_one("#matrix-key", Static)
        names = [one_line(a.short_name) for a in self.matrix.agreements]
        coded = self.headers != names
        key.display = coded
        if not coded:
            return
        items = []
        for code, agreement in zip(self.headers, self.matrix.agreements, strict=True):
            item = Text()
            item.append(code, style="bold reverse")
            item.append(f" {one_line(agreement.short_name)}", style="bold")
            item.append(f" {agreement.date}", style="dim")
            items.append(item)
        key.update(pack(items, max(20, width - 2), separator="   "))

    def _cell_text(self, cell: MatrixCell) -> Text:
        name = {
            "addressed": "both",
            "addressed-with-note": "differs",
            "not-mentioned": "not-mentioned",
        }.get(cell.state, "neither")
        return Text(cell.mark, style=role(self, name), justify="center")

    def _cell_at_cursor(self) -> MatrixCell | None:
        table = self.query_one(DataTable)
        row, column = table.cursor_coordinate
        if column == 0 or not (0 <= row < len(self.matrix.cells)):
            return None
        return self.matrix.cells[row][column - 1]

    def _describe(self) -> None:
        detail = Text()
        cell = self._cell_at_cursor()
        if cell is not None:
            topic = self.matrix.topics[self.query_one(DataTable).cursor_coordinate.row][1]
            detail.append(one_line(topic.title if topic else cell.topic_id) + "\n", style="bold")
            detail.append(f"{one_line(cell.agreement.short_name)} · {cell.agreement.date} · ", style="bold")
            state = {
                "addressed": "● addressed",
                "addressed-with-note": "●† addressed, with a note",
                "not-addressed": f"○ {NOT_HERE}",
                "not-mentioned": f"? {NOT_MENTIONED}",
            }[cell.state]
            detail.append(state)
            clause = cell.clause
            if clause is not None:
                words = clause.wording or clause.summary or clause.article_text
                if words:
                    detail.append("\n" + one_line(words, 300))
        if self.marked:
            names = ", ".join(one_line(self.matrix.agreements[i].short_name) for i in self.marked)
            detail.append(f"\n✓ marked: {names} — space on another column opens the pair", style="bold cyan")
        self.query_one("#matrix-detail", Static).update(detail)

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._describe()

    @on(DataTable.CellSelected)
    def _selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open()

    def action_cursor(self, direction: str) -> None:
        getattr(self.query_one(DataTable), f"action_cursor_{direction}")()

    def action_open(self) -> None:
        cell = self._cell_at_cursor()
        if cell is None:
            self.notify("Move to an agreement's column to open its clause", timeout=3, markup=False)
            return
        if cell.clause is None:
            self.notify(f"{NOT_HERE}: nothing to open", timeout=3, markup=False)
            return
        self.dismiss(OpenUnit(make_key(self.matrix.briefing.id, cell.clause.id)))

    def action_mark_column(self) -> None:
        column = self.query_one(DataTable).cursor_coordinate.column - 1
        if column < 0:
            self.notify("Move to an agreement's column first", timeout=3, markup=False)
            return
        if column in self.marked:
            self.marked.remove(column)
        else:
            self.marked.append(column)
        if len(self.marked) == 2:
            briefing = self.matrix.briefing
            left, right = (AgreementRef(briefing, self.matrix.agreements[i]) for i in self.marked)
            self.dismiss((left, right))
            return
        self._describe()

    def action_back(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- picking a pair


class PickScreen(ModalScreen[Pair | OpenUnit | None]):
    """Any two agreements of any loaded briefing: enter on the left list, then on the right."""

    CSS_PATH = "styles/compare.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
    ]

    def __init__(
        self, refs: list[AgreementRef], left: AgreementRef | None, right: AgreementRef | None
    ) -> None:
        super().__init__()
        self.refs = refs
        self.initial = (left, right)

    def _options(self) -> list[Option]:
        several = len({r.briefing.id for r in self.refs}) > 1
        options = []
        for index, ref in enumerate(self.refs):
            text = Text()
            text.append(one_line(ref.name), style="bold")
            text.append(f"  {ref.agreement.date}", style="dim")
            if several:
                text.append(f"  · {one_line(ref.briefing.title, 30)}", style="dim italic")
            options.append(Option(text, id=str(index)))
        return options

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="pick-dialog"):
            yield Static(
                Text("비교할 두 협정 · pick two agreements (enter, then enter; escape cancels)", style="bold")
            )
            with HorizontalGroup(id="pick-lists"):
                with VerticalGroup(classes="pick-side"):
                    yield Static(Text("◀ left", style="bold"))
                    yield OptionList(*self._options(), id="pick-left")
                with VerticalGroup(classes="pick-side"):
                    yield Static(Text("▶ right", style="bold"))
                    yield OptionList(*self._options(), id="pick-right")

    def on_mount(self) -> None:
        keys = [r.key for r in self.refs]
        for list_id, ref in (("#pick-left", self.initial[0]), ("#pick-right", self.initial[1])):
            if ref is not None and ref.key in keys:
                self.query_one(list_id, OptionList).highlighted = keys.index(ref.key)
        self.query_one("#pick-left", OptionList).focus()

    @on(OptionList.OptionSelected, "#pick-left")
    def _left_chosen(self) -> None:
        self.query_one("#pick-right", OptionList).focus()

    @on(OptionList.OptionSelected, "#pick-right")
    def _right_chosen(self) -> None:
        left = self.query_one("#pick-left", OptionList).highlighted
        right = self.query_one("#pick-right", OptionList).highlighted
        if left is None or right is None:
            return
        if left == right:
            self.notify("Pick two different agreements", timeout=3, markup=False)
            return
        self.dismiss((self.refs[left], self.refs[right]))

    def action_cancel(self) -> None:
        self.dismiss(None)
