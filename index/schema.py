"""The Whoosh schema and the tokenizer that feeds it from :mod:`index.analysis`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefing.index import analysis
from whoosh import fields
from whoosh.analysis import Token, Tokenizer

#: Bump whenever analysis or schema change: an index of another version is rebuilt.
ANALYSIS_VERSION = 14
#: The field of each unit's title terms (not scored: see make_schema).
TITLE_FIELD = "title"


class GramTokenizer(Tokenizer):  # type: ignore[misc]  # whoosh has no type hints
    """Korean syllable n-grams and stemmed Latin words (:func:`index.analysis.index_terms`)."""

    def __call__(
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
        for i, text in enumerate(analysis.index_terms(analysis.normalize(value))):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + i
            yield token


def make_schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        briefing=fields.ID(stored=True),
        kind=fields.ID(stored=True),
        prior=fields.STORED(),
        agreement=fields.KEYWORD(commas=True, scorable=False),
        topic=fields.KEYWORD(commas=True, scorable=False),
        # Title, text and clause wording in one field: their different weights are applied
        # when candidates are re-ranked (index.ranking), where it is known what matched where.
        body=fields.TEXT(analyzer=GramTokenizer(), phrase=False),
        # The title's terms again, not scored: which candidates' titles may hold a query
        # word, the largest bonus of the re-ranking, told without rendering them (issue #15).
        title=_unscored(fields.TEXT(analyzer=GramTokenizer(), phrase=False)),
        # Whether the unit shows clause wording (another bonus).
        wording=fields.STORED(),
    )


def _unscored(field: fields.FieldType) -> fields.FieldType:
    field.scorable = False
    return field
