"""What one query word or phrase matches, in two forms that always agree:

- ``plans``: sets of index terms that must all be present (Whoosh finds candidates with
  them, fast: no positional phrase queries);
- ``sequences``: token sequences at consecutive positions in :func:`index.analysis.tokens`
  (the exact check of each candidate, and its highlight spans).

Spacing variants live here: a Korean stem of four or more syllables also matches when written
with a space (or two) anywhere inside, ``고성능컴퓨팅`` = ``고성능 컴퓨팅``, ``대중국견제`` =
``대 중국 견제`` (:func:`segmentations`). A shorter word is matched only as written.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from briefing.index import korean
from briefing.index.analysis import (
    BRIDGE_GAP,
    BRIDGE_SPACES,
    CJK,
    COUNTERS,
    JOINER_RE,
    JOINERS,
    KOREAN_LATIN,
    LATIN,
    LATIN_KOREAN,
    LATIN_WORD,
    MAX_GRAM,
    RUN_SOURCE,
    TOKEN_GAP,
    Piece,
    Tok,
    cjk_tokens,
    english,
    index_terms,
    is_latin,
    iter_tokens,
    mixed_term,
    normalize,
    part_terms,
    pieces,
    run_at,
    run_of,
    run_starting,
    token_starts,
    tokens,
)

#: Caps on alternatives, so a long pasted phrase cannot blow up into thousands of queries.
MAX_SEGMENTATIONS = 64
MAX_SEQUENCES = 64
#: Longest Korean word tried with two spaces inside (the alternatives grow as n squared).
MAX_TWO_SPACES = 12
#: Runs longer than this many characters are read from the text's tokens, found once.
LONG_RUN = 64
#: What a text's Marks keep of each kind (first tokens; places) before starting over: held
#: by every analysed unit in the cache, they must not grow with a day of different queries.
MARKS_KEPT = 64
#: A Latin word being typed matches as a prefix from this many letters on.
MIN_PREFIX = 3
#: Count the typed form of a glossary name above its other names. Off by measurement (see
#: alias_pattern); kept as a switch for benchmarks/search_quality.py experiments.
ALIAS_TYPED_EXACT = False


_HANGUL_PAIR = re.compile("[\uac00-\ud7a3]{2}")


class Match(NamedTuple):
    start: int
    end: int
    #: The whole word matched (a Korean word's stem, a Latin word), not a part of one.
    whole: bool
    #: Matched as typed, particle and all (see ``Pattern.exact``).
    exact: bool


class Marks:
    """What finding patterns learns of one text, kept for the next pattern looked for there
    (a query's words and their adjacency share first tokens) and, held by an analysed unit,
    for the next keystroke's (typing on, the same units are checked again for the same first
    tokens): where each first token may begin, and the run of syllables at each such place
    with whether it is plain (:func:`_plain_run`; told once per run: it scans the run, and
    asked at every occurrence a long run made finding quadratic)."""

    __slots__ = ("_plain", "_runs", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: dict[str, tuple[int, ...]] = {}
        self._runs: dict[int, tuple[tuple[int, int], bool]] = {}
        self._plain: dict[tuple[int, int], bool] = {}

    def starts(self, token: str) -> tuple[int, ...]:
        """Where a token reading ``token`` may begin (:func:`index.analysis.token_starts`)."""
        found = self._starts.get(token)
        if found is None:
            if len(self._starts) >= MARKS_KEPT:
                self._starts.clear()  # a unit checked all day keeps only recent tokens
            found = self._starts[token] = token_starts(self.text, token)
        return found

    def run(self, pos: int) -> tuple[tuple[int, int], bool]:
        """The run holding the syllable at ``pos``, and whether it is plain."""
        found = self._runs.get(pos)
        if found is None:
            if len(self._runs) >= MARKS_KEPT:
                self._runs.clear()
                self._plain.clear()
            run = run_of(self.text, pos)
            plain = self._plain.get(run)
            if plain is None:
                plain = self._plain[run] = _plain_run(self.text, *run)
            found = self._runs[pos] = (run, plain)
        return found


@dataclass(frozen=True, slots=True)
class Pattern:
    """One thing to find: any of ``sequences``; found in the index by any of ``plans``."""

    label: str
    sequences: tuple[tuple[str, ...], ...]
    plans: tuple[tuple[str, ...], ...] = ()
    #: A token prefix that also matches: a Latin word still being typed.
    prefix: str = ""
    #: The word as typed, when stripping shortened it (``미국측`` for the stem ``미국``):
    #: not required, but a unit holding it ranks higher and shows it highlighted whole.
    exact: tuple[tuple[str, ...], ...] = ()
    #: Index terms of the word as typed, for the same purpose.
    exact_plans: tuple[tuple[str, ...], ...] = ()
    #: For a glossary name widened to its term's other names: the name as typed. A unit
    #: whose own title or names hold it is that thing itself, not a unit mentioning another
    #: of its names (``U.S. AI Safety Institute`` names the term ``caisi`` first, then the
    #: topic titled with its current acronym).
    named: tuple[tuple[str, ...], ...] = ()
    #: Index terms every match holds besides its plan's, each as a group of alternatives of
    #: which a match holds one (a quoted phrase's bridges, see :func:`phrase_bridges`): not
    #: scored, only a filter on the candidates.
    needs: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.sequences and not self.prefix

    def find(self, text: str, marks: Marks | None = None) -> list[Match]:
        """Where this pattern occurs in ``text``: what :meth:`matches` finds on the whole
        text's tokens, but reading tokens only where a sequence's first token occurs, once
        for all the sequences (spacing alternatives) that start with it.

        With one exception: a sequence that runs on past its first word must find that word
        spelled by one run, where the tokens alone also take a chain of bigrams overlapping
        itself across a space (``공급 급망 복원력`` for ``공급망 복원력``, which no reader
        would; ``test_find_is_stricter_only_on_a_chain_overlapping_itself_across_a_space``).

        A Korean sequence that lies inside one plain run of syllables (no joiner, no digit
        before it, not a particle glued to a word) is the run's own bigrams, so it is found by
        comparing the syllables it spells; any other case reads the tokens.

        ``marks``, the text's (:class:`Marks`), keeps what is learnt of it for the next
        pattern looked for there."""
        if marks is None or marks.text is not text:
            marks = Marks(text)  # (another text's would answer for the wrong one)
        found: list[Match] = []
        everything: list[Tok] | None = None
        starts: list[int] = []
        for first, (seqs, longest, in_run) in _by_first(self.sequences, self.exact).items():
            korean_first = not is_latin(first)
            for pos in marks.starts(first):
                pending = seqs
                run: tuple[int, int] | None = None
                if korean_first:
                    run, is_plain = marks.run(pos)
                    if is_plain:
                        pending = _settle_in_run(text, pos, run, in_run, found)
                else:
                    word = LATIN_WORD.match(text, pos)
                    if word is not None:
                        pending = _settle_after_word(text, pos, word.end(), seqs, found, marks)
                if not pending:
                    continue
                if run is not None and run[1] - run[0] > LONG_RUN:
                    # Read from the text's tokens, found once: reading from the run's start
                    # at every occurrence made a long run quadratic.
                    if everything is None:
                        everything = tokens(text)
                        starts = [tok.start for tok in everything]
                    read = _read_from(everything, starts, pos, first, longest)
                else:
                    read = _read(text, pos, first, longest, run)
                if not read:
                    continue
                for seq, is_exact, _spelled, _head in pending:
                    n = len(seq)
                    if n <= len(read) and all(read[k].text == seq[k] for k in range(1, n)):
                        start, end = read[0].start, read[n - 1].end
                        # (Within the run found for its start: that run is the one to judge.)
                        around = run if run is not None and end <= run[1] else None
                        found.append(Match(start, end, _whole(text, start, end, around), is_exact))
        if self.prefix:
            for m in LATIN_WORD.finditer(text):
                if english(m.group()).startswith(self.prefix):
                    found.append(Match(m.start(), m.end(), False, False))
        return found

    def matches(self, text: str, toks: Sequence[Tok], by_text: dict[str, list[int]]) -> list[Match]:
        """Where this pattern occurs in ``text`` (analysed as ``toks``)."""
        found: list[Match] = []
        for is_exact, group in ((False, self.sequences), (True, self.exact)):
            for seq in group:
                first = by_text.get(seq[0])
                if not first:
                    continue
                n = len(seq)
                for i in first:
                    if i + n <= len(toks) and all(toks[i + k].text == seq[k] for k in range(1, n)):
                        start, end = toks[i].start, toks[i + n - 1].end
                        found.append(Match(start, end, _whole(text, start, end), is_exact))
        if self.prefix:
            for tok in toks:
                if tok.text.startswith(self.prefix):
                    found.append(Match(tok.start, tok.end, False, False))
        return found


def _settle_in_run(text: str, pos: int, run: tuple[int, int], plan: _InRun, found: list[Match]) -> list[_Seq]:
    """At a Korean token inside a plain run of syllables (``run``): each sequence the run's
    own syllables settle is matched (added to ``found``) or dropped; the ones that still
    need their tokens read are returned."""
    end = run[1]
    pending = list(plan.unsettled)
    for spelled, item in plan.spelled:
        if pos + len(spelled) <= end:
            if text.startswith(spelled, pos):
                stop = pos + len(spelled)
                found.append(Match(pos, stop, _whole(text, pos, stop, run), item[1]))
        else:
            pending.append(item)  # (runs on past the run: read)
    if plan.heads:
        # Runs on into a word of its own: the run must spell its first chain and end right
        # there, or it cannot match.
        rest = text[pos:end]
        heads = plan.heads.get(rest)
        if heads:
            following = _next_token(text, end)
            for item in heads:
                if following is None or following == item[0][len(rest) - 1]:
                    pending.append(item)
    return pending


def _settle_after_word(
    text: str, pos: int, word_end: int, seqs: list[_Seq], found: list[Match], marks: Marks
) -> list[_Seq]:
    """At a Latin word (it is the token): a one-token sequence matches at once (added to
    ``found``); a longer one is dropped when the next token is not its second. The ones left
    to read are returned.

    After a space, the next token begins where the next word or run does (nothing there is
    a particle glued to what precedes it, nor a counter), so a second token is told by its
    places in the text, found once for it (``marks``): a Latin first word such as ``AI``
    occurs a dozen times in a unit, and telling what follows each one was two fifths of
    finding ``AI 생태계`` there (issue #15). Otherwise, the next token is told without
    reading when it can be (see :func:`_next_token`)."""
    start = TOKEN_GAP.match(text, word_end).end()  # type: ignore[union-attr]  # always matches
    spaced = word_end < start < len(text) and text[start - 1].isspace()
    following = None if spaced else _next_token(text, word_end)
    pending: list[_Seq] = []
    for item in seqs:
        seq, is_exact = item[0], item[1]
        if len(seq) == 1:
            found.append(Match(pos, word_end, True, is_exact))
        elif spaced:
            if start in marks.starts(seq[1]):
                pending.append(item)
        elif following is None or following == seq[1]:
            pending.append(item)
    return pending


def _read(text: str, pos: int, first: str, count: int, run: tuple[int, int] | None = None) -> list[Tok]:
    """Up to ``count`` tokens read from the one at ``pos``, if that one reads ``first``."""
    lo = pos if is_latin(first) else (run or run_at(text, pos, pos))[0]
    out: list[Tok] = []
    for tok in iter_tokens(text, lo):
        if not out:
            if tok.start < pos:
                continue
            if tok.start > pos or tok.text != first:
                return []
        out.append(tok)
        if len(out) >= count:
            break
    return out


def _read_from(toks: list[Tok], starts: list[int], pos: int, first: str, count: int) -> list[Tok]:
    """What :func:`_read` reads, from the text's tokens (``starts`` their offsets)."""
    i = bisect.bisect_left(starts, pos)
    if i == len(toks) or toks[i].start != pos or toks[i].text != first:
        return []
    return toks[i : i + count]


#: A sequence, whether it is exact, its syllables spelled out when it is a chain of Korean
#: bigrams (each starting with the last syllable of the one before: what one run shows for
#: it), and else the spelling of its first chain of two bigrams or more, if any.
_Seq = tuple[tuple[str, ...], bool, str | None, str | None]


def _chain(seq: tuple[str, ...]) -> int:
    """How many of the first tokens of ``seq`` chain as the bigrams of one run."""
    n = 0
    while n < len(seq) and len(seq[n]) == 2 and _HANGUL_PAIR.fullmatch(seq[n]):
        if n and seq[n - 1][1] != seq[n][0]:
            break
        n += 1
    return n


def _spell(seq: tuple[str, ...]) -> str:
    return seq[0] + "".join(t[1] for t in seq[1:])


class _InRun(NamedTuple):
    """How the sequences sharing a first token are settled inside a plain run (see
    :func:`_settle_in_run`), sorted once: at each occurrence of the token, the chains are
    compared with the run's syllables, the sequences running on past their first chain
    looked up by the rest of the run, and the others left to read (a compound's spacings,
    a dozen sequences, were each asked at every occurrence)."""

    #: Chains of bigrams, each spelled out: matched where the run spells it.
    spelled: tuple[tuple[str, _Seq], ...]
    #: Sequences whose first chain is followed by a word of its own, by that chain spelled.
    heads: dict[str, tuple[_Seq, ...]]
    #: The rest, read from the text's tokens (a one-syllable first token never is inside a
    #: run: not among them).
    unsettled: tuple[_Seq, ...]


def _in_run(seqs: list[_Seq]) -> _InRun:
    heads: dict[str, list[_Seq]] = {}
    for item in seqs:
        if item[2] is None and item[3] is not None:
            heads.setdefault(item[3], []).append(item)
    return _InRun(
        tuple((item[2], item) for item in seqs if item[2] is not None),
        {head: tuple(items) for head, items in heads.items()},
        tuple(item for item in seqs if item[2] is None and item[3] is None and len(item[0][0]) > 1),
    )


@lru_cache(maxsize=4096)
def _by_first(
    sequences: tuple[tuple[str, ...], ...], exact: tuple[tuple[str, ...], ...]
) -> dict[str, tuple[list[_Seq], int, _InRun]]:
    """The sequences by their first token, with the most tokens any of them has and how
    they are settled inside a run."""
    by_first: dict[str, list[_Seq]] = {}
    for is_exact, group in ((False, sequences), (True, exact)):
        for seq in group:
            n = _chain(seq)
            spelled = _spell(seq) if n == len(seq) else None
            head = _spell(seq[:n]) if 0 < n < len(seq) else None
            by_first.setdefault(seq[0], []).append((seq, is_exact, spelled, head))
    return {
        first: (seqs, max(len(item[0]) for item in seqs), _in_run(seqs)) for first, seqs in by_first.items()
    }


def _next_token(text: str, at: int) -> str | None:
    """The text of the first token at or after ``at`` ("" for none), when it can be told
    without reading tokens: a Latin word, the first bigram of a plain run, a one-syllable
    run that is a token. None when unsure (a dropped particle, a counter, a joiner)."""
    start = TOKEN_GAP.match(text, at).end()  # type: ignore[union-attr]  # always matches
    if start >= len(text):
        return ""
    word = LATIN_WORD.match(text, start)
    if word is not None:
        return english(word.group())
    found = run_starting(text, start)
    if found is None:
        return None
    lo, hi = found
    if _plain_run(text, lo, hi):
        return text[lo : lo + 2]
    if hi - lo == 1 and lo > 0:
        before = text[lo - 1]
        if before.isdigit() or (not before.isspace() and korean.is_particle(text[lo])):
            return None
        return text[lo]
    return None


def _plain_run(text: str, lo: int, hi: int) -> bool:
    """A run whose tokens are simply its bigrams (see :func:`index.analysis.iter_tokens`):
    two syllables or more, no joiner inside, no number before it (whose counter would be a
    token of its own), and not a particle glued to the word before it (dropped)."""
    if hi - lo < 2 or JOINER_RE.search(text, lo, hi):
        return False
    if lo > 0:
        before = text[lo - 1]
        if before.isdigit():
            return False
        if not before.isspace() and korean.is_particle(text[lo:hi]):
            return False
    return True


def _whole(text: str, start: int, end: int, run: tuple[int, int] | None = None) -> bool:
    """A match is a whole word when it is a Latin word (or ASCII words), or a Korean word's
    entire stem. (Read from the text, not a token: ``AI 생태계`` begins with a Latin word but
    is not one.)"""
    matched = text[start:end]
    if matched.isascii() or LATIN_WORD.fullmatch(matched):
        return True
    run_start, run_end = run or run_at(text, start, end)
    if run_start != start:
        return False
    return _stem(_NOT_ALNUM.sub("", text[run_start:run_end])) == _NOT_ALNUM.sub("", matched)


#: What ``str.isalnum`` rejects (``\w`` is it and the underscore).
_NOT_ALNUM = re.compile(r"[\W_]")
#: A run's stem, kept: the same words are checked unit after unit, keystroke after keystroke.
_stem = lru_cache(maxsize=8192)(korean.stem)


def segmentations(text: str, typed: Sequence[str] = ()) -> list[tuple[str, ...]]:
    """Ways the syllables ``text`` may be spaced: joined, as typed, and (four syllables or
    more, as the index bridges a space only with MAX_GRAM-syllable terms) with one or two
    spaces anywhere inside."""
    found: dict[tuple[str, ...], None] = {(text,): None}
    if len(typed) > 1:
        found[tuple(typed)] = None
    n = len(text)
    if n >= MAX_GRAM:
        for i in range(1, n):
            found[(text[:i], text[i:])] = None
        if n <= MAX_TWO_SPACES:
            for i in range(1, n - 1):
                for j in range(i + 1, n):
                    found[(text[:i], text[i:j], text[j:])] = None
    return list(found)[:MAX_SEGMENTATIONS]


def _piece_forms(piece: Piece) -> tuple[list[tuple[str, ...]], tuple[str, ...]]:
    """The token sequences the piece may appear as, and the index terms it needs."""
    if piece.script == "en":
        return [(piece.text,)], (piece.text,)
    sequences = [
        tuple(itertools.chain.from_iterable(cjk_tokens(part) for part in seg))
        for seg in segmentations(piece.text, piece.parts)
    ]
    # The index holds the bigrams of a run and, across a space after a bare word, the
    # bridging bigram: so a joined word, or words typed with spaces after bare words, need
    # the bigrams of the joined syllables; words after a particle, each their own.
    joined = ""
    bare = True
    for part in piece.parts[:-1]:
        joined += part
        bare = bare and always_bridged(joined)
    if len(piece.parts) == 1 or bare:
        terms = tuple(part_terms(piece.text))
    else:
        terms = tuple(dict.fromkeys(itertools.chain.from_iterable(part_terms(p) for p in piece.parts)))
    return sequences, terms


def merge_pieces(groups: Iterable[Sequence[Piece]]) -> list[Piece]:
    """Pieces of consecutive query words as one phrase: neighbouring Korean pieces join."""
    out: list[Piece] = []
    for group in groups:
        for piece in group:
            if out and piece.script == "ko" and out[-1].script == "ko":
                prev = out[-1]
                out[-1] = Piece("ko", prev.text + piece.text, prev.parts + piece.parts)
            else:
                out.append(piece)
    return out


def from_pieces(label: str, found: Sequence[Piece], *, prefix_ok: bool = False) -> Pattern:
    if not found:
        return Pattern(label, ())
    forms = [_piece_forms(p) for p in found]
    sequences: dict[tuple[str, ...], None] = {}
    for combo in itertools.product(*(seqs for seqs, _ in forms)):
        sequences[tuple(itertools.chain.from_iterable(combo))] = None
        if len(sequences) >= MAX_SEQUENCES:
            break
    plan = list(itertools.chain.from_iterable(terms for _, terms in forms))
    prefix = ""
    if prefix_ok and len(found) == 1 and found[0].script == "en":
        raw = found[0].raw
        if len(raw) >= MIN_PREFIX and not raw.isdigit():
            prefix = raw
    return Pattern(label, tuple(sequences), (tuple(dict.fromkeys(plan)),), prefix)


def word_pattern(word: str, *, prefix_ok: bool = False) -> Pattern:
    """A plain query word: particles and endings stripped (``견제하기`` → ``견제``)."""
    stripped = pieces(word, strip=True)
    pattern = from_pieces(word, stripped, prefix_ok=prefix_ok)
    typed = pieces(word, strip=False)
    if typed != stripped and not pattern.empty:
        forms = [_piece_forms(p) for p in typed]
        exact = tuple(itertools.chain.from_iterable(seqs[0] for seqs, _ in forms))
        terms = tuple(dict.fromkeys(itertools.chain.from_iterable(t for _, t in forms)))
        return replace(pattern, exact=(exact,), exact_plans=(terms,))
    return pattern


def phrase_pattern(text: str) -> Pattern:
    """A quoted phrase, or a glossary name: its words as written."""
    return from_pieces(text, pieces(text, strip=False))


def quoted_pattern(text: str) -> Pattern:
    """A quoted phrase: its words as written, side by side (see :func:`phrase_bridges`)."""
    found = pieces(text, strip=False)
    return replace(from_pieces(text, found), needs=phrase_bridges(text, found))


#: Korean words a space apart (one phrase piece), then a Latin word a space apart or none.
_KO_THEN_LATIN = re.compile(
    f"(?<![{CJK}{JOINERS}])((?:{RUN_SOURCE})(?:[{BRIDGE_SPACES}]+(?:{RUN_SOURCE}))*)"
    f"[{BRIDGE_SPACES}]*([{LATIN}]+)"
)


def _counter(word: str) -> bool:
    """A word of counters only: a text may write it after a number (5년, G7등, 40일년), where
    each is a term of its own, with no bigram or bridge after them."""
    return all(ch in COUNTERS for ch in word)


def always_bridged(joined: str) -> bool:
    """Whether a text matching a phrase whose Korean words, joined, read ``joined`` up to a
    typed space, always has the index's bridge there: whatever run it ends with at that
    space ends bare (:func:`korean.ends_bare`)."""
    return bridge_alternatives(joined, ()) == ()


def bridge_alternatives(joined: str, spaces: Sequence[int]) -> tuple[int, ...] | None:
    """Where a text matching the phrase holds another bridge when it lacks the one at the
    typed space after ``joined`` (the phrase's Korean words so far, joined; ``spaces`` the
    offsets in it of the typed spaces before): () when it never lacks it, None when it may
    lack it and hold no other.

    The run such a text ends with at that space is any tail of ``joined`` (the spacing
    alternatives split words anywhere), or all of it after syllables glued before. When
    that run does not end bare, the index wrote no bridge; but the run is one word there,
    so each typed space inside it was written together: its bigram is an ordinary one
    (``신뢰할수 있는`` lacks 수있 but holds 할수)."""
    found: set[int] = set()
    for k in range(len(joined)):
        if not korean.ends_bare(joined[k:]):
            inside = [at for at in spaces if at > k]
            if not inside:
                return None
            found.update(inside)
    if len(joined) >= 2 and not korean.ends_bare_after_any(joined):
        if not spaces:
            return None
        found.update(spaces)
    return tuple(sorted(found))


def korean_bridges(found: Sequence[Piece]) -> tuple[tuple[str, ...], ...]:
    """The bridging bigrams every text holds where Korean words of ``found`` match side by
    side: at each space between two of a piece's words, its bigram or (see
    :func:`bridge_alternatives`) one written together before it; none where a text may lack
    them all. The Korean half of :func:`phrase_bridges`."""
    out: list[tuple[str, ...]] = []
    for piece in found:
        if piece.script != "ko" or _counter(piece.parts[0]):
            continue
        joined = ""
        spaces: list[int] = []  # offsets in ``joined`` of the typed spaces so far
        for left, right in itertools.pairwise(piece.parts):
            if joined:
                spaces.append(len(joined))
            joined += left
            others = bridge_alternatives(joined, spaces)
            if others is not None:
                # This space's bigram, or one of those written together before it.
                out.append((left[-1] + right[0], *(joined[at - 1 : at + 1] for at in others)))
    return tuple(dict.fromkeys(out))


def phrase_bridges(text: str, found: Sequence[Piece]) -> tuple[tuple[str, ...], ...]:
    """The bridging terms a quoted phrase's text holds at its typed spaces: after a bare
    Korean word the index writes the bigram across a space (``법적 구속력`` holds 적구; where
    the words are written together it is an ordinary bigram), and across a Latin word's
    boundary with Korean a mixed bridge (``AI 생태계`` holds the one of ai and 생; see
    :func:`index.analysis.index_terms`). Not in the phrase's plan (each term there adds to
    the score), but required of candidates: without them a phrase of common words had every
    unit holding its words apart checked one by one (issue #15).

    So a phrase's words match side by side, a space apart or together, not across a line or
    a comma. A bridge is required only where every text holding the phrase has it
    (:func:`always_bridged`)."""
    out = list(korean_bridges(found))
    typed = normalize(text)
    held = index_terms(typed)
    out.extend((t,) for t in held if t.startswith(LATIN_KOREAN))
    if any(t.startswith(KOREAN_LATIN) for t in held):
        # After a Korean word (국내 AI): only where the bridge is always there.
        sure = {
            mixed_term(KOREAN_LATIN, run[-1], english(word))
            for raw, word in _KO_THEN_LATIN.findall(typed)
            if always_bridged(run := JOINER_RE.sub("", BRIDGE_GAP.sub("", raw))) and not _counter(run)
        }
        out.extend((t,) for t in held if t.startswith(KOREAN_LATIN) and t in sure)
    return tuple(dict.fromkeys(out))


# --------------------------------------------------------------------------- glossary aliases


def name_key(found: Sequence[Piece]) -> tuple[tuple[str, str], ...]:
    """A spacing- and case-free key for comparing a query's words with a glossary name."""
    return tuple((p.script, p.text) for p in found)


@dataclass(slots=True)
class AliasTable:
    """Every glossary term's names, keyed so that any one name finds all of them."""

    #: key → the names of the term(s) it belongs to
    names: dict[tuple[tuple[str, str], ...], tuple[str, ...]] = field(default_factory=dict)

    def add(self, names: Sequence[str]) -> None:
        for name in names:
            for strip in (False, True):
                key = name_key(pieces(name, strip=strip))
                if key:
                    self.names[key] = tuple(dict.fromkeys((*self.names.get(key, ()), *names)))

    def lookup(self, words: Sequence[str]) -> tuple[str, ...]:
        if any(korean.relational(w) for w in words):
            # Only a name written so (a glossary may name such a word) widens it.
            bare = (korean.without_particle(w) for w in words)
            key = name_key(merge_pieces(pieces(w, strip=False) for w in bare))
            return self.names.get(key, ()) if key else ()
        key = name_key(merge_pieces(pieces(w, strip=True) for w in words))
        return self.names.get(key, ()) if key else ()

    def lookup_phrase(self, text: str) -> tuple[str, ...]:
        key = name_key(pieces(text, strip=False))
        return self.names.get(key, ()) if key else ()


def alias_pattern(label: str, names: Sequence[str], typed: Pattern) -> Pattern:
    """The typed words or any name of the same term.

    Every name counts the same as the one typed (measured: favouring the typed form lowered
    MRR on the judged set, 0.953 → 0.912; ``moc`` then ranks clauses that say "MOC" above
    the agreement itself).
    """
    sequences = dict.fromkeys(typed.sequences)
    plans = dict.fromkeys(typed.plans)
    for name in names:
        other = phrase_pattern(name)
        sequences.update(dict.fromkeys(other.sequences))
        plans.update(dict.fromkeys(other.plans))
    cap = MAX_SEQUENCES * 2
    exact, exact_plans = typed.exact, typed.exact_plans
    if ALIAS_TYPED_EXACT:
        exact = tuple(dict.fromkeys((*exact, *typed.sequences[:1])))
        exact_plans = tuple(dict.fromkeys((*exact_plans, *typed.plans[:1])))
    return Pattern(
        label, tuple(sequences)[:cap], tuple(plans)[:cap], typed.prefix, exact, exact_plans, typed.sequences
    )
