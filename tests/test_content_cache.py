"""The app's cache of parsed content: reused while files are unchanged, never trusted beyond that."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.content import load_library
from briefing.content.cache import cache_file

from tests.conftest import MINI_BRIEFING, write


def test_cache_is_used_then_invalidated_by_an_edit(tmp_path: Path) -> None:
    path = write(tmp_path / "c" / "mini.toml", MINI_BRIEFING)
    first = load_library([path], bundled=False, user=False, cached=True)
    assert cache_file([path]).is_file()
    second = load_library([path], bundled=False, user=False, cached=True)
    assert second.briefing("mini").get("s1").paragraphs == first.briefing("mini").get("s1").paragraphs
    write(path, MINI_BRIEFING.replace("Alpha paragraph", "Edited paragraph"))
    os.utime(path, ns=(1, 1))  # even a changed size with an old mtime must invalidate
    third = load_library([path], bundled=False, user=False, cached=True)
    assert third.briefing("mini").get("s1").paragraphs[0].startswith("Edited paragraph")


def test_added_and_removed_briefings_invalidate(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write(folder / "a.toml", MINI_BRIEFING)
    assert [b.id for b in load_library([folder], bundled=False, user=False, cached=True)] == ["mini"]
    write(folder / "b.toml", MINI_BRIEFING.replace('id = "mini"', 'id = "other"', 1))
    assert [b.id for b in load_library([folder], bundled=False, user=False, cached=True)] == ["mini", "other"]
    (folder / "a.toml").unlink()
    assert [b.id for b in load_library([folder], bundled=False, user=False, cached=True)] == ["other"]


def test_corrupt_or_unwritable_cache_costs_only_speed(tmp_path: Path) -> None:
    path = write(tmp_path / "c" / "mini.toml", MINI_BRIEFING)
    cache_file([path]).parent.mkdir(parents=True, exist_ok=True)
    cache_file([path]).write_bytes(b"\x80\x05garbage")
    assert load_library([path], bundled=False, user=False, cached=True).briefing("mini") is not None
    cache_file([path]).unlink()
    cache_file([path]).mkdir()  # a folder where the file should be: cannot be written
    assert load_library([path], bundled=False, user=False, cached=True).briefing("mini") is not None


def test_problems_survive_the_cache(tmp_path: Path) -> None:
    bad = write(tmp_path / "c" / "bad.toml", "[briefing\n")
    for _ in range(2):
        library = load_library([bad], bundled=False, user=False, cached=True)
        assert str(library.problems[0]).startswith(f"{bad}:1:")
