"""Candidates are ranked from whole posting lists read in bulk (index.engine, issue #15): the
ranking must be exactly Whoosh's own (same documents, same scores, same tie order), the
postings read in bulk exactly what Whoosh's matchers step through, on a fresh index and on
one refreshed in place (several segments, deleted documents)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from briefing import index
from briefing.content import load_library
from briefing.index import store
from briefing.index.engine import Engine, read_postings
from briefing.index.schema import make_schema
from briefing.index.scoring import Saturated
from briefing.index.writer import Codec, PostingsWriter
from whoosh import index as windex

from tests.conftest import briefing_toml, write

QUERIES = [
    "미국",
    "미국과",
    "고성능컴퓨팅",
    "고성능 컴퓨팅",
    "디지털응용플랫폼",
    "기술동맹",
    "미국 중국",
    '"신뢰할 수 있는"',
    '"법적 구속력"',
    "MOU",
    "datasets",
    "full-stack",
    "advanced manufacturing",
    "Technology Prosperity Deal",
    "미국 OR 일본",
    "미국 -중국",
    "수출 kind:clause",
    "kind:section 플랫폼",
    "양자",
    "5년",
]
#: Typed a character at a time: prefixes of Latin words are searched as prefixes.
TYPED = ["adv", "advanced manuf", "Nat", "semic", "고성능 컴"]


def _briefing(briefing_id: str, paragraphs: list[str]) -> str:
    return (
        briefing_toml(briefing_id, *paragraphs)
        + """
[[section]]
id = "s2"
title = "둘째 절 MOU"
paragraphs = ["미국과 일본의 advanced manufacturing 협력, 고성능 컴퓨팅 수출"]
"""
    )


def _same_ranking(si: index.SearchIndex, query: str, *, typing: bool = False) -> None:
    compiled = si.compile(query, typing=typing)
    assert compiled.query is not None
    si.search(query, 5, typing=typing)  # opens the searcher and its engine
    searcher: Any = si._searcher
    allow, hide = si._docset(compiled.filter), si._docset(compiled.mask)
    if compiled.filter is not None:
        assert allow == set(compiled.filter.docs(searcher)), query
    if compiled.mask is not None:
        assert hide == set(compiled.mask.docs(searcher)), query
    _ranks_as_whoosh(si, compiled.query, allow, hide)


def _whooshs_ranking(
    si: index.SearchIndex, query: Any, allow: set[int] | None = None, hide: set[int] | None = None
) -> list[tuple[int, float]]:
    """Whoosh's own ranking of every match: (document, score to 9 places), best first."""
    searcher: Any = si._searcher
    return [
        (r.docnum, round(r.score, 9)) for r in searcher.search(query, limit=None, filter=allow, mask=hide)
    ]


def _ranks_as_whoosh(
    si: index.SearchIndex, query: Any, allow: set[int] | None = None, hide: set[int] | None = None
) -> list[tuple[int, float]]:
    """Assert that the engine ranks every match of ``query`` as Whoosh does; Whoosh's ranking."""
    engine: Engine = si._engine  # type: ignore[assignment]
    expected = _whooshs_ranking(si, query, allow, hide)
    ranked = engine.top(query, len(expected) + 5, allow, hide)
    assert ranked is not None, query
    best, matched = ranked
    assert matched == len(expected), query
    assert [(d, round(s, 9)) for d, s in best] == expected, (query, allow, hide)
    return expected


def test_ranks_exactly_as_whoosh_on_the_bundled_briefing(tmp_path: Path) -> None:
    si = index.open_or_build(load_library(user=False), directory=tmp_path)
    for query in QUERIES:
        _same_ranking(si, query)
    for query in TYPED:
        _same_ranking(si, query, typing=True)
    si.close()


def test_ranks_exactly_as_whoosh_after_refreshes(tmp_path: Path) -> None:
    """Refreshing re-indexes a changed briefing into the same index: its old documents are
    deleted, not gone, and the new ones land in another segment."""
    folder = tmp_path / "content"
    write(folder / "alpha.toml", _briefing("alpha", ["고성능컴퓨팅 인프라 협력", "미국 중국 기술동맹"]))
    write(folder / "beta.toml", _briefing("beta", ["디지털응용플랫폼 환경 MOU"]))
    cache = tmp_path / "index"
    si = index.open_or_build(load_library([folder], user=False), directory=cache)
    si.close()
    write(folder / "beta.toml", _briefing("beta", ["미국 수출 통제와 데이터셋", "MOU MOU 협력"]))
    si = index.open_or_build(load_library([folder], user=False), directory=cache)
    with si._ix.reader() as reader:
        assert reader.has_deletions() or not reader.is_atomic()
    for query in QUERIES:
        _same_ranking(si, query)
    for query in TYPED:
        _same_ranking(si, query, typing=True)
    si.close()


@pytest.mark.parametrize("fieldname", ["body", "kind", "agreement", "briefing"])
def test_postings_read_in_bulk_are_the_matchers_own(tmp_path: Path, fieldname: str) -> None:
    si = index.open_or_build(load_library(user=False), directory=tmp_path)
    with si._ix.reader() as top:
        for reader, _offset in top.leaf_readers():
            terms = [text for text in reader.lexicon(fieldname)]
            assert terms
            for raw in terms:
                text = raw.decode("utf-8")
                matcher = reader.postings(fieldname, raw)
                stepped: dict[int, float] = {}
                while matcher.is_active():
                    stepped[matcher.id()] = float(matcher.weight())
                    matcher.next()
                postings = read_postings(reader, fieldname, text)
                assert dict(zip(postings.docs, postings.weights, strict=True)) == stepped, text
                assert postings.docs == sorted(stepped), text
    si.close()


def test_a_query_it_does_not_know_is_left_to_whoosh(tmp_path: Path) -> None:
    si = index.open_or_build(load_library(user=False), directory=tmp_path)
    compiled = si.compile("kind:section")  # every section: Whoosh's Every query
    si.search("미국", 1)
    assert si._engine is not None and si._engine.top(compiled.query, 10) is None
    hits = si.search("kind:section", 5)
    assert hits and all(hit.kind == "section" for hit in hits)
    si.close()


def test_the_lengths_it_scores_with_are_the_weightings(tmp_path: Path) -> None:
    si = index.open_or_build(load_library(user=False), directory=tmp_path)
    weighting = Saturated()
    with si._ix.searcher(weighting=weighting) as searcher:
        for sub, _offset in searcher.leaf_searchers():
            assert len(weighting.lengths(sub.reader())) == sub.reader().doc_count_all()
    si.close()


@pytest.mark.parametrize("block", [1, 3, 16, 17, 1024])
def test_postings_of_many_blocks_are_read_whole(tmp_path: Path, block: int) -> None:
    """Lists longer than a block (BLOCK_POSTINGS in the app's indexes; small here, so that
    the bundled briefing's common terms span many): tuples below _ARRAY_MIN, arrays above;
    blocks of fewer bytes than _COMPRESS_MIN stored as they are, longer ones compressed."""
    ix = windex.create_in(str(tmp_path), make_schema())
    writer = PostingsWriter(ix, codec=Codec(blocklimit=block))
    for doc in store._documents(load_library(user=False)):
        writer.add_document(**doc)
    writer.commit()
    ix = store.open_index(tmp_path)
    longest = 0
    packed: set[int | None] = set()  # each first block's compression level
    with ix.reader() as top:
        for reader, _offset in top.leaf_readers():
            for fieldname in ("body", "title", "kind"):
                for raw in reader.lexicon(fieldname):
                    matcher = reader.postings(fieldname, raw)
                    # (A term in one document is inlined in the term table: no block.)
                    packed.add(getattr(matcher, "_compression", None))
                    stepped: dict[int, float] = {}
                    while matcher.is_active():
                        stepped[matcher.id()] = float(matcher.weight())
                        matcher.next()
                    postings = read_postings(reader, fieldname, raw.decode("utf-8"))
                    assert postings.docs == sorted(stepped)
                    assert dict(zip(postings.docs, postings.weights, strict=True)) == stepped
                    longest = max(longest, len(stepped))
    assert longest > 4 * block or block == 1024
    assert 0 in packed
    assert block < 16 or Codec()._compression in packed


def _one_section_each(briefing_id: str, texts: list[str]) -> str:
    """A briefing of one section per text (each section is a unit of its own)."""
    sections = "".join(
        f'\n[[section]]\nid = "s{i}"\ntitle = "절"\nparagraphs = ["{text}"]\n' for i, text in enumerate(texts)
    )
    return f'[briefing]\nid = "{briefing_id}"\ntitle = "{briefing_id}"\nlanguage = "ko"\n{sections}'


def _library_index(tmp_path: Path, texts: list[str]) -> index.SearchIndex:
    folder = tmp_path / "content"
    write(folder / "many.toml", _one_section_each("many", texts))
    return index.open_or_build(
        load_library([folder], bundled=False, user=False), directory=tmp_path / "index"
    )


def test_the_best_few_are_the_first_of_whooshs_whole_ranking(tmp_path: Path) -> None:
    """``top(depth)`` below the matches takes the depth-th best score and then only the
    documents scoring that or more: a tie at that score must keep the lower numbers, as
    Whoosh's ranking does, and none of the tied may be lost."""
    texts = ["반도체 협력"] * 30 + [f"반도체 협력 {'반도체 ' * (i % 4)}설계 {i}" for i in range(30)]
    si = _library_index(tmp_path, texts)
    compiled = si.compile("반도체")
    si.search("반도체", 5)
    engine: Engine = si._engine  # type: ignore[assignment]
    expected = _whooshs_ranking(si, compiled.query)
    scores = [score for _doc, score in expected]
    assert len(expected) == 60 and max(map(scores.count, scores)) >= 10  # ties to cut through
    for depth in range(1, 62):
        ranked = engine.top(compiled.query, depth)
        assert ranked is not None
        best, matched = ranked
        assert matched == 60
        assert [(d, round(s, 9)) for d, s in best] == expected[:depth], depth
    si.close()


def test_a_long_list_under_an_and_is_looked_up_where_the_others_match(tmp_path: Path) -> None:
    """A rare word and an Or of two common ones: each common word is found on the rare
    word's few documents by bisection, and where it is not there it adds nothing."""
    texts = (
        [f"반도체 협력 {i}" for i in range(120)]
        + [f"조선 협력 {i}" for i in range(120)]
        + ["희귀어 반도체", "희귀어 조선", "희귀어 반도체 조선", "희귀어 조선 조선"]
    )
    si = _library_index(tmp_path, texts)
    for query in ("희귀어 (반도체 OR 조선)", "희귀어 반도체 OR 조선 OR 협력"):
        _same_ranking(si, query)
    si.close()


def test_an_or_of_words_adds_each_words_score_as_whoosh_does(tmp_path: Path) -> None:
    """An Or of words alone (a typed prefix's words, ``a OR b``) is scored into one dict:
    where both words are, both scores add up; a boost multiplies the sum; a filter or a
    mask leaves it to the general path."""
    from whoosh import query as wq

    texts = ["chip ship", "chip chip ship", "ship", "boat", "chip", "ship ship boat chip", "boat chip"] * 3
    si = _library_index(tmp_path, texts)
    si.search("chip", 5)  # opens the searcher and its engine
    words = [wq.Term("body", "chip"), wq.Term("body", "ship"), wq.Term("body", "boat")]
    some = set(range(0, 21, 2))
    for query, allow, hide in [
        (wq.Or(words[:2]), None, None),
        (wq.Or(words), None, None),
        (wq.Or(words[:2], boost=2.5), None, None),
        (wq.Or([words[0], words[0], words[1]]), None, None),
        (wq.Or(words[:2]), some, None),
        (wq.Or(words[:2]), None, some),
    ]:
        expected = _ranks_as_whoosh(si, query, allow, hide)
        assert len({doc for doc, _score in expected}) > 5
    si.close()
