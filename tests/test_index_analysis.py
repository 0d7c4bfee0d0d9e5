"""Korean-aware analysis, end to end through real Whoosh indexes: every case of issue #4,
the query language's odd input, and exact highlight spans."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from briefing import index
from briefing.content import load_library
from briefing.index import analysis, korean
from briefing.index.querylang import parse
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import write

CASES = """\
[briefing]
id = "cases"
title = "분석 사례 · Analysis cases"
language = "ko"

[[section]]
id = "particles"
title = "조사"
paragraphs = ["미국과 일본이 만났다.", "미국의 입장은 분명했다.", "미국측의 계산도 있었다."]

[[section]]
id = "endings"
title = "어미"
paragraphs = ["중국을 견제하면서 협력했다.", "패권을 견제하고자 제안했다."]

[[section]]
id = "compound"
title = "복합어"
paragraphs = ["유리한 디지털응용플랫폼 환경을 확보한다."]

[[section]]
id = "hpc-joined"
title = "붙여 쓴 말"
paragraphs = ["필수적인 고성능컴퓨팅 등의 기본 인프라."]

[[section]]
id = "hpc-spaced"
title = "띄어 쓴 말"
paragraphs = ["고성능 컴퓨팅 자원을 늘린다."]

[[section]]
id = "alliance-spaced"
title = "동맹 하나"
paragraphs = ["'기술 동맹' 수준으로 격상한다."]

[[section]]
id = "alliance-joined"
title = "동맹 둘"
paragraphs = ["중국을 견제하기 위한 기술동맹이라는 성격."]

[[section]]
id = "asia-hyphen"
title = "센터 하나"
paragraphs = ["'아시아-태평양 AI센터'를 제안했다."]

[[section]]
id = "asia-dot"
title = "센터 둘"
paragraphs = ["'아시아·태평양 AI 센터' 설립."]

[[section]]
id = "english"
title = "English"
paragraphs = ["The MOC names AI-ready datasets and a full-stack export package; democratic values."]

[[section]]
id = "nsf-name"
title = "재단"
paragraphs = ["미국의 National Science Foundation 등이 언급된다."]

[[section]]
id = "quantum-ko"
title = "양자"
paragraphs = ["AI를 비롯한 양자역학 등 첨단 기술 분야."]

[[section]]
id = "tpd-en"
title = "Deal"
paragraphs = ["The ROK-U.S. Technology Prosperity Deal was signed."]

[[section]]
id = "tpd-ko"
title = "번영"
paragraphs = ["한미 기술번영 양해각서를 체결했습니다."]

[[section]]
id = "middle"
title = "경쟁"
paragraphs = ["미중간 패권경쟁이 심화된다.", "의미 국가들 사이."]

[[section]]
id = "middle-word"
title = "가운데"
paragraphs = ["중간 단계의 협력."]

[[term]]
id = "nsf"
ko = "미국 국립과학재단"
en = "National Science Foundation"
acronym = "NSF"

[[term]]
id = "quantum"
ko = "양자역학"
en = "quantum mechanics"
aliases = ["quantum"]

[[term]]
id = "tpd"
ko = "기술번영"
en = "Technology Prosperity Deal"
acronym = "TPD"
"""


@pytest.fixture(scope="module")
def search_index(tmp_path_factory: pytest.TempPathFactory) -> index.SearchIndex:
    root = tmp_path_factory.mktemp("analysis")
    path = write(root / "content" / "cases.toml", CASES)
    library = load_library([path], bundled=False, user=False)
    assert not library.errors, library.errors
    return index.open_or_build(library, directory=root / "index")


def ids(search_index: index.SearchIndex, query: str, **kwargs: object) -> list[str]:
    return [hit.id for hit in search_index.search(query, 50, **kwargs)]


def first(search_index: index.SearchIndex, query: str) -> index.Hit:
    hits = search_index.search(query, 5)
    assert hits, f"no hit for {query!r}"
    return hits[0]


# --------------------------------------------------------------------------- issue cases


def test_particles(search_index: index.SearchIndex) -> None:
    hit = next(h for h in search_index.search("미국", 50) if h.id == "particles")
    assert hit.matched == ("미국",)
    assert {hit.text[s:e] for s, e in hit.spans} == {"미국"}
    assert len(hit.spans) == 3  # 미국과, 미국의, 미국측의


def test_query_particles_are_stripped_too(search_index: index.SearchIndex) -> None:
    assert "particles" in ids(search_index, "미국과는")
    assert "particles" in ids(search_index, "미국측")


def test_endings(search_index: index.SearchIndex) -> None:
    found = ids(search_index, "견제하기")
    assert "endings" in found  # 견제하면서, 견제하고자
    hit = next(h for h in search_index.search("견제하기", 50) if h.id == "endings")
    assert {hit.text[s:e] for s, e in hit.spans} == {"견제"}


def test_word_as_typed_ranks_first_and_is_highlighted_whole(search_index: index.SearchIndex) -> None:
    hit = first(search_index, "견제하기")
    assert hit.id == "alliance-joined"  # holds 견제하기 itself
    assert "견제하기" in hit.matched


@pytest.mark.parametrize("query", ["플랫폼", "디지털 플랫폼", "디지털응용플랫폼", "응용"])
def test_compounds(search_index: index.SearchIndex, query: str) -> None:
    assert "compound" in ids(search_index, query)


@pytest.mark.parametrize("query", ["고성능 컴퓨팅", "고성능컴퓨팅", '"고성능 컴퓨팅"', '"고성능컴퓨팅"'])
def test_spacing_hpc(search_index: index.SearchIndex, query: str) -> None:
    assert {"hpc-joined", "hpc-spaced"} <= set(ids(search_index, query))


def test_spacing_highlights_the_whole_compound(search_index: index.SearchIndex) -> None:
    for hit in search_index.search("고성능 컴퓨팅", 10):
        if hit.id == "hpc-joined":
            assert hit.matched == ("고성능컴퓨팅",)
        if hit.id == "hpc-spaced":
            assert hit.matched == ("고성능 컴퓨팅",)


@pytest.mark.parametrize("query", ["기술 동맹", "기술동맹"])
def test_spacing_alliance(search_index: index.SearchIndex, query: str) -> None:
    assert {"alliance-spaced", "alliance-joined"} <= set(ids(search_index, query))


def test_spacing_never_crosses_a_particle(search_index: index.SearchIndex) -> None:
    # 기술의 동맹 is not 기술동맹: no bridge after a particle.
    assert "particles" not in ids(search_index, "일본이만났다")


@pytest.mark.parametrize("query", ["아시아태평양", "아시아-태평양", "아시아·태평양", "아시아 태평양"])
def test_punctuation_inside_names(search_index: index.SearchIndex, query: str) -> None:
    found = ids(search_index, query)
    assert {"asia-hyphen", "asia-dot"} <= set(found)
    hit = next(h for h in search_index.search(query, 10) if h.id == "asia-hyphen")
    assert "아시아-태평양" in hit.matched


def test_english_case(search_index: index.SearchIndex) -> None:
    assert ids(search_index, "moc") == ids(search_index, "MOC")
    assert "english" in ids(search_index, "moc")


def test_english_stem(search_index: index.SearchIndex) -> None:
    hit = next(h for h in search_index.search("dataset", 10) if h.id == "english")
    assert "datasets" in hit.matched


def test_english_hyphen(search_index: index.SearchIndex) -> None:
    for query in ("full stack", "full-stack", '"full stack"'):
        hit = next(h for h in search_index.search(query, 10) if h.id == "english")
        assert "full-stack" in hit.matched, query


def test_no_stray_english_matches(search_index: index.SearchIndex) -> None:
    # "moc" must not light up inside "democratic".
    hit = next(h for h in search_index.search("moc", 10) if h.id == "english")
    assert hit.matched == ("MOC",)


@pytest.mark.parametrize(
    ("query", "unit"),
    [
        ("NSF", "nsf-name"),
        ("미국 국립과학재단", "nsf-name"),
        ("quantum", "quantum-ko"),
        ("기술번영", "tpd-en"),
        ("Technology Prosperity Deal", "tpd-ko"),
        ("TPD", "tpd-ko"),
    ],
)
def test_glossary_aliases(search_index: index.SearchIndex, query: str, unit: str) -> None:
    assert unit in ids(search_index, query)


def test_alias_highlights_the_name_found(search_index: index.SearchIndex) -> None:
    hit = next(h for h in search_index.search("NSF", 10) if h.id == "nsf-name")
    assert "National Science Foundation" in hit.matched


def test_two_syllables_never_match_across_a_space(search_index: index.SearchIndex) -> None:
    # 의미 국가: no 미국 there.
    hit = next((h for h in search_index.search("미국", 50) if h.id == "middle"), None)
    assert hit is None


def test_whole_word_ranks_above_part_of_a_word(search_index: index.SearchIndex) -> None:
    found = ids(search_index, "중간")
    assert found.index("middle-word") < found.index("middle")


def test_filters(search_index: index.SearchIndex) -> None:
    assert set(ids(search_index, "kind:term")) == {"nsf", "quantum", "tpd"}
    assert ids(search_index, "미국 kind:term") == ["nsf"]
    assert "particles" not in ids(search_index, "미국 -일본")
    assert "particles" in ids(search_index, "일본 OR 없는말")
    assert set(ids(search_index, '"고성능 컴퓨팅" -붙여')) == {"hpc-spaced"} | (
        set(ids(search_index, '"고성능 컴퓨팅"')) - {"hpc-joined"}
    )


def test_unknown_filter_values_are_one_line_errors(search_index: index.SearchIndex) -> None:
    for query in ("kind:nonsense", "agreement:nope 미국", "briefing:zzz"):
        with pytest.raises(index.QueryError) as caught:
            search_index.search(query)
        assert "\n" not in str(caught.value)


# --------------------------------------------------------------------------- malformed input

MALFORMED = [
    '"unbalanced',
    'quote" in the middle',
    '"',
    '""',
    "AND",
    "OR",
    "NOT",
    "-",
    "--",
    "- -",
    "미국 OR",
    "OR 미국",
    "AND AND 미국",
    "NOT",
    "미국 NOT",
    "*",
    "미국*",
    "**",
    "[",
    "]",
    "(미국",
    "미국)",
    "{}[]()<>",
    "\x00\x01\x07미국\x7f",
    "미국\t\n\r",
    "[bold]x[/bold]",
    "[red]미국[/red]",
    "[link=https://x]y[/link]",
    "\x1b[31m미국\x1b[0m",
    "\x1b]8;;https://x\x07link\x1b]8;;\x07",
    "\x9b31m",
    "kind:",
    "kind:clause,",
    ":",
    "::::",
    "agreement:",
    "미국" * 400,
    "ㄱㄴㄷ",
    "고ㅅ",
    "\u200b\u202e미국",
    "'; DROP TABLE units; --",
    "\\",
    "%s %d {0}",
]


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_queries_never_raise(search_index: index.SearchIndex, query: str) -> None:
    try:
        hits = search_index.search(query, 10)
    except index.QueryError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert isinstance(hits, list)


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_queries_while_typing(search_index: index.SearchIndex, query: str) -> None:
    with contextlib.suppress(index.QueryError):
        search_index.search(query, 10, typing=True)


def test_escape_codes_and_control_characters_are_dropped(search_index: index.SearchIndex) -> None:
    assert ids(search_index, "\x1b[31m미국\x1b[0m") == ids(search_index, "미국")
    assert ids(search_index, "\x00미\x07국") == ids(search_index, "미국")


def test_lone_operators_are_searched_as_words() -> None:
    assert [[a.text for a in g] for g in parse("OR").groups] == [["OR"]]
    assert [[a.text for a in g] for g in parse("미국 OR 일본").groups] == [["미국", "일본"]]
    assert parse('"unbalanced').groups == [[parse("unbalanced").groups[0][0]]]


def test_only_exclusions_is_a_one_line_error(search_index: index.SearchIndex) -> None:
    with pytest.raises(index.QueryError):
        search_index.search("-미국")


def test_empty_query_finds_nothing(search_index: index.SearchIndex) -> None:
    assert search_index.search("") == []
    assert search_index.search("   ") == []
    assert search_index.search("*") == []


def test_typing_matches_a_latin_prefix(search_index: index.SearchIndex) -> None:
    assert "english" in ids(search_index, "datas", typing=True)
    assert "english" not in ids(search_index, "datas")


# --------------------------------------------------------------------------- pure analysis


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("미국과는", "미국"),
        ("미국의", "미국"),
        ("미국측의", "미국"),
        ("견제하면서", "견제"),
        ("견제하고자", "견제"),
        ("견제하기", "견제"),
        ("협력한다는", "협력"),
        ("구체화시켜", "구체화"),
        ("대한민국", "대한민국"),
        ("회의", "회의"),
        ("국가", "국가"),
        ("정상회의", "정상회의"),
        ("기업들에", "기업"),
    ],
)
def test_stem(word: str, stem: str) -> None:
    assert korean.stem(word) == stem


def test_spans_are_offsets_into_the_displayed_text(search_index: index.SearchIndex) -> None:
    for query in ("미국", "아시아태평양", "고성능 컴퓨팅", "NSF", "full stack"):
        for hit in search_index.search(query, 20):
            for s, e in hit.spans:
                assert 0 <= s < e <= len(hit.text)
            for s, e in hit.snippet_spans:
                assert 0 <= s < e <= len(hit.snippet)
                assert hit.snippet[s:e] in hit.text
            for s, e in hit.title_spans:
                assert 0 <= s < e <= len(hit.title)


def test_labels_are_never_highlighted(search_index: index.SearchIndex) -> None:
    # "기사 원문 · article text" labels every section block; neither word is content here.
    assert ids(search_index, "원문") == []
    assert ids(search_index, "article") == []


def test_index_terms_are_one_piece_per_syllable() -> None:
    # Bigrams, and one bridge across the space after a bare word: the candidate search
    # over-approximates; the exact check (test_two_syllables_never_match_across_a_space)
    # keeps 미국 out of "의미 국가".
    assert analysis.index_terms("의미 국가") == ["의미", "국가", "미국"]
    assert analysis.index_terms("기술의 동맹") == ["기술", "술의", "동맹"]
    assert len(analysis.index_terms("디지털응용플랫폼 환경")) == len("디지털응용플랫폼") - 1 + 1 + 1


def test_tokens_join_name_punctuation() -> None:
    texts = [t.text for t in analysis.tokens("아시아-태평양")]
    assert texts == ["아시", "시아", "아태", "태평", "평양"]


def test_nfd_input_matches(search_index: index.SearchIndex, tmp_path: Path) -> None:
    import unicodedata

    assert ids(search_index, unicodedata.normalize("NFD", "미국")) == ids(search_index, "미국")


@given(
    text=st.text(alphabet="미국 AI·\n", max_size=20),
    spans=st.lists(st.tuples(st.integers(-2, 24), st.integers(-2, 24)), max_size=5),
)
def test_a_snippet_cut_at_its_spans_keeps_every_character_and_lights_the_spans(
    text: str, spans: list[tuple[int, int]]
) -> None:
    """What the search screen and ``briefing search`` style: every character once, in order,
    lit exactly where a span (sorted, as the index gives them) covers it."""
    from briefing.index.highlight import cut

    spans = sorted(spans)
    pieces = cut(text, spans)
    assert "".join(part for part, _lit in pieces) == text
    assert all(part for part, _lit in pieces)
    lit = [i for i in range(len(text)) if any(max(s, 0) <= i < e for s, e in spans)]
    at, shown = 0, []
    for part, on in pieces:
        shown.extend(range(at, at + len(part)) if on else ())
        at += len(part)
    assert shown == lit
