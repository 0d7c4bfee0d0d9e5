"""A Whoosh segment writer that writes the same index as Whoosh's own, several times faster.

Whoosh's ``SegmentWriter`` passes every posting through Python one at a time: it is built as
a tuple, costed, appended to a pool that spills to disk in pickled runs once it holds about
``limitmb`` (a 10k-unit library made two runs: each posting pickled, unpickled and merged
through a heap), then handed one by one to the codec, which asserts its types and deltas
the document numbers in a generator. Measured in issue #15, that was three quarters of a
build.

:class:`PostingsWriter` keeps the postings in memory as two machine arrays per term
(document numbers and frequencies: 8 bytes a posting), counts each document's body terms at
C speed, and hands the codec whole blocks. The codec's own block writer still encodes every
block, so the files are what Whoosh writes (``tests/test_index_writer.py`` compares the two
writers' indexes term by term, posting by posting).

Only the formats our schema uses are supported (``Existence`` and ``Frequency``), without
per-document or per-field boosts.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections import Counter, deque
from itertools import chain, repeat
from operator import sub
from typing import Any

from briefing.index.analysis import index_terms, normalize
from briefing.index.schema import GramTokenizer
from whoosh import formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.system import pack_int, pack_uint, pack_ushort, unpack_uint
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter


class _Postings(W3PostingsWriter):  # type: ignore[misc]  # whoosh has no type hints
    """Whoosh's block writer, its document-number deltas taken at C speed."""

    _ids: Any
    _weights: Any
    _maxweight: float
    _minlength: int | None
    _maxlength: int
    #: Where the next term starts in the postings file, once known.
    _at: int | None = None

    def _mini_ids(self) -> Any:
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        deltas = map(sub, ids, chain((0,), ids))
        return array("I", deltas) if len(ids) >= _ARRAY_MIN else tuple(deltas)

    def _mini_weights(self) -> Any:
        weights = self._weights
        n = len(weights)
        if weights.count(1.0) == n:
            return None
        if weights.count(weights[0]) == n:
            return float(weights[0])
        return weights if n >= _ARRAY_MIN else tuple(weights)

    def write_term(self, docs: array[int], freqs: array[int], boost: float, fixed: bool) -> W3TermInfo:
        """One term's whole posting list, block by block, as ``start_postings``, one
        ``add_posting`` per posting and ``finish_postings`` write it (never inlined: the
        codec inlines below one posting), without a Python call per posting."""
        postfile = self._postfile
        # Where the file stands, counted here after the first term: ``tell`` is a system
        # call, and two a term were a tenth of a build (issue #15). Within one field only
        # this writer writes to the postings file (the codec makes one per field).
        start = postfile.tell() if self._at is None else self._at
        postfile.write(WHOOSH3_HEADER_MAGIC)
        written = len(WHOOSH3_HEADER_MAGIC)
        info = W3TermInfo()
        comp = self._compression
        limit = self._blocklimit
        n = len(docs)
        for at in range(0, n, limit):
            ids = docs[at : at + limit]
            block = freqs[at : at + limit]
            self._ids = ids
            self._weights = array("f", block if boost == 1.0 else [f * boost for f in block])
            self._maxweight = max(block) * boost
            self._minlength, self._maxlength = None, 0
            info.add_block(self)
            data = dumps(
                (self._mini_ids(), self._mini_weights(), _packed(block) if fixed else None), _PROTOCOL
            )
            level = comp if comp and len(data) >= _COMPRESS_MIN else 0
            if level:
                data = zlib.compress(data, level)
            head = dumps((len(ids), ids[-1], self._maxweight, level, _NO_LENGTH, _ZERO_LENGTH), 2)
            size = len(head) + len(data)
            postfile.write_int(size if at + limit < n else -size)
            postfile.write(head)
            postfile.write(data)
            written += _INT_SIZE + size
        info.set_extent(start, written)
        self._at = start + written
        return info


#: Postings per block: Whoosh's 128 made a common word's list a hundred blocks, each read,
#: decompressed and unpickled on its own (measured in issue #15 at 10k units, ranking took
#: 10-25% less time at 1024; only Whoosh's own matchers skip by blocks, and they are the
#: fallback here).
BLOCK_POSTINGS = 1024
#: Blocks hold their ids and weights as machine arrays, pickled (from protocol 3 on) as
#: their raw bytes: read back at C speed, where Whoosh's tuples were unpickled item by item
#: (measured in issue #15, decoding postings was about half of ranking a query). Whoosh's
#: reader takes any sequence there.
_PROTOCOL = 5
#: ...from this many postings: an array's pickle carries its type by name (about 80
#: bytes), more than a short block's tuple.
_ARRAY_MIN = 16

#: Blocks of fewer bytes than this are stored as they are (each block says whether it is
#: compressed, and Whoosh's reader honours it): most terms are in a few documents, and
#: zlib shrank those blocks (median 49 bytes) by a fifth at 5 us each to pack and 2 us to
#: unpack. At 10k units, 60,000 of the 70,000 blocks: 0.4 s less to build, 0.8 MB more
#: on disk (issue #15).
_COMPRESS_MIN = 256

#: The bytes of the block length ``write_int`` writes.
_INT_SIZE = len(pack_int(0))

#: The length bytes of a block without length statistics: no minimum, maximum 0.
_NO_LENGTH = length_to_byte(None)
_ZERO_LENGTH = length_to_byte(0)


class Codec(W3Codec):  # type: ignore[misc]
    """Whoosh's codec without per-block length statistics: writing them read every
    posting's document length back from disk (a sixth of the build in the first profile of
    issue #15); without them, block quality assumes the shortest length, a looser but safe
    bound. Reads as the stock codec does."""

    length_stats = False

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _Postings(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class _Terms(dict):  # type: ignore[type-arg]
    """A field's postings by term: a new term gets empty arrays."""

    def __init__(self, key: type) -> None:
        super().__init__()
        self.key = key  # str (counted here) or bytes (from Whoosh's field.index)
        self.freqs: dict[Any, array[int]] = {}

    def __missing__(self, term: Any) -> array[int]:
        docs = self[term] = array("I")
        self.freqs[term] = array("I")
        return docs


class _Pool:
    """Postings by field and term: document numbers and frequencies, in arrival order
    (which is document order: a writer numbers documents as it adds them, merged segments
    after its own)."""

    def __init__(self, keys: dict[str, type]) -> None:
        #: Terms are str in fields this module analyses, bytes in those Whoosh does.
        self.fields = {name: _Terms(key) for name, key in keys.items()}

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        """One posting as Whoosh passes it (when segments are merged)."""
        fieldname, tbytes, docnum, _weight, vbytes = item
        terms = self.fields[fieldname]
        term: Any = tbytes.decode("utf-8") if terms.key is str else tbytes
        terms[term].append(docnum)
        terms.freqs[term].append(unpack_uint(vbytes)[0] if vbytes else 1)

    def add_counts(self, fieldname: str, docnum: int, counts: Counter[str]) -> None:
        """A document's terms and their frequencies, appended at C speed."""
        terms = self.fields[fieldname]
        # Lookups first: a new term is created by __missing__ in both tables.
        deque(map(_append, map(terms.__getitem__, counts), repeat(docnum)), maxlen=0)
        deque(map(_append, map(terms.freqs.__getitem__, counts), counts.values()), maxlen=0)

    def cleanup(self) -> None:
        self.fields.clear()


_append = array.append


def _packed(freqs: array[int]) -> bytes:
    """``b"".join(map(pack_uint, freqs))``: big-endian 32-bit integers, as Frequency stores them."""
    if freqs.itemsize != 4:
        return b"".join(map(pack_uint, freqs))
    out = array("I", freqs)
    if sys.byteorder == "little":
        out.byteswap()
    return out.tobytes()


_BLOCK_FORMATS = (formats.Existence, formats.Frequency)


class PostingsWriter(SegmentWriter):  # type: ignore[misc]
    """A ``SegmentWriter`` for our schema with an in-memory pool and block-at-a-time output.

    Deleting, merging and committing are Whoosh's; adding documents and flushing the
    postings are ours.
    """

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        # Checked before Whoosh's writer takes the index's lock.
        for name, field in ix.schema.items():
            if field.indexed and type(field.format) not in _BLOCK_FORMATS:
                raise TypeError(f"field {name!r}: format {type(field.format).__name__} not supported")
            if field.vector or field.separate_spelling() or field.column_type:
                raise TypeError(f"field {name!r}: vectors, spelling and columns not supported")
        kwargs.setdefault("codec", Codec(blocklimit=BLOCK_POSTINGS))
        super().__init__(ix, **kwargs)
        whoosh_pool: Any = self.pool
        whoosh_pool.cleanup()  # never used
        # Each field with how it is indexed.
        self._plan = {name: self._how(field) for name, field in self.schema.items()}
        self._seen_values: dict[tuple[str, str], list[tuple[bytes, int]]] = {}
        self.pool: _Pool = _Pool(
            {n: str if how == "grams" else bytes for n, how in self._plan.items() if how != "stored"}
        )

    @staticmethod
    def _how(field: Any) -> str:
        if not field.indexed:
            return "stored"
        if isinstance(field.analyzer, GramTokenizer) and type(field.format) is formats.Frequency:
            return "grams"
        return "field"

    def _field_terms(self, name: str, field: Any, value: Any) -> list[tuple[bytes, int]]:
        """Whoosh's terms for a field's value, each distinct value analysed once: the kind,
        briefing and filter fields repeat a few values over every unit."""
        if field.unique or not isinstance(value, str):
            return [(tbytes, freq) for tbytes, freq, _w, _v in field.index(value)]
        key = (name, value)
        found = self._seen_values.get(key)
        if found is None:
            found = [(tbytes, freq) for tbytes, freq, _w, _v in field.index(value)]
            if len(self._seen_values) < 4096:
                self._seen_values[key] = found
        return found

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        if any(name.startswith("_") for name in names):
            raise TypeError("boosts and custom stored values are not supported")
        docnum = self.docnum
        pdw = self.perdocwriter
        pool = self.pool
        pdw.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                how = self._plan[name]
                length = 0
                if how == "grams":
                    # What GramTokenizer yields and Frequency.word_values counts, counted
                    # in C; a term's weight is its frequency (boost 1 per token).
                    counts = Counter(index_terms(normalize(value)))
                    pool.add_counts(name, docnum, counts)
                    if field.scorable:
                        length = counts.total()
                elif how == "field":
                    terms = pool.fields[name]
                    for tbytes, freq in self._field_terms(name, field, value):
                        terms[tbytes].append(docnum)
                        terms.freqs[tbytes].append(freq)
                        if field.scorable:
                            length += freq
                pdw.add_field(name, field, value if field.stored else None, length)
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fw = self.fieldwriter
        for name in sorted(self.pool.fields):
            terms = self.pool.fields[name]
            if not terms:
                continue
            field = self.schema[name]
            fmt = field.format
            boost = fmt.field_boost
            frequency = type(fmt) is formats.Frequency
            fw.start_field(name, field)
            pw = fw._postwriter
            for term in sorted(terms):
                tbytes = term.encode("utf-8") if terms.key is str else term
                info = pw.write_term(terms[term], terms.freqs[term], boost, frequency)
                fw._tindex.add(pack_ushort(fw._fieldid) + tbytes, info.to_bytes())
            fw.finish_field()
        self.pool.cleanup()
        fw.close()
