"""More index faults: deleted under a running app, an unwritable cache, and stable ranking."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from briefing import index
from briefing.content import load_library, paths
from briefing.tui.app import BriefingApp

from tests.conftest import REPO
from tests.screen import screen_lines, wait_for_index, wait_until


def test_index_deleted_mid_session() -> None:
    library = load_library(user=False)
    search_index = index.open_or_build(library)
    before = [hit.key for hit in search_index.search("고성능 컴퓨팅", 10)]
    shutil.rmtree(paths.index_dir())
    after = [hit.key for hit in search_index.search("고성능 컴퓨팅", 10)]
    assert after == before
    assert after[0] == "apec-ai-2025:moc-computing-infrastructure"


async def test_app_without_a_writable_cache(user_dirs: dict[str, Path]) -> None:
    # The cache folder is a file: nothing can be written there, even as root.
    cache = user_dirs["cache"] / "briefing"
    cache.write_text("not a folder")
    app = BriefingApp(user=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_index(app, pilot)
        assert app.search_index is None
        message = app.search_index_error
        assert message and "\n" not in message
        # The reader works on.
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.current_key == "apec-ai-2025:sec-1"
        # Search says why it cannot answer, in one line, instead of failing.
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"미국")
        await wait_until(
            pilot,
            lambda: message in str(app.screen.query_one("#search-status").render()),
            "search never said why",
        )


async def test_why_search_is_unavailable_is_shown_whole_at_80_columns(user_dirs: dict[str, Path]) -> None:
    (user_dirs["cache"] / "briefing").write_text("not a folder")
    app = BriefingApp(user=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_index(app, pilot)
        message = app.search_index_error
        assert message and len(message) > 80  # (longer than the line: the point of the test)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"미국")
        status = app.screen.query_one("#search-status")

        def shown() -> str:
            rows = screen_lines(app)[status.region.y : status.region.bottom]
            return "".join(row.strip() for row in rows)

        await wait_until(pilot, lambda: message.replace(" ", "") in shown().replace(" ", ""), "cut")
        assert status.region.height > 1


def test_ranking_does_not_depend_on_hash_seeds(tmp_path: Path) -> None:
    orders = set()
    for seed in ("1", "2", "3"):
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "XDG_CACHE_HOME": str(tmp_path / f"cache-{seed}"),
            "LANG": "C.UTF-8",
        }
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "briefing.tui",
                "--no-user",
                "search",
                "--json",
                "--limit",
                "20",
                "고성능 컴퓨팅",
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )
        orders.add(tuple(hit["id"] for hit in json.loads(done.stdout)))
    assert len(orders) == 1
