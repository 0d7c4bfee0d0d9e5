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

from briefing.content import Briefing, Library, make_key
from briefing.content.compare import (
    MARKS,
    NOT_IN_AGREEMENT,
    AgreementRef,
    Comparison,
    Matrix,
    MatrixCell,
    Row,
    agreement_refs,
    compare,
    default_pair,
    default_third,
    mark_words,
    matrix,
)
from briefing.content.model import Clause
from briefing.content.render import unit_blocks
from briefing.content.text import inert, one_line
from briefing.tui.opening import OpenUnit, UnitPicker
from briefing.tui.roles import COMPONENT_CLASSES, role, roles_css
from briefing.tui.state import AppState
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
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


def clause_text(
    ref: AgreementRef, clause: Clause | None, spans: Sequence[tuple[int, int]] = (), paint: Paint = plain
) -> Text:
    """One side of a row: the clause's labelled blocks, differing words highlighted."""
    text = Text()
    if clause is None:
        text.append(NOT_IN_AGREEMENT, style=paint("absent"))
        return text
    first = True
    for block in unit_blocks(ref.briefing, clause):
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
        if block.url:
            text.append("\n" + inert(block.url), style="dim underline")
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
        super().__init__(classes=f"cell -{side}")
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
        self, index: int, row: Row, comparison: Comparison, third: AgreementRef | None, narrow: bool
    ) -> None:
        super().__init__(classes="compare-row")
        self.index = index
        self.row = row
        self.comparison = comparison
        self.third = third
        self.narrow = narrow

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
            side_label("◀", comparison.left),
            clause_text(comparison.left, row.left, left_spans, paint),
            keys["left"],
        )
        yield CompareCell(
            "right",
            side_label("▶", comparison.right),
            clause_text(comparison.right, row.right, right_spans, paint),
            keys["right"],
        )
        if self.third is not None:
            yield CompareCell(
                "third",
                side_label("·", self.third),
                clause_text(self.third, self.third.clause(row.topic_id), paint=paint),
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


def side_label(symbol: str, ref: AgreementRef) -> Text:
    text = Text()
    text.append(f"{symbol} {one_line(ref.name)}", style="bold reverse")
    text.append(f" {ref.agreement.date}", style="dim")
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
        Binding("pagedown,space", "page_down", "Page down", show=False, id="compare.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="compare.page_up"),
        Binding("home,g", "first_row", "First topic", show=False, id="compare.first"),
        Binding("end,G", "last_row", "Last topic", show=False, id="compare.last"),
        Binding("escape", "back", "Back", id="compare.back"),
    ]

    def __init__(
        self,
        state: AppState,
        left: AgreementRef | None = None,
        right: AgreementRef | None = None,
        *,
        only_differences: bool = False,
        third: AgreementRef | None = None,
    ) -> None:
        super().__init__()
        self.state = state
        self.left = left
        self.right = right
        self.third_choice = third
        self.only_differences = only_differences
        self.comparison: Comparison | None = None
        self.index = 0
        self.side = "left"
        self._mode = ""

    # ------------------------------------------------------------------ layout

    @property
    def library(self) -> Library:
        return self.state.library

    def compose(self) -> ComposeResult:
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
        yield RowsView(id="compare-rows")
        yield Footer()

    async def on_mount(self) -> None:
        self._apply_mode(self.app.size.width)
        await self.rebuild()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_mode(event.size.width)

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

    @property
    def narrow(self) -> bool:
        return self._mode == "narrow"

    @property
    def third(self) -> AgreementRef | None:
        """The third agreement for wide terminals: chosen, or the one the left briefing's
        ``[briefing.compare] third`` names."""
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

    async def rebuild(self, *, keep_topic: str | None = None) -> None:
        view = self.query_one(RowsView)
        await view.remove_children()
        title = self.query_one("#compare-title", Static)
        if self.left is None or self.right is None:
            self.comparison = None
            title.update(Text("비교할 협정이 둘 이상 없습니다 · no two agreements to compare", style="bold"))
            await view.mount(Static(Text("Load a briefing with at least two agreements.")))
            return
        full = compare(self.left, self.right)
        self.comparison = full.only_differences() if self.only_differences else full
        third = self.third
        title.update(self._title_text(full.counts()))
        self.query_one("#header-left", Static).update(side_label("◀", self.left))
        self.query_one("#header-right", Static).update(side_label("▶", self.right))
        self.query_one("#header-third", Static).update(side_label("·", third) if third else Text())
        self.set_class(third is not None, "-has-third")
        widgets = [
            CompareRow(i, row, self.comparison, third, self.narrow)
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

    def _title_text(self, counts: dict[str, int]) -> Text:
        assert self.left and self.right
        text = Text()
        text.append(f"◀ {one_line(self.left.name)}", style="bold")
        text.append("  ⇄  ")
        text.append(f"▶ {one_line(self.right.name)}", style="bold")
        text.append("   ")
        for kind in ("both", "left-only", "right-only", "differs"):
            mark = MARKS[kind]
            hidden = self.only_differences and kind == "both"
            text.append(
                f"{mark.symbol} {mark.en} {counts[kind]}" + (" (hidden)" if hidden else ""),
                style="dim" if hidden else role(self, kind),
            )
            text.append("  ")
        if self.only_differences:
            text.append("차이만 · differences only (d: all)", style="bold reverse")
        return text

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
        if self.side in ("left", "right"):
            self.side = "right" if self.side == "left" else "left"
        await self.rebuild(keep_topic=row.topic_id if row else None)
        self._highlight(scroll=True)

    async def action_toggle_differences(self) -> None:
        row = self.current_row()
        self.only_differences = not self.only_differences
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
        row = self.current_row()
        await self.rebuild(keep_topic=row.topic_id if row else None)

    def action_bookmark(self) -> None:
        key = self.current_key()
        if key is None:
            self.notify(f"{NOT_HERE}: nothing to bookmark", timeout=3, markup=False)
            return
        row = self.current_row()
        assert row is not None
        keys = row.keys()
        self._bookmark(key, (keys["left"], keys["right"], row.topic_id))

    @work(group="flow", exit_on_error=False, name="bookmarking")
    async def _bookmark(self, key: str, compare: tuple[str | None, str | None, str]) -> None:
        from briefing.tui import bookmark_flow

        await bookmark_flow.bookmark(self.app, self.state, key, compare)

    def action_back(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- matrix


class MatrixScreen(Screen[Pair | OpenUnit | None]):
    """Every agreement of a briefing (date order) against every topic; `space` marks columns."""

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

    def __init__(self, briefing: Briefing) -> None:
        super().__init__()
        self.matrix: Matrix = matrix(briefing)
        self.marked: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="matrix-title")
        yield DataTable(id="matrix-table", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        yield Static(id="matrix-detail")
        yield Footer()

    def _title(self) -> Text:
        text = Text()
        text.append(one_line(self.matrix.briefing.title), style="bold")
        text.append(f"\n● addressed  ●† addressed, with a note  ○ {NOT_HERE}", style="dim")
        text.append("\nenter opens a clause · space marks a column; mark two to compare them", style="dim")
        return text

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("주제 · topic", style="bold"), key="topic")
        for index, agreement in enumerate(self.matrix.agreements):
            table.add_column(Text(one_line(agreement.short_name, 18), style="bold"), key=str(index))
        for (topic_id, topic), cells in zip(self.matrix.topics, self.matrix.cells, strict=True):
            # Korean label only, so the fixed column stays narrow; the full title shows below.
            label = Text(one_line(topic.label_ko if topic else topic_id, 24))
            table.add_row(label, *(self._cell_text(c) for c in cells), key=topic_id)
        table.cursor_coordinate = table.cursor_coordinate._replace(column=1)
        table.focus()
        self._describe()

    def _cell_text(self, cell: MatrixCell) -> Text:
        name = {"addressed": "both", "addressed-with-note": "differs"}.get(cell.state, "neither")
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
