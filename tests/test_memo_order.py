"""The memo reads as an analyst writes one: their note first, then the quoted text, then the
fact-checks, and a citation compact enough to paste, with no internal ids in the text."""

from __future__ import annotations

import re

import pytest
from briefing.bookmarks import BookmarkStore
from briefing.bookmarks.export import render_markdown
from briefing.content import load_library
from briefing.content.model import Clause
from markdown_it import MarkdownIt

LIBRARY = load_library(user=False)
BRIEFING = LIBRARY.briefings[0]
#: Clauses with a note of the briefing on them, each a case of a unit with fact-checks.
NOTED = [c.id for c in BRIEFING.clauses if BRIEFING.notes_on(c.id)]
#: The briefing's id and the ids of units named only by id (clauses, notes, implications):
#: none of them is a word a reader would write.
INTERNAL = {BRIEFING.id, *(u.id for u in (*BRIEFING.clauses, *BRIEFING.notes, *BRIEFING.implications))}
IDS = re.compile("|".join(re.escape(x) for x in sorted(INTERNAL, key=len, reverse=True)))


def blocks(md: str) -> list[str]:
    """The memo's top-level blocks as the text a reader sees, in order."""
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    found = []
    for token in tokens:
        if token.type == "inline":
            parts = [
                c.content if c.type == "text" else "\n"
                for c in token.children or []
                if c.type in ("text", "softbreak", "hardbreak")
            ]
            found.append("".join(parts))
    return found


def ids_in_text(md: str) -> list[str]:
    # URLs may hold anything; the rest of the text must not show internal ids.
    text = re.sub(r"<https?://[^>]+>", "", md)
    return [m.group() for m in IDS.finditer(text) if not _part_of_word(text, m)]


def _part_of_word(text: str, m: re.Match[str]) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return before.isalnum() or before in "-_" or after.isalnum() or after in "-_"


@pytest.mark.parametrize("clause_id", NOTED[:4])
def test_note_then_quote_then_fact_checks_then_citation(clause_id: str) -> None:
    clause = BRIEFING.get(clause_id)
    assert isinstance(clause, Clause)
    store = BookmarkStore.open()
    store.add(LIBRARY, BRIEFING.key(clause_id), "MY NOTE first line\nsecond line")
    md = render_markdown(store.all(), LIBRARY)
    seen = blocks(md)
    note = next(i for i, b in enumerate(seen) if "MY NOTE first line" in b)
    quoted = next(i for i, b in enumerate(seen) if clause.article_text.split("\n")[0][:30] in b)
    checks = next(i for i, b in enumerate(seen) if "Notes and fact-checks" in b)
    citation = next(i for i, b in enumerate(seen) if b.startswith("출처 · Source:"))
    assert note < quoted < checks < citation, seen
    # The citation: one line, where the unit sits, with its link where there is one.
    line = seen[citation]
    assert "\n" not in line
    assert clause.id not in line
    assert ids_in_text(md) == []


def test_compare_row_citation_names_the_pair_not_clause_ids() -> None:
    store = BookmarkStore.open()
    mou, moc = BRIEFING.get("mou-rnd-channels"), BRIEFING.get("moc-rnd-channels")
    assert mou and moc
    spec = (
        BRIEFING.key(mou.id),
        BRIEFING.key(moc.id),
        "rnd-channels",
        BRIEFING.key("us-rok-tpd-mou"),
        BRIEFING.key("us-japan-tpd-moc"),
    )
    store.add(LIBRARY, spec[0], "ROW NOTE", spec)
    md = render_markdown(store.all(), LIBRARY)
    seen = blocks(md)
    note = next(i for i, b in enumerate(seen) if "ROW NOTE" in b)
    table = md.index("| --- | --- |")
    assert md.index("ROW NOTE") < table
    [citation] = [b for b in seen if b.startswith("출처 · Source:")]
    assert "한미 TPD MOU ⇄ 미일 TPD MOC" in citation
    assert note < seen.index(citation)
    assert ids_in_text(md) == []
