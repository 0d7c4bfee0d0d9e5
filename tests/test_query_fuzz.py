"""The query parser and the search, fuzzed: any input gives hits or one QueryError line, never a crash."""

from __future__ import annotations

import pytest
from briefing import index
from briefing.content import load_library
from briefing.index.querylang import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Pieces that stress the grammar: operators, quotes, brackets, filters, markup and escapes.
PIECES = st.sampled_from(
    [
        '"',
        "'",
        "(",
        ")",
        "[",
        "]",
        "*",
        "-",
        "OR",
        "AND",
        "NOT",
        "kind:",
        "agreement:",
        "topic:x",
        "briefing:",
        ":",
        "\\",
        "[bold]",
        "[/]",
        "\x1b[31m",
        "\x07",
        "\x00",
        "\u202e",
        "미국과",
        "고성능 컴퓨팅",
        "full-stack",
        "NSF",
        " ",
        "  ",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(PIECES, max_size=30).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=30).map(" ".join),
)


@pytest.fixture(scope="module")
def search_index(tmp_path_factory: pytest.TempPathFactory) -> index.SearchIndex:
    return index.open_or_build(load_library(user=False), directory=tmp_path_factory.mktemp("ix"))


@FUZZ
@given(QUERIES)
def test_parser_raises_nothing_but_one_line_query_errors(query: str) -> None:
    try:
        parse(query)
    except index.QueryError as exc:
        assert str(exc) and "\n" not in str(exc)


@FUZZ
@given(QUERIES, st.booleans())
def test_search_gives_hits_or_one_line(search_index: index.SearchIndex, query: str, typing: bool) -> None:
    try:
        hits = search_index.search(query, 10, typing=typing)
    except index.QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\x1b" not in message
        return
    for hit in hits:
        assert all(0 <= start < end <= len(hit.text) for start, end in hit.spans)


def test_huge_query_is_handled(search_index: index.SearchIndex) -> None:
    query = "미국 " * 20_000 + '"' * 5_000 + "(" * 5_000
    try:
        search_index.search(query, 10)
    except index.QueryError as exc:
        assert "\n" not in str(exc)
