"""The fast writer (index.writer, issue #15) writes the index Whoosh's own writer writes:
the same terms, postings, weights, values, lengths and stored fields, when building and
when a refresh deletes documents and merges segments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from briefing.content import load_library
from briefing.index import store
from briefing.index.schema import make_schema
from briefing.index.writer import Codec, PostingsWriter
from whoosh import index as windex

from tests.conftest import write


def contents(ix: windex.Index) -> dict[str, Any]:
    """Everything a search reads from an index, document by document and term by term."""
    with ix.reader() as reader:
        postings = []
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            items = []
            while matcher.is_active():
                items.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            postings.append((fieldname, text, info.weight(), info.doc_frequency(), info.max_weight(), items))
        docs = range(reader.doc_count_all())
        return {
            "count": reader.doc_count(),
            "deleted": [d for d in docs if reader.is_deleted(d)],
            "stored": list(reader.all_stored_fields()),
            "lengths": {
                name: ([reader.doc_field_length(d, name) for d in docs], reader.field_length(name))
                for name in ("body", "key", "agreement")
            },
            "postings": postings,
        }


def documents(folder: Path | None = None) -> list[dict[str, object]]:
    library = load_library([folder], bundled=False, user=False) if folder else load_library(user=False)
    return list(store._documents(library))


def whoosh_writer(ix: windex.Index) -> Any:
    return ix.writer(codec=Codec())


def test_writers_agree_on_the_bundled_briefing(tmp_path: Path) -> None:
    docs = documents()
    built = {}
    for name, make in (("whoosh", whoosh_writer), ("fast", PostingsWriter)):
        folder = tmp_path / name
        folder.mkdir()
        ix = windex.create_in(str(folder), make_schema())
        writer = make(ix)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        built[name] = contents(store.open_index(folder))
    assert built["fast"]["count"] == len(docs) > 100
    assert len(built["fast"]["postings"]) > 1000
    assert built["fast"] == built["whoosh"]


def test_writers_agree_when_deleting_and_merging(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for n in range(3):
        write(
            content / f"b{n}.toml",
            f'[briefing]\nid = "b{n}"\ntitle = "제목 {n}"\nlanguage = "ko"\n\n'
            + "".join(
                f'[[section]]\nid = "s{i}"\ntitle = "절 {i}"\n'
                f'paragraphs = ["고성능 컴퓨팅 {i}년으로 협력 AI를 full-stack {n}·{i} 미국과는"]\n\n'
                for i in range(40)
            ),
        )
    docs = documents(content)
    built = {}
    for name, make in (("whoosh", whoosh_writer), ("fast", PostingsWriter)):
        folder = tmp_path / name
        folder.mkdir()
        ix = windex.create_in(str(folder), make_schema())
        # Three small segments, then a writer that deletes one briefing, re-adds it and
        # merges the other segments into its own (add_reader: postings fed to the pool).
        for n in range(3):
            writer = make(ix)
            for doc in docs:
                if doc["briefing"] == f"b{n}":
                    writer.add_document(**doc)
            writer.commit()
        writer = make(ix)
        writer.delete_by_term("briefing", "b1")
        for doc in docs:
            if doc["briefing"] == "b1":
                writer.add_document(**doc)
        writer.commit(optimize=True)
        ix = store.open_index(folder)
        assert len(ix._segments()) == 1  # the merge happened
        built[name] = contents(ix)
    assert built["fast"]["count"] == len(docs)
    assert built["fast"] == built["whoosh"]


def test_unsupported_fields_are_refused(tmp_path: Path) -> None:
    from whoosh import fields

    ix = windex.create_in(str(tmp_path), fields.Schema(body=fields.TEXT(phrase=True)))
    with pytest.raises(TypeError, match="Positions"):
        PostingsWriter(ix)
