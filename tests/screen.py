"""Drive the app as a user does and read what they see: typing, waiting, the screen as text."""

from __future__ import annotations

from textual.app import App


def screen_lines(app: App) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def wait_for_index(app, pilot) -> None:
    """Until the search index is ready (or could not be built)."""
    for _ in range(400):
        if app.search_index is not None or getattr(app, "search_index_error", None):
            return
        await pilot.pause(0.05)
    raise AssertionError("the index never became ready")


async def wait_for_results(screen, pilot, query: str) -> None:
    """Until the search screen lists the results of ``query`` (not of a prefix typed on the way)."""
    for _ in range(200):
        if getattr(screen, "_shown_query", None) == query:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"results for {query!r} never showed")
