"""The exact check reads tokens only where a match may start (issue #15): it must find
exactly what reading the whole text finds, on any text and any query."""

from __future__ import annotations

from briefing.index import analysis
from briefing.index.patterns import Marks, Pattern, phrase_pattern, word_pattern
from hypothesis import example, given, settings
from hypothesis import strategies as st

#: Text pieces that meet the tokenizer's edge cases: particles glued to Latin words and
#: quotes, name punctuation, numbers with counters, spacing inside compounds.
PIECES = st.sampled_from(
    [
        "미국",
        "미국과",
        "의미 국가",
        "고성능",
        "컴퓨팅",
        "고성능컴퓨팅",
        "아시아-태평양",
        "아시아·태평양",
        "AI를",
        "'MOU'는",
        "5년으로",
        "40일전에",
        "제3조제1항",
        "3분의 2",
        "datasets",
        "full-stack",
        "년",
        "일",
        " ",
        "  ",
        ", ",
        "\n",
        "-",
        # The exact check's fast path (a plain run's own bigrams) must stop at each of these:
        "AI에서",
        "'미국'과",
        "5미국",
        "국고",
        "고성능컴퓨팅의",
        "미국은",
        "3년간",
        "AI 미국",
        "AI,미국",
        "AI 5년",
        "MOU는 고성능",
        "AI 미 국",
        # Repeated syllables: a token's occurrences overlap (국국국 holds 국국 twice), and
        # a run longer than patterns.LONG_RUN is read from the text's tokens.
        "국국국",
        "국·국·국",
        "미국" * 40,
        "국·" * 40,
        # Runs longer than analysis.LOCAL_RUN either way of a point: found among all runs.
        "미국" * 150,
        "국·" * 140,
        # Latin letters beyond ASCII, a word of one among them, glued to syllables:
        "é국",
        "국é",
        "ß·국",
        "café",
        # Digits that are not decimal (str.isdigit), before counters and one-syllable runs:
        "²년",
        "①국",
        "5국",
        "²년국",
        "5일미",
    ]
)
TEXTS = st.lists(
    st.one_of(PIECES, st.text(alphabet="미국고성능컴퓨팅년일5² -·éß", max_size=6)), max_size=25
).map("".join)
WORDS = st.sampled_from(
    [
        "미국",
        "미국과",
        "고성능컴퓨팅",
        "고성능 컴퓨팅",
        "아시아태평양",
        "5년",
        "40일",
        "제3조",
        "dataset",
        "AI",
        "년",
        "성능컴",
        "국고",
        "미국은",
        "에서",
        "능컴퓨",
        "일전",
        "년간",
        "국",
        "미",
        "국 고성능",
        # A Latin word and what follows it, decided from the next token alone:
        "AI 미국",
        "AI 년",
        "MOU 고성능",
        "full stack",
        "datasets 5",
        "국국",
        "국국국",
        "é",
        "café",
        "é 국",
    ]
)


def reference(pattern: Pattern, text: str) -> list:
    toks = analysis.tokens(text)
    by_text: dict[str, list[int]] = {}
    for i, tok in enumerate(toks):
        by_text.setdefault(tok.text, []).append(i)
    return sorted(pattern.matches(text, toks, by_text))


# A Latin word, then after a space a token told by its places in the text; after no space,
# told by reading on (a particle glued to the word is dropped, a joiner stands between).
@example(text="AI 미국 AI 5년", word="AI 미국", phrase=False)
@example(text="AI  미국은 AI 년", word="AI 년", phrase=True)
@example(text="full stack, full-stack", word="full stack", phrase=False)
@example(text="datasets 5년 datasets 미국", word="datasets 5", phrase=False)
@example(text="AI-미국 AI를 미국 'AI'를 미국", word="AI 미국", phrase=True)
# Lower-cased, some Latin letters leave the Latin class (İ, Ɓ): their tokens are Latin still.
@example(text="AI İstanbul, Ɓank", word="AI İstanbul", phrase=False)
@example(text="Ɓank AI", word="Ɓank", phrase=True)
# Unassigned compatibility ideographs inside a run are not alphanumeric: stripped to tell a
# whole word (미국 is whole in 미국\ufada).
@example(text="미국\ufada 고성능\ufa6e", word="미국", phrase=False)
@settings(max_examples=400, deadline=None)
@given(text=TEXTS, word=WORDS, phrase=st.booleans())
def test_find_is_the_whole_text_reading(text: str, word: str, phrase: bool) -> None:
    pattern = phrase_pattern(word) if phrase else word_pattern(word, prefix_ok=True)
    assert sorted(pattern.find(text)) == reference(pattern, text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, words=st.lists(WORDS, min_size=2, max_size=5))
def test_what_one_pattern_learns_of_a_text_serves_the_next(text: str, words: list[str]) -> None:
    # The check of a unit looks for a query's patterns one after another in each text with
    # one Marks (kept with the unit for the next keystroke's): each still finds what
    # reading the whole text finds.
    marks = Marks(text)
    for word in words:
        for pattern in (word_pattern(word, prefix_ok=True), phrase_pattern(word)):
            assert sorted(pattern.find(text, marks)) == reference(pattern, text)


def test_find_is_stricter_only_on_a_chain_overlapping_itself_across_a_space() -> None:
    # 공급 급망: the bigrams 공급 and 급망 side by side, as 공급망 has them, but no 공급망
    # written. The tokens take it for 공급망 at the head of a phrase; find asks the run to
    # spell the phrase's first word. Elsewhere the two agree (the property test above).
    pattern = phrase_pattern("공급망 복원력")
    assert reference(pattern, "공급 급망 복원력") and not pattern.find("공급 급망 복원력")
    for text in ("공급망 복원력", "공급망복원력", "우리 공급망 복원력을"):
        assert sorted(pattern.find(text)) == reference(pattern, text) != [], text


def test_numbers_keep_their_counters() -> None:
    # What analysts cite: a figure with its counter, however the sentence goes on.
    text = "임기는 5년으로 하며, 공고는 40일전에 한다. 제3조제1항."
    for query in ("5년", "40일", "제3조", "1항"):
        assert word_pattern(query).find(text), query
    assert not word_pattern("4년").find(text)
    assert not word_pattern("0일").find(text)


def runs_reference(text: str) -> list[tuple[int, int]]:
    """Every run of syllables, found by scanning the whole text."""
    return [m.span() for m in analysis._RUN.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_a_points_run_is_the_run_found_scanning_the_whole_text(text: str) -> None:
    runs = runs_reference(text)
    for lo, hi in runs:
        for pos in range(lo, hi):
            if not analysis.JOINER_RE.match(text[pos]):
                assert analysis.run_of(text, pos) == (lo, hi), (pos, text)


def starts_reference(text: str, token: str) -> list[int]:
    """Where a one-syllable token may begin: the syllable, unless it is inside a longer run
    that does not follow a number (whose counters split it)."""
    found = []
    for i, ch in enumerate(text):
        if ch != token:
            continue
        lo, _ = analysis.run_at(text, i, i)
        if lo == i or (lo > 0 and text[lo - 1].isdigit()):
            found.append(i)
    return found


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, token=st.sampled_from(["국", "미", "고"]))
def test_a_one_syllable_token_is_a_run_of_its_own_unless_numbers_split_runs(text: str, token: str) -> None:
    starts = analysis.token_starts(text, token)
    # Every place the token is, and no syllable inside a longer run that follows no number.
    assert {tok.start for tok in analysis.tokens(text) if tok.text == token} <= set(starts)
    assert set(starts) <= set(starts_reference(text, token))
    # Nor, outside the runs that follow a number, the head of a longer run: each would be
    # read for nothing.
    numbered = [m.end() - 1 for m in analysis._NUMBERED.finditer(text)]
    for i in starts:
        lo, hi = analysis.run_at(text, i, i)
        assert (lo, hi) == (i, i + 1) or lo in numbered, (text, starts)


@example(text="원문 · 고·성능 컴퓨팅", token="고성")
@example(text="full-stack 미·국 5-미국", token="미국")
@settings(max_examples=300, deadline=None)
@given(text=TEXTS, token=st.sampled_from(["미국", "국국", "고성", "컴퓨", "능컴"]))
def test_a_tokens_starts_hold_every_place_it_is_read_a_joiner_inside_a_run_or_not(
    text: str, token: str
) -> None:
    # A joiner between two syllables is inside a run (a token spans it: 고·성 reads 고성);
    # one beside a space or a Latin letter splits no token, and the places are found as written.
    starts = analysis.token_starts(text, token)
    assert {tok.start for tok in analysis.tokens(text) if tok.text == token} <= set(starts), (text, starts)


def test_a_match_is_whole_when_it_is_one_latin_word_or_a_korean_words_stem() -> None:
    # Read from the text (the ranking's whole-word bonus): a phrase beginning with a Latin
    # word is whole only up to its last word's end, particles aside; a Latin word is whole
    # whatever the case of its letters.
    assert [m.whole for m in phrase_pattern("AI 생태계").find("AI 생태계를")] == [True]
    assert [m.whole for m in phrase_pattern("AI 생태계").find("AI 생태계획")] == [False]
    assert [m.whole for m in word_pattern("İstanbul").find("İstanbul 회의")] == [True]
    assert [m.whole for m in word_pattern("생태").find("생태계")] == [False]
    assert [m.whole for m in word_pattern("생태계").find("생태계를")] == [True]
