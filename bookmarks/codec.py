"""The bookmarks file's JSON form: records to and from JSON, and merging two versions."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from briefing.bookmarks.records import (
    FORMAT,
    VERSION,
    Bookmark,
    Citation,
    CompareRow,
    compare_label,
    format_ts,
    parse_ts,
)
from briefing.content.model import split_key

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the re-read and merge still protect
    fcntl = None  # type: ignore[assignment]


#: A side that was not known, as older versions wrote it: "— ⇄ B" or "A ⇄ —".
_STRAY = re.compile(r"(^|\s)—\s*⇄|⇄\s*—(\s|$)")


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
            "left_agreement": r.left_agreement,
            "right_agreement": r.right_agreement,
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
            left_agreement=_str(raw, "left_agreement"),
            right_agreement=_str(raw, "right_agreement"),
        )
    created = _str(data, "created")
    heading = _str(data, "heading", unit_id)
    if compare is not None:
        compare, heading, citation = _older_compare(compare, heading, citation)
    return Bookmark(
        id=ident,
        key=key,
        created=created,
        updated=_str(data, "updated", created),
        note=_str(data, "note"),
        kind=_str(data, "kind", "compare" if compare else ""),
        heading=heading,
        text=_str(data, "text"),
        citation=citation,
        compare=compare,
    )


def _older_compare(row: CompareRow, heading: str, citation: Citation) -> tuple[CompareRow, str, Citation]:
    """A compare record made before the agreements were stored, read as well as it can be.

    The agreements come back from the citation's group (``compare:<left id>|<right id>``)
    where it named them; a label of a side that was not known (``— ⇄ B``) names only the
    known side. The record's id is left as it is, so merging with older files still works.
    """
    if not (row.left_agreement and row.right_agreement):
        kind, _, ids = citation.group_id.partition(":")
        left_id, _, right_id = ids.partition("|")
        briefing_id = row.briefing_id or citation.briefing_id
        if kind == "compare" and briefing_id:
            row = replace(
                row,
                left_agreement=row.left_agreement
                or (f"{briefing_id}:{left_id}" if left_id not in ("", "-") else ""),
                right_agreement=row.right_agreement
                or (f"{briefing_id}:{right_id}" if right_id not in ("", "-") else ""),
            )
    if _STRAY.search(heading) or _STRAY.search(citation.group):
        heading = compare_label(row.left_label, row.right_label, row.topic_label)
        citation = replace(citation, group=compare_label(row.left_label, row.right_label))
    return row, heading, citation


@dataclass(slots=True)
class Parsed:
    items: dict[str, Bookmark] = field(default_factory=dict)
    tombstones: dict[str, str] = field(default_factory=dict)
    #: Records that could not be read (the file is copied aside when there are any).
    bad: int = 0
    newer: bool = False


class CorruptFile(Exception):
    pass


def parse_file(raw: bytes) -> Parsed:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CorruptFile("not valid UTF-8 JSON") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CorruptFile("not a bookmarks file")
    records = data.get("bookmarks", [])
    deleted = data.get("deleted", [])
    if not isinstance(records, list) or not isinstance(deleted, list):
        raise CorruptFile("bookmarks or deleted is not a list")
    parsed = Parsed()
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


def serialise(items: dict[str, Bookmark], tombstones: dict[str, str]) -> bytes:
    bookmarks = sorted(items.values(), key=lambda b: (b.created, b.id))
    data = {
        "format": FORMAT,
        "version": VERSION,
        "saved": format_ts(datetime.now(timezone.utc)),
        "bookmarks": [_record(b) for b in bookmarks],
        "deleted": [{"id": i, "deleted": ts} for i, ts in sorted(tombstones.items())],
    }
    # A lone surrogate (a "\ud800" escape in a hand-edited file) cannot be UTF-8: written as
    # the same JSON escape, so it survives the round trip instead of failing the save.
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "backslashreplace")


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
