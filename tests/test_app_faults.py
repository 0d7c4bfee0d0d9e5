"""No worker ends the app, nothing unsaved is lost on quit, no stored escape code reaches the
terminal: each fault is made with real bad files on disk and driven through the app."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

from briefing.bookmarks import BookmarkStore
from briefing.content import load_library, paths
from briefing.tui.app import BriefingApp
from briefing.tui.bookmark_flow import BookmarkActions
from briefing.tui.export_flow import ExportDialog
from briefing.tui.note_editor import NoteEditor
from briefing.tui.quit_flow import SaveElsewhere, UnsavedBookmarks
from briefing.tui.search_screen import SearchScreen
from textual.widgets import Input, TextArea

from tests.conftest import REPO
from tests.screen import screen_text, type_text, wait_for_disk, wait_for_index, wait_for_results, wait_until


def make_app(content: Path) -> BriefingApp:
    return BriefingApp([content], bundled=False, user=False)


def spy_notifications(app: BriefingApp) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    real = app.notify

    def spy(message, *args, **kwargs):
        seen.append((str(message), kwargs.get("severity", "information")))
        return real(message, *args, **kwargs)

    app.notify = spy  # type: ignore[method-assign]
    return seen


def errors(seen: list[tuple[str, str]]) -> list[str]:
    return [message for message, severity in seen if severity in ("error", "warning")]


def saved_bookmark(library_path: Path, key: str, note: str = "n") -> None:
    store = BookmarkStore.open()
    store.add(load_library([library_path], bundled=False, user=False), key, note)
    store.save()


def edit_saved_records(change) -> None:
    path = paths.bookmarks_file()
    data = json.loads(path.read_text(encoding="utf-8"))
    for record in data["bookmarks"]:
        change(record)
    path.write_text(json.dumps(data), encoding="utf-8")


# --------------------------------------------------------------------------- every worker


def test_every_worker_is_started_so_its_failure_cannot_end_the_app() -> None:
    """The class, not the examples: each worker in the app passes exit_on_error=False."""
    offenders = []
    for path in sorted((REPO / "tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if name not in ("run_worker", "work"):
                continue
            safe = any(
                k.arg == "exit_on_error" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in node.keywords
            )
            if not safe:
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


async def test_search_worker_with_the_index_gone_and_no_cache(user_dirs: dict[str, Path]) -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        assert app.search_index is not None
        # The index's files deleted, and the cache folder replaced by a file: no rebuild.
        cache = paths.index_dir()
        shutil.rmtree(cache)
        folder = user_dirs["cache"] / "briefing"
        shutil.rmtree(folder, ignore_errors=True)
        folder.write_text("not a folder")
        await pilot.press("slash")
        await type_text(pilot, "미국")
        # Answered or refused, the search screen shows what became of the query.
        await wait_for_results(app.screen, pilot, "미국")
        assert app.is_running and isinstance(app.screen, SearchScreen)
        status = str(app.screen.query_one("#search-status").render())
        assert "\n" not in status.strip()
        assert app.screen.hits == [] or "Cannot search" not in status


async def test_theme_picked_with_a_non_utf8_config(user_dirs: dict[str, Path]) -> None:
    config = user_dirs["config"] / "briefing" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_bytes(b'theme = "nord"\n# \xff\xfe caf\xe9\n')
    app = BriefingApp(user=False)
    seen = spy_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "gruvbox"
        await wait_for_disk(app, pilot)
        assert app.is_running
        assert any("not UTF-8" in m and "\n" not in m for m in errors(seen))
    # The file it could not read is left as it was.
    assert config.read_bytes() == b'theme = "nord"\n# \xff\xfe caf\xe9\n'


async def test_export_dialog_with_an_overlong_file_name(mini_briefing: Path) -> None:
    saved_bookmark(mini_briefing, "mini:s1")
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        seen = spy_notifications(app)
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one(Input).value = str(paths.documents_dir() / ("x" * 300 + ".md"))
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        assert app.is_running
        problems = errors(seen)
        assert problems and "too long" in problems[-1].lower() and "\n" not in problems[-1]


async def test_x_on_a_bookmark_from_the_far_future(mini_briefing: Path) -> None:
    saved_bookmark(mini_briefing, "mini:s1")
    edit_saved_records(lambda r: r.update(updated="9999-12-31T23:59:59.999999Z"))
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        seen = spy_notifications(app)
        app.open_unit("mini:s1")
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, BookmarkActions)
        await pilot.press("x")
        await wait_for_disk(app, pilot)
        assert app.is_running
        # The far-future time is clamped when read (bookmarks.records.parse_ts): the removal
        # simply works, and whatever is said is one line.
        said = [message for message, _severity in seen]
        assert any("Removed bookmark" in message for message in said), said
        assert all("\n" not in message for message in said)
        await pilot.press("j")  # still answering keys
        await pilot.pause()
        assert app.is_running


async def test_bookmarks_file_that_is_a_folder(mini_briefing: Path) -> None:
    paths.bookmarks_file().mkdir(parents=True)
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_disk(app, pilot)
        app.open_unit("mini:s1")
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        if isinstance(app.screen, NoteEditor):
            await pilot.press("ctrl+s")
            await wait_for_disk(app, pilot)
        assert app.is_running


# --------------------------------------------------------------------------- nothing lost on quit


async def _bookmark_unsaved(app: BriefingApp, pilot, note: str) -> None:
    app.open_unit("mini:s1")
    await pilot.press("b")
    await wait_for_disk(app, pilot)
    await type_text(pilot, note)
    await pilot.press("ctrl+s")
    await wait_for_disk(app, pilot)
    assert app.state.unsaved_bookmarks


async def test_q_with_unsaved_bookmarks_saves_them_elsewhere(
    mini_briefing: Path, user_dirs: dict[str, Path], tmp_path: Path
) -> None:
    # The bookmarks folder cannot be made: where it would be is a file.
    shutil.rmtree(user_dirs["data"])
    user_dirs["data"].write_text("a file")
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        seen = spy_notifications(app)
        await _bookmark_unsaved(app, pilot, "rescued")
        assert any("kept in memory" in m for m in errors(seen))
        await pilot.press("q")
        await wait_for_disk(app, pilot)
        assert app.is_running and isinstance(app.screen, UnsavedBookmarks)
        assert "not saved" in screen_text(app)
        await pilot.press("escape")  # cancel: keep working
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, UnsavedBookmarks)
        await pilot.press("q")
        await wait_for_disk(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveElsewhere)
        target = tmp_path / "rescue.json"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.return_code is not None, "the app never ended")
    assert target.exists(), [p.name for p in tmp_path.iterdir()]
    rescued = BookmarkStore.open(target)
    assert rescued.get("mini:s1").note == "rescued", target.read_text(encoding="utf-8")


async def test_q_retry_saves_once_the_folder_is_back(mini_briefing: Path, user_dirs: dict[str, Path]) -> None:
    shutil.rmtree(user_dirs["data"])
    user_dirs["data"].write_text("a file")
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        await _bookmark_unsaved(app, pilot, "retried")
        await pilot.press("q")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, UnsavedBookmarks)
        user_dirs["data"].unlink()
        user_dirs["data"].mkdir()
        await pilot.press("r")
        await wait_until(pilot, lambda: app.return_code is not None, "the app never ended")
    assert BookmarkStore.open().get("mini:s1").note == "retried"


async def test_q_quit_anyway_is_the_analysts_choice(mini_briefing: Path, user_dirs: dict[str, Path]) -> None:
    shutil.rmtree(user_dirs["data"])
    user_dirs["data"].write_text("a file")
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        await _bookmark_unsaved(app, pilot, "dropped")
        await pilot.press("q")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, UnsavedBookmarks)
        await pilot.press("exclamation_mark")
        await wait_until(pilot, lambda: app.return_code is not None, "the app never ended")


# --------------------------------------------------------------------------- escape codes (issue 11: 3, 4)


async def test_note_editor_never_shows_a_stored_notes_escape_codes(mini_briefing: Path) -> None:
    saved_bookmark(mini_briefing, "mini:s1")
    edit_saved_records(lambda r: r.update(note="red\x1b[41m alert \x1b]52;c;ZXZpbA==\x07 done"))
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:s1")
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, NoteEditor)
        text = app.screen.query_one(TextArea).text
        assert "\x1b" not in text and "\x07" not in text
        assert "red" in text and "alert" in text and "done" in text
        assert "\x1b" not in app.export_screenshot()


async def test_config_messages_and_keys_are_inert(user_dirs: dict[str, Path]) -> None:
    config = user_dirs["config"] / "briefing" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[keymap]\n"app.help\\u001b]52;c;ZXZpbA==\\u0007" = "f1"\n"app.quit" = "q\\u001b[41m"\n',
        encoding="utf-8",
    )
    app = BriefingApp(user=False)
    seen = spy_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(app.config.problems) == 2
        assert all("\x1b" not in m and "\x07" not in m for m, _ in seen)
        assert app.config.keymap == {}
        await pilot.press("question_mark")
        await pilot.pause()
        assert "\x1b" not in screen_text(app)
