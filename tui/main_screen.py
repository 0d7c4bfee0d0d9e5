"""The main screen: the navigation tree, the reader, their history, and the keys that act on
the unit in view.

Other screens (search, compare, bookmarks) are opened by flows here that await the screen's
answer (``push_screen_wait``): a unit to open, or nothing. The screen learns what changed
elsewhere from the state's signals (bookmarks, a library read after the first paint).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import ClassVar

from briefing.content import Briefing, Library
from briefing.content.text import inert
from briefing.tui.config import Config, save_preview
from briefing.tui.nav import NavTree
from briefing.tui.opening import OpenUnit, UnitPicker
from briefing.tui.reader import Reader
from briefing.tui.state import AppState
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Tree

#: A tree node's data for the "skipped files" group.
PROBLEMS = "problems:"

#: How long the tree's cursor rests before the reader previews its unit: holding `j` moves
#: the cursor at key-repeat speed and only the unit it stops on is drawn.
PREVIEW_DELAY = 0.08


class MainScreen(Screen[None]):
    # Binding ids are the names in the user's keymap (config.toml); they keep their "app."
    # prefix from before these keys moved here, so existing keymaps still apply.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="app.search", tooltip="Search every briefing"),
        Binding("c", "compare", "Compare", id="app.compare", tooltip="Two agreements side by side"),
        Binding("b", "bookmark", "Bookmark", id="app.bookmark", tooltip="Bookmark the unit in view"),
        Binding("B", "bookmarks", "Bookmarks", id="app.bookmarks", tooltip="List bookmarks"),
        Binding("e", "export", "Export", id="app.export", tooltip="Export bookmarks to Markdown"),
        Binding(
            "E",
            "edit_unit",
            "Edit",
            id="app.edit",
            show=False,
            tooltip="Edit this unit's file in $VISUAL/$EDITOR",
        ),
        Binding("left_square_bracket,alt+left", "back", "Back", id="app.back", show=False),
        Binding("right_square_bracket,alt+right", "forward", "Forward", id="app.forward", show=False),
        Binding("n", "next_match", "Next match", id="app.next_match", show=False),
        Binding("N", "previous_match", "Previous match", id="app.previous_match", show=False),
        # The reader has the same three keys; these make them work from the tree too, on what
        # the reader shows.
        Binding("y", "copy_unit", "Copy unit", id="app.copy", show=False),
        Binding("Y", "copy_citation", "Copy citation", id="app.cite", show=False),
        Binding("o", "open_url", "Open URL", id="app.open_url", show=False),
        Binding(
            "p",
            "toggle_preview",
            "Preview on move",
            id="app.preview",
            show=False,
            tooltip="Moving the tree's cursor shows the unit in the reader: on/off, remembered",
        ),
        Binding("tab", "app.focus_next", "Switch pane", id="app.focus_next", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", id="app.focus_previous", show=False),
    ]

    def __init__(self, state: AppState) -> None:
        super().__init__(id="main-screen")
        self.state = state
        self.current_key: str | None = None
        self.history: list[str] = []
        self.history_index = -1
        #: The reader shows a briefing's own page (not in the history, which holds unit keys).
        self.on_briefing_page = False
        #: The reader's scroll for each history entry left, so `[` and `]` return to it.
        self.history_scroll: dict[int, float] = {}
        #: The reader shows the unit under the tree's cursor, not yet opened (not in the
        #: history): `[` goes back to the unit opened last, enter opens this one.
        self.previewing = False
        self._preview_timer: Timer | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield NavTree(id="nav")
            yield Reader(id="reader")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        library = self.state.library
        if len(library) == 1:
            self.sub_title = inert(library.briefings[0].title)
        nav = self.query_one(NavTree)
        nav.populate(library)
        nav.focus()
        first = self.first_unit_key()
        left = self.state.session.unit
        self.query_one(Reader).links_after_paint()
        if left is not None and library.get(left) is not None:
            # Where the user left it last time, scrolled as they left it.
            self.open_unit(left)
            self._scroll_reader(self.state.session.scroll)
        elif first is None:
            self.query_one(Reader).show_welcome(library)
        else:
            self.open_unit(first)
        self.state.bookmarks_changed.subscribe(self, self._bookmarks_changed)
        self.state.library_reloaded.subscribe(self, self._library_reloaded)
        self.state.index_progress.subscribe(self, self._index_progress)

    def first_unit_key(self) -> str | None:
        """The article's opening section: the app opens on it, ready to read."""
        for briefing in self.state.library:
            if briefing.sections:
                return briefing.key(briefing.sections[0].id)
        return None

    # ------------------------------------------------------------------ what changed elsewhere
    # Signals reach these callbacks on the screen's next turn (call_next), by when the app may
    # be closing and the screen gone: then there is nothing left to update.

    def _bookmarks_changed(self, keys: frozenset[str]) -> None:
        if not self.is_attached:
            return
        self.query_one(NavTree).mark_bookmarks(set(keys), self.state.library)
        self.query_one(Reader).set_bookmarked(self.current_key in keys, self.state.library)

    def _index_progress(self, progress: tuple[int, int] | None) -> None:
        from briefing.tui.indexing import PROGRESS_ID, IndexProgress

        if not self.is_attached:
            return
        bars = self.query(IndexProgress)
        if progress is None:
            bars.remove()
        elif bars:
            bars.first().progress = progress
        else:
            bar = IndexProgress(id=PROGRESS_ID)
            bar.progress = progress
            self.mount(bar)

    def _library_reloaded(self, library: Library) -> None:
        if not self.is_attached:
            return
        nav = self.query_one(NavTree)
        nav.populate(library)
        nav.mark_bookmarks(set(self.state.bookmark_keys), library)
        if self.current_key is not None:
            nav.reveal(self.current_key)
            self._reshow_current(library)
        else:
            first = self.first_unit_key()
            if first is not None:
                self.open_unit(first)

    def _reshow_current(self, library: Library) -> None:
        """After a reload: the unit in view shows its new text at the same scroll position."""
        reader = self.query_one(Reader)
        found = library.get(self.current_key) if self.current_key else None
        if found is None or reader.key != self.current_key:
            return
        briefing, unit = found
        if reader.showing(unit):
            return
        y = reader.scroll_y
        reader.show_unit(library, briefing, unit, bookmarked=self.current_key in self.state.bookmark_keys)
        reader.call_after_refresh(reader.scroll_to, y=y, animate=False)

    # ------------------------------------------------------------------ reading

    def open_unit(self, key: str, *, highlight: list[str] | None = None, _history: bool = True) -> None:
        """Show the unit in the reader, highlighting literal strings."""
        found = self.state.library.get(key)
        if found is None:
            self.notify(f"No such unit: {inert(key)}", severity="warning", markup=False)
            return
        briefing, unit = found
        self._cancel_preview()
        reader = self.query_one(Reader)
        # A preview's scroll is not the opened unit's: that was kept when the preview began.
        if self.current_key is not None and self.history_index >= 0 and not self.previewing:
            self.history_scroll[self.history_index] = reader.scroll_y
        was_previewed = self.previewing and self.current_key == key and reader.showing(unit)
        self.previewing = False
        self.current_key = key
        self.on_briefing_page = False
        if not (was_previewed and not highlight):
            # (enter on a previewed unit opens it as it is shown, scroll and all)
            reader.show_unit(
                self.state.library,
                briefing,
                unit,
                highlight=highlight,
                bookmarked=key in self.state.bookmark_keys,
            )
        self.query_one(NavTree).reveal(key)
        if _history:
            del self.history[self.history_index + 1 :]
            if not self.history or self.history[-1] != key:
                self.history.append(key)
            self.history_index = len(self.history) - 1

    @on(Tree.NodeSelected, "#nav")
    def _tree_selected(self, event: Tree.NodeSelected[str | None]) -> None:
        key = event.node.data
        if key == PROBLEMS:
            self.action_show_problems()
        elif key:
            self.open_unit(key)
        else:
            briefing = self.query_one(NavTree).briefing_at(event.node)
            if briefing is not None:
                self.show_briefing(briefing)

    def show_briefing(self, briefing: Briefing) -> None:
        """Show the briefing's own page: its details and what its confidence codes mean."""
        self._cancel_preview()
        self._leave_opened_unit()
        self.current_key = None
        self.on_briefing_page = True
        self.previewing = False
        self.query_one(Reader).show_briefing(briefing)

    # ------------------------------------------------------------------ preview on move

    @property
    def preview_on_move(self) -> bool:
        """The setting (config.toml ``preview``): moving the tree's cursor previews its unit."""
        return self.state.config.preview

    @on(NavTree.CursorMoved)
    def _tree_cursor_moved(self, event: NavTree.CursorMoved) -> None:
        # Only the user's moves: the app revealing a unit it opened (or a refilled tree)
        # moves the cursor too, and must not replace what the reader shows.
        if not self.preview_on_move:
            return
        # Merge a run of moves (a held `j`): each move restarts the wait, and only the
        # unit the cursor rests on is drawn. The cursor is read when the wait ends.
        self._schedule_preview()

    def _schedule_preview(self) -> None:
        self._cancel_preview()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._preview_cursor, name="preview")

    def _cancel_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    def _preview_cursor(self) -> None:
        self._preview_timer = None
        nav = self.query_one(NavTree)
        node = nav.cursor_node
        key = node.data if node is not None else None
        if not key or key == PROBLEMS or key == self.current_key or not self.is_current:
            return  # a group, the skipped files, the unit already shown, or another screen on top
        self.preview_unit(key)

    def preview_unit(self, key: str) -> None:
        """Show ``key`` in the reader without opening it: no history entry, the focus stays
        where it is, and `[` goes back to the unit opened last."""
        found = self.state.library.get(key)
        if found is None:
            return
        briefing, unit = found
        if not self.previewing:
            self._leave_opened_unit()
        self.previewing = True
        self.on_briefing_page = False
        self.current_key = key
        self.query_one(Reader).show_unit(
            self.state.library, briefing, unit, bookmarked=key in self.state.bookmark_keys
        )

    def _leave_opened_unit(self) -> None:
        """Keep the opened unit's scroll before something else takes the reader."""
        if self.previewing or self.on_briefing_page or self.current_key is None:
            return
        if (
            0 <= self.history_index < len(self.history)
            and self.history[self.history_index] == self.current_key
        ):
            self.history_scroll[self.history_index] = self.query_one(Reader).scroll_y

    def action_toggle_preview(self) -> None:
        config = self.state.config
        config.preview = not config.preview
        if config.preview:
            self.notify(
                "Preview on move: on (the reader follows the tree's cursor; p turns it off)", timeout=3
            )
            self._schedule_preview()  # (after the palette, if that is where this came from, closes)
        else:
            self._cancel_preview()
            self.notify("Preview on move: off (enter opens a unit; p turns it on)", timeout=3)
        self._save_preview(config)

    @work(group="settings", exclusive=True, name="saving the preview setting", exit_on_error=False)
    async def _save_preview(self, config: Config) -> None:
        from briefing.tui.offload import in_thread

        # The value is read in the thread, when it writes: of two quick toggles, whichever
        # write lands last writes the setting as it is now.
        error = await in_thread(
            self.app, lambda: save_preview(config.preview), name="saving the preview setting"
        )
        if error:
            self.notify(inert(error), severity="warning", markup=False)

    @on(Reader.LinkChosen)
    def _link_chosen(self, event: Reader.LinkChosen) -> None:
        self.open_unit(event.key)
        self.query_one(Reader).focus()

    def action_back(self) -> None:
        if (self.on_briefing_page or self.previewing) and 0 <= self.history_index < len(self.history):
            # Back from the briefing's page, or from a preview, is the unit opened last,
            # at the scroll it was left at.
            self.open_unit(self.history[self.history_index], _history=False)
            self._scroll_reader(self.history_scroll.get(self.history_index, 0.0))
        elif self.history_index > 0:
            self._step_history(-1)

    def action_forward(self) -> None:
        if self.history_index < len(self.history) - 1:
            self._step_history(+1)

    def _step_history(self, step: int) -> None:
        """Back or forward to a unit read before, at the scroll it was left at."""
        self.open_unit(self.history[self.history_index + step], _history=False)
        self.history_index += step
        self._scroll_reader(self.history_scroll.get(self.history_index, 0.0))

    def _scroll_reader(self, y: float, tries: int = 20) -> None:
        """Scroll the reader to ``y`` once the unit's blocks are laid out (they mount over a
        refresh or two; a unit shorter than ``y`` now, in a taller window, ends at its foot)."""
        reader = self.query_one(Reader)
        key = self.current_key

        def scroll() -> None:
            if self.current_key != key or tries <= 0:
                return  # the user has moved on, or the unit never grew that long
            target = min(y, reader.max_scroll_y)
            if reader.scroll_y != target or reader.max_scroll_y < y:
                reader.scroll_to(y=target, animate=False, immediate=True)
                # The old unit's blocks leave and the new ones arrive over a few refreshes,
                # and each can clamp the scroll: look again until it holds.
                self._scroll_reader(y, tries - 1)

        reader.call_after_refresh(scroll)

    def remember_place(self) -> None:
        """Put the unit in view and its scroll in the session (saved on quit)."""
        self.state.session.unit = self.current_key
        self.state.session.scroll = self.query_one(Reader).scroll_y if self.current_key else 0.0

    def action_next_match(self) -> None:
        if not self.query_one(Reader).step_match(+1):
            self.notify("No highlighted matches here; search with /", timeout=2)

    def action_previous_match(self) -> None:
        if not self.query_one(Reader).step_match(-1):
            self.notify("No highlighted matches here; search with /", timeout=2)

    def action_show_problems(self) -> None:
        problems = self.state.library.problems
        if not problems:
            self.notify("Every file loaded cleanly.", timeout=3)
            return
        self._cancel_preview()
        self._leave_opened_unit()
        self.current_key = None
        self.previewing = False
        self.query_one(Reader).show_problems(problems)

    # Copying and opening act on what the reader shows, whichever pane has focus, so the
    # tree's y, Y and o give exactly what the reader's own keys give.

    def action_copy_unit(self) -> None:
        self.query_one(Reader).action_copy_text()

    def action_copy_citation(self) -> None:
        self.query_one(Reader).action_copy_citation()

    def action_open_url(self) -> None:
        self.query_one(Reader).action_open_url()

    def unit_in_view(self) -> str | None:
        """The reader's unit, or the tree's highlighted unit when the tree has focus."""
        nav = self.query_one(NavTree)
        if nav.has_focus and nav.cursor_node is not None:
            data = nav.cursor_node.data
            if data and data != PROBLEMS:
                return data
        return self.current_key

    def palette_extras(self) -> Iterator[SystemCommand]:
        """Palette entries without a key: the skipped files, and search filters built from
        the loaded briefings."""
        from briefing.tui.search_screen import search_filters

        yield SystemCommand(
            "Skipped files", "Show files that were skipped and why", self.action_show_problems
        )
        for name, query in search_filters(self.state.library):
            yield SystemCommand(name, f"Open search with {query.strip()}", partial(self.action_search, query))

    # ------------------------------------------------------------------ other screens
    # Each screen's module is imported on first use, keeping it out of the first paint.

    @work(group="screen", exclusive=True, exit_on_error=False)
    async def open_screen(self, screen: UnitPicker) -> None:
        """Show ``screen``; open in the reader the unit it answers with."""
        chosen: OpenUnit | None = await self.app.push_screen_wait(screen)
        if chosen is not None:
            self.open_unit(chosen.key, highlight=list(chosen.highlight))

    def action_search(self, initial_query: str = "") -> None:
        from briefing.tui.search_screen import SearchScreen

        self.open_screen(SearchScreen(self.state, initial_query=initial_query))

    def action_compare(self) -> None:
        from briefing.tui.compare_screen import CompareScreen

        self.open_screen(CompareScreen(self.state))

    def action_bookmarks(self) -> None:
        from briefing.tui.bookmarks_screen import BookmarksScreen

        self.open_screen(BookmarksScreen(self.state))

    def action_bookmark(self) -> None:
        key = self.unit_in_view()
        if key is None:
            self.notify("Open a unit to bookmark it", timeout=2)
            return
        self._bookmark(key)

    @work(group="flow", exit_on_error=False)
    async def _bookmark(self, key: str) -> None:
        from briefing.tui import bookmark_flow

        await bookmark_flow.bookmark(self.app, self.state, key)

    def action_export(self) -> None:
        self._export()

    def action_edit_unit(self) -> None:
        key = self.unit_in_view()
        if key is None:
            self.notify("Open a unit to edit it", timeout=2)
            return
        self._edit_unit(key)

    @work(group="flow", exclusive=True, exit_on_error=False)
    async def _edit_unit(self, key: str) -> None:
        from briefing.tui.live_content import edit_unit

        await edit_unit(self.app, self.state, key)

    @work(group="flow", exclusive=True, exit_on_error=False)
    async def _export(self) -> None:
        from briefing.tui import export_flow

        await export_flow.export(self.app, self.state)
