"""The citation snapshot: a bookmark made from a unit, and how it stands against the library now."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from briefing.bookmarks.records import (
    COMPARE_GROUP_ORDER,
    KIND_GROUPS,
    KIND_ORDER,
    Bookmark,
    Citation,
    CompareRow,
    CompareSpec,
    Status,
    compare_id,
    compare_label,
    format_ts,
    legacy_compare_id,
)
from briefing.content.citation import official_url
from briefing.content.model import Agreement, Briefing, Clause, Section, Topic, Unit, make_key, split_key
from briefing.content.render import unit_heading, unit_location, unit_text

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the re-read and merge still protect
    fcntl = None  # type: ignore[assignment]


def _group(briefing: Briefing, unit: Unit) -> tuple[str, str]:
    if isinstance(unit, Section):
        return unit.heading, f"section:{unit.id}"
    if isinstance(unit, Agreement):
        return unit.short_name, f"agreement:{unit.id}"
    if isinstance(unit, Clause):
        agreement = briefing.get(unit.agreement)
        label = agreement.short_name if isinstance(agreement, Agreement) else unit.agreement
        return label, f"agreement:{unit.agreement}"
    return KIND_GROUPS.get(unit.kind, unit.kind), f"kind:{unit.kind}"


def citation_for(briefing: Briefing, unit: Unit) -> Citation:
    group, group_id = _group(briefing, unit)
    return Citation(
        briefing_id=briefing.id,
        briefing_title=briefing.title,
        location=unit_location(briefing, unit),
        unit_id=unit.id,
        group=group,
        group_id=group_id,
        url=official_url(briefing, unit),
    )


def _side(library: Any, key: str | None) -> tuple[str, str, str | None]:
    """(agreement label, clause text, agreement id) for one side of a compare row."""
    if not key:
        return "", "", None
    found = library.get(key)
    if found is None:
        return "", "", None
    briefing, unit = found
    if isinstance(unit, Clause):
        agreement = briefing.get(unit.agreement)
        label = agreement.short_name if isinstance(agreement, Agreement) else unit.agreement
        return label, unit_text(briefing, unit), unit.agreement
    return unit_heading(briefing, unit), unit_text(briefing, unit), None


def _agreement_key(library: Any, clause_key: str | None) -> str:
    """``"<briefing>:<agreement>"`` of a clause, or "" when it is not in the library."""
    found = library.get(clause_key) if clause_key else None
    if found is not None and isinstance(found[1], Clause):
        return make_key(found[0].id, found[1].agreement)
    return ""


def _agreement_name(library: Any, agreement_key: str) -> str:
    found = library.get(agreement_key) if agreement_key else None
    if found is not None and isinstance(found[1], Agreement):
        return found[1].short_name
    return ""


def _compare_row(
    library: Any,
    left: str | None,
    right: str | None,
    topic: str,
    left_agreement: str = "",
    right_agreement: str = "",
) -> CompareRow:
    left_label, left_text, _ = _side(library, left)
    right_label, right_text, _ = _side(library, right)
    # The agreements are named even where a side has no clause: they are the pair compared.
    left_agreement = left_agreement or _agreement_key(library, left)
    right_agreement = right_agreement or _agreement_key(library, right)
    left_label = _agreement_name(library, left_agreement) or left_label
    right_label = _agreement_name(library, right_agreement) or right_label
    topic_label = topic
    briefing_id = CompareRow(left, right, topic, left_agreement=left_agreement).briefing_id
    briefing = library.briefing(briefing_id) if briefing_id else None
    if briefing is not None:
        unit = briefing.get(topic)
        if isinstance(unit, Topic):
            topic_label = unit.title
    return CompareRow(
        left,
        right,
        topic,
        topic_label,
        left_label,
        right_label,
        left_text,
        right_text,
        left_agreement,
        right_agreement,
    )


def make_bookmark(
    library: Any,
    key: str,
    *,
    note: str = "",
    compare: CompareSpec | None = None,
    now: str | None = None,
) -> Bookmark:
    """A new bookmark of ``key`` (or of a compare row) with a copy of its text and citation.

    ``library`` is a ``content.Library`` (anything with ``get(key)`` and ``briefing(id)``).
    Raises KeyError when the unit is not in the library.
    """
    stamp = now or format_ts(datetime.now(timezone.utc))
    if compare is not None:
        left, right, topic = compare[0], compare[1], compare[2]
        named = compare[3:5] if len(compare) == 5 else ("", "")
        row = _compare_row(library, left, right, topic, *named)
        briefing_id = row.briefing_id or split_key(key)[0]
        briefing = library.briefing(briefing_id)
        if briefing is None:
            raise KeyError(key)
        left_id = split_key(row.left_agreement)[1] if row.left_agreement else "-"
        right_id = split_key(row.right_agreement)[1] if row.right_agreement else "-"
        citation = Citation(
            briefing_id=briefing.id,
            briefing_title=briefing.title,
            location=f"{briefing.title} > 비교 · compare > {row.topic_label}",
            unit_id=topic,
            group=compare_label(row.left_label, row.right_label),
            group_id=f"compare:{left_id}|{right_id}",
        )
        # Named with its agreements (the compare screen does), a row is keyed by them; the
        # old three-item form keeps its old id so finding it again still works.
        ident = compare_id(*compare) if len(compare) == 5 else legacy_compare_id(left, right, topic)
        return Bookmark(
            id=ident,
            key=key,
            created=stamp,
            updated=stamp,
            note=note,
            kind="compare",
            heading=compare_label(row.left_label, row.right_label, row.topic_label),
            text=_compare_text(row),
            citation=citation,
            compare=row,
        )
    found = library.get(key)
    if found is None:
        raise KeyError(key)
    briefing, unit = found
    return Bookmark(
        id=key,
        key=key,
        created=stamp,
        updated=stamp,
        note=note,
        kind=unit.kind,
        heading=unit_heading(briefing, unit),
        text=unit_text(briefing, unit),
        citation=citation_for(briefing, unit),
    )


def _compare_text(row: CompareRow) -> str:
    return f"{row.left_label or '—'}:\n{row.left_text}\n\n{row.right_label or '—'}:\n{row.right_text}"


def status_of(bookmark: Bookmark, library: Any) -> Status:
    """ok, changed (its text differs from the stored copy) or orphaned (its unit is gone)."""
    if bookmark.compare is not None:
        row = bookmark.compare
        sides = [k for k in (row.left, row.right) if k]
        if not sides or any(library.get(k) is None for k in sides):
            return "orphaned"
        briefing = library.briefing(row.briefing_id)
        if briefing is None or not isinstance(briefing.get(row.topic), Topic):
            return "orphaned"
        if any(k and library.get(k) is None for k in (row.left_agreement, row.right_agreement)):
            return "orphaned"
        current = _compare_row(
            library, row.left, row.right, row.topic, row.left_agreement, row.right_agreement
        )
        if (current.left_text, current.right_text) != (row.left_text, row.right_text):
            return "changed"
        return "ok"
    found = library.get(bookmark.key)
    if found is None:
        return "orphaned"
    briefing, unit = found
    return "ok" if unit_text(briefing, unit) == bookmark.text else "changed"


def order_key(bookmark: Bookmark, library: Any) -> tuple:
    """Where the bookmark sits in reading order: briefing, group, then unit."""
    briefing_ids = [b.id for b in library]
    bid = bookmark.briefing_id
    b_pos = briefing_ids.index(bid) if bid in briefing_ids else len(briefing_ids)
    briefing = library.briefing(bid)
    group_pos, unit_pos = _positions(bookmark, briefing)
    return (b_pos, bid, group_pos, unit_pos, bookmark.created, bookmark.id)


def _positions(bookmark: Bookmark, briefing: Briefing | None) -> tuple[tuple, tuple]:
    """(group position, position within the group), falling back to the end for lost units."""
    end = (99, 0)
    if briefing is None:
        return (end, (0,))
    kind_of, _, gid = bookmark.citation.group_id.partition(":")
    if bookmark.compare is not None:
        topics = [t.id for t in briefing.topics]
        pos = topics.index(bookmark.compare.topic) if bookmark.compare.topic in topics else len(topics)
        return ((COMPARE_GROUP_ORDER, bookmark.citation.group_id), (pos,))
    unit_id = split_key(bookmark.key)[1]
    if kind_of == "section":
        ids = [s.id for s in briefing.sections]
        return ((0, ids.index(gid) if gid in ids else len(ids)), (0,))
    if kind_of == "agreement":
        ids = [a.id for a in briefing.agreements_by_date()]
        group = (1, ids.index(gid) if gid in ids else len(ids))
        if unit_id == gid:
            return (group, (0,))
        topic_ids = [t.id for t in briefing.topics]
        unit = briefing.get(unit_id)
        topic = unit.topic if isinstance(unit, Clause) else ""
        return (group, (1, topic_ids.index(topic) if topic in topic_ids else len(topic_ids)))
    units = list(briefing.units)
    order = KIND_ORDER.get(bookmark.kind, 98)
    return ((order, 0), (units.index(unit_id) if unit_id in units else len(units),))


# --------------------------------------------------------------------------- (de)serialising
