"""Drive the app as a user does and read what they see: typing, waiting, the screen as text.

Everything here goes through public interfaces: the screen is read from the app's own
screenshot (``App.export_screenshot``), notifications from the public ``App.notify``, and
waiting is on the state the app announces (the index settled, no disk worker running, a
condition on the screen's text), never on fixed sleeps or Textual's private parts.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from briefing.tui.app import BriefingApp
from briefing.tui.offload import DISK_GROUP
from rich.cells import cell_len
from textual.app import App

if TYPE_CHECKING:
    from briefing.tui.search_screen import SearchScreen

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


#: How often ``wait_until`` looks again. Nothing depends on its length: a wait ends when the
#: condition holds, and fails only after its timeout.
POLL_SECONDS = 0.02


async def wait_until(pilot, condition: Callable[[], object], what: str, *, timeout: float = 30.0) -> None:
    """Until ``condition()`` (the app's public state, or the screen's text) holds: the app
    handles its pending messages between looks. Fails, naming ``what``, after ``timeout``
    seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        await pilot.pause(POLL_SECONDS)


async def wait_for_index(app: BriefingApp, pilot) -> None:
    """Until the search index is ready (or could not be built)."""
    await wait_until(pilot, lambda: app.state.index_settled, "the index never became ready")


_NOTICES: WeakKeyDictionary[App, list[str]] = WeakKeyDictionary()


def record_notices(app: App) -> list[str]:
    """From now on, every message the app shows as a notification, in order; call it before
    ``run_test``. It wraps the public ``App.notify`` and passes each call on unchanged
    (Textual keeps its own list of notifications private, and ``run_test`` shows no toasts)."""
    seen: list[str] = []
    real = app.notify

    def notify(message: str, *args, **kwargs) -> None:
        seen.append(str(message))
        real(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    _NOTICES[app] = seen
    return seen


def notices(app: App) -> list[str]:
    """The notifications recorded since ``record_notices(app)``."""
    if app not in _NOTICES:
        raise AssertionError("call record_notices(app) before running the app")
    return _NOTICES[app]


async def wait_for_notice(app: App, pilot, text: str) -> None:
    """Until the app has shown a notification containing ``text``."""
    await wait_until(pilot, lambda: any(text in m for m in notices(app)), f"no notification saying {text!r}")


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
    await wait_until(pilot, lambda: screen.shown_query == query, f"results for {query!r} never showed")


async def wait_for_palette(pilot) -> None:
    """Until the command palette lists what was typed into it (its search runs in workers)."""
    from textual.command import CommandList

    def listed() -> bool:
        found = pilot.app.screen.query(CommandList)
        return bool(found) and found.first().option_count > 0 and found.first().highlighted is not None

    await wait_until(pilot, listed, "the palette listed nothing")


def visible_cells(app: App, widget) -> list[str]:
    """The cells a widget shows on screen, line by line, cut at its own edges (wide characters
    counted as the two cells they take): read from the screen's text as the terminal shows it."""
    from rich.segment import Segment
    from textual.strip import Strip

    lines = screen_lines(app)
    region = widget.region
    out = []
    for y in range(region.y, region.bottom):
        line = lines[y] if y < len(lines) else ""
        out.append(Strip([Segment(line)]).crop(region.x, region.right).text)
    return out


async def open_search(app: BriefingApp, pilot) -> SearchScreen:
    """The search screen, opened with `/` once the index is ready."""
    from briefing.tui.search_screen import SearchScreen

    await wait_for_index(app, pilot)
    await pilot.press("slash")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def search_for(app: BriefingApp, pilot, query: str) -> SearchScreen:
    """The search screen opened with `/`, ``query`` typed (over the last query, which `/`
    puts back) and its results shown."""
    from textual.widgets import Input

    screen = await open_search(app, pilot)
    await pilot.pause()
    if screen.query_one("#search-input", Input).value:
        await pilot.press("ctrl+a", "delete")
    await type_text(pilot, query)
    await wait_for_results(screen, pilot, query)
    return screen


async def bookmark_highlighted_result(app: BriefingApp, pilot, screen: SearchScreen) -> None:
    """ctrl+b on the search screen's highlighted result, then ctrl+s in the note editor it
    opens: back on ``screen``, the bookmark saved."""
    await pilot.press("ctrl+b")
    await pilot.pause()
    assert type(app.screen).__name__ == "NoteEditor"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is screen
