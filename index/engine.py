"""Ranking the candidates from Whoosh's postings, a whole posting list at a time.

Whoosh's matchers walk a query's posting lists one document at a time in Python: on a word
held by most units (``MOU`` in a library about memoranda) that is a few microseconds per unit,
and at 10k units the search lost to a plain substring scan (issue #15). Here each term's
postings are read block by block (the ids and weights Whoosh stored, decoded in bulk), the
query's document set is built with set operations, and only those documents are scored: the
same BM25 as :mod:`index.scoring` (idf, boosts, in-memory lengths), the same sums over the
same query tree (an ``And`` adds its parts' scores, an ``Or`` those of the parts that match),
the same tie order (lower document number first). A query shape this module does not know
returns None and the caller lets Whoosh search as before.
"""

from __future__ import annotations

import bisect
import heapq
import io
import itertools
import operator
import pickle
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from briefing.index.scoring import K1, SCORED_FIELD, Saturated, length_norms
from whoosh import query as wq
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.reading import TermNotFound

#: Postings kept decoded between searches (typing repeats the same terms keystroke after
#: keystroke), counted in postings: about 60 bytes each.
POSTINGS_CACHE = 250_000
#: Terms a typed prefix may stand for; beyond, Whoosh searches (as it did before).
MAX_PREFIX_TERMS = 64
#: A term's weights for some documents are found by bisection when its list is this many
#: times longer than they are, else by reading the list.
LOOKUP_RATIO = 8

#: A query's matches are taken in order from its narrowest word's list when that list is at
#: most this many times longer than they are; else they are sorted.
ORDER_FROM_LIST = 4
#: Whoosh 2.7's block-length integer (``whoosh.codec.whoosh3`` writes it with ``write_int``).
_INT = struct.Struct("!i")


class Postings:
    """One term's documents in ascending order with their weights (how often it occurs), as
    two parallel lists: built at C speed from the blocks, scored as they are for a one-word
    query, and searched by bisection for a few documents."""

    __slots__ = ("docs", "weights")

    def __init__(self, docs: list[int], weights: list[float]) -> None:
        self.docs = docs
        self.weights = weights

    def __len__(self) -> int:
        return len(self.docs)


def read_postings(reader: Any, fieldname: str, text: str) -> Postings:
    """Every document of one segment holding ``text`` in ``fieldname``, with its weight;
    deleted documents left out."""
    docs: list[int] = []
    weights: list[float] = []
    blocks = _blocks(reader, fieldname, text)
    if blocks is None:
        return Postings(docs, weights)
    for ids, block_weights in blocks:
        start = len(docs)
        docs.extend(ids)
        n = len(docs) - start
        if block_weights is None:
            weights.extend(itertools.repeat(1.0, n))
        elif isinstance(block_weights, float):
            weights.extend(itertools.repeat(block_weights, n))
        else:
            weights.extend(block_weights)
    deleted = _deleted(reader)
    if deleted:
        kept = [(d, w) for d, w in zip(docs, weights, strict=True) if d not in deleted]
        docs = [d for d, _ in kept]
        weights = [w for _, w in kept]
    return Postings(docs, weights)


def read_docs(reader: Any, fieldname: str, text: str) -> set[int]:
    """The documents of :func:`read_postings` without their weights (a filter's set: half
    the work on a filter that holds every document)."""
    found: set[int] = set()
    blocks = _blocks(reader, fieldname, text)
    if blocks is None:
        return found
    for ids, _weights in blocks:
        found.update(ids)
    found.difference_update(_deleted(reader))
    return found


_Block = tuple[Iterable[int], Any]


def _blocks(reader: Any, fieldname: str, text: str) -> list[_Block] | None:
    """The term's postings as (document ids, weights) blocks; None for an unknown term."""
    matcher = _leaf(reader, fieldname, text)
    if matcher is None:
        return None
    found = _read_blocks(matcher)
    if found is None:
        # Read again from the start, the slow and sure way.
        return [_read_one_by_one(_leaf(reader, fieldname, text))]
    return found


def _leaf(reader: Any, fieldname: str, text: str) -> Any:
    """The term's postings matcher itself (None for an unknown term), without the filter
    Whoosh puts on for deleted documents (those are taken out afterwards, in one go). The
    filter skips them one at a time as it is made: after a refresh that replaced a large
    briefing, every search paid for each of its deleted units before its first posting.

    The term is looked up once: asking first whether the segment holds it, then for its
    postings, looked it up twice (each a hash, a seek and a read: a few per cent of a
    search, issue #15)."""
    terms = getattr(reader, "_terms", None)
    if type(reader).__name__ == "SegmentReader" and terms is not None:
        try:
            raw = reader._text_to_bytes(fieldname, text)
            return terms.matcher(fieldname, raw, reader.schema[fieldname].format)
        except TermNotFound:
            return None
        except Exception:
            pass  # read through the reader's public API below
    if (fieldname, text) not in reader:
        return None
    matcher = reader.postings(fieldname, text)
    inner = getattr(matcher, "child", None)
    return inner if inner is not None and type(matcher).__name__ == "FilterMatcher" else matcher


def _deleted(reader: Any) -> Collection[int]:
    return reader.deleted_docs_set if reader.has_deletions() else ()


def _read_blocks(matcher: Any) -> list[_Block] | None:
    """The fast way: Whoosh 2.7's postings read in one go and parsed in memory: a magic tag,
    then blocks of (signed length, pickled block info, pickled and maybe compressed (ids,
    weights, values) with delta-coded ids). None when the layout is not that one."""
    if type(matcher).__name__ != "W3LeafMatcher" or getattr(matcher, "_byteids", True):
        return None
    length = matcher._length
    if isinstance(length, tuple):  # Whoosh reads it back with struct.unpack, as a 1-tuple
        length = length[0]
    raw = bytes(matcher._postfile.get(matcher._startoffset, length))
    if not raw.startswith(WHOOSH3_HEADER_MAGIC):
        return None
    found: list[_Block] = []
    stream = io.BytesIO(raw)
    position = len(WHOOSH3_HEADER_MAGIC)
    while True:
        (length,) = _INT.unpack_from(raw, position)
        last = length < 0
        stream.seek(position + _INT.size)
        info = pickle.load(stream)
        end = position + _INT.size + abs(length)
        data = raw[stream.tell() : end]
        if info[3]:
            data = zlib.decompress(data)
        ids_delta, weights = pickle.loads(data)[:2]
        if len(ids_delta) != info[0]:
            return None
        found.append((itertools.accumulate(ids_delta), weights))
        if last:
            return found
        position = end
        if position >= len(raw):
            return None


def _read_one_by_one(matcher: Any) -> _Block:
    """Any other matcher (postings inlined in the term table, say), through its public API."""
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(float(matcher.weight()))
        matcher.next()
    return ids, weights


# --------------------------------------------------------------------------- the query tree


@dataclass(frozen=True, slots=True)
class _Term:
    text: str
    boost: float


@dataclass(frozen=True, slots=True)
class _Node:
    conjunctive: bool  # And: every part; Or: any part
    parts: tuple[_Term | _Node, ...]
    boost: float


def _plan(query: wq.Query, reader: Any) -> _Term | _Node | None:
    """The query as this module scores it, or None for a shape it does not know."""
    if isinstance(query, wq.Term):
        return _Term(str(query.text), float(query.boost)) if query.fieldname == SCORED_FIELD else None
    if isinstance(query, wq.Prefix):
        if query.fieldname != SCORED_FIELD:
            return None
        # As Whoosh scores a prefix: an Or of the terms it stands for (one term alone
        # without the prefix's boost).
        texts = list(itertools.islice(reader.expand_prefix(SCORED_FIELD, query.text), MAX_PREFIX_TERMS + 1))
        if len(texts) > MAX_PREFIX_TERMS:
            return None
        terms = tuple(_Term(t.decode("utf-8") if isinstance(t, bytes) else str(t), 1.0) for t in texts)
        if len(terms) == 1:
            return terms[0]
        return _Node(False, terms, float(query.boost))
    if type(query) in (wq.And, wq.Or):
        if isinstance(query, wq.Or) and (query.scale or query.minmatch):
            return None
        parts = []
        for sub in query.subqueries:
            if sub is wq.NullQuery:
                continue
            planned = _plan(sub, reader)
            if planned is None:
                return None
            parts.append(planned)
        return _Node(isinstance(query, wq.And), tuple(parts), float(query.boost))
    return None


def _terms(node: _Term | _Node) -> set[str]:
    if isinstance(node, _Term):
        return {node.text}
    return set().union(*(_terms(p) for p in node.parts)) if node.parts else set()


# --------------------------------------------------------------------------- searching


@dataclass(frozen=True, slots=True)
class Ranking:
    """Every matched document of one query with its score: a search that must look deeper
    (too many candidates failed the exact check) takes more from here, not a new ranking."""

    scores: list[float]
    docs: list[int]

    @property
    def matched(self) -> int:
        return len(self.scores)

    def top(self, depth: int) -> list[tuple[int, float]]:
        """(document, score) of the best ``depth``, best first (ties to the lower number)."""
        scores, docs = self.scores, self.docs
        if depth <= 0:
            return []
        if len(scores) > depth:
            # The depth-th best score found among the bare floats (compared at C speed), then
            # only the documents scoring that or more paired and sorted: a pair for each of
            # tens of thousands of matches was most of the cost.
            cut = heapq.nlargest(depth, scores)[-1]
            best = [(-score, docs[i]) for i, score in enumerate(scores) if score >= cut]
        else:
            best = [(-score, doc) for score, doc in zip(scores, docs, strict=True)]
        best.sort()
        return [(doc, -negated) for negated, doc in best[:depth]]


class Engine:
    """Top-``depth`` documents of a query over an open Whoosh searcher. One per searcher;
    callers serialise searches (``SearchIndex`` holds its lock)."""

    def __init__(self, searcher: Any, weighting: Saturated):
        self._searcher = searcher
        self._weighting = weighting
        self._cache: OrderedDict[tuple[int, str], Postings] = OrderedDict()
        self._cached = 0
        self._lock = threading.Lock()
        avg = searcher.avg_field_length(SCORED_FIELD) or 1.0
        self._norm = length_norms(avg)

    def drop_caches(self) -> None:
        with self._lock:
            self._cache.clear()
            self._cached = 0

    def top(
        self,
        query: wq.Query,
        depth: int,
        allow: Collection[int] | None = None,
        hide: Collection[int] | None = None,
    ) -> tuple[list[tuple[int, float]], int] | None:
        """(document, score) of the best ``depth``, best first, and how many matched; None
        when the query's shape is not one this module scores."""
        ranking = self.rank(query, allow, hide)
        return None if ranking is None else (ranking.top(depth), ranking.matched)

    def rank(
        self,
        query: wq.Query,
        allow: Collection[int] | None = None,
        hide: Collection[int] | None = None,
    ) -> Ranking | None:
        """Every document ``query`` matches, scored; None when the query's shape is not one
        this module scores."""
        searcher = self._searcher
        plan = _plan(query, searcher.reader())
        if plan is None:
            return None
        terms = _terms(plan)
        idf = {t: searcher.idf(SCORED_FIELD, t) for t in terms}
        all_scores: list[float] = []
        all_docs: list[int] = []
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            postings = {t: self._postings(reader, t) for t in terms}
            scoring = _Scoring(postings, {}, idf, self._weighting.lengths(reader), self._norm)
            if isinstance(plan, _Term) and allow is None and hide is None:
                # One word, nothing filtered: every posting is a match, already in order.
                held = postings[plan.text]
                order = held.docs
                scores = scoring.own(_factor(plan, idf), order, held.weights)
            elif (words := _words_of_or(plan)) is not None and allow is None and hide is None:
                # An Or of words, nothing filtered (a typed prefix's words, ``미국 OR 일본``):
                # each word's scores added into one dict, in any order (a ranking is taken
                # best first): no union to build and sort, no word lined up with it.
                found = _or_scores(words, float(plan.boost), scoring)
                order = list(found)
                scores = list(found.values())
            else:
                docs = _docs(plan, postings, scoring.sets)
                if allow is not None or hide is not None:
                    docs = _allowed_docs(docs, offset, allow, hide)
                if not docs:
                    continue
                order = _in_order(docs, plan, postings)
                scores = _aligned(plan, order, docs, scoring.norms_of(order), scoring)
            all_scores.extend(scores)
            all_docs.extend(order if not offset else [d + offset for d in order])
        return Ranking(all_scores, all_docs)

    def docs(self, query: wq.Query) -> set[int] | None:
        """The documents a filter matches (terms of any field, and Ands and Ors of them), or
        None for another shape."""
        found: set[int] = set()
        for sub, offset in self._searcher.leaf_searchers():
            local = _filter_docs(query, sub.reader())
            if local is None:
                return None
            found.update(local if not offset else (d + offset for d in local))
        return found

    def allows_all(self, query: wq.Query) -> bool:
        """Whether a filter holds every document, told from its terms' document counts
        without reading their postings (``briefing:x`` in a library of one briefing, say):
        then it filters nothing, and reading its ten thousand documents cost more than the
        ranking it left."""
        return all(_holds_all(query, sub.reader()) for sub, _offset in self._searcher.leaf_searchers())

    def _postings(self, reader: Any, text: str) -> Postings:
        key = (id(reader), text)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        found = read_postings(reader, SCORED_FIELD, text)
        with self._lock:
            self._cache[key] = found
            self._cached += len(found)
            while self._cached > POSTINGS_CACHE and len(self._cache) > 1:
                _, dropped = self._cache.popitem(last=False)
                self._cached -= len(dropped)
        return found


def _holds_all(query: wq.Query, reader: Any) -> bool:
    """Whether every document of the segment matches ``query`` (deleted ones count: a term
    in every document, deleted or not, is in every live one)."""
    if isinstance(query, wq.Term):
        field, text = query.fieldname, query.text
        return (field, text) in reader and reader.doc_frequency(field, text) == reader.doc_count_all()
    if type(query) in (wq.And, wq.Or) and not getattr(query, "minmatch", 0) and query.subqueries:
        parts = (_holds_all(sub, reader) for sub in query.subqueries)
        return all(parts) if isinstance(query, wq.And) else any(parts)
    return False


def _filter_docs(query: wq.Query, reader: Any) -> set[int] | None:
    if isinstance(query, wq.Term):
        return read_docs(reader, query.fieldname, str(query.text))
    if type(query) in (wq.And, wq.Or) and not getattr(query, "minmatch", 0):
        parts = [_filter_docs(sub, reader) for sub in query.subqueries]
        if any(part is None for part in parts) or not parts:
            return None
        held = [part for part in parts if part is not None]
        return set.intersection(*held) if isinstance(query, wq.And) else set.union(*held)
    return None


def _allowed_docs(
    docs: set[int], offset: int, allow: Collection[int] | None, hide: Collection[int] | None
) -> set[int]:
    """The segment's documents ``docs`` that the filter allows and the mask does not hide
    (both in whole-index numbers): with set operations in the one-segment index, at C speed
    (a filter such as ``briefing:x`` may allow every document)."""
    if offset:
        return {
            d
            for d in docs
            if (allow is None or d + offset in allow) and (hide is None or d + offset not in hide)
        }
    if allow is not None:
        docs = docs.intersection(allow)
    if hide is not None:
        docs = docs.difference(hide)
    return docs


def _docs(node: _Term | _Node, postings: Mapping[str, Postings], sets: dict[int, set[int]]) -> set[int]:
    """The documents ``node`` matches (each compound node's also kept in ``sets``)."""
    if isinstance(node, _Term):
        return set(postings[node.text].docs)
    docs: set[int] = set()
    if node.parts and node.conjunctive:
        # Narrowest first: an intersection costs the smaller side.
        parts = sorted(node.parts, key=lambda p: len(postings[p.text]) if isinstance(p, _Term) else 1 << 60)
        docs = _docs(parts[0], postings, sets)
        for part in parts[1:]:
            if not docs:
                break
            if isinstance(part, _Term):
                docs.intersection_update(postings[part.text].docs)
            else:
                docs &= _docs(part, postings, sets)
    else:
        for part in node.parts:
            docs |= _docs(part, postings, sets)
    sets[id(node)] = docs
    return docs


def _words_of(node: _Term | _Node) -> list[_Term] | None:
    """The parts of a node of words only, else None."""
    if not isinstance(node, _Node) or not node.parts:
        return None
    words = [part for part in node.parts if isinstance(part, _Term)]
    return words if len(words) == len(node.parts) else None


def _words_of_or(plan: _Term | _Node) -> list[_Term] | None:
    """The words of an Or of words only, else None."""
    return None if isinstance(plan, _Node) and plan.conjunctive else _words_of(plan)


def _factor(word: _Term, idf: Mapping[str, float]) -> float:
    """What a word's BM25 term frequency part is multiplied by: its idf, its boost, k1 + 1."""
    factor: float = idf[word.text] * word.boost * (K1 + 1)
    return factor


def _or_scores(words: list[_Term], boost: float, scoring: _Scoring) -> dict[int, float]:
    """The score of each document any of ``words`` is on: each word's added in the words'
    order, as the matchers add them (the first's is its own: 0.0 plus a score is that
    score)."""
    total: dict[int, float] = {}
    for word in words:
        held = scoring.postings[word.text]
        scores = scoring.own(_factor(word, scoring.idf), held.docs, held.weights)
        if not total:
            total = dict(zip(held.docs, scores, strict=True))
            continue
        get = total.get
        for d, score in zip(held.docs, scores, strict=True):
            total[d] = get(d, 0.0) + score
    if boost != 1.0:
        total = {d: score * boost for d, score in total.items()}
    return total


def _in_order(docs: set[int], plan: _Term | _Node, postings: Mapping[str, Postings]) -> list[int]:
    """``docs`` ascending. An And's matches are among the documents of its narrowest word,
    whose list ascends already: taken from it at C speed when it is not much longer, not
    sorted (sorting tens of thousands of matches was a tenth of an And's ranking)."""
    lists = [
        postings[part.text].docs
        for part in (plan.parts if isinstance(plan, _Node) and plan.conjunctive else (plan,))
        if isinstance(part, _Term)
    ]
    if lists:
        narrowest = min(lists, key=len)
        if len(narrowest) <= ORDER_FROM_LIST * len(docs):
            return list(itertools.compress(narrowest, map(docs.__contains__, narrowest)))
    return sorted(docs)


def _aligned(
    node: _Term | _Node,
    order: list[int],
    within: set[int],
    norms: list[float],
    score: _Scoring,
) -> list[float]:
    """The score ``node`` gives each document of ``order`` (``within``, ascending), 0.0 where
    it matches none, as one list beside ``order``: a part's scores are added to the others'
    a list at a time, at C speed (a dict per part and a lookup per document and part were
    most of a common word's ranking at 100k units). Adding 0.0 changes no float, so a part
    that does not match a document adds nothing, as a matcher that is not on it does."""
    if isinstance(node, _Term):
        return _term_scores(node, order, within, norms, score)
    cover = score.sets[id(node)]
    if not within <= cover:
        # Matched on only some (an And under an Or): scored on those alone, where each of its
        # parts matches, then put beside ``order``.
        held = cover & within
        sub = sorted(held)
        found = dict(zip(sub, _aligned(node, sub, held, score.norms_of(sub), score), strict=True))
        return list(map(found.get, order, itertools.repeat(0.0)))
    total = _words_scores(node, order, within, norms, score)
    if total is None:
        for part in node.parts:
            # Summed part by part in the parts' order, as the matchers do: the same floats.
            scores = _aligned(part, order, within, norms, score)
            total = scores if total is None else list(map(operator.add, total, scores))
    if total is None:
        return [0.0] * len(order)
    if node.boost != 1.0:
        total = [s * node.boost for s in total]
    return total


def _words_scores(
    node: _Node, order: list[int], within: set[int], norms: list[float], score: _Scoring
) -> list[float] | None:
    """The summed scores of an And of two or three words on ``order`` (each word on every
    one of them: a compound's bigrams, two words side by side), in one pass: the same sums
    in the same order as adding the words' lists, at half the cost. None for another node."""
    words = _words_of(node) if node.conjunctive else None
    if words is None or not 2 <= len(words) <= 3:
        return None
    lined = [_weights_on(score.postings[word.text], order, within) for word in words]
    if any(isinstance(weights, tuple) for weights in lined):
        return None  # (not on every one of them after all: added one by one)
    f = [_factor(word, score.idf) for word in words]
    if len(words) == 2:
        f0, f1 = f
        return [f0 * a / (a + n) + f1 * b / (b + n) for a, b, n in zip(*lined, norms, strict=True)]
    f0, f1, f2 = f
    return [
        f0 * a / (a + n) + f1 * b / (b + n) + f2 * c / (c + n)
        for a, b, c, n in zip(*lined, norms, strict=True)
    ]


def _weights_on(
    held: Postings, order: list[int], within: set[int]
) -> list[float] | tuple[list[int], list[float]]:
    """A term's weight on each document of ``order`` (``within``, ascending), 0.0 where it
    is not; or, when it is on some of them only and its list was read whole, its documents
    among them and their weights (then scoring it where it is costs less)."""
    docs, weights = held.docs, held.weights
    if len(order) * LOOKUP_RATIO < len(docs):
        # A few documents of a long list: found by bisection, not by reading it all.
        count = len(docs)
        found: list[float] = []
        for d in order:
            i = bisect.bisect_left(docs, d)
            found.append(weights[i] if i < count and docs[i] == d else 0.0)
        return found
    if docs == order:
        return weights  # its own list is the matches: the weights line up
    on = list(map(within.__contains__, docs))
    kept = list(itertools.compress(weights, on))
    if len(kept) == len(order):
        return kept  # on every one of them: both lists ascend, so they line up
    return (docs if len(kept) == len(docs) else list(itertools.compress(docs, on))), kept


def _term_scores(
    node: _Term, order: list[int], within: set[int], norms: list[float], score: _Scoring
) -> list[float]:
    """A term's score on each document of ``order`` (``within``, ascending), 0.0 where it
    is not."""
    factor = _factor(node, score.idf)
    weights = _weights_on(score.postings[node.text], order, within)
    if isinstance(weights, tuple):
        # On some of them only (a part of an Or): scored where it is, then put beside
        # ``order`` (scoring the others' zeros cost more than the lookups).
        docs, kept = weights
        scores = dict(zip(docs, score.own(factor, docs, kept), strict=True))
        return list(map(scores.get, order, itertools.repeat(0.0)))
    return [factor * w / (w + n) for w, n in zip(weights, norms, strict=True)]


@dataclass(frozen=True, slots=True)
class _Scoring:
    """What scoring one segment needs beyond the query tree."""

    postings: Mapping[str, Postings]
    #: Each node's documents, as :func:`_docs` finds them (filled there).
    sets: dict[int, set[int]]
    idf: Mapping[str, float]
    lengths: bytes
    norm: list[float]

    def own(self, factor: float, docs: list[int], weights: list[float]) -> list[float]:
        """A word's score on each of ``docs`` (its own documents, or some of them),
        ``weights`` its weights there: the BM25 of :mod:`index.scoring`, the length norm
        looked up."""
        norm, lengths = self.norm, self.lengths
        return [factor * w / (w + norm[lengths[d]]) for d, w in zip(docs, weights, strict=True)]

    def norms_of(self, order: Iterable[int]) -> list[float]:
        """Each document's length norm (its length's code looked up)."""
        norm, lengths = self.norm, self.lengths
        return [norm[lengths[d]] for d in order]
