"""What the app knows, in one typed object: the library, the search index, the bookmarks.

Screens are handed this object when they are made; they read it, and subscribe to its
signals to hear what changed:

- ``index_ready``: the search index can be searched, or could not be built (``index_error``);
- ``bookmarks_changed``: the set of bookmarked unit keys changed;
- ``library_reloaded``: briefings were added (a large library read after the first paint);
- ``index_progress``: how far a build has got (None once it is over).

The bookmark store is touched only in thread workers, one at a time (``store_lock``): the UI
thread reads ``bookmark_keys`` and the store's records, never waits on its lock or its file.
Nothing here imports whoosh or the bookmarks package at module level (startup cost).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from briefing.content import Library
from briefing.tui import collection
from briefing.tui.config import Config
from briefing.tui.session import Session
from textual.signal import Signal

if TYPE_CHECKING:
    from briefing.bookmarks import BookmarkStore
    from briefing.index import SearchIndex
    from briefing.tui.compare_state import CompareView
    from textual.app import App
    from textual.dom import DOMNode

T = TypeVar("T")


@dataclass(slots=True)
class StoreOutcome(Generic[T]):
    """What one store operation in a thread worker came to, handed back to the UI thread."""

    value: T | None = None
    #: One line when the change could not be written (it is kept in memory) or made at all.
    error: str | None = None
    #: One-line messages from the store (files set aside, backups used).
    messages: list[str] = field(default_factory=list)
    keys: frozenset[str] = frozenset()


class AppState:
    """The library, the search index and the bookmark store, with signals saying what changed."""

    def __init__(self, owner: App[object], library: Library) -> None:
        self.library = library
        self.search_index: SearchIndex | None = None
        #: One line when the index could not be opened or built; search says it.
        self.index_error: str | None = None
        self.bookmarks: BookmarkStore | None = None
        self.bookmark_keys: frozenset[str] = frozenset()
        #: Why the last save failed, while the store still holds what it could not write.
        self.last_store_error: str | None = None
        #: Serialises every read-merge-write of the bookmark store (held in threads only).
        self.store_lock = threading.Lock()
        self.index_ready: Signal[AppState] = Signal(owner, "index_ready")
        self.bookmarks_changed: Signal[frozenset[str]] = Signal(owner, "bookmarks_changed")
        self.library_reloaded: Signal[Library] = Signal(owner, "library_reloaded")
        #: (documents indexed, of how many) while building; None when done or failed.
        self.index_progress: Signal[tuple[int, int] | None] = Signal(owner, "index_progress")
        #: The compare screen's last view (pair, swap, filter, row), kept for this session:
        #: compare reopens where the user left it.
        self.compare_view: CompareView | None = None
        #: What the user left the app at (unit, scroll, queries, export folder, sort), kept
        #: between runs; the app reads it at start and saves it on quit and whenever
        #: ``session_changed`` publishes it (a screen that changed it publishes).
        self.session = Session()
        self.session_changed: Signal[Session] = Signal(owner, "session_changed")
        #: The user's settings (config.toml: theme, preview on move, keymap), read at start.
        self.config = Config()

    def forget(self, node: DOMNode) -> None:
        """Drop every subscription ``node`` made to the state's signals: a screen calls this as
        it closes. Textual's Signal lets a closed subscriber go only when the signal next
        publishes, and the callback it keeps holds the screen: until then every screen closed
        stays in memory with its results (``index_ready`` may never publish again)."""
        for signal in (
            self.index_ready,
            self.bookmarks_changed,
            self.library_reloaded,
            self.index_progress,
            self.session_changed,
        ):
            signal.unsubscribe(node)

    # ------------------------------------------------------------------ search index

    @property
    def index_settled(self) -> bool:
        """The index is ready, or will not be (``index_error`` says why)."""
        return self.search_index is not None or self.index_error is not None

    def set_index(self, search_index: SearchIndex | None, error: str | None = None) -> None:
        first = not self.index_settled
        self.search_index = search_index
        self.index_error = error
        if first:
            collection.settle()  # the index opened at start lives as long as the app
        self.index_ready.publish(self)

    # ------------------------------------------------------------------ library

    def add_library(self, library: Library) -> int:
        """Merge briefings read after the first paint; returns how many were added."""
        added = self.library.merge(library)
        self.library_reloaded.publish(self.library)
        return len(added)

    # ------------------------------------------------------------------ bookmarks

    @property
    def unsaved_bookmarks(self) -> bool:
        """The store holds changes it could not write."""
        return self.bookmarks is not None and self.bookmarks.dirty

    def use_store(self, change: Callable[[BookmarkStore], T], *, save: bool = True) -> StoreOutcome[T]:
        """In a thread worker: open the store if need be, apply ``change``, save if it changed
        anything. Never raises: a failure is the outcome's one-line ``error``."""
        from briefing.bookmarks import BookmarkStore, StoreError

        outcome: StoreOutcome[T] = StoreOutcome()
        with self.store_lock:
            try:
                if self.bookmarks is None:
                    self.bookmarks = BookmarkStore.open()
                store = self.bookmarks
                outcome.value = change(store)
                if save and store.dirty:
                    store.save()
            except StoreError as exc:
                outcome.error = str(exc)
            except (OSError, ValueError, OverflowError, KeyError) as exc:
                # A hand-edited file can hold what the store cannot work with (a time past
                # year 9999, say): one line, and the app carries on.
                outcome.error = f"bookmarks: {type(exc).__name__}: {exc}"
            if outcome.error is not None:
                self.last_store_error = outcome.error
            elif self.bookmarks is not None and not self.bookmarks.dirty:
                self.last_store_error = None
            if self.bookmarks is not None:
                outcome.messages = self.bookmarks.take_messages()
                outcome.keys = frozenset(self.bookmarks.keys())
        return outcome

    def set_bookmark_keys(self, keys: frozenset[str]) -> None:
        if keys != self.bookmark_keys:
            self.bookmark_keys = keys
            self.bookmarks_changed.publish(keys)
