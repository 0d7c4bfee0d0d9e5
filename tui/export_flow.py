"""`e`: export the bookmarks to a Markdown file, asking where (and before overwriting)."""

from __future__ import annotations

import contextlib
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
from rich.text import Text
from textual.app import ComposeResult
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
        except ExportError as exc:
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


def _write(app: Any, path: Path, *, force: bool) -> None:
    store = bookmark_flow.bookmark_store(app)
    bookmarks = store.all()
    try:
        text = render_markdown(bookmarks, app.library)
        written = write_export(text, path, force=force)
    except ExportExists:
        app.push_screen(ConfirmOverwrite(path), lambda yes: _write(app, path, force=True) if yes else None)
        return
    except ExportError as exc:
        app.notify(inert(str(exc)), severity="error", markup=False, timeout=10)
        return
    app.notify(f"Exported {len(bookmarks)} bookmark(s) to {inert(str(written))}", markup=False, timeout=6)


def start_export(app: Any) -> None:
    """Ask for a path (default: a dated file in the documents folder) and write the memo."""
    store = bookmark_flow.refresh(app)
    count = len(store.all())
    if not count:
        app.notify("No bookmarks to export yet: press b on a unit to bookmark it", severity="warning")
        return
    default = default_export_path()

    def chosen(path: Path | None) -> None:
        if path is None:
            return
        if path.parent == paths.documents_dir() and not path.parent.exists():
            with contextlib.suppress(OSError):  # write_export names the problem
                path.parent.mkdir(parents=True, exist_ok=True)
        _write(app, path, force=False)

    app.push_screen(ExportDialog(default, count), chosen)
