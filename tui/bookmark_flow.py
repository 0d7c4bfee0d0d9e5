"""`b` and the bookmarks list's changes, as flows: coroutines run in workers.

Each flow asks what it needs with ``push_screen_wait`` (a note, a choice) and does every
store operation (open, re-read, change, save with its lock wait) in a thread worker through
:meth:`AppState.use_store`. Nothing here raises into the UI and nothing waits on the UI
thread: problems become one-line notifications, and bookmarks that could not be saved stay
in memory (the next save tries again; quitting offers to retry or save elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from briefing.bookmarks import Bookmark, BookmarkStore, status_of
from briefing.bookmarks.records import CompareSpec
from briefing.content.text import inert, one_line
from briefing.tui.note_editor import NoteEditor
from briefing.tui.offload import in_thread
from briefing.tui.state import AppState, StoreOutcome
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

T = TypeVar("T")
Compare = CompareSpec


def _short(text: str) -> str:
    return one_line(text, 60)


async def use_store(
    app: App[Any], state: AppState, change: Callable[[BookmarkStore], T], *, save: bool = True
) -> StoreOutcome[T]:
    """``change`` the store in a thread worker; report its messages and error on the UI
    thread and tell subscribers the new set of bookmarked keys."""
    outcome = await in_thread(app, lambda: state.use_store(change, save=save), name="bookmarks")
    for message in outcome.messages:
        app.notify(inert(message), severity="warning", markup=False, timeout=12)
    if outcome.error:
        app.notify(inert(outcome.error), severity="error", markup=False, timeout=12)
    state.set_bookmark_keys(outcome.keys)
    return outcome


async def load(app: App[Any], state: AppState) -> BookmarkStore | None:
    """The store, with anything another instance saved meanwhile merged in."""
    await use_store(app, state, lambda store: store.refresh(), save=False)
    return state.bookmarks


async def bookmark(app: App[Any], state: AppState, key: str, compare: Compare | None = None) -> None:
    """Bookmark ``key`` (or a compare row) with a note; on a bookmarked one, offer edit/remove."""
    from briefing.bookmarks import make_bookmark

    store = await load(app, state)
    if store is None:
        return
    existing = store.find(key, compare)
    if existing is not None:
        await choose_action(app, state, existing.id)
        return
    try:
        draft = make_bookmark(state.library, key, compare=compare)
    except KeyError:
        app.notify(f"No such unit to bookmark: {inert(key)}", severity="warning", markup=False)
        return
    note = await app.push_screen_wait(NoteEditor(draft.heading))
    if note is None:
        return
    outcome = await use_store(app, state, lambda s: s.add(state.library, key, note, compare))
    if outcome.value is not None and outcome.error is None:
        app.notify(f"★ Bookmarked: {_short(outcome.value.heading)}", markup=False, timeout=3)


async def edit_note(app: App[Any], state: AppState, ident: str) -> None:
    """Open the note editor on an existing bookmark; save on ctrl+s."""
    store = state.bookmarks
    current = store.get(ident) if store is not None else None
    if current is None:
        app.notify("That bookmark is gone (removed elsewhere?)", severity="warning")
        return
    note = await app.push_screen_wait(
        NoteEditor(current.heading, current.note, title="메모 고치기 · Edit note")
    )
    if note is None:
        return

    def change(s: BookmarkStore) -> Bookmark | None:
        return s.set_note(ident, note) if s.get(ident) is not None else None

    outcome = await use_store(app, state, change)
    if outcome.value is not None and outcome.error is None:
        app.notify(f"Note saved: {_short(outcome.value.heading)}", markup=False, timeout=3)


async def remove(app: App[Any], state: AppState, ident: str) -> Bookmark | None:
    def change(s: BookmarkStore) -> Bookmark | None:
        return s.remove(ident) if s.get(ident) is not None else None

    outcome = await use_store(app, state, change)
    removed = outcome.value
    if removed is not None:
        app.notify(
            f"Removed bookmark: {_short(removed.heading)} (u in the bookmarks list (B) undoes)",
            markup=False,
            timeout=4,
        )
    return removed


async def accept_current_text(app: App[Any], state: AppState, ident: str) -> Bookmark | None:
    """Take a changed unit's current text into its bookmark (the note is kept)."""
    store = state.bookmarks
    current = store.get(ident) if store is not None else None
    if current is None:
        return None
    status = status_of(current, state.library)
    if status != "changed":
        app.notify(
            "Only a changed bookmark takes new text"
            if status == "ok"
            else "Its unit is gone: nothing to take",
            timeout=3,
        )
        return None
    outcome = await use_store(app, state, lambda s: s.refresh_copy(ident, state.library))
    updated = outcome.value
    if updated is not None and outcome.error is None:
        app.notify(f"Bookmark now holds the current text: {_short(updated.heading)}", markup=False, timeout=3)
    return updated


async def undo_remove(app: App[Any], state: AppState) -> Bookmark | None:
    outcome = await use_store(app, state, lambda s: s.undo_remove())
    restored = outcome.value
    if restored is None and outcome.error is None:
        app.notify("Nothing to undo", timeout=2)
    elif restored is not None:
        app.notify(f"Restored bookmark: {_short(restored.heading)}", markup=False, timeout=3)
    return restored


async def choose_action(app: App[Any], state: AppState, ident: str) -> None:
    """Offer "Edit note" / "Remove" / "Cancel" for a bookmark."""
    store = state.bookmarks
    current = store.get(ident) if store is not None else None
    if current is None:
        return
    choice = await app.push_screen_wait(BookmarkActions(current))
    if choice == "edit":
        await edit_note(app, state, ident)
    elif choice == "remove":
        await remove(app, state, ident)


class BookmarkActions(ModalScreen[str | None]):
    """For a unit already bookmarked: edit the note, remove the bookmark, or cancel."""

    CSS_PATH = "styles/bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,r", "choose('edit')", "Edit note", id="bookmark_actions.edit"),
        Binding("x,delete", "choose('remove')", "Remove", id="bookmark_actions.remove"),
        Binding("escape,q", "choose('')", "Cancel", id="bookmark_actions.cancel"),
        Binding("down,j", "move(1)", "Next", show=False, id="bookmark_actions.down"),
        Binding("up,k", "move(-1)", "Previous", show=False, id="bookmark_actions.up"),
    ]

    def __init__(self, bookmark: Bookmark) -> None:
        super().__init__()
        self.bookmark = bookmark

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="actions-dialog"):
            yield Static(Text("★ 이미 북마크됨 · already bookmarked", style="bold"))
            yield Static(Text(one_line(self.bookmark.heading, 200), style="italic"))
            if self.bookmark.note:
                yield Static(Text("메모 · note: " + one_line(self.bookmark.note, 200), style="dim"))
            yield OptionList(
                Option(Text("메모 고치기 · Edit note (e)"), id="edit"),
                Option(Text("북마크 지우기 · Remove (x)"), id="remove"),
                Option(Text("취소 · Cancel (escape)"), id="cancel"),
                id="actions-list",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id
        self.dismiss(choice if choice in ("edit", "remove") else None)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
