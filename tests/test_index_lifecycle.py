"""The index on disk: built on first use, refreshed as briefings change, rebuilt when damaged,
never blocked for long by a lock, and safe with two instances at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from briefing import index
from briefing.content import load_library, paths
from briefing.index import store

from tests.conftest import REPO, briefing_toml, write


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    write(folder / "alpha.toml", briefing_toml("alpha", "고성능컴퓨팅 인프라 협력"))
    write(folder / "beta.toml", briefing_toml("beta", "디지털응용플랫폼 환경"))
    return folder


def library(folder: Path):
    return load_library([folder], bundled=False, user=False)


def keys(search_index: index.SearchIndex, query: str) -> set[str]:
    return {hit.key for hit in search_index.search(query, 50)}


def test_built_on_first_use_in_the_cache_folder(content: Path) -> None:
    calls: list[tuple[int, int]] = []
    si = index.open_or_build(library(content), progress=lambda done, total: calls.append((done, total)))
    assert si.generation.parent == paths.index_dir()
    assert (paths.index_dir() / store.CURRENT_FILE).read_text().strip() == si.generation.name
    assert calls and calls[-1][0] == calls[-1][1] == si.doc_count
    assert keys(si, "고성능 컴퓨팅") == {"alpha:s1"}


def test_opened_again_without_rebuilding(content: Path) -> None:
    first = index.open_or_build(library(content))
    calls: list[tuple[int, int]] = []
    again = index.open_or_build(library(content), progress=lambda d, t: calls.append((d, t)))
    assert again.generation == first.generation
    assert calls == []


def test_refreshed_when_a_briefing_is_added_changed_or_removed(content: Path) -> None:
    first = index.open_or_build(library(content))
    write(content / "gamma.toml", briefing_toml("gamma", "기술동맹 수준으로 격상"))
    added = index.open_or_build(library(content))
    assert added.generation == first.generation  # refreshed in place, not rebuilt
    assert keys(added, "기술 동맹") == {"gamma:s1"}

    write(content / "alpha.toml", briefing_toml("alpha", "양자역학 등 첨단 기술"))
    changed = index.open_or_build(library(content))
    assert keys(changed, "고성능컴퓨팅") == set()
    assert keys(changed, "양자역학") == {"alpha:s1"}

    (content / "beta.toml").unlink()
    removed = index.open_or_build(library(content))
    assert keys(removed, "플랫폼") == set()
    assert removed.doc_count == 2
    assert removed.generation == first.generation


def _segment_files(gen: Path) -> list[Path]:
    return [p for p in gen.iterdir() if p.suffix in (".seg", ".toc")]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete-toc", "state", "current", "partial"])
def test_damaged_index_is_rebuilt(content: Path, damage: str) -> None:
    first = index.open_or_build(library(content))
    gen = first.generation
    first.close()
    segs = [p for p in gen.iterdir() if p.suffix == ".seg"]
    if damage == "truncate":
        for seg in segs:
            seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 3])
    elif damage == "garbage":
        for seg in segs:
            seg.write_bytes(b"\x00garbage\xff" * (seg.stat().st_size // 9 + 1))
    elif damage == "delete-toc":
        for toc in gen.glob("*.toc"):
            toc.unlink()
    elif damage == "state":
        (gen / store.STATE_FILE).write_text("{not json", encoding="utf-8")
    elif damage == "current":
        (paths.index_dir() / store.CURRENT_FILE).write_text("../../etc", encoding="utf-8")
    elif damage == "partial":
        (gen / store.STATE_FILE).unlink()  # a builder that died before finishing
    again = index.open_or_build(library(content))
    assert again.generation != gen
    assert keys(again, "고성능 컴퓨팅") == {"alpha:s1"}


def test_damage_found_while_searching_rebuilds(content: Path) -> None:
    si = index.open_or_build(library(content))
    si.close()
    # Damage after the checks at opening: the search must still answer.
    for seg in si.generation.glob("*.seg"):
        seg.write_bytes(b"\xff" * 64)
    for toc in si.generation.glob("*.toc"):
        toc.write_bytes(b"\xff" * 64)
    assert keys(si, "고성능 컴퓨팅") == {"alpha:s1"}


def test_a_held_write_lock_does_not_block_for_long(content: Path) -> None:
    first = index.open_or_build(library(content))
    ix = first._ix
    whoosh_lock = ix.lock("WRITELOCK")
    assert whoosh_lock.acquire()
    try:
        write(content / "gamma.toml", briefing_toml("gamma", "기술동맹 수준으로 격상"))
        started = time.monotonic()
        si = index.open_or_build(library(content))
        assert time.monotonic() - started < store.LOCK_TIMEOUT * 4 + 5
        assert keys(si, "기술동맹") == {"gamma:s1"}
        # Searching the old generation is never blocked by the lock either.
        assert keys(first, "고성능컴퓨팅") == {"alpha:s1"}
    finally:
        whoosh_lock.release()


def test_a_held_refresh_lock_does_not_block_for_long(content: Path) -> None:
    first = index.open_or_build(library(content))
    lock = first._ix.storage.lock(store.REFRESH_LOCK)
    assert lock.acquire()
    try:
        write(content / "beta.toml", briefing_toml("beta", "AI 사용이 가능한 데이터셋"))
        started = time.monotonic()
        si = index.open_or_build(library(content))
        assert time.monotonic() - started < store.LOCK_TIMEOUT * 4 + 5
        assert keys(si, "데이터셋") == {"beta:s1"}
    finally:
        lock.release()


def test_two_instances_at_once(content: Path) -> None:
    results: dict[int, set[str]] = {}
    errors: list[BaseException] = []

    def open_and_search(n: int) -> None:
        try:
            si = index.open_or_build(library(content))
            results[n] = keys(si, "플랫폼")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_search, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert results == {0: {"beta:s1"}, 1: {"beta:s1"}}
    # Both indexes stay usable side by side, and a later start finds a good one.
    a = index.open_or_build(library(content))
    b = index.open_or_build(library(content))
    assert keys(a, "고성능컴퓨팅") == keys(b, "고성능컴퓨팅") == {"alpha:s1"}


def test_two_processes_at_once(content: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from briefing.content import load_library; import index;"
        f"lib = load_library([{str(content)!r}], bundled=False, user=False);"
        "si = index.open_or_build(lib);"
        "print(sorted(h.key for h in si.search('플랫폼')))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "['beta:s1']"
    si = index.open_or_build(library(content))
    assert keys(si, "플랫폼") == {"beta:s1"}


def test_unwritable_cache_is_a_clear_error(content: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(index.IndexUnavailable) as raised:
        index.open_or_build(library(content), directory=blocker / "index")
    # One line that says where: the file in the way.
    assert str(blocker) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_cancelled_build_leaves_nothing_behind(content: Path) -> None:
    def cancel(done: int, total: int) -> None:
        raise store.BuildCancelled

    with pytest.raises(store.BuildCancelled):
        index.open_or_build(library(content), progress=cancel)
    assert [p for p in paths.index_dir().iterdir() if p.is_dir()] == []
