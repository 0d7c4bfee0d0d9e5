"""The query language, parsed without whoosh and without ever raising on odd input.

    word word          both (AND)            "quoted phrase"   the words in this order
    a OR b             either                -word, NOT word   excluded
    kind:clause  agreement:<id>  topic:<id>  briefing:<id>     filters (comma lists allowed)

Anything else is text: brackets, ``*``, Rich markup and stray operators are searched as the
plain words they contain (or dropped when they contain none). Control characters and
terminal escape codes are removed first. The only error is :class:`QueryError`, for a filter
naming no such kind (ids are checked by the searcher, which knows them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from briefing.content.model import UNIT_KINDS
from briefing.index.errors import QueryError

FILTER_FIELDS = ("kind", "agreement", "topic", "briefing")
OPERATORS = ("AND", "OR", "NOT")
#: Longer input is cut: nobody types this much, and it keeps a pasted page from stalling.
MAX_QUERY_CHARS = 500
MAX_ATOMS = 24

_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI
    r"|(?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c|$)"  # OSC
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f]).*?(?:\x1b\\|\x9c|$)"  # DCS, SOS, PM, APC
    r"|\x1b.?",  # any other escape
    re.DOTALL,
)
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\uff02": '"', "\u201f": '"'})
_DROPPED = ("Cc", "Cf", "Co", "Cs")
_FIELD_RE = re.compile(r"^(kind|agreement|topic|briefing):(.*)$", re.IGNORECASE)
#: Hangul letters left while an input method is still composing a syllable (not ㆍ, a joiner).
_LOOSE_JAMO = re.compile("[\u3131-\u318c]")

_KIND_ALIASES: dict[str, str] = {
    **{k: k for k in UNIT_KINDS},
    **{k + "s": k for k in UNIT_KINDS},
    "섹션": "section",
    "협정": "agreement",
    "주제": "topic",
    "조항": "clause",
    "시사점": "implication",
    "주석": "note",
    "용어": "term",
    "glossary": "term",
}


@dataclass(frozen=True, slots=True)
class Atom:
    text: str
    phrase: bool = False


@dataclass(slots=True)
class ParsedQuery:
    #: AND of OR-groups of atoms.
    groups: list[list[Atom]] = field(default_factory=list)
    excluded: list[Atom] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded_filters: dict[str, list[str]] = field(default_factory=dict)
    #: True when the input did not end in a space: its last word may still be being typed.
    open_end: bool = False

    @property
    def empty(self) -> bool:
        return not self.groups and not self.filters


def clean(text: str) -> str:
    """The query without escape codes, control or format characters, in NFC."""
    text = _ESCAPES.sub(" ", text[: MAX_QUERY_CHARS * 2])
    text = unicodedata.normalize("NFC", text)
    # Whitespace controls separate words; any other control or format character (a stray
    # NUL, a bidi override, a zero-width space) is dropped, so it cannot split a word.
    text = "".join(" " if ch.isspace() else "" if unicodedata.category(ch) in _DROPPED else ch for ch in text)
    text = _LOOSE_JAMO.sub("", text)
    return text.translate(_QUOTES)[:MAX_QUERY_CHARS]


@dataclass(slots=True)
class _Lexeme:
    kind: str  # word, phrase, op, filter
    text: str
    negated: bool = False
    field_name: str = ""


def _lex(text: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-":
            j = i
            while j < n and text[j] == "-":
                j += 1
            if j >= n or text[j].isspace():
                i = j  # a lone "-": nothing to exclude
                continue
            negated, i = True, j
            ch = text[i]
        if ch == '"':
            close = text.find('"', i + 1)
            if close == -1:
                i += 1  # unbalanced: the quote is ignored and the rest read as words
                continue
            out.append(_Lexeme("phrase", text[i + 1 : close], negated))
            i = close + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        word = text[i:j]
        i = j
        m = _FIELD_RE.match(word)
        if m:
            value = m.group(2)
            if not value and i < n and text[i] == '"':
                close = text.find('"', i + 1)
                if close != -1:
                    value, i = text[i + 1 : close], close + 1
            out.append(_Lexeme("filter", value.strip(), negated, m.group(1).lower()))
        elif word in OPERATORS and not negated:
            out.append(_Lexeme("op", word))
        else:
            out.append(_Lexeme("word", word, negated))
    return out


def _kind_values(values: list[str]) -> list[str]:
    kinds: list[str] = []
    for value in values:
        kind = _KIND_ALIASES.get(value.lower())
        if kind is None:
            raise QueryError(f"unknown kind '{value}': use one of {', '.join(UNIT_KINDS)}")
        kinds.append(kind)
    return kinds


def parse(query: str) -> ParsedQuery:
    """Parse ``query``; raises only :class:`QueryError` (an unknown ``kind:``)."""
    text = clean(query)
    parsed = ParsedQuery(open_end=bool(text) and not text[-1].isspace())
    lexemes = _lex(text)
    join_next = False
    negate_next = False
    atoms = 0
    for lex in lexemes:
        if lex.kind == "op":
            if lex.text == "OR":
                join_next = bool(parsed.groups)
            elif lex.text == "NOT":
                negate_next = True
            continue
        negated = lex.negated or negate_next
        negate_next = False
        if lex.kind == "filter":
            join_next = False
            values = [v for v in (x.strip() for x in lex.text.split(",")) if v]
            if not values:
                continue  # "kind:" still being typed
            if lex.field_name == "kind":
                values = _kind_values(values)
            target = parsed.excluded_filters if negated else parsed.filters
            target.setdefault(lex.field_name, []).extend(values)
            continue
        atom = Atom(lex.text, lex.kind == "phrase")
        if negated:
            parsed.excluded.append(atom)
            join_next = False
            continue
        atoms += 1
        if atoms > MAX_ATOMS:
            break
        if join_next and parsed.groups:
            parsed.groups[-1].append(atom)
        else:
            parsed.groups.append([atom])
        join_next = False
    if not parsed.groups and not parsed.filters and not parsed.excluded:
        # Nothing but operators ("OR", "NOT", "AND OR"): search them as the words they are.
        words = [lex.text for lex in lexemes if lex.kind == "op"]
        parsed.groups = [[Atom(w)] for w in words]
    return parsed
