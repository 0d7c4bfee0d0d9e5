"""The bookmarks pane keeps its sort order (this session and the next) and shows a note's lines
as lines (issue 13 item 17)."""

from __future__ import annotations

from pathlib import Path

from briefing.tui.app import BriefingApp
from briefing.tui.bookmarks_screen import BookmarksScreen

from tests.conftest import MINI_BRIEFING, write
from tests.screen import screen_lines, screen_text, wait_for_disk


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press({" ": "space", "\n": "enter"}.get(char, char))


async def bookmark(app: BriefingApp, pilot, key: str, note: str) -> None:
    app.open_unit(key)
    await wait_for_disk(app, pilot)
    await pilot.press("b")
    await wait_for_disk(app, pilot)
    await type_text(pilot, note)
    await pilot.press("ctrl+s")
    await wait_for_disk(app, pilot)


async def test_the_sort_order_is_remembered_in_and_across_sessions(tmp_path: Path) -> None:
    content = write(tmp_path / "mini" / "mini.toml", MINI_BRIEFING)
    app = BriefingApp([content], bundled=False, user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await bookmark(app, pilot, "mini:s1", "one")
        await pilot.press("B")
        await wait_for_disk(app, pilot)
        assert "newest first" in screen_text(app)
        await pilot.press("o")
        await wait_for_disk(app, pilot)
        assert "briefing order" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("B")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert "briefing order" in screen_text(app)

    again = BriefingApp([content], bundled=False, user=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for_disk(again, pilot)
        await pilot.press("B")
        await wait_for_disk(again, pilot)
        assert "briefing order" in screen_text(again)


async def test_a_multi_line_note_shows_as_lines(tmp_path: Path) -> None:
    content = write(tmp_path / "mini" / "mini.toml", MINI_BRIEFING)
    app = BriefingApp([content], bundled=False, user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await bookmark(app, pilot, "mini:s1", "first point\nsecond point\nthird point\nfourth point")
        await pilot.press("B")
        await wait_for_disk(app, pilot)
        lines = screen_lines(app)
        rows = {
            name: [i for i, line in enumerate(lines) if name in line]
            for name in ("first point", "second point")
        }
        # Each note line on its own row, in the list and in the detail pane, never run together.
        assert len(rows["first point"]) == 2 and len(rows["second point"]) == 2
        assert all(s == f + 1 for f, s in zip(rows["first point"], rows["second point"], strict=True))
        assert not any("first point second point" in line for line in lines)
        assert any("fourth point" in line for line in lines)  # in the detail pane
        assert "…" in lines[rows["second point"][0] + 1]  # the list shows three lines and says more
