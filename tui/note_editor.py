"""A small editor for a bookmark's optional note: ``ctrl+s`` saves, ``escape`` cancels (after
asking, when the text was changed: a typed note is never thrown away by one key)."""

from __future__ import annotations

from typing import ClassVar

from briefing.content.text import inert, one_line
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea


class DiscardNote(ModalScreen[bool]):
    """The note was changed: discard the changes (d) or keep editing (k, escape)."""

    CSS_PATH = "styles/bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d,y", "answer(True)", "Discard", id="discard.yes"),
        Binding("k,n,escape", "answer(False)", "Keep editing", id="discard.no"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="discard-dialog"):
            yield Static(Text("메모를 버릴까요? · Discard the changes to this note?", style="bold"))
            with HorizontalGroup(id="discard-buttons"):
                yield Button("버리기 · Discard (d)", id="discard-yes", variant="warning")
                yield Button("계속 쓰기 · Keep editing (k)", id="discard-no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#discard-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "discard-yes")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


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
        if self.text == self.note:
            self.dismiss(None)
        else:
            self._confirm_cancel()

    @work(exclusive=True, exit_on_error=False)
    async def _confirm_cancel(self) -> None:
        if await self.app.push_screen_wait(DiscardNote()):
            self.dismiss(None)
        else:
            self.query_one("#note-text", TextArea).focus()
