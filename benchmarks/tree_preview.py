"""Holding `j` in the tree with preview on move: how long the app takes per key, and how many
units the reader draws, beside the same keys with preview off.

    python benchmarks/tree_preview.py [--presses 120]

Headless (``App.run_test``), the bundled briefing, 120x40. Keys go in one after another
as soon as the app is idle, up and down through the sections and the
agreements. Target: a key costs about the same with preview on as off, and the reader draws
far fewer units than keys (only where the cursor rests for ``PREVIEW_DELAY``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def run(presses: int, preview: bool) -> tuple[float, int, list[float]]:
    from briefing.tui.app import BriefingApp
    from briefing.tui.config import Config
    from briefing.tui.reader import Reader

    app = BriefingApp(user=False, config=Config(preview=preview))
    draws: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        real = reader.show_unit

        def timed(*args, **kwargs):
            start = time.perf_counter()
            real(*args, **kwargs)
            draws.append(time.perf_counter() - start)

        reader.show_unit = timed  # type: ignore[method-assign]
        keys = (["j"] * 9 + ["k"] * 9) * (presses // 18 + 1)
        start = time.perf_counter()
        await pilot.press(*keys[:presses])
        elapsed = time.perf_counter() - start
        await pilot.pause(0.3)  # the last preview lands
    return elapsed / presses, len(draws), draws


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--presses", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(home) / name)
        off, _, _ = asyncio.run(run(args.presses, preview=False))
        on, drawn, draws = asyncio.run(run(args.presses, preview=True))
    print(f"per key, preview off: {off * 1000:.1f} ms")
    print(f"per key, preview on:  {on * 1000:.1f} ms  (ratio {on / off:.2f})")
    print(f"units drawn for {args.presses} keys: {drawn}")
    if draws:
        print(
            f"one preview draw: median {statistics.median(draws) * 1000:.1f} ms, max {max(draws) * 1000:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
