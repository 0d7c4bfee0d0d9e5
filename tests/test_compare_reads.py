"""What a compare row says: `=` means both ADDRESS a topic, never that they hold the same.

Two memoranda that both lack legal force, or two R&D channels with different partners, both
"address" their topic; the output must let the reader see what each side holds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from briefing.content import load_paths
from briefing.content.compare import AgreementRef, compare, comparison_markdown
from briefing.content.labels import BINDING_LABELS, HOLDS
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


# --------------------------------------------------------------------------- the row says what each side holds

BRIEFING_CLI = [sys.executable, "-m", "briefing.tui.cli"]


def cli(*argv: str) -> str:
    """``briefing compare ...`` as a user runs it: its own process, its output as text."""
    env = {**os.environ, "LANG": "C.UTF-8", "NO_COLOR": "1"}
    done = subprocess.run(
        [*BRIEFING_CLI, "compare", "--no-user", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def cell_holds(cell: str) -> str | None:
    """The short value a side's cell (as ``parse_table`` reads it) opens with, or None."""
    first, _, rest = cell.partition("\n")
    return rest.split("\n", 1)[0] if first == f"[{HOLDS}]" else None


def test_bundled_rows_say_what_each_side_holds_on_the_command_line() -> None:
    rows = by_topic(cli())
    # Two non-binding memoranda: each side says "not binding", in the catalogue's words.
    force = rows["법적 구속력"]
    assert force[1] == "= both address it"
    assert cell_holds(force[2]) == cell_holds(force[3]) == BINDING_LABELS[False]
    # Same mark, different partners: each side names its own.
    rnd = rows["R&D 협력채널"]
    assert rnd[1] == "= both address it"
    left, right = cell_holds(rnd[2]), cell_holds(rnd[3])
    assert left is not None and right is not None
    assert "NRF" in left and "Science and Technology Agency" not in left
    assert "Science and Technology Agency" in right and "NRF" not in right
    # A side the article says lacks the point holds nothing to state.
    assert cell_holds(rows["아시아 공동 AI 생태계"][3]) is None

    data = {r["topic"]: r for r in json.loads(cli("--format", "json"))}
    for side in ("left", "right"):
        assert data["legal-force"][side]["holds"] == BINDING_LABELS[False]
        assert data["legal-force"][side]["holds_from"] == "agreement"
    assert data["rnd-channels"]["left"]["holds_from"] == "holds"
    assert "NRF" in data["rnd-channels"]["left"]["holds"]
    assert "Science and Technology Agency" in data["rnd-channels"]["right"]["holds"]


def test_a_topic_answered_by_binding_shows_each_sides_own_value(tmp_path: Path) -> None:
    text = PAIR.replace('label_en = "Legal effect"', 'label_en = "Legal effect"\nagreement_field = "binding"')
    path = write(tmp_path / "c3" / "pair.toml", text)
    rows = by_topic(cli("--no-bundled", "--content", str(path), "treaty", "memo"))
    assert cell_holds(rows["효력"][2]) == BINDING_LABELS[True]
    assert cell_holds(rows["효력"][3]) == BINDING_LABELS[False]
    # Swapped, each value stays with its agreement.
    rows = by_topic(cli("--no-bundled", "--content", str(path), "memo", "treaty"))
    assert cell_holds(rows["효력"][2]) == BINDING_LABELS[False]
    # A topic without the field states no value the data does not give.
    assert cell_holds(rows["협력기관"][2]) is None
    data = {
        r["topic"]: r for r in json.loads(cli("--no-bundled", "--content", str(path), "--format", "json"))
    }
    assert data["force"]["left"]["holds"] == BINDING_LABELS[True]
    assert data["force"]["right"]["holds"] == BINDING_LABELS[False]
    assert data["partners"]["left"]["holds"] == "Channel: Agency Alpha with Agency Beta."


def test_a_side_lacking_the_point_states_no_binding_value(tmp_path: Path) -> None:
    text = PAIR.replace('label_en = "Legal effect"', 'label_en = "Legal effect"\nagreement_field = "binding"')
    text = text.replace(
        'summary = "The article says the memo binds no one."', 'addressed = false\nsummary = "x"'
    )
    [briefing] = load_paths([write(tmp_path / "c4" / "pair.toml", text)]).briefings
    comparison = compare(
        AgreementRef(briefing, briefing.agreements[0]), AgreementRef(briefing, briefing.agreements[1])
    )
    rows = by_topic(comparison_markdown(comparison))
    assert cell_holds(rows["효력"][2]) == BINDING_LABELS[True]
    assert cell_holds(rows["효력"][3]) is None


async def test_compare_screen_rows_say_what_each_side_holds() -> None:
    from briefing.tui.app import BriefingApp

    from tests.screen import screen_text
    from tests.test_compare_screen import body, cell, go_to, open_compare

    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot)
        row = await go_to(pilot, "legal-force")
        for side in ("left", "right"):
            assert body(cell(row, side)).startswith(f"{HOLDS}\n{BINDING_LABELS[False]}\n")
        # On screen: the row in view shows the value on both sides.
        shown = screen_text(app)
        assert shown.count(BINDING_LABELS[False]) >= 2, shown
        row = await go_to(pilot, "rnd-channels")
        left, right = body(cell(row, "left")), body(cell(row, "right"))
        assert left.startswith(HOLDS) and "NRF" in left.splitlines()[1]
        assert "Science and Technology Agency" in right.splitlines()[1]
        shown = screen_text(app)
        assert "NRF" in shown and "Science and Technology Agency" in shown
    app = BriefingApp([], bundled=True, user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # Stacked (< 100 columns): each side's value still opens its part of the row.
        await open_compare(pilot)
        row = await go_to(pilot, "legal-force")
        await pilot.pause()
        assert body(cell(row, "right")).startswith(f"{HOLDS}\n{BINDING_LABELS[False]}")
        assert BINDING_LABELS[False] in screen_text(app)


def test_validate_warns_of_holds_that_would_never_show(tmp_path: Path) -> None:
    text = PAIR.replace(
        'summary = "The article says the memo binds no one."',
        'addressed = "not-mentioned"\nholds = "binds no one"\nsummary = "x"',
    )
    path = write(tmp_path / "c5" / "pair.toml", text)
    env = {**os.environ, "LANG": "C.UTF-8"}
    done = subprocess.run(
        [*BRIEFING_CLI, "validate", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    shown = done.stdout + done.stderr
    assert 'clause "memo-force": holds on a clause that does not address its topic' in shown, shown
    assert done.returncode == 0  # a warning, not an error
