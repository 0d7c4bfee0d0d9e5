"""Garbage collection in the `briefing` process: held while the app starts, back on after the
first paint (an app that never collected again would grow all day), and untouched in a
process that did not ask for it. Each case runs in its own interpreter: freezing is for the
whole process."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from briefing.tui import collection

#: Python's own thresholds, which a process that did not hold collection keeps.
DEFAULT_THRESHOLDS = gc.get_threshold()

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
            shown = app.current_key  # the first screen's unit

            # Left alone past a long pause, the app stops looking for pauses: garbage made
            # then (cycles, as closed screens leave it) waits for the next input.
            await pilot.pause(2.5)
            junk = [[] for _ in range(5_000)]
            for item in junk:
                item.append(item)
            del junk, item
            await pilot.pause(0.8)
            piled = gc.get_count()[0]
            # The user presses a key, then pauses: what piled up is collected then.
            await pilot.press("down")
            await pilot.pause(0.8)
            print(json.dumps({
                "piled": piled,
                "young_after_pause": gc.get_count()[0],
                "thresholds": gc.get_threshold(),
                "enabled_at_start": before,
                "enabled_after_paint": gc.isenabled(),
                "frozen": gc.get_freeze_count(),
                "shown": shown,
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
    # Collected at a pause after the user's input, not left for a keystroke to pay for, and
    # not looked for while the app sits idle; Python's own collection stays on as a backstop.
    assert isinstance(seen["piled"], int) and seen["piled"] >= collection.YOUNG_ENOUGH
    assert isinstance(seen["young_after_pause"], int) and seen["young_after_pause"] < collection.YOUNG_ENOUGH
    assert seen["thresholds"] == list(collection.BACKSTOP_THRESHOLDS)


def test_an_app_in_a_process_that_did_not_hold_collection_leaves_it_alone(tmp_path: Path) -> None:
    seen = _run("default", tmp_path)
    assert seen["enabled_at_start"] is True and seen["enabled_after_paint"] is True
    assert seen["frozen"] == 0
    assert seen["thresholds"] == list(DEFAULT_THRESHOLDS)
