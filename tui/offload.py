"""Blocking work (a disk, a lock) off the UI thread, awaited by the flow that needs it.

Every worker in the app is started with ``exit_on_error=False``: an exception in one never
ends the app. The app turns a failed worker into one line (``BriefingApp.on_worker_state_changed``);
disk workers are reported by the flow that awaits them instead, in its own words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import App
from textual.worker import WorkerFailed

T = TypeVar("T")

#: The group of thread workers that touch the disk; their awaiting flow reports failures.
DISK_GROUP = "disk"


async def in_thread(app: App[object], work: Callable[[], T], *, name: str) -> T:
    """Run ``work`` in a thread worker owned by the app (so closing a screen does not abandon
    a half-done save) and return its result; its exception is raised here."""
    worker = app.run_worker(work, name=name, group=DISK_GROUP, thread=True, exit_on_error=False)
    try:
        return await worker.wait()
    except WorkerFailed as failed:
        error = failed.error
        if isinstance(error, Exception):
            raise error from None
        raise


def one_line_error(what: str, exc: BaseException) -> str:
    """``what``, and why, in one line (an exception's text may hold newlines)."""
    from briefing.content.text import one_line

    if isinstance(exc, OSError):
        # The file and the reason in words, as every other surface says it (not Python's
        # "[Errno 1] Operation not permitted: '...'").
        from briefing.content.userfiles import describe_oserror

        where = f"{exc.filename}: " if exc.filename else ""
        return one_line(f"{what}: {where}{describe_oserror(exc)}")
    detail = one_line(str(exc)) or type(exc).__name__
    return f"{what}: {detail}"
