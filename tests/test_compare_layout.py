"""Compare and matrix at the sizes analysts use (issue 13: items 14, 15, 16 and 7's compare part).

Each test drives the app with keys and reads the screen as text at a given terminal size.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from briefing.content.compare import MARKS, SHOWN_KINDS, find_agreement
from briefing.content.labels import ABSENT
from briefing.tui import app as app_module
from briefing.tui.app import BriefingApp
from briefing.tui.compare_screen import CompareScreen, MatrixScreen
from briefing.tui.compare_state import CompareView
from rich.cells import cell_len
from textual.widgets import DataTable, Static

from tests.conftest import write
from tests.screen import screen_lines, screen_text
from tests.test_compare import FIXTURE, MOC, MOU
from tests.test_compare_screen import body, cell, go_to, open_compare, row_for, rows

MATRIX_MARK = re.compile(r"[●○?]†?")


# --------------------------------------------------------------------------- 14: the matrix


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_matrix_shows_every_agreement_at_every_width(size: tuple[int, int]) -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=size) as pilot:
        await open_compare(pilot)
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        table = screen.query_one(DataTable)
        agreements = screen.matrix.agreements
        lines = screen_lines(app)
        text = "\n".join(lines)
        # No sideways scrolling: every column is on screen.
        assert table.max_scroll_x == 0
        # Every agreement is named in full: as a column header, or in the codes' key.
        for agreement in agreements:
            assert agreement.short_name in text, agreement.short_name
        header = next(line for line in lines if "주제 · topic" in line)
        for label in screen.headers:
            assert label in header, (label, header)
        # Every topic row on screen shows one mark per agreement.
        shown = 0
        for _topic_id, topic in screen.matrix.topics:
            assert topic is not None
            line = next((line for line in lines if line.startswith(" " + topic.label_ko)), None)
            if line is None:
                continue
            shown += 1
            assert len(MATRIX_MARK.findall(line.split(topic.label_ko, 1)[1])) == len(agreements), line
        assert shown >= 8
        # The topic column is no wider than its widest label: no empty first column.
        widest = max(
            cell_len(f"{t.label_ko} · {t.label_en}" if t.label_en else t.label_ko)
            for _, t in screen.matrix.topics
            if t is not None
        )
        assert table.columns[table.coordinate_to_cell_key((0, 0)).column_key].width <= widest
        # Nothing wider than the terminal, Korean counted double.
        assert all(cell_len(line) <= size[0] for line in lines)


async def test_matrix_codes_give_way_to_names_when_the_terminal_grows() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_compare(pilot)
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        assert screen.headers[0] == "A"
        await pilot.press("l", "l")
        table = screen.query_one(DataTable)
        before = table.cursor_coordinate
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert screen.headers == [a.short_name for a in screen.matrix.agreements]
        assert not screen.query_one("#matrix-key", Static).display
        assert table.cursor_coordinate == before


# --------------------------------------------------------------------------- 15: d, stacking, third


async def test_d_at_120_keeps_each_count_whole_above_the_header() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        await pilot.press("d")
        await pilot.pause()
        lines = screen_lines(app)
        counts = compare_counts(screen)
        for kind in SHOWN_KINDS:
            if kind.endswith("not-mentioned") and not counts[kind]:
                continue
            item = f"{MARKS[kind].symbol} {MARKS[kind].en} {counts[kind]}"
            assert any(item in line for line in lines), item
        assert any("차이만 · differences only (d: all)" in line for line in lines)
        title = screen.query_one("#compare-title", Static)
        header = screen.query_one("#compare-header")
        # The title is exactly as tall as its lines, and the header starts right below it.
        assert title.region.height == len(str(title.render()).splitlines())
        assert header.region.y == title.region.bottom
        header_line = lines[header.region.y]
        assert f"◀ {screen.left.name}" in header_line and f"▶ {screen.right.name}" in header_line


def compare_counts(screen: CompareScreen) -> dict[str, int]:
    from briefing.content.compare import compare

    assert screen.left and screen.right
    return compare(screen.left, screen.right).counts()


async def test_stacked_rows_say_absent_for_the_side_without_a_clause() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        left = find_agreement(app.library.briefings, MOC)
        right = find_agreement(app.library.briefings, "camp-david-2023")
        screen = CompareScreen(app.state, left, right)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.has_class("-narrow")
        row = await go_to(pilot, "full-stack-export")
        assert row.row.right is None
        label = str(cell(row, "right").query_one(".cell-label", Static).render())
        assert ABSENT in label
        assert f"▶ {right.name} {right.agreement.date}  {ABSENT}" in screen_text(app)
        # Each stacked side is as tall as its label and text: nothing cut, nothing blank.
        for side in ("left", "right"):
            part = cell(row, side)
            shown = [w for w in part.children if w.display]
            assert part.region.height >= sum(w.region.height for w in shown) >= 1, side
        # The side that holds the clause says nothing of the kind.
        assert ABSENT not in str(cell(row, "left").query_one(".cell-label", Static).render())


async def test_third_column_is_explained_on_screen_and_in_help() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_compare(pilot)
        assert screen.third is not None
        text = screen_text(app)
        assert "참고용 · for reference: not in the marks or d (t hides)" in text
        # t hides it, and again shows it.
        await pilot.press("t")
        await pilot.pause()
        assert rows(app)[0].cell("third") is None
        assert "참고용" not in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert "참고용" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"

        # Scroll the help as a reader does until the compare keys show.
        def third_line() -> str | None:
            return next((line for line in screen_lines(app) if "compare.third" in line), None)

        for _ in range(80):
            if third_line() is not None:
                break
            await pilot.press("j")
            await pilot.pause()
        line = third_line()
        assert line is not None and "Third column (160+ cols): for reference only" in line


# --------------------------------------------------------------------------- 16: shared notes


def all_cell_text(app: BriefingApp) -> str:
    return "\n".join(body(c) for row in rows(app) for c in (row.cell("left"), row.cell("right")) if c)


async def test_a_note_on_every_row_of_an_agreement_shows_once_in_the_header() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        briefing = screen.left.briefing
        note = next(n for n in briefing.notes if n.id == "mou-url-secondary")
        first = note.text.splitlines()[0][:30]
        cells = all_cell_text(app)
        assert first not in cells
        header = str(screen.query_one("#compare-notes", Static).render())
        assert header.count(first) == 1
        assert screen_text(app).count(first) == 1
        # Each row it applies to points to it.
        pointed = [r for r in rows(app) if "†1 주석은 머리글에" in body(cell(r, "left"))]
        assert len(pointed) >= 2
        # A note on one row only stays in that row.
        single = next(n for n in briefing.notes if n.id == "mou-exploring-not-seen")
        assert single.text.splitlines()[0][:30] in body(cell(row_for(app, "asia-ai-ecosystem"), "left"))


async def test_a_users_note_on_every_clause_of_an_agreement(tmp_path: Path) -> None:
    moc_clauses = ["moc-full-stack", "moc-asia", "moc-policy", "moc-standards", "moc-computing", "moc-supply"]
    note = (
        '\n[[note]]\nid = "n-all-moc"\ntargets = ['
        + ", ".join(f'"{c}"' for c in [*moc_clauses, "moc-legal"])
        + ']\nkind = "fact-check"\ntext = "Every MOC line here is from a summary, unseen."\n'
    )
    path = write(tmp_path / "content" / "fx.toml", FIXTURE + note)
    app = BriefingApp([path], bundled=False, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        assert (screen.left.agreement.id, screen.right.agreement.id) == (MOU, MOC)
        assert "Every MOC line here" not in all_cell_text(app)
        assert screen_text(app).count("Every MOC line here is from a summary") == 1
        # Its own single-row note still shows in its row.
        assert "the MOC text was not seen" in body(cell(row_for(app, "policy-framework"), "right"))


# --------------------------------------------------------------------------- 7: compare state kept


async def test_compare_keeps_pair_swap_filter_and_row_when_reopened() -> None:
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        changes: list[CompareView] = []
        await pilot.press("p")
        await pilot.pause()
        # Pick the Camp David agreement on the left, the MOU on the right.
        picker = app.screen
        refs = [r.agreement.id for r in picker.refs]
        await pilot.press("home", *["down"] * refs.index("camp-david-2023"), "enter")
        await pilot.press("home", *["down"] * refs.index(MOU), "enter")
        await pilot.pause()
        assert app.screen is screen
        assert (screen.left.agreement.id, screen.right.agreement.id) == ("camp-david-2023", MOU)
        await pilot.press("s", "d", "j")
        await pilot.pause()
        topic = rows(app)[screen.index].topic_id
        view = screen.view
        assert view.pair is not None and view.swapped and view.only_differences and view.row == topic
        changes.append(view)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        reopened = await open_compare(pilot)
        assert reopened is not screen
        assert (reopened.left.agreement.id, reopened.right.agreement.id) == (MOU, "camp-david-2023")
        assert reopened.only_differences
        assert rows(app)[reopened.index].topic_id == topic
        assert rows(app)[reopened.index].has_class("-current")
        text = screen_text(app)
        assert "차이만 · differences only" in text
        assert "◀ 한미 TPD MOU  ⇄  ▶ 캠프 데이비드" in text
        assert reopened.view == changes[-1]


async def test_compare_screen_posts_its_view_when_it_changes() -> None:
    seen: list[CompareView] = []

    class Watching(BriefingApp):
        # A subclass's CSS path is read beside its own module: point it at the app's.
        CSS_PATH = str(Path(app_module.__file__).parent / "styles" / "app.tcss")

        def on_compare_screen_view_changed(self, message: CompareScreen.ViewChanged) -> None:
            seen.append(message.view)

    app = Watching([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert seen and seen[-1].only_differences
        await pilot.press("s")
        await pilot.pause()
        assert seen[-1].swapped and seen[-1] == screen.view
        # A view can be handed back to a new screen.
        await pilot.press("escape")
        await pilot.pause()
        again = CompareScreen.from_view(app.state, CompareView(seen[-1].pair, False, False, "legal-force"))
        await app.push_screen(again)
        await pilot.pause()
        assert (again.left.agreement.id, again.right.agreement.id) == (MOU, MOC)
        assert not again.only_differences
        assert rows(app)[again.index].topic_id == "legal-force"


# --------------------------------------------------------------------------- headless helpers


def test_agreement_wide_notes_and_matrix_codes(tmp_path: Path) -> None:
    from briefing.content.compare import agreement_wide_notes, matrix_codes
    from briefing.content.loader import load_paths

    note = (
        '\n[[note]]\nid = "n-two"\ntargets = ["moc-asia", "moc-policy"]\nkind = "fact-check"\ntext = "two rows"\n'
        '\n[[note]]\nid = "n-agreement"\ntargets = ["us-japan-tpd-moc", "moc-asia", "moc-supply"]\n'
        'kind = "fact-check"\ntext = "whole agreement"\n'
    )
    path = write(tmp_path / "content" / "fx.toml", FIXTURE + note)
    result = load_paths([path])
    assert not result.errors, result.errors
    moc = find_agreement(result.briefings, MOC)
    assert moc is not None
    topics = [t.id for t in result.briefings[0].topics]
    ids = [n.id for n in agreement_wide_notes(moc, topics)]
    # On the agreement and several of its rows: once. On two rows for their own reason, or on
    # one row only: stays in the rows.
    assert ids == ["n-agreement"]
    # Filtered to rows where it applies to every clause shown, a note counts too.
    assert "n-two" in [n.id for n in agreement_wide_notes(moc, ["asia-ai-ecosystem", "policy-framework"])]
    assert agreement_wide_notes(moc, ["asia-ai-ecosystem"]) == []
    assert matrix_codes([None] * 3) == ["A", "B", "C"]  # type: ignore[list-item]
    assert matrix_codes([None] * 28)[25:] == ["Z", "AA", "AB"]  # type: ignore[list-item]


# --------------------------------------------------------------------------- 11: URLs in cells


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_urls_in_compare_cells_are_whole_links_never_wrapped(size: tuple[int, int]) -> None:
    """A URL in a cell is never broken across lines (a terminal would not detect it): it is a
    short label on one line, whose hyperlink is the whole URL, and it is shown once per cell."""
    from briefing.tui.compare_screen import clause_text

    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=size) as pilot:
        screen = await open_compare(pilot)
        urls = set()
        for row in screen.comparison.rows:
            for ref, clause in ((screen.comparison.left, row.left), (screen.comparison.right, row.right)):
                if clause is None:
                    continue
                text = clause_text(ref, clause)
                links = [
                    span.style.link
                    for span in text.spans
                    if not isinstance(span.style, str) and span.style.link
                ]
                assert len(links) == len(set(links)), links  # once per cell
                urls.update(links)
        assert urls, "the bundled pair has official URLs"
        for line in screen_lines(app):
            for token in re.findall(r"https?://\S+", line):
                token = token.rstrip("▏▕│ ")
                assert token.endswith("…") or token in urls, (token, line)
