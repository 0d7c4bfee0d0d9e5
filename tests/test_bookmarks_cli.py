"""`briefing bookmarks` and `briefing export` as scripts use them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from briefing.bookmarks import BookmarkStore
from briefing.content import load_library, paths
from briefing.tui.cli import main
from markdown_it import MarkdownIt

from tests.conftest import MINI_BRIEFING, write


@pytest.fixture
def bookmarked(mini_briefing: Path) -> Path:
    library = load_library([mini_briefing], bundled=False, user=False)
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "section note")
    store.add(library, "mini:a1-t1", "clause note")
    store.save()
    return mini_briefing


def opts(content: Path) -> list[str]:
    return ["--content", str(content), "--no-bundled", "--no-user"]


def test_bookmarks_empty(capsys: pytest.CaptureFixture[str], mini_briefing: Path) -> None:
    assert main(["bookmarks", *opts(mini_briefing)]) == 0
    assert "no bookmarks" in capsys.readouterr().out
    assert main(["bookmarks", "--json", *opts(mini_briefing)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_bookmarks_lists_with_status(capsys: pytest.CaptureFixture[str], bookmarked: Path) -> None:
    assert main(["bookmarks", *opts(bookmarked)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ok") and "mini:a1-t1" in lines[0] and "clause note" in lines[0]

    write(bookmarked, MINI_BRIEFING.replace('id = "a1-t1"', 'id = "a1-t1-renamed"'))
    # Content options before the subcommand work too.
    assert main([*opts(bookmarked), "bookmarks", "--json", "--order", "briefing"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["key"], r["status"]) for r in rows] == [("mini:s1", "ok"), ("mini:a1-t1", "orphaned")]
    assert rows[1]["note"] == "clause note" and rows[1]["url"] == "https://example.org/a1"
    assert "A1 develops AI-ready datasets." in rows[1]["text"]


def test_corrupt_file_reported_on_stderr(capsys: pytest.CaptureFixture[str], mini_briefing: Path) -> None:
    write(paths.bookmarks_file(), "not json")
    assert main(["bookmarks", *opts(mini_briefing)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "set aside as" in err[0]


def test_export_writes_markdown(capsys: pytest.CaptureFixture[str], bookmarked: Path, tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    assert main(["export", "--out", str(out), *opts(bookmarked)]) == 0
    assert str(out) in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h3", "h3", "h4"]
    assert "section note" in text and "clause note" in text

    # Exists: refused in one line, exit 1, file untouched; --force overwrites.
    write(out, "mine")
    assert main(["export", "--out", str(out), *opts(bookmarked)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert out.read_text() == "mine"
    assert main(["export", "--out", str(out), "--force", *opts(bookmarked)]) == 0
    assert "clause note" in out.read_text(encoding="utf-8")


def test_export_default_path(capsys: pytest.CaptureFixture[str], bookmarked: Path) -> None:
    target = paths.documents_dir() / f"briefing-notes-{date.today().isoformat()}.md"
    assert main(["export", *opts(bookmarked)]) == 0
    assert target.exists()
    capsys.readouterr()
    assert main(["export", *opts(bookmarked)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_export_to_stdout_and_one_briefing(capsys: pytest.CaptureFixture[str], bookmarked: Path) -> None:
    assert main(["export", "--out", "-", "--briefing", "mini", *opts(bookmarked)]) == 0
    assert capsys.readouterr().out.startswith("# 브리핑 메모")
    assert main(["export", "--briefing", "nope", *opts(bookmarked)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no briefing 'nope'" in err and "mini" in err


def test_export_nothing_to_export(capsys: pytest.CaptureFixture[str], mini_briefing: Path) -> None:
    assert main(["export", *opts(mini_briefing)]) == 1
    assert "no bookmarks to export" in capsys.readouterr().err


@pytest.mark.parametrize(
    "target, words",
    [
        ("missing/memo.md", "does not exist"),
        (".", "it is a folder"),
        ("afile/memo.md", "is not a folder"),
        ("newfolder/", "names a folder"),
    ],
)
def test_export_bad_targets(
    capsys: pytest.CaptureFixture[str], bookmarked: Path, tmp_path: Path, target: str, words: str
) -> None:
    write(tmp_path / "afile", "x")
    assert main(["export", "--out", f"{tmp_path}/{target}", *opts(bookmarked)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err
    assert not (tmp_path / "newfolder").exists()  # a folder typed with "/" never becomes a file
