"""The bookmark store loses nothing: persistence, atomic writes, crashes, two writers,
corrupt files, read-only and full disks, and bookmarks whose units changed or vanished."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from briefing.bookmarks import BookmarkStore, StoreError, status_of
from briefing.bookmarks import store as bm_store
from briefing.content import load_library, paths

from tests.conftest import MINI_BRIEFING, REPO, write


@pytest.fixture
def library(mini_briefing: Path):
    return load_library([mini_briefing], bundled=False, user=False)


def many_sections(n: int) -> str:
    parts = ['[briefing]\nid = "big"\ntitle = "Big"\nlanguage = "en"\n']
    for i in range(n):
        parts.append(
            f'[[section]]\nid = "s{i}"\nnumber = "{i}"\ntitle = "Section {i}"\n'
            f'paragraphs = ["Paragraph {i}."]\n'
        )
    return "\n".join(parts)


def read_file(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- persistence


def test_persists_across_instances_in_a_readable_file(library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "왜 중요한가: datasets")
    store.add(library, "mini:a1-t1", "")
    store.save()
    assert store.path == paths.bookmarks_file()

    again = BookmarkStore.open()
    assert {b.id for b in again.all()} == {"mini:s1", "mini:a1-t1"}
    s1 = again.get("mini:s1")
    assert s1 is not None
    assert s1.note == "왜 중요한가: datasets"
    assert s1.heading == "Ⅰ. First"
    assert "Alpha paragraph about datasets." in s1.text
    assert s1.citation.briefing_title == "Mini briefing"
    assert s1.citation.unit_id == "s1"
    clause = again.get("mini:a1-t1")
    assert clause is not None
    assert clause.citation.url == "https://example.org/a1"
    assert clause.citation.group == "A1 MOU"
    # Newest first.
    assert [b.id for b in again.all()] == ["mini:a1-t1", "mini:s1"]

    raw = paths.bookmarks_file().read_text(encoding="utf-8")
    assert "왜 중요한가" in raw  # human-readable: not \\u-escaped
    data = json.loads(raw)
    assert data["format"] == "briefing-bookmarks" and data["version"] == 1
    record = next(r for r in data["bookmarks"] if r["id"] == "mini:s1")
    for field in ("key", "created", "updated", "note", "heading", "text", "citation"):
        assert field in record


def test_previous_version_kept_as_backup(library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "first")
    store.save()
    first = store.path.read_bytes()
    store.add(library, "mini:i1", "second")
    store.save()
    assert store.backup_path.read_bytes() == first
    assert {r["id"] for r in read_file(store.path)["bookmarks"]} == {"mini:s1", "mini:i1"}
    # A save that changes nothing rewrites nothing, so the backup stays one version back.
    store.save()
    assert store.backup_path.read_bytes() == first


def test_note_edit_remove_and_undo(library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "one")
    store.add(library, "mini:i1", "two")
    store.save()
    store.set_note("mini:s1", "one, revised")
    removed = store.remove("mini:i1")
    assert removed.note == "two"
    assert store.can_undo
    store.save()
    assert {b.id for b in BookmarkStore.open().all()} == {"mini:s1"}
    assert "mini:i1" in read_file(store.path)["deleted"][0]["id"]

    restored = store.undo_remove()
    assert restored is not None and restored.note == "two"
    assert store.undo_remove() is None
    store.save()
    again = BookmarkStore.open()
    assert {b.id for b in again.all()} == {"mini:s1", "mini:i1"}
    assert again.get("mini:s1").note == "one, revised"
    assert again.tombstones() == {}


def test_keys_are_unit_bookmarks_only(library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1")
    store.add(library, "mini:a1-t1", compare=("mini:a1-t1", "mini:a2-t1", "t1"))
    assert store.keys() == {"mini:s1"}
    assert store.find("mini:a1-t1") is None
    assert store.find("mini:a1-t1", ("mini:a1-t1", "mini:a2-t1", "t1")) is not None


# --------------------------------------------------------------------------- status


def test_changed_and_orphaned_are_kept_never_dropped(tmp_path: Path) -> None:
    content = write(tmp_path / "c" / "mini.toml", MINI_BRIEFING)
    library = load_library([content], bundled=False, user=False)
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "note on s1")
    store.add(library, "mini:i1", "note on i1")
    store.add(library, "mini:a2-t2", "")
    store.save()
    assert {status_of(b, library) for b in store.all()} == {"ok"}

    edited = MINI_BRIEFING.replace("Alpha paragraph about datasets.", "Alpha paragraph, rewritten.")
    edited = edited.replace('[[implication]]\nid = "i1"', '[[implication]]\nid = "i1-renamed"').replace(
        'id = "a2-t2"', 'id = "a2-t2-gone"'
    )
    write(content, edited)
    library = load_library([content], bundled=False, user=False)
    assert library.get("mini:s1") is not None and library.get("mini:i1") is None

    store = BookmarkStore.open()
    status = {b.id: status_of(b, library) for b in store.all()}
    assert status == {"mini:s1": "changed", "mini:i1": "orphaned", "mini:a2-t2": "orphaned"}
    orphan = store.get("mini:i1")
    assert orphan.note == "note on i1" and "Datasets are the lever." in orphan.text
    # Saving with orphans keeps them.
    store.save()
    assert len(BookmarkStore.open().all()) == 3

    # A briefing that is not loaded at all orphans its bookmarks too.
    empty = load_library([], bundled=False, user=False)
    assert {status_of(b, empty) for b in store.all()} == {"orphaned"}


def test_compare_row_status(tmp_path: Path) -> None:
    content = write(tmp_path / "c" / "mini.toml", MINI_BRIEFING)
    library = load_library([content], bundled=False, user=False)
    store = BookmarkStore.open()
    row = store.add(library, "mini:a1-t1", "rows", compare=("mini:a1-t1", "mini:a2-t1", "t1"))
    assert row.heading == "A1 MOU ⇄ A2 MOC · 데이터셋 (Datasets)"
    assert row.compare.left_label == "A1 MOU" and "developing AI-ready datasets" in row.compare.left_text
    assert status_of(row, library) == "ok"
    store.save()
    write(content, MINI_BRIEFING.replace("A2 says nothing of datasets.", "A2 now says something."))
    library = load_library([content], bundled=False, user=False)
    assert status_of(BookmarkStore.open().all()[0], library) == "changed"
    write(content, MINI_BRIEFING.replace('id = "a2-t1"', 'id = "a2-t1-x"'))
    library = load_library([content], bundled=False, user=False)
    assert status_of(BookmarkStore.open().all()[0], library) == "orphaned"


# --------------------------------------------------------------------------- two writers


def test_two_instances_merge_and_deletions_stick(library) -> None:
    a = BookmarkStore.open()
    b = BookmarkStore.open()
    a.add(library, "mini:s1", "from a")
    a.save()
    b.add(library, "mini:i1", "from b")
    b.save()  # b never saw s1 before saving; it must not lose it
    assert {x.id for x in BookmarkStore.open().all()} == {"mini:s1", "mini:i1"}
    assert {x.id for x in b.all()} == {"mini:s1", "mini:i1"}

    a.refresh()  # a now holds both
    b.remove("mini:s1")
    b.save()
    a.set_note("mini:i1", "a edits b's note")  # a still holds s1 in memory
    a.save()
    final = BookmarkStore.open()
    assert {x.id for x in final.all()} == {"mini:i1"}  # the deletion was not undone by a
    assert final.get("mini:i1").note == "a edits b's note"

    # Re-adding after a deletion elsewhere wins over the older tombstone.
    a.add(library, "mini:s1", "again")
    a.save()
    assert BookmarkStore.open().get("mini:s1").note == "again"


WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from briefing.content import load_library
    from briefing.bookmarks import BookmarkStore
    content, start, stop, begin_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    note_size = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    library = load_library([Path(content)], bundled=False, user=False)
    store = BookmarkStore.open()
    while time.time() < begin_at:
        time.sleep(0.001)
    for i in range(start, stop):
        store.add(library, f"big:s{i}", f"note {i} " + "x" * note_size)
        store.save()
        print(i, flush=True)
    """
)


def run_worker(content: Path, start: int, stop: int, begin_at: float, note_size: int = 0) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(content), str(start), str(stop), str(begin_at), str(note_size)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_saving_at_once_keep_every_bookmark(tmp_path: Path) -> None:
    content = write(tmp_path / "c" / "big.toml", many_sections(80))
    begin_at = time.time() + 2.0  # both start once their imports are done
    first = run_worker(content, 0, 40, begin_at)
    second = run_worker(content, 40, 80, begin_at)
    for proc in (first, second):
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    ids = {r["id"] for r in read_file(paths.bookmarks_file())["bookmarks"]}
    assert ids == {f"big:s{i}" for i in range(80)}


# --------------------------------------------------------------------------- crashes


def test_sigkill_during_saves_leaves_old_or_new_version(tmp_path: Path) -> None:
    """A process saving over and over is killed at random moments: the file always parses
    and holds a complete version (bookmarks 0..k, each save adding one), never half."""
    content = write(tmp_path / "c" / "big.toml", many_sections(400))
    target = paths.bookmarks_file()
    rng = random.Random(1234)
    seen_versions = set()
    killed_mid_write = 0  # kills that left a temp file: the write was under way
    start = 0
    for _round in range(20):
        proc = run_worker(content, start, 400, time.time(), note_size=20_000)
        # Wait for it to be saving, then kill it at a random moment.
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        data = read_file(target)  # always parseable
        ids = {r["id"] for r in data["bookmarks"]}
        numbers = sorted(int(i.removeprefix("big:s")) for i in ids)
        assert numbers == list(range(len(numbers))), "a version is always complete"
        for record in data["bookmarks"]:
            assert record["note"].startswith("note ") and len(record["note"]) > 20_000
        backup = target.with_name("bookmarks.json.bak")
        if backup.exists():
            read_file(backup)  # the backup is written atomically too
        seen_versions.add(len(numbers))
        if list(target.parent.glob(".bookmarks.json.*.tmp")):
            killed_mid_write += 1
        start = len(numbers)
    assert len(seen_versions) > 1
    print(f"{killed_mid_write} of 20 kills landed mid-write")
    # Temp files a killed writer left behind are cleaned by the next save.
    store = BookmarkStore.open()
    store.save()
    assert not list(target.parent.glob(".bookmarks.json.*.tmp"))
    assert not [m for m in store.take_messages() if "corrupt" in m]


def test_crash_before_replace_keeps_old_file(library, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "old")
    store.save()
    old = store.path.read_bytes()

    def boom(src, dst):
        raise OSError(errno.EIO, "Input/output error", str(dst))

    store.add(library, "mini:i1", "new")
    with monkeypatch.context() as patched, pytest.raises(StoreError) as caught:
        patched.setattr(os, "replace", boom)
        store.save()
    message = str(caught.value)
    assert "\n" not in message and "kept in memory" in message
    assert store.path.read_bytes() == old
    assert store.dirty and store.get("mini:i1") is not None
    assert not list(store.path.parent.glob(".bookmarks.json.*.tmp"))
    store.save()
    assert {b.id for b in BookmarkStore.open().all()} == {"mini:s1", "mini:i1"}


def test_disk_full_mid_write_keeps_old_file_and_memory(library, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "old")
    store.save()
    old = store.path.read_bytes()
    real_write = os.write
    calls = {"n": 0}

    def full(fd, data):
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # a partial write first
        raise OSError(errno.ENOSPC, "No space left on device")

    store.add(library, "mini:i1", "new")
    with monkeypatch.context() as patched, pytest.raises(StoreError, match="disk is full") as caught:
        patched.setattr(os, "write", full)
        store.save()
    assert "\n" not in str(caught.value)
    assert store.path.read_bytes() == old
    assert store.get("mini:i1") is not None
    store.save()  # retry succeeds
    assert {b.id for b in BookmarkStore.open().all()} == {"mini:s1", "mini:i1"}


@pytest.mark.parametrize("code, words", [(errno.EROFS, "read-only"), (errno.EACCES, "permission denied")])
def test_read_only_data_dir_keeps_bookmarks_in_memory(
    library, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    real_open = os.open
    data_dir = str(paths.data_dir())

    def refuse(path, flags, *args, **kwargs):
        if str(path).startswith(data_dir) and flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    paths.data_dir().mkdir(parents=True, exist_ok=True)
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "kept")
    with monkeypatch.context() as patched, pytest.raises(StoreError) as caught:
        patched.setattr(os, "open", refuse)
        store.save()
    assert words in str(caught.value) and "kept in memory" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert store.get("mini:s1").note == "kept" and store.dirty
    store.save()
    assert BookmarkStore.open().get("mini:s1").note == "kept"


def test_data_dir_that_cannot_exist(library, tmp_path: Path) -> None:
    """We run as root, where chmod does not stop writes: a parent that is a file does."""
    blocker = write(tmp_path / "blocker", "a file, not a folder")
    store = BookmarkStore(blocker / "briefing" / "bookmarks.json")
    store.load()
    store.add(library, "mini:s1", "in memory")
    with pytest.raises(StoreError, match="not a folder") as caught:
        store.save()
    assert "\n" not in str(caught.value)
    assert store.get("mini:s1") is not None
    store2 = BookmarkStore(blocker / "bookmarks.json")
    with pytest.raises(StoreError, match="is not a folder"):
        store2.save()


# --------------------------------------------------------------------------- corrupt files


def test_corrupt_file_is_set_aside_and_reported(library) -> None:
    target = paths.bookmarks_file()
    write(target, '{"format": "briefing-bookmarks", "bookmarks": [ {"id": ')
    store = BookmarkStore.open()
    messages = store.take_messages()
    assert len(messages) == 1 and "corrupt" in messages[0] and "set aside as" in messages[0]
    assert "\n" not in messages[0]
    asides = list(target.parent.glob("bookmarks.json.corrupt-*"))
    assert len(asides) == 1
    assert asides[0].read_text() == '{"format": "briefing-bookmarks", "bookmarks": [ {"id": '
    assert str(asides[0]) in messages[0]
    assert not target.exists()  # never overwritten silently
    store.add(library, "mini:s1")
    store.save()
    assert asides[0].exists() and read_file(target)["bookmarks"][0]["id"] == "mini:s1"


@pytest.mark.parametrize(
    "garbage",
    [b"\xff\xfe not utf-8 \x00\x01", b"[1, 2, 3]", b'{"format": "something-else"}', b""],
    ids=["binary", "wrong-shape", "wrong-format", "empty"],
)
def test_unreadable_content_set_aside(garbage: bytes) -> None:
    target = paths.bookmarks_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(garbage)
    store = BookmarkStore.open()
    assert any("set aside as" in m for m in store.take_messages())
    assert [p.read_bytes() for p in target.parent.glob("bookmarks.json.corrupt-*")] == [garbage]


def test_corrupt_file_recovers_from_backup(library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "one")
    store.save()
    store.add(library, "mini:i1", "two")
    store.save()  # the backup now holds s1 only
    store.path.write_text("{ truncated", encoding="utf-8")
    again = BookmarkStore.open()
    messages = again.take_messages()
    assert any("set aside" in m for m in messages)
    assert any("recovered 1 bookmark(s) from the backup" in m for m in messages)
    assert {b.id for b in again.all()} == {"mini:s1"}
    again.save()
    assert {r["id"] for r in read_file(again.path)["bookmarks"]} == {"mini:s1"}


def test_corrupt_file_found_while_saving(library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "in memory")
    store.save()
    store.path.write_bytes(b"\x00garbage")  # another program broke it meanwhile
    store.add(library, "mini:i1")
    store.save()
    assert any("set aside" in m for m in store.take_messages())
    assert {r["id"] for r in read_file(store.path)["bookmarks"]} == {"mini:s1", "mini:i1"}
    assert len(list(store.path.parent.glob("bookmarks.json.corrupt-*"))) == 1


def test_one_bad_record_is_skipped_and_the_original_copied_aside(library) -> None:
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "good")
    store.save()
    data = read_file(store.path)
    data["bookmarks"].append({"id": 42, "note": ["not", "a", "string"]})
    store.path.write_text(json.dumps(data), encoding="utf-8")
    again = BookmarkStore.open()
    messages = again.take_messages()
    assert len(messages) == 1 and "1 unreadable record(s) skipped" in messages[0]
    assert {b.id for b in again.all()} == {"mini:s1"}
    asides = list(store.path.parent.glob("bookmarks.json.corrupt-*"))
    assert len(asides) == 1 and '"id": 42' in asides[0].read_text()


def test_file_that_is_a_folder_is_set_aside(library) -> None:
    target = paths.bookmarks_file()
    target.mkdir(parents=True)
    store = BookmarkStore.open()
    assert any("could not be read" in m and "set aside" in m for m in store.take_messages())
    store.add(library, "mini:s1")
    store.save()
    assert read_file(target)["bookmarks"][0]["id"] == "mini:s1"


def test_newer_format_is_not_overwritten(library) -> None:
    target = paths.bookmarks_file()
    write(target, json.dumps({"format": "briefing-bookmarks", "version": 99, "bookmarks": []}))
    before = target.read_bytes()
    store = BookmarkStore.open()
    store.add(library, "mini:s1")
    with pytest.raises(StoreError, match="newer version"):
        store.save()
    assert target.read_bytes() == before


def test_lock_held_elsewhere_gives_a_message(library, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    monkeypatch.setattr(bm_store, "LOCK_TIMEOUT", 0.2)
    store = BookmarkStore.open()
    store.add(library, "mini:s1")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(store.lock_path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(StoreError, match="another briefing process"):
            store.save()
    finally:
        os.close(fd)
    store.save()
    assert BookmarkStore.open().get("mini:s1") is not None
