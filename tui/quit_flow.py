"""`q` with bookmark changes the store could not write: say so, and offer to retry, save them
elsewhere (a path), or quit anyway. Nothing unsaved is dropped without the analyst's word."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from briefing.bookmarks import BookmarkStore
from briefing.content.text import inert, one_line
from briefing.tui import bookmark_flow
from briefing.tui.offload import in_thread, one_line_error
from briefing.tui.state import AppState
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

CHOICES = {
    "retry": "다시 저장 · Retry saving (r)",
    "elsewhere": "다른 곳에 저장 · Save them elsewhere… (s)",
    "quit": "그냥 종료 · Quit anyway, losing them (!)",
    "cancel": "취소 · Cancel, keep working (escape)",
}


class UnsavedBookmarks(ModalScreen[str | None]):
    """The store holds changes it could not write: what to do before quitting."""

    CSS_PATH = "styles/bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('retry')", "Retry", id="unsaved.retry"),
        Binding("s", "choose('elsewhere')", "Save elsewhere", id="unsaved.elsewhere"),
        Binding("exclamation_mark", "choose('quit')", "Quit anyway", id="unsaved.quit"),
        Binding("escape", "choose('')", "Cancel", id="unsaved.cancel"),
    ]

    def __init__(self, path: Path, error: str | None) -> None:
        super().__init__()
        self.path = path
        self.error = error

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="unsaved-dialog"):
            yield Static(
                Text(
                    f"⚠ 저장하지 못한 북마크 · Bookmark changes not saved to {inert(str(self.path))}",
                    style="bold",
                )
            )
            if self.error:
                yield Static(Text(one_line(self.error, 300)), classes="unsaved-why")
            yield OptionList(
                *(Option(Text(words), id=key) for key, words in CHOICES.items()), id="unsaved-list"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose(event.option.id or "")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice if choice in ("retry", "elsewhere", "quit") else None)


class SaveElsewhere(ModalScreen[Path | None]):
    """Asks for a file to write the bookmarks to; enter saves, escape goes back."""

    CSS_PATH = "styles/bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="elsewhere.cancel")]

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="elsewhere-dialog"):
            yield Static(Text("북마크를 저장할 파일 · Save the bookmarks to a file", style="bold"))
            yield Input(str(self.default), id="elsewhere-path", select_on_focus=False)
            yield Static(Text("enter 저장 · save   escape 뒤로 · back", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value or value.endswith("/"):
            self.notify("Type a file name to save to", severity="warning", timeout=3)
            return
        try:
            self.dismiss(Path(value).expanduser())
        except RuntimeError as exc:  # "~nobody": no such home
            self.notify(inert(str(exc)), severity="error", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)


def write_copy(state: AppState, target: Path) -> int:
    """In a thread: write every bookmark held in memory to ``target``, a new file in the
    bookmarks file's own format (it can replace bookmarks.json later). Raises OSError."""
    from briefing.bookmarks.codec import serialise
    from briefing.content.atomic import write_atomically

    with state.store_lock:
        store = state.bookmarks
        items = {b.id: b for b in store.all()} if store is not None else {}
        tombstones = store.tombstones() if store is not None else {}
    write_atomically(target, serialise(items, tombstones), overwrite=False)
    return len(items)


def _default_rescue(store: BookmarkStore | None) -> Path:
    from briefing.content import paths

    name = store.path.name if store is not None else "bookmarks.json"
    return paths.documents_dir() / f"unsaved-{name}"


async def settle_unsaved(app: App[Any], state: AppState) -> bool:
    """True when the app may quit: nothing unsaved, saved now, saved elsewhere, or the
    analyst chose to quit anyway."""
    while state.unsaved_bookmarks:
        store = state.bookmarks
        path = store.path if store is not None else Path("bookmarks.json")
        choice = await app.push_screen_wait(UnsavedBookmarks(path, state.last_store_error))
        if choice is None:
            return False
        if choice == "quit":
            return True
        if choice == "retry":
            await bookmark_flow.use_store(app, state, lambda s: None)
            continue
        try:  # finding the documents folder reads the user's folder settings: in a thread
            rescue = await in_thread(app, partial(_default_rescue, store), name="finding a folder")
        except (OSError, ValueError):
            rescue = Path(f"unsaved-{path.name}")
        target = await app.push_screen_wait(SaveElsewhere(rescue))
        if target is None:
            continue
        try:
            count = await in_thread(app, partial(write_copy, state, target), name="saving elsewhere")
        except FileExistsError:
            app.notify(
                f"{inert(str(target))} already exists: pick another name", severity="error", markup=False
            )
            continue
        except OSError as exc:
            app.notify(
                one_line_error(f"cannot write {inert(str(target))}", exc), severity="error", markup=False
            )
            continue
        app.notify(f"Saved {count} bookmark(s) to {inert(str(target))}", markup=False, timeout=6)
        return True
    return True
