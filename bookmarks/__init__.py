"""The analyst's bookmarks: user state, not briefing content.

Headless: nothing here imports textual, rich or whoosh.

- ``records``: what a bookmark holds, its identity and timestamps;
- ``citation``: a bookmark made from a unit, and its status against the library now;
- ``codec``: the JSON file's form, and merging two versions;
- ``store``: the locked, atomically written file;
- ``export``: bookmarks to a Markdown memo.
"""

from __future__ import annotations

from briefing.bookmarks.citation import citation_for, make_bookmark, order_key, status_of
from briefing.bookmarks.codec import merge
from briefing.bookmarks.records import (
    Bookmark,
    Citation,
    CompareRow,
    Status,
    StoreError,
    bookmark_id,
    compare_id,
    parse_ts,
)
from briefing.bookmarks.store import BookmarkStore, describe_oserror, load_store

__all__ = [
    "Bookmark",
    "BookmarkStore",
    "Citation",
    "CompareRow",
    "Status",
    "StoreError",
    "bookmark_id",
    "citation_for",
    "compare_id",
    "describe_oserror",
    "load_store",
    "make_bookmark",
    "merge",
    "order_key",
    "parse_ts",
    "status_of",
]
