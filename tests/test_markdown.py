"""content.markdown: the one escaper behind `briefing compare` and the memo, tested on both."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing.bookmarks import BookmarkStore
from briefing.bookmarks.export import render_markdown
from briefing.content import Library
from briefing.content import markdown as md
from briefing.content.compare import AgreementRef, compare, comparison_markdown
from briefing.content.model import Agreement, Briefing, Clause, Topic
from briefing.content.text import inert
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_compare import parse_table

NASTY = [
    "a | b",
    "two\nlines\r\nand\rmore",
    "`code` and ``double``",
    "**bold** _em_ ~~strike~~",
    "[link](https://example.org) ![img](x.png)",
    "<script>alert(1)</script> <br>",
    "&lt; &#124; &amp; R&D",
    "trailing backslash \\",
    "\\| escaped pipe",
    "# heading-like",
    "- list-like",
    "1. numbered",
    "> quote",
]


@pytest.mark.parametrize("text", NASTY)
def test_cell_keeps_text_literal_in_one_cell(text: str) -> None:
    markdown = f"| x | y |\n| --- | --- |\n| {md.cell(text)} | end |\n"
    rows = parse_table(markdown)
    assert len(rows) == 2 and len(rows[1]) == 2
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert rows[1][0].strip() == expected.strip()
    assert rows[1][1] == "end"


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("|\n\\`*_[]<>&#!~"),
        max_size=40,
    )
)
def test_any_text_stays_in_its_cell(text: str) -> None:
    markdown = f"| x | y |\n| --- | --- |\n| {md.cell(text)} | end |\n"
    rows = parse_table(markdown)
    assert len(rows) == 2 and len(rows[1]) == 2
    assert rows[1][1] == "end"
    # Whitespace aside, the words come back as written (made inert).
    assert rows[1][0].split() == inert(text).split()


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab |*_`[]<>&#1.-\n"), max_size=30),
    st.data(),
)
def test_highlighted_cell_bolds_only_the_spans(text: str, data: st.DataObject) -> None:
    words = [(i, i + 1) for i, ch in enumerate(text) if ch in "ab"]
    spans = data.draw(st.lists(st.sampled_from(words), unique=True, max_size=3)) if words else []
    spans.sort()
    markdown = f"| x | y |\n| --- | --- |\n| {md.cell_highlight(text, spans)} | end |\n"
    rows = parse_table(markdown)
    assert len(rows) == 2 and rows[1][1] == "end"
    assert rows[1][0].split() == text.split()


# --------------------------------------------------------------------------- both surfaces

#: Content whose Markdown source differed between the two escapers: an entity, a heading
#: and a list marker at a line start, a pipe, an autolink attempt.
TRICKY = "R&D &lt;b&gt; | x\n# y\n- z <https://x.example>"


def tricky_library() -> Library:
    briefing = Briefing(
        id="tricky",
        title="Tricky",
        author="",
        publisher="",
        date="",
        language="en",
        path=Path("tricky.toml"),
        agreements=[
            Agreement("a1", "A one", "Agreement one", ("X",), "2025-01-01", "", "MOU", False),
            Agreement("a2", "A two", "Agreement two", ("Y",), "2025-01-02", "", "MOU", False),
        ],
        topics=[Topic("t1", "주제", "Topic")],
        clauses=[Clause("c1", "a1", "t1", article_text=TRICKY), Clause("c2", "a2", "t1", summary="plain")],
    )
    briefing.index_units()
    return Library([briefing])


def test_compare_and_memo_escape_content_the_same_way() -> None:
    library = tricky_library()
    [briefing] = library.briefings
    expected = md.cell(TRICKY)
    comparison = compare(
        AgreementRef(briefing, briefing.agreements[0]), AgreementRef(briefing, briefing.agreements[1])
    )
    assert expected in comparison_markdown(comparison)
    store = BookmarkStore(Path("/nonexistent/never-written.json"))
    store.add(library, "tricky:c1", "", compare=("tricky:c1", "tricky:c2", "t1"))
    assert expected in render_markdown(store.all(), library)
    # And the reader sees the content itself in both.
    [_, row] = parse_table(comparison_markdown(comparison))[0:2]
    assert TRICKY in row[2]
