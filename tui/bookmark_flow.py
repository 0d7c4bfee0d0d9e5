"""`b`: bookmark the unit in view with a note, or edit or remove an existing bookmark.

The store (``content.bookmarks.BookmarkStore``) is created on first use and cached on the
app as ``app.bookmark_store``. Nothing here raises into the UI: store problems become
one-line notifications, and bookmarks that could not be saved stay in memory (the next
save tries again).
"""

from __future__ import annotations

from typing import Any, ClassVar

from briefing.bookmarks import Bookmark, BookmarkStore, StoreError, make_bookmark
from briefing.bookmarks.records import CompareSpec
from briefing.content.text import inert, one_line
from briefing.tui.note_editor import NoteEditor
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

Compare = CompareSpec


def bookmark_store(app: Any) -> BookmarkStore:
    """The app's bookmark store, loaded on first use (messages about the file are notified)."""
    store = getattr(app, "bookmark_store", None)
    if store is None:
        store = BookmarkStore.open()
        app.bookmark_store = store
        report(app, store)
    return store


def report(app: Any, store: BookmarkStore) -> None:
    """Notify the store's pending one-line messages (files set aside, backups used)."""
    for message in store.take_messages():
        app.notify(inert(message), severity="warning", markup=False, timeout=12)


def refresh(app: Any) -> BookmarkStore:
    """The store, with anything another instance saved meanwhile merged in."""
    store = bookmark_store(app)
    store.refresh()
    report(app, store)
    return store


def save(app: Any) -> bool:
    """Save the store and refresh markers; a failure is one error notification."""
    store = bookmark_store(app)
    ok = True
    try:
        store.save()
    except StoreError as exc:
        app.notify(inert(str(exc)), severity="error", markup=False, timeout=12)
        ok = False
    report(app, store)
    mark = getattr(app, "mark_bookmarks", None)
    if mark is not None:
        mark(store.keys())
    return ok


def _short(text: str) -> str:
    return one_line(text, 60)


def start_bookmark(app: Any, key: str, compare: Compare | None = None) -> None:
    """Bookmark ``key`` (or a compare row) with a note; on a bookmarked one, offer edit/remove."""
    store = refresh(app)
    existing = store.find(key, compare)
    if existing is not None:
        choose_action(app, existing.id)
        return
    try:
        draft = make_bookmark(app.library, key, compare=compare)
    except KeyError:
        app.notify(f"No such unit to bookmark: {inert(key)}", severity="warning", markup=False)
        return

    def saved(note: str | None) -> None:
        if note is None:
            return
        try:
            bookmark = store.add(app.library, key, note, compare)
        except KeyError:
            app.notify(f"No such unit to bookmark: {inert(key)}", severity="warning", markup=False)
            return
        if save(app):
            app.notify(f"★ Bookmarked: {_short(bookmark.heading)}", markup=False, timeout=3)

    app.push_screen(NoteEditor(draft.heading), saved)


def edit_note(app: Any, ident: str, done: Any = None) -> None:
    """Open the note editor on an existing bookmark; save on ctrl+s."""
    store = bookmark_store(app)
    bookmark = store.get(ident)
    if bookmark is None:
        app.notify("That bookmark is gone (removed elsewhere?)", severity="warning")
        return

    def saved(note: str | None) -> None:
        if note is not None and store.get(ident) is not None:
            store.set_note(ident, note)
            if save(app):
                app.notify(f"Note saved: {_short(bookmark.heading)}", markup=False, timeout=3)
        if done is not None:
            done()

    app.push_screen(NoteEditor(bookmark.heading, bookmark.note, title="메모 고치기 · Edit note"), saved)


def remove(app: Any, ident: str) -> Bookmark | None:
    store = bookmark_store(app)
    if store.get(ident) is None:
        return None
    removed = store.remove(ident)
    save(app)
    app.notify(
        f"Removed bookmark: {_short(removed.heading)} (u in the bookmarks list (B) undoes)",
        markup=False,
        timeout=4,
    )
    return removed


def accept_current_text(app: Any, ident: str) -> Bookmark | None:
    """Take a changed unit's current text into its bookmark (the note is kept)."""
    from briefing.bookmarks import status_of

    store = bookmark_store(app)
    bookmark = store.get(ident)
    if bookmark is None:
        return None
    status = status_of(bookmark, app.library)
    if status != "changed":
        app.notify(
            "Only a changed bookmark takes new text"
            if status == "ok"
            else "Its unit is gone: nothing to take",
            timeout=3,
        )
        return None
    updated = store.refresh_copy(ident, app.library)
    save(app)
    app.notify(f"Bookmark now holds the current text: {_short(updated.heading)}", markup=False, timeout=3)
    return updated


def undo_remove(app: Any) -> Bookmark | None:
    store = bookmark_store(app)
    restored = store.undo_remove()
    if restored is None:
        app.notify("Nothing to undo", timeout=2)
        return None
    save(app)
    app.notify(f"Restored bookmark: {_short(restored.heading)}", markup=False, timeout=3)
    return restored


def choose_action(app: Any, ident: str, done: Any = None) -> None:
    """Offer "Edit note" / "Remove" / "Cancel" for a bookmark; ``done`` runs afterwards."""
    bookmark = bookmark_store(app).get(ident)
    if bookmark is None:
        return

    def chosen(choice: str | None) -> None:
        if choice == "edit":
            edit_note(app, ident, done=done)
            return
        if choice == "remove":
            remove(app, ident)
        if done is not None:
            done()

    app.push_screen(BookmarkActions(bookmark), chosen)


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
