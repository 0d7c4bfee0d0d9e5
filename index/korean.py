"""A light, dictionary-free stripper of Korean particles and predicate endings.

Used on both sides: at index time it gives each eojeol (space-separated word) its stem for
the whole-word field, and at query time it turns ``미국과는`` or ``견제하기`` into the stem
``미국`` / ``견제`` that is then matched as a substring. Over-stripping only widens a query
(a shorter stem is still a substring of the same words), so the rules lean towards
stripping, with a short list of common nouns that merely end in a particle's syllable.
"""

from __future__ import annotations

from functools import lru_cache

#: Particles (josa), including the common stacked forms. One is stripped per word.
PARTICLES: tuple[str, ...] = tuple(
    sorted(
        {
            # stacked forms first matter only for length; sorting handles it
            "에서의",
            "에서는",
            "에서도",
            "에서만",
            "으로서",
            "으로써",
            "으로는",
            "으로도",
            "으로의",
            "에게서",
            "에게는",
            "이라는",
            "이라고",
            "라는",
            "라고",
            "로서",
            "로써",
            "로는",
            "로도",
            "로의",
            "에서",
            "에게",
            "에는",
            "에도",
            "에의",
            "에만",
            "까지",
            "부터",
            "보다",
            "처럼",
            "만큼",
            "마다",
            "조차",
            "으로",
            "이나",
            "이며",
            "이고",
            "이다",
            "이란",
            "과는",
            "와는",
            "과의",
            "와의",
            "과도",
            "와도",
            "과를",
            "와를",
            "은",
            "는",
            "이",
            "가",
            "을",
            "를",
            "의",
            "에",
            "로",
            "와",
            "과",
            "도",
            "만",
            "나",
            "란",
        },
        key=len,
        reverse=True,
    )
)

#: Noun suffixes stripped after a particle: plural, "side", "between".
SUFFIXES: tuple[str, ...] = ("들", "측", "간")

#: Of those, the suffixes that make a noun of a relation ("미국측" the US side, "한미간" between
#: Korea and the US): the word no longer names the thing itself, so a search for it is not
#: widened to that thing's glossary names (measured on the judged set: "미국측" otherwise ranks
#: every unit naming the United States in English above those saying 미국측).
RELATIONAL_SUFFIXES: tuple[str, ...] = ("측", "간")

#: Common nouns whose last syllable is also a particle: never stripped.
_KEEP_ENDINGS: tuple[str, ...] = (
    "회의",
    "합의",
    "논의",
    "협의",
    "동의",
    "정의",
    "주의",
    "의의",
    "국가",
    "전문가",
    "평가",
    "추가",
    "증가",
    "참가",
    "대가",
    "물가",
    "주가",
    "결과",
    "효과",
    "성과",
    "분과",
    "학과",
    "제도",
    "정도",
    "속도",
    "의도",
    "태도",
    "용도",
    "인도",
    "한도",
    "지도",
    "강도",
    "빈도",
    "도로",
    "경로",
    "진로",
    "통로",
    "항로",
    "해로",
    "고속도로",
)

#: Syllables that begin a predicate ending after a noun (하다/되다/시키다 and contractions).
_VERB_SYLLABLES = frozenset("하한할함해했합되된될됨돼됐")
_SIKI_SECOND = frozenset("키켜킨킬킴")

#: Shortest stem left after stripping: one-syllable stems are too ambiguous to search.
MIN_STEM = 2


def is_particle(text: str) -> bool:
    """True for a run that is only a particle, e.g. the ``를`` of ``AI를``."""
    return text in _PARTICLE_SET


_PARTICLE_SET = frozenset(PARTICLES)


def without_particle(word: str) -> str:
    """The word without its particle only: ``미국측의`` → ``미국측``."""
    if not word.endswith(_KEEP_ENDINGS):
        return _strip_particle(word)
    return word


#: Particle lengths, longest first: a particle is found by looking up the word's last
#: three, two and one syllables, not by trying each of the particles in turn.
_PARTICLE_LENGTHS = tuple(sorted({len(p) for p in PARTICLES}, reverse=True))


def _strip_particle(word: str) -> str:
    """The word without its longest particle that leaves ``MIN_STEM`` syllables."""
    for n in _PARTICLE_LENGTHS:
        if len(word) - n >= MIN_STEM and word[-n:] in _PARTICLE_SET:
            return word[:-n]
    return word


def relational(word: str) -> bool:
    """True for a noun made a relation by its suffix, particle or not: ``미국측의``, ``한미간``."""
    result = without_particle(word)
    return any(result.endswith(s) and len(result) - len(s) >= MIN_STEM for s in RELATIONAL_SUFFIXES)


@lru_cache(maxsize=65536)
def ends_bare(run: str) -> bool:
    """Whether a run of syllables ends in a bare word: no particle, no noun suffix, no
    predicate ending (the index bridges a space after such a run: ``고성능 컴퓨팅``).

    As :func:`stem` judges a word, but a verb syllable counts only among the last two:
    that the run ends in ``하는`` matters, not a ``합`` earlier inside a compound
    (``국가통합전략``, which ``stem`` cuts at it). So what a run ends bare depends only on its
    end, and a quoted phrase can tell which bridges every text holding it has."""
    if without_particle(run) != run or _noun_suffix(run):
        return False
    return not any(_predicate_at(run, i) for i in range(max(MIN_STEM, len(run) - 2), len(run)))


def _noun_suffix(word: str) -> str:
    """The noun suffix :func:`stem` strips from ``word`` ("" for none)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return suffix
    return ""


def _predicate_at(word: str, i: int) -> bool:
    """Whether a predicate ending begins at syllable ``i`` (하다/되다/시키다 and their forms)."""
    ch = word[i]
    return ch in _VERB_SYLLABLES or (ch == "시" and i + 1 < len(word) and word[i + 1] in _SIKI_SECOND)


#: Two neutral syllables: glued before a word, they meet every length condition above.
_PAD = "가나"


@lru_cache(maxsize=4096)
def ends_bare_after_any(word: str) -> bool:
    """Whether ``word`` ends bare (:func:`ends_bare`) at the end of any longer run: after
    syllables that meet the length conditions, and after those that would make its end a
    longer particle (``서`` of ``에서``)."""
    if not ends_bare(_PAD + word):
        return False
    return not any(len(e) > len(word) and e.endswith(word) for e in (*PARTICLES, *SUFFIXES))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word without its particle and predicate ending, at least ``MIN_STEM`` syllables.

    ``미국과는`` → ``미국``, ``미국측의`` → ``미국``, ``견제하면서`` → ``견제``,
    ``협력한다는`` → ``협력``; a word too short to strip is returned unchanged.
    """
    result = without_particle(word)
    suffix = _noun_suffix(result)
    if suffix:
        result = result[: -len(suffix)]
    # A noun followed by 하다/되다/시키다 and any ending: cut at the verb syllable. Not before
    # the second syllable, so 대한민국, 통합, 이해 and the like stay whole.
    for i in range(MIN_STEM, len(result)):
        if _predicate_at(result, i):
            return result[:i]
    return result
