"""Mouse clicks on tree items and links, and `y` copying the unit in view."""

from __future__ import annotations

from pathlib import Path

from tui.app import BriefingApp
from tui.nav import NavTree
from tui.reader import LinkList


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
