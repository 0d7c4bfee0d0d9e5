"""`E` round-trips through a real editor in a real terminal (tmux): the app suspends, the
editor (a script named ``vi``, so it is given ``+LINE FILE``) edits the file at the unit's
line, and on return the reader shows the new text. Skipped where tmux is not installed."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from briefing.content import paths

from tests.test_live_content import _briefing, _user_file

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

VI = """\
#!{python}
import sys
from pathlib import Path
line, path = sys.argv[1], Path(sys.argv[2])
Path({log!r}).write_text(line, encoding="utf-8")
path.write_text(path.read_text(encoding="utf-8").replace("Before the editor.", "After the editor."),
                encoding="utf-8")
"""


def _pane(server: str) -> str:
    return subprocess.run(
        ["tmux", "-L", server, "capture-pane", "-p", "-t", "e"], capture_output=True, text=True, check=False
    ).stdout


def _until(server: str, text: str, what: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pane = _pane(server)
        if text in pane:
            return pane
        time.sleep(0.2)
    raise AssertionError(f"{what}:\n{_pane(server)}")


def test_E_suspends_for_the_editor_at_the_unit_line_and_reloads(tmp_path: Path) -> None:
    path = _user_file(_briefing("Before the editor."))
    log = tmp_path / "line.txt"
    editor = tmp_path / "bin" / "vi"
    editor.parent.mkdir()
    editor.write_text(VI.format(python=sys.executable, log=str(log)), encoding="utf-8")
    editor.chmod(0o755)
    server = f"briefing-test-{os.getpid()}"
    env = {
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "EDITOR": str(editor),
        "VISUAL": "",
        **{k: os.environ[k] for k in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "HOME")},
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    app = shlex.quote(str(Path(sys.executable).parent / "briefing"))
    command = f"env {exports} {app} --no-bundled"
    subprocess.run(
        ["tmux", "-L", server, "new-session", "-d", "-s", "e", "-x", "120", "-y", "30", command], check=True
    )
    try:
        _until(server, "Before the editor.", "the app never showed the unit")
        subprocess.run(["tmux", "-L", server, "send-keys", "-t", "e", "E"], check=True)
        _until(server, "After the editor.", "the reader never showed the edited text")
        text = path.read_text(encoding="utf-8").splitlines()
        line = int(log.read_text(encoding="utf-8").lstrip("+"))
        # The unit's table: its header line, its id right under it.
        assert text[line - 1].strip() == "[[section]]"
        assert text[line].strip() == 'id = "s1"'
        assert path.parent.parent == paths.user_content_dir()
    finally:
        subprocess.run(["tmux", "-L", server, "kill-server"], check=False)
