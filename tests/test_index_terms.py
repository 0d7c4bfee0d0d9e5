"""The terms indexed for a text stay exactly what they were before the fast ``index_terms``
(issue #15): the search side relies on them. The reference below is the reading of
``_scan``'s runs one at a time that ``index_terms`` was until then."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest
from briefing.content import load_library
from briefing.index import analysis, korean, patterns
from briefing.index.analysis import (
    BRIDGE_GAP,
    KOREAN_LATIN,
    LATIN_KOREAN,
    _attached_particle,
    _scan,
    _syllables,
    english,
    mixed_term,
)
from briefing.index.spelling import word_set, words_of
from briefing.index.store import _documents


def reference_terms(text: str) -> list[str]:
    out: list[str] = []
    tail = ""
    latin = ""
    last_end = -1

    def bridged(start: int, *, empty: bool) -> bool:
        return (empty and last_end == start) or bool(BRIDGE_GAP.fullmatch(text, last_end, start))

    for kind, start, end in _scan(text):
        if kind == "l":
            form = english(text[start:end])
            out.append(form)
            latin = "" if form[-1].isdigit() else form
            if tail and latin and bridged(start, empty=True):
                out.append(mixed_term(KOREAN_LATIN, tail, form))
            tail = ""
            last_end = end
            continue
        if kind != "k":
            out.append(text[start])
            tail = latin = ""
            last_end = end
            continue
        run, _ = _syllables(text, start, end)
        if _attached_particle(text, start, run):
            tail = latin = ""
            last_end = end
            continue
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        if tail and bridged(start, empty=False):
            out.append(tail + run[0])
        if latin and bridged(start, empty=True):
            out.append(mixed_term(LATIN_KOREAN, latin, run[0]))
        tail = run[-1] if korean.ends_bare(run) else ""
        latin = ""
        last_end = end
    return out


def terms(text: str) -> list[str]:
    return analysis.index_terms(analysis.normalize(text))


def lk(latin: str, syllable: str) -> str:
    return mixed_term(LATIN_KOREAN, latin, syllable)


def kl(syllable: str, latin: str) -> str:
    return mixed_term(KOREAN_LATIN, syllable, latin)


#: Written out from the reference, so a change to both at once is caught too.
FIXED = {
    "임기는 5년으로 하며": ["임기", "기는", "5", "년", "하며"],
    "40일전에 제3조 2항": ["40", "일", "전에", "제", "에제", "3", "조", "2", "항"],
    "3분의 2": ["3", "분", "2"],
    "5년-간 7월·일": ["5", "년", "간", "7", "월", "일"],
    "5년": ["5", "년"],
    "아시아-태평양 협력": ["아시", "시아", "아태", "태평", "평양", "협력", "양협"],
    "AI를 'MOU'는 AI 를": ["ai", "mou", "ai", "를", lk("ai", "를")],
    "AI 생태계 국내AI G7 정상 5 년": [
        "ai",
        "생태",
        "태계",
        lk("ai", "생"),
        "국내",
        "계국",
        "ai",
        kl("내", "ai"),
        "g7",
        "정상",
        "5",
        "년",
    ],
    "AI-생태계 미국과 AI": ["ai", "생태", "태계", "미국", "국과", "계미", "ai"],
    "고성능 컴퓨팅": ["고성", "성능", "컴퓨", "퓨팅", "능컴"],
    "기술의 동맹": ["기술", "술의", "동맹"],
    "기술\n동맹": ["기술", "동맹"],
    "기술\u3000동맹": ["기술", "동맹", "술동"],
    "x-아시아 full-stack datasets": ["x", "아시", "시아", "full", kl("아", "full"), "stack", "dataset"],
    "x아시아 full stack 수출": [
        "x",
        "아시",
        "시아",
        lk("x", "아"),
        "full",
        kl("아", "full"),
        "stack",
        "수출",
        lk("stack", "수"),
    ],
    "중국 漢字-한자 공급망": ["중국", "漢字", "字한", "한자", "국漢", "공급", "급망"],
    "²년 가 나": ["년", "가", "나", "가나"],
}


@pytest.mark.parametrize(("text", "expected"), list(FIXED.items()))
def test_tricky_text_keeps_its_terms(text: str, expected: list[str]) -> None:
    assert reference_terms(analysis.normalize(text)) == expected
    assert terms(text) == expected


def test_decomposed_hangul_gives_the_composed_terms() -> None:
    composed = "임기는 5년으로 고성능 컴퓨팅 데이터셋을"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert terms(decomposed) == terms(composed) == reference_terms(composed)


def test_every_unit_of_the_bundled_briefing_keeps_its_terms() -> None:
    texts = [str(doc["body"]) for doc in _documents(load_library(bundled=True, user=False))]
    assert len(texts) > 100
    for text in texts:
        normal = analysis.normalize(text)
        assert analysis.index_terms(normal) == reference_terms(normal), text[:80]


#: Characters that each take a different branch: syllables (counters, particles, verb
#: syllables), joiners, digits (ASCII and not), Latin, accented Latin, Hanja, spaces of
#: every kind, line breaks, quotes and punctuation.
ALPHABET = (
    "가나다를는의과에로년월일조항분세명원만억하한된기술동맹고성능컴퓨팅협력미국"
    "-\u2010\u2013·\u00b7\u30fb\u318d"
    "0123456789²٣"
    "AIMOUabcxyzéÆ"
    "漢字"
    "   \t\u00a0\u3000\n,.'\"()"
)


def test_random_text_keeps_its_terms() -> None:
    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        assert analysis.index_terms(text) == reference_terms(text), repr(text)


def test_long_punctuation_tail_is_linear() -> None:
    # The scan's pattern matches the text between runs: a long tail of it must not be
    # rescanned from every position (that would take minutes here).
    text = "협력 " + "." * 200_000
    assert terms(text) == ["협력"]


def test_vocabulary_words_are_those_of_words_of() -> None:
    texts = [str(doc["body"]) for doc in _documents(load_library(bundled=True, user=False))]
    rng = random.Random(16)
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    texts.append(unicodedata.normalize("NFD", "데이터셋을 공급망의 Supply chains AI"))
    for text in texts:
        assert word_set(text) == set(words_of(text)), repr(text)
    assert word_set(texts[-1]) == {"데이터셋", "공급망", "supply", "chains"}


def reference_stem(word: str) -> str:
    """``korean.stem`` before its particle lookup was made a set lookup (issue #15)."""
    result = word
    if not result.endswith(korean._KEEP_ENDINGS):
        for particle in korean.PARTICLES:
            if result.endswith(particle) and len(result) - len(particle) >= korean.MIN_STEM:
                result = result[: -len(particle)]
                break
    for suffix in korean.SUFFIXES:
        if result.endswith(suffix) and len(result) - len(suffix) >= korean.MIN_STEM:
            result = result[: -len(suffix)]
            break
    for i in range(korean.MIN_STEM, len(result)):
        ch = result[i]
        if ch in korean._VERB_SYLLABLES or (
            ch == "시" and i + 1 < len(result) and result[i + 1] in korean._SIKI_SECOND
        ):
            return result[:i]
    return result


def reference_without_particle(word: str) -> str:
    if not word.endswith(korean._KEEP_ENDINGS):
        for particle in korean.PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= korean.MIN_STEM:
                return word[: -len(particle)]
    return word


def test_stems_are_what_they_were() -> None:
    syllables = "".join(
        {*"".join(korean.PARTICLES), *"".join(korean._KEEP_ENDINGS), *"들측간하된시키미국기술"}
    )
    rng = random.Random(17)
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 7))) for _ in range(20000)]
    words += [*korean.PARTICLES, *korean._KEEP_ENDINGS, "미국과는", "미국측의", "견제하면서", "협력한다는"]
    for word in words:
        assert korean.stem.__wrapped__(word) == reference_stem(word), word
        assert korean.without_particle(word) == reference_without_particle(word), word


def test_the_digit_class_is_what_isdigit_calls_a_digit() -> None:
    digit = re.compile(f"[{analysis.DIGITS}]")
    wrong = [hex(c) for c in range(sys.maxunicode + 1) if bool(digit.fullmatch(chr(c))) != chr(c).isdigit()]
    assert wrong == []


def test_what_a_whole_word_check_drops_is_what_isalnum_rejects() -> None:
    """``patterns._whole`` compares a run and a match without what is not a letter or digit,
    dropped by a regex (at C speed) where it asked ``str.isalnum`` of each character."""
    wrong = [
        hex(c)
        for c in range(sys.maxunicode + 1)
        if (patterns._NOT_ALNUM.sub("", chr(c)) == chr(c)) != chr(c).isalnum()
    ]
    assert wrong == []
