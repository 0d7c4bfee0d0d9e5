"""Whoosh ranks candidates with BM25 over lengths read once per searcher (issue #15): the
lengths must be Whoosh's own, and the ranking BM25F's."""

from __future__ import annotations

from pathlib import Path

from briefing import index
from briefing.content import load_library
from briefing.index.compiler import compile_query
from briefing.index.querylang import parse
from briefing.index.scoring import Saturated, field_lengths
from whoosh.scoring import BM25F
from whoosh.util.numeric import length_to_byte


def test_lengths_are_whooshs_own(tmp_path: Path) -> None:
    si = index.open_or_build(load_library(user=False), directory=tmp_path)
    with si._ix.reader() as reader:
        for leaf, _offset in reader.leaf_readers():
            lengths = field_lengths(leaf, "body")
            assert len(lengths) == leaf.doc_count_all()
            expected = bytes(
                length_to_byte(leaf.doc_field_length(d, "body", 0)) for d in range(leaf.doc_count_all())
            )
            assert lengths == expected
    si.close()


def test_ranks_as_bm25f(tmp_path: Path) -> None:
    si = index.open_or_build(load_library(user=False), directory=tmp_path)
    for query in ("미국", "고성능 컴퓨팅", "MOU", "수출 kind:clause"):
        compiled = compile_query(parse(query), si._aliases, si._known)
        ranked = []
        for weighting in (Saturated(), BM25F()):
            with si._ix.searcher(weighting=weighting) as searcher:
                results = searcher.search(compiled.query, limit=None)
                ranked.append([(r["key"], round(r.score, 6)) for r in results])
        assert ranked[0] == ranked[1], query
    si.close()
