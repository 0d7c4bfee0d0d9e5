"""`briefing search`: human output, JSON, no match, malformed queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from briefing.tui.cli import main

from tests.conftest import briefing_toml, write
from tests.reliability_helpers import decoded, run_cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["search", *argv, "--no-user"])
    out, err = capsys.readouterr()
    return code, out, err


def test_human_output_shows_location_snippet_and_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "고성능", "컴퓨팅")
    assert code == 0, err
    first = out.splitlines()[0]
    assert "조항 · clause" in first and "미일 TPD MOC" in first
    assert "고성능컴퓨팅" in out
    assert "apec-ai-2025:moc-computing-infrastructure" in out.split("\n 2.")[0]


def test_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "고성능 컴퓨팅", "--json", "--limit", "5")
    assert code == 0
    hits = json.loads(out)
    assert 1 <= len(hits) <= 5
    for hit in hits:
        assert {"id", "kind", "briefing", "title", "text", "snippet", "score"} <= set(hit)
    top = hits[0]
    assert top["id"] == "moc-computing-infrastructure"
    assert top["kind"] == "clause"
    assert top["briefing"] == "apec-ai-2025"
    assert "고성능컴퓨팅" in top["matched"]
    for start, end in top["spans"]:
        assert top["text"][start:end] in top["matched"]


def test_cli_and_index_agree(capsys: pytest.CaptureFixture[str]) -> None:
    from briefing import index
    from briefing.content import load_library

    code, out, _ = run(capsys, "기술 동맹", "--json")
    assert code == 0
    expected = [h.key for h in index.open_or_build(load_library(user=False)).search("기술 동맹", 20)]
    assert [h["key"] for h in json.loads(out)] == expected


def test_no_match_is_an_empty_array(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "존재하지않는낱말zzz", "--json")
    assert code == 0
    assert json.loads(out) == []


def test_no_match_human(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "존재하지않는낱말zzz")
    assert code == 0
    assert "No matches" in out


@pytest.mark.parametrize("query", ["kind:nonsense", "agreement:no-such-thing 미국", "NOT 미국"])
def test_malformed_query_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, err = run(capsys, query)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("query", ['"unbalanced', "[bold]x[/bold]", "*", "OR", "\x1b[31m미국", "((("])
def test_odd_queries_never_crash(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, err = run(capsys, query, "--json")
    assert code in (0, 2)
    assert "Traceback" not in err
    if code == 0:
        assert isinstance(json.loads(out), list)


def test_content_option_after_the_subcommand(capsys: pytest.CaptureFixture[str], mini_briefing: Path) -> None:
    code = main(
        ["search", "datasets", "--content", str(mini_briefing), "--no-bundled", "--no-user", "--json"]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    hits = json.loads(out)
    assert hits and all(h["briefing"] == "mini" for h in hits)


def test_subprocess_no_traceback_and_rich_markup_is_not_interpreted() -> None:
    proc = run_cli("search", "--no-user", "[bold]MOC[/bold]", timeout=120)
    err = decoded(proc.stderr)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


@pytest.mark.parametrize("query", ["AI", '"AI 생태계"', "미국 kind:clause"])
def test_a_library_with_nothing_indexed_finds_nothing(tmp_path: Path, query: str) -> None:
    # Every file skipped (not UTF-8), no bundled briefing: the index holds no document.
    (tmp_path / "bin.toml").write_bytes(bytes(range(128, 256)) * 10)
    options = ["--no-user", "--no-bundled", "--content", str(tmp_path / "bin.toml")]
    proc = run_cli("search", *options, query, timeout=120)
    err = decoded(proc.stderr)
    assert "Traceback" not in err, err
    assert proc.returncode == 0, err
    assert "bin.toml:1:1: not UTF-8 text" in err
    assert "No matches" in decoded(proc.stdout)


def test_an_index_that_cannot_be_written_is_one_line_naming_its_folder(user_dirs: dict[str, Path]) -> None:
    # A file size limit makes writes fail as a full disk does, with no file named by the
    # system (EFBIG; Python ignores SIGXFSZ): the line names the index's folder instead.
    import resource

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    proc = run_cli("search", "--no-user", "미국", timeout=120, preexec_fn=limit_file_size)
    err = decoded(proc.stderr)
    assert proc.returncode == 1, err
    folder = user_dirs["cache"] / "briefing" / "index"
    assert err == f"briefing: cannot write the search index at {folder}: file too large\n"
    # Nothing half-written is left behind.
    assert not any(path.is_file() for path in folder.rglob("*"))


@pytest.mark.parametrize("query", ['"Summit İstanbul"', "Forum Əliyev", "Ɓank"])
def test_latin_words_whose_lower_case_leaves_the_latin_letters_are_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, query: str
) -> None:
    # Lower-cased, İ is i and a combining dot, Ə and Ɓ letters past the Latin class: their
    # tokens are still Latin words (a review found "Summit İstanbul" missed after a space).
    toml = write(tmp_path / "t.toml", briefing_toml("t", "Summit İstanbul, Forum Əliyev, Ɓank 회의"))
    code = main(["search", query, "--content", str(toml), "--no-bundled", "--no-user", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert [hit["key"] for hit in json.loads(out)] == ["t:s1"]
