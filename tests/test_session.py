"""State a user set, kept (issue 13 item 7): the last query and a query history in search, the
export folder used last, the unit and scroll the app was left at, and the scroll `[` returns to."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from briefing.content import paths
from briefing.tui.app import BriefingApp
from briefing.tui.export_flow import ExportDialog
from briefing.tui.reader import Reader
from textual.widgets import Input

from tests.conftest import MINI_BRIEFING, write
from tests.screen import (
    record_notices,
    screen_text,
    search_for,
    type_text,
    wait_for_disk,
    wait_for_index,
    wait_for_results,
)

LONG = "apec-ai-2025:sec-2"
OTHER = "apec-ai-2025:sec-1"


async def scrolled_to(reader: Reader, pilot, y: float) -> float:
    """The reader's scroll once it has settled at ``y`` (or where it stayed instead)."""
    for _ in range(20):
        if reader.scroll_y == y:
            break
        await pilot.pause()
    return reader.scroll_y


def search_box(app: BriefingApp) -> Input:
    return app.screen.query_one("#search-input", Input)


async def test_slash_reopens_with_the_last_query_and_up_walks_older_ones() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_index(app, pilot)
        await search_for(app, pilot, "반도체")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert search_box(app).value == "반도체"
        assert "반도체" in screen_text(app)
        # Typing replaces the recalled query (it starts selected).
        await type_text(pilot, "MOU")
        await wait_for_results(app.screen, pilot, "MOU")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert search_box(app).value == "MOU"
        # ↑ on the first result: the query before it.
        await pilot.press("up")
        await pilot.pause()
        assert search_box(app).value == "반도체"
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert search_box(app).value == "MOU"
        await pilot.press("escape")
        await wait_for_disk(app, pilot)
        await pilot.press("q")
        await wait_for_disk(app, pilot)

    # The history outlives the session.
    again = BriefingApp(user=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert search_box(again).value == "MOU"
        await pilot.press("up")
        await pilot.pause()
        assert search_box(again).value == "반도체"


async def test_the_app_reopens_at_the_unit_and_scroll_it_was_left_at() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_unit(LONG)
        reader = app.query_one(Reader)
        reader.focus()
        await pilot.pause()
        await pilot.press("ctrl+d", "ctrl+d")
        await pilot.pause()
        left = reader.scroll_y
        assert left > 0
        seen = screen_text(app)
        await pilot.press("q")
        await wait_for_disk(app, pilot)
    assert json.loads(paths.session_file().read_text(encoding="utf-8"))["unit"] == LONG

    again = BriefingApp(user=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert again.current_key == LONG
        assert await scrolled_to(again.query_one(Reader), pilot, left) == left
        reader_lines = [line[40:] for line in screen_text(again).splitlines()[2:10]]
        assert all(line in seen for line in reader_lines)


async def test_a_broken_session_file_is_ignored_quietly() -> None:
    for junk in ("{not json", "[1, 2]", '{"unit": 5, "scroll": "far", "queries": [null, "\\u001b[31m"]}'):
        write(paths.session_file(), junk)
        app = BriefingApp(user=False)
        said = record_notices(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.current_key == app.main.first_unit_key()
            assert not said
            await pilot.press("slash")
            await pilot.pause()
            assert search_box(app).value == ""


async def test_back_returns_to_the_scroll_the_unit_was_left_at() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_unit(LONG)
        reader = app.query_one(Reader)
        reader.focus()
        await pilot.pause()
        await pilot.press("ctrl+d", "ctrl+d")
        await pilot.pause()
        left = reader.scroll_y
        assert left > 0
        app.open_unit(OTHER)
        assert await scrolled_to(reader, pilot, 0) == 0
        await pilot.press("left_square_bracket")
        assert await scrolled_to(reader, pilot, left) == left
        assert app.current_key == LONG
        await pilot.press("right_square_bracket")
        assert await scrolled_to(reader, pilot, 0) == 0
        assert app.current_key == OTHER


async def test_the_export_prompt_starts_in_the_folder_used_last(tmp_path: Path) -> None:
    content = write(tmp_path / "mini" / "mini.toml", MINI_BRIEFING)
    folder = tmp_path / "memos"
    folder.mkdir()
    app = BriefingApp([content], bundled=False, user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_unit("mini:s1")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        field = app.screen.query_one(Input)
        field.value = str(folder / "week.md")
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        assert (folder / "week.md").exists()
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        expected = folder / f"briefing-notes-{date.today().isoformat()}.md"
        assert app.screen.query_one(Input).value == str(expected)
        await pilot.press("escape")
        await wait_for_disk(app, pilot)

    again = BriefingApp([content], bundled=False, user=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for_disk(again, pilot)
        await pilot.press("e")
        await wait_for_disk(again, pilot)
        assert again.screen.query_one(Input).value == str(expected)
