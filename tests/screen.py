"""Drive the app as a user does and read what they see: typing, waiting, the screen as text.

Everything here goes through public interfaces: the screen is read from the app's own
screenshot (``App.export_screenshot``), and waiting is on the state the app announces (the
index settled, no disk worker running), never on fixed sleeps or Textual's private parts.
"""

from __future__ import annotations

import html
import re

from briefing.tui.app import BriefingApp
from briefing.tui.offload import DISK_GROUP
from rich.cells import cell_len
from textual.app import App

_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>',
    re.DOTALL,
)


def screen_lines(app: App) -> list[str]:
    """The screen as lines of text, as the terminal shows it."""
    svg = app.export_screenshot()
    runs: dict[int, list[tuple[float, str]]] = {}
    cell = None
    for x, length, line, body in _TEXT.findall(svg):
        text = html.unescape(body).replace("\xa0", " ")
        # Rich writes textLength as cell width times code points (not cells), while x counts
        # cells: so a run of Korean must be divided by its length, not its cell width.
        if cell is None and text:
            cell = float(length) / len(text)
        runs.setdefault(int(line), []).append((float(x), text))
    width = cell or 12.2
    lines = []
    for number in range(max(runs, default=-1) + 1):
        out = ""
        for x, text in sorted(runs.get(number, [])):
            column = round(x / width)
            out += " " * max(0, column - cell_len(out)) + text
        lines.append(out.rstrip())
    return lines


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def wait_for_index(app: BriefingApp, pilot) -> None:
    """Until the search index is ready (or could not be built)."""
    for _ in range(400):
        if app.state.index_settled:
            return
        await pilot.pause(0.05)
    raise AssertionError("the index never became ready")


async def wait_for_disk(app: App, pilot) -> None:
    """Until every disk worker (bookmark saves, exports, settings) has finished and the flows
    awaiting them have carried on."""
    for _ in range(400):
        await pilot.pause()
        busy = [w for w in app.workers if w.group == DISK_GROUP and not w.is_finished]
        if not busy:
            await pilot.pause()
            return
        await app.workers.wait_for_complete(busy)
    raise AssertionError("disk workers never finished")


async def wait_for_results(screen, pilot, query: str) -> None:
    """Until the search screen lists the results of ``query`` (not of a prefix typed on the way)."""
    for _ in range(200):
        if screen.shown_query == query:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"results for {query!r} never showed")
