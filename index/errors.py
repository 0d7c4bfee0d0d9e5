"""Errors the search raises on purpose. No whoosh here: the UI and CLI import these freely."""

from __future__ import annotations


class QueryError(ValueError):
    """A query that cannot be searched as written; ``str()`` is one line for the user."""


class IndexUnavailable(RuntimeError):
    """The index could be neither opened nor built (e.g. the cache folder is not writable)."""
