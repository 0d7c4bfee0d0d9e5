"""The app reads what its first screen needs (settings, session, content) in a thread worker,
never on the event loop's thread, and still opens on the user's theme, keys and last unit."""

from __future__ import annotations

import json
import sys
import threading

from briefing.content import paths
from briefing.tui.app import BriefingApp

from tests.conftest import write
from tests.screen import wait_until

#: Files the first screen needs; none may be opened on the event loop's thread.
STARTUP_FILES = ("config.toml", "session.json", ".pickle", "briefing.toml")

#: Paths opened on the main thread while a test below is watching (audit hooks cannot be removed,
#: so the one hook is added once and only records while this holds a list).
_watching: list[list[str]] = []


def _on_audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _watching and threading.current_thread() is threading.main_thread():
        path = str(args[0])
        if path.endswith(STARTUP_FILES):
            _watching[-1].append(path)


sys.addaudithook(_on_audit)


async def test_settings_session_and_content_are_read_off_the_event_loop() -> None:
    write(paths.config_file(), 'theme = "nord"\n\n[keymap]\n"app.quit" = "q,ctrl+q"\n')
    left = "apec-ai-2025:sec-2"
    write(paths.session_file(), json.dumps({"unit": left, "queries": ["미국"]}))
    opened: list[str] = []
    _watching.append(opened)
    try:
        app = BriefingApp(user=False)
        async with app.run_test(size=(100, 30)) as pilot:
            # What was read shows: the user's theme and last unit at once, the keymap applied.
            assert app.theme == "nord"
            assert app.current_key == left
            assert app.state.session.queries == ["미국"]
            await wait_until(pilot, lambda: app.config.keymap.get("app.quit") == "q,ctrl+q", "no keymap")
            assert "ctrl+q" in app.active_bindings
    finally:
        _watching.remove(opened)
    assert opened == [], f"read on the event loop's thread: {opened}"
