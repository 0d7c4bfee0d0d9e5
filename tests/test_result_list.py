"""The search results list (``tui.result_list``): rows wrapped once per width, drawn within
it, Korean double-width included; the highlighted result kept in view and opened by a click."""

from __future__ import annotations

from briefing.tui.app import BriefingApp
from briefing.tui.result_list import SNIPPET_INDENT, ResultList, wrap_rows
from briefing.tui.search_screen import FIRST_PAGE
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tests.screen import screen_text, search_for

TEXT = st.lists(
    st.sampled_from(
        ["미국", "고성능컴퓨팅", "AI", "full-stack", " ", "  ", "\n", "\n  ", "데이터셋을", "美國", "x" * 30]
    ),
    max_size=30,
).map("".join)


@given(text=TEXT, width=st.integers(min_value=1, max_value=60))
def test_rows_fit_the_width_and_keep_every_character(text: str, width: int) -> None:
    rows = wrap_rows(text, width)
    width = max(width, 8)
    kept = []
    for start, end in rows:
        line_start = text.rfind("\n", 0, start) + 1
        indent = (
            ""
            if start == line_start
            else (SNIPPET_INDENT if text.startswith(SNIPPET_INDENT, line_start) else "    ")
        )
        row = text[start:end]
        assert "\n" not in row
        # A row wider than the width holds one character only (wider than a row).
        assert cell_len(indent + row) <= width or len(row) == 1, (row, width)
        if start != line_start:
            assert not row.startswith(" "), row
        kept.append(row)
    # Only the spaces where a row was broken are left out.
    assert "".join(kept).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert len([r for r in rows if r[0] == text.rfind("\n", 0, r[0]) + 1]) == text.count("\n") + 1


async def test_the_list_draws_korean_within_its_width_and_keeps_the_cursor_in_view() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await search_for(app, pilot, "협력")
        results = screen.query_one(ResultList)
        width = results.scrollable_content_region.width
        for line in range(results.virtual_size.height):
            # Every row the list can show, rendered, fits inside it.
            results.scroll_to(y=line, animate=False, immediate=True)
            assert results.render_line(0).cell_length == width
        results.scroll_to(y=0, animate=False, immediate=True)
        for _ in range(12):
            await pilot.press("down")
        await pilot.pause()
        hit = screen.hits[12]
        assert screen.highlighted_key == hit.key
        top = int(results.scroll_y)
        assert top > 0
        first = sum(results.entry_height(i) for i in range(12))
        assert (
            top <= first
            and first + results.entry_height(12) <= top + results.scrollable_content_region.height
        )
        # (Scrolled to its end above, the list grew by the next page.)
        assert len(screen.hits) > FIRST_PAGE
        assert f"{len(screen.hits)}+ 건 · results" in screen_text(app)


async def test_the_list_rewraps_when_the_terminal_is_resized() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(app, pilot, "협력")
        results = screen.query_one(ResultList)
        for _ in range(5):
            await pilot.press("down")
        wide = results.entry_height(5)
        for size in ((40, 12), (80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            width = results.scrollable_content_region.width
            assert all(results.render_line(y).cell_length == width for y in range(results.size.height))
            # The highlighted result stays the same one, and in view.
            assert screen.highlighted_key == screen.hits[5].key
            top, height = int(results.scroll_y), results.scrollable_content_region.height
            first = sum(results.entry_height(i) for i in range(5))
            assert top <= first < top + height
            if size == (40, 12):
                assert results.entry_height(5) > wide
        assert results.entry_height(5) == wide


async def test_the_result_under_the_mouse_is_shown_so() -> None:
    from textual.widgets import Input

    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await search_for(app, pilot, "협력")
        results = screen.query_one(ResultList)
        hover = results.get_component_rich_style("result-list--hover").bgcolor
        first = results.entry_height(0)

        def background(row: int):  # type: ignore[no-untyped-def]
            # The row's last segment: the padding, in the row's own style.
            return list(results.render_line(row))[-1].style.bgcolor

        assert background(first) != hover
        await pilot.hover(ResultList, offset=(4, 1 + first))  # the second result (row 1: the border)
        await pilot.pause()
        assert background(first) == hover
        assert background(0) != hover  # the highlighted one keeps the cursor's look
        await pilot.hover(Input)
        await pilot.pause()
        assert background(first) != hover


async def test_the_list_takes_a_new_theme_at_once() -> None:
    """The list keeps its own style between rows drawn: a new theme must reach every row."""
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await search_for(app, pilot, "협력")
        results = screen.query_one(ResultList)
        results.render_line(0)
        before = results.rich_style.bgcolor
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        after = results.rich_style.bgcolor
        assert after != before
        shown = [
            y
            for y in range(results.scrollable_content_region.height)
            if results._result_on(int(results.scroll_y) + y) not in (results.highlighted, None)
        ]
        assert shown
        for y in shown:
            # The rest of each row is the list's background.
            assert list(results.render_line(y))[-1].style.bgcolor == after, y


async def test_the_scrollbar_follows_the_results_and_the_size_not_each_key() -> None:
    """Each key typed lays the screen out; the results' scrollbar is redrawn only when the
    list's height or its rows change (it was redrawn at every key: issue #15)."""
    from textual.scrollbar import ScrollBar

    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(app, pilot, "미국")
        results = screen.query_one(ResultList)
        bar = results.vertical_scrollbar
        assert isinstance(bar, ScrollBar)

        def shown() -> tuple[int, int]:
            return bar.window_virtual_size, bar.window_size

        many = shown()
        assert many == (results.virtual_size.height, results.scrollable_content_region.height)
        drawn: list[object] = []
        render = bar.render
        bar.render = lambda: drawn.append(None) or render()  # type: ignore[method-assign]
        # A key that leaves the results as they were (a space at the end) lays the screen out
        # again: the scrollbar is not redrawn.
        await pilot.press("space")
        await pilot.pause(0.3)
        assert screen.shown_query == "미국 " and shown() == many and not drawn
        # Fewer results: the scrollbar takes their height.
        screen.query_one("#search-input").value = "양자"  # type: ignore[attr-defined]
        await pilot.pause(0.5)
        assert screen.shown_query == "양자"
        assert shown()[0] == results.virtual_size.height != many[0] and drawn
        # A smaller terminal: the list is laid out again, and the scrollbar with it.
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.3)
        assert shown() == (results.virtual_size.height, results.scrollable_content_region.height)
        assert shown()[1] < many[1]
