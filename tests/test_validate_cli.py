"""`briefing validate`: exit 0 clean, 1 on errors, one line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing.tui.cli import main

from tests.conftest import MINI_BRIEFING, write


def test_bundled_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "ok: apec-ai-2025" in out and "0 error(s)" in out


def test_broken_file_exits_1_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "bad.toml", MINI_BRIEFING.replace('agreement = "a1"', 'agreement = "kr-mou"', 1))
    syntax = write(tmp_path / "syntax.toml", "[briefing\n")
    assert main(["validate", str(bad), str(syntax)]) == 1
    out = capsys.readouterr().out
    assert 'clause "a1-t1": agreement: unknown agreement "kr-mou"' in out
    assert f"{syntax}:1:" in out
    assert "Traceback" not in out


def test_user_content_folder_is_validated(user_dirs: dict[str, Path], capsys) -> None:
    write(user_dirs["data"] / "briefing" / "briefings" / "mine.toml", MINI_BRIEFING)
    assert main(["validate"]) == 0
    assert "ok: mini" in capsys.readouterr().out


def test_a_path_with_no_briefing_is_not_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["validate", str(tmp_path / "empty")]) == 1
    assert "no briefing here" in capsys.readouterr().out
