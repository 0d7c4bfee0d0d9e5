"""Bookmark records: what a bookmark holds, its identity and its timestamps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from briefing.content.model import split_key

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the re-read and merge still protect
    fcntl = None  # type: ignore[assignment]

FORMAT = "briefing-bookmarks"
VERSION = 1

Status = Literal["ok", "changed", "orphaned"]


KIND_GROUPS = {
    "topic": "주제 · Topics",
    "implication": "시사점 · Implications",
    "note": "주석 · Notes",
    "term": "용어 · Glossary",
}
KIND_ORDER = {"section": 0, "agreement": 1, "clause": 1, "topic": 2, "implication": 3, "note": 4, "term": 5}
COMPARE_GROUP_ORDER = 6


class StoreError(Exception):
    """A one-line, user-facing reason the bookmarks could not be saved or read."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Citation:
    briefing_id: str
    briefing_title: str
    #: ``briefing > section`` or ``briefing > agreement > topic`` (content.render.unit_location).
    location: str
    unit_id: str
    #: The section or agreement the unit belongs to (or its kind's group), for export grouping.
    group: str
    group_id: str
    url: str = ""


#: What identifies a compare row to bookmark: the two clause keys (None for a side with no
#: clause on the topic), the topic id and, from the compare screen, the two agreement keys
#: (``"<briefing>:<agreement>"``). The three-item form is the old one, still accepted.
CompareSpec = tuple[str | None, str | None, str] | tuple[str | None, str | None, str, str, str]


@dataclass(frozen=True, slots=True)
class CompareRow:
    """A bookmarked row of the compare screen: two clauses (either may be absent) on a topic."""

    left: str | None
    right: str | None
    topic: str
    topic_label: str = ""
    left_label: str = ""
    right_label: str = ""
    left_text: str = ""
    right_text: str = ""
    #: The agreements compared (``"<briefing>:<agreement>"``), known even where a side has no
    #: clause; empty in records made before they were stored.
    left_agreement: str = ""
    right_agreement: str = ""

    @property
    def briefing_id(self) -> str:
        for key in (self.left, self.right, self.left_agreement, self.right_agreement):
            if key:
                return split_key(key)[0]
        return ""

    @property
    def spec(self) -> CompareSpec:
        """The row as :func:`bookmark_id` and ``make_bookmark`` take it."""
        if self.left_agreement and self.right_agreement:
            return (self.left, self.right, self.topic, self.left_agreement, self.right_agreement)
        return (self.left, self.right, self.topic)


@dataclass(frozen=True, slots=True)
class Bookmark:
    #: Identity in the store: the unit key, or ``compare_id(...)`` for a compare row.
    id: str
    #: The unit to open (``"<briefing>:<unit>"``).
    key: str
    created: str
    updated: str
    note: str
    kind: str
    heading: str
    #: ``content.render.unit_text`` of the unit when bookmarked (or last refreshed).
    text: str
    citation: Citation
    compare: CompareRow | None = None

    @property
    def briefing_id(self) -> str:
        return self.citation.briefing_id or split_key(self.key)[0]


def compare_id(
    left: str | None, right: str | None, topic: str, left_agreement: str = "", right_agreement: str = ""
) -> str:
    """A compare row's identity: both agreements and the topic.

    Without the agreements (records made before they were stored) the clause keys stand in,
    which is the old id: two pairs sharing one side and lacking the other collide there.
    """
    if left_agreement and right_agreement:
        return f"compare:{left_agreement}|{right_agreement}|{topic}"
    return legacy_compare_id(left, right, topic)


def legacy_compare_id(left: str | None, right: str | None, topic: str) -> str:
    """The id compare rows had before agreements were part of it (clause keys and topic)."""
    return f"compare:{left or '-'}|{right or '-'}|{topic}"


def bookmark_id(key: str, compare: CompareSpec | None = None) -> str:
    return compare_id(*compare) if compare is not None else key


def bookmark_ids(key: str, compare: CompareSpec | None = None) -> list[str]:
    """Ids a bookmark of ``key`` (or of a compare row) may be stored under, newest form first.

    A row named with its agreements may have been bookmarked before they were part of the
    id; its old id is unambiguous only where both sides have a clause.
    """
    ids = [bookmark_id(key, compare)]
    if compare is not None and len(compare) == 5 and compare[0] and compare[1]:
        ids.append(legacy_compare_id(compare[0], compare[1], compare[2]))
    return ids


def compare_label(left_name: str, right_name: str, topic_label: str = "") -> str:
    """``A ⇄ B · topic``, naming only the sides known: never a stray ``— ⇄``."""
    names = " ⇄ ".join(n for n in (left_name.strip(), right_name.strip()) if n and n != "—")
    return " · ".join(p for p in (names, topic_label) if p)


# --------------------------------------------------------------------------- time


def format_ts(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_ts(text: str) -> datetime:
    """A stored timestamp as an aware UTC datetime; unreadable ones sort as the epoch.

    One at the edge of the calendar (``0001-01-01T00:00:00+14:00``, ``9999-12-31T23:59-12:00``)
    has no UTC form inside datetime's range: it is clamped to the first or last moment.
    """
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError, AttributeError):
        return datetime.fromtimestamp(0, timezone.utc)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:
        edge = datetime.min if moment.year < 5000 else datetime.max
        return edge.replace(tzinfo=timezone.utc)


def later(moment: datetime) -> datetime:
    """One microsecond after ``moment``, or ``moment`` itself at the end of the calendar."""
    try:
        return moment + timedelta(microseconds=1)
    except OverflowError:
        return moment


# --------------------------------------------------------------------------- making records
