"""Where the index lives on disk, and keeping it in step with the content.

Layout under ``content.paths.index_dir()``::

    CURRENT            name of the generation in use (replaced atomically)
    g<time>-<pid>-<n>/ one Whoosh index and its state.json

``state.json`` records the analysis version, each briefing's fingerprint, the number of
documents and every index file's size and modification time. Opening checks all of it:
a different version, a missing, truncated or rewritten file, or a document count that does
not add up means the generation is not trusted and a new one is built beside it. A
generation is never rebuilt in place, so a second app instance reading it is not disturbed.

Changed, added or removed briefings are re-indexed into the current generation under a
lock; if another process holds that lock for longer than ``LOCK_TIMEOUT`` a fresh generation
is built instead of waiting.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeGuard

from briefing.content import paths
from briefing.content.atomic import write_atomically
from briefing.content.library import Library
from briefing.content.userfiles import read_regular
from briefing.index.documents import document, links
from briefing.index.schema import ANALYSIS_VERSION, make_schema
from briefing.index.spelling import word_set
from briefing.index.writer import PostingsWriter
from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

Progress = Callable[[int, int], None]

CURRENT_FILE = "CURRENT"
STATE_FILE = "state.json"
#: Each briefing's words and how many units hold each, for "did you mean" (index.spelling).
#: Written before the state file, so the manifest covers it like the index's own files.
VOCABULARY_FILE = "vocabulary.json"
#: Our lock, held while a generation is refreshed and its state rewritten.
REFRESH_LOCK = "REFRESH"
LOCK_TIMEOUT = 1.5
#: Whoosh's own lock files: their mtimes change without the index changing.
_LOCK_FILES = (REFRESH_LOCK, "MAIN_WRITELOCK")
#: A finished generation no longer current is removed after this long (another process may
#: have just built it and be about to point CURRENT at it).
STALE_AFTER = 60.0
#: A generation never finished (its builder died) is removed after this long.
ABANDONED_AFTER = 3600.0
#: Documents between progress reports.
PROGRESS_EVERY = 250

_counter = itertools.count()

#: How a generation's folder is named (see ``build``); CURRENT must name one, nothing else.
_GENERATION_RE = re.compile(r"g[0-9]+-[0-9]+-[0-9]+")
#: The index's own small files are refused above these sizes (and unless regular files).
MAX_CURRENT_BYTES = 256
MAX_STATE_BYTES = 64 * 1024 * 1024


class BuildCancelled(Exception):
    """Raised by a progress callback to stop a build (e.g. the app is closing)."""


def root_dir(directory: Path | None = None) -> Path:
    return Path(directory) if directory is not None else paths.index_dir()


def fingerprints(library: Library) -> dict[str, str]:
    return {b.id: b.fingerprint for b in library}


def unit_count(library: Library) -> int:
    return sum(len(b.units) for b in library)


# --------------------------------------------------------------------------- state files


def _write_atomic(path: Path, text: str) -> None:
    write_atomically(path, text.encode("utf-8"), replace_special=True)


def manifest(gen: Path) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for entry in os.scandir(gen):
        name = entry.name
        if name == STATE_FILE or name in _LOCK_FILES or name.endswith((".lock", ".tmp")):
            continue
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(st.st_mode):
            found[name] = [st.st_size, st.st_mtime_ns]
        else:
            # Whoosh would open it (a FIFO blocks for ever): never matches a written state.
            found[name] = [-1, stat.S_IFMT(st.st_mode)]
    return found


def read_state(gen: Path) -> dict[str, Any] | None:
    """The generation's state, only when every field is what ``write_state`` writes; None
    (rebuild) for anything else: the file is ours, but a disk, a sync tool or a hand may
    have changed it."""
    try:
        state = json.loads(read_regular(gen / STATE_FILE, MAX_STATE_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return state if _valid_state(state) else None


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _valid_state(state: object) -> bool:
    if not isinstance(state, dict):
        return False
    prints, docs, files = state.get("fingerprints"), state.get("docs"), state.get("files")
    return (
        _is_int(state.get("version"))
        and isinstance(prints, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in prints.items())
        and _is_int(docs)
        and docs >= 0
        and isinstance(files, dict)
        and all(
            isinstance(name, str)
            and isinstance(entry, list)
            and len(entry) == 2
            and all(_is_int(n) for n in entry)
            for name, entry in files.items()
        )
    )


def write_state(gen: Path, ix: windex.Index, prints: dict[str, str]) -> None:
    with ix.reader() as reader:
        docs = reader.doc_count()
    state = {"version": ANALYSIS_VERSION, "fingerprints": prints, "docs": docs, "files": manifest(gen)}
    _write_atomic(gen / STATE_FILE, json.dumps(state, ensure_ascii=False, sort_keys=True))


def current(root: Path) -> Path | None:
    try:
        name = read_regular(root / CURRENT_FILE, MAX_CURRENT_BYTES).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not _GENERATION_RE.fullmatch(name):
        return None
    gen = root / name
    return gen if gen.is_dir() else None


# --------------------------------------------------------------------------- opening


def open_index(gen: Path) -> windex.Index:
    """Open a generation for reading.

    Not memory-mapped: Whoosh wraps each mapped sub-file of a compound segment in a BytesIO,
    which copies it whole, so every reader of a 100k-unit index held ~450 MB of postings and
    term tables in memory. Read through the file instead, the OS page cache does that work.
    """
    return FileStorage(str(gen), supports_mmap=False).open_index(schema=make_schema())


def open_trusted(gen: Path) -> tuple[windex.Index, dict[str, Any]] | None:
    """The generation's index, only if every check passes; None means rebuild."""
    state = read_state(gen)
    if not state or state.get("version") != ANALYSIS_VERSION:
        return None
    try:
        if manifest(gen) != state.get("files"):
            return None
        ix = open_index(gen)
        with ix.reader() as reader:
            if reader.doc_count() != state.get("docs"):
                return None
            # Touch every field's lexicon and the first stored document: a damaged segment
            # fails here rather than in the middle of a search.
            for name in ("key", "body"):
                for _ in itertools.islice(reader.lexicon(name), 3):
                    pass
            for _ in itertools.islice(reader.all_stored_fields(), 1):
                pass
    except Exception:
        # Whoosh reports damage as whatever the broken bytes cause (struct, zlib, EOF,
        # pickle, KeyError...): any of them means the same thing here.
        return None
    return ix, state


# --------------------------------------------------------------------------- building


def _documents(library: Library) -> Iterator[dict[str, object]]:
    for briefing in library:
        unit_links = links(briefing)
        for unit in briefing.units.values():
            yield document(briefing, unit, unit_links)


def _add_all(
    writer: Any,
    docs: Iterator[dict[str, object]],
    total: int,
    progress: Progress | None,
    words: dict[str, Counter[str]] | None = None,
) -> None:
    if progress:
        progress(0, total)
    for done, doc in enumerate(docs, start=1):
        writer.add_document(**doc)
        if words is not None:
            words.setdefault(str(doc["briefing"]), Counter()).update(word_set(str(doc["body"])))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    if progress:
        progress(total, total)


def read_vocabulary(gen: Path) -> dict[str, dict[str, int]]:
    """The generation's words by briefing; empty when the file is missing or unreadable."""
    try:
        data = json.loads((gen / VOCABULARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {b: w for b, w in data.items() if isinstance(w, dict)}


def _write_vocabulary(gen: Path, words: dict[str, Counter[str]] | dict[str, dict[str, int]]) -> None:
    _write_atomic(gen / VOCABULARY_FILE, json.dumps(words, ensure_ascii=False, sort_keys=True))


def build(
    root: Path, library: Library, progress: Progress | None = None, *, procs: int | None = None
) -> Path:
    """Build a new generation for ``library``, make it current, and return its folder.

    In this process, whatever ``procs`` says (kept for callers): with the postings written
    by :class:`index.writer.PostingsWriter` one process is faster than Whoosh's two-process
    writer was (issue #15, 100k units on a loaded 2-core machine: 267 s wall, 124 s CPU,
    524 MB peak, against 577 s with two workers of 560 MB each beside the parent).
    """
    root.mkdir(parents=True, exist_ok=True)
    gen = root / f"g{time.time_ns()}-{os.getpid()}-{next(_counter)}"
    gen.mkdir()
    try:
        ix = windex.create_in(str(gen), make_schema())
        total = unit_count(library)
        writer = PostingsWriter(ix)
        words: dict[str, Counter[str]] = {}
        try:
            _add_all(writer, _documents(library), total, progress, words)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        _write_vocabulary(gen, words)
        write_state(gen, ix, fingerprints(library))
        _write_atomic(root / CURRENT_FILE, gen.name)
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    clean(root, keep=gen)
    return gen


def clean(root: Path, keep: Path) -> None:
    """Remove generations nobody should need any more (best effort)."""
    now = time.time()
    in_use = current(root)
    for entry in root.iterdir():
        if not entry.is_dir() or not entry.name.startswith("g") or entry in (keep, in_use):
            continue
        try:
            age = now - entry.stat().st_mtime
        except OSError:
            continue
        finished = (entry / STATE_FILE).exists()
        if (finished and age > STALE_AFTER) or age > ABANDONED_AFTER:
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def _refresh_lock(gen: Path, timeout: float) -> Iterator[bool]:
    lock = FileStorage(str(gen)).lock(REFRESH_LOCK)
    deadline = time.monotonic() + timeout
    got = lock.acquire(blocking=False)
    while not got and time.monotonic() < deadline:
        time.sleep(0.05)
        got = lock.acquire(blocking=False)
    try:
        yield got
    finally:
        if got:
            lock.release()


def refresh(
    gen: Path, library: Library, progress: Progress | None = None, *, timeout: float = LOCK_TIMEOUT
) -> windex.Index | None:
    """Re-index the briefings that changed since ``gen`` was written.

    Returns the updated index, or None when the lock could not be had in time or the
    generation turned out damaged (the caller then builds a new generation).
    """
    wanted = fingerprints(library)
    with _refresh_lock(gen, timeout) as got:
        if not got:
            return None
        opened = open_trusted(gen)
        if opened is None:
            return None
        ix, state = opened
        have: dict[str, str] = state.get("fingerprints", {})
        if have == wanted:
            return ix  # another process refreshed it while we waited
        stale = {b for b in have if wanted.get(b) != have[b]}
        fresh = [b for b in library if have.get(b.id) != b.fingerprint]
        try:
            writer = PostingsWriter(ix, timeout=timeout)
        except LockError:
            return None
        vocabulary: dict[str, Any] = read_vocabulary(gen)
        words: dict[str, Counter[str]] = {}
        try:
            for briefing_id in stale:
                writer.delete_by_term("briefing", briefing_id)
                vocabulary.pop(briefing_id, None)
            subset = Library(fresh)
            _add_all(writer, _documents(subset), unit_count(subset), progress, words)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        vocabulary = {b: w for b, w in vocabulary.items() if b in wanted}
        vocabulary.update(words)
        _write_vocabulary(gen, vocabulary)
        write_state(gen, ix, wanted)
        return ix


def open_or_build(
    library: Library,
    progress: Progress | None = None,
    *,
    directory: Path | None = None,
    procs: int | None = None,
) -> tuple[windex.Index, Path]:
    """An index of exactly ``library``: opened, refreshed or built as needed."""
    root = root_dir(directory)
    root.mkdir(parents=True, exist_ok=True)
    gen = current(root)
    if gen is not None:
        opened = open_trusted(gen)
        if opened is not None:
            ix, state = opened
            if state.get("fingerprints") == fingerprints(library):
                return ix, gen
            refreshed = refresh(gen, library, progress)
            if refreshed is not None:
                return refreshed, gen
    gen = build(root, library, progress, procs=procs)
    return open_index(gen), gen
