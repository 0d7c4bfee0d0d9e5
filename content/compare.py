"""Two agreements side by side, topic by topic; and every agreement of a briefing at once.

Headless: the compare screen, ``briefing compare`` and any other surface build on the
records here and style them their own way.

Alignment
    One row per topic, in the left briefing's topic order (then any topic only the right
    briefing knows, in its order). Agreements from different briefings align by topic id.

Row kinds
    A side *addresses* a topic when its agreement has a clause on the topic with
    ``addressed = true``. A clause with ``addressed = false`` records the article's finding
    that the agreement lacks the point: the side is "not in this agreement", though the
    clause (and the article's sentence) is still carried so surfaces can show it. A clause
    with ``addressed = "not-mentioned"`` records that the article is silent on the point for
    that agreement: it does not address the topic either, but the article does not say the
    agreement lacks it, so a row set against it is never "only" one side.

    - ``left-only`` / ``right-only``: only that side addresses the topic; the other side has
      no clause on it, or one recording that the article finds the point absent.
    - ``right-not-mentioned`` / ``left-not-mentioned``: one side addresses the topic and the
      article is silent on the other (the named side is the silent one).
    - ``differs``: both address it, both clauses carry the agreement's own English
      ``wording`` (official, or as the article quotes it), and the wordings differ once
      normalised (case, punctuation at word edges, quote and dash styles, spacing).
      Descriptions (the article's sentences, editors' summaries) are never compared: the
      article often describes both agreements in one sentence, and its Korean prose is no
      evidence that the agreements' words differ.
    - ``both``: both address it and no wording difference is recorded (one or both sides
      have no wording, or the wordings match). This says nothing of WHAT each holds: two
      memoranda both "address" legal force by lacking it, and two R&D channels with
      different partners both address the topic. Surfaces word it "both address it" and
      show each side's own text; :func:`holds` gives each side's one-line gist.
    - ``neither``: no side addresses it. Such rows are left out unless asked for
      (``include_neither=True``); ``briefing compare`` never shows them, so its kinds are
      always one of :data:`SHOWN_KINDS`.

Word diff
    Where both sides have wording, a word-level diff (``difflib`` on word tokens, compared
    in normalised form) gives character spans of each side's differing words, into the
    inert display text carried with them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from briefing.content import markdown as md
from briefing.content.labels import (
    ABSENT,
    BINDING_LABELS,
    HOLDS,
    NOT_IN_AGREEMENT,
    NOT_MENTIONED,
    PROVENANCE_LABELS,
)
from briefing.content.model import Agreement, Briefing, Clause, Note, Topic, make_key
from briefing.content.render import unit_blocks, unit_text
from briefing.content.text import inert, one_line

RowKind = Literal[
    "both", "left-only", "right-only", "differs", "right-not-mentioned", "left-not-mentioned", "neither"
]

#: The kinds ``briefing compare`` prints (``neither`` rows are never shown there).
SHOWN_KINDS: tuple[RowKind, ...] = (
    "both",
    "left-only",
    "right-only",
    "differs",
    "right-not-mentioned",
    "left-not-mentioned",
)
#: Kinds kept by the "only differences" filter: a side the article is silent on is not known
#: to share the point, so those rows stay too.
DIFFERENCE_KINDS: frozenset[str] = frozenset(
    {"left-only", "right-only", "differs", "right-not-mentioned", "left-not-mentioned"}
)


@dataclass(frozen=True, slots=True)
class Mark:
    symbol: str
    en: str
    ko: str


#: Each row kind as a symbol and words, shared by every surface.
MARKS: dict[str, Mark] = {
    # "both address it", never "the same": the mark says both sides have a clause on the
    # topic, not that they agree (see the module docstring).
    "both": Mark("=", "both address it", "둘 다 다룸"),
    "left-only": Mark("◀", "only left", "왼쪽만"),
    "right-only": Mark("▶", "only right", "오른쪽만"),
    "differs": Mark("≠", "wording differs", "문구 차이"),
    # Short, for legends and counts; a row names both sides (see mark_words).
    "right-not-mentioned": Mark("◁", "right not mentioned", "오른쪽 기사 언급 없음"),
    "left-not-mentioned": Mark("▷", "left not mentioned", "왼쪽 기사 언급 없음"),
    "neither": Mark("·", "neither", "둘 다 없음"),
}


def mark_words(kind: str, left: str = "", right: str = "") -> str:
    """A kind in symbol and words, naming the side when given: ``◀ only US-ROK MOU``."""
    mark = MARKS[kind]
    if kind == "left-only" and left:
        return f"{mark.symbol} only {left}"
    if kind == "right-only" and right:
        return f"{mark.symbol} only {right}"
    if kind == "right-not-mentioned" and left and right:
        return f"{mark.symbol} {left}; {right} not mentioned by the article"
    if kind == "left-not-mentioned" and left and right:
        return f"{mark.symbol} {right}; {left} not mentioned by the article"
    if kind.endswith("not-mentioned"):
        return f"{mark.symbol} {mark.en} by the article"
    return f"{mark.symbol} {mark.en}"


# --------------------------------------------------------------------------- references


@dataclass(frozen=True, slots=True)
class AgreementRef:
    """An agreement together with the briefing it belongs to."""

    briefing: Briefing
    agreement: Agreement

    @property
    def key(self) -> str:
        return make_key(self.briefing.id, self.agreement.id)

    @property
    def name(self) -> str:
        return self.agreement.short_name

    def clause(self, topic_id: str) -> Clause | None:
        return self.briefing.clause_for(self.agreement.id, topic_id)


def agreement_refs(briefings: Iterable[Briefing]) -> list[AgreementRef]:
    """Every agreement of every briefing, each briefing's in date order."""
    return [AgreementRef(b, a) for b in briefings for a in b.agreements_by_date()]


def find_agreement(
    briefings: Sequence[Briefing], ident: str, *, briefing_id: str | None = None
) -> AgreementRef | None:
    """An agreement by id, or by key ``"<briefing>:<agreement>"``.

    A bare id is looked for in ``briefing_id`` when given, else in each briefing in order.
    """
    wanted_briefing = briefing_id
    agreement_id = ident
    if ":" in ident:
        wanted_briefing, _, agreement_id = ident.partition(":")
    for briefing in briefings:
        if wanted_briefing is not None and briefing.id != wanted_briefing:
            continue
        for agreement in briefing.agreements:
            if agreement.id == agreement_id:
                return AgreementRef(briefing, agreement)
    return None


def default_pair(
    briefings: Sequence[Briefing], *, briefing_id: str | None = None
) -> tuple[AgreementRef, AgreementRef] | None:
    """The pair to show when none is named.

    The first briefing naming a pair in ``[briefing.compare] default`` gives it; otherwise
    the first briefing with two agreements gives its first two by date.
    """
    candidates = [b for b in briefings if briefing_id is None or b.id == briefing_id]
    for briefing in candidates:
        if len(briefing.compare_default) == 2:
            left = find_agreement([briefing], briefing.compare_default[0])
            right = find_agreement([briefing], briefing.compare_default[1])
            if left and right:
                return left, right
    for briefing in candidates:
        dated = briefing.agreements_by_date()
        if len(dated) >= 2:
            return AgreementRef(briefing, dated[0]), AgreementRef(briefing, dated[1])
    return None


def default_third(briefing: Briefing) -> AgreementRef | None:
    """The agreement ``[briefing.compare] third`` names, shown beside a pair on wide screens."""
    return find_agreement([briefing], briefing.compare_third) if briefing.compare_third else None


# --------------------------------------------------------------------------- word diff

_WORD = re.compile(r"\S+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-"})
_EDGE_PUNCT = "\"'()[]{}<>.,;:!?«»「」『』-"


def _normal(word: str) -> str:
    return word.translate(_QUOTES).strip(_EDGE_PUNCT).casefold()


def normal_words(text: str) -> list[str]:
    """Word tokens in normalised form: case-folded, quotes and dashes unified, edge punctuation
    stripped (tokens that are only punctuation drop out)."""
    return [w for w in (_normal(m.group()) for m in _WORD.finditer(text)) if w]


def wording_differs(left: str, right: str) -> bool:
    return normal_words(left) != normal_words(right)


@dataclass(frozen=True, slots=True)
class WordDiff:
    """The differing words of two wordings, as ``(start, end)`` spans into the inert texts."""

    left_text: str
    right_text: str
    left_spans: tuple[tuple[int, int], ...]
    right_spans: tuple[tuple[int, int], ...]

    @property
    def differs(self) -> bool:
        return bool(self.left_spans or self.right_spans)

    def left_words(self) -> list[str]:
        return [self.left_text[s:e] for s, e in self.left_spans]

    def right_words(self) -> list[str]:
        return [self.right_text[s:e] for s, e in self.right_spans]


def _tokens(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        norm = _normal(match.group())
        if norm:
            words.append(norm)
            spans.append(match.span())
    return words, spans


def _merge(spans: list[tuple[int, int]], text: str) -> tuple[tuple[int, int], ...]:
    """Join spans separated by whitespace only, so a changed phrase highlights as one."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def word_diff(left: str, right: str) -> WordDiff:
    """Word-level diff of two English wordings (both made inert first)."""
    left_text, right_text = inert(left), inert(right)
    left_words, left_spans = _tokens(left_text)
    right_words, right_spans = _tokens(right_text)
    matcher = difflib.SequenceMatcher(None, left_words, right_words, autojunk=False)
    changed_left: list[tuple[int, int]] = []
    changed_right: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changed_left.extend(left_spans[i1:i2])
        changed_right.extend(right_spans[j1:j2])
    return WordDiff(left_text, right_text, _merge(changed_left, left_text), _merge(changed_right, right_text))


# --------------------------------------------------------------------------- alignment


def addresses(clause: Clause | None) -> bool:
    return clause is not None and clause.addressed


def silent(clause: Clause | None) -> bool:
    """The article is silent on the point for this clause's agreement."""
    return clause is not None and clause.state == "not-mentioned"


def classify(left: Clause | None, right: Clause | None) -> RowKind:
    """The row kind for two clauses on one topic (see the module docstring)."""
    left_has, right_has = addresses(left), addresses(right)
    if left_has and right_has:
        assert left is not None and right is not None
        if left.wording.strip() and right.wording.strip() and wording_differs(left.wording, right.wording):
            return "differs"
        return "both"
    if left_has:
        return "right-not-mentioned" if silent(right) else "left-only"
    if right_has:
        return "left-not-mentioned" if silent(left) else "right-only"
    return "neither"


HoldsSource = Literal[
    "holds", "agreement", "summary", "wording", "article", "absent", "not-mentioned", "none"
]


def side_value(ref: AgreementRef, clause: Clause | None) -> tuple[str, HoldsSource]:
    """What one side holds on its row's topic in a few words, where the data says it, or "".

    Only for a side whose clause addresses the topic (the article says what it holds): the
    clause's own ``holds`` (editors' words from the article), else the value of the agreement
    field its topic names (legal force: ``binding``, in the catalogue's words), so two
    non-binding memoranda read "not binding" on both sides rather than a bare "=".
    """
    if clause is None or not clause.addressed:
        return "", "none"
    if clause.holds.strip():
        return one_line(clause.holds), "holds"
    topic = ref.briefing.get(clause.topic)
    if isinstance(topic, Topic) and topic.agreement_field == "binding":
        return BINDING_LABELS[ref.agreement.binding], "agreement"
    return "", "none"


def holds(clause: Clause | None, ref: AgreementRef | None = None) -> tuple[str, HoldsSource]:
    """What one side holds on a topic, in one line, and where the line comes from.

    The side's value (:func:`side_value`, given ``ref``) when the data has one; else the
    editors' summary (it names the side's own value: "NSF with NRF"), else the agreement's
    wording, else the article's sentence; a clause recording that the agreement lacks the
    point holds :data:`ABSENT`.
    """
    if clause is None:
        return PROVENANCE_LABELS["absent"], "none"
    if clause.state == "not-mentioned":
        return NOT_MENTIONED, "not-mentioned"
    if not clause.addressed:
        return ABSENT, "absent"
    if ref is not None:
        value, source = side_value(ref, clause)
        if value:
            return value, source
    candidates: tuple[tuple[str, HoldsSource], ...] = (
        (clause.holds, "holds"),
        (clause.summary, "summary"),
        (clause.wording, "wording"),
        (clause.article_text, "article"),
    )
    for text, source in candidates:
        if text.strip():
            return one_line(text), source
    return "", "none"


@dataclass(frozen=True, slots=True)
class Row:
    topic_id: str
    #: The topic as the left briefing knows it, else as the right one does.
    topic: Topic | None
    kind: RowKind
    left: Clause | None
    right: Clause | None
    #: Set when both sides have wording (whatever the kind).
    diff: WordDiff | None = None

    @property
    def label(self) -> str:
        return self.topic.title if self.topic is not None else self.topic_id

    @property
    def is_difference(self) -> bool:
        return self.kind in DIFFERENCE_KINDS


@dataclass(slots=True)
class Comparison:
    left: AgreementRef
    right: AgreementRef
    rows: list[Row] = field(default_factory=list)

    def only_differences(self) -> Comparison:
        return Comparison(self.left, self.right, [r for r in self.rows if r.is_difference])

    def left_key(self, row: Row) -> str | None:
        return make_key(self.left.briefing.id, row.left.id) if row.left else None

    def right_key(self, row: Row) -> str | None:
        return make_key(self.right.briefing.id, row.right.id) if row.right else None

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(MARKS, 0)
        for row in self.rows:
            found[row.kind] += 1
        return found


def topic_order(left: Briefing, right: Briefing) -> list[tuple[str, Topic | None]]:
    """Topic ids in the left briefing's order, then the right briefing's extra ones."""
    order: dict[str, Topic | None] = {t.id: t for t in left.topics}
    if right is not left:
        for topic in right.topics:
            order.setdefault(topic.id, topic)
    # Clauses naming a topic neither briefing defines still get a row, last.
    for briefing in (left, right):
        for clause in briefing.clauses:
            order.setdefault(clause.topic, None)
    return list(order.items())


def compare(
    left: AgreementRef,
    right: AgreementRef,
    *,
    only_differences: bool = False,
    include_neither: bool = False,
) -> Comparison:
    """Align two agreements topic by topic and classify each row."""
    rows: list[Row] = []
    for topic_id, topic in topic_order(left.briefing, right.briefing):
        left_clause = left.clause(topic_id)
        right_clause = right.clause(topic_id)
        kind = classify(left_clause, right_clause)
        if kind == "neither" and not include_neither:
            continue
        if only_differences and kind not in DIFFERENCE_KINDS:
            continue
        diff = None
        if left_clause and right_clause and left_clause.wording.strip() and right_clause.wording.strip():
            diff = word_diff(left_clause.wording, right_clause.wording)
        rows.append(Row(topic_id, topic, kind, left_clause, right_clause, diff))
    return Comparison(left, right, rows)


def agreement_wide_notes(ref: AgreementRef, topic_ids: Iterable[str]) -> list[Note]:
    """Notes on the agreement as a whole, among the rows ``topic_ids``: shown once, not per row.

    A note counts when it is attached to two or more of ``ref``'s clauses in these rows and
    either to the agreement itself or to every one of those clauses. A note on one row, or
    on some rows for their own reason (a heading they share), stays in its rows.
    """
    clause_ids = {clause.id for topic_id in topic_ids if (clause := ref.clause(topic_id)) is not None}
    found = []
    for note in ref.briefing.notes:
        on = clause_ids.intersection(note.targets)
        if len(on) >= 2 and (ref.agreement.id in note.targets or on == clause_ids):
            found.append(note)
    return found


# --------------------------------------------------------------------------- matrix

CellState = Literal["addressed", "not-addressed", "addressed-with-note", "not-mentioned"]

#: One mark per matrix cell; ``†`` is added where the cell's clause carries notes.
MATRIX_MARKS = {"addressed": "●", "not-addressed": "○", "addressed-with-note": "●†", "not-mentioned": "?"}
MATRIX_LEGEND = (
    "● addressed: the article says what it holds (not necessarily yes; compare two to read it) · "
    "●† addressed, with a note · ○ not in this agreement (○† with a note)"
    " · ? not mentioned by the article"
)


@dataclass(frozen=True, slots=True)
class MatrixCell:
    agreement: Agreement
    topic_id: str
    clause: Clause | None
    notes: tuple[Note, ...] = ()

    @property
    def addressed(self) -> bool:
        return addresses(self.clause)

    @property
    def state(self) -> CellState:
        if silent(self.clause):
            return "not-mentioned"
        if not self.addressed:
            return "not-addressed"
        return "addressed-with-note" if self.notes else "addressed"

    @property
    def mark(self) -> str:
        if self.addressed:
            return MATRIX_MARKS[self.state]
        base = MATRIX_MARKS[self.state]
        return base + "†" if self.notes else base


def matrix_codes(agreements: Sequence[Agreement]) -> list[str]:
    """Short column codes (A, B, … Z, AA, AB, …) for matrices too narrow for the names."""
    codes = []
    for index in range(len(agreements)):
        code = ""
        index += 1
        while index:
            index, rest = divmod(index - 1, 26)
            code = chr(ord("A") + rest) + code
        codes.append(code)
    return codes


@dataclass(slots=True)
class Matrix:
    briefing: Briefing
    agreements: list[Agreement]
    topics: list[tuple[str, Topic | None]]
    #: ``cells[row][column]``: one row per topic, one column per agreement.
    cells: list[list[MatrixCell]]

    def cell(self, topic_id: str, agreement_id: str) -> MatrixCell:
        row = [t for t, _ in self.topics].index(topic_id)
        column = [a.id for a in self.agreements].index(agreement_id)
        return self.cells[row][column]


def matrix(briefing: Briefing) -> Matrix:
    """Every agreement (date order) against every topic (briefing order)."""
    agreements = briefing.agreements_by_date()
    topics = topic_order(briefing, briefing)
    cells = []
    for topic_id, _ in topics:
        row = []
        for agreement in agreements:
            clause = briefing.clause_for(agreement.id, topic_id)
            notes = tuple(briefing.notes_on(clause.id)) if clause else ()
            row.append(MatrixCell(agreement, topic_id, clause, notes))
        cells.append(row)
    return Matrix(briefing, agreements, topics, cells)


# --------------------------------------------------------------------------- Markdown


def _md_cell(ref: AgreementRef, clause: Clause | None, spans: Sequence[tuple[int, int]] | None) -> str:
    if clause is None:
        return md.cell(NOT_IN_AGREEMENT)
    parts: list[str] = []
    value, _source = side_value(ref, clause)
    if value:
        parts.append(f"**{md.cell('[' + HOLDS + ']')}**<br>**{md.cell(value)}**")
    for block in unit_blocks(ref.briefing, clause):
        label = f"**{md.cell('[' + block.label + ']')}**"
        if spans and block.provenance in ("official", "article-quote") and block.text == clause.wording:
            body = md.cell_highlight(inert(block.text), spans)
        else:
            body = md.cell(block.text)
        if block.url:
            body += "<br>" + md.link(block.url)
        parts.append(f"{label}<br>{body}")
    return "<br><br>".join(parts)


def agreement_line(symbol: str, ref: AgreementRef) -> str:
    """One side's agreement as the reader needs it beside the rows: what it is and whether it binds."""
    a = ref.agreement
    facts = [f"{a.short_name}: {a.name}", a.agreement_kind, a.date, BINDING_LABELS[a.binding]]
    return f"{symbol} " + " · ".join(f for f in facts if f)


def legend() -> str:
    """The marks in words; ``=`` says both sides ADDRESS a topic, not that they agree."""
    return (
        " · ".join(f"{MARKS[k].symbol} {MARKS[k].en}" for k in SHOWN_KINDS)
        + " (each side's column says what it holds); differing words in bold"
    )


def comparison_markdown(comparison: Comparison) -> str:
    left, right = comparison.left, comparison.right
    lines = [
        f"# {md.escape_heading(left.name)} ⇄ {md.escape_heading(right.name)}",
        "",
        md.escape_line(agreement_line("◀", left)) + "\\",
        md.escape_line(agreement_line("▶", right)),
        "",
        # Our own words (no content): a leading "=" after a blank line starts no heading.
        legend(),
        "",
        md.table_row(["topic", "kind", md.cell(left.name), md.cell(right.name)]),
        md.table_row(["---"] * 4),
    ]
    for row in comparison.rows:
        left_spans = row.diff.left_spans if row.diff and row.kind == "differs" else None
        right_spans = row.diff.right_spans if row.diff and row.kind == "differs" else None
        lines.append(
            md.table_row(
                [
                    md.cell(row.label),
                    md.cell(mark_words(row.kind, left.name, right.name)),
                    _md_cell(left, row.left, left_spans),
                    _md_cell(right, row.right, right_spans),
                ]
            )
        )
    if not comparison.rows:
        lines.append(md.table_row(["", "", md.cell("(no rows)"), ""]))
    return "\n".join(lines) + "\n"


def matrix_markdown(m: Matrix) -> str:
    header = ["topic", *(md.cell(f"{a.short_name} ({a.date})") for a in m.agreements)]
    lines = [
        f"# {md.escape_heading(m.briefing.title)}",
        "",
        MATRIX_LEGEND,  # our own words: nothing in it is Markdown
        "",
        md.table_row(header),
        md.table_row(["---"] * len(header)),
    ]
    for (topic_id, topic), cells in zip(m.topics, m.cells, strict=True):
        label = topic.title if topic else topic_id
        lines.append(md.table_row([md.cell(label), *(md.cell(c.mark) for c in cells)]))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def _side_json(ref: AgreementRef, clause: Clause | None, spans: Sequence[tuple[int, int]] | None) -> Any:
    if clause is None:
        return None
    notes = ref.briefing.notes_on(clause.id)
    gist, source = holds(clause, ref)
    return {
        "id": clause.id,
        "key": make_key(ref.briefing.id, clause.id),
        "agreement": clause.agreement,
        "addressed": clause.addressed,
        "state": clause.state,
        "holds": gist,
        "holds_from": source,
        "text": inert(unit_text(ref.briefing, clause)),
        "wording": inert(clause.wording),
        "wording_provenance": clause.wording_provenance,
        "article_text": inert(clause.article_text),
        "summary": inert(clause.summary),
        "notes": [inert(n.text) for n in notes],
        "diff_spans": [list(s) for s in spans] if spans is not None else [],
    }


def comparison_rows_json(comparison: Comparison) -> list[dict[str, Any]]:
    left, right = comparison.left, comparison.right
    rows = []
    for row in comparison.rows:
        rows.append(
            {
                "topic": row.topic_id,
                "topic_label": inert(row.label),
                "kind": row.kind,
                "mark": mark_words(row.kind, inert(left.name), inert(right.name)),
                "left_agreement": left.key,
                "right_agreement": right.key,
                "left": _side_json(left, row.left, row.diff.left_spans if row.diff else None),
                "right": _side_json(right, row.right, row.diff.right_spans if row.diff else None),
            }
        )
    return rows


def comparison_json(comparison: Comparison) -> str:
    return json.dumps(comparison_rows_json(comparison), ensure_ascii=False, indent=2) + "\n"


def matrix_json(m: Matrix) -> str:
    return json.dumps(matrix_data(m), ensure_ascii=False, indent=2) + "\n"


def matrices_json(matrices: Sequence[Matrix]) -> str:
    """Several matrices as ONE JSON document (a list), so a script can parse it in one go."""
    return json.dumps([matrix_data(m) for m in matrices], ensure_ascii=False, indent=2) + "\n"


def matrix_data(m: Matrix) -> dict[str, Any]:
    return {
        "briefing": m.briefing.id,
        "agreements": [{"id": a.id, "short_name": inert(a.short_name), "date": a.date} for a in m.agreements],
        "rows": [
            {
                "topic": topic_id,
                "topic_label": inert(topic.title if topic else topic_id),
                "cells": {
                    c.agreement.id: {
                        "state": c.state,
                        "mark": c.mark,
                        "clause": c.clause.id if c.clause else None,
                        "notes": len(c.notes),
                    }
                    for c in cells
                },
            }
            for (topic_id, topic), cells in zip(m.topics, m.cells, strict=True)
        ],
    }
