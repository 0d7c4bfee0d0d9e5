"""The importer and the edit-loop pieces are headless; and no escape code reaches the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.importing import DATA


def test_importer_imports_no_ui_and_no_search_engine() -> None:
    code = (
        "import sys; from pathlib import Path;"
        "from briefing.content.importer.build import parse;"
        "import briefing.content.places, briefing.content.reload, briefing.content.scaffold;"
        f"parse(Path({str(DATA / 'policy-report.md')!r}).read_text().split(chr(10)), 'markdown');"
        f"parse(Path({str(DATA / 'press-release.html')!r}).read_text().split(chr(10)), 'html');"
        "print(chr(10).join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    top = {name.split(".")[0] for name in done.stdout.split()}
    assert "markdown_it" in top
    assert not top & {"textual", "rich", "whoosh"}


def test_escape_codes_in_names_and_text_never_reach_the_terminal(tmp_path: Path, user_dirs) -> None:
    odd = tmp_path / "evil\x1b[31mname.txt"
    odd.write_text("Title \x1b]0;owned\x07\n\nBody \x1b[2J text.\n", encoding="utf-8")
    empty = tmp_path / "empty\x1b[1m.txt"
    empty.write_bytes(b"")
    env = {**os.environ, "LANG": "C.UTF-8", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "briefing.tui", "import", str(odd), str(empty)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1  # the empty one
    assert "imported" in done.stdout and "the file is empty" in done.stderr
    assert "\x1b" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
