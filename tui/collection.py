"""Garbage collection in the `briefing` process: held off while the app starts, and then run
at the user's pauses rather than in the middle of a keystroke.

Python collects when allocations pass a threshold, wherever that falls: while the user
types, that was most keystrokes, and a full collection (every live object walked, up to a
tenth of a second with a large library open) set the slowest of them. At start,
collections cost about 50 ms more than an empty Textual app's before the first paint. So
`briefing`:

- holds collection until the first paint (:func:`hold`, :func:`settle`);
- after each large load (the first screen, a large library, the index) freezes what is
  alive, which lives as long as the app: later collections skip it;
- collects at pauses in the input (:func:`collect_at_pause`, from the app's idle timer): the
  young generations after a short pause, everything after a long one;
- keeps Python's automatic collection as a backstop, with thresholds high enough that it
  seldom comes first.

Only the process `briefing` started does this: an app a test or a script runs in its own
process keeps Python's defaults. (Freezing keeps whatever cyclic garbage exists at that
moment for good: measured after the first paint and the index, about 6,000 of 106,000
frozen objects, once.)
"""

from __future__ import annotations

import gc

#: Automatic collection once the app runs: the backstop for input that never pauses.
BACKSTOP_THRESHOLDS = (20_000, 10, 10)
#: A pause in the input this long (seconds) collects the young generations: longer than a
#: keystroke takes to show its results (a collection must not land on the key's own work:
#: 40-50 ms at 10k units), shorter than a typist's pause between keys (100-200 ms). At 0.3
#: s, steady typing never paused long enough, and Python's own young collections, 5-14 ms
#: each, fell inside one keystroke in two (issue #15)...
SHORT_PAUSE = 0.1
#: ...looked for this often...
PAUSE_CHECK = 0.05
#: ...and this long, every generation.
LONG_PAUSE = 2.0
#: Young objects worth a collection at a short pause (fewer are not worth waking for).
YOUNG_ENOUGH = 2_000

_held = False


def hold() -> None:
    """No collection until :func:`settle` (called by ``cli.run_app``, before Textual loads)."""
    global _held
    _held = True
    gc.disable()


def held() -> bool:
    """This process collects at pauses (it called :func:`hold`)."""
    return _held


def settle() -> None:
    """What is alive now lives as long as the app: frozen out of later collections, and
    automatic collection back on as a backstop. Does nothing unless :func:`hold` was called."""
    if _held:
        gc.freeze()
        gc.set_threshold(*BACKSTOP_THRESHOLDS)
        gc.enable()


def collect_at_pause(paused: float) -> bool:
    """The input has paused ``paused`` seconds: collect what has piled up since the last
    collection (the young generations), or everything once the pause is long. True once
    this pause needs nothing more (the caller stops looking until the next input, so an
    idle app does no work)."""
    if not _held:
        return True
    if paused < SHORT_PAUSE:
        return False
    young, middle, old = gc.get_count()
    if paused >= LONG_PAUSE:
        if old or middle or young >= YOUNG_ENOUGH:
            gc.collect(2)
        return True
    if middle >= 10:
        gc.collect(1)
    elif young >= YOUNG_ENOUGH:
        gc.collect(0)
    return False
