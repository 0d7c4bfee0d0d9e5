"""Issue 11, hangs, state that never heals, files and folders.

Items 7, 8, 9, 11, 12, 13, 14: linear-time loading with capped warnings; user files opened
only when regular and not too large; the index's own files validated field by field; one
unreadable or special entry skipped by name, never hiding its neighbours; ids without a
trailing newline; saves keep the file's mode and write through a symlink.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from briefing.bookmarks import BookmarkStore, StoreError
from briefing.content import load_library, loader, paths
from briefing.content.loader import load_paths
from briefing.tui.cli import main

from tests.conftest import MINI_BRIEFING, write
from tests.reliability_helpers import (
    as_other_user,
    assert_clean,
    decoded,
    run_cli,
    world_dir,  # noqa: F401  (a fixture)
)


def opts(content: Path) -> list[str]:
    return ["--content", str(content), "--no-bundled", "--no-user"]


def finishes(call: Callable[[], object], within: float = 20.0) -> object:
    """Run ``call`` in a thread; fail (instead of hanging the suite) if it blocks."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # reported below
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(within)
    assert not thread.is_alive(), "blocked (a special file was opened as if it were regular)"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


# --------------------------------------------------------------------------- item 7

HEAD = '[briefing]\nid = "many"\ntitle = "Many"\nlanguage = "en"\n'


def test_thousands_of_unknown_keys_are_capped_with_right_lines(tmp_path: Path) -> None:
    """Item 7: 8,000 unknown keys (78 KB) give the first warnings with their true lines and
    one "... and N more"; loading stays linear (each key's line is found once)."""
    lines = HEAD.splitlines()
    lines += ["", "[[section]]", 'id = "s1"', 'title = "t"', 'paragraphs = ["p"]']
    first_key_line = len(lines) + 1
    lines += [f"key{n:05d} = {n}" for n in range(8000)]
    path = write(tmp_path / "many.toml", "\n".join(lines) + "\n")
    assert path.stat().st_size > 75_000
    result = load_paths([path])
    cap = loader.MAX_WARNINGS_PER_FILE
    assert [b.id for b in result.briefings] == ["many"]
    warnings = [p for p in result.warnings if p.file == path]
    assert len(warnings) == cap + 1
    for n, problem in enumerate(warnings[:-1]):
        assert f'"key{n:05d}"' in problem.message
        assert problem.line == first_key_line + n, (problem, first_key_line + n)
    assert f"and {8000 - cap:,} more" in warnings[-1].message


def test_key_lines_stay_right_within_each_table(tmp_path: Path) -> None:
    """The one-pass line map keeps each key in its own table: the same unknown key in three
    units is reported at three different lines, quoted and dotted keys too."""
    text = (
        HEAD
        + '\n[[section]]\nid = "a"\ntitle = "t"\nparagraphs = ["p"]\nodd = 1\n'  # odd: line 10
        + '\n[[section]]\nid = "b"\ntitle = "t"\n"odd" = 2\nparagraphs = ["p"]\n'  # "odd": line 15
        + '\n[[section]]\nid = "c"\ntitle = "t"\nparagraphs = ["p"]\n  odd.deep = 3\n'  # line 22
        + '\n[[section]]\nid = "d"\ntitle = 5\nparagraphs = ["p"]\n'  # title: line 26
    )
    path = write(tmp_path / "lines.toml", text)
    result = load_paths([path])
    found = {(p.message.split(":")[0], p.line) for p in result.problems if "odd" in p.message}
    assert found == {('section "a"', 10), ('section "b"', 15), ('section "c"', 22)}, result.problems
    (title,) = [p for p in result.errors if "title" in p.message]
    assert title.line == 26


def test_thousands_of_bad_units_finish_and_name_their_lines(tmp_path: Path) -> None:
    """The same class for errors: 3,000 units of the wrong type each name their own line."""
    lines = HEAD.splitlines()
    for n in range(3000):
        lines += ["[[topic]]", f'id = "t{n}"', "label_ko = 1", 'label_en = "x"']
    path = write(tmp_path / "bad.toml", "\n".join(lines) + "\n")
    result = load_paths([path])
    errors = [p for p in result.errors if "label_ko" in p.message]
    assert len(errors) == 3000
    assert [p.line for p in errors[:3]] == [7, 11, 15]


# --------------------------------------------------------------------------- item 8


def _bookmarked(mini_briefing: Path) -> None:
    store = BookmarkStore.open()
    store.add(load_library([mini_briefing], bundled=False, user=False), "mini:s1", "kept")
    store.save()


@pytest.mark.parametrize("which", ["bookmarks.json", "bookmarks.json.bak"])
def test_a_fifo_as_bookmarks_file_does_not_block(mini_briefing: Path, which: str) -> None:
    """Item 8: the bookmarks file, or its backup read when the file is corrupt, is a FIFO."""
    _bookmarked(mini_briefing)
    main_file = paths.bookmarks_file()
    target = main_file.with_name(which)
    for argv in (["bookmarks", *opts(mini_briefing)], ["export", *opts(mini_briefing), "--out", "-"]):
        # Each run sets the unusable file aside: make it again.
        if which.endswith(".bak"):
            main_file.write_text("{ not json")
        target.unlink(missing_ok=True)
        os.mkfifo(target)
        proc = run_cli(*argv, timeout=30)
        assert_clean(proc)
        assert "regular file" in decoded(proc.stderr) or "corrupt" in decoded(proc.stderr)


def test_special_or_huge_user_files_are_refused_everywhere(mini_briefing: Path, tmp_path: Path) -> None:
    """Item 8, the class: config, parse cache, index state and CURRENT as FIFOs, a bookmarks
    file linked to a device, an over-large config file."""
    from briefing.content.cache import cache_file, load_cached
    from briefing.content.library import Library
    from briefing.tui.config import load_config, save_theme

    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(config)
    loaded = finishes(lambda: load_config())
    assert loaded.problems and "regular file" in loaded.problems[0]  # type: ignore[attr-defined]
    assert "regular file" in str(finishes(lambda: save_theme("nord")))
    assert stat.S_ISFIFO(os.lstat(config).st_mode)  # never replaced
    config.unlink()
    with open(config, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    loaded = finishes(lambda: load_config())
    assert loaded.problems and "large" in loaded.problems[0]  # type: ignore[attr-defined]

    roots = [mini_briefing]
    cache = cache_file(roots)
    cache.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache)
    library = finishes(lambda: load_cached(roots, lambda: Library([], [], [])))
    assert isinstance(library, Library)

    # The index: build it, then make its CURRENT file and its state file FIFOs in turn.
    assert main(["search", *opts(mini_briefing), "Alpha"]) == 0
    index_dir = paths.index_dir()
    current = index_dir / "CURRENT"
    generation = index_dir / current.read_text().strip()
    for special in (current, generation / "state.json"):
        saved = special.read_bytes()
        special.unlink()
        os.mkfifo(special)
        proc = run_cli("search", *opts(mini_briefing), "Alpha", timeout=60)
        assert_clean(proc)
        assert proc.returncode == 0 and "Alpha" in decoded(proc.stdout)
        if special.exists() and stat.S_ISFIFO(os.lstat(special).st_mode):
            special.unlink()
            special.write_bytes(saved)

    # A bookmarks file that is a link to a device: refused, and the device is not touched.
    bookmarks = paths.bookmarks_file()
    bookmarks.parent.mkdir(parents=True, exist_ok=True)
    bookmarks.unlink(missing_ok=True)
    bookmarks.symlink_to("/dev/zero")
    proc = run_cli("bookmarks", *opts(mini_briefing), timeout=30)
    assert_clean(proc)
    assert "regular file" in decoded(proc.stderr)


# --------------------------------------------------------------------------- item 9


GARBAGE_CURRENT = [b"\xff\xfe", b"\x00\x00", b"../../etc", b"g1-2-3\n\xc3", b"CURRENT", b"state.json"]
GARBAGE_STATE: list[dict[str, object]] = [
    {"fingerprints": [1, 2]},
    {"fingerprints": {"mini": 1}},
    {"fingerprints": "mini"},
    {"docs": "11"},
    {"docs": True},
    {"files": [1, 2]},
    {"files": {"x": "y"}},
    {"files": {"x": [1]}},
    {"version": None},
]


def test_garbage_in_the_index_files_means_rebuild(
    mini_briefing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Item 9: any unexpected CURRENT or state.json field is rebuilt on the next run, every time."""
    assert main(["search", *opts(mini_briefing), "Alpha"]) == 0
    capsys.readouterr()
    index_dir = paths.index_dir()
    for garbage in GARBAGE_CURRENT:
        (index_dir / "CURRENT").write_bytes(garbage)
        assert main(["search", *opts(mini_briefing), "Alpha"]) == 0, garbage
        assert "Alpha" in capsys.readouterr().out
    for change in GARBAGE_STATE:
        generation = index_dir / (index_dir / "CURRENT").read_text().strip()
        state = json.loads((generation / "state.json").read_text())
        state.update(change)
        (generation / "state.json").write_text(json.dumps(state))
        assert main(["search", *opts(mini_briefing), "Alpha"]) == 0, change
        out, err = capsys.readouterr()
        assert "Alpha" in out, (change, err)
    (index_dir / "CURRENT").write_text("[1, 2]")
    proc = run_cli("search", *opts(mini_briefing), "Alpha")
    assert_clean(proc)
    assert proc.returncode == 0


# --------------------------------------------------------------------------- item 11


def test_an_unreadable_sub_folder_hides_only_itself(
    world_dir: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Item 11, as an ordinary user: a sub-folder of mode 000, an unreadable briefing folder
    and an unreadable file beside good briefings."""
    content = world_dir / "content"
    write(content / "ok.toml", MINI_BRIEFING)
    write(content / "folder" / "briefing.toml", MINI_BRIEFING.replace('id = "mini"', 'id = "folder"', 1))
    write(content / "hidden" / "briefing.toml", MINI_BRIEFING.replace('id = "mini"', 'id = "hid"', 1))
    write(content / "locked.toml", MINI_BRIEFING.replace('id = "mini"', 'id = "locked"', 1))
    write(content / "folder" / "extra.toml", '[[topic]]\nid = "tx"\nlabel_ko = "k"\nlabel_en = "e"\n')
    for path in content.rglob("*"):
        path.chmod(0o777 if path.is_dir() else 0o666)
    content.chmod(0o777)
    (content / "hidden").chmod(0o000)
    (content / "locked.toml").chmod(0o000)
    (content / "folder" / "extra.toml").chmod(0o000)
    import briefing.content.loader  # noqa: F401

    with as_other_user():
        result = load_paths([content])
    ids = sorted(b.id for b in result.briefings)
    assert ids == ["folder", "mini"], result.problems
    messages = [str(p) for p in result.problems]
    assert any("hidden" in m and "permission denied" in m for m in messages), messages
    assert any("locked.toml" in m and "permission denied" in m for m in messages), messages
    assert any("extra.toml" in m and "permission denied" in m for m in messages), messages


# --------------------------------------------------------------------------- item 12


def test_special_entries_in_a_content_folder_are_named(tmp_path: Path) -> None:
    """Item 12: a FIFO, a symlink loop, a dangling link, a folder named *.toml, a socket,
    at the top of a content folder and inside a briefing folder: each named, the rest loads."""
    import socket

    content = tmp_path / "content"
    write(content / "ok.toml", MINI_BRIEFING)
    inner = content / "folder"
    write(inner / "briefing.toml", MINI_BRIEFING.replace('id = "mini"', 'id = "folder"', 1))
    for folder in (content, inner):
        os.mkfifo(folder / "fifo.toml")
        (folder / "loop.toml").symlink_to(folder / "loop.toml")
        (folder / "dangling.toml").symlink_to(folder / "nowhere.toml")
        (folder / "dir.toml").mkdir()
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(folder / "sock.toml"))
        sock.close()
    result = finishes(lambda: load_paths([content]))
    assert sorted(b.id for b in result.briefings) == ["folder", "mini"]  # type: ignore[union-attr]
    messages = [str(p) for p in result.problems]  # type: ignore[union-attr]
    for folder in (content, inner):
        for name in ("fifo.toml", "loop.toml", "dangling.toml", "dir.toml", "sock.toml"):
            assert any(str(folder / name) in m for m in messages), (name, messages)


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    """Item 12: a file that starts with a byte order mark loads like any other."""
    folder = tmp_path / "bom"
    (folder).mkdir()
    (folder / "briefing.toml").write_bytes(b"\xef\xbb\xbf" + MINI_BRIEFING.encode())
    (folder / "more.toml").write_bytes(b'\xef\xbb\xbf[[topic]]\nid = "t9"\nlabel_ko = "k"\nlabel_en = "e"\n')
    result = load_paths([folder])
    assert not result.errors, result.errors
    assert [b.id for b in result.briefings] == ["mini"]
    assert result.briefings[0].get("t9") is not None


# --------------------------------------------------------------------------- item 13


@pytest.mark.parametrize(
    "old, new",
    [
        ('id = "s1"\nnumber', 'id = "s1\\n"\nnumber'),
        ('id = "mini"', 'id = "mini\\n"'),
        ('id = "a2"', 'id = "a2\\n"'),
        ('id = "nsf"', 'id = "nsf\\r\\n"'),
    ],
)
def test_an_id_ending_in_a_newline_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    """Item 13: an id must match whole; a trailing newline is not allowed to slip past `$`."""
    path = write(tmp_path / "mini.toml", MINI_BRIEFING.replace(old, new, 1))
    result = load_paths([path])
    assert any("may hold only" in p.message for p in result.errors), result.problems
    assert main(["compare", *opts(path), "--list"]) in (0, 1)
    out, _ = capsys.readouterr()
    for line in out.splitlines():
        assert line.strip(), out  # no id broke a line in two


# --------------------------------------------------------------------------- item 14


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o660])
def test_saving_keeps_the_files_mode(mini_briefing: Path, mode: int) -> None:
    """Item 14: bookmarks.json and its .bak keep the mode the user gave the file."""
    library = load_library([mini_briefing], bundled=False, user=False)
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "one")
    store.save()
    paths.bookmarks_file().chmod(mode)
    store.add(library, "mini:a1", "two")
    store.save()
    store.add(library, "mini:a2", "three")
    store.save()
    for path in (store.path, store.backup_path):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_saving_writes_through_a_symlink(mini_briefing: Path, tmp_path: Path) -> None:
    """Item 14: a symlinked bookmarks.json (say, into a synced folder) stays a link; its target
    gets the new content; the settings file the same."""
    from briefing.tui.config import load_config, save_theme

    library = load_library([mini_briefing], bundled=False, user=False)
    synced = tmp_path / "synced"
    synced.mkdir()
    real = synced / "my-bookmarks.json"
    link = paths.bookmarks_file()
    link.parent.mkdir(parents=True, exist_ok=True)
    store = BookmarkStore.open(real)
    store.add(library, "mini:s1", "one")
    store.save()
    real.chmod(0o600)
    link.symlink_to(real)
    store = BookmarkStore.open()
    store.add(library, "mini:a1", "two")
    store.save()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert {b.key for b in BookmarkStore.open(real).all()} == {"mini:s1", "mini:a1"}
    assert stat.S_IMODE(real.stat().st_mode) == 0o600

    config_real = synced / "config.toml"
    config_real.write_text('[keymap]\n"app.quit" = "q"\n')
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().symlink_to(config_real)
    assert save_theme("nord") is None
    assert paths.config_file().is_symlink()
    assert load_config().theme == "nord" and load_config().keymap == {"app.quit": "q"}


def test_an_immutable_bookmarks_file_is_one_line_and_keeps_memory(mini_briefing: Path) -> None:
    """chattr +i (root can still not write it): the save fails in one line, nothing lost."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr")
    library = load_library([mini_briefing], bundled=False, user=False)
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "one")
    store.save()
    before = store.path.read_bytes()
    if subprocess.run(["chattr", "+i", str(store.path)], check=False).returncode != 0:
        pytest.skip("file system without chattr +i")
    try:
        store.add(library, "mini:a1", "two")
        with pytest.raises(StoreError) as caught:
            store.save()
        assert "\n" not in str(caught.value) and "kept in memory" in str(caught.value)
        assert store.path.read_bytes() == before
        assert len(store) == 2 and store.dirty
    finally:
        subprocess.run(["chattr", "-i", str(store.path)], check=False)
    store.save()
    assert len(BookmarkStore.open()) == 2


def test_a_full_tmpfs_keeps_the_old_file_and_memory(tmp_path: Path, mini_briefing: Path) -> None:
    """A real full disk (a tiny tmpfs, when we may mount one): save and export fail in one line."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k,nr_inodes=64", "tmpfs", str(mount)],
            capture_output=True,
            check=False,
        ).returncode
    ):
        pytest.skip("cannot mount a tmpfs here")
    try:
        library = load_library([mini_briefing], bundled=False, user=False)
        store = BookmarkStore.open(mount / "bookmarks.json")
        store.add(library, "mini:s1", "one")
        store.save()
        before = store.path.read_bytes()
        filler = mount / "filler"
        try:
            with open(filler, "wb") as handle:
                while True:
                    handle.write(b"\0" * 4096)
                    handle.flush()
        except OSError:
            pass
        store.add(library, "mini:a1", "x" * 20_000)
        with pytest.raises(StoreError, match="disk is full"):
            store.save()
        assert store.path.read_bytes() == before and len(store) == 2
        from briefing.bookmarks.export import ExportError, write_export

        with pytest.raises(ExportError, match="disk is full"):
            write_export("y" * 50_000, mount / "memo.md")
        assert not (mount / "memo.md").exists()
        assert not [p for p in mount.iterdir() if p.name.endswith(".tmp")]
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# --------------------------------------------------------------------------- found while attacking


@pytest.mark.parametrize("source", ["x" * 300, "a\\u0000b", "fifo.txt", "folder", "loop.txt", "missing.txt"])
def test_an_unusable_source_file_is_one_warning(tmp_path: Path, source: str) -> None:
    """Found beyond the issue's list: ``source = "<300 characters>"`` in [briefing] made
    every command end with one line about the name and print nothing else. Any source that
    cannot be read is a warning naming it; the briefing loads."""
    folder = tmp_path / "b"
    write(
        folder / "briefing.toml",
        MINI_BRIEFING.replace('language = "en"', f'language = "en"\nsource = "{source}"'),
    )
    os.mkfifo(folder / "fifo.txt")
    (folder / "folder").mkdir()
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    result = finishes(lambda: load_paths([folder]))
    assert [b.id for b in result.briefings] == ["mini"]  # type: ignore[union-attr]
    (warning,) = [p for p in result.warnings if "source" in p.message]  # type: ignore[union-attr]
    assert warning.file == folder / "briefing.toml"
    assert result.briefings[0].source_file is None  # type: ignore[union-attr]
    proc = run_cli("validate", str(folder))
    assert_clean(proc)
    assert proc.returncode == 0 and "ok: mini" in decoded(proc.stdout)


def test_a_briefing_in_a_file_named_with_non_utf8_bytes_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the fuzzer: a valid briefing whose file name is not UTF-8 (``\\x9b31m.toml``)
    ended every command in a UnicodeEncodeError traceback (fingerprints encoded the name).
    It loads, searches and caches like any other; its name is shown with U+FFFD."""
    from briefing.content.library import load_roots

    content = tmp_path / "content"
    content.mkdir()
    for raw in (b"\x9b31m.toml", b"\xff.toml"):
        path = Path(os.fsdecode(os.fsencode(content) + b"/" + raw))
        path.write_text(MINI_BRIEFING.replace('id = "mini"', f'id = "b{raw[0]}"', 1))
    first = load_roots([content], cached=True)
    again = load_roots([content], cached=True)
    assert sorted(b.id for b in first) == sorted(b.id for b in again) == ["b155", "b255"]
    proc = run_cli("validate", str(content))
    assert_clean(proc)
    assert proc.returncode == 0 and "\ufffd" in decoded(proc.stdout)
    assert main(["search", *opts(content), "Alpha"]) == 0
    assert "b155:s1" in capsys.readouterr().out


def test_a_lone_surrogate_in_a_bookmark_survives_a_save(mini_briefing: Path) -> None:
    """Found while attacking: a hand-edited bookmarks file with a ``"\\ud800"`` escape in a
    note made every save fail with UnicodeEncodeError (not a StoreError: a crash)."""
    _bookmarked(mini_briefing)
    path = paths.bookmarks_file()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["bookmarks"][0]["note"] = "before\ud800after"
    path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: written as \ud800
    store = BookmarkStore.open()
    store.add(load_library([mini_briefing], bundled=False, user=False), "mini:a1", "second")
    store.save()
    notes = sorted(b.note for b in BookmarkStore.open().all())
    assert notes == ["before\ud800after", "second"]


def test_a_fifo_inside_the_index_means_rebuild(
    mini_briefing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found while attacking: a FIFO named like a table of contents (``_MAIN_99.toc``) in the
    index's generation made Whoosh open it and every search block for ever. A generation
    holding anything but regular files is not trusted: it is rebuilt."""
    assert main(["search", *opts(mini_briefing), "Alpha"]) == 0
    capsys.readouterr()
    index_dir = paths.index_dir()
    generation = index_dir / (index_dir / "CURRENT").read_text().strip()
    os.mkfifo(generation / "_MAIN_99.toc")
    proc = run_cli("search", *opts(mini_briefing), "Alpha", timeout=60)
    assert_clean(proc)
    assert proc.returncode == 0 and "Alpha" in decoded(proc.stdout)


def test_a_failed_save_names_the_users_file_not_the_temp_beside_it(tmp_path: Path) -> None:
    """Saving writes a temp file beside the target first: when that cannot be made (a
    read-only or missing folder), the line the user reads names their file, in words."""
    from briefing.content.atomic import write_atomically
    from briefing.tui.offload import one_line_error

    target = tmp_path / "gone" / "session.json"
    with pytest.raises(OSError) as caught:
        write_atomically(target, b"{}")
    assert caught.value.filename == str(target)
    line = one_line_error("saving the session failed", caught.value)
    assert line == f"saving the session failed: {target}: no such file or folder"
    assert ".tmp" not in line and "Errno" not in line
