"""Snapshots of the main screens with Korean text, at 120x40 and 80x24.

Reviewed by eye before they were committed (`pytest --snapshot-update`, then the SVGs in
tests/__snapshots__/). They catch layout regressions: cut or misaligned double-width text.
"""

from __future__ import annotations

import pytest
from briefing.tui.app import BriefingApp

from tests.screen import type_text, wait_for_index, wait_for_results

SIZES = [(120, 40), (80, 24)]


async def settle(pilot) -> None:
    """Wait for indexing to finish so no progress bar or toast is caught mid-way."""
    await wait_for_index(pilot.app, pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await pilot.pause()

    assert snap_compare(BriefingApp(user=False), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_clause_in_reader(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_unit("apec-ai-2025:moc-computing-infrastructure")
        await pilot.pause()

    assert snap_compare(BriefingApp(user=False), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_results(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "고성능 컴퓨팅")
        pilot.app.screen.query_one("Input").cursor_blink = False
        await wait_for_results(pilot.app.screen, pilot, "고성능 컴퓨팅")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(BriefingApp(user=False), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_screen(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(BriefingApp(user=False), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_bookmarks_pane(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_unit("apec-ai-2025:mou-ai-ready-datasets")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await type_text(pilot, "data sovereignty")
        await pilot.press("ctrl+s")
        await pilot.pause()
        pilot.app.open_unit("apec-ai-2025:sec-3")
        await pilot.pause()
        await pilot.press("b", "ctrl+s")
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(BriefingApp(user=False), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_differences(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(BriefingApp(user=False), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_matrix_screen(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(BriefingApp(user=False), terminal_size=size, run_before=run_before)
