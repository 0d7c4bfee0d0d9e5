""" "Did you mean": corrections from the index's own vocabulary.

The vocabulary is every word of the library's searchable text (a Korean word by its stem,
a Latin word lower-cased) and every glossary name, with how many units hold it. A query
word that is not in it is compared with the words of similar length by edit distance;
Korean on jamo (``데이타셋`` is one vowel away from ``데이터셋``, ``데이빗`` two letters from
``데이비드``), so a slip of one key costs one edit, not a whole syllable.

Candidates are first narrowed by shared letter pairs, then measured exactly, so a
suggestion costs milliseconds even over a hundred thousand words. Whoosh-free.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.index import korean
from briefing.index.analysis import normalize

_WORD = re.compile(r"[\uac00-\ud7a3]+|[A-Za-z]+")
#: Edits allowed: one for short words, two from this many letters on (Latin), or jamo
#: (Korean: a two-syllable word is four to six jamo, and two edits from it reach any of
#: hundreds of other words).
TWO_EDITS_FROM = 5
TWO_EDITS_FROM_JAMO = 7
#: Shortest word corrected (letters, or jamo): shorter ones have too many neighbours.
MIN_LETTERS = 3


def letters(word: str) -> str:
    """The word as compared: Korean as jamo (NFD), Latin lower-cased."""
    return unicodedata.normalize("NFD", word) if not word.isascii() else word.lower()


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is sure to exceed it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        best = i
        for j, cb in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(cost)
            best = min(best, cost)
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def words_of(text: str) -> Iterable[str]:
    """The vocabulary words of ``text``: Korean stems of two syllables or more, Latin words."""
    for m in _WORD.finditer(normalize(text)):
        word = _vocabulary_word(m.group())
        if word:
            yield word


@lru_cache(maxsize=65536)
def _vocabulary_word(word: str) -> str:
    """The vocabulary word one matched word makes ("" for none): the word's rule, in one
    place for :func:`words_of` and :func:`word_set`."""
    if word.isascii():
        return word.lower() if len(word) >= MIN_LETTERS else ""
    stem = korean.stem(word) if len(word) >= 2 else ""
    return stem if len(stem) >= 2 else ""


def word_set(text: str) -> set[str]:
    """``set(words_of(text))``, each distinct word worked out once (run on every unit at
    every build: issue #15)."""
    words = set(map(_vocabulary_word, set(_WORD.findall(normalize(text)))))
    words.discard("")
    return words


@dataclass(slots=True)
class Vocabulary:
    counts: Counter[str] = field(default_factory=Counter)
    _by_pair: dict[str, list[str]] = field(default_factory=dict)
    _forms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, texts: Iterable[str], names: Iterable[str] = (), *, counts: Counter[str] | None = None
    ) -> Vocabulary:
        vocab = cls(Counter(counts or ()))
        counts = vocab.counts
        for text in texts:
            counts.update(word_set(text))
        for name in names:
            for word in words_of(name):
                counts[word] += 1
        for word in counts:
            form = letters(word)
            vocab._forms[word] = form
            for pair in _pairs(form):
                vocab._by_pair.setdefault(pair, []).append(word)
        return vocab

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def correct(self, word: str) -> str | None:
        """The likeliest word of the vocabulary within one or two edits of ``word``
        (fewest edits, then most units), or None; None too for a word already known."""
        word = normalize(word)
        key = word.lower() if word.isascii() else korean.stem(word)
        if not key or key in self.counts:
            return None
        form = letters(key)
        if len(form) < MIN_LETTERS:
            return None
        limit = 2 if len(form) >= (TWO_EDITS_FROM if key.isascii() else TWO_EDITS_FROM_JAMO) else 1
        pairs = _pairs(form)
        # A word within `limit` edits keeps all but 2 * limit of the letter pairs.
        need = max(1, len(pairs) - 2 * limit)
        shared: Counter[str] = Counter()
        for pair in pairs:
            shared.update(self._by_pair.get(pair, ()))
        best: tuple[int, int, str] | None = None
        for candidate, count in shared.items():
            if count < need:
                continue
            d = distance(form, self._forms[candidate], limit)
            if d <= limit:
                rank = (d, -self.counts[candidate], candidate)
                if best is None or rank < best:
                    best = rank
        if best is None:
            return None
        return _recase(word, best[2])


def _recase(typed: str, found: str) -> str:
    """``found`` written the way ``typed`` was: Capitalised, UPPER or as is."""
    if typed.isascii() and typed.isupper() and len(typed) > 1:
        return found.upper()
    if typed[:1].isupper():
        return found[:1].upper() + found[1:]
    return found


def suggest(query_words: Sequence[str], vocab: Vocabulary) -> list[str] | None:
    """The query's words with each unknown one corrected, or None when nothing changes."""
    out: list[str] = []
    changed = False
    for word in query_words:
        fixed = vocab.correct(word) if _WORD.fullmatch(normalize(word)) else None
        if fixed is not None:
            out.append(fixed)
            changed = True
        else:
            out.append(word)
    return out if changed else None
