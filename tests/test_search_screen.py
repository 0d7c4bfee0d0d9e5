"""The search screen, driven as a user drives it: `/`, type, arrows, enter, escape."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing.tui import search_screen
from briefing.tui.app import BriefingApp
from briefing.tui.reader import Reader
from briefing.tui.result_list import ResultList
from briefing.tui.search_screen import FIRST_PAGE, SearchScreen, search_filters
from textual.widgets import Input

from tests.screen import (
    bookmark_highlighted_result,
    open_search,
    screen_text,
    type_text,
    visible_cells,
    wait_for_index,
    wait_for_results,
    wait_until,
)


async def settle(app: BriefingApp, pilot) -> None:
    """Until the search screen shows what became of the query in its field (results, none,
    or why it cannot be searched): past the debounce and the search worker."""
    screen = app.screen
    if not isinstance(screen, SearchScreen):
        await pilot.pause()
        return
    field = screen.query_one(Input)

    def answered() -> bool:
        if screen.shown_query == field.value:
            return True
        # No index yet: the query waits for it, and the status line says so.
        status = str(screen.query_one("#search-status").render())
        waiting = "Indexing" in status or bool(app.state.index_error and app.state.index_error in status)
        return app.state.search_index is None and waiting

    await wait_until(pilot, answered, f"no answer for {field.value!r}")
    await pilot.pause()


async def test_done_means_slash_type_and_open() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert isinstance(app.focused, Input)
        await type_text(pilot, "고성능 컴퓨팅")
        await settle(app, pilot)
        assert screen.hits, screen_text(app)
        top = screen.hits[0]
        assert top.key == "apec-ai-2025:moc-computing-infrastructure"
        assert screen.highlighted_key == top.key
        # The snippet shows 고성능컴퓨팅 highlighted exactly: that span and nothing else of it.
        assert "고성능컴퓨팅" in [top.snippet[s:e] for s, e in top.snippet_spans]
        text = screen_text(app)
        assert "조항 · clause" in text and "미일 TPD MOC" in text
        entry = app.screen.query_one(ResultList).entry(0)
        styled = [entry.plain[s.start : s.end] for s in entry.spans if "underline" in str(s.style)]
        assert "고성능컴퓨팅" in styled
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert app.current_key == "apec-ai-2025:moc-computing-infrastructure"
        reader = app.query_one(Reader)
        assert reader.matches, "the reader highlights the matches"


async def test_arrows_move_and_escape_returns() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        before = app.current_key
        await pilot.press("slash")
        await type_text(pilot, "데이터셋")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert len(screen.hits) > 2
        first, second = screen.hits[0].key, screen.hits[1].key
        await pilot.press("down")
        assert screen.highlighted_key == second
        await pilot.press("up")
        assert screen.highlighted_key == first
        await pilot.press("ctrl+n", "ctrl+n", "up")
        assert screen.highlighted_key == second
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert app.current_key == before


async def test_results_update_as_you_type() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "플랫폼")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        platform = [h.key for h in screen.hits]
        await type_text(pilot, " kind:clause")
        await settle(app, pilot)
        clauses = [h.key for h in screen.hits]
        assert clauses and set(clauses) < set(platform)
        assert all(h.kind == "clause" for h in screen.hits)


async def test_stale_searches_do_not_overwrite_newer_ones() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(app, pilot)
        # Type fast: every keystroke restarts the debounce; only the last query is shown.
        await type_text(pilot, "moc")
        await settle(app, pilot)
        assert screen.shown_query == "moc"
        expected = [h.key for h in app.search_index.search("moc", FIRST_PAGE, typing=True)]
        assert [h.key for h in screen.hits] == expected


async def test_malformed_query_shows_one_line(tmp_path: Path) -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "kind:nonsense")
        await settle(app, pilot)
        assert "unknown kind" in screen_text(app)
        for query in ['"unbalanced', "[bold]x[/bold]", "***", "AND OR NOT"]:
            field = app.screen.query_one(Input)
            field.value = query
            await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)


async def test_indexing_message_until_ready() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        ready = app.search_index
        app.state.search_index = None  # as if the index were still being built
        await pilot.press("slash")
        await type_text(pilot, "양자역학")
        await settle(app, pilot)
        assert "Indexing" in screen_text(app)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.hits == []
        app.state.set_index(ready)
        await settle(app, pilot)
        assert screen.hits
        assert {h.id for h in screen.hits} & {"quantum", "mou-tech-alliance-scope"}


async def test_initial_query_from_the_palette() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        app.main.open_screen(SearchScreen(app.state, initial_query="kind:clause "))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one(Input).value == "kind:clause "
        assert screen.hits and all(h.kind == "clause" for h in screen.hits)
        assert all(query.endswith(" ") for _, query in search_filters(app.library))


async def test_progress_bar_while_building_and_reader_usable() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        # The first run builds: the reader answers keys meanwhile, and the bar goes away.
        await pilot.press("j")
        await wait_for_index(app, pilot)
        await pilot.pause()
        assert not app.screen.query("#index-progress")


async def test_ctrl_b_bookmarks_the_highlighted_hit_and_marks_it() -> None:
    import json

    from briefing.content import paths

    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "고성능 컴퓨팅")
        screen = app.screen
        await wait_for_results(screen, pilot, "고성능 컴퓨팅")
        key = screen.highlighted_key
        await bookmark_highlighted_result(app, pilot, screen)
        saved = json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))["bookmarks"]
        assert [b["key"] for b in saved] == [key]
        first = screen.query_one(ResultList).entry(0)
        assert str(first).startswith("★ ")


async def test_a_query_that_cannot_be_searched_lists_nothing() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "AI")
        screen = app.screen
        await wait_for_results(screen, pilot, "AI")
        assert screen.result_count > 0
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "-x")
        await settle(app, pilot)
        assert screen.result_count == 0
        assert "only exclusions" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen  # nothing stale to open
        # The reason may take more than one line; results are said on one again.
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "AI")
        await wait_for_results(screen, pilot, "AI")
        assert screen.query_one("#search-status").region.height == 1


async def test_no_matches_shows_at_once_and_did_you_mean_once_the_query_stands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Looking for a suggestion reads the whole vocabulary: done in the search's worker, it
    # held up the search of the next key typed. It waits for the query to stand instead.
    monkeypatch.setattr(search_screen, "SUGGEST_AFTER", 1.0)
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        screen = app.screen
        await type_text(pilot, "Technolgy Prosperty ")
        await wait_for_results(screen, pilot, "Technolgy Prosperty ")
        text = screen_text(app)
        assert "No matches" in text and "did you mean" not in text
        await wait_until(
            pilot,
            lambda: "did you mean: Technology Prosperity" in screen_text(app),
            "no suggestion once the query stood",
        )
        assert "No matches" in screen_text(app)
        # A query with results, typed over one without: no suggestion is left standing.
        await pilot.press("ctrl+u")
        await type_text(pilot, "Technology ")
        await wait_for_results(screen, pilot, "Technology ")
        await pilot.pause(1.5)
        text = screen_text(app)
        assert screen.result_count > 0 and "did you mean" not in text and "No matches" not in text


async def test_a_query_longer_than_its_box_scrolls_to_where_the_cursor_is() -> None:
    # The box repaints without laying the screen out at each key (search_screen.QueryBox):
    # it must still scroll a long query to its cursor, typing, Home and End alike.
    app = BriefingApp([], bundled=True, user=False)
    words = "미국과 중국을 견제하기 위한 AI 기술동맹 공급망 복원력 디지털응용플랫폼 고성능 컴퓨팅"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(app, pilot)
        await type_text(pilot, words + " 끝")
        await wait_for_results(screen, pilot, words + " 끝")
        box = screen.query_one(Input)

        def shown() -> str:
            return "".join(visible_cells(app, box)).replace(" ", "")

        assert "끝" in shown() and "미국과" not in shown()
        await pilot.press("home")
        await wait_until(pilot, lambda: "미국과" in shown(), "the box scrolled to the start")
        assert "끝" not in shown()
        await pilot.press("end")
        await wait_until(pilot, lambda: "끝" in shown(), "the box scrolled back to the end")
