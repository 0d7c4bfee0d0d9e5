"""The briefing app: global keys (palette, help, theme, quit), the state, and the main screen.

Startup is a feature: this module imports textual, rich and the headless content package,
nothing heavier. Search (whoosh), comparison, bookmarks and export load when first used,
and indexing starts after the first paint.

The app holds one :class:`~briefing.tui.state.AppState` and hands it to every screen; the
main screen owns the tree, the reader and their keys. No worker can end the app: each runs
with ``exit_on_error=False`` and a failed one becomes one line here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

from briefing.content import Library, paths
from briefing.content.discovery import content_bytes
from briefing.content.library import default_paths, load_roots
from briefing.content.text import inert
from briefing.tui import collection
from briefing.tui.config import Config, load_config, save_theme
from briefing.tui.main_screen import MainScreen
from briefing.tui.offload import DISK_GROUP, in_thread, one_line_error
from briefing.tui.opening import UnitPicker
from briefing.tui.palette import BriefingCommands, screen_commands
from briefing.tui.session import Session, load_session, save_session
from briefing.tui.state import AppState
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from briefing.bookmarks import BookmarkStore
    from briefing.index import SearchIndex
    from briefing.tui.live_content import ContentWatcher

#: Content folders larger than this load after the first paint.
LARGE_CONTENT_BYTES = 2 * 1024 * 1024

#: The theme an analyst gets until they pick one.
DEFAULT_THEME = "textual-dark"


@dataclass(slots=True)
class Startup:
    """What the startup worker read for the first screen."""

    config: Config
    session: Session
    library: Library
    #: Roots too large to read before the first paint.
    deferred: list[Path]


class BriefingApp(App[int]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {BriefingCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+t", "change_theme", "Theme", id="app.theme", show=False),
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
        # Nothing is read from disk here: the settings, the session and the content are read
        # by a thread worker while the app loads (``on_load``), before the first paint.
        #: Settings given by the caller (a test, a script), read instead of config.toml.
        self._given_config = config
        super().__init__()
        self._content_paths = [Path(p) for p in content_paths]
        self._bundled = bundled
        self._user = user
        #: Content folders too large to read before the first paint (read by a worker after it).
        self._deferred_roots: list[Path] = []
        # Where new briefing folders are picked up: the user's content folder (even if it does
        # not exist yet) and folders named on the command line; never the bundled data.
        self._watched_roots = list(self._content_paths)
        if user:
            self._watched_roots.append(paths.user_content_dir())
        #: When the user last pressed a key or used the mouse (garbage is collected at pauses).
        self._input_at = self._pause_checked = monotonic()
        #: Looks for pauses in the input to collect garbage in (`briefing`'s own process only).
        self._pause_timer: Timer | None = None
        #: Follows the content files (edits, new folders) once the library is all read.
        self.watcher: ContentWatcher | None = None
        self.state = AppState(self, Library())
        if config is not None:
            self.state.config = config
        self.main = MainScreen(self.state)

    async def on_load(self) -> None:
        """Read what the first screen shows (settings, session, content) in a thread worker.

        Textual sends Load before the terminal enters application mode and before the main
        screen is composed: the UI thread awaits the worker here, so the app opens on the
        user's theme, keys and last unit, with no disk read on the event loop.
        """
        try:
            startup = await in_thread(self, self._read_startup, name="reading the content and settings")
        except Exception as exc:  # a fault in our own reading: the app opens empty, and says why
            startup = Startup(self.config, Session(), Library(), [])
            startup.config.problems.append(one_line_error("Could not read the content", exc))
        self.state.config = startup.config
        self.state.library = startup.library
        self.state.session = startup.session
        self._deferred_roots = startup.deferred
        if self.config.keymap:
            # The main screen's overrides apply now, checked against the main screen's own
            # bindings (no other screen can open before the first paint); the whole keymap is
            # checked against every screen right after the paint (``_apply_keymap``).
            from briefing.tui.keymap import check_keymap, main_screen_chains

            _app, chains = main_screen_chains()
            known = {e.id for chain in chains for e in chain if e.id}
            first = {k: v for k, v in self.config.keymap.items() if k in known}
            self.set_keymap(check_keymap(first, chains, self.config.path or "config.toml")[0])

    def _read_startup(self) -> Startup:
        """In a thread: the settings, the session, and the content small enough for the first
        paint (a large library, hundreds of thousands of units, is read after it, so the app
        opens as fast with a big library as with the bundled briefing)."""
        config = self._given_config if self._given_config is not None else load_config()
        roots = default_paths(self._content_paths, bundled=self._bundled, user=self._user)
        now = [r for r in roots if content_bytes(r) <= LARGE_CONTENT_BYTES]
        library = load_roots(now, cached=True)
        return Startup(config, load_session(), library, [r for r in roots if r not in now])

    # ------------------------------------------------------------------ read-through views
    # For callers that hold the app (tests, the palette): the state and the main screen own these.

    @property
    def library(self) -> Library:
        return self.state.library

    @property
    def config(self) -> Config:
        return self.state.config

    @property
    def search_index(self) -> SearchIndex | None:
        return self.state.search_index

    @property
    def search_index_error(self) -> str | None:
        return self.state.index_error

    @property
    def bookmark_store(self) -> BookmarkStore | None:
        return self.state.bookmarks

    @property
    def bookmark_keys(self) -> frozenset[str]:
        return self.state.bookmark_keys

    @property
    def current_key(self) -> str | None:
        return self.main.current_key

    def open_unit(self, key: str, *, highlight: Sequence[str] = ()) -> None:
        """Read ``key``: from the main screen directly; from a screen it opened, through
        that screen's answer (it closes, and the main screen opens the unit)."""
        screen = self.screen
        if isinstance(screen, UnitPicker):
            screen.open_unit(key, highlight)
        elif isinstance(screen, MainScreen):
            screen.open_unit(key, highlight=list(highlight))
        else:
            self.notify("Close this dialog first (escape)", timeout=3)

    # ------------------------------------------------------------------ startup

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def on_mount(self) -> None:
        self.theme = self._initial_theme()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.state.session_changed.subscribe(self, lambda _session: self.save_session())
        for problem in self.config.problems:
            self.notify(inert(problem), severity="warning", markup=False)
        self._report_errors(self.state.library)
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

    def _initial_theme(self) -> str:
        theme = self.config.theme
        if theme and theme in self.available_themes:
            return theme
        if theme:
            self.notify(f'Unknown theme "{inert(theme)}" in settings; using {DEFAULT_THEME}', markup=False)
        return DEFAULT_THEME

    def _apply_keymap(self) -> None:
        """The user's keymap, checked before it applies: an unknown id, a bad key or a key
        already in use is refused with a line saying so, never a binding silently lost.
        Checking knows every screen's bindings, so it imports every screen: after the first paint."""
        from briefing.tui.keymap import app_chains, check_keymap

        _app, chains = app_chains()
        where = self.config.path or "config.toml"
        self.config.keymap, problems = check_keymap(self.config.keymap, chains, where)
        self.config.problems.extend(problems)
        self.set_keymap(self.config.keymap)
        for problem in problems:
            self.notify(inert(problem), severity="warning", markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._input_at = monotonic()
            if self._pause_timer is not None:
                self._pause_timer.resume()
        await super().on_event(event)

    def _collect_at_pause(self) -> None:
        now = monotonic()
        late = now - self._pause_checked > 2 * collection.PAUSE_CHECK
        self._pause_checked = now
        # A late check means the event loop was busy until now: input may be waiting
        # behind it, and this is no pause to spend on collecting.
        if not late and collection.collect_at_pause(now - self._input_at) and self._pause_timer:
            self._pause_timer.pause()  # until the next key or mouse event

    def _after_first_paint(self) -> None:
        """Work that must not delay the first paint: the keymap's check, large content,
        indexing, bookmark markers."""
        collection.settle()
        if collection.held():
            self._pause_timer = self.set_interval(
                collection.PAUSE_CHECK, self._collect_at_pause, name="collecting at pauses"
            )
        if self.config.keymap:
            self._apply_keymap()
        if self._deferred_roots:
            self.notify("Loading the large library…", timeout=3)
            self._load_deferred()
        else:
            self._start_indexing()
            self._watch_content()
        self._load_bookmarks()

    def _watch_content(self) -> None:
        from briefing.tui.live_content import ContentWatcher

        self.watcher = ContentWatcher(self, self.state, self._watched_roots)
        self.watcher.start()

    def _start_indexing(self) -> None:
        from briefing.tui.indexing import start_indexing

        start_indexing(self, self.state)

    @work(thread=True, exclusive=True, group="content", name="reading the large library", exit_on_error=False)
    def _load_deferred(self) -> None:
        library = load_roots(self._deferred_roots, cached=True)
        self.call_from_thread(self._deferred_loaded, library)

    def _deferred_loaded(self, library: Library) -> None:
        self._deferred_roots = []
        added = self.state.add_library(library)
        units = sum(len(b.units) for b in library)
        self.notify(f"Loaded {added} briefing(s), {units:,} units", timeout=3)
        self._report_errors(library)
        self._start_indexing()
        self._watch_content()
        collection.settle()

    @work(exclusive=True, group="bookmarks", name="reading bookmarks", exit_on_error=False)
    async def _load_bookmarks(self) -> None:
        """Read the bookmarks file off the UI thread, then show the markers."""
        from briefing.tui import bookmark_flow

        await bookmark_flow.load(self, self.state)

    # ------------------------------------------------------------------ themes

    def _remember_theme(self, theme: Theme) -> None:
        self._save_theme(theme.name)

    @work(group="settings", exclusive=True, name="saving the theme", exit_on_error=False)
    async def _save_theme(self, name: str) -> None:
        error = await in_thread(self, partial(save_theme, name), name="saving the theme")
        if error:
            self.notify(inert(error), severity="warning", markup=False)

    # ------------------------------------------------------------------ the session

    def _session_copy(self) -> Session:
        """The session as it is now, for a thread to write while the UI changes the original."""
        return replace(self.state.session, queries=list(self.state.session.queries))

    def save_session(self) -> None:
        """Save what the user left the app at, from a thread worker (a failure is one line)."""
        self.run_worker(
            partial(save_session, self._session_copy()),
            name="saving the session",
            group="session",
            thread=True,
            exit_on_error=False,
        )

    # ------------------------------------------------------------------ global keys

    def action_help(self) -> None:
        from briefing.tui.help_screen import HelpScreen

        self.push_screen(HelpScreen(self.screen, self.config.keymap))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette's actions: the open screen's keys and the app's, from their bindings."""
        yield from screen_commands(self, screen)
        if isinstance(screen, MainScreen):
            yield from screen.palette_extras()
            yield SystemCommand(
                "Import a document...",
                "Make a briefing of a text, Markdown or HTML file, its text verbatim",
                self.action_import_document,
            )

    def action_import_document(self) -> None:
        self._import_document()

    @work(group="import", exclusive=True, name="importing a document", exit_on_error=False)
    async def _import_document(self) -> None:
        from briefing.tui.live_content import import_flow

        briefing_id = await import_flow(self, self.watcher, self.state)
        briefing = self.state.library.briefing(briefing_id) if briefing_id else None
        if briefing is not None and briefing.sections and isinstance(self.screen, MainScreen):
            self.screen.open_unit(briefing.key(briefing.sections[0].id))

    async def action_quit(self) -> None:
        self._quit()

    @work(group="quit", exclusive=True, name="quitting", exit_on_error=False)
    async def _quit(self) -> None:
        """Quit, unless bookmark changes could not be written: then say so, and offer to
        retry, save them elsewhere, or quit anyway."""
        from briefing.tui.quit_flow import settle_unsaved

        saving = [w for w in self.workers if w.group == DISK_GROUP and not w.is_finished]
        if saving:
            await self.workers.wait_for_complete(saving)
        if await settle_unsaved(self, self.state):
            self.main.remember_place()
            with contextlib.suppress(OSError):  # where the user was is a convenience, not data
                await in_thread(self, partial(save_session, self._session_copy()), name="saving the session")
            self.exit()

    # ------------------------------------------------------------------ no worker ends the app

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        # Disk workers are reported by the flow awaiting them, in its own words.
        if event.state is WorkerState.ERROR and worker.group != DISK_GROUP and worker.error is not None:
            what = worker.name or "a background task"
            self.notify(
                one_line_error(f"{what} failed", worker.error), severity="error", markup=False, timeout=10
            )
