"""`briefing compare`: the default pair, formats, the filter, the list, the matrix, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from briefing.content.compare import DIFFERENCE_KINDS, SHOWN_KINDS
from briefing.tui.cli import main

from tests.conftest import write
from tests.test_compare import BUNDLED_KINDS, FIXTURE, FIXTURE_KINDS, MOC, MOU, parse_table


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["compare", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fixture_path(tmp_path: Path) -> Path:
    return write(tmp_path / "content" / "fx.toml", FIXTURE)


def kinds_of(rows: list[dict]) -> dict[str, str]:
    return {r["topic"]: r["kind"] for r in rows}


def test_default_pair_is_mou_against_moc_as_markdown(capsys):
    code, out, err = run(capsys, "--no-user")
    assert code == 0, err
    table = parse_table(out)
    header, *rows = table
    assert len(header) == 4 and all(len(r) == 4 for r in rows)
    assert "MOU" in header[2] and "MOC" in header[3]
    assert len(rows) >= len(BUNDLED_KINDS)
    assert any(r[1] == "≠ wording differs" for r in rows)


def test_json_rows_of_the_bundled_pair(capsys):
    code, out, _ = run(capsys, "--no-user", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    for row in rows:
        assert set(row) >= {"topic", "kind", "left", "right"}
        assert row["kind"] in SHOWN_KINDS
        for side in ("left", "right"):
            assert row[side] is None or {"id", "text"} <= set(row[side])
    kinds = kinds_of(rows)
    for topic, kind in BUNDLED_KINDS.items():
        assert kinds[topic] == kind, topic


def test_named_pair_from_content_after_the_subcommand(capsys, fixture_path):
    code, out, _ = run(capsys, MOC, MOU, "--content", str(fixture_path), "--no-bundled", "--format", "json")
    assert code == 0
    mirrored = {"left-only": "right-only", "right-only": "left-only"}
    assert kinds_of(json.loads(out)) == {t: mirrored.get(k, k) for t, k in FIXTURE_KINDS.items()}


def test_content_before_the_subcommand_is_kept(capsys, fixture_path):
    code = main(["--content", str(fixture_path), "--no-bundled", "compare", "--format", "json"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert kinds_of(json.loads(out)) == FIXTURE_KINDS


def test_only_differences(capsys):
    code, out, _ = run(capsys, "--no-user", "--format", "json", "--only-differences")
    assert code == 0
    kinds = kinds_of(json.loads(out))
    assert set(kinds.values()) <= DIFFERENCE_KINDS
    assert "full-stack-export" not in kinds and kinds["policy-framework"] == "differs"
    code, out, _ = run(capsys, "--no-user", "-d")
    rows = parse_table(out)[1:]
    assert rows and not any(r[1].startswith("= both") for r in rows)


def test_list(capsys):
    code, out, _ = run(capsys, "--no-user", "--list")
    assert code == 0
    for agreement in (MOU, MOC, "camp-david-2023", "apec-ai-initiative", "us-ai-action-plan"):
        assert agreement in out
    assert "2025-10-29" in out


def test_matrix(capsys):
    code, out, _ = run(capsys, "--no-user", "--matrix")
    assert code == 0
    table = parse_table(out)
    header, *rows = table
    assert len(header) == 6  # topic + five agreements
    assert all(len(r) == 6 for r in rows)
    marks = {cell for row in rows for cell in row[1:]}
    assert marks <= {"●", "●†", "○", "○†", "?", "?†"}
    # "?": the article is silent on the point for that agreement (issue 12).
    assert {"●", "○", "?"} <= marks


def test_matrix_json_for_a_named_briefing(capsys, fixture_path):
    code, out, _ = run(
        capsys, "--content", str(fixture_path), "--matrix", "--briefing", "fx", "--format", "json"
    )
    assert code == 0
    [data] = json.loads(out)
    assert data["briefing"] == "fx"
    assert [a["id"] for a in data["agreements"]] == ["camp-david-2023", MOC, MOU]


def test_unknown_id_is_one_line_listing_valid_ids(capsys):
    code, out, err = run(capsys, "--no-user", MOU, "no-such-deal")
    assert code == 2
    assert out == ""
    # Content problems (if any) are reported one per line first; the error is one line.
    [line] = [x for x in err.splitlines() if x.startswith("briefing: ")]
    assert "no-such-deal" in line and MOU in line and MOC in line


def test_one_id_only_is_an_error(capsys):
    code, _, err = run(capsys, "--no-user", MOU)
    assert code == 2 and "two agreements" in err


def test_unknown_briefing(capsys):
    code, _, err = run(capsys, "--no-user", "--briefing", "nope")
    assert code == 2 and "apec-ai-2025" in err


def test_no_pair_to_compare(capsys, tmp_path):
    empty = write(
        tmp_path / "c" / "e.toml",
        '[briefing]\nid = "e"\ntitle = "E"\nlanguage = "en"\n',
    )
    code, _, err = run(capsys, "--content", str(empty), "--no-bundled", "--no-user")
    assert code == 2 and "two agreements" in err


def test_escape_sequences_never_reach_the_terminal(capsys, fixture_path):
    for fmt in ("markdown", "json"):
        code, out, _ = run(capsys, "--content", str(fixture_path), "--no-bundled", "--format", fmt)
        assert code == 0
        assert "\x1b" not in out and "\\u001b" not in out
