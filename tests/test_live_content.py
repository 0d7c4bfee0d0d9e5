"""The library follows its files while the app runs: edits on disk reload within about a
second (the last good version stays when the file breaks), `E` hands the unit's file to the
user's editor, and the palette imports a document.

Real files in temp XDG folders, the real app under Pilot; waiting is on the state's
``library_reloaded`` signal or on what the screen shows, never on fixed sleeps.
"""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path

import pytest
from briefing.content import paths
from briefing.content.places import editor_command, unit_place
from briefing.tui.app import BriefingApp
from briefing.tui.live_content import run_editor
from textual.widgets import Input

from tests.importing import DATA
from tests.screen import notices, record_notices, screen_text, wait_until

PARAGRAPHS = [f"Paragraph {n} of the long section." for n in range(60)]


def _briefing(first: str) -> str:
    paragraphs = ",\n".join(f'  "{p}"' for p in [first, *PARAGRAPHS])
    return (
        textwrap.dedent(
            """\
        [briefing]
        id = "mine"
        title = "My own briefing"
        language = "en"

        [[section]]
        id = "s1"
        number = "1"
        title = "Long section"
        paragraphs = [
        """
        )
        + paragraphs
        + "\n]\n"
    )


def _user_file(text: str) -> Path:
    path = paths.user_content_dir() / "mine" / "briefing.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _reloads(app: BriefingApp) -> asyncio.Event:
    """Set each time the state announces ``library_reloaded``."""
    event = asyncio.Event()
    app.state.library_reloaded.subscribe(app, lambda _library: event.set())
    return event


def _said(app: BriefingApp, text: str) -> bool:
    return any(text in m for m in notices(app))


async def _wait(pilot, event: asyncio.Event, what: str) -> None:
    try:
        await asyncio.wait_for(event.wait(), timeout=15)
    except TimeoutError:
        raise AssertionError(what) from None
    event.clear()
    await pilot.pause()


async def test_file_edited_on_disk_reloads_in_place_and_a_broken_one_keeps_the_last_good() -> None:
    path = _user_file(_briefing("The first wording of the opening."))
    app = BriefingApp(bundled=False)
    record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(
            pilot, lambda: app.watcher is not None and app.watcher.ready, "the watcher never started"
        )
        reloaded = _reloads(app)
        app.open_unit("mine:s1")
        await pilot.pause()
        reader = app.main.query_one("#reader")
        reader.scroll_to(y=12, animate=False)
        await wait_until(pilot, lambda: reader.scroll_y == 12, "the reader never scrolled")

        # Another editor rewrites the paragraph that is in the file.
        path.write_text(_briefing("The second wording, saved elsewhere."), encoding="utf-8")
        await _wait(pilot, reloaded, "the edit was never reloaded")
        reader.scroll_to(y=0, animate=False)  # what is shown at the top, then back
        await pilot.pause()
        assert "The second wording, saved elsewhere." in reader.plain_text
        assert "The first wording" not in reader.plain_text
        assert app.current_key == "mine:s1"

        # Scroll position kept through a reload.
        reader.scroll_to(y=12, animate=False)
        await wait_until(pilot, lambda: reader.scroll_y == 12, "the reader never scrolled")
        path.write_text(_briefing("The third wording."), encoding="utf-8")
        await _wait(pilot, reloaded, "the second edit was never reloaded")
        await pilot.pause()
        assert reader.scroll_y == 12
        assert "The third wording." in reader.plain_text

        # Broken: the last good version stays, the error names file:line.
        broken = path.read_text(encoding="utf-8").replace('title = "Long section"', 'title = "Long section')
        path.write_text(broken, encoding="utf-8")
        await wait_until(pilot, lambda: _said(app, "briefing.toml:"), "no file:line error")
        line = next(m for m in notices(app) if "last good version stays" in m)
        assert f"{path}:9:" in line and "\n" not in line
        assert "The third wording." in reader.plain_text
        assert app.library.get("mine:s1") is not None

        # Fixed again: it reloads.
        path.write_text(_briefing("The fixed wording."), encoding="utf-8")
        await _wait(pilot, reloaded, "the fixed file was never reloaded")
        assert "The fixed wording." in reader.plain_text


async def test_search_finds_the_edited_text_after_a_reload() -> None:
    path = _user_file(_briefing("Zanzibar datasets are mentioned here."))
    app = BriefingApp(bundled=False)
    record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(
            pilot,
            lambda: app.watcher is not None and app.watcher.ready and app.state.search_index is not None,
            "no index",
        )
        assert app.state.search_index.search("Zanzibar")
        ready = asyncio.Event()
        app.state.index_ready.subscribe(app, lambda _state: ready.set())
        path.write_text(_briefing("Kilimanjaro datasets replace them."), encoding="utf-8")
        await _wait(pilot, ready, "the index never refreshed")
        assert app.state.search_index.search("Kilimanjaro")
        assert not app.state.search_index.search("Zanzibar")


EDITOR_SCRIPT = """\
import sys
from pathlib import Path
path = Path(sys.argv[-1])
path.write_text(path.read_text(encoding="utf-8").replace("Before the editor.", "After the editor."),
                encoding="utf-8")
"""


def _editor(tmp_path: Path) -> str:
    script = tmp_path / "edit.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    return f"{sys.executable} {script}"


async def test_E_without_an_editor_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    path = _user_file(_briefing("Before the editor."))
    app = BriefingApp(bundled=False)
    record_notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        app.open_unit("mine:s1")
        await pilot.press("E")
        await wait_until(pilot, lambda: _said(app, "Set $VISUAL or $EDITOR"), "no message")
        assert "Before the editor." in path.read_text(encoding="utf-8")


async def test_E_on_bundled_content_says_it_is_read_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", _editor(tmp_path))
    app = BriefingApp(user=False)
    record_notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.current_key is not None, "nothing opened")
        await pilot.press("E")
        await wait_until(pilot, lambda: _said(app, "read-only"), "no read-only message")


async def test_E_runs_the_editor_at_the_unit_and_the_briefing_reloads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", _editor(tmp_path))
    path = _user_file(_briefing("Before the editor."))
    app = BriefingApp(bundled=False)
    record_notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(
            pilot, lambda: app.watcher is not None and app.watcher.ready, "the watcher never started"
        )
        reloaded = _reloads(app)
        app.open_unit("mine:s1")
        await pilot.press("E")
        # The headless test driver cannot suspend; the app says so instead of failing.
        await wait_until(pilot, lambda: _said(app, "cannot hand over to an editor"), "no message")
        assert "Before the editor." in path.read_text(encoding="utf-8")
        # What the flow runs while suspended: the editor at the unit's file and line.
        place = unit_place(app.library, "mine:s1")
        assert place is not None and place[0] == path and place[1] > 1
        argv = editor_command(*place)
        assert argv is not None and argv[-1] == str(path)
        assert run_editor(argv) == 0
        await _wait(pilot, reloaded, "the edited briefing was never reloaded")
        reader = app.main.query_one("#reader")
        assert app.current_key == "mine:s1"
        assert "After the editor." in reader.plain_text


async def test_palette_imports_a_document_into_the_tree() -> None:
    app = BriefingApp(bundled=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(
            pilot, lambda: app.watcher is not None and app.watcher.ready, "the watcher never started"
        )
        await pilot.press("ctrl+p")
        for ch in "Import a document":
            await pilot.press("space" if ch == " " else ch)
        await wait_until(pilot, lambda: "Import a document..." in screen_text(app), "not in the palette")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.screen.query("#import-path")), "no path prompt")
        app.screen.query_one("#import-path", Input).value = str(DATA / "policy-report.md")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: app.library.briefing("policy-report") is not None, f"never added {notices(app)}"
        )
        folder = paths.user_content_dir() / "policy-report"
        assert (folder / "briefing.toml").is_file()
        title = app.library.briefing("policy-report").title
        await wait_until(pilot, lambda: title[:20] in screen_text(app), "not in the tree")
        await wait_until(pilot, lambda: (app.current_key or "").startswith("policy-report:"), "not opened")
        await wait_until(
            pilot,
            lambda: app.state.search_index is not None and app.state.search_index.search("scarce"),
            "the import was never indexed",
        )


async def test_palette_import_refused_is_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    app = BriefingApp(bundled=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(
            pilot, lambda: app.watcher is not None and app.watcher.ready, "the watcher never started"
        )
        app.action_import_document()
        await wait_until(pilot, lambda: bool(app.screen.query("#import-path")), "no path prompt")
        app.screen.query_one("#import-path", Input).value = str(empty)
        await pilot.press("enter")
        await wait_until(pilot, lambda: _said(app, "Not imported: empty.txt"), "no refusal line")
        assert not (paths.user_content_dir() / "empty").exists()
        assert len(app.library) == 0


async def test_bookmark_on_a_unit_edited_on_disk_shows_as_changed() -> None:
    from briefing.bookmarks import BookmarkStore
    from briefing.content.library import load_roots

    path = _user_file(_briefing("The bookmarked wording."))
    store = BookmarkStore.open()
    store.add(load_roots([paths.user_content_dir()]), "mine:s1", note="watch this")
    store.save()
    app = BriefingApp(bundled=False)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(
            pilot, lambda: app.watcher is not None and app.watcher.ready, "the watcher never started"
        )
        await wait_until(pilot, lambda: "mine:s1" in app.bookmark_keys, "bookmarks never loaded")
        reloaded = _reloads(app)
        await pilot.press("B")
        await wait_until(pilot, lambda: "Long section" in screen_text(app), "bookmarks not listed")
        assert "[changed]" not in screen_text(app)
        path.write_text(_briefing("A different wording now."), encoding="utf-8")
        await _wait(pilot, reloaded, "the edit was never reloaded")
        await wait_until(pilot, lambda: "[changed]" in screen_text(app), "the bookmark was not re-checked")
