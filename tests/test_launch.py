"""The `briefing` process sets Textual's frame rate before Textual is imported, and keeps the
user's own (``tui/launch.py``)."""

from __future__ import annotations

import os
import subprocess
import sys

from briefing.tui import launch

SCRIPT = "from briefing.tui import launch; launch.prepare(); from textual import constants; print(constants.MAX_FPS)"


def _frame_rate(**env: str) -> int:
    base = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env={**base, **env}, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


def test_the_app_paints_at_its_frame_rate() -> None:
    assert _frame_rate() == launch.FRAME_RATE > 60


def test_a_frame_rate_the_user_set_is_kept() -> None:
    assert _frame_rate(TEXTUAL_FPS="30") == 30
