"""Garbage collection in the `briefing` process: held while the app starts, back on after the
first paint (an app that never collected again would grow all day), and untouched in a
process that did not ask for it. Each case runs in its own interpreter: freezing is for the
whole process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import asyncio, gc, json, sys
    from briefing.tui import collection
    from briefing.tui.app import BriefingApp

    async def main():
        if sys.argv[1] == "held":
            collection.hold()
        before = gc.isenabled()
        app = BriefingApp(user=False)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(400):  # the first paint, then its after-refresh work
                if app.state.index_settled:
                    break
                await pilot.pause(0.05)
            print(json.dumps({
                "enabled_at_start": before,
                "enabled_after_paint": gc.isenabled(),
                "frozen": gc.get_freeze_count(),
                "shown": app.current_key,
            }))

    asyncio.run(main())
    """
)


def _run(mode: str, tmp_path: Path) -> dict[str, object]:
    env = {**os.environ, "LANG": "C.UTF-8"}
    for name in ("DATA", "CACHE", "CONFIG"):
        env[f"XDG_{name}_HOME"] = str(tmp_path / name.lower())
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_collection_held_for_the_start_is_back_on_after_the_first_paint(tmp_path: Path) -> None:
    seen = _run("held", tmp_path)
    assert seen["enabled_at_start"] is False
    assert seen["enabled_after_paint"] is True
    # What the first screen built is frozen out of later collections.
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 10_000
    assert seen["shown"] == "apec-ai-2025:intro"


def test_an_app_in_a_process_that_did_not_hold_collection_leaves_it_alone(tmp_path: Path) -> None:
    seen = _run("default", tmp_path)
    assert seen["enabled_at_start"] is True and seen["enabled_after_paint"] is True
    assert seen["frozen"] == 0
