"""The headless pieces the app's edit-and-reload loop uses: where a unit is written, the
editor command, reloading one briefing (last good version kept on errors), and the
change detector."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.content import load_library
from briefing.content.places import editor_command, unit_place
from briefing.content.reload import ChangeDetector, reload_briefing

from tests.conftest import MINI_BRIEFING, write
from tests.importing import content_dir, run


def _scaffold(capsys) -> Path:
    assert run(capsys, "new", "draft")[0] == 0
    return content_dir() / "draft"


def test_unit_place_names_file_and_header_line(capsys, mini_briefing: Path) -> None:
    folder = _scaffold(capsys)
    library = load_library([mini_briefing])
    assert unit_place(library, "draft:example-mou-topic") == (folder / "clauses.toml", 3)
    assert unit_place(library, "draft:intro") == (folder / "sections.toml", 4)
    text = mini_briefing.read_text(encoding="utf-8").split("\n")
    path, line = unit_place(library, "mini:a2-t1")
    assert path == mini_briefing and text[line - 1] == "[[clause]]" and text[line] == 'id = "a2-t1"'
    assert unit_place(library, "draft:nothing") is None
    assert unit_place(library, "nobody:intro") is None


def test_unit_place_follows_the_file_as_it_is_now(capsys) -> None:
    folder = _scaffold(capsys)
    library = load_library()
    clauses = folder / "clauses.toml"
    clauses.write_text("# two more lines\n\n" + clauses.read_text(encoding="utf-8"), encoding="utf-8")
    assert unit_place(library, "draft:example-mou-topic") == (clauses, 5)


def test_editor_command() -> None:
    target = Path("/tmp/x.toml")
    assert editor_command(target, 7, {"EDITOR": "vim"}) == ["vim", "+7", "/tmp/x.toml"]
    assert editor_command(target, 7, {"VISUAL": "nvim -u NONE", "EDITOR": "nano"}) == [
        "nvim",
        "-u",
        "NONE",
        "+7",
        "/tmp/x.toml",
    ]
    assert editor_command(target, 7, {"EDITOR": "code --wait"}) == ["code", "--wait", "-g", "/tmp/x.toml:7"]
    assert editor_command(target, 7, {"EDITOR": "/usr/bin/my-script.sh"}) == [
        "/usr/bin/my-script.sh",
        "/tmp/x.toml",
    ]
    assert editor_command(target, 7, {}) is None


def test_reload_takes_a_clean_edit(capsys) -> None:
    folder = _scaffold(capsys)
    library = load_library()
    sections = folder / "sections.toml"
    sections.write_text(
        sections.read_text(encoding="utf-8").replace(
            "The second paragraph.", "The second paragraph, edited."
        ),
        encoding="utf-8",
    )
    before = library.briefing("draft")
    result = reload_briefing(library, "draft")
    assert result.replaced and result.errors == []
    assert library.briefing("draft") is result.briefing is not before
    assert library.get("draft:intro")[1].paragraphs[1] == "The second paragraph, edited."
    assert [b.id for b in library][:2] == ["apec-ai-2025", "draft"]  # same place in the order


def test_reload_keeps_the_last_good_version_on_errors(capsys) -> None:
    folder = _scaffold(capsys)
    library = load_library()
    before = library.briefing("draft")
    clauses = folder / "clauses.toml"
    clauses.write_text(
        clauses.read_text(encoding="utf-8").replace('topic = "example-topic"', "topic = "), encoding="utf-8"
    )
    result = reload_briefing(library, "draft")
    assert not result.replaced
    assert library.briefing("draft") is before and result.briefing is before
    # The syntax error, then the links that now point at nothing.
    assert str(result.errors[0]) == f"{clauses}:6:9: TOML syntax: Invalid value"
    assert any('unknown clause "example-mou-topic"' in str(p) for p in result.errors[1:])
    # Fixed: the next reload takes it, and the library's problems for the briefing go.
    clauses.write_text(
        clauses.read_text(encoding="utf-8").replace("topic = \n", 'topic = "example-topic"\n'),
        encoding="utf-8",
    )
    result = reload_briefing(library, "draft")
    assert result.replaced and library.errors == []


def test_reload_refuses_an_id_that_another_briefing_has(capsys, mini_briefing: Path) -> None:
    folder = _scaffold(capsys)
    library = load_library([mini_briefing])
    meta = folder / "briefing.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('id = "draft"', 'id = "mini"'), encoding="utf-8")
    result = reload_briefing(library, "draft")
    assert not result.replaced and 'briefing id changed to "mini"' in str(result.errors[0])
    assert library.briefing("draft") is not None


def test_change_detector(capsys, mini_briefing: Path) -> None:
    folder = _scaffold(capsys)
    library = load_library([mini_briefing])
    detector = ChangeDetector.of(library)
    assert detector.changed() == []
    notes = folder / "notes.toml"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert detector.changed() == ["draft"]
    assert detector.changed() == []  # reported once
    # A new file, an editor's save-by-rename (same size, new inode), a single-file briefing.
    write(folder / "extra.toml", "")
    assert detector.changed() == ["draft"]
    replacement = folder / ".notes.tmp"
    replacement.write_bytes(notes.read_bytes())
    stat = notes.stat()
    os.replace(replacement, notes)
    os.utime(notes, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert detector.changed() == ["draft"]
    write(mini_briefing, MINI_BRIEFING.replace("Mini briefing", "Mini briefing 2"))
    assert detector.changed() == ["mini"]
    (folder / "extra.toml").unlink()
    detector.forget("draft")
    assert detector.changed() == []


def test_untracked_finds_a_briefing_imported_while_running(capsys, tmp_path: Path) -> None:
    from briefing.content.library import default_paths

    _scaffold(capsys)
    library = load_library()
    detector = ChangeDetector.of(library)
    assert detector.untracked(default_paths()) == []
    memo = tmp_path / "memo.md"
    memo.write_text("# Memo\n\nText.\n", encoding="utf-8")
    assert run(capsys, "import", str(memo))[0] == 0
    assert detector.untracked(default_paths()) == [content_dir() / "memo"]
