"""Each document's stored fields, read from its segment's stored column held in memory.

Whoosh reads one document's stored fields through five layers of Python, with a seek and a
read of the segment file each time: 20 µs a document at 10k units and 94 µs at 100k, whose
files the page cache holds less of (measured in issue #15). A search reads them for each of
its few dozen candidates, cold: a tenth of a search at 10k, a quarter at 100k.

Here a segment's stored column (Whoosh 2.7: each document's fields pickled, compressed, and
laid end to end, with arrays of offsets and lengths) is read in one go the first time one of
its documents is asked for, and kept with the searcher: 1.2 MB at 10k units, 12 MB at 100k.
A document's fields are then a slice, a decompression and an unpickling, about 3 µs. Any
other layout is read through Whoosh, as before.
"""

from __future__ import annotations

import bisect
import pickle
import zlib
from typing import Any

from whoosh.codec.whoosh3 import STORED_COLUMN
from whoosh.columns import CompressedBytesColumn, PickleColumn


class _Column:
    """One segment's stored column, its bytes in memory."""

    __slots__ = ("_data", "_lengths", "_offsets")

    def __init__(self, data: bytes, offsets: Any, lengths: Any) -> None:
        self._data = data
        self._offsets = offsets
        self._lengths = lengths

    def __getitem__(self, docnum: int) -> dict[str, Any]:
        length = self._lengths[docnum]
        if not length:
            return {}
        start = self._offsets[docnum]
        fields = pickle.loads(zlib.decompress(self._data[start : start + length]))
        return fields if isinstance(fields, dict) else {}


def _column(reader: Any) -> _Column | None:
    """The segment's stored column read whole, or None when it is not laid out as Whoosh
    2.7 writes it (pickles in a zlib-compressed variable-length column)."""
    try:
        column = reader._perdoc._cached_reader("_stored", STORED_COLUMN)
        inner = getattr(column, "_child", None)
        if not (
            isinstance(column, PickleColumn.Reader)
            and isinstance(inner, CompressedBytesColumn.Reader)
            and inner._decompress is zlib.decompress
        ):
            return None
        lengths, offsets = inner._lengths, inner._offsets
        if len(lengths) != reader.doc_count_all() or len(offsets) != len(lengths):
            return None
        data = bytes(inner._dbfile.get(inner._basepos, sum(lengths)))
    except Exception:
        return None
    return _Column(data, offsets, lengths)


class StoredFields:
    """Stored fields by whole-index document number, for one open searcher (callers
    serialise access: ``SearchIndex`` holds its lock)."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        leaves = list(searcher.leaf_searchers())
        self._readers = [sub.reader() for sub, _offset in leaves]
        self._offsets = [offset for _sub, offset in leaves]
        #: Each segment's column once read: None where Whoosh reads it.
        self._columns: dict[int, _Column | None] = {}

    def __getitem__(self, docnum: int) -> dict[str, Any]:
        i = bisect.bisect_right(self._offsets, docnum) - 1  # (the first segment's offset is 0)
        if i not in self._columns:
            self._columns[i] = _column(self._readers[i])
        column = self._columns[i]
        if column is None:
            return dict(self._searcher.stored_fields(docnum))
        return column[docnum - self._offsets[i]]
