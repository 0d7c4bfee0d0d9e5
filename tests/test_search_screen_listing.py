"""The search screen's list (``tui.result_list``) holds every result at once and draws only
the rows on screen: every result arrives, in order, and can be reached, highlighted and
opened; typing on never leaves results of an older query in the list."""

from __future__ import annotations

import asyncio

from briefing.content.text import one_line
from briefing.tui.app import BriefingApp
from briefing.tui.result_list import ResultList
from briefing.tui.search_screen import FIRST_PAGE, NEXT_PAGE, SearchScreen
from textual import events
from textual.widgets import Input

from tests.screen import (
    bookmark_highlighted_result,
    open_search,
    screen_text,
    search_for,
    wait_for_results,
    wait_until,
)


def listed_keys(screen: SearchScreen) -> list[str | None]:
    """The keys of the results the list shows, in its order (each row of the list names
    its result's place, as the hit does)."""
    results = screen.query_one(ResultList)
    assert results.result_count == len(screen.hits)
    for n, hit in enumerate(screen.hits):
        assert one_line(hit.location, 110) in results.entry(n).plain.splitlines()[0]
    return [hit.key for hit in screen.hits]


async def test_the_list_grows_by_the_next_results_near_its_end_until_all_are_listed() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(app, pilot, "협력")
        search = app.search_index.search
        first = [h.key for h in search("협력", FIRST_PAGE, typing=True)]
        # A first page, far more than a screen holds (three rows each, 34 rows of list).
        assert len(first) == FIRST_PAGE
        assert listed_keys(screen) == first
        assert f"{FIRST_PAGE}+ 건 · results" in screen_text(app)
        # Moved down near its end, the list grows by the next results after those shown,
        # which stay where they were.
        for _ in range(FIRST_PAGE - 1):
            await pilot.press("down")
        await wait_until(pilot, lambda: len(screen.hits) > FIRST_PAGE, "no results were added")
        deeper = [h.key for h in search("협력", FIRST_PAGE + NEXT_PAGE, typing=True)]
        listed = listed_keys(screen)
        assert listed[:FIRST_PAGE] == first
        assert listed[FIRST_PAGE:] == [key for key in deeper if key not in first]
        assert screen.highlighted_key == first[-1]
        assert f"{len(listed)}+ 건 · results" in screen_text(app)
        # On down to the very end: every result the query has is listed once, and the
        # count says there are no more.
        everything = {h.key for h in search("협력", 10_000, typing=True)}
        assert len(everything) > FIRST_PAGE + NEXT_PAGE
        for _ in range(len(everything) * 2):
            if screen.highlighted_key == screen.hits[-1].key:
                if "+ 건 · results" not in screen_text(app):
                    break
                await wait_until(
                    pilot, lambda: screen.highlighted_key != screen.hits[-1].key, "no more results were added"
                )
            await pilot.press("down")
        listed = listed_keys(screen)
        assert set(listed) == everything and len(listed) == len(everything)
        assert f" {len(everything)} 건 · results" in screen_text(app)
        last = screen.hits[-1]
        # The list has scrolled to it: the last result's place is on the screen.
        assert last.location.split(" > ")[-1][:20] in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert app.current_key == last.key


async def test_a_list_whose_end_is_on_a_tall_screen_grows_without_a_key() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 150)) as pilot:
        screen = await search_for(app, pilot, "협력")
        # Thirty results fill less than this screen: the next page comes on its own.
        await wait_until(pilot, lambda: len(screen.hits) > FIRST_PAGE, "no results were added")
        assert listed_keys(screen)[:FIRST_PAGE] == [
            h.key for h in app.search_index.search("협력", FIRST_PAGE, typing=True)
        ]


async def test_results_added_for_a_query_typed_over_are_not_listed() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(app, pilot, "협력")
        for _ in range(FIRST_PAGE - 1):
            await pilot.press("down")
        # The next page is being searched for; a key typed meanwhile changes the query.
        await pilot.press("space", "A", "I")
        await wait_for_results(screen, pilot, "협력 AI")
        await pilot.pause(0.2)
        expected = [h.key for h in app.search_index.search("협력 AI", FIRST_PAGE, typing=True)]
        assert listed_keys(screen) == expected


async def test_keys_pressed_as_the_results_arrive_reach_every_result() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(app, pilot)
        results = screen.query_one(ResultList)
        # Laid out: the list knows how many rows a screenful is.
        await wait_until(
            pilot, lambda: results.scrollable_content_region.height, "the list was never laid out"
        )
        screen.query_one(Input).insert_text_at_cursor("MOU")  # as pasted: one search
        for _ in range(100_000):  # every turn of the event loop, until the results come
            if screen.hits:
                break
            await asyncio.sleep(0)
        # Every result is listed at once, far more than a screenful ...
        assert results.result_count == len(screen.hits) == FIRST_PAGE
        assert results.virtual_size.height > results.scrollable_content_region.height
        # ... and keys typed meanwhile (sent as the terminal sends them, all at once) move
        # through all of them.
        for _ in range(FIRST_PAGE - 1):
            app.post_message(events.Key("down", None))
        await wait_for_results(screen, pilot, "MOU")
        await pilot.pause()
        expected = [h.key for h in app.search_index.search("MOU", FIRST_PAGE, typing=True)]
        assert screen.highlighted_key == expected[-1]
        assert listed_keys(screen)[:FIRST_PAGE] == expected
        # There, the next page came; page down goes through it to its end.
        await wait_until(pilot, lambda: len(screen.hits) > FIRST_PAGE, "no results were added")
        for _ in range(8):
            app.post_message(events.Key("pagedown", None))
        await pilot.pause()
        assert screen.highlighted_key == screen.hits[-1].key


async def test_typing_on_while_listing_leaves_only_the_newest_results() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(app, pilot)
        # Each key searches at once; later keys arrive while earlier results are listed.
        for query in ("AI", "AI 기술", "협력", "the"):
            field = screen.query_one(Input)
            field.value = query
            await pilot.pause()
        await wait_for_results(screen, pilot, "the")
        expected = [h.key for h in app.search_index.search("the", FIRST_PAGE, typing=True)]
        assert [h.key for h in screen.hits] == expected
        assert listed_keys(screen) == expected
        more = "+" if len(expected) == FIRST_PAGE else ""
        assert f"{len(expected)}{more} 건 · results" in screen_text(app)


async def test_bookmark_marks_a_result_beyond_the_first_screenful() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(app, pilot, "기술")
        # (Eleven results fill the screen.)
        for _ in range(20):
            await pilot.press("down")
        key = screen.highlighted_key
        assert key == screen.hits[20].key
        await bookmark_highlighted_result(app, pilot, screen)
        await wait_for_results(screen, pilot, "기술")
        # Redrawn with the mark, the cursor still on it, every result still listed.
        assert screen.highlighted_key == key
        assert listed_keys(screen) == [h.key for h in screen.hits]
        results = screen.query_one(ResultList)
        assert results.entry(20).plain.startswith("★ ")
        assert not results.entry(0).plain.startswith("★ ")
        # On the screen too: the list has kept the cursor's row in view.
        assert "★ " in screen_text(app)


async def test_a_key_that_leaves_the_results_as_they_were_keeps_the_list() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(app, pilot, "데이터셋")
        search = app.search_index.search
        # A space at the end finds the same units with the same snippets ...
        before = [(h.key, h.snippet, h.snippet_spans) for h in search("데이터셋", FIRST_PAGE, typing=True)]
        after = search("데이터셋 ", FIRST_PAGE, typing=True)
        assert [(h.key, h.snippet, h.snippet_spans) for h in after] == before
        results = screen.query_one(ResultList)
        first = results.entry(0)
        await pilot.press("down", "down")
        assert screen.highlighted_key == after[2].key
        shown = [(h.key, h.snippet, h.snippet_spans) for h in screen.hits]
        await pilot.press("space")
        await wait_for_results(screen, pilot, "데이터셋 ")
        # ... so the list stays as drawn (not rebuilt), back at the top as a new query's is,
        # and `enter` opens the new query's hit with its matches. (Compared with what the app
        # itself found for both: which prefixes it searched on the way depends on the pace.)
        if [(h.key, h.snippet, h.snippet_spans) for h in screen.hits] == shown:
            assert results.entry(0) is first
        assert listed_keys(screen) == [h.key for h in screen.hits]
        assert screen.highlighted_key == screen.hits[0].key
        assert f"{len(screen.hits)} 건 · results" in screen_text(app)
