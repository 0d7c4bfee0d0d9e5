"""Import a document (plain text, Markdown, HTML) as a briefing, its text verbatim and checked.

Headless (standard library and markdown-it-py). :func:`import_document` is the whole job;
:class:`ImportRefused` carries the one-line reason a document was refused.
"""

from briefing.content.importer.build import (
    FORMATS,
    MAX_INPUT_BYTES,
    ImportOptions,
    ImportReport,
    id_from_name,
    import_document,
)
from briefing.content.importer.errors import ImportRefused

__all__ = [
    "FORMATS",
    "MAX_INPUT_BYTES",
    "ImportOptions",
    "ImportRefused",
    "ImportReport",
    "id_from_name",
    "import_document",
]
