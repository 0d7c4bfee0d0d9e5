"""Bookmarking as a user does it: b, a note, ctrl+s; B lists; r, delete, u; e exports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from briefing.bookmarks import BookmarkStore
from briefing.content import paths
from briefing.tui.app import BriefingApp
from briefing.tui.bookmark_flow import BookmarkActions
from briefing.tui.bookmarks_screen import BookmarksScreen
from briefing.tui.export_flow import ConfirmOverwrite, ExportDialog
from briefing.tui.note_editor import NoteEditor
from textual.widgets import Input, OptionList, TextArea

from tests.screen import record_notices, screen_text, wait_for_disk


def make_app(content: Path) -> BriefingApp:
    return BriefingApp([content], bundled=False, user=False)


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press({" ": "space", "\n": "enter"}.get(char, char))


def saved_notes() -> dict[str, str]:
    data = json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))
    return {r["id"]: r["note"] for r in data["bookmarks"]}


def list_text(screen: BookmarksScreen) -> str:
    options = screen.query_one(OptionList)
    return "\n".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))


async def test_bookmark_with_note_survives_a_restart(mini_briefing: Path) -> None:
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:a1-t1")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, NoteEditor)
        assert "A1 MOU · 데이터셋" in screen_text(app)
        await type_text(pilot, "Only the MOU\nsays datasets")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert app.bookmark_keys == {"mini:a1-t1"}
        assert saved_notes() == {"mini:a1-t1": "Only the MOU\nsays datasets"}
        assert "★" in screen_text(app)  # the marker in the tree

    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_disk(app, pilot)
        assert app.bookmark_keys == {"mini:a1-t1"}  # markers after the first paint
        await pilot.press("B")
        await wait_for_disk(app, pilot)
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        text = list_text(screen)
        assert "A1 MOU · 데이터셋" in text and "Only the MOU\n    says datasets" in text
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        assert not isinstance(app.screen, BookmarksScreen)
        assert app.current_key == "mini:a1-t1"


async def test_escape_cancels_without_bookmarking(mini_briefing: Path) -> None:
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:s1")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        await type_text(pilot, "never mind")
        await pilot.press("escape")
        await wait_for_disk(app, pilot)
        await pilot.press("d")  # discard the typed note, when asked
        await wait_for_disk(app, pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert app.bookmark_keys == set()
        assert not paths.bookmarks_file().exists()


async def test_b_on_a_bookmarked_unit_offers_edit_and_remove(mini_briefing: Path) -> None:
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:s1")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        await type_text(pilot, "first")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, BookmarkActions)
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "first"
        await type_text(pilot, " and more")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
        assert saved_notes() == {"mini:s1": "first and more"}
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        await pilot.press("x")
        await wait_for_disk(app, pilot)
        assert app.bookmark_keys == set() and saved_notes() == {}


async def test_bookmarks_screen_rewrite_delete_undo_order(mini_briefing: Path) -> None:
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_disk(app, pilot)
        for key in ("mini:i1", "mini:s1", "mini:a1-t1"):
            app.open_unit(key)
            await wait_for_disk(app, pilot)
            await pilot.press("b")
            await wait_for_disk(app, pilot)
            await type_text(pilot, f"note {key}")
            await pilot.press("ctrl+s")
            await wait_for_disk(app, pilot)
        await pilot.press("B")
        await wait_for_disk(app, pilot)
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert [b.id for b in screen.bookmarks] == ["mini:a1-t1", "mini:s1", "mini:i1"]  # newest first
        await pilot.press("o")
        await wait_for_disk(app, pilot)
        assert [b.id for b in screen.bookmarks] == ["mini:s1", "mini:a1-t1", "mini:i1"]  # briefing order
        assert "briefing order" in screen_text(app)
        await pilot.press("o", "j")  # newest first again; down to the second
        await wait_for_disk(app, pilot)
        assert screen.current().id == "mini:s1"

        await pilot.press("r")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("ctrl+u")  # delete to the start of the line, then type anew
        await type_text(pilot, "rewritten")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
        assert app.screen is screen
        assert saved_notes()["mini:s1"] == "rewritten"
        assert "rewritten" in list_text(screen)

        await pilot.press("delete")
        await wait_for_disk(app, pilot)
        assert [b.id for b in screen.bookmarks] == ["mini:a1-t1", "mini:i1"]
        assert set(saved_notes()) == {"mini:a1-t1", "mini:i1"}
        assert "mini:s1" not in app.bookmark_keys
        await pilot.press("u")
        await wait_for_disk(app, pilot)
        assert [b.id for b in screen.bookmarks] == ["mini:a1-t1", "mini:s1", "mini:i1"]
        assert screen.current().id == "mini:s1"
        assert saved_notes()["mini:s1"] == "rewritten"
        assert "mini:s1" in app.bookmark_keys
        await pilot.press("escape")
        await wait_for_disk(app, pilot)
        assert not isinstance(app.screen, BookmarksScreen)


async def test_orphaned_bookmark_listed_and_marked(tmp_path: Path, mini_briefing: Path) -> None:
    from briefing.content import load_library

    store = BookmarkStore.open()
    store.add(load_library([mini_briefing], bundled=False, user=False), "mini:i1", "kept")
    store.save()
    mini_briefing.write_text(
        mini_briefing.read_text(encoding="utf-8").replace('id = "i1"', 'id = "i1-gone"'), encoding="utf-8"
    )
    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B")
        await wait_for_disk(app, pilot)
        assert "orphaned" in list_text(app.screen)
        await pilot.press("enter")  # nowhere to go, but no crash and the screen stays
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, BookmarksScreen)


async def test_export_from_the_app(mini_briefing: Path) -> None:
    app = make_app(mini_briefing)
    notifications: list[tuple[str, str]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        real_notify = app.notify

        def spy(message, *args, **kwargs):
            notifications.append((str(message), kwargs.get("severity", "information")))
            return real_notify(message, *args, **kwargs)

        app.notify = spy  # type: ignore[method-assign]
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        assert notifications[-1][1] == "warning"  # nothing to export yet

        app.open_unit("mini:a1-t1")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        await type_text(pilot, "for the memo")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)

        await pilot.press("e")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        default = paths.documents_dir() / f"briefing-notes-{date.today().isoformat()}.md"
        assert app.screen.query_one(Input).value == str(default)
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        assert default.exists() and "for the memo" in default.read_text(encoding="utf-8")
        assert str(default) in notifications[-1][0]

        # Again: the file exists, so it asks; n keeps it, y overwrites.
        default.write_text("mine", encoding="utf-8")
        await pilot.press("B")
        await wait_for_disk(app, pilot)
        await pilot.press("e")  # from the bookmarks screen too
        await wait_for_disk(app, pilot)
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.press("n")
        await wait_for_disk(app, pilot)
        assert default.read_text(encoding="utf-8") == "mine"
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        await pilot.press("y")
        await wait_for_disk(app, pilot)
        assert "for the memo" in default.read_text(encoding="utf-8")

        # A bad path: one error line, no crash.
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        field = app.screen.query_one(Input)
        field.value = str(paths.documents_dir() / "missing" / "memo.md")
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        message, severity = notifications[-1]
        assert severity == "error" and "does not exist" in message and "\n" not in message


async def test_store_error_is_one_notification_and_keeps_the_bookmark(
    mini_briefing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data folder that cannot be created (its parent is a file: we run as root)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    app = make_app(mini_briefing)
    errors: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        real_notify = app.notify

        def spy(message, *args, **kwargs):
            if kwargs.get("severity") == "error":
                errors.append(str(message))
            return real_notify(message, *args, **kwargs)

        app.notify = spy  # type: ignore[method-assign]
        app.open_unit("mini:s1")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        await type_text(pilot, "kept")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
        assert len(errors) == 1 and "kept in memory" in errors[0] and "\n" not in errors[0]
        assert app.bookmark_keys == {"mini:s1"}
        assert app.bookmark_store.get("mini:s1").note == "kept"


async def test_bookmark_a_compare_row(mini_briefing: Path, tmp_path: Path) -> None:
    from briefing.bookmarks.export import render_markdown

    app = make_app(mini_briefing)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_disk(app, pilot)
        await pilot.press("c")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, NoteEditor)
        assert "⇄" in screen_text(app)
        await type_text(pilot, "row note")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
        [row] = app.bookmark_store.all()
        assert row.compare is not None and row.compare.topic == "t1"
        assert {row.compare.left, row.compare.right} == {"mini:a1-t1", "mini:a2-t1"}
        assert app.bookmark_keys == set()  # a row is not a unit: no tree marker
        await pilot.press("b")  # again on the same row: edit or remove
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, BookmarkActions)
        await pilot.press("escape")
        await wait_for_disk(app, pilot)
        md = render_markdown(app.bookmark_store.all(), app.library)
        assert "| --- | --- |" in md and "row note" in md


async def test_a_takes_a_changed_units_new_text_and_keeps_the_note(tmp_path: Path) -> None:
    from tests.conftest import MINI_BRIEFING, write

    path = write(tmp_path / "c" / "mini.toml", MINI_BRIEFING)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:s1")
        await wait_for_disk(app, pilot)
        await pilot.press("b")
        await wait_for_disk(app, pilot)
        await type_text(pilot, "keep me")
        await pilot.press("ctrl+s")
        await wait_for_disk(app, pilot)
    write(path, MINI_BRIEFING.replace("Second paragraph.", "Second paragraph, edited."))
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("B")
        await wait_for_disk(app, pilot)
        assert "changed since bookmarked" in screen_text(app)
        await pilot.press("a")
        await wait_for_disk(app, pilot)
        assert "changed since bookmarked" not in screen_text(app)
        (record,) = json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))["bookmarks"]
        assert "Second paragraph, edited." in record["text"]
        assert record["note"] == "keep me"


async def test_export_to_a_path_ending_in_a_slash_is_refused(mini_briefing: Path, tmp_path: Path) -> None:
    app = make_app(mini_briefing)
    said = record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_unit("mini:s1")
        await wait_for_disk(app, pilot)
        await pilot.press("b", "ctrl+s")
        await wait_for_disk(app, pilot)
        await pilot.press("e")
        await wait_for_disk(app, pilot)
        field = app.screen.query_one(Input)
        field.value = str(tmp_path / "not-yet") + "/"
        await pilot.press("enter")
        await wait_for_disk(app, pilot)
        assert isinstance(app.screen, ExportDialog)  # still asking
        assert not (tmp_path / "not-yet").exists()
        assert any("names a folder" in message for message in said)
