"""The Whoosh schema and the tokenizers that feed it from :mod:`index.analysis`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import fields
from whoosh.analysis import Token, Tokenizer

from index import analysis

#: Bump whenever analysis or schema change: an index of another version is rebuilt.
ANALYSIS_VERSION = 4

#: Field weights, chosen by benchmarks/search_quality.py.
TITLE_BOOST = 3.0
WORDING_BOOST = 2.0
WORDS_BOOST = 1.5


class BigramTokenizer(Tokenizer):
    """Korean syllable bigrams and stemmed Latin words (see :func:`index.analysis.tokens`)."""

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, tok in enumerate(analysis.tokens(analysis.normalize(value))):
            token.text = tok.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = tok.text
            if positions:
                token.pos = start_pos + i
            if chars:
                token.startchar = start_char + tok.start
                token.endchar = start_char + tok.end
            yield token


class WordStemTokenizer(Tokenizer):
    """One stem per Korean word, for ranking whole-word matches above partial ones."""

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, stem in enumerate(analysis.word_stems(analysis.normalize(value))):
            token.text = stem
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + i
            yield token


def make_schema() -> fields.Schema:
    bigrams = BigramTokenizer()
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        briefing=fields.ID(stored=True),
        kind=fields.ID(stored=True),
        prior=fields.STORED(),
        agreement=fields.KEYWORD(commas=True, scorable=False),
        topic=fields.KEYWORD(commas=True, scorable=False),
        title=fields.TEXT(analyzer=bigrams, phrase=True, field_boost=TITLE_BOOST),
        body=fields.TEXT(analyzer=bigrams, phrase=True),
        wording=fields.TEXT(analyzer=bigrams, phrase=True, field_boost=WORDING_BOOST),
        words=fields.TEXT(analyzer=WordStemTokenizer(), phrase=False, field_boost=WORDS_BOOST),
    )
