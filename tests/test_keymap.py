"""The user's keymap: an unknown id, a key that is not one, or a key another binding holds each
get one line naming the entry, and the binding keeps its default (issue 13 item 6)."""

from __future__ import annotations

from pathlib import Path

from briefing.tui.app import BriefingApp
from briefing.tui.help_screen import HelpScreen
from briefing.tui.keymap import app_chains, check_keymap, key_problem
from textual.command import CommandPalette

from tests.conftest import write
from tests.screen import notices, record_notices


def with_keymap(user_dirs: dict[str, Path], lines: str) -> Path:
    return write(user_dirs["config"] / "briefing" / "config.toml", "[keymap]\n" + lines)


async def notified(app: BriefingApp, pilot) -> list[str]:
    """What the app has notified so far (recorded since ``record_notices``)."""
    await pilot.pause()
    return notices(app)


def search_open(app: BriefingApp) -> bool:
    return type(app.screen).__name__ == "SearchScreen"


async def test_a_key_taken_from_search_is_refused_and_search_still_opens(user_dirs: dict[str, Path]) -> None:
    with_keymap(user_dirs, '"app.compare" = "/"\n')
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        said = await notified(app, pilot)
        line = next(m for m in said if '"app.compare"' in m)
        assert "config.toml" in line and '"/" is already Search (app.search)' in line
        assert 'kept "c"' in line
        await pilot.press("slash")
        await pilot.pause()
        assert search_open(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "CompareScreen"


async def test_the_palette_key_cannot_be_taken(user_dirs: dict[str, Path]) -> None:
    with_keymap(user_dirs, '"app.search" = "ctrl+p"\n')
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        said = await notified(app, pilot)
        assert any('"app.search" = "ctrl+p"' in m and "palette" in m for m in said)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_unknown_ids_and_bad_keys_are_named_and_the_good_entry_applies(
    user_dirs: dict[str, Path],
) -> None:
    with_keymap(user_dirs, '"app.serch" = "f2"\n"app.bookmarks" = "ctrl+shfit+b"\n"app.help" = "f1"\n')
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        said = await notified(app, pilot)
        assert any('"app.serch"' in m and "no binding has this id" in m for m in said)
        assert any('"app.bookmarks"' in m and '"shfit" is not a modifier' in m for m in said)
        assert not any('"app.help"' in m for m in said)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_swapping_two_keys_is_not_a_clash(user_dirs: dict[str, Path]) -> None:
    with_keymap(user_dirs, '"app.search" = "c"\n"app.compare" = "slash"\n')
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        said = await notified(app, pilot)
        assert not any("keymap" in m for m in said)
        await pilot.press("c")
        await pilot.pause()
        assert search_open(app)


def test_key_names() -> None:
    assert key_problem("ctrl+f") is None and key_problem("slash") is None and key_problem("f5") is None
    assert key_problem("N") is None and key_problem("question_mark") is None
    assert key_problem("f99") and key_problem("ctlr+x") and key_problem("")


def test_a_clash_inside_the_tree_is_found() -> None:
    _app, chains = app_chains()
    # j moves down in the tree: bookmarking on j would be shadowed there.
    accepted, problems = check_keymap({"app.bookmark": "j"}, chains, "config.toml")
    assert accepted == {} and "(nav.down)" in problems[0]


def test_adding_a_key_to_a_binding_keeps_the_keys_it_had() -> None:
    _app, chains = app_chains()
    # q is also "cancel" in some dialogs, by design: adding ctrl+q to quit is no clash.
    accepted, problems = check_keymap({"app.quit": "q,ctrl+q", "app.search": "/,s"}, chains, "config.toml")
    assert accepted == {"app.quit": "q,ctrl+q", "app.search": "/,s"} and problems == []
