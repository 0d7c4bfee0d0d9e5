"""The reader, driven as a user drives it: keys in, what is on screen out."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing.content import unit_blocks
from briefing.tui.app import BriefingApp
from briefing.tui.config import load_config
from briefing.tui.help_screen import HelpScreen
from briefing.tui.nav import NavTree
from briefing.tui.reader import LinkList, Reader
from textual.widgets import OptionList

from tests.conftest import MINI_BRIEFING, write
from tests.screen import screen_text, wait_for_disk, wait_for_palette, wait_until


def reader_text(app: BriefingApp) -> str:
    reader = app.query_one(Reader)
    parts = [str(reader.query_one("#reader-heading").render())]
    parts.extend(str(view.render()) for view in reader.query("BlockView, UrlLine"))
    return "\n".join(parts)


async def test_opens_on_the_article(tmp_path: Path) -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.current_key == "apec-ai-2025:intro"
        assert "11월 1일, 경주에서 막을 내린 APEC회의에서" in reader_text(app)
        assert "APEC AI 이니셔티브, 미국과의 MOU, 그리고 우리의 과제" in screen_text(app).splitlines()[0]


async def test_tree_keys_open_every_section() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        nav = app.query_one(NavTree)
        assert app.focused is nav
        seen = []
        for _ in range(4):
            await pilot.press("j", "enter")
            await pilot.pause()
            seen.append(app.current_key)
        assert seen == [f"apec-ai-2025:{s}" for s in ("sec-1", "sec-2", "sec-3", "caption")]
        await pilot.press("k", "enter")
        await pilot.pause()
        assert app.current_key == "apec-ai-2025:sec-3"
        assert "2년 전인 2023년 8월" in reader_text(app)


async def test_links_followed_and_history(mini_briefing: Path) -> None:
    app = BriefingApp([mini_briefing], bundled=False, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:i1")
        await pilot.pause()
        links = app.query_one(LinkList)
        assert [o.id for o in links.options] == ["mini:a1-t1", "mini:s1"]
        links.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_key == "mini:a1-t1"
        text = reader_text(app)
        assert "공식 문구 · official wording" in text and "developing AI-ready datasets" in text
        assert "https://example.org/a1" in text
        assert "The article and the record differ on the date." in text
        # Links go both ways: the implication that cites this clause is listed.
        assert "mini:i1" in [o.id for o in app.query_one(LinkList).options]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.current_key == "mini:i1"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.current_key == "mini:a1-t1"
        await pilot.press("alt+left")
        await pilot.pause()
        assert app.current_key == "mini:i1"
        await pilot.press("alt+right")
        await pilot.pause()
        assert app.current_key == "mini:a1-t1"


async def test_absent_clause_says_so(mini_briefing: Path) -> None:
    app = BriefingApp([mini_briefing], bundled=False, user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_unit("mini:a2-t1")
        await pilot.pause()
        text = reader_text(app)
        assert "not in this agreement" in text and "A2 says nothing of datasets." in text


async def test_tab_switches_panes() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, NavTree)
        await pilot.press("tab")
        assert isinstance(app.focused, Reader)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, NavTree)


async def test_help_lists_keys_and_closes() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Search" in shown and "app.search" in shown and "Main · reader and tree" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_runs_actions_and_jumps_to_units() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Help")
        await wait_for_palette(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sec-3")
        await wait_for_palette(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_key == "apec-ai-2025:sec-3"


async def test_q_quits() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_several_briefings_and_skipped_files(tmp_path: Path, user_dirs: dict[str, Path]) -> None:
    write(
        user_dirs["data"] / "briefing" / "briefings" / "mine.toml",
        MINI_BRIEFING.replace('"mini"', '"mine"', 1),
    )
    extra = write(tmp_path / "extra" / "broken.toml", "[briefing]\nid = 1\n")
    app = BriefingApp([extra.parent])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [b.id for b in app.library] == ["apec-ai-2025", "mine"]
        nav = app.query_one(NavTree)
        labels = [str(node.label) for node in nav.root.children]
        assert any("skipped files (1)" in label for label in labels)
        app.main.action_show_problems()
        await pilot.pause()
        assert str(extra) in reader_text(app)


async def test_korean_wraps_inside_the_reader_at_80x24_and_200x50() -> None:
    for size in ((80, 24), (200, 50)):
        app = BriefingApp(user=False)
        async with app.run_test(size=size) as pilot:
            app.open_unit("apec-ai-2025:sec-2")
            await pilot.pause()
            reader = app.query_one(Reader)
            block = reader.query("BlockView").first()
            assert block.region.right <= size[0]
            lines = block.render_lines(block.region.reset_offset)
            widths = [sum(seg.cell_length for seg in line) for line in lines]
            assert max(widths) <= block.region.width
            # Double-width text is not cut: every syllable of the paragraph is on screen.
            shown = "".join("".join(seg.text for seg in line).strip() for line in lines)
            assert "트럼프정부들어처음으로" in shown.replace(" ", "")


async def test_theme_persists(user_dirs: dict[str, Path]) -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await wait_for_disk(app, pilot)
    assert load_config().theme == "nord"
    again = BriefingApp(user=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_keymap_override(user_dirs: dict[str, Path]) -> None:
    write(user_dirs["config"] / "briefing" / "config.toml", '[keymap]\n"app.help" = "f1"\n')
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_broken_config_is_reported_not_fatal(user_dirs: dict[str, Path]) -> None:
    write(user_dirs["config"] / "briefing" / "config.toml", "theme = \n")
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.config.problems and "config.toml:1:" in app.config.problems[0]


@pytest.mark.parametrize("size", [(40, 12), (120, 40)])
async def test_resize_keeps_working(size: tuple[int, int]) -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.current_key is not None
        assert isinstance(app.query_one("#links"), OptionList)


async def test_palette_opens_search_with_a_filter() -> None:
    from briefing.tui.search_screen import SearchScreen

    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Search clauses only")
        await wait_for_palette(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("Input").value == "kind:clause "


async def test_n_and_shift_n_step_through_highlighted_matches() -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_unit("apec-ai-2025:sec-2", highlight=["MOU"])
        await pilot.pause()
        reader = app.query_one(Reader)
        count = len(reader.matches)
        briefing, section = app.library.get("apec-ai-2025:sec-2")
        shown = [block.text for block in unit_blocks(briefing, section)]
        assert count == sum(text.upper().count("MOU") for text in shown) >= 7
        assert f"match 1/{count}" in screen_text(app)
        assert reader.match_index == 0
        start = reader.scroll_y
        for _ in range(4):
            await pilot.press("n")
        await pilot.pause()
        assert reader.match_index == 4
        assert reader.scroll_y > start  # the view followed the match down the section
        await pilot.press("N")
        assert reader.match_index == 3
        for _ in range(count - 3):
            await pilot.press("n")
        assert reader.match_index == 0  # wraps around


async def test_a_large_group_stays_closed_until_opened(tmp_path: Path) -> None:
    sections = "\n".join(
        f'[[section]]\nid = "s{n}"\ntitle = "Section {n}"\nparagraphs = ["paragraph {n}"]\n'
        for n in range(400)
    )
    path = write(
        tmp_path / "big.toml", f'[briefing]\nid = "big"\ntitle = "Big"\nlanguage = "en"\n\n{sections}'
    )
    app = BriefingApp([path], bundled=False, user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        nav = app.query_one(NavTree)
        assert app.current_key == "big:s0"
        group = nav.root.children[0].children[0]
        assert "(400)" in str(group.label)
        assert not any(node.data == "big:s399" for node in group.children)  # not filled at start
        group.expand()
        await pilot.pause()
        assert any(node.data == "big:s399" for node in group.children)
        app.open_unit("big:s399")
        await pilot.pause()
        assert nav.cursor_node is not None and nav.cursor_node.data == "big:s399"


async def test_a_large_library_loads_after_the_first_paint(tmp_path: Path) -> None:
    from briefing.tui.app import LARGE_CONTENT_BYTES

    paragraph = "고성능컴퓨팅 협력 " * 2000
    sections = "\n".join(
        f'[[section]]\nid = "s{n}"\ntitle = "Section {n}"\nparagraphs = ["{paragraph}"]\n' for n in range(80)
    )
    path = write(
        tmp_path / "large.toml", f'[briefing]\nid = "large"\ntitle = "Large"\nlanguage = "ko"\n\n{sections}'
    )
    assert path.stat().st_size > LARGE_CONTENT_BYTES
    app = BriefingApp([path], user=False)
    async with app.run_test(size=(100, 30)) as pilot:
        # The bundled briefing is on screen before the large one is read.
        assert [b.id for b in app.library] == ["apec-ai-2025"]
        assert app.current_key == "apec-ai-2025:intro"
        await wait_until(
            pilot,
            lambda: app.library.briefing("large") is not None and app.state.index_settled,
            "the large library never loaded and indexed",
            timeout=120,
        )
        assert [b.id for b in app.library] == ["apec-ai-2025", "large"]
        nav = app.query_one(NavTree)
        assert any("Large" in str(node.label) for node in nav.root.children)
        assert app.current_key == "apec-ai-2025:intro"
        assert any(hit.key == "large:s3" for hit in app.search_index.search("고성능컴퓨팅", 100))


async def test_palette_knows_the_open_screen() -> None:
    from briefing.tui.compare_screen import CompareScreen

    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        left = screen.left
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Swap sides")
        await wait_for_palette(pilot)
        assert "(s)" in screen_text(app)  # the key, as typed
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen and screen.right == left, "never swapped")
        # The main screen's actions are not offered here: they would act on a unit not in view.
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Swap sides" in titles and "Export" not in titles and "Bookmarks" not in titles
        assert len(titles) == len(set(titles))


async def test_palette_and_help_come_from_the_bindings(user_dirs: dict[str, Path]) -> None:
    write(user_dirs["config"] / "briefing" / "config.toml", '[keymap]\n"app.compare" = "ctrl+o"\n')
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        commands = list(app.get_system_commands(app.main))
        titles = [command.title for command in commands]
        assert len(titles) == len(set(titles)), titles  # no duplicates
        assert "Theme" in titles and "Change theme" not in titles
        helps = {command.title: command.help for command in commands}
        assert helps["Search"].endswith("(/)") and helps["Back"].endswith("([, alt+←)")
        assert helps["Compare"].endswith("(^o)")  # the user's keymap, not the default
        # Search filters come from the loaded agreements, each once.
        assert "Search within 한미 TPD MOU" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        assert "slash" not in shown and "question_mark" not in shown and "left_square_bracket" not in shown
        assert "^o" in shown
