"""Bookmarks with notes, kept in one human-readable JSON file that loses nothing.

Headless: nothing here imports textual, rich or whoosh.

A bookmark names a unit by its key and keeps a copy of the unit's heading, text and
citation as they were when it was made, so a bookmark whose unit later changed or vanished
is shown as *changed* or *orphaned*, never dropped. A bookmarked compare row carries the
two agreement keys, the two clause keys (null for a side with no clause) and the topic, with
a copy of both sides; it is identified by the two agreements and the topic.

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
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from briefing.bookmarks.citation import make_bookmark
from briefing.bookmarks.codec import CorruptFile, Parsed, merge, parse_file, serialise
from briefing.bookmarks.records import (
    Bookmark,
    CompareSpec,
    StoreError,
    bookmark_ids,
    format_ts,
    later,
    parse_ts,
)
from briefing.content import paths
from briefing.content.atomic import fsync_dir as _fsync_dir
from briefing.content.atomic import write_atomically
from briefing.content.userfiles import describe_oserror, read_regular

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the re-read and merge still protect
    fcntl = None  # type: ignore[assignment]

#: Tombstones older than this are forgotten when saving.
TOMBSTONE_DAYS = 90
#: How long a save waits for another process holding the lock.
LOCK_TIMEOUT = 10.0
#: A larger bookmarks file is refused (set aside), not read: thousands of bookmarks are a
#: few megabytes.
MAX_FILE_BYTES = 256 * 1024 * 1024

# --------------------------------------------------------------------------- writing files

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

    def _read_disk(self) -> tuple[Parsed | None, bytes | None]:
        """The file's contents and its bytes when they are a clean file worth backing up.

        None when there is no file. A corrupt or unreadable file is set aside (and the backup
        read instead); one that cannot be set aside makes the store refuse to write.
        """
        self.read_only_reason = ""
        try:
            # Only a regular file is opened: a FIFO would block here for ever.
            raw = read_regular(self.path, MAX_FILE_BYTES)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            if self._set_aside(f"could not be read ({describe_oserror(exc)})"):
                return self._read_backup(), None
            return None, None
        try:
            parsed = parse_file(raw)
        except CorruptFile as exc:
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

    def _read_backup(self) -> Parsed | None:
        try:
            parsed = parse_file(read_regular(self.backup_path, MAX_FILE_BYTES))
        except (OSError, CorruptFile):
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

    def find(self, key: str, compare: CompareSpec | None = None) -> Bookmark | None:
        for ident in bookmark_ids(key, compare):
            if ident in self._items:
                return self._items[ident]
        return None

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
        stamp = format_ts(datetime.now(timezone.utc))
        if stamp <= self._last_stamp:
            stamp = format_ts(later(parse_ts(self._last_stamp)))
        self._last_stamp = stamp
        return stamp

    def _after(self, stamp: str, *others: str) -> str:
        """``stamp``, moved later than every one of ``others`` if need be."""
        latest = max([parse_ts(stamp), *(later(parse_ts(o)) for o in others if o)])
        result = format_ts(latest)
        self._last_stamp = max(self._last_stamp, result)
        return result

    def add(
        self,
        library: Any,
        key: str,
        note: str = "",
        compare: CompareSpec | None = None,
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
        compare = bookmark.compare.spec if bookmark.compare else None
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
        # Non-blocking, never a controlling terminal: the lock path is a user folder's too.
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(self.lock_path, flags, 0o644)
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
                disk = parsed or Parsed()
                items, tombs = merge(self._items, self._tombstones, disk.items, disk.tombstones)
                tombs = self._prune(tombs)
                unchanged = previous is not None and items == disk.items and tombs == disk.tombstones
                if not unchanged:
                    if previous is not None:
                        # The backup holds the same bookmarks: it gets the file's own mode.
                        write_atomically(self.backup_path, previous, mode=self._mode())
                    write_atomically(self.path, serialise(items, tombs))
                self._items, self._tombstones = items, tombs
                self.dirty = False
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(self.path) else ""
            raise StoreError(
                f"cannot save bookmarks to {self.path}: {describe_oserror(exc)}{where}; "
                "kept in memory, will retry on the next save"
            ) from None

    def _mode(self) -> int | None:
        try:
            return stat.S_IMODE(os.stat(self.path).st_mode)
        except OSError:
            return None

    def _prune(self, tombs: dict[str, str]) -> dict[str, str]:
        cutoff = datetime.now(timezone.utc) - timedelta(days=TOMBSTONE_DAYS)
        return {i: ts for i, ts in tombs.items() if parse_ts(ts) >= cutoff}


def load_store(path: Path | None = None) -> BookmarkStore:
    return BookmarkStore.open(path)
