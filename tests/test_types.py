"""Types are checked in the suite: mypy, strict on the headless `content` and `index`.

The folders install as ``briefing.content`` and so on (setuptools ``package-dir``); mypy reads
them laid out that way, through links in a temp folder, with pyproject's ``[tool.mypy]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_mypy_strict_on_content_and_index(tmp_path: Path) -> None:
    root = tmp_path / "src" / "briefing"
    root.mkdir(parents=True)
    for name in ("content", "index", "bookmarks", "tui"):
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    env = {**os.environ, "MYPYPATH": str(tmp_path / "src")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "-p",
            "briefing.content",
            "-p",
            "briefing.index",
        ],
        cwd=tmp_path / "src",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
