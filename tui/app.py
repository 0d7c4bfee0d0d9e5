"""The briefing app: a navigation tree, a reader, and the screens the bindings open.

Startup is a feature: this module imports textual, rich and the headless content package,
nothing heavier. Search (whoosh), comparison, bookmarks and export load when first used,
and indexing starts after the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefing.content import Library
from briefing.content.discovery import content_bytes
from briefing.content.library import default_paths, load_roots
from briefing.content.text import inert
from briefing.tui.config import Config, load_config, save_theme
from briefing.tui.nav import NavTree
from briefing.tui.palette import BriefingCommands
from briefing.tui.reader import Reader
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Tree

#: Content folders larger than this load after the first paint.
LARGE_CONTENT_BYTES = 2 * 1024 * 1024

#: The theme an analyst gets until they pick one.
DEFAULT_THEME = "textual-dark"


class BriefingApp(App[int]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {BriefingCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        Binding("slash", "search", "Search", id="app.search", tooltip="Search every briefing"),
        Binding("c", "compare", "Compare", id="app.compare", tooltip="Two agreements side by side"),
        Binding("b", "bookmark", "Bookmark", id="app.bookmark", tooltip="Bookmark the unit in view"),
        Binding("B", "bookmarks", "Bookmarks", id="app.bookmarks", tooltip="List bookmarks"),
        Binding("e", "export", "Export", id="app.export", tooltip="Export bookmarks to Markdown"),
        Binding("left_square_bracket,alt+left", "back", "Back", id="app.back", show=False),
        Binding("right_square_bracket,alt+right", "forward", "Forward", id="app.forward", show=False),
        Binding("n", "next_match", "Next match", id="app.next_match", show=False),
        Binding("N", "previous_match", "Previous match", id="app.previous_match", show=False),
        Binding("y", "copy_unit", "Copy", id="app.copy", show=False),
        Binding("tab", "focus_next", "Switch pane", id="app.focus_next", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", id="app.focus_previous", show=False),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        content_paths: Sequence[Path] = (),
        *,
        bundled: bool = True,
        user: bool = True,
        config: Config | None = None,
    ) -> None:
        self.config = config if config is not None else load_config()
        super().__init__()
        roots = default_paths(content_paths, bundled=bundled, user=user)
        # Small content is read before the first paint; a large library (hundreds of
        # thousands of units) is read in a worker right after it, so the app opens as fast
        # with a big library as with the bundled briefing.
        now = [r for r in roots if content_bytes(r) <= LARGE_CONTENT_BYTES]
        self._deferred_roots = [r for r in roots if r not in now]
        self.library: Library = load_roots(now, cached=True)
        self.current_key: str | None = None
        self.history: list[str] = []
        self.history_index = -1
        self.bookmark_keys: set[str] = set()
        #: Set by tui.indexing once the search index is ready; None until then.
        self.search_index: Any = None
        #: Set lazily by tui.bookmark_flow.
        self.bookmark_store: Any = None
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield NavTree(id="nav")
            yield Reader(id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.theme = self._initial_theme()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if len(self.library) == 1:
            self.sub_title = inert(self.library.briefings[0].title)
        nav = self.query_one(NavTree)
        nav.populate(self.library)
        nav.focus()
        reader = self.query_one(Reader)
        first = self._first_unit_key()
        if first is None:
            reader.show_welcome(self.library)
        else:
            self.open_unit(first)
        for problem in self.config.problems:
            self.notify(problem, severity="warning", markup=False)
        self._report_errors(self.library)
        self.call_after_refresh(self._after_first_paint)

    def _report_errors(self, library: Library) -> None:
        errors = library.errors
        if errors:
            self.notify(
                f"{len(errors)} problem(s) in content; the rest loaded. "
                "See 'skipped files' in the tree. First: " + inert(str(errors[0])),
                severity="error",
                markup=False,
                timeout=10,
            )

    def _first_unit_key(self) -> str | None:
        """The article's opening section: the app opens on it, ready to read."""
        for briefing in self.library:
            if briefing.sections:
                return briefing.key(briefing.sections[0].id)
        return None

    def _initial_theme(self) -> str:
        theme = self.config.theme
        if theme and theme in self.available_themes:
            return theme
        if theme:
            self.notify(f'Unknown theme "{theme}" in settings; using {DEFAULT_THEME}', markup=False)
        return DEFAULT_THEME

    def _remember_theme(self, theme: Any) -> None:
        error = save_theme(theme.name)
        if error:
            self.notify(error, severity="warning", markup=False)

    def _after_first_paint(self) -> None:
        """Work that must not delay the first paint: large content, indexing, bookmark markers."""
        if self._deferred_roots:
            self.notify("Loading the large library…", timeout=3)
            self.run_worker(self._load_deferred, thread=True, exclusive=True, group="content")
        else:
            self._start_indexing()
        self.run_worker(self._load_bookmarks, thread=True, exclusive=True, group="bookmarks")

    def _start_indexing(self) -> None:
        from briefing.tui.indexing import start_indexing

        start_indexing(self)

    def _load_deferred(self) -> None:
        library = load_roots(self._deferred_roots, cached=True)
        self.call_from_thread(self._deferred_loaded, library)

    def _deferred_loaded(self, library: Library) -> None:
        self._deferred_roots = []
        added = self.library.merge(library)
        nav = self.query_one(NavTree)
        nav.populate(self.library)
        nav.mark_bookmarks(self.bookmark_keys, self.library)
        if self.current_key is not None:
            nav.reveal(self.current_key)
        else:
            first = self._first_unit_key()
            if first is not None:
                self.open_unit(first)
        units = sum(len(b.units) for b in added)
        self.notify(f"Loaded {len(added)} briefing(s), {units:,} units", timeout=3)
        self._report_errors(library)
        self._start_indexing()

    def _load_bookmarks(self) -> None:
        """Read the bookmarks file off the UI thread, then show the markers."""
        from briefing.bookmarks import BookmarkStore

        try:
            store = BookmarkStore.open()
        except Exception as exc:  # a marker is not worth a crash; `b` will report it again
            self.call_from_thread(
                self.notify, f"bookmarks unavailable: {inert(str(exc))}", severity="error", markup=False
            )
            return
        self.call_from_thread(self._bookmarks_loaded, store)

    def _bookmarks_loaded(self, store: Any) -> None:
        from briefing.tui.bookmark_flow import report

        if self.bookmark_store is None:
            self.bookmark_store = store
            report(self, store)
        self.mark_bookmarks(self.bookmark_store.keys())

    #: Actions about the reader's unit: only on the main screen, so other screens' footers
    #: show their own keys and a stray key cannot act on a unit the user does not see.
    MAIN_SCREEN_ACTIONS = frozenset(
        {
            "back",
            "forward",
            "next_match",
            "previous_match",
            "copy_unit",
            "bookmark",
            "export",
            "compare",
            "bookmarks",
        }
    )

    def run_from_palette(self, action: str) -> None:
        """The palette offers every action on every screen: one that belongs to the main
        screen first goes back there, rather than being refused without a word."""
        name = action.removeprefix("app.").split("(", 1)[0]
        if name in self.MAIN_SCREEN_ACTIONS:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        self.call_later(self.run_action, action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1)

    # ------------------------------------------------------------------ reading

    def open_unit(self, key: str, *, highlight: list[str] | None = None, _history: bool = True) -> None:
        """Show the unit in the reader, back on the main screen, highlighting literal strings."""
        found = self.library.get(key)
        if found is None:
            self.notify(f"No such unit: {inert(key)}", severity="warning", markup=False)
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        briefing, unit = found
        self.current_key = key
        self.query_one(Reader).show_unit(
            self.library, briefing, unit, highlight=highlight, bookmarked=key in self.bookmark_keys
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
        if key == "problems:":
            self.action_show_problems()
        elif key:
            self.open_unit(key)

    @on(Reader.LinkChosen)
    def _link_chosen(self, event: Reader.LinkChosen) -> None:
        self.open_unit(event.key)
        self.query_one(Reader).focus()

    def action_back(self) -> None:
        if self.history_index > 0:
            self.history_index -= 1
            self.open_unit(self.history[self.history_index], _history=False)

    def action_forward(self) -> None:
        if self.history_index < len(self.history) - 1:
            self.history_index += 1
            self.open_unit(self.history[self.history_index], _history=False)

    def action_next_match(self) -> None:
        if not self.query_one(Reader).step_match(+1):
            self.notify("No highlighted matches here; search with /", timeout=2)

    def action_previous_match(self) -> None:
        if not self.query_one(Reader).step_match(-1):
            self.notify("No highlighted matches here; search with /", timeout=2)

    def action_show_problems(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        problems = self.library.problems
        if not problems:
            self.notify("Every file loaded cleanly.", timeout=3)
            return
        self.current_key = None
        self.query_one(Reader).show_problems(problems)

    def action_copy_unit(self) -> None:
        reader = self.query_one(Reader)
        if reader.key is None:
            self.notify("Open a unit first", timeout=2)
            return
        self.copy_to_clipboard(reader.plain_text)
        self.notify("Copied the unit in view (OSC 52)", timeout=2)

    def action_help(self) -> None:
        from briefing.tui.help_screen import HelpScreen

        self.push_screen(HelpScreen(self.config.keymap))

    # ------------------------------------------------------------------ other screens

    def _unit_in_view(self) -> str | None:
        """The reader's unit, or the tree's highlighted unit when the tree has focus."""
        nav = self.query_one(NavTree)
        if self.focused is nav and nav.cursor_node is not None:
            data = nav.cursor_node.data
            if data and data != "problems:":
                return data
        return self.current_key

    # Each screen's module is imported on first use, keeping it out of the first paint.

    def action_search(self, initial_query: str = "") -> None:
        from briefing.tui.search_screen import SearchScreen

        self.push_screen(SearchScreen(initial_query=initial_query))

    def action_compare(self) -> None:
        from briefing.tui.compare_screen import CompareScreen

        self.push_screen(CompareScreen())

    def action_bookmark(self) -> None:
        from briefing.tui.bookmark_flow import start_bookmark

        key = self._unit_in_view()
        if key is None:
            self.notify("Open a unit to bookmark it", timeout=2)
            return
        start_bookmark(self, key)

    def action_bookmarks(self) -> None:
        from briefing.tui.bookmarks_screen import BookmarksScreen

        self.push_screen(BookmarksScreen())

    def action_export(self) -> None:
        from briefing.tui.export_flow import start_export

        start_export(self)

    def mark_bookmarks(self, keys: set[str]) -> None:
        """Refresh bookmark markers in the tree and the reader."""
        self.bookmark_keys = set(keys)
        self.query_one(NavTree).mark_bookmarks(self.bookmark_keys, self.library)
        self.query_one(Reader).set_bookmarked(self.current_key in self.bookmark_keys, self.library)
        for screen in self.screen_stack:
            changed = getattr(screen, "bookmarks_changed", None)
            if changed is not None:
                changed()
