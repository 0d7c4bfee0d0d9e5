"""Building or refreshing the search index in the background, after the first paint.

``start_indexing(app)`` runs :func:`index.open_or_build` in a thread worker (whoosh is
imported there, never before), shows a progress bar docked at the bottom of the main screen
while documents are indexed, and when done sets ``app.search_index`` and tells every open
:class:`~tui.search_screen.SearchScreen` with an :class:`IndexReady` message. The reader
stays usable throughout.
"""

from __future__ import annotations

from typing import Any

from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, ProgressBar
from textual.worker import get_current_worker

PROGRESS_ID = "index-progress"


class IndexReady(Message):
    """The search index can be searched: ``app.search_index`` is set."""

    def __init__(self, search_index: Any) -> None:
        super().__init__()
        self.search_index = search_index


class IndexFailed(Message):
    """The index could not be opened or built; ``error`` is one line for the user."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class IndexProgress(Horizontal):
    """A one-line bar: "Indexing…" and how far along."""

    DEFAULT_CSS = """
    IndexProgress {
        dock: bottom;
        height: 1;
        background: $panel;
    }
    IndexProgress Label {
        width: auto;
        padding: 0 1;
    }
    IndexProgress ProgressBar {
        width: 1fr;
    }
    """

    def compose(self):
        yield Label("검색 색인 중 · Indexing for search…")
        yield ProgressBar(show_eta=False, id="index-progress-bar")


def start_indexing(app: Any) -> None:
    """Open, refresh or build the index of ``app.library`` without blocking the UI."""
    app.run_worker(lambda: _work(app), thread=True, exclusive=True, group="index", name="index")


def _work(app: Any) -> None:
    from briefing import index
    from briefing.index.store import BuildCancelled

    worker = get_current_worker()
    state = {"shown": False, "last": -1}

    def progress(done: int, total: int) -> None:
        if worker.is_cancelled:
            raise BuildCancelled
        percent = done * 100 // total if total else 100
        if percent == state["last"]:
            return
        state["last"] = percent
        if not state["shown"]:
            state["shown"] = True
            app.call_from_thread(_show_bar, app)
        app.call_from_thread(_update_bar, app, done, total)

    try:
        # One process: forking a threaded, running app for a writer pool is not worth it.
        search_index = index.open_or_build(app.library, progress=progress, procs=1)
    except BuildCancelled:
        return
    except Exception as exc:  # the app keeps working without search
        message = f"Search is unavailable: {' '.join(str(exc).split()) or type(exc).__name__}"
        if not worker.is_cancelled:
            app.call_from_thread(_failed, app, message)
        return
    finally:
        if state["shown"] and not worker.is_cancelled:
            app.call_from_thread(_hide_bar, app)
    if worker.is_cancelled:
        search_index.close()
        return
    app.call_from_thread(_ready, app, search_index)


def _main_screen(app: Any) -> Any:
    return app.screen_stack[0] if app.screen_stack else app.screen


def _show_bar(app: Any) -> None:
    screen = _main_screen(app)
    if not screen.query(f"#{PROGRESS_ID}"):
        screen.mount(IndexProgress(id=PROGRESS_ID))


def _update_bar(app: Any, done: int, total: int) -> None:
    for bar in _main_screen(app).query("#index-progress-bar"):
        bar.update(total=max(total, 1), progress=done)


def _hide_bar(app: Any) -> None:
    for widget in _main_screen(app).query(f"#{PROGRESS_ID}"):
        widget.remove()


def _screens(app: Any) -> list[Any]:
    from briefing.tui.search_screen import SearchScreen

    return [s for s in app.screen_stack if isinstance(s, SearchScreen)]


def _ready(app: Any, search_index: Any) -> None:
    app.search_index = search_index
    for screen in _screens(app):
        screen.post_message(IndexReady(search_index))


def _failed(app: Any, message: str) -> None:
    app.search_index_error = message
    app.notify(message, severity="error", markup=False, timeout=10)
    for screen in _screens(app):
        screen.post_message(IndexFailed(message))
