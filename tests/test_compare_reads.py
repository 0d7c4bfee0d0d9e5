"""What a compare row says: `=` means both ADDRESS a topic, never that they hold the same.

Two memoranda that both lack legal force, or two R&D channels with different partners, both
"address" their topic; the output must let the reader see what each side holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from briefing.content import load_paths
from briefing.content.compare import AgreementRef, compare, comparison_markdown
from briefing.tui.cli import main

from tests.conftest import write
from tests.test_compare import parse_table

PAIR = """\
[briefing]
id = "pair"
title = "Pair"
language = "en"

[[agreement]]
id = "treaty"
short_name = "The Treaty"
name = "A binding treaty"
parties = ["X", "Y"]
date = 2024-01-01
kind = "other"
binding = true

[[agreement]]
id = "memo"
short_name = "The Memo"
name = "A memorandum"
parties = ["X", "Z"]
date = 2024-02-01
kind = "MOU"
binding = false

[[topic]]
id = "partners"
label_ko = "협력기관"
label_en = "Partner agencies"

[[topic]]
id = "force"
label_ko = "효력"
label_en = "Legal effect"

[[clause]]
id = "treaty-partners"
agreement = "treaty"
topic = "partners"
summary = "Channel: Agency Alpha with Agency Beta."

[[clause]]
id = "memo-partners"
agreement = "memo"
topic = "partners"
summary = "Channel: Agency Alpha with Agency Gamma."

[[clause]]
id = "treaty-force"
agreement = "treaty"
topic = "force"
summary = "The article says the treaty binds its parties."

[[clause]]
id = "memo-force"
agreement = "memo"
topic = "force"
summary = "The article says the memo binds no one."
"""


@pytest.fixture
def pair_path(tmp_path: Path) -> Path:
    return write(tmp_path / "content" / "pair.toml", PAIR)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(["compare", "--no-user", "--no-bundled", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def by_topic(markdown: str) -> dict[str, list[str]]:
    _, *rows = parse_table(markdown)
    return {r[0].split(" (")[0]: r for r in rows}


def test_both_mark_says_both_address_it(capsys: pytest.CaptureFixture[str], pair_path: Path) -> None:
    out = run(capsys, "--content", str(pair_path), "treaty", "memo")
    rows = by_topic(out)
    for label in ("협력기관", "효력"):
        assert rows[label][1] == "= both address it"
    # The legend says what = means, in words.
    legend = [line for line in out.splitlines() if line.startswith("= ")]
    assert legend and "= both address it" in legend[0]


def test_each_side_shows_what_it_holds(capsys: pytest.CaptureFixture[str], pair_path: Path) -> None:
    rows = by_topic(run(capsys, "--content", str(pair_path), "treaty", "memo"))
    assert "Agency Beta" in rows["협력기관"][2] and "Agency Gamma" in rows["협력기관"][3]
    data = json.loads(run(capsys, "--content", str(pair_path), "treaty", "memo", "--format", "json"))
    holds = {r["topic"]: (r["left"]["holds"], r["right"]["holds"]) for r in data}
    assert holds["partners"] == (
        "Channel: Agency Alpha with Agency Beta.",
        "Channel: Agency Alpha with Agency Gamma.",
    )
    assert holds["force"] == (
        "The article says the treaty binds its parties.",
        "The article says the memo binds no one.",
    )


def test_legal_force_of_each_side_is_stated(capsys: pytest.CaptureFixture[str], pair_path: Path) -> None:
    out = run(capsys, "--content", str(pair_path), "treaty", "memo")
    head = out.split("| topic |")[0]
    [treaty] = [line for line in head.splitlines() if "The Treaty" in line and "binding" in line]
    [memo] = [line for line in head.splitlines() if "The Memo" in line and "binding" in line]
    assert "not binding" not in treaty and "법적 구속력 있음 · binding" in treaty
    assert "법적 구속력 없음 · not binding" in memo


def test_bundled_legal_force_row_reads_as_two_non_binding_memoranda(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["compare", "--no-user"])
    out, _ = capsys.readouterr()
    assert code == 0
    row = by_topic(out)["법적 구속력"]
    assert row[1] == "= both address it"
    assert "법적 구속력" in row[2] and "법적 구속력" in row[3]
    head = out.split("| topic |")[0]
    assert head.count("법적 구속력 없음 · not binding") == 2
    data = json.loads(main_json(capsys))
    rnd = {r["topic"]: r for r in data}["rnd-channels"]
    assert "National Research Foundation" in rnd["left"]["holds"]
    assert "Science and Technology Agency" in rnd["right"]["holds"]


def main_json(capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["compare", "--no-user", "--format", "json"])
    out, _ = capsys.readouterr()
    assert code == 0
    return out


def test_absent_side_holds_says_absent(pair_path: Path, tmp_path: Path) -> None:
    text = PAIR.replace(
        'summary = "The article says the memo binds no one."', 'addressed = false\nsummary = "x"'
    )
    path = write(tmp_path / "c2" / "pair.toml", text)
    [briefing] = load_paths([path]).briefings
    comparison = compare(
        AgreementRef(briefing, briefing.agreements[0]), AgreementRef(briefing, briefing.agreements[1])
    )
    row = {r.topic_id: r for r in comparison.rows}["force"]
    assert row.kind == "left-only"
    rows = by_topic(comparison_markdown(comparison))
    assert rows["효력"][1] == "◀ only The Treaty"


def test_matrix_legend_says_a_dot_is_not_a_yes(capsys: pytest.CaptureFixture[str], pair_path: Path) -> None:
    out = run(capsys, "--content", str(pair_path), "--matrix")
    legend = next(line for line in out.splitlines() if line.startswith("●"))
    # ● on "legal force" for a non-binding memorandum must not read as "binding".
    assert "what it holds" in legend and "not necessarily yes" in legend
