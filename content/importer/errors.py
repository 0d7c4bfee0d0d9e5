"""The one exception of the importer: a reason, one line, for refusing a document."""

from __future__ import annotations


class ImportRefused(Exception):
    """The document cannot be imported; ``str()`` is the one-line reason, without the file."""
