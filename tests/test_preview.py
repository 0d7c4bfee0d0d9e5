"""Moving the tree's cursor previews the unit in the reader (issue 13 item 10, a setting).

On by default, `p` or the palette turns it off and on, config.toml remembers it. A preview
is not an opened unit: it adds nothing to the history (`[` goes back to the unit opened
last), the focus stays in the tree, and a held `j` draws only the unit the cursor rests on.
"""

from __future__ import annotations

from pathlib import Path

from briefing.content import paths
from briefing.tui.app import BriefingApp
from briefing.tui.config import load_config
from briefing.tui.main_screen import PREVIEW_DELAY
from briefing.tui.nav import NavTree
from briefing.tui.reader import Reader

from tests.conftest import write
from tests.screen import (
    record_notices,
    screen_text,
    type_text,
    wait_for_disk,
    wait_for_notice,
    wait_for_palette,
    wait_until,
)

INTRO = "11월 1일, 경주에서 막을 내린 APEC회의에서"
SEC1 = "apec-ai-2025:sec-1"
SEC2 = "apec-ai-2025:sec-2"
SEC3 = "apec-ai-2025:sec-3"


def reader_text(app: BriefingApp) -> str:
    reader = app.screen.query_one(Reader)
    parts = [str(reader.query_one("#reader-heading").render())]
    parts.extend(str(view.render()) for view in reader.query("BlockView"))
    return "\n".join(parts)


def heading(app: BriefingApp, key: str) -> str:
    """The unit's heading as the reader shows it."""
    found = app.library.get(key)
    assert found is not None
    return found[1].heading  # sections only here


async def wait_for_reader(app: BriefingApp, pilot, key: str) -> None:
    """Until the reader shows ``key`` (what the user sees), or fail."""
    await wait_until(pilot, lambda: app.screen.query_one(Reader).key == key, f"the reader never showed {key}")
    await pilot.pause()


async def rest(pilot) -> None:
    """Long enough for a preview that was going to come to have come (for asserting none did)."""
    await pilot.pause(PREVIEW_DELAY * 4)
    await pilot.pause()


async def test_cursor_previews_the_unit_and_the_tree_keeps_focus() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        nav = app.screen.query_one(NavTree)
        assert app.focused is nav and INTRO in reader_text(app)
        await pilot.press("j")
        await wait_for_reader(app, pilot, SEC1)
        # The user sees the section under the cursor, without pressing enter...
        assert heading(app, SEC1) in reader_text(app)
        assert heading(app, SEC1) in screen_text(app)
        assert INTRO not in reader_text(app)
        # ...and keeps moving through the tree.
        assert app.focused is nav
        await pilot.press("down")
        await wait_for_reader(app, pilot, SEC2)
        assert app.focused is nav
        assert nav.cursor_node is not None and nav.cursor_node.data == SEC2


async def test_back_goes_to_the_unit_opened_last_not_each_preview() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")  # open sec-1 (the app opened on intro)
        await wait_for_reader(app, pilot, SEC1)
        await pilot.press("j")
        await wait_for_reader(app, pilot, SEC2)
        await pilot.press("j")
        await wait_for_reader(app, pilot, SEC3)
        # `[` from a preview: the unit opened last, not the previews passed on the way.
        await pilot.press("left_square_bracket")
        await wait_for_reader(app, pilot, SEC1)
        assert heading(app, SEC1) in reader_text(app)
        # And before it, the unit the app opened on: sec-2 and sec-3 were never opened.
        await pilot.press("left_square_bracket")
        await wait_for_reader(app, pilot, "apec-ai-2025:intro")
        assert INTRO in reader_text(app)
        await pilot.press("right_square_bracket")
        await wait_for_reader(app, pilot, SEC1)


async def test_enter_on_a_preview_opens_it_into_the_history() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        await wait_for_reader(app, pilot, SEC2)
        await pilot.press("enter")  # sec-2 is now opened
        await pilot.pause()
        await pilot.press("j")
        await wait_for_reader(app, pilot, SEC3)
        await pilot.press("left_square_bracket")
        await wait_for_reader(app, pilot, SEC2)
        await pilot.press("left_square_bracket")
        await wait_for_reader(app, pilot, "apec-ai-2025:intro")


async def test_back_from_a_preview_restores_the_opened_units_scroll() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        await pilot.press("j", "j", "enter", "tab")  # sec-2, a long section, read in the reader
        await wait_for_reader(app, pilot, SEC2)
        await pilot.press("ctrl+d", "ctrl+d")
        await pilot.pause()
        left_at = reader.scroll_y
        assert left_at > 0
        await pilot.press("shift+tab", "j")  # back to the tree; preview sec-3
        await wait_for_reader(app, pilot, SEC3)
        await pilot.press("left_square_bracket")
        await wait_for_reader(app, pilot, SEC2)
        await wait_until(pilot, lambda: reader.scroll_y == left_at, "the scroll was not restored")


async def test_holding_j_shows_the_unit_the_cursor_stops_on() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        nav = app.screen.query_one(NavTree)
        # Key repeat: presses as fast as the app takes them, through sections and into the
        # agreements (every kind of row the tree has: units, groups).
        await pilot.press(*["j"] * 9)
        assert app.focused is nav
        stopped_on = nav.cursor_node.data if nav.cursor_node is not None else None
        assert stopped_on and stopped_on.startswith("apec-ai-2025:")
        await wait_for_reader(app, pilot, stopped_on)
        await rest(pilot)
        assert app.screen.query_one(Reader).key == stopped_on
        # None of the units passed on the way went into the history.
        await pilot.press("left_square_bracket")
        await wait_for_reader(app, pilot, "apec-ai-2025:intro")


async def test_a_group_row_leaves_the_reader_as_it_is() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("k")  # from the first section up to its group's row
        await rest(pilot)
        assert INTRO in reader_text(app)


async def test_the_setting_toggles_with_p_and_is_remembered(user_dirs: dict[str, Path]) -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await wait_for_disk(app, pilot)
        await wait_for_notice(app, pilot, "Preview on move: off")
        await pilot.press("j")
        await rest(pilot)
        assert INTRO in reader_text(app)  # off: moving does not change the reader
        await pilot.press("enter")
        await wait_for_reader(app, pilot, SEC1)  # enter still opens
    assert load_config().preview is False
    assert "preview = false" in paths.config_file().read_text(encoding="utf-8")

    again = BriefingApp(user=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = again.screen.query_one(Reader).key
        await pilot.press("j")
        await rest(pilot)
        assert again.screen.query_one(Reader).key == start  # still off after a restart
        await pilot.press("p")  # on again: the unit under the cursor shows at once
        await wait_for_reader(again, pilot, again.screen.query_one(NavTree).cursor_node.data)
        await wait_for_disk(again, pilot)
        assert again.focused is again.screen.query_one(NavTree)
    assert load_config().preview is True


async def test_the_palette_toggles_the_setting(user_dirs: dict[str, Path]) -> None:
    # The user's other settings stay as they were when this one is written.
    config = write(
        user_dirs["config"] / "briefing" / "config.toml", 'theme = "nord"\n[keymap]\n"app.help" = "f1"\n'
    )
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Preview on move")
        await wait_for_palette(pilot)
        assert "Preview on move" in screen_text(app) and "(p)" in screen_text(app)
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        await wait_for_notice(app, pilot, "Preview on move: off")
    loaded = load_config(config)
    assert loaded.preview is False and loaded.theme == "nord" and loaded.keymap == {"app.help": "f1"}


async def test_a_bad_preview_setting_is_one_line_and_the_default_holds(user_dirs: dict[str, Path]) -> None:
    write(user_dirs["config"] / "briefing" / "config.toml", 'preview = "yes"\n')
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await wait_for_notice(app, pilot, '"preview" must be true or false (ignored)')
        await pilot.press("j")
        await wait_for_reader(app, pilot, SEC1)


async def test_help_lists_the_key() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: "Preview on move" in screen_text(app), "help never listed the key")
        line = next((ln for ln in screen_text(app).splitlines() if "Preview on move" in ln), "")
        assert " p " in f" {line} ", screen_text(app)


async def test_p_types_into_the_tree_filter() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        nav = app.screen.query_one(NavTree)
        await pilot.press("f")
        await type_text(pilot, "apec")
        assert nav.filter_text == "apec"
        assert app.config.preview is True  # the filter took the key, not the setting
        # Narrowing moves the cursor to the first match: the reader shows it.
        await pilot.press("enter")
        first = nav.cursor_node.data if nav.cursor_node is not None else None
        assert first
        await wait_for_reader(app, pilot, first)


async def test_the_app_revealing_a_unit_is_no_move_to_preview() -> None:
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.main
        # Opening a unit moves the tree's cursor to it (after a refresh); the briefing's page
        # shown right after must stay: only the user's moves preview.
        main.open_unit(SEC2)
        main.show_briefing(app.library.briefings[0])
        await rest(pilot)
        assert app.screen.query_one(Reader).key is None
        assert "id: apec-ai-2025" in reader_text(app)
        # The user's own move still previews, and `[` returns to the unit opened last.
        await pilot.press("j")
        await wait_for_reader(app, pilot, SEC3)
        await pilot.press("left_square_bracket")
        await wait_for_reader(app, pilot, SEC2)
