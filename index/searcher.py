"""The search itself: query in, ranked hits with exact highlights out."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from briefing.content.library import Library
from briefing.content.model import Term
from briefing.index import highlight, store
from briefing.index.compiler import Compiled, compile_query
from briefing.index.documents import Display, display
from briefing.index.errors import IndexUnavailable
from briefing.index.hits import Hit
from briefing.index.patterns import AliasTable
from briefing.index.querylang import parse
from briefing.index.ranking import Verdict, judge
from whoosh import index as windex
from whoosh import query as wq

DEFAULT_LIMIT = 20
#: Candidates fetched from Whoosh, at least, for the exact check and re-ranking.
RERANK_DEPTH = 60
#: Deepest the search goes looking for enough candidates that pass the exact check.
MAX_DEPTH = 2000
#: Filter and mask document sets kept for reuse.
DOCSET_CACHE = 32


def alias_table(library: Library) -> AliasTable:
    table = AliasTable()
    for briefing in library:
        for term in briefing.terms:
            if isinstance(term, Term) and len(term.names) > 1:
                table.add(term.names)
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
        self._lock = threading.Lock()
        self._aliases = alias_table(library)
        self._known = known_ids(library)
        self._docsets: dict[str, set[int]] = {}

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
        depth = max(limit * 3, RERANK_DEPTH) if ranked else limit
        while True:
            try:
                found, more = self._run(compiled, depth)
            except Exception:
                # A damaged index shows up as whatever the broken bytes raise: rebuild once.
                self._rebuild()
                found, more = self._run(compiled, depth)
            hits = self._judge(found, compiled)
            if len(hits) >= limit or not more or depth >= MAX_DEPTH:
                break
            depth *= 4
        if ranked:
            # Ties (to float noise) break by key, so the order never depends on hash seeds.
            hits.sort(key=lambda h: (-round(h.score, 6), h.key))
        return hits[:limit]

    def _run(self, compiled: Compiled, depth: int) -> tuple[list[tuple[str, float]], bool]:
        """(key, Whoosh score x kind prior) of the best ``depth`` candidates, and whether
        there are more."""
        with self._lock:
            if self._searcher is None:
                self._searcher = self._ix.searcher()
            results = self._searcher.search(
                compiled.query,
                limit=depth,
                filter=self._docset(compiled.filter),
                mask=self._docset(compiled.mask),
            )
            found = [(r["key"], float(r.score or 0.0) * float(r.get("prior", 1.0))) for r in results]
            return found, results.scored_length() < len(results)

    def _docset(self, query: wq.Query | None) -> set[int] | None:
        """The documents a filter or mask matches, kept while the searcher is open: typing
        repeats them with every keystroke, and Whoosh would rebuild the set each time."""
        if query is None:
            return None
        key = repr(query)
        found = self._docsets.get(key)
        if found is None:
            found = set(query.docs(self._searcher))
            if len(self._docsets) >= DOCSET_CACHE:
                self._docsets.pop(next(iter(self._docsets)))
            self._docsets[key] = found
        return found

    def _judge(self, found: list[tuple[str, float]], compiled: Compiled) -> list[Hit]:
        hits: list[Hit] = []
        for key, score in found:
            located = self.library.get(key)
            if located is None:
                continue  # the library changed since the index was built
            briefing, unit = located
            shown = display(briefing, unit)
            verdict = judge(shown, compiled)
            if verdict.keep:
                hits.append(_make_hit(shown, briefing.id, score * verdict.factor, verdict))
        return hits

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

    def _close_searcher(self) -> None:
        self._docsets.clear()
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
        raise IndexUnavailable(f"cannot write the search index: {exc}") from exc
    return SearchIndex(library, ix, gen, directory=directory)
