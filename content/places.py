"""Where a unit is written, and the command that opens the user's editor there.

For the app's "edit this unit" (``E``): :func:`unit_place` reads the briefing's files as
they are now (not as they were loaded), so the line is right even after earlier edits.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.content.model import split_key

if TYPE_CHECKING:
    from briefing.content.library import Library

#: Editors that take ``+LINE FILE``; others get the file alone, or their own form below.
_PLUS_LINE = {
    "vi",
    "vim",
    "nvim",
    "view",
    "nano",
    "emacs",
    "emacsclient",
    "micro",
    "kak",
    "joe",
    "ne",
    "mg",
    "jed",
}


def unit_place(library: Library, key: str) -> tuple[Path, int] | None:
    """(file, line) where the unit ``key`` (``"<briefing>:<unit>"``) is defined, or None when
    its briefing is not loaded or the unit is no longer in its files."""
    from briefing.content.loader import unit_places

    briefing_id, unit_id = split_key(key)
    briefing = library.briefing(briefing_id)
    if briefing is None:
        return None
    place = unit_places(briefing.path).get(unit_id)
    if place is None:
        return None
    path, line, _ = place
    return path, line or 1


def editor_command(path: Path, line: int, environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The argv that opens ``$VISUAL`` (or ``$EDITOR``) at ``path``:``line``; None when neither is set."""
    env = os.environ if environ is None else environ
    raw = env.get("VISUAL") or env.get("EDITOR") or ""
    try:
        argv = shlex.split(raw)
    except ValueError:
        argv = raw.split()
    if not argv:
        return None
    name = Path(argv[0]).name
    if name in _PLUS_LINE:
        return [*argv, f"+{line}", str(path)]
    if name in ("code", "codium", "code-insiders", "subl", "zed"):
        flag = ["-g"] if name.startswith("code") or name == "codium" else []
        return [*argv, *flag, f"{path}:{line}"]
    if name in ("hx", "helix"):
        return [*argv, f"{path}:{line}"]
    return [*argv, str(path)]
