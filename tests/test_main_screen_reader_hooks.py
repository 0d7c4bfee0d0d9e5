"""The reader's hooks on the main screen: the briefing's own node opens its page, and y, Y and o
work from the tree on what the reader shows."""

from __future__ import annotations

import pytest
from briefing.content.citation import (
    briefing_citation_line,
    citation_line,
    official_url,
    unit_plain_text,
)
from briefing.tui.app import BriefingApp
from briefing.tui.main_screen import MainScreen
from briefing.tui.nav import NavTree
from briefing.tui.reader import Reader

from tests.screen import record_notices, screen_text, wait_for_notice, wait_until
from tests.test_reader_keys import no_browser, squeeze

BRIEFING = "apec-ai-2025"


async def focus_tree_on(app: BriefingApp, pilot, key: str) -> NavTree:
    """Open ``key`` in the reader, then give the tree the focus, as a user tabbing back does."""
    app.open_unit(key)
    await pilot.pause()
    nav = app.query_one(NavTree)
    nav.focus()
    await pilot.pause()
    return nav


async def test_selecting_the_briefing_node_shows_its_page_and_back_returns() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        key = f"{BRIEFING}:us-rok-tpd-mou"
        nav = await focus_tree_on(app, pilot, key)
        # The briefing's own node is the tree's first line (the tree's root is hidden).
        for _ in range(nav.cursor_line + 5):
            if nav.cursor_line == 0:
                break
            await pilot.press("up")
        assert nav.cursor_line == 0
        await pilot.press("enter")
        await pilot.pause()
        briefing = app.library.briefing(BRIEFING)
        shown = squeeze(screen_text(app))
        assert squeeze("브리핑 · briefing") in shown
        assert squeeze("[R] 기억 · recalled, not checked") in shown
        # Y from the tree cites the briefing itself, not the unit read before.
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard == briefing_citation_line(briefing)
        # Back leaves the page for the unit that was in view.
        await pilot.press("left_square_bracket")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.current_key == key
        assert app.query_one(Reader).key == key
        assert "[R]기억" not in squeeze(screen_text(app))


@pytest.mark.parametrize("key", [f"{BRIEFING}:us-rok-tpd-mou", f"{BRIEFING}:moc-computing-infrastructure"])
async def test_y_and_shift_y_from_the_tree_copy_the_text_and_citation_in_view(key: str) -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        nav = await focus_tree_on(app, pilot, key)
        assert nav.has_focus
        briefing, unit = app.library.get(key)
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard == citation_line(briefing, unit)
        assert app.clipboard.startswith("*") and "https://" in app.clipboard
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == unit_plain_text(briefing, unit)
        # The reader's own keys give the same strings.
        app.query_one(Reader).focus()
        app.copy_to_clipboard("")
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard == citation_line(briefing, unit)


async def test_o_from_the_tree_copies_the_url_when_there_is_no_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_browser(monkeypatch)
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        key = f"{BRIEFING}:moc-computing-infrastructure"
        nav = await focus_tree_on(app, pilot, key)
        assert nav.has_focus
        await pilot.press("o")
        await wait_until(pilot, lambda: app.clipboard, "nothing copied")
        assert app.clipboard == official_url(*app.library.get(key))
        await wait_for_notice(app, pilot, "No browser here; copied the URL (OSC 52)")


async def test_o_from_the_tree_on_a_unit_without_a_url_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    no_browser(monkeypatch)
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await focus_tree_on(app, pilot, f"{BRIEFING}:sec-1")
        await pilot.press("o")
        await wait_for_notice(app, pilot, "This unit has no official URL")
        assert app.clipboard == ""
