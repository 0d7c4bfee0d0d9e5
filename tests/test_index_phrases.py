"""A quoted phrase: its words in order, side by side (a space apart or written together).

Its candidates must hold the bridging bigram the index writes across each space typed after a
bare word (issue #15: without that filter, a phrase of common words had every unit holding
them apart checked one by one). These tests pin what that filter may and may not cost.
"""

from __future__ import annotations

import pytest
from briefing import index
from briefing.content import load_library
from briefing.index.analysis import KOREAN_LATIN, LATIN_KOREAN, index_terms, mixed_term, pieces
from briefing.index.patterns import quoted_pattern
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import write

SECTIONS = {
    "spaced": "두 협정 모두 법적 구속력은 없다.",
    "joined": "이 문서는 법적구속력이 없는 양해각서다.",
    "compound": "비법적 구속력 조항을 둔다.",
    "apart": "법적 근거와 구속력 있는 약속은 다르다.",
    "across-line": "이 조항은 법적\n구속력을 다투지 않는다.",
    "tail": "시장통합 전략을 세운다.",
    "ending": "신뢰할 수 있는 공급망을 만든다.",
    "verb": "협력하는 기술 동맹을 맺는다.",
    # 신뢰할수 있는, and elsewhere a 수 of its own (a phrase's candidates hold its words' terms).
    "ending-joined": "신뢰할수 있는 공급망, 수 년 뒤.",
    "compound-verb": "국가통합전략 수립을 서두른다.",
    "mixed": "국내 AI 생태계를 키운다.",
    "mixed-joined": "AI생태계 조성 계획.",
    "mixed-particle": "AI를 생태계 전반에 쓴다.",
}


@pytest.fixture(scope="module")
def phrases(tmp_path_factory: pytest.TempPathFactory) -> index.SearchIndex:
    folder = tmp_path_factory.mktemp("phrases")
    body = '[briefing]\nid = "p"\ntitle = "구절"\nlanguage = "ko"\n'
    for unit_id, text in SECTIONS.items():
        body += f'\n[[section]]\nid = "{unit_id}"\ntitle = "절"\nparagraphs = ["""{text}"""]\n'
    write(folder / "p.toml", body)
    library = load_library([folder], bundled=False, user=False)
    assert not library.errors
    return index.open_or_build(library, directory=tmp_path_factory.mktemp("ix"))


def found(search_index: index.SearchIndex, query: str) -> set[str]:
    return {hit.id for hit in search_index.search(query, 20)}


def test_a_phrase_is_found_a_space_apart_written_together_and_inside_a_compound(
    phrases: index.SearchIndex,
) -> None:
    assert found(phrases, '"법적 구속력"') == {"spaced", "joined", "compound"}
    assert found(phrases, '"법적구속력"') >= {"joined"}
    # Unquoted, the words may stand apart (and across a line).
    assert found(phrases, "법적 구속력") >= {"spaced", "joined", "compound", "apart", "across-line"}


def test_a_phrase_does_not_run_across_a_line(phrases: index.SearchIndex) -> None:
    assert "across-line" not in found(phrases, '"법적 구속력"')


def test_a_word_the_stemmer_may_cut_inside_a_longer_run_needs_no_bridge(phrases: index.SearchIndex) -> None:
    # 통합 alone is bare, but not at the end of a longer run (시장통합): no bridge is required.
    assert quoted_pattern("통합 전략").needs == ()
    assert found(phrases, '"통합 전략"') == {"tail", "compound-verb"}


def test_words_with_endings_need_bridges_only_after_bare_words(phrases: index.SearchIndex) -> None:
    assert quoted_pattern("협력하는 기술 동맹").needs == (("술동",),)
    assert found(phrases, '"협력하는 기술 동맹"') == {"verb"}
    # Spelled 신뢰할수 있는 (a spacing the phrase's words also match), a text has no 수있:
    # the run before the space ends in 할, a predicate ending. But 할수 is then one word.
    assert quoted_pattern("신뢰할 수 있는").needs == (("수있", "할수"),)
    assert found(phrases, '"신뢰할 수 있는"') == {"ending", "ending-joined"}


def test_a_phrase_across_latin_and_korean_needs_its_mixed_bridges(phrases: index.SearchIndex) -> None:
    assert quoted_pattern("AI 생태계").needs == ((mixed_term(LATIN_KOREAN, "ai", "생"),),)
    assert found(phrases, '"AI 생태계"') == {"mixed", "mixed-joined"}
    assert quoted_pattern("국내 AI").needs == ((mixed_term(KOREAN_LATIN, "내", "ai"),),)
    assert found(phrases, '"국내 AI"') == {"mixed"}
    # With the particle between them, the words are not side by side: unquoted they are.
    assert "mixed-particle" in found(phrases, "AI 생태계")


def test_a_word_inside_a_compound_still_bridges(phrases: index.SearchIndex) -> None:
    # 전략 ends 국가통합전략: the 합 inside the compound is no predicate ending.
    assert found(phrases, '"전략 수립"') == {"compound-verb"}


WORDS = st.sampled_from(
    [
        *(
            "법적",
            "구속력",
            "기술",
            "동맹",
            "신뢰할",
            "수",
            "있는",
            "통합",
            "전략",
            "공급망",
            "미국과",
            "한국",
        ),
        *("AI", "MOU", "datasets", "G7", "서", "협력할", "하는", "인공지능"),
        # Numbers and counters: a text may glue a counter to a number (5년, G7등, 40일년).
        *("5", "년", "등", "원", "40일", "제3조"),
    ]
)


@example(prefix="미국", words=["통합", "AI"], gaps=[" ", " "], suffix="")
@example(prefix="", words=["G7", "등", "통합"], gaps=["", " "], suffix="")
@example(prefix="5", words=["년", "원", "MOU"], gaps=["", " "], suffix="")
@example(prefix="", words=["신뢰할", "수", "있는"], gaps=["", " "], suffix="")
@example(prefix="미국", words=["통합", "전략"], gaps=[" ", " "], suffix="")
@given(
    prefix=st.text(alphabet="가나미국고성능의비하합된에5년등", max_size=4),
    words=st.lists(WORDS, min_size=2, max_size=4),
    gaps=st.lists(st.sampled_from([" ", "  ", "\u00a0", ""]), min_size=3, max_size=3),
    suffix=st.sampled_from(["", "은", "을 위해", ". 다음"]),
)
def test_every_match_a_space_apart_or_joined_holds_the_bridges(
    prefix: str, words: list[str], gaps: list[str], suffix: str
) -> None:
    pattern = quoted_pattern(" ".join(words))
    text = "앞 " + prefix + words[0]
    for gap, word in zip(gaps, words[1:], strict=False):
        text += gap + word
    text += suffix
    if pattern.find(text):
        held = set(index_terms(text))
        assert all(held.intersection(group) for group in pattern.needs), text


@example(prefix="", words=["미국과", "AI", "생태계"], forms=[1, 2, 0], gaps=[" ", " ", " "], particle="를")
@example(prefix="", words=["신뢰할", "수", "있는"], forms=[0, 0, 0], gaps=["", " ", " "], particle="")
@example(prefix="미국", words=["통합", "전략"], forms=[0, 0, 0, 0], gaps=[" ", " ", " "], particle="")
@given(
    prefix=st.text(alphabet="가나미국고성능의비하합된에5년등", max_size=4),
    words=st.lists(WORDS, min_size=2, max_size=4),
    forms=st.lists(st.integers(0, 2), min_size=4, max_size=4),
    gaps=st.lists(st.sampled_from([" ", "  ", "\u00a0", ""]), min_size=3, max_size=3),
    particle=st.sampled_from(["", "과", "의", "를", "은", "하는", "할"]),
)
def test_words_typed_apart_are_side_by_side_only_where_their_bridges_are(
    phrases: index.SearchIndex,
    prefix: str,
    words: list[str],
    forms: list[int],
    gaps: list[str],
    particle: str,
) -> None:
    """Unquoted words side by side earn a ranking bonus; the search leaves unchecked the
    candidates lacking the run's Korean bridges (they cannot earn it). Sound only if every
    text the run's pattern finds side by side holds them, whatever the words carry: each word
    of the text is as typed, stripped as the query strips it, or stripped with a particle
    or an ending after it; syllables may be glued before the first."""
    adjacent = phrases.compile(" ".join(words)).adjacent
    text = "앞 " + prefix
    for i, word in enumerate(words):
        stripped = "".join(p.parts[0] if p.script == "en" else p.text for p in pieces(word, strip=True))
        text += [word, stripped, stripped + particle][forms[i]] + (gaps[i] if i < len(gaps) else "")
    held = set(index_terms(text))
    for pattern in adjacent:
        if pattern.find(text):
            assert all(held.intersection(group) for group in pattern.needs), (text, pattern.needs)


def test_the_search_help_says_what_a_phrase_matches() -> None:
    from briefing.tui.commands.search import QUERY_HELP

    assert "side by side" in QUERY_HELP
