"""`B`: the bookmarks, newest first or in briefing order, with note previews and status.

``enter`` opens the unit (a compare row opens its comparison at its topic), ``r`` rewrites the
note, ``delete`` removes (``u`` undoes, for the session), ``o`` switches the order, ``e``
exports, ``escape`` goes back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from briefing.bookmarks import Bookmark, order_key, status_of
from briefing.content import Library
from briefing.content.text import one_line
from briefing.tui import bookmark_flow
from briefing.tui.opening import UnitPicker
from briefing.tui.state import AppState
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

STATUS_MARKS = {
    "ok": ("★", "bold yellow", ""),
    "changed": ("≠", "bold magenta", "바뀜 · changed since bookmarked (a: take the new text)"),
    "orphaned": ("✗", "bold red", "없어짐 · orphaned: the unit is gone; the saved copy is kept"),
}
ORDERS = {"newest": "최신순 · newest first", "briefing": "브리핑 순서 · briefing order"}
#: A note's lines shown in the list, and in the detail pane below it.
LIST_NOTE_LINES = 3
DETAIL_NOTE_LINES = 4  # the pane is at most 8 rows


def note_lines(note: str) -> list[str]:
    """The note's non-blank lines, as the analyst wrote them."""
    return [line for line in note.splitlines() if line.strip()]


class BookmarksScreen(UnitPicker):
    CSS_PATH = "styles/bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Next", show=False, id="bookmarks.next"),
        Binding("up,k", "cursor(-1)", "Previous", show=False, id="bookmarks.previous"),
        Binding("enter", "open", "Open", id="bookmarks.open"),
        Binding("r", "rewrite", "Rewrite note", id="bookmarks.rewrite"),
        Binding("delete,x", "remove", "Remove", id="bookmarks.remove"),
        Binding("u", "undo", "Undo remove", id="bookmarks.undo"),
        Binding("a", "accept", "Take new text", show=False, id="bookmarks.accept"),
        Binding("o", "toggle_order", "Order", id="bookmarks.order"),
        Binding("e", "export", "Export", id="bookmarks.export"),
        Binding("b", "bookmark", "Edit or remove", show=False, id="bookmarks.bookmark"),
        Binding("escape,B", "back", "Back", id="bookmarks.back"),
    ]

    def __init__(self, state: AppState, *, order: str | None = None) -> None:
        super().__init__()
        self.state = state
        # The order the user picked last (this session or an earlier one).
        order = order or state.session.bookmark_sort or "newest"
        self.order = order if order in ORDERS else "newest"
        self.bookmarks: list[Bookmark] = []

    @property
    def library(self) -> Library:
        return self.state.library

    def compose(self) -> ComposeResult:
        yield Static(id="bookmarks-title")
        yield OptionList(id="bookmarks-list")
        yield Static(id="bookmarks-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(OptionList).focus()
        self.state.bookmarks_changed.subscribe(self, lambda _keys: self.rebuild())
        self._reload()

    def on_unmount(self) -> None:
        self.state.forget(self)

    @work(group="flow", exit_on_error=False, name="reading bookmarks")
    async def _reload(self) -> None:
        """What another instance saved meanwhile, read in a thread; the list redraws after."""
        await bookmark_flow.load(self.app, self.state)
        self.rebuild()

    # ------------------------------------------------------------------ listing

    def _sorted(self) -> list[Bookmark]:
        store = self.state.bookmarks
        items = store.all() if store is not None else []
        if self.order == "briefing":
            items.sort(key=lambda b: order_key(b, self.library))
        return items

    def _option(self, bookmark: Bookmark) -> Option:
        status = status_of(bookmark, self.library)
        mark, style, _ = STATUS_MARKS[status]
        if status == "ok" and bookmark.compare is not None:
            mark = "⇄"
        text = Text()
        text.append(f"{mark} ", style=style)
        text.append(one_line(bookmark.heading, 90), style="bold")
        if status != "ok":
            text.append(f"  [{status}]", style=style)
        text.append("\n  ")
        text.append(one_line(bookmark.citation.location, 100), style="dim")
        lines = note_lines(bookmark.note)
        for index, line in enumerate(lines[:LIST_NOTE_LINES]):
            text.append("\n  ✎ " if index == 0 else "\n    ")
            more = index == LIST_NOTE_LINES - 1 and len(lines) > LIST_NOTE_LINES
            text.append(one_line(line, 100) + (" …" if more else ""), style="italic")
        return Option(text, id=bookmark.id)

    def rebuild(self, *, select: str | None = None) -> None:
        options = self.query_one(OptionList)
        previous = options.highlighted
        current = self.current()
        keep = select or (current.id if current is not None else None)
        self.bookmarks = self._sorted()
        options.clear_options()
        options.add_options([self._option(b) for b in self.bookmarks])
        ids = [b.id for b in self.bookmarks]
        if self.bookmarks:
            if keep in ids:
                options.highlighted = ids.index(keep)
            else:
                options.highlighted = min(previous or 0, len(ids) - 1)
        title = Text()
        title.append(f"★ 북마크 · Bookmarks ({len(self.bookmarks)})", style="bold")
        title.append(f"  ·  {ORDERS[self.order]}  (o)", style="dim")
        self.query_one("#bookmarks-title", Static).update(title)
        self._show_detail()

    def current(self) -> Bookmark | None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or not (0 <= index < len(self.bookmarks)):
            return None
        return self.bookmarks[index]

    @on(OptionList.OptionHighlighted, "#bookmarks-list")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def _show_detail(self) -> None:
        detail = self.query_one("#bookmarks-detail", Static)
        bookmark = self.current()
        if bookmark is None:
            detail.update(
                Text("북마크가 없습니다 · No bookmarks yet: press b on a unit to bookmark it.", style="dim")
            )
            return
        status = status_of(bookmark, self.library)
        _, style, words = STATUS_MARKS[status]
        text = Text()
        text.append(one_line(bookmark.heading, 200), style="bold")
        text.append("\n")
        text.append(one_line(bookmark.citation.location, 200), style="dim")
        if words:
            text.append("\n")
            text.append(words, style=style)
        text.append("\n")
        if bookmark.note:
            text.append("메모 · note:", style="bold")
            lines = note_lines(bookmark.note)
            for line in lines[:DETAIL_NOTE_LINES]:
                text.append("\n  " + one_line(line, 400))
            if len(lines) > DETAIL_NOTE_LINES:
                text.append(f"\n  … {len(lines) - DETAIL_NOTE_LINES} more line(s) (r shows all)", style="dim")
        else:
            text.append("메모 없음 · no note (r adds one)", style="dim")
        detail.update(text)

    # ------------------------------------------------------------------ actions

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_open(self) -> None:
        bookmark = self.current()
        if bookmark is None:
            return
        if bookmark.compare is not None and self._open_comparison(bookmark):
            return
        if self.library.get(bookmark.key) is None:
            self.notify(
                "This bookmark's unit is no longer in the loaded briefings; its saved copy is kept "
                "and exported.",
                severity="warning",
                timeout=4,
            )
            return
        self.open_unit(bookmark.key)

    @work(group="flow", exclusive=True, exit_on_error=False, name="changing a bookmark")
    async def _run(self, flow: Callable[[], Awaitable[Bookmark | None]], *, keep: bool = True) -> None:
        """Run a bookmark flow, then redraw the list on the bookmark it touched."""
        current = self.current()
        touched = await flow()
        select = touched.id if touched is not None else current.id if current and keep else None
        self.rebuild(select=select)

    def _open_comparison(self, bookmark: Bookmark) -> bool:
        """Open a bookmarked compare row as the comparison it came from, at its topic."""
        from briefing.content.compare import find_agreement
        from briefing.tui.compare_screen import CompareScreen

        row = bookmark.compare
        if row is None or not (row.left_agreement and row.right_agreement):
            return False  # an older record that does not name both agreements: open its clause
        briefings = list(self.library.briefings)
        left = find_agreement(briefings, row.left_agreement)
        right = find_agreement(briefings, row.right_agreement)
        if left is None or right is None:
            return False
        self.app.push_screen(CompareScreen(self.state, left, right, topic=row.topic))
        return True

    def action_rewrite(self) -> None:
        bookmark = self.current()
        if bookmark is not None:
            self._run(lambda: _none(bookmark_flow.edit_note(self.app, self.state, bookmark.id)))

    def action_remove(self) -> None:
        bookmark = self.current()
        if bookmark is not None:
            self._run(lambda: bookmark_flow.remove(self.app, self.state, bookmark.id), keep=False)

    def action_accept(self) -> None:
        """On a bookmark whose unit changed: keep the note, take the unit's current text."""
        bookmark = self.current()
        if bookmark is not None:
            self._run(lambda: bookmark_flow.accept_current_text(self.app, self.state, bookmark.id))

    def action_undo(self) -> None:
        self._run(lambda: bookmark_flow.undo_remove(self.app, self.state))

    def action_bookmark(self) -> None:
        """``b`` here, as everywhere: on a bookmark, offer to edit its note or remove it."""
        bookmark = self.current()
        if bookmark is not None:
            self._run(lambda: _none(bookmark_flow.choose_action(self.app, self.state, bookmark.id)))

    def action_toggle_order(self) -> None:
        self.order = "briefing" if self.order == "newest" else "newest"
        self.state.session.bookmark_sort = self.order
        self.state.session_changed.publish(self.state.session)
        self.rebuild()

    def action_export(self) -> None:
        self._export()

    @work(group="flow", exclusive=True, exit_on_error=False, name="exporting")
    async def _export(self) -> None:
        from briefing.tui import export_flow

        await export_flow.export(self.app, self.state)

    def action_back(self) -> None:
        self.dismiss(None)


async def _none(flow: Awaitable[None]) -> None:
    """A flow that touches no one bookmark, for ``_run``."""
    await flow
