"""Odd terminals: TERM=dumb and NO_COLOR for the command line, tiny and resized windows for the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from briefing.tui.app import BriefingApp

from tests.conftest import REPO

COMMANDS = [
    ["validate"],
    ["compare"],
    ["compare", "--matrix"],
    ["bookmarks"],
    ["search", "미국"],
    ["search", "--json", "고성능 컴퓨팅"],
    ["paths"],
]


@pytest.mark.parametrize("env_change", [{"TERM": "dumb"}, {"NO_COLOR": "1"}])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_cli_prints_plain_text(args: list[str], env_change: dict[str, str], user_dirs) -> None:
    env = {**os.environ, **env_change, "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "briefing.tui", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "Traceback" not in done.stderr
    assert done.stdout.strip()


async def test_app_under_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.current_key == "apec-ai-2025:sec-1"


async def test_resize_to_40x12_and_back(tmp_path: Path) -> None:
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.current_key == "apec-ai-2025:sec-1"


def test_output_piped_into_head_is_not_a_traceback(user_dirs) -> None:
    env = {**os.environ, "LANG": "C.UTF-8"}
    done = subprocess.run(
        f"'{sys.executable}' -m tui search --json AI --limit 500 | head -c 10",
        shell=True,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.startswith("[")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
