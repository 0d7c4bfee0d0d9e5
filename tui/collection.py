"""Garbage collection in the `briefing` process: held off while the app starts, then told
that what was just built lives as long as the app.

A full collection walks every live object. Set off while Textual and the first screen are
built, one cost a tenth of the start; set off while the user types, one walks the whole
library and index again for nothing. So `briefing` holds collection until the first paint,
and after each large load (the first screen, a large library, the index) freezes what is
alive: later collections skip it. Only the process `briefing` started does this: an app a
test or a script runs in its own process keeps Python's defaults.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """No collection until :func:`settle` (called by ``cli.run_app``, before Textual loads)."""
    global _held
    _held = True
    gc.disable()


def settle() -> None:
    """What is alive now lives as long as the app: frozen out of later collections, and
    collection back on. Does nothing unless :func:`hold` was called in this process."""
    if _held:
        gc.freeze()
        gc.enable()
