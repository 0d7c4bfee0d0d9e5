"""What the `briefing` process sets up before Textual is imported (``cli.run_app``; the
keystroke benchmark starts the app the same way).

- Garbage collection is held until the first paint (:mod:`tui.collection`).
- Textual paints at most ``TEXTUAL_FPS`` frames a second, on a fixed grid: a change waits for
  the grid's next tick, half a frame on average. At Textual's 60 that was 8 ms of every
  keystroke's results (issue #15: the UI part of a keystroke, p50 32 → 27 ms at 240 in side
  by side runs). At ``FRAME_RATE`` the wait halves, while a held key's stream of frames stays
  bounded. A ``TEXTUAL_FPS`` the user set is kept; Textual reads it once, when imported.
"""

from __future__ import annotations

import os

from briefing.tui import collection

FRAME_RATE = 120


def prepare() -> None:
    collection.hold()
    os.environ.setdefault("TEXTUAL_FPS", str(FRAME_RATE))
