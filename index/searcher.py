"""The search itself: query in, ranked hits with exact highlights out."""

from __future__ import annotations

import contextlib
import heapq
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from briefing.content.library import Library
from briefing.content.model import Term
from briefing.content.userfiles import describe_oserror
from briefing.index import highlight, store
from briefing.index.compiler import Compiled, all_of, any_of, compile_query, needs_queries
from briefing.index.documents import Display, display
from briefing.index.engine import Engine, Ranking
from briefing.index.errors import IndexUnavailable
from briefing.index.glossary import name_groups
from briefing.index.hits import Hit
from briefing.index.patterns import AliasTable, Pattern
from briefing.index.querylang import OPERATORS, clean, parse
from briefing.index.ranking import Analysed, Verdict, analyse, ceiling, judge
from briefing.index.schema import TITLE_FIELD
from briefing.index.scoring import Saturated
from briefing.index.spelling import Vocabulary
from briefing.index.stored import StoredFields
from whoosh import index as windex
from whoosh import query as wq

DEFAULT_LIMIT = 20
#: Candidates fetched from Whoosh, at least, for the exact check and re-ranking, and how
#: many beyond the hits asked for (the exact check is most of a search's cost: measured in
#: issue #15, 60 candidates for 20 hits spent half the time checking ones never shown).
RERANK_DEPTH = 40
RERANK_EXTRA = 20
#: Analysed units kept between searches: typing a query re-checks mostly the same units.
ANALYSED_CACHE = 2048
#: Deepest the search goes looking for enough candidates that pass the exact check.
MAX_DEPTH = 2000
#: Filter and mask document sets kept for reuse.
DOCSET_CACHE = 32
#: Leave unchecked the candidates that cannot be shown (see ``SearchIndex._judge``): a
#: switch, so that tests can compare with checking every one.
PRUNE = True
#: How far below the shown scores a candidate's reach must be to be left unchecked: hits
#: are ordered by scores rounded to 6 places, so a reach within rounding could tie.
TIE_MARGIN = 1e-5


_WORD_RE = re.compile(r"[\uac00-\ud7a3]+|[A-Za-z]+")


def alias_table(library: Library) -> AliasTable:
    table = AliasTable()
    for names in name_groups(library):
        table.add(names)
    return table


def known_ids(library: Library) -> dict[str, set[str]]:
    return {
        "briefing": {b.id for b in library},
        "agreement": {a.id for b in library for a in b.agreements},
        "topic": {t.id for b in library for t in b.topics},
    }


class SearchIndex:
    """An open index of one library. Safe to call from several threads (searches queue)."""

    def __init__(self, library: Library, ix: windex.Index, gen: Path, *, directory: Path | None = None):
        self.library = library
        self.generation = gen
        self._directory = directory
        self._ix = ix
        self._searcher: Any = None
        self._weighting = Saturated()
        #: Ranks from whole posting lists (index.engine); made with the searcher.
        self._engine: Engine | None = None
        #: The open searcher's stored fields, read from columns held in memory (index.stored).
        self._stored_fields: StoredFields | None = None
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._aliases = alias_table(library)
        self._known = known_ids(library)
        self._docsets: dict[str, set[int]] = {}
        self._analysed: OrderedDict[str, Analysed] = OrderedDict()
        self._vocab: Vocabulary | None = None

    # ------------------------------------------------------------------ queries

    def compile(self, query: str, *, typing: bool = False) -> Compiled:
        """Parse and compile ``query``; raises :class:`QueryError` only."""
        return compile_query(parse(query), self._aliases, self._known, typing=typing)

    def search(self, query: str, limit: int = DEFAULT_LIMIT, *, typing: bool = False) -> list[Hit]:
        """Hits for ``query``, best first, at most ``limit``.

        ``typing`` treats a last word not followed by a space as still being typed (prefix
        match). Raises :class:`QueryError` for a query that cannot be searched as written.
        """
        compiled = self.compile(query, typing=typing)
        if compiled.query is None or limit <= 0:
            return []
        ranked = not isinstance(compiled.query, wq.Every)
        # Candidates are checked exactly and re-ranked, so look deeper than asked; deeper
        # again when too many fail the check.
        depth = max(limit + RERANK_EXTRA, RERANK_DEPTH) if ranked else limit
        judged: dict[str, _Kept | None] = {}  # a deeper pass does not check a unit again
        rankings: dict[str, Ranking | None] = {}  # nor rank the documents again
        while True:
            try:
                found, more = self._run(compiled, depth, rankings)
            except Exception:
                # A damaged index shows up as whatever the broken bytes raise: rebuild once.
                self._rebuild()
                rankings.clear()
                found, more = self._run(compiled, depth, rankings)
            kept = self._judge(found, compiled, judged, limit if ranked else None)
            if len(kept) >= limit or not more or depth >= MAX_DEPTH:
                break
            depth *= 4
        if ranked:
            # Ties (to float noise) break by key, so the order never depends on hash seeds.
            kept.sort(key=lambda k: (-round(k.score, 6), k.analysed.shown.key))
        # Snippets only for the hits returned, not for every candidate checked.
        return [_make_hit(k.analysed.shown, k.analysed.briefing, k.score, k.verdict) for k in kept[:limit]]

    def _run(
        self, compiled: Compiled, depth: int, rankings: dict[str, Ranking | None] | None = None
    ) -> tuple[list[_Found], bool]:
        """The best ``depth`` candidates (score: Whoosh's times the kind's prior), and whether
        there are more. ``rankings`` keeps the query's ranking for a deeper pass."""
        with self._lock:
            if self._searcher is None:
                self._weighting = Saturated()
                self._searcher = self._ix.searcher(weighting=self._weighting)
            searcher = self._searcher
            if not searcher.doc_count_all():
                # Nothing indexed (every file skipped, say): Whoosh's idf would take log(0).
                return [], False
            if self._engine is None:
                self._engine = Engine(searcher, self._weighting)
            narrows = compiled.filter is not None and not self._engine.allows_all(compiled.filter)
            allow = self._docset(compiled.filter) if narrows else None
            hide = self._docset(compiled.mask)
            rankings = {} if rankings is None else rankings
            if "query" not in rankings:
                rankings["query"] = self._engine.rank(compiled.query, allow, hide)
            ranking = rankings["query"]
            if ranking is not None:
                found = [_found(doc, f, score) for doc, f, score in self._stored(ranking.top(depth))]
                return found, ranking.matched > depth
            results = searcher.search(compiled.query, limit=depth, filter=allow, mask=hide)
            found = [_found(r.docnum, r.fields(), float(r.score or 0.0)) for r in results]
            # As many as asked for: there may be more. (len(results) would count every
            # match, which on a common word cost as much as the search.)
            return found, results.scored_length() >= depth

    def _stored(self, best: list[tuple[int, float]]) -> list[tuple[int, dict[str, Any], float]]:
        """Each document's stored fields (``index.stored``: a few microseconds each)."""
        if self._stored_fields is None:
            self._stored_fields = StoredFields(self._searcher)
        read = self._stored_fields
        return [(docnum, read[docnum], score) for docnum, score in best]

    def _titled(self, compiled: Compiled) -> list[set[int] | None]:
        """For each word of the query (each group), the documents whose title may hold it:
        those whose title's terms include one of its plans (a superset of where it is
        found); None where that cannot be told from terms (a word being typed)."""
        groups = compiled.groups
        return self._held(len(groups), lambda searcher: [_title_query(g, searcher) for g in groups])

    def _bridged(self, compiled: Compiled) -> list[set[int] | None]:
        """For each run of query words side by side (``compiled.adjacent``), the documents
        that may show them so: those holding its bridges (:func:`patterns.korean_bridges`);
        None where that cannot be told from terms."""
        runs = compiled.adjacent
        return self._held(len(runs), lambda _searcher: [all_of(needs_queries(p)) for p in runs])

    def _held(self, count: int, queries: Callable[[Any], list[wq.Query | None]]) -> list[set[int] | None]:
        """The documents each of the ``count`` ``queries(searcher)`` matches (None for a
        None), for the ceilings of :meth:`_judge`; all None when they cannot be read."""
        with self._lock:
            searcher = self._searcher
            try:
                if searcher is not None:
                    return [self._docset(q) for q in queries(searcher)]
            except Exception:
                pass  # a damaged index: the ranking's own reading rebuilds it
            # Each may hold every document: nothing is left unchecked.
            return [None] * count

    def _docset(self, query: wq.Query | None) -> set[int] | None:
        """The documents a filter or mask matches, kept while the searcher is open: typing
        repeats them with every keystroke, and Whoosh would rebuild the set each time."""
        if query is None:
            return None
        key = repr(query)
        found = self._docsets.get(key)
        if found is None:
            engine = self._engine
            found = engine.docs(query) if engine is not None else None
            if found is None:
                found = set(query.docs(self._searcher))
            if len(self._docsets) >= DOCSET_CACHE:
                self._docsets.pop(next(iter(self._docsets)))
            self._docsets[key] = found
        return found

    def _judge(
        self,
        found: list[_Found],
        compiled: Compiled,
        judged: dict[str, _Kept | None],
        limit: int | None,
    ) -> list[_Kept]:
        """The candidates that pass the exact check.

        Ranked (``limit`` given), they are checked in order of the best score each could
        reach: its score times :func:`ranking.ceiling`, told from the index (whether its
        title's terms may hold each word, whether it shows clause wording). Once ``limit``
        have passed, a candidate that cannot reach the ``limit``-th best score cannot be
        shown, and it and the rest are left unchecked: about half of them on the
        benchmark's queries (issue #15). The hits are the same as checking every one."""
        cap = limit if PRUNE else None  # how many are shown, when the rest may be skipped
        titled = self._titled(compiled) if cap is not None else []
        bridged = self._bridged(compiled) if cap is not None else []
        kept: list[_Kept] = []
        best: list[float] = []  # the best ``cap`` scores so far, a min-heap
        pending: list[tuple[float, int, str, float, list[bool] | None]] = []
        for i, candidate in enumerate(found):
            key, score = candidate.key, candidate.score
            if key in judged:  # in a shallower pass
                done = judged[key]
                if done is not None:
                    kept.append(done)
                    _keep_best(best, done.score, cap)
                continue
            reach = 0.0
            near = None
            if cap is not None:
                # A glossary entry's first block lists its names, which count as its title.
                names = candidate.kind == "term"
                in_title = [names or held is None or candidate.doc in held for held in titled]
                near = [held is None or candidate.doc in held for held in bridged]
                reach = score * ceiling(compiled, in_title, candidate.wording, near)
            pending.append((-reach, i, key, score, near))
        pending.sort(key=lambda item: item[:2])
        for negated, _i, key, score, near in pending:
            if cap is not None and len(best) >= cap and -negated < best[0] - TIE_MARGIN:
                break
            done = None
            analysed = self._analyse(key)  # None: the library changed since the build
            if analysed is not None:
                verdict = judge(analysed, compiled, near)
                if verdict.keep:
                    done = _Kept(score * verdict.factor, analysed, verdict)
                    kept.append(done)
                    _keep_best(best, done.score, cap)
            judged[key] = done
        return kept

    def _analyse(self, key: str) -> Analysed | None:
        """The unit's displayed text, analysed once and kept for the next keystrokes."""
        cache = self._analysed
        with self._cache_lock:
            found = cache.get(key)
            if found is not None:
                cache.move_to_end(key)
                return found
        located = self.library.get(key)
        if located is None:
            return None
        briefing, unit = located
        found = analyse(display(briefing, unit), briefing.id)
        with self._cache_lock:
            cache[key] = found
            if len(cache) > ANALYSED_CACHE:
                cache.popitem(last=False)
        return found

    def drop_caches(self) -> None:
        """Forget analysed units, filter sets and decoded postings (benchmarks measure
        searches cold). The open searcher stays, with its stored columns (``index.stored``)
        as an app holds them once it has searched."""
        with self._lock, self._cache_lock:
            self._analysed.clear()
            self._docsets.clear()
            if self._engine is not None:
                self._engine.drop_caches()

    # ------------------------------------------------------------------ did you mean

    def suggest(self, query: str) -> str | None:
        """The query with its unknown words replaced by the nearest words of the index's
        vocabulary (edit distance; Korean on jamo), or None when there is nothing to offer.
        Filters, operators and known words are kept as typed."""
        vocab = self._vocabulary()
        changed = False
        out: list[str] = []
        for chunk in re.split(r"(\s+)", clean(query)):
            if not chunk or chunk.isspace() or ":" in chunk or chunk in OPERATORS:
                out.append(chunk)
                continue
            fixed = _WORD_RE.sub(lambda m: vocab.correct(m.group()) or m.group(), chunk)
            changed = changed or fixed != chunk
            out.append(fixed)
        return "".join(out).strip() if changed else None

    def _vocabulary(self) -> Vocabulary:
        with self._cache_lock:
            if self._vocab is None:
                words: Counter[str] = Counter()
                for counts in store.read_vocabulary(self.generation).values():
                    words.update({w: n for w, n in counts.items() if isinstance(n, int)})
                names = [n for b in self.library for t in b.terms if isinstance(t, Term) for n in t.names]
                names += [n for b in self.library for t in b.topics for n in (t.label_ko, t.label_en)]
                self._vocab = Vocabulary.of((), names, counts=words)
            return self._vocab

    # ------------------------------------------------------------------ lifecycle

    @property
    def doc_count(self) -> int:
        with self._ix.reader() as reader:
            return int(reader.doc_count())

    def _rebuild(self) -> None:
        with self._lock:
            self._close_searcher()
            try:
                gen = store.build(store.root_dir(self._directory), self.library)
                ix = store.open_index(gen)
            except Exception as exc:
                raise IndexUnavailable(f"cannot rebuild the search index: {exc}") from exc
            self._ix, self.generation = ix, gen
            self._vocab = None

    def _close_searcher(self) -> None:
        self._engine = None
        self._stored_fields = None
        self._docsets.clear()
        self._analysed.clear()
        if self._searcher is not None:
            with contextlib.suppress(Exception):
                self._searcher.close()
            self._searcher = None

    def close(self) -> None:
        with self._lock:
            self._close_searcher()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Found(NamedTuple):
    """A candidate from the index, before the exact check."""

    key: str
    score: float  # Whoosh's score times the kind's prior
    doc: int
    kind: str
    wording: bool  # it may show clause wording (an index built before says so always)


def _found(doc: int, fields: dict[str, Any], score: float) -> _Found:
    wording, prior = fields.get("wording"), fields.get("prior")
    return _Found(
        key=str(fields["key"]),
        score=score * (1.0 if prior is None else float(prior)),
        doc=doc,
        kind=str(fields.get("kind") or ""),
        wording=True if wording is None else bool(wording),
    )


def _title_query(group: list[Pattern], searcher: Any) -> wq.Query | None:
    """Title terms that any match of one of ``group``'s patterns holds: of each plan (as
    typed too: ``미국측`` holds its own), the rarest title term. A superset of the titles
    holding a whole plan, read in one list: reading every term's, ``ai`` in a third of the
    titles among them, took 4 ms of the phrase ``"AI 생태계"`` at 100k units, against 0.3.
    None when a pattern may match without them (a prefix being typed)."""
    if not group or any(
        pattern.prefix or not pattern.plans or not all((*pattern.plans, *pattern.exact_plans))
        for pattern in group
    ):
        return None
    rarest = [
        min(plan, key=lambda term: searcher.doc_frequency(TITLE_FIELD, term))
        for pattern in group
        for plan in (*pattern.plans, *pattern.exact_plans)
    ]
    return any_of([wq.Term(TITLE_FIELD, term) for term in dict.fromkeys(rarest)])


@dataclass(slots=True)
class _Kept:
    """A candidate that passed the exact check, before its snippet is made."""

    score: float
    analysed: Analysed
    verdict: Verdict


def _keep_best(best: list[float], score: float, limit: int | None) -> None:
    """Keep ``score`` in ``best``, a min-heap of the ``limit`` best scores."""
    if limit is None:
        return
    if len(best) < limit:
        heapq.heappush(best, score)
    elif score > best[0]:
        heapq.heapreplace(best, score)


def _make_hit(shown: Display, briefing_id: str, score: float, verdict: Verdict) -> Hit:
    snippet, snippet_spans = highlight.snippet(shown, verdict.spans)
    matched = highlight.matched_strings(shown.text, verdict.spans)
    for text in highlight.matched_strings(shown.title, verdict.title_spans):
        if text not in matched:
            matched.append(text)
    return Hit(
        key=shown.key,
        kind=shown.kind,
        briefing=briefing_id,
        title=shown.title,
        location=shown.location,
        text=shown.text,
        snippet=snippet,
        spans=tuple(verdict.spans),
        snippet_spans=tuple(snippet_spans),
        title_spans=tuple(verdict.title_spans),
        score=score,
        matched=tuple(matched),
        addressed=shown.addressed,
        state=shown.state,
    )


def open_or_build(
    library: Library,
    progress: store.Progress | None = None,
    *,
    directory: Path | None = None,
    procs: int | None = None,
) -> SearchIndex:
    """The index of ``library``, built on first use and refreshed when briefings change.

    ``progress(done, total)`` is called while documents are indexed; it may raise
    :class:`index.store.BuildCancelled` to stop. ``directory`` defaults to
    ``content.paths.index_dir()``.
    """
    try:
        ix, gen = store.open_or_build(library, progress, directory=directory, procs=procs)
    except store.BuildCancelled:
        raise
    except OSError as exc:
        # Where: the file the system names, else the index's folder (a full disk names none).
        where = exc.filename or store.root_dir(directory)
        reason = describe_oserror(exc)
        raise IndexUnavailable(f"cannot write the search index at {where}: {reason}") from exc
    return SearchIndex(library, ix, gen, directory=directory)
