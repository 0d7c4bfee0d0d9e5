"""The `briefing` command line as a script writer meets it: version, refusals, help, one JSON document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from briefing.tui.cli import COMMANDS, main

from tests.conftest import write
from tests.test_compare import FIXTURE, MOU


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_prints_the_installed_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefing.tui", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"briefing {version('briefing')}"
    assert done.stderr == ""


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_blank_search_exits_2_with_a_message(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, err = run(capsys, "search", "--no-user", query)
    assert code == 2
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("briefing: ") and "empty" in line


@pytest.mark.parametrize("ids", [(MOU, MOU), (MOU, f"apec-ai-2025:{MOU}")])
def test_comparing_an_agreement_with_itself_is_refused(
    capsys: pytest.CaptureFixture[str], ids: tuple[str, str]
) -> None:
    code, out, err = run(capsys, "compare", "--no-user", *ids)
    assert code == 2
    assert out == ""
    [line] = err.splitlines()
    assert "itself" in line and MOU in line


@pytest.mark.parametrize(
    "argv",
    [
        ("--content", "{missing}", "search", "미국"),
        ("search", "--content", "{missing}", "미국"),
        ("--content", "{missing}", "compare", "--list"),
        ("bookmarks", "--content", "{missing}"),
        ("--content", "{missing}", "validate"),
    ],
)
def test_missing_content_path_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    missing = str(tmp_path / "nonexistent")
    code, out, err = run(capsys, "--no-user", *(a.format(missing=missing) for a in argv))
    assert code == 1
    assert out == ""
    [line] = err.splitlines()
    assert missing in line and "warning" not in line


def test_missing_content_path_stops_the_app_before_it_opens(tmp_path: Path) -> None:
    # No subcommand opens the app; a missing path must stop it first. Run apart, so an app
    # that opened anyway fails on the timeout instead of holding the test run.
    done = subprocess.run(
        [sys.executable, "-m", "briefing.tui", "--no-user", "--content", str(tmp_path / "gone")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "LANG": "C.UTF-8"},
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "gone" in line and "no such file or folder" in line


# A module named for a Python keyword (`import_`) registers the command without the underscore.
@pytest.mark.parametrize("command", [name.rstrip("_") for name in COMMANDS])
def test_every_subcommand_help_has_a_description(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    # argparse prints: usage (up to a blank line), then the description, then the options.
    body = out.split("\n\n", 1)[1]
    first = body.strip().splitlines()[0]
    assert not first.endswith(":"), f"{command} --help has no description: {first!r}"
    assert len(first) > 20


def test_matrix_json_is_one_document_with_several_briefings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fixture = write(tmp_path / "content" / "fx.toml", FIXTURE)
    code, out, err = run(
        capsys, "compare", "--no-user", "--content", str(fixture), "--matrix", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)  # one document, or this raises "Extra data"
    assert [m["briefing"] for m in data] == ["apec-ai-2025", "fx"]
    assert all(m["rows"] and m["agreements"] for m in data)


def test_matrix_json_is_the_same_shape_with_one_briefing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "--no-user", "--matrix", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list) and [m["briefing"] for m in data] == ["apec-ai-2025"]


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("--no-user",),
        ("--no-bundled", "--no-user"),
        ("--content", "a", "--content=b", "--no-bundled"),
        ("--content", ""),
    ],
)
def test_the_apps_own_options_read_as_the_full_parser_reads_them(argv: tuple[str, ...]) -> None:
    # Opening the app skips building the subcommands' parsers; what it reads must not change.
    import argparse

    from briefing.tui.cli import build_parser, opens_app_only
    from briefing.tui.commands.common import content_options

    assert opens_app_only(argv)
    light = content_options().parse_args(argv, argparse.Namespace(command=None))
    assert vars(light) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ("--content",),
        ("--content", "--no-user"),
        ("--content=",),
        ("--no-u",),
        ("--help",),
        ("--version",),
        ("search", "미국"),
        ("--no-user", "serch"),
        ("--", "x"),
    ],
)
def test_anything_but_the_apps_own_options_meets_the_full_parser(argv: tuple[str, ...]) -> None:
    from briefing.tui.cli import opens_app_only

    assert not opens_app_only(argv)


def test_a_mistyped_command_is_named_as_an_invalid_choice(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--no-user", "serch")
    assert code == 2 and out == ""
    assert "invalid choice: 'serch'" in err and "usage: briefing" in err
