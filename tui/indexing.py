"""Building or refreshing the search index in the background, after the first paint.

``start_indexing(app, state)`` runs :func:`briefing.index.open_or_build` in a thread worker
(whoosh is imported there, never before). It publishes how far it has got on
``state.index_progress`` and, when done, hands the index (or one line saying why there is
none) to ``state.set_index``, which announces ``index_ready``. Who listens is not its
business: the main screen shows a bar, the search screen searches.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from briefing.tui.offload import one_line_error
from briefing.tui.state import AppState
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label, ProgressBar
from textual.worker import get_current_worker

PROGRESS_ID = "index-progress"


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

    def compose(self) -> ComposeResult:
        yield Label("검색 색인 중 · Indexing for search…")
        yield ProgressBar(show_eta=False, id="index-progress-bar")

    progress: reactive[tuple[int, int]] = reactive((0, 1), init=False)

    def watch_progress(self, progress: tuple[int, int]) -> None:
        for bar in self.query(ProgressBar):
            bar.update(total=max(progress[1], 1), progress=progress[0])

    def on_mount(self) -> None:
        self.watch_progress(self.progress)


def start_indexing(app: App[Any], state: AppState) -> None:
    """Open, refresh or build the index of ``state.library`` without blocking the UI."""
    app.run_worker(
        partial(_build, app, state),
        name="indexing",
        group="index",
        thread=True,
        exclusive=True,
        exit_on_error=False,
    )


def _build(app: App[Any], state: AppState) -> None:
    from briefing import index
    from briefing.index.store import BuildCancelled

    worker = get_current_worker()
    last = -1
    shown = False

    def progress(done: int, total: int) -> None:
        nonlocal last, shown
        if worker.is_cancelled:
            raise BuildCancelled
        percent = done * 100 // total if total else 100
        if percent != last:
            last, shown = percent, True
            app.call_from_thread(state.index_progress.publish, (done, total))

    try:
        # One process: forking a threaded, running app for a writer pool is not worth it.
        search_index = index.open_or_build(state.library, progress=progress, procs=1)
    except BuildCancelled:
        return
    except Exception as exc:  # the app keeps working without search
        if not worker.is_cancelled:
            app.call_from_thread(state.set_index, None, one_line_error("Search is unavailable", exc))
        return
    finally:
        if shown and not worker.is_cancelled:
            app.call_from_thread(state.index_progress.publish, None)
    if worker.is_cancelled:
        search_index.close()
        return
    app.call_from_thread(state.set_index, search_index)
