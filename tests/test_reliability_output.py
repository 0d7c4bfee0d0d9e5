"""Issue 11, escape codes and silent loss in output, export targets and output streams.

Items 1, 2, 5, 6, 10, 15, 16, 17, 18: every line any command prints is inert; JSON is made
inert string by string; a memo is not live HTML under CommonMark or gfm-like; edge timestamps
export in any time zone; export writes only regular files and names every failure in one
line; a full stdout is one line on stderr, exit 1.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from briefing.bookmarks import BookmarkStore
from briefing.bookmarks.export import render_markdown
from briefing.content import load_library, paths
from briefing.content.text import inert
from briefing.tui.cli import main
from markdown_it import MarkdownIt

from tests.conftest import MINI_BRIEFING, write
from tests.reliability_helpers import (
    as_other_user,
    assert_clean,
    control_in,
    decoded,
    run_cli,
    world_dir,  # noqa: F401  (a fixture)
)

# Escape sequences of every family, 7-bit and 8-bit, and lone C1 controls.
SEQUENCES = [
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52, BEL-terminated (the example)
    "\x1b[2J\x1b[H",  # CSI clear screen
    "\x9b31m",  # 8-bit CSI
    "\x9d8;;https://evil.example\x9c",  # 8-bit OSC 8 hyperlink
    "\x1bP1$r0m\x1b\\",  # DCS
    "\x1b_apc\x1b\\",  # APC
    "\x85\x8e\x9f",  # lone C1 controls
]


def opts(content: Path) -> list[str]:
    return ["--content", str(content), "--no-bundled", "--no-user"]


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own errors
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def evil_content(folder: Path, seq: str) -> Path:
    """A content folder whose problems carry ``seq`` in an id, a key, a table name and a file name."""
    q = json.dumps(seq)  # a TOML basic string is JSON-compatible for these characters
    write(
        folder / f"evil{seq.replace('/', '_')}.toml",
        f"""[briefing]
id = "evil"
title = "Evil"
language = "en"
{q} = 1

[[{q}]]
id = "x"

[[section]]
id = {json.dumps("s" + seq)}
title = "t"
paragraphs = ["p"]

[[section]]
id = "ok"
title = "t"
paragraphs = ["p"]
unknown{q[1:-1]} = 2
""",
    )
    write(folder / "broken.toml", f"[briefing\nid = {q}\n")
    write(folder / "mini.toml", MINI_BRIEFING)
    return folder


@pytest.mark.parametrize("seq", SEQUENCES)
def test_every_command_prints_problem_lines_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seq: str
) -> None:
    """Item 1: problem lines built from content (ids, keys, table and file names) are inert,
    on stdout (validate) and stderr (search, compare, bookmarks, export)."""
    content = evil_content(tmp_path / "content", seq)
    library = load_library([content], bundled=False, user=False)
    store = BookmarkStore.open()
    store.add(library, "mini:s1", "note")
    store.save()
    runs = [
        ("validate", str(content)),
        ("validate", "-q", str(content)),
        ("search", *opts(content), "Alpha"),
        ("search", "--json", *opts(content), "Alpha"),
        ("compare", *opts(content), "--list"),
        ("compare", *opts(content), "a1", "a2"),
        ("compare", *opts(content), "--format", "json", "a1", "a2"),
        ("bookmarks", *opts(content)),
        ("bookmarks", "--json", *opts(content)),
        ("export", *opts(content), "--out", "-"),
        ("export", *opts(content), "--out", str(tmp_path / f"memo{seq.replace('/', '_')}.md")),
    ]
    for argv in runs:
        code, out, err = run_main(capsys, *argv)
        assert code in (0, 1), (argv, code, err)
        assert control_in(out) is None, (argv, out)
        assert control_in(err) is None, (argv, err)
        if argv[0] != "validate":
            assert "evil" in err, (argv, err)  # the problems are still reported, made inert


@pytest.mark.parametrize("seq", SEQUENCES[:4])
def test_argument_and_path_messages_are_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seq: str
) -> None:
    """Item 1, the same class: messages that echo what the user typed (unknown options,
    missing paths, unknown ids) never carry its escape codes."""
    for argv in (
        ("validate", f"--zz{seq}"),
        ("search", "x", f"extra{seq}", "--limit", "0"),
        ("validate", str(tmp_path / f"missing{seq}")),
        ("compare", "--no-bundled", "--no-user", "--content", str(tmp_path / f"nope{seq}")),
        ("export", "--no-bundled", "--no-user", "--briefing", f"b{seq}"),
        ("bookmarks", "--no-bundled", "--no-user", "--content", str(tmp_path / f"gone{seq}")),
    ):
        code, out, err = run_main(capsys, *argv)
        assert code in (0, 1, 2), argv
        assert control_in(out) is None, (argv, out)
        assert control_in(err) is None, (argv, err)


def test_validate_as_a_process_writes_no_escape_codes(tmp_path: Path) -> None:
    """Item 1 end to end: the real process, its real streams."""
    content = evil_content(tmp_path / "content", "\x1b]52;c;Zm9v\x1b\\\x9b1;31m")
    proc = run_cli("validate", str(content))
    assert proc.returncode == 1
    assert_clean(proc)
    assert "evil" in decoded(proc.stdout)


@pytest.mark.parametrize(
    "opener, closer",
    [("\x9d", "\x9c"), ("\x90", "\x9c"), ("\x1b]", "\x07"), ("\x98", "\x1b\\"), ("\x9b", "m")],
)
def test_bookmarks_json_keeps_every_record(
    mini_briefing: Path, capsys: pytest.CaptureFixture[str], opener: str, closer: str
) -> None:
    """Item 2: a sequence opener in one record and its closer in a later one must not eat
    the records between: every string is made inert before serialising, never the document."""
    library = load_library([mini_briefing], bundled=False, user=False)
    store = BookmarkStore.open()
    keys = ["mini:s1", "mini:a1", "mini:a2", "mini:t1", "mini:t2"]
    for n, key in enumerate(keys):
        note = f"note {n}"
        # Opener, closer, opener: whichever order the rows print in, one record sits
        # between an opener and a closer.
        if n in (0, 4):
            note += opener
        if n == 2:
            note += closer
        store.add(library, key, note)
    store.save()
    code, out, err = run_main(capsys, "bookmarks", "--json", *opts(mini_briefing))
    assert code == 0, err
    assert control_in(out) is None
    rows = json.loads(out)
    assert sorted(r["key"] for r in rows) == sorted(keys)
    notes = {r["key"]: r["note"] for r in rows}
    for n, key in enumerate(keys):
        assert notes[key].startswith(f"note {n}"), notes


# --------------------------------------------------------------------------- item 5

_ALLOWED_TAGS = re.compile(
    r"</?(p|em|strong|code|pre|br|hr|h[1-6]|blockquote|ul|ol|li|table|thead|tbody|tr|th|td|a|del|s)\b"
)
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
]
PREFIXES = ["http://x/", "https://example.org/a?b=", "www.example.org/", "see http://x.y/z", "mail a@b.co"]


def _assert_not_live(html: str, where: str) -> None:
    for tag in re.finditer(r"<[^>]*>?", html):
        text = tag.group()
        assert _ALLOWED_TAGS.match(text), (where, text, html[:3000])
        if text.startswith("<a"):
            href = re.search(r'href="([^"]*)"', text)
            assert href and re.match(r"(https?:|mailto:)", href.group(1)), (where, text)
        assert "onerror" not in text and "onload" not in text, (where, text)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_export_is_not_live_html_under_commonmark_or_gfm(tmp_path: Path, prefix: str) -> None:
    """Item 5: URL-like text followed by HTML, in a note and in content, renders as text
    under CommonMark and under markdown-it's gfm-like preset (linkify on)."""
    payload_text = " ".join(prefix + p for p in PAYLOADS)
    toml = MINI_BRIEFING.replace(
        'summary = "A2 deepens computing cooperation."', f"summary = {json.dumps(payload_text)}"
    )
    content = write(tmp_path / "content" / "mini.toml", toml)
    library = load_library([content], bundled=False, user=False)
    store = BookmarkStore.open()
    store.add(library, "mini:a2-t2", payload_text)
    store.add(library, "mini:s1", "\n".join(prefix + p for p in PAYLOADS))
    memo = render_markdown(store.all(), library)
    for preset in ("commonmark", "gfm-like"):
        html = MarkdownIt(preset).render(memo)
        _assert_not_live(html, preset)
        assert "onerror" in html  # still shown, as text


# --------------------------------------------------------------------------- item 6


@pytest.mark.parametrize(
    "char",
    [
        "\U000e0001",  # LANGUAGE TAG
        "\U000e0020",  # TAG SPACE
        "\U000e0041",  # TAG LATIN CAPITAL LETTER A
        "\U000e007f",  # CANCEL TAG
        "\u2028",  # LINE SEPARATOR
        "\u2029",  # PARAGRAPH SEPARATOR
        "\u00ad",  # SOFT HYPHEN
        "\u3164",  # HANGUL FILLER
        "\u115f",  # HANGUL CHOSEONG FILLER
        "\u1160",  # HANGUL JUNGSEONG FILLER
        "\uffa0",  # HALFWIDTH HANGUL FILLER
        "\u180e",  # MONGOLIAN VOWEL SEPARATOR
        "\u2062",  # INVISIBLE TIMES
        "\ufff9",  # INTERLINEAR ANNOTATION ANCHOR
        "\u034f",  # COMBINING GRAPHEME JOINER
    ],
)
def test_invisible_characters_get_placeholders(char: str) -> None:
    """Item 6: every invisible mark is shown as a visible placeholder, not as itself."""
    shown = inert(f"a{char}b")
    assert char not in shown
    assert shown.startswith("a<") and shown.endswith(">b"), repr(shown)
    assert inert(shown) == shown  # placeholders are plain text


# --------------------------------------------------------------------------- item 10


def _edge_bookmarks(mini_briefing: Path, stamps: list[str]) -> None:
    library = load_library([mini_briefing], bundled=False, user=False)
    store = BookmarkStore.open()
    keys = ["mini:s1", "mini:a1", "mini:a2", "mini:t1", "mini:t2", "mini:i1"]
    for key in keys[: len(stamps)]:
        store.add(library, key, "n")
    store.save()
    data = json.loads(paths.bookmarks_file().read_text(encoding="utf-8"))
    for record, stamp in zip(data["bookmarks"], stamps, strict=False):
        record["created"] = record["updated"] = stamp
    paths.bookmarks_file().write_text(json.dumps(data), encoding="utf-8")


EDGE_STAMPS = [
    "9999-12-31T23:59:59.999999Z",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00.000001Z",
]


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("tz", ["Asia/Seoul", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_edge_timestamps_export_in_any_time_zone(
    mini_briefing: Path, capsys: pytest.CaptureFixture[str], zone, tz: str
) -> None:
    """Item 10: years 1 and 9999 export (and list, and take a new note) in every zone."""
    _edge_bookmarks(mini_briefing, EDGE_STAMPS)
    zone(tz)
    code, out, err = run_main(capsys, "export", *opts(mini_briefing), "--out", "-")
    assert code == 0, err
    assert out.count("북마크 · bookmarked ") == len(EDGE_STAMPS)
    assert "9999-12-31" in out and "0001-01-01" in out
    code, out, err = run_main(capsys, "bookmarks", *opts(mini_briefing))
    assert code == 0, err
    store = BookmarkStore.open()
    for bookmark in store.all():
        store.set_note(bookmark.id, "new note")
        store.remove(bookmark.id)
        store.undo_remove()
    store.save()
    assert all(b.note == "new note" for b in BookmarkStore.open().all())


# --------------------------------------------------------------------------- items 15-17


def test_export_to_a_too_long_name_is_one_line(
    mini_briefing: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Item 15: ENAMETOOLONG, in the file name, a folder name, and the content path."""
    store = BookmarkStore.open()
    store.add(load_library([mini_briefing], bundled=False, user=False), "mini:s1", "n")
    store.save()
    long = "x" * 300
    for target in (tmp_path / f"{long}.md", tmp_path / long / "memo.md"):
        for force in ([], ["--force"]):
            code, out, err = run_main(capsys, "export", *opts(mini_briefing), "--out", str(target), *force)
            assert code == 1, err
            assert err.count("\n") == 1 and "too long" in err, err
    for argv in (
        ("validate", str(tmp_path / long)),
        ("bookmarks", "--content", str(tmp_path / long), "--no-bundled", "--no-user"),
        ("compare", "--list", "--content", str(tmp_path / long / "x.toml"), "--no-bundled"),
    ):
        code, out, err = run_main(capsys, *argv)
        assert code in (0, 1), (argv, err)
        assert "too long" in out + err


def test_export_where_permission_is_denied_is_one_line(
    world_dir: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Item 16, as an ordinary user: a folder of mode 000, a read-only folder, a read-only file."""
    for name in ("data", "cache", "config"):
        (world_dir / name).mkdir(mode=0o777)
        (world_dir / name).chmod(0o777)
        monkeypatch.setenv(f"XDG_{name.upper()}_HOME", str(world_dir / name))
    content = write(world_dir / "mini.toml", MINI_BRIEFING)
    store = BookmarkStore.open()
    store.add(load_library([content], bundled=False, user=False), "mini:s1", "n")
    store.save()
    for path in world_dir.rglob("*"):
        path.chmod(0o777 if path.is_dir() else 0o666)
    noperm = world_dir / "noperm"
    noperm.mkdir()
    noperm.chmod(0o000)
    readonly = world_dir / "readonly"
    readonly.mkdir()
    (readonly / "there.md").write_text("old")
    readonly.chmod(0o555)
    import briefing.bookmarks.export
    import briefing.tui.commands.export  # noqa: F401

    cases = [
        (noperm / "x.md", []),
        (noperm / "x.md", ["--force"]),
        (noperm / "sub" / "x.md", []),
        (readonly / "new.md", []),
        (readonly / "there.md", ["--force"]),
    ]
    with as_other_user():
        results = [run_main(capsys, "export", *opts(content), "--out", str(t), *f) for t, f in cases]
    for (target, _), (code, _out, err) in zip(cases, results, strict=True):
        assert code == 1, (target, err)
        assert err.count("\n") == 1 and str(target) in err and "Traceback" not in err, err
    assert (readonly / "there.md").read_text() == "old"


def _special_files(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    fifo = folder / "fifo.md"
    os.mkfifo(fifo)
    found["fifo"] = fifo
    link = folder / "link-to-fifo.md"
    link.symlink_to(fifo)
    found["symlink to a fifo"] = link
    sock = folder / "sock.md"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    server.close()
    found["socket"] = sock
    if os.geteuid() == 0:
        node = folder / "null.md"
        try:
            os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
            found["character device"] = node
        except OSError:
            pass
    return found


def test_export_never_replaces_a_special_file(
    mini_briefing: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Item 17: with or without --force, a FIFO, socket, device node or a link to one is
    refused, and stays what it was."""
    store = BookmarkStore.open()
    store.add(load_library([mini_briefing], bundled=False, user=False), "mini:s1", "n")
    store.save()
    folder = tmp_path / "special"
    folder.mkdir()
    specials = _special_files(folder)
    for what, target in specials.items():
        before = os.lstat(target)
        for force in ([], ["--force"]):
            code, out, err = run_main(capsys, "export", *opts(mini_briefing), "--out", str(target), *force)
            assert code == 1, (what, force, out, err)
            assert err.count("\n") == 1 and "regular file" in err, (what, err)
            after = os.lstat(target)
            assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode), what
            assert after.st_ino == before.st_ino, what


# --------------------------------------------------------------------------- item 18


@pytest.mark.parametrize(
    "argv",
    [
        ["paths"],
        ["--no-user", "validate"],
        ["search", "--no-user", "MOU"],
        ["search", "--no-user", "--json", "MOU"],
        ["compare", "--no-user"],
        ["compare", "--no-user", "--matrix", "--format", "json"],
        ["bookmarks", "--no-user", "--json"],
        ["export", "--no-user", "--out", "-"],
        ["--help"],
        ["search", "--help"],
    ],
)
def test_a_full_stdout_is_one_line_and_exit_1(mini_briefing: Path, argv: list[str]) -> None:
    """Item 18: every command writing to a full stdout (/dev/full): one line on stderr, exit 1."""
    store = BookmarkStore.open()
    library = load_library([], bundled=True, user=False)
    store.add(library, next(iter(library.keys())), "n")
    store.save()
    with open("/dev/full", "wb") as full:
        proc = run_cli(*argv, stdout=full)
    err = decoded(proc.stderr)
    assert proc.returncode == 1, (argv, proc.returncode, err)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "full" in lines[0], err


def test_a_closed_pipe_is_still_quiet(mini_briefing: Path) -> None:
    """Item 18's neighbour: `| head` closes the pipe early; no message, no traceback."""
    proc = subprocess.run(
        f"{os.sys.executable} -m briefing.tui.cli validate --no-user | head -c 1 >/dev/null",
        shell=True,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr, proc.stderr


# --------------------------------------------------------------------------- found while attacking


def test_undecodable_file_names_never_write_raw_c1_bytes(tmp_path: Path) -> None:
    """Found beyond the issue's list: a file name holding bytes that are not UTF-8 (0x9b is
    8-bit CSI) was written back raw by Python's surrogateescape. Shown as U+FFFD instead."""
    content = tmp_path / "content"
    content.mkdir()
    for name in (b"\x9b31m.toml", b"\x9d0;x\x9c.toml", b"\xff\xfe.toml"):
        (Path(os.fsdecode(bytes(content)) + "/" + os.fsdecode(name))).write_text("[briefing\n")
    write(content / "mini.toml", MINI_BRIEFING)
    for argv in (("validate", str(content)), ("compare", *opts(content), "--list")):
        proc = run_cli(*argv)
        assert_clean(proc)  # raw 0x80-0x9f bytes outside UTF-8 count as C1 there
        assert "\ufffd" in decoded(proc.stdout + proc.stderr)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp949"])
def test_a_terminal_that_cannot_show_korean_gets_no_traceback(mini_briefing: Path, encoding: str) -> None:
    """Found beyond the issue's list: with PYTHONIOENCODING=ascii (or a Latin-1 locale) every
    Korean title ended in a UnicodeEncodeError traceback. Unshowable characters become "?"."""
    for argv in (
        ["--no-user", "compare", "--list"],
        ["--no-user", "validate"],
        ["search", "--no-user", "데이터"],
        ["search", "--no-user", "--json", "데이터"],
    ):
        proc = run_cli(*argv, env={"PYTHONIOENCODING": encoding})
        err = proc.stderr.decode(encoding, "replace")
        assert proc.returncode == 0, (argv, err)
        assert "Traceback" not in err, err
        assert proc.stdout


@pytest.mark.parametrize("closed", [1, 2])
def test_a_closed_stdout_or_stderr_is_no_traceback(mini_briefing: Path, closed: int) -> None:
    """Found while attacking: `briefing paths >&-` (stdout closed, so Python has no
    sys.stdout) ended in an AttributeError traceback. One line on stderr, exit 1; with
    stderr closed, nothing to say but no crash."""
    for argv in (["paths"], ["--no-user", "compare", "--list"], ["search", "--no-user", "MOU"]):
        proc = subprocess.run(
            [os.sys.executable, "-m", "briefing.tui.cli", *argv],
            stdout=subprocess.PIPE if closed == 2 else None,
            stderr=subprocess.PIPE if closed == 1 else None,
            preexec_fn=lambda: os.close(closed),
            timeout=60,
            check=False,
        )
        if closed == 1:
            err = decoded(proc.stderr)
            assert proc.returncode == 1 and "Traceback" not in err, err
            assert err.strip().splitlines() == [
                "briefing: cannot write the output: standard output is closed"
            ]
        else:
            assert proc.returncode == 0 and proc.stdout
