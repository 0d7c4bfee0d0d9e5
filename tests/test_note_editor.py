"""Escape in the note editor never throws away a typed note without asking (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path

from briefing.tui.app import BriefingApp
from briefing.tui.note_editor import DiscardNote, NoteEditor
from textual.widgets import TextArea

from tests.conftest import MINI_BRIEFING, write
from tests.screen import screen_text, type_text, wait_for_disk


def make_app(tmp_path: Path) -> BriefingApp:
    return BriefingApp([write(tmp_path / "mini" / "mini.toml", MINI_BRIEFING)], bundled=False, user=False)


async def open_editor(app: BriefingApp, pilot) -> None:
    app.open_unit("mini:s1")
    await wait_for_disk(app, pilot)
    await pilot.press("b")
    await wait_for_disk(app, pilot)
    assert isinstance(app.screen, NoteEditor)


async def test_escape_after_typing_asks_and_keep_editing_keeps_the_text(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(app, pilot)
        await type_text(pilot, "a careful note")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardNote)
        assert "Discard the changes to this note?" in screen_text(app)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        area = app.screen.query_one(TextArea)
        assert area.text == "a careful note" and area.has_focus
        # Escape on the question means "keep editing" too; then the note saves as typed.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, "!")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
        assert app.state.bookmarks.get("mini:s1").note == "a careful note!"


async def test_escape_after_typing_then_discard_closes_without_bookmarking(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(app, pilot)
        await type_text(pilot, "draft")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await wait_for_disk(app, pilot)
        assert not isinstance(app.screen, NoteEditor | DiscardNote)
        assert app.bookmark_keys == set()


async def test_escape_on_an_unchanged_note_closes_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(app, pilot)
        await type_text(pilot, "x")
        await pilot.press("backspace", "escape")
        await wait_for_disk(app, pilot)
        assert not isinstance(app.screen, NoteEditor | DiscardNote)
        assert "Discard" not in screen_text(app)
