"""Mouse clicks on tree items and links, and `y` copying the unit in view."""

from __future__ import annotations

from pathlib import Path

from briefing.tui.app import BriefingApp
from briefing.tui.nav import NavTree
from briefing.tui.reader import LinkList


async def test_click_tree_item_opens_it() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        nav = app.query_one(NavTree)
        node = nav.node_for("apec-ai-2025:sec-3")
        assert node is not None
        await pilot.click(NavTree, offset=(8, node.line - nav.scroll_offset.y))
        await pilot.pause()
        assert app.current_key == "apec-ai-2025:sec-3"


async def test_click_link_follows_it(mini_briefing: Path) -> None:
    app = BriefingApp([mini_briefing], bundled=False, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:i1")
        await pilot.pause()
        links = app.query_one(LinkList)
        links.scroll_visible()
        await pilot.pause()
        # The second option (row 2 inside the border) is the section link.
        await pilot.click(LinkList, offset=(4, 2))
        await pilot.pause()
        assert app.current_key == "mini:s1"


async def test_y_copies_the_unit_in_view(mini_briefing: Path) -> None:
    app = BriefingApp([mini_briefing], bundled=False, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:a1-t1")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard
        assert "developing AI-ready datasets" in copied
        assert "A1 develops AI-ready datasets." in copied
        assert "공식 문구 · official wording" in copied
        assert "A1 MOU · 데이터셋" in copied.splitlines()[0]


async def test_click_compare_cell_focuses_it_and_enter_opens_it() -> None:
    from briefing.tui.compare_screen import CompareCell, CompareRow, CompareScreen

    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        row = next(r for r in screen.query(CompareRow) if r.keys()["right"] and r.index > 0)
        cell = next(c for c in row.query(CompareCell) if c.side == "right")
        screen.query_one("RowsView").scroll_to_widget(row, animate=False)
        await pilot.pause()
        await pilot.click(cell, offset=(2, 1))
        await pilot.pause()
        assert screen.current_row() is row and screen.side == "right"
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_key == row.keys()["right"]


async def test_click_search_result_opens_it() -> None:
    from briefing.tui.result_list import ResultList

    from tests.screen import type_text, wait_for_index, wait_for_results

    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "데이터셋")
        screen = app.screen
        await wait_for_results(screen, pilot, "데이터셋")
        second = screen.hits[1].key
        results = screen.query_one(ResultList)
        # Each result is a few rows tall here: kind and location, then the snippet wrapped.
        first_height = results.entry_height(0)
        assert first_height >= 2
        await pilot.click(ResultList, offset=(4, 1 + first_height))
        await pilot.pause()
        assert app.current_key == second
