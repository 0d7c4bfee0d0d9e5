"""The parsed library, cached by a fingerprint of its files, so later starts skip parsing.

The cache is an optimisation only: any doubt (missing, unreadable, stale, written by
another version) means the content is loaded from TOML again, and a failure to write the
cache is silent. User data never lives here.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from briefing.content import paths
from briefing.content.atomic import write_atomically
from briefing.content.discovery import stat_fingerprint
from briefing.content.userfiles import read_regular

if TYPE_CHECKING:
    from briefing.content.library import Library

#: Bump when the model changes shape, so an old pickle is never read into new classes.
CACHE_VERSION = 3
#: A cache larger than this is not ours (100,000 units pickle to well under this).
MAX_CACHE_BYTES = 1024 * 1024 * 1024


def cache_file(roots: Sequence[Path] = ()) -> Path:
    """One cache file per set of roots: the app caches its small and its large content apart."""
    joined = os.fsencode("\0".join(str(r) for r in roots))  # a path need not be UTF-8
    name = hashlib.blake2b(joined, digest_size=8).hexdigest()
    return paths.cache_dir() / f"content-{name}.pickle"


def load_cached(roots: Sequence[Path], load: Callable[[], Library]) -> Library:
    """The library for ``roots``: from the cache when its files are unchanged, else ``load()``."""
    key = (CACHE_VERSION, stat_fingerprint(roots))
    target = cache_file(roots)
    try:
        # Only a regular file: a FIFO put here would block the start for ever.
        stored_key, library = pickle.loads(read_regular(target, MAX_CACHE_BYTES))
        if stored_key == key:
            return cast("Library", library)
    except Exception:  # any unreadable or foreign cache just means: parse again
        pass
    library = load()
    _store(target, key, library)
    return library


def _store(target: Path, key: tuple[int, str], library: Library) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps((key, library), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(target, data, replace_special=True)
    except (OSError, pickle.PickleError, RecursionError):
        pass  # a read-only or full cache dir costs only speed
