"""Bookmarks with notes, kept in one human-readable JSON file that loses nothing.

Headless: nothing here imports textual, rich or whoosh.

A bookmark names a unit by its key and keeps a copy of the unit's heading, text and
citation as they were when it was made, so a bookmark whose unit later changed or vanished
is shown as *changed* or *orphaned*, never dropped. A bookmarked compare row carries the
two clause keys and the topic, with a copy of both sides.

The file (``content.paths.bookmarks_file()``)::

    {
      "format": "briefing-bookmarks",
      "version": 1,
      "saved": "2025-11-02T09:30:00.000000Z",
      "bookmarks": [ {"id": ..., "key": ..., "created": ..., "updated": ..., "note": ...,
                      "kind": ..., "heading": ..., "text": ..., "citation": {...},
                      "compare": {...}            # compare rows only
                     }, ... ],
      "deleted": [ {"id": ..., "deleted": "<timestamp>"}, ... ]
    }

Saving (``BookmarkStore.save``) takes an advisory lock (``bookmarks.json.lock``, fcntl.flock),
re-reads the file, merges it with what this process holds (per bookmark, the newest of the
live record's ``updated`` and the tombstone's ``deleted`` wins, so two instances never lose
each other's bookmarks and a deletion is not undone by an instance that still holds the
bookmark), and writes atomically: a temp file in the same folder, flush and fsync,
``os.replace``, fsync of the folder. The previous version is kept as ``bookmarks.json.bak``.

A corrupt or unreadable file is set aside as ``bookmarks.json.corrupt-<timestamp>`` and
reported in one line (``store.take_messages()``); it is never overwritten. A read-only folder
or a full disk raises :class:`StoreError` with a one-line message; the bookmarks stay in
memory and the next save tries again.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from content import paths
from content.atomic import fsync_dir as _fsync_dir
from content.atomic import write_atomically
from content.model import Agreement, Briefing, Clause, Section, Topic, Unit, split_key
from content.render import unit_heading, unit_location, unit_text

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the re-read and merge still protect
    fcntl = None  # type: ignore[assignment]

FORMAT = "briefing-bookmarks"
VERSION = 1

Status = Literal["ok", "changed", "orphaned"]

#: Tombstones older than this are forgotten when saving.
TOMBSTONE_DAYS = 90
#: How long a save waits for another process holding the lock.
LOCK_TIMEOUT = 10.0

_KIND_GROUPS = {
    "topic": "주제 · Topics",
    "implication": "시사점 · Implications",
    "note": "주석 · Notes",
    "term": "용어 · Glossary",
}
_KIND_ORDER = {"section": 0, "agreement": 1, "clause": 1, "topic": 2, "implication": 3, "note": 4, "term": 5}
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

    @property
    def briefing_id(self) -> str:
        for key in (self.left, self.right):
            if key:
                return split_key(key)[0]
        return ""


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


def compare_id(left: str | None, right: str | None, topic: str) -> str:
    return f"compare:{left or '-'}|{right or '-'}|{topic}"


def bookmark_id(key: str, compare: tuple[str | None, str | None, str] | None = None) -> str:
    return compare_id(*compare) if compare is not None else key


# --------------------------------------------------------------------------- time


def _format_ts(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_ts(text: str) -> datetime:
    """A stored timestamp as an aware datetime; unreadable ones sort as the epoch."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError, AttributeError):
        return datetime.fromtimestamp(0, timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --------------------------------------------------------------------------- making records


def _official_url(briefing: Briefing, unit: Unit) -> str:
    if isinstance(unit, Clause):
        if unit.wording_url and unit.wording_provenance == "official":
            return unit.wording_url
        agreement = briefing.get(unit.agreement)
        return agreement.url if isinstance(agreement, Agreement) else ""
    if isinstance(unit, Agreement):
        return unit.url
    source_url = getattr(unit, "source_url", "")
    return source_url if isinstance(source_url, str) else ""


def _group(briefing: Briefing, unit: Unit) -> tuple[str, str]:
    if isinstance(unit, Section):
        return unit.heading, f"section:{unit.id}"
    if isinstance(unit, Agreement):
        return unit.short_name, f"agreement:{unit.id}"
    if isinstance(unit, Clause):
        agreement = briefing.get(unit.agreement)
        label = agreement.short_name if isinstance(agreement, Agreement) else unit.agreement
        return label, f"agreement:{unit.agreement}"
    return _KIND_GROUPS.get(unit.kind, unit.kind), f"kind:{unit.kind}"


def citation_for(briefing: Briefing, unit: Unit) -> Citation:
    group, group_id = _group(briefing, unit)
    return Citation(
        briefing_id=briefing.id,
        briefing_title=briefing.title,
        location=unit_location(briefing, unit),
        unit_id=unit.id,
        group=group,
        group_id=group_id,
        url=_official_url(briefing, unit),
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


def _compare_row(library: Any, left: str | None, right: str | None, topic: str) -> CompareRow:
    left_label, left_text, _ = _side(library, left)
    right_label, right_text, _ = _side(library, right)
    topic_label = topic
    briefing_id = CompareRow(left, right, topic).briefing_id
    briefing = library.briefing(briefing_id) if briefing_id else None
    if briefing is not None:
        unit = briefing.get(topic)
        if isinstance(unit, Topic):
            topic_label = unit.title
    return CompareRow(left, right, topic, topic_label, left_label, right_label, left_text, right_text)


def make_bookmark(
    library: Any,
    key: str,
    *,
    note: str = "",
    compare: tuple[str | None, str | None, str] | None = None,
    now: str | None = None,
) -> Bookmark:
    """A new bookmark of ``key`` (or of a compare row) with a copy of its text and citation.

    ``library`` is a ``content.Library`` (anything with ``get(key)`` and ``briefing(id)``).
    Raises KeyError when the unit is not in the library.
    """
    stamp = now or _format_ts(datetime.now(timezone.utc))
    if compare is not None:
        left, right, topic = compare
        row = _compare_row(library, left, right, topic)
        briefing_id = row.briefing_id or split_key(key)[0]
        briefing = library.briefing(briefing_id)
        if briefing is None:
            raise KeyError(key)
        left_name = row.left_label or "—"
        right_name = row.right_label or "—"
        group_id = f"compare:{_agreement_of(library, left) or '-'}|{_agreement_of(library, right) or '-'}"
        citation = Citation(
            briefing_id=briefing.id,
            briefing_title=briefing.title,
            location=f"{briefing.title} > 비교 · compare > {row.topic_label}",
            unit_id=topic,
            group=f"{left_name} ⇄ {right_name}",
            group_id=group_id,
        )
        return Bookmark(
            id=compare_id(left, right, topic),
            key=key,
            created=stamp,
            updated=stamp,
            note=note,
            kind="compare",
            heading=f"{left_name} ⇄ {right_name} · {row.topic_label}",
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


def _agreement_of(library: Any, key: str | None) -> str | None:
    return _side(library, key)[2]


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
        current = _compare_row(library, row.left, row.right, row.topic)
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
    order = _KIND_ORDER.get(bookmark.kind, 98)
    return ((order, 0), (units.index(unit_id) if unit_id in units else len(units),))


# --------------------------------------------------------------------------- (de)serialising


def _record(bookmark: Bookmark) -> dict[str, Any]:
    c = bookmark.citation
    data: dict[str, Any] = {
        "id": bookmark.id,
        "key": bookmark.key,
        "created": bookmark.created,
        "updated": bookmark.updated,
        "kind": bookmark.kind,
        "heading": bookmark.heading,
        "note": bookmark.note,
        "text": bookmark.text,
        "citation": {
            "briefing": c.briefing_id,
            "briefing_title": c.briefing_title,
            "location": c.location,
            "unit_id": c.unit_id,
            "group": c.group,
            "group_id": c.group_id,
            "url": c.url,
        },
    }
    if bookmark.compare is not None:
        r = bookmark.compare
        data["compare"] = {
            "left": r.left,
            "right": r.right,
            "topic": r.topic,
            "topic_label": r.topic_label,
            "left_label": r.left_label,
            "right_label": r.right_label,
            "left_text": r.left_text,
            "right_text": r.right_text,
        }
    return data


def _str(data: dict, name: str, default: str = "") -> str:
    value = data.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a string")
    return value


def _opt_str(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a string")
    return value


def _from_record(data: Any) -> Bookmark:
    """A bookmark from its JSON record; ValueError when the record is unusable."""
    if not isinstance(data, dict):
        raise ValueError("record is not an object")
    ident = _str(data, "id")
    key = _str(data, "key") or ident
    if not ident or not key:
        raise ValueError("record has no id")
    cite = data.get("citation") or {}
    if not isinstance(cite, dict):
        raise ValueError("citation is not an object")
    briefing_id, unit_id = split_key(key)
    citation = Citation(
        briefing_id=_str(cite, "briefing", briefing_id),
        briefing_title=_str(cite, "briefing_title", briefing_id),
        location=_str(cite, "location"),
        unit_id=_str(cite, "unit_id", unit_id),
        group=_str(cite, "group"),
        group_id=_str(cite, "group_id"),
        url=_str(cite, "url"),
    )
    compare = None
    raw = data.get("compare")
    if raw is not None:
        if not isinstance(raw, dict):
            raise ValueError("compare is not an object")
        compare = CompareRow(
            left=_opt_str(raw, "left"),
            right=_opt_str(raw, "right"),
            topic=_str(raw, "topic"),
            topic_label=_str(raw, "topic_label"),
            left_label=_str(raw, "left_label"),
            right_label=_str(raw, "right_label"),
            left_text=_str(raw, "left_text"),
            right_text=_str(raw, "right_text"),
        )
    created = _str(data, "created")
    return Bookmark(
        id=ident,
        key=key,
        created=created,
        updated=_str(data, "updated", created),
        note=_str(data, "note"),
        kind=_str(data, "kind", "compare" if compare else ""),
        heading=_str(data, "heading", unit_id),
        text=_str(data, "text"),
        citation=citation,
        compare=compare,
    )


@dataclass(slots=True)
class _Parsed:
    items: dict[str, Bookmark] = field(default_factory=dict)
    tombstones: dict[str, str] = field(default_factory=dict)
    #: Records that could not be read (the file is copied aside when there are any).
    bad: int = 0
    newer: bool = False


class _Corrupt(Exception):
    pass


def _parse(raw: bytes) -> _Parsed:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Corrupt("not valid UTF-8 JSON") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Corrupt("not a bookmarks file")
    records = data.get("bookmarks", [])
    deleted = data.get("deleted", [])
    if not isinstance(records, list) or not isinstance(deleted, list):
        raise _Corrupt("bookmarks or deleted is not a list")
    parsed = _Parsed()
    version = data.get("version", VERSION)
    parsed.newer = isinstance(version, int) and version > VERSION
    for record in records:
        try:
            bookmark = _from_record(record)
        except ValueError:
            parsed.bad += 1
            continue
        previous = parsed.items.get(bookmark.id)
        if previous is None or parse_ts(bookmark.updated) > parse_ts(previous.updated):
            parsed.items[bookmark.id] = bookmark
    for tomb in deleted:
        if (
            isinstance(tomb, dict)
            and isinstance(tomb.get("id"), str)
            and isinstance(tomb.get("deleted"), str)
        ):
            parsed.tombstones[tomb["id"]] = tomb["deleted"]
        else:
            parsed.bad += 1
    return parsed


def _serialise(items: dict[str, Bookmark], tombstones: dict[str, str]) -> bytes:
    bookmarks = sorted(items.values(), key=lambda b: (b.created, b.id))
    data = {
        "format": FORMAT,
        "version": VERSION,
        "saved": _format_ts(datetime.now(timezone.utc)),
        "bookmarks": [_record(b) for b in bookmarks],
        "deleted": [{"id": i, "deleted": ts} for i, ts in sorted(tombstones.items())],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def merge(
    local: dict[str, Bookmark],
    local_deleted: dict[str, str],
    disk: dict[str, Bookmark],
    disk_deleted: dict[str, str],
) -> tuple[dict[str, Bookmark], dict[str, str]]:
    """Per bookmark id, the newest state wins (a record's ``updated`` against a tombstone's
    ``deleted``); on a tie this process's state wins."""
    items: dict[str, Bookmark] = {}
    tombs: dict[str, str] = {}
    for ident in {*local, *local_deleted, *disk, *disk_deleted}:
        # (timestamp, local?, is live, value); max() picks the newest, then the local one.
        candidates: list[tuple[datetime, int, bool, Any]] = []
        if ident in local:
            candidates.append((parse_ts(local[ident].updated), 1, True, local[ident]))
        if ident in local_deleted:
            candidates.append((parse_ts(local_deleted[ident]), 1, False, local_deleted[ident]))
        if ident in disk:
            candidates.append((parse_ts(disk[ident].updated), 0, True, disk[ident]))
        if ident in disk_deleted:
            candidates.append((parse_ts(disk_deleted[ident]), 0, False, disk_deleted[ident]))
        _, _, live, value = max(candidates, key=lambda c: (c[0], c[1], not c[2]))
        if live:
            items[ident] = value
        else:
            tombs[ident] = value
    return items, tombs


# --------------------------------------------------------------------------- writing files

_ERRNO_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a parent of it is not a folder",
    errno.ENOENT: "its folder does not exist",
    errno.EISDIR: "it is a folder",
    errno.EIO: "an input/output error",
    errno.ENAMETOOLONG: "the name is too long",
}


def describe_oserror(exc: OSError) -> str:
    """A few words for an OSError, without a traceback."""
    words = _ERRNO_WORDS.get(exc.errno or 0)
    if words:
        return words
    return (exc.strerror or str(exc) or type(exc).__name__).strip().lower()


# --------------------------------------------------------------------------- the store


@dataclass(slots=True)
class _Removed:
    bookmark: Bookmark


class BookmarkStore:
    """The analyst's bookmarks: in memory, saved to one JSON file on ``save()``.

    Mutations (``add``, ``set_note``, ``remove``, ``undo_remove``) change memory only; ``save()``
    merges with the file and writes it. Messages about files set aside are collected in
    ``messages`` (``take_messages()`` hands them over once).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.bookmarks_file()
        self._items: dict[str, Bookmark] = {}
        self._tombstones: dict[str, str] = {}
        self._undo: list[_Removed] = []
        self._last_stamp = ""
        self.messages: list[str] = []
        self.dirty = False
        #: Set when the file must not be written (e.g. from a newer version of the app).
        self.read_only_reason = ""

    # -- paths
    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @classmethod
    def open(cls, path: Path | None = None) -> BookmarkStore:
        """A store loaded from ``path`` (default: the user's bookmarks file). Never raises for
        a missing, corrupt or unreadable file: see ``messages``."""
        store = cls(path)
        store.load()
        return store

    # -- reading
    def load(self) -> None:
        """Read the file into memory (merging with anything already held)."""
        parsed, _ = self._read_disk()
        if parsed is None:
            return
        self._items, self._tombstones = merge(self._items, self._tombstones, parsed.items, parsed.tombstones)

    refresh = load

    def _read_disk(self) -> tuple[_Parsed | None, bytes | None]:
        """The file's contents and its bytes when they are a clean file worth backing up.

        None when there is no file. A corrupt or unreadable file is set aside (and the backup
        read instead); one that cannot be set aside makes the store refuse to write.
        """
        self.read_only_reason = ""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            if self._set_aside(f"could not be read ({describe_oserror(exc)})"):
                return self._read_backup(), None
            return None, None
        try:
            parsed = _parse(raw)
        except _Corrupt as exc:
            if self._set_aside(f"was corrupt ({exc})"):
                return self._read_backup(), None
            return None, None
        if parsed.bad:
            aside = self._copy_aside(raw)
            where = f"; the original is kept as {aside}" if aside else ""
            self._note(f"bookmarks file {self.path}: {parsed.bad} unreadable record(s) skipped{where}")
            self.dirty = True
            if aside is None:
                self.read_only_reason = (
                    f"bookmarks file {self.path} has unreadable records and could not be copied aside; "
                    "not writing it"
                )
            return parsed, None
        if parsed.newer:
            self.read_only_reason = (
                f"bookmarks file {self.path} was written by a newer version of briefing; not writing it"
            )
            self._note(self.read_only_reason)
        return parsed, raw

    def _read_backup(self) -> _Parsed | None:
        try:
            parsed = _parse(self.backup_path.read_bytes())
        except (OSError, _Corrupt):
            return None
        count = len(parsed.items)
        self._note(f"recovered {count} bookmark(s) from the backup {self.backup_path}")
        self.dirty = True
        return parsed

    def _aside_name(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        candidate = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        return candidate

    def _set_aside(self, why: str) -> bool:
        aside = self._aside_name()
        try:
            os.rename(self.path, aside)
        except OSError as exc:
            self.read_only_reason = (
                f"bookmarks file {self.path} {why} and could not be set aside ({describe_oserror(exc)}); "
                "not writing it"
            )
            self._note(self.read_only_reason)
            return False
        _fsync_dir(self.path.parent)
        self._note(f"bookmarks file {self.path} {why}; set aside as {aside}")
        return True

    def _copy_aside(self, raw: bytes) -> Path | None:
        aside = self._aside_name()
        try:
            write_atomically(aside, raw, overwrite=False)
        except OSError:
            return None
        return aside

    def _note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def take_messages(self) -> list[str]:
        messages, self.messages = self.messages, []
        return messages

    # -- queries
    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, ident: object) -> bool:
        return ident in self._items

    def all(self) -> list[Bookmark]:
        """Live bookmarks, newest first."""
        return sorted(self._items.values(), key=lambda b: (b.created, b.id), reverse=True)

    def get(self, ident: str) -> Bookmark | None:
        return self._items.get(ident)

    def find(self, key: str, compare: tuple[str | None, str | None, str] | None = None) -> Bookmark | None:
        return self._items.get(bookmark_id(key, compare))

    def keys(self) -> set[str]:
        """Unit keys with a (unit, not compare-row) bookmark: for markers in the tree and reader."""
        return {b.key for b in self._items.values() if b.compare is None}

    def tombstones(self) -> dict[str, str]:
        return dict(self._tombstones)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    # -- changes (memory only; save() writes)
    def _stamp(self) -> str:
        stamp = _format_ts(datetime.now(timezone.utc))
        if stamp <= self._last_stamp:
            bumped = parse_ts(self._last_stamp) + timedelta(microseconds=1)
            stamp = _format_ts(bumped)
        self._last_stamp = stamp
        return stamp

    def _after(self, stamp: str, *others: str) -> str:
        """``stamp``, moved later than every one of ``others`` if need be."""
        latest = max([parse_ts(stamp), *(parse_ts(o) + timedelta(microseconds=1) for o in others if o)])
        result = _format_ts(latest)
        self._last_stamp = max(self._last_stamp, result)
        return result

    def add(
        self,
        library: Any,
        key: str,
        note: str = "",
        compare: tuple[str | None, str | None, str] | None = None,
    ) -> Bookmark:
        """Bookmark ``key`` (or a compare row); an existing bookmark only gets the new note.
        Raises KeyError when the unit is not in ``library``."""
        existing = self.find(key, compare)
        if existing is not None:
            return self.set_note(existing.id, note)
        stamp = self._stamp()
        bookmark = make_bookmark(library, key, note=note, compare=compare, now=stamp)
        stamp = self._after(stamp, self._tombstones.get(bookmark.id, ""))
        bookmark = replace(bookmark, created=stamp, updated=stamp)
        self._tombstones.pop(bookmark.id, None)
        self._items[bookmark.id] = bookmark
        self.dirty = True
        return bookmark

    def set_note(self, ident: str, note: str) -> Bookmark:
        bookmark = self._items[ident]
        updated = replace(bookmark, note=note, updated=self._after(self._stamp(), bookmark.updated))
        self._items[ident] = updated
        self.dirty = True
        return updated

    def refresh_copy(self, ident: str, library: Any) -> Bookmark:
        """Replace a changed bookmark's stored copy with the unit's current text."""
        bookmark = self._items[ident]
        compare = (
            (bookmark.compare.left, bookmark.compare.right, bookmark.compare.topic)
            if bookmark.compare
            else None
        )
        fresh = make_bookmark(library, bookmark.key, note=bookmark.note, compare=compare)
        updated = replace(
            fresh, id=ident, created=bookmark.created, updated=self._after(self._stamp(), bookmark.updated)
        )
        self._items[ident] = updated
        self.dirty = True
        return updated

    def remove(self, ident: str) -> Bookmark:
        """Delete a bookmark (a tombstone remembers it for other instances); undoable."""
        bookmark = self._items.pop(ident)
        self._tombstones[ident] = self._after(self._stamp(), bookmark.updated)
        self._undo.append(_Removed(bookmark))
        self.dirty = True
        return bookmark

    def undo_remove(self) -> Bookmark | None:
        """Bring back the most recently removed bookmark (this session), or None."""
        while self._undo:
            removed = self._undo.pop().bookmark
            if removed.id in self._items:
                continue
            stamp = self._after(self._stamp(), self._tombstones.get(removed.id, ""), removed.updated)
            restored = replace(removed, updated=stamp)
            self._tombstones.pop(removed.id, None)
            self._items[removed.id] = restored
            self.dirty = True
            return restored
        return None

    # -- saving
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold ``bookmarks.json.lock`` (fcntl.flock) for one read-merge-write."""
        if fcntl is None:
            yield
            return
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"cannot save bookmarks to {self.path}: another briefing process holds "
                            f"{self.lock_path}; kept in memory, will retry on the next save"
                        ) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _clean_temps(self) -> None:
        """Remove temp files left by a process killed mid-write (we hold the lock)."""
        try:
            for entry in self.path.parent.glob(f".{self.path.name}.*.tmp"):
                with contextlib.suppress(OSError):
                    entry.unlink()
        except OSError:
            pass

    def save(self) -> None:
        """Merge with the file and write it atomically, keeping the previous version as a backup.

        Raises StoreError (one line) when it cannot; the bookmarks stay in memory and
        ``dirty`` stays set, so the next save tries again.
        """
        try:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except FileExistsError:
                raise StoreError(
                    f"cannot save bookmarks to {self.path}: {self.path.parent} is not a folder; "
                    "kept in memory, will retry on the next save"
                ) from None
            with self._locked():
                self._clean_temps()
                parsed, previous = self._read_disk()
                if self.read_only_reason:
                    raise StoreError(self.read_only_reason + "; bookmarks kept in memory")
                disk = parsed or _Parsed()
                items, tombs = merge(self._items, self._tombstones, disk.items, disk.tombstones)
                tombs = self._prune(tombs)
                unchanged = previous is not None and items == disk.items and tombs == disk.tombstones
                if not unchanged:
                    if previous is not None:
                        write_atomically(self.backup_path, previous)
                    write_atomically(self.path, _serialise(items, tombs))
                self._items, self._tombstones = items, tombs
                self.dirty = False
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(self.path) else ""
            raise StoreError(
                f"cannot save bookmarks to {self.path}: {describe_oserror(exc)}{where}; "
                "kept in memory, will retry on the next save"
            ) from None

    def _prune(self, tombs: dict[str, str]) -> dict[str, str]:
        cutoff = datetime.now(timezone.utc) - timedelta(days=TOMBSTONE_DAYS)
        return {i: ts for i, ts in tombs.items() if parse_ts(ts) >= cutoff}


def load_store(path: Path | None = None) -> BookmarkStore:
    return BookmarkStore.open(path)


__all__ = [
    "Bookmark",
    "BookmarkStore",
    "Citation",
    "CompareRow",
    "Status",
    "StoreError",
    "bookmark_id",
    "citation_for",
    "compare_id",
    "describe_oserror",
    "load_store",
    "make_bookmark",
    "merge",
    "order_key",
    "status_of",
    "write_atomically",
]
