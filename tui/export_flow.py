"""`e`: export the bookmarks to a Markdown file, asking where (and before overwriting)."""

from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from briefing.bookmarks.export import (
    ExportError,
    ExportExists,
    default_export_path,
    export_path,
    render_markdown,
    write_export,
)
from briefing.content import paths
from briefing.content.text import inert
from briefing.tui import bookmark_flow
from briefing.tui.offload import in_thread, one_line_error
from briefing.tui.state import AppState
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class ExportDialog(ModalScreen[Path | None]):
    """Asks for the file to write; enter exports, escape cancels."""

    CSS_PATH = "styles/bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, default: Path, count: int) -> None:
        super().__init__()
        self.default = default
        self.count = count

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="export-dialog"):
            yield Static(Text(f"내보내기 · Export {self.count} bookmark(s) to Markdown", style="bold"))
            yield Input(str(self.default), id="export-path", select_on_focus=False)
            yield Static(Text("enter 내보내기 · export   escape 취소 · cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            self.notify("Type a file name to export to", severity="warning", timeout=3)
            return
        try:
            target = export_path(value)
        except (ExportError, RuntimeError) as exc:  # RuntimeError: "~nobody" has no home
            self.notify(inert(str(exc)), severity="error", markup=False, timeout=6)
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmOverwrite(ModalScreen[bool]):
    """The target exists: overwrite it (y) or not (n, escape)."""

    CSS_PATH = "styles/bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Overwrite", id="overwrite.yes"),
        Binding("n,escape", "answer(False)", "Keep it", id="overwrite.no"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="overwrite-dialog"):
            exists = f"{inert(str(self.path))} 파일이 이미 있습니다 · already exists."
            yield Static(Text(exists, style="bold"))
            yield Static(Text("덮어쓸까요? · Overwrite it?"))
            with HorizontalGroup(id="overwrite-buttons"):
                yield Button("덮어쓰기 · Overwrite (y)", id="overwrite-yes", variant="warning")
                yield Button("취소 · Keep it (n)", id="overwrite-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#overwrite-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "overwrite-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def _default_target(last: str | None) -> Path:
    """In a thread: the dated file in the folder used last time if it is still there, else in
    the documents folder (finding which reads the user's folder settings)."""
    default = default_export_path()
    if last and Path(last).is_dir():
        return Path(last) / default.name
    return default


def _write_memo(state: AppState, path: Path, *, force: bool) -> tuple[Path, int]:
    """In a thread: render the memo from the store's bookmarks and write it."""
    with state.store_lock:
        bookmarks = state.bookmarks.all() if state.bookmarks is not None else []
    if path.parent == paths.documents_dir() and not path.parent.exists():
        with contextlib.suppress(OSError):  # write_export names the problem
            path.parent.mkdir(parents=True, exist_ok=True)
    text = render_markdown(bookmarks, state.library)
    return write_export(text, path, force=force), len(bookmarks)


async def export(app: App[Any], state: AppState) -> None:
    """Ask for a path (default: a dated file in the documents folder) and write the memo,
    asking before overwriting; the writing runs in a thread worker."""
    store = await bookmark_flow.load(app, state)
    count = len(store) if store is not None else 0
    if not count:
        app.notify("No bookmarks to export yet: press b on a unit to bookmark it", severity="warning")
        return
    try:
        default = await in_thread(
            app, partial(_default_target, state.session.export_dir), name="finding the export folder"
        )
    except (OSError, ValueError):  # no documents folder to be found: the user types a path
        default = Path("briefing-notes.md")
    path = await app.push_screen_wait(ExportDialog(default, count))
    if path is None:
        return
    force = False
    while True:
        try:
            written, exported = await in_thread(
                app, partial(_write_memo, state, path, force=force), name="export"
            )
        except ExportExists:
            if force or not await app.push_screen_wait(ConfirmOverwrite(path)):
                return
            force = True
            continue
        except ExportError as exc:
            app.notify(inert(str(exc)), severity="error", markup=False, timeout=10)
            return
        except (OSError, ValueError) as exc:  # a name too long for the file system, say
            message = one_line_error(f"cannot write {inert(str(path))}", exc)
            app.notify(message, severity="error", markup=False, timeout=10)
            return
        app.notify(f"Exported {exported} bookmark(s) to {inert(str(written))}", markup=False, timeout=6)
        state.session.export_dir = str(Path(written).parent)
        state.session_changed.publish(state.session)
        return
