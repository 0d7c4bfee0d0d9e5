"""A screen the user closes is let go: its results, strips and caches do not stay in memory
for the rest of the day (each search screen used to stay, held by the signals it listened to,
and every later garbage collection walked them all while the user typed)."""

from __future__ import annotations

import gc

from briefing.tui.app import BriefingApp
from briefing.tui.bookmarks_screen import BookmarksScreen
from briefing.tui.search_screen import SearchScreen
from textual.screen import Screen

from tests.screen import open_search, wait_until


def _alive(kind: type[Screen]) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


async def test_search_and_bookmarks_screens_closed_are_let_go() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _round in range(5):
            await open_search(app, pilot)
            await pilot.press("미", "국")
            await wait_until(
                pilot, lambda: "results" in str(app.screen.query_one("#search-status").render()), "no results"
            )
            await pilot.press("escape")
            await pilot.press("B")
            await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "bookmarks never opened")
            await pilot.press("escape")
            await wait_until(pilot, lambda: len(app.screen_stack) == 1, "a screen stayed open")
        await pilot.pause(0.3)
        # The last one closed may still be on its way out; five rounds must not leave five.
        assert _alive(SearchScreen) <= 1
        assert _alive(BookmarksScreen) <= 1
