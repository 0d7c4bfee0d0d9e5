"""Korean-aware full-text search over the loaded briefings.

The public API, imported lazily so that ``import index`` costs nothing and pulls in no
whoosh (the app imports this package before its first paint, and searches only after)::

    search_index = index.open_or_build(library, progress=callback)
    hits = search_index.search('고성능 컴퓨팅 kind:clause', limit=20)

``QueryError`` (a query that cannot be searched as written; one line) and ``Hit`` are
whoosh-free and may be imported at any time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing.index.errors import IndexUnavailable, QueryError
from briefing.index.hits import Hit

if TYPE_CHECKING:
    from briefing.index.searcher import SearchIndex, open_or_build
    from briefing.index.store import BuildCancelled

__all__ = ["BuildCancelled", "Hit", "IndexUnavailable", "QueryError", "SearchIndex", "open_or_build"]

_LAZY = {
    "SearchIndex": "briefing.index.searcher",
    "open_or_build": "briefing.index.searcher",
    "BuildCancelled": "briefing.index.store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
