"""A small editor for a bookmark's optional note: ``ctrl+s`` saves, ``escape`` cancels."""

from __future__ import annotations

from typing import ClassVar

from briefing.content.text import inert, one_line
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class NoteEditor(ModalScreen[str | None]):
    """Dismisses with the note's text on save (possibly empty), or None on cancel."""

    CSS_PATH = "styles/bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note.cancel", priority=True),
    ]

    def __init__(self, heading: str, note: str = "", *, title: str = "북마크 메모 · Bookmark note") -> None:
        super().__init__()
        self.heading = heading
        # A note from a hand-edited or synced file may hold escape codes: the editor shows
        # (and a save keeps) the note made inert, never the codes themselves.
        self.note = inert(note)
        self.cleaned = self.note != note
        self.title_text = title

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="note-dialog"):
            yield Static(Text(self.title_text, style="bold"), id="note-title")
            yield Static(Text(one_line(self.heading, 200), style="italic"), id="note-heading")
            if self.cleaned:
                yield Static(
                    Text("⚠ control characters in the stored note are not shown; saving drops them"),
                    id="note-cleaned",
                )
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Text("ctrl+s 저장 · save   escape 취소 · cancel   (the note is optional)", style="dim"),
                id="note-hint",
            )

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    def action_save(self) -> None:
        # Pasted text can carry escape codes too; the store keeps only what was shown.
        self.dismiss(inert(self.text).strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
