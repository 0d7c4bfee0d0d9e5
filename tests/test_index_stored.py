"""A search reads its candidates' stored fields (key, kind, prior, wording) from each
segment's stored column, read whole into memory once (``index.stored``): the same fields
Whoosh reads document by document, in an index of one segment and in one refreshed into
several with deleted documents, and Whoosh's own reading where the layout is another."""

from __future__ import annotations

from pathlib import Path

from briefing import index
from briefing.content import load_library
from briefing.index import store
from briefing.index.stored import StoredFields
from whoosh import fields
from whoosh.codec.plaintext import PlainTextCodec
from whoosh.filedb.filestore import RamStorage

from tests.conftest import briefing_toml, write


def _library(folder: Path):
    return load_library([folder], bundled=False, user=False)


def _read_alike(gen: Path) -> int:
    """Every document of the generation read both ways; how many segments it has."""
    with store.open_index(gen).searcher() as searcher:
        stored = StoredFields(searcher)
        count = searcher.doc_count_all()
        assert count > 0
        for docnum in range(count):
            assert stored[docnum] == searcher.stored_fields(docnum), docnum
        return len(list(searcher.leaf_searchers()))


def test_the_bundled_briefing_reads_as_whoosh_reads_it(tmp_path: Path) -> None:
    si = index.open_or_build(load_library([], bundled=True, user=False), directory=tmp_path)
    assert _read_alike(si.generation) == 1
    # What a search ranks by comes from there.
    hit = si.search("기술동맹", 5)[0]
    assert hit.key.startswith("apec-ai-2025:") and hit.kind


def test_a_refreshed_index_of_several_segments_reads_as_whoosh_reads_it(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    write(folder / "alpha.toml", briefing_toml("alpha", "고성능컴퓨팅 인프라 협력"))
    write(folder / "beta.toml", briefing_toml("beta", "디지털응용플랫폼 환경"))
    first = index.open_or_build(_library(folder), directory=tmp_path / "ix")
    # Added, then changed (its old documents deleted, new ones added): new segments.
    write(folder / "gamma.toml", briefing_toml("gamma", "기술동맹 수준으로 격상"))
    index.open_or_build(_library(folder), directory=tmp_path / "ix").close()
    write(folder / "alpha.toml", briefing_toml("alpha", "양자역학 등 첨단 기술"))
    refreshed = index.open_or_build(_library(folder), directory=tmp_path / "ix")
    assert refreshed.generation == first.generation
    assert _read_alike(refreshed.generation) > 1
    # Each search finds its units by the keys read so, in every segment.
    assert {h.key for h in refreshed.search("기술동맹", 5)} == {"gamma:s1"}
    assert {h.key for h in refreshed.search("양자역학", 5)} == {"alpha:s1"}
    assert {h.key for h in refreshed.search("플랫폼", 5)} == {"beta:s1"}


def test_another_layout_is_read_through_whoosh() -> None:
    # A segment written by another codec keeps its stored fields otherwise: Whoosh reads them.
    schema = fields.Schema(key=fields.ID(stored=True), body=fields.TEXT(stored=True))
    ix = RamStorage().create_index(schema)
    writer = ix.writer(codec=PlainTextCodec())
    writer.add_document(key="a", body="one")
    writer.add_document(key="b", body="two")
    writer.commit()
    with ix.searcher() as searcher:
        stored = StoredFields(searcher)
        assert [stored[0], stored[1]] == [{"key": "a", "body": "one"}, {"key": "b", "body": "two"}]
