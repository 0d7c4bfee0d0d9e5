"""Text analysis shared by indexing, querying and highlighting, so all three agree exactly.

Korean (and any CJK) text becomes overlapping syllable bigrams within each run of syllables,
so a query matches inside compounds (``플랫폼`` in ``디지털응용플랫폼``) and across
particles (``미국`` in ``미국과는``). A run joined by name punctuation (``아시아-태평양``,
``아시아·태평양``) is one run. A one-syllable run is a one-syllable token. Runs that are
only a particle glued to a Latin word or a quote (the ``를`` of ``AI를``) are dropped.

Latin words are lower-cased and Porter-stemmed; a hyphen splits them into adjacent tokens, so
``full-stack`` is the phrase ``full stack``.

Every token takes the next position, runs included, so two runs separated by a space are
adjacent: the bigram phrase ``기술 동맹`` is the text ``기술 동맹``, and a query written
without the space reaches it through the spacing alternatives in :mod:`index.patterns`.

Pure Python: no whoosh import beyond its Porter stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from briefing.index import korean

_CJK = "\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Punctuation that joins the parts of one name: hyphens and the middle dots Korean uses.
JOINERS = "\\-\u2010\u2011\u2013\u00b7\u2027\u2219\u30fb\u318d"
_LATIN = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_SCAN = re.compile(rf"(?P<k>[{_CJK}]+(?:[{JOINERS}][{_CJK}]+)*)|(?P<l>[{_LATIN}]+)")
_JOINER_RE = re.compile(f"[{JOINERS}]")
_HANGUL_RE = re.compile("[\uac00-\ud7a3]")


class Tok(NamedTuple):
    """One indexed token: its text and its character span in the analysed string."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=200_000)
def english(word: str) -> str:
    """The index form of a Latin word: lower case, Porter stem (``datasets`` → ``dataset``)."""
    from whoosh.lang.porter import stem

    lower = word.lower()
    if lower.isdigit() or len(lower) < 3:
        return lower
    return str(stem(lower))


def normalize(text: str) -> str:
    """NFC, so decomposed Hangul (macOS input, some PDFs) matches composed text."""
    return unicodedata.normalize("NFC", text) if not text.isascii() else text


def _attached_particle(text: str, start: int, run: str) -> bool:
    """A run that is only a particle glued to what precedes it (``AI를``, ``'MOU'는``)."""
    return start > 0 and not text[start - 1].isspace() and korean.is_particle(run)


def _syllables(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The run's syllables without joiners, and each syllable's offset in ``text``."""
    raw = text[start:end]
    if not _JOINER_RE.search(raw):
        return raw, list(range(start, end))
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(raw):
        if not _JOINER_RE.match(ch):
            chars.append(ch)
            offsets.append(start + i)
    return "".join(chars), offsets


def tokens(text: str) -> list[Tok]:
    """The tokens of ``text`` in order; a token's position is its index in the list."""
    out: list[Tok] = []
    append = out.append
    for m in _SCAN.finditer(text):
        start, end = m.span()
        if m.lastgroup == "l":
            append(Tok(english(m.group()), start, end))
            continue
        run, offsets = _syllables(text, start, end)
        if _attached_particle(text, start, run):
            continue
        if len(run) == 1:
            append(Tok(run, start, end))
            continue
        for i in range(len(run) - 1):
            append(Tok(run[i : i + 2], offsets[i], offsets[i + 1] + 1))
    return out


#: Longest syllable n-gram indexed. Query stems up to this long are one term; longer ones
#: are the AND of covering n-grams (rare terms, so the candidate set is small), checked
#: exactly afterwards against the text.
MAX_GRAM = 4


#: Characters across which two Korean runs are bridged: a space, not a line or a comma.
_BRIDGE_GAP = re.compile(r"[ \t\u00a0\u3000]+")


SHINGLE = "_"
JOINT = "|"


def joint(left: str, right: str) -> str:
    """The term for two adjacent Korean runs: the last syllable of one and the first of the
    next (``할|수`` in 신뢰할 수 있는), so a phrase's words are found next to each other."""
    return f"{left[-1]}{JOINT}{right[0]}"


def shingle(left: str, right: str) -> str:
    """The term for two adjacent tokens when one is a Latin word (``full_stack``,
    ``ai_생태``): phrases with Latin words are found by these, not checked one by one."""
    return f"{left}{SHINGLE}{right}"


def index_terms(text: str) -> list[str]:
    """The terms Whoosh indexes for ``text``.

    - every 2..MAX_GRAM-syllable substring of each Korean run (a one-syllable run as itself);
    - each Latin word's stem;
    - bridges: the MAX_GRAM-syllable substrings across a space after a bare word (no
      particle or ending), so ``고성능 컴퓨팅`` also holds 고성능컴, 성능컴퓨 and 능컴퓨팅 and
      ``고성능컴퓨팅`` finds it with one set of terms. Only MAX_GRAM long, so a query of two
      or three syllables never matches across a space (no 미국 in "의미 국가"); never after
      a particle (기술의 동맹 is not 기술동맹);
    - shingles: a Latin word with the token next to it (``full_stack``, ``ai_생태``);
    - joints: two adjacent Korean runs by their touching syllables (``할|수``).

    No positions: order and spacing are checked on the text afterwards, which is far faster
    than Whoosh's positional phrase queries.
    """
    out: list[str] = []
    append = out.append
    tail = ""  # the last syllables of a bare word, before a possible bridge
    last_end = -1
    prev = ""  # the previous token as the left half of a shingle
    prev_latin = False
    for m in _SCAN.finditer(text):
        start, end = m.span()
        if last_end >= 0 and "\n" in text[last_end:start]:
            prev, tail = "", ""  # title and blocks are indexed one per line: no shingles across
        if m.lastgroup == "l":
            stem = english(m.group())
            append(stem)
            if prev:
                append(shingle(prev, stem))
            prev, prev_latin, tail = stem, True, ""
            last_end = end
            continue
        run, _ = _syllables(text, start, end)
        if _attached_particle(text, start, run):
            tail = ""
            last_end = end
            continue
        n = len(run)
        if n == 1:
            append(run)
        else:
            for k in range(2, min(MAX_GRAM, n) + 1):
                for i in range(n - k + 1):
                    append(run[i : i + k])
        if prev and prev_latin:
            append(shingle(prev, run[:2]))
        elif prev:
            append(joint(prev, run))
        prev, prev_latin = run[-2:], False
        if tail and _BRIDGE_GAP.fullmatch(text, last_end, start):
            joined = tail + run
            b = len(tail)
            for i in range(max(0, b - MAX_GRAM + 1), b):
                if i + MAX_GRAM <= len(joined):
                    append(joined[i : i + MAX_GRAM])
            run = joined
        tail = run[-(MAX_GRAM - 1) :] if korean.stem(run) == run else ""
        last_end = end
    return out


def part_terms(part: str) -> list[str]:
    """Index terms that must all be present for the run ``part`` to occur in a text."""
    n = len(part)
    if n <= MAX_GRAM:
        return [part]
    starts = list(range(0, n - MAX_GRAM + 1, MAX_GRAM))
    if starts[-1] != n - MAX_GRAM:
        starts.append(n - MAX_GRAM)
    return [part[i : i + MAX_GRAM] for i in starts]


_CJK_CHAR = re.compile(f"[{_CJK}]")


def run_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The run of syllables (joiners inside included) around ``text[start:end]``."""

    def cjk(i: int) -> bool:
        return 0 <= i < len(text) and bool(_CJK_CHAR.match(text[i]))

    def joined(i: int, step: int) -> bool:
        # A joiner between two syllables belongs to the run (아시아-태평양).
        return 0 <= i < len(text) and bool(_JOINER_RE.match(text[i])) and cjk(i + step)

    lo = start
    while cjk(lo - 1) or joined(lo - 1, -1):
        lo -= 1
    hi = end
    while cjk(hi) or joined(hi, 1):
        hi += 1
    return lo, hi


def cjk_tokens(run: str) -> list[str]:
    """The tokens of one run of syllables, as :func:`tokens` makes them."""
    if len(run) <= 1:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


# --------------------------------------------------------------------------- query pieces


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of query text: a Latin word, or Korean runs separated only by spaces/joiners.

    ``parts`` keeps the runs as typed (``("고성능", "컴퓨팅")``); ``text`` joins them.
    """

    script: str  # "ko" or "en"
    text: str
    parts: tuple[str, ...]
    #: For Latin: the lower-cased word as typed (for prefix matching while typing).
    raw: str = ""


_PIECE_SCAN = re.compile(rf"(?P<k>[{_CJK}]+(?:[{JOINERS}][{_CJK}]+)*)|(?P<l>[{_LATIN}]+)|(?P<s>\s+)")


def pieces(text: str, *, strip: bool) -> list[Piece]:
    """Query text as pieces, in order. ``strip`` removes Korean particles and endings from
    each run (plain query words); quoted phrases keep their words as written.
    """
    text = normalize(text)
    out: list[Piece] = []
    pending: list[str] = []
    last_end = 0

    def flush() -> None:
        if pending:
            out.append(Piece("ko", "".join(pending), tuple(pending)))
            pending.clear()

    for m in _PIECE_SCAN.finditer(text):
        start, end = m.span()
        kind = m.lastgroup
        if kind == "s":
            continue
        # Anything but whitespace between two runs ends a Korean piece.
        gap = text[last_end:start]
        if pending and gap.strip():
            flush()
        last_end = end
        if kind == "l":
            flush()
            out.append(Piece("en", english(m.group()), (m.group(),), m.group().lower()))
            continue
        run, _ = _syllables(text, start, end)
        if _attached_particle(text, start, run):
            continue
        if strip and _HANGUL_RE.match(run):
            run = korean.stem(run)
        pending.append(run)
    flush()
    return out
