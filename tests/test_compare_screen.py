"""The compare screen, driven as a user drives it: `c`, keys, and what lines up on screen."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.content import paths
from briefing.content.compare import DIFFERENCE_KINDS
from briefing.tui.app import BriefingApp
from briefing.tui.compare_screen import CompareCell, CompareRow, CompareScreen, MatrixScreen, PickScreen
from textual.widgets import DataTable, OptionList, Static

from tests.conftest import write
from tests.screen import screen_text
from tests.test_compare import BUNDLED_KINDS, FIXTURE, MOC, MOU


def rows(app: BriefingApp) -> list[CompareRow]:
    return list(app.screen.query(CompareRow))


def row_for(app: BriefingApp, topic: str) -> CompareRow:
    return next(r for r in rows(app) if r.topic_id == topic)


def cell(row: CompareRow, side: str) -> CompareCell:
    found = row.cell(side)
    assert found is not None
    return found


def body(cell_: CompareCell) -> str:
    return str(cell_.query_one(".cell-body", Static).render())


def mark(row: CompareRow) -> str:
    return str(row.query_one(".mark", Static).render())


async def open_compare(pilot) -> CompareScreen:
    await pilot.press("c")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    return screen


async def go_to(pilot, topic: str) -> CompareRow:
    screen = pilot.app.screen
    target = next(i for i, r in enumerate(rows(pilot.app)) if r.topic_id == topic)
    while screen.index < target:
        await pilot.press("j")
    while screen.index > target:
        await pilot.press("k")
    await pilot.pause()
    return rows(pilot.app)[target]


async def test_c_shows_the_mou_and_the_moc_aligned_and_marked() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        assert (screen.left.agreement.id, screen.right.agreement.id) == (MOU, MOC)
        kinds = {r.topic_id: r.row.kind for r in rows(app)}
        for topic, kind in BUNDLED_KINDS.items():
            assert kinds[topic] == kind, topic
        # Marks in symbol and words, naming the side.
        left_name = screen.left.name
        assert f"◀ only {left_name}" in mark(row_for(app, "asia-ai-ecosystem"))
        assert f"▶ only {screen.right.name}" in mark(row_for(app, "computing-infrastructure"))
        assert "≠ wording differs" in mark(row_for(app, "policy-framework"))
        assert "= both" in mark(row_for(app, "legal-force"))
        # A side that lacks the topic says so; no cell is ever empty.
        for row in rows(app):
            for side in ("left", "right"):
                assert body(cell(row, side)).strip(), (row.topic_id, side)
        assert "not in this agreement" in body(cell(row_for(app, "asia-ai-ecosystem"), "right"))
        assert "not in this agreement" in body(cell(row_for(app, "computing-infrastructure"), "left"))
        text = screen_text(app)
        assert left_name in text and screen.right.name in text


async def test_differing_words_are_highlighted() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot)
        row = row_for(app, "policy-framework")
        rendered = cell(row, "left").query_one(".cell-body", Static).render()
        highlighted = [rendered.plain[s.start : s.end] for s in rendered.spans if "underline" in str(s.style)]
        assert highlighted and all(w.strip() for w in highlighted)
        right = cell(row, "right").query_one(".cell-body", Static).render()
        assert "advancing" in [
            right.plain[s.start : s.end] for s in right.spans if "underline" in str(s.style)
        ]


async def test_d_leaves_only_the_differences() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert screen.only_differences
        kinds = {r.topic_id: r.row.kind for r in rows(app)}
        assert set(kinds.values()) <= DIFFERENCE_KINDS
        assert "full-stack-export" not in kinds and "legal-force" not in kinds
        assert kinds["policy-framework"] == "differs"
        assert "differences only" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert "legal-force" in {r.topic_id for r in rows(app)}


async def test_rows_stay_aligned_whatever_their_heights() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        unequal = 0
        for index in range(len(rows(app))):
            await go_to(pilot, rows(app)[index].topic_id)
            row = rows(app)[index]
            left, right = cell(row, "left"), cell(row, "right")
            mark_widget = row.query_one(".mark")
            assert left.region.y == right.region.y == mark_widget.region.y, row.topic_id
            assert left.region.height == right.region.height, row.topic_id
            assert left.region.x < right.region.x
            natural = [c.query_one(".cell-body").region.height for c in (left, right)]
            if abs(natural[0] - natural[1]) >= 3:
                unequal += 1
        assert screen.index == len(rows(app)) - 1
        assert unequal >= 2  # the alignment held for rows of very different heights


async def test_narrow_terminal_stacks_the_sides() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot)
        assert screen.has_class("-narrow")
        row = rows(app)[0]
        left, right = cell(row, "left"), cell(row, "right")
        assert left.region.x == right.region.x
        assert right.region.y >= left.region.y + left.region.height
        assert left.region.width >= 70
        label = left.query_one(".cell-label", Static)
        assert label.display and label.region.height == 1
        text = screen_text(app)
        assert f"◀ {screen.left.name}" in text
        # Korean double-width text wraps within the screen.
        assert "기사 원문" in text or "공식 문구" in text
        view = app.screen.query_one("#compare-rows")
        for index in (1, 2):
            await pilot.press("j")
            await pilot.pause()
            row = rows(app)[index]
            assert row.has_class("-current")
            # Scrolled to: the row's top is on screen, inside the rows' view.
            assert row.region.height > 0 and view.region.y <= row.region.y < view.region.bottom
        # After the filter changes the rows, moving still scrolls to the row.
        topic = rows(app)[2].topic_id
        await pilot.press("d")
        assert rows(app)[screen.index].topic_id == topic  # the filter keeps the topic in view
        await pilot.press("j")
        await pilot.pause()
        row = rows(app)[screen.index]
        assert row.has_class("-current") and row.topic_id != topic
        assert row.region.height > 0 and view.region.y <= row.region.y < view.region.bottom
        await pilot.press("d")
        await pilot.pause()
        second = rows(app)[1]
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert cell(second, "left").region.y == cell(second, "right").region.y


async def test_s_swaps_the_sides() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        await go_to(pilot, "ai-ready-datasets")
        await pilot.press("s")
        await pilot.pause()
        assert (screen.left.agreement.id, screen.right.agreement.id) == (MOC, MOU)
        # The article is silent on the MOC's datasets: after the swap the silent side is the left.
        assert row_for(app, "ai-ready-datasets").row.kind == "left-not-mentioned"
        assert row_for(app, "asia-ai-ecosystem").row.kind == "right-only"
        assert row_for(app, "computing-infrastructure").row.kind == "left-only"
        # The focus stays on the same topic and the same agreement.
        assert rows(app)[screen.index].topic_id == "ai-ready-datasets"
        assert screen.side == "right"


async def test_enter_opens_the_focused_sides_clause_in_the_reader() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot)
        row = await go_to(pilot, "ai-ready-datasets")
        expected = row.keys()["left"]
        assert expected is not None
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert app.current_key == expected
        # The right side, via tab.
        await open_compare(pilot)
        row = await go_to(pilot, "computing-infrastructure")
        await pilot.press("tab")
        await pilot.pause()
        assert cell(row, "right").has_class("-focused") and not cell(row, "left").has_class("-focused")
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_key == row.keys()["right"]


async def test_enter_on_a_side_without_a_clause_stays(tmp_path: Path) -> None:
    path = write(tmp_path / "content" / "fx.toml", FIXTURE)
    app = BriefingApp([path], bundled=False, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot)
        row = await go_to(pilot, "digital-platforms")
        assert row.keys()["right"] is None
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        # A clause recording that the agreement lacks the point still opens: it carries
        # the article's sentence.
        row = await go_to(pilot, "asia-ai-ecosystem")
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_key == "fx:moc-asia"


async def test_escape_goes_back() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)


async def test_b_bookmarks_the_focused_clause_with_the_row() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot)
        row = await go_to(pilot, "policy-framework")
        await pilot.press("tab", "b")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteEditor"
        await pilot.press(*"why", "ctrl+s")
        await pilot.pause()
        keys = row.keys()
        saved = json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))["bookmarks"]
        (bookmark,) = saved
        assert bookmark["note"] == "why"
        assert bookmark["compare"]["left"] == keys["left"]
        assert bookmark["compare"]["right"] == keys["right"]
        assert bookmark["compare"]["topic"] == "policy-framework"


async def test_b_opens_the_note_editor() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        await go_to(pilot, "policy-framework")
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is not screen
        assert type(app.screen).__name__ == "NoteEditor"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_matrix_enter_opens_a_clause_and_two_columns_open_the_pair() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        await pilot.press("m")
        await pilot.pause()
        matrix_screen = app.screen
        assert isinstance(matrix_screen, MatrixScreen)
        table = matrix_screen.query_one(DataTable)
        ids = [a.id for a in matrix_screen.matrix.agreements]
        assert len(table.columns) == 1 + len(ids)
        assert table.row_count == len(matrix_screen.matrix.topics)
        # Mark the MOC column, then the Camp David one: the pair opens.
        await pilot.press(*["l"] * (ids.index(MOC) + 1 - table.cursor_coordinate.column))
        await pilot.press("space")
        await pilot.press(*["h"] * (table.cursor_coordinate.column - ids.index("camp-david-2023") - 1))
        await pilot.press("space")
        await pilot.pause()
        assert app.screen is screen
        assert (screen.left.agreement.id, screen.right.agreement.id) == (MOC, "camp-david-2023")
        # Enter on an addressed cell opens its clause.
        await pilot.press("m")
        await pilot.pause()
        matrix_screen = app.screen
        table = matrix_screen.query_one(DataTable)
        topics = [t for t, _ in matrix_screen.matrix.topics]
        row = topics.index("ai-ready-datasets")
        column = ids.index(MOU)
        table.cursor_coordinate = table.cursor_coordinate._replace(row=row, column=column + 1)
        await pilot.press("enter")
        await pilot.pause()
        clause = matrix_screen.matrix.cells[row][column].clause
        assert clause is not None
        assert app.current_key == f"apec-ai-2025:{clause.id}"


async def test_p_picks_any_two_agreements() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        await pilot.press("p")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickScreen)
        ids = [r.agreement.id for r in picker.refs]
        picker.query_one("#pick-left", OptionList).highlighted = ids.index("us-ai-action-plan")
        await pilot.press("enter")
        picker.query_one("#pick-right", OptionList).highlighted = ids.index(MOU)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert (screen.left.agreement.id, screen.right.agreement.id) == ("us-ai-action-plan", MOU)
        assert row_for(app, "full-stack-export").row.kind == "both"


async def test_wide_terminal_shows_a_third_agreement() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(170, 40)) as pilot:
        screen = await open_compare(pilot)
        assert screen.has_class("-wide")
        row = rows(app)[0]
        third = cell(row, "third")
        assert third.display and third.region.width > 0
        assert third.region.y == cell(row, "left").region.y
        assert "캠프 데이비드" in screen_text(app)
        await pilot.press("tab", "tab")
        assert screen.side == "third"


async def test_a_users_own_briefing_with_long_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "content" / "fx.toml", FIXTURE)
    app = BriefingApp([path], bundled=False, user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_compare(pilot)
        assert (screen.left.briefing.id, screen.left.agreement.id) == ("fx", MOU)
        row = row_for(app, "asia-ai-ecosystem")
        left, right = cell(row, "left"), cell(row, "right")
        assert left.region.y == right.region.y and left.region.height == right.region.height
        assert (
            left.query_one(".cell-body").region.height > 3 * right.query_one(".cell-body").region.height // 2
        )
        assert "\x1b" not in screen_text(app)


async def test_no_two_agreements(mini_briefing: Path, tmp_path: Path) -> None:
    empty = write(tmp_path / "c" / "e.toml", '[briefing]\nid = "e"\ntitle = "E"\nlanguage = "en"\n')
    app = BriefingApp([empty], bundled=False, user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot)
        assert screen.comparison is None
        assert "no two agreements" in screen_text(app)
        await pilot.press("j", "enter", "s", "d", "m")
        await pilot.pause()
        assert app.screen is screen


async def test_the_default_pair_and_third_come_from_briefing_toml(tmp_path: Path) -> None:
    from tests.conftest import MINI_BRIEFING

    text = MINI_BRIEFING.replace(
        'language = "en"\n',
        'language = "en"\n\n[briefing.compare]\ndefault = ["a2", "a1"]\nthird = "nope"\n',
        1,
    )
    path = write(tmp_path / "c" / "mini.toml", text)
    app = BriefingApp([path], bundled=False, user=False)
    async with app.run_test(size=(170, 40)) as pilot:
        # An unknown id is one warning naming the table; the rest of it holds.
        assert any('[briefing.compare]: no agreement "nope"' in str(p) for p in app.library.problems)
        screen = await open_compare(pilot)
        assert (screen.left.agreement.id, screen.right.agreement.id) == ("a2", "a1")
        assert screen.third is None
