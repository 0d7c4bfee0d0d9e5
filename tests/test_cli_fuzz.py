"""End-to-end fuzzing of the command line, from outside.

Hypothesis builds a content folder (valid briefings with hostile strings, broken TOML, raw
bytes, BOMs, FIFOs, symlink loops, folders named *.toml), the user's files (bookmarks with
edge timestamps and escape codes, or garbage, or a FIFO; settings; a damaged index), an
argument list, a time zone, an output encoding and a stdout (a pipe, /dev/full, closed),
then runs ``briefing`` as a separate process. Every run must:

- exit with 0, 1 or 2;
- print no ``Traceback`` (nor "Exception ignored") on stderr;
- put no ESC or C1 control on either stream;
- finish within ``TIMEOUT`` seconds (a FIFO opened as a file would block for ever).

The suite runs a small budget; a longer run is one command::

    BRIEFING_FUZZ_EXAMPLES=500 .venv/bin/pytest -q tests/test_cli_fuzz.py --hypothesis-show-statistics
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI_BRIEFING
from tests.reliability_helpers import assert_clean, run_cli

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "20"))
TIMEOUT = 60.0

# --------------------------------------------------------------------------- strings

HOSTILE = [
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J",
    "\x1b[31m",
    "\x9b1;31m",
    "\x9d0;title\x9c",
    "\x9d",
    "\x9c",
    "\x90q\x9c",
    "\x1bP",
    "\x1b\\",
    "\x07",
    "\x85",
    "\x00",
    "\r",
    "\n",
    "\t",
    "\u202e",
    "\u200b",
    "\U000e0041",
    "\u2028",
    "\u00ad",
    "\u3164",
    "\ufeff",
    "[bold]x[/bold]",
    "[link=http://x]y[/link]",
    "<img src=x onerror=alert(1)>",
    "http://x/<img src=x onerror=alert(1)>",
    "www.x.org/<svg onload=a>",
    "# heading",
    "> quote",
    "1. item",
    "|a|b|",
    "&amp;",
    "미국과",
    "고성능 컴퓨팅",
    "s1\n",
    "x" * 300,
    "../../etc/passwd",
    "-",
    "--",
    "--help",
    "%s%n",
    "\ud800",
]

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), min_size=0, max_size=4
).map("".join)

EDGE_STAMPS = [
    "9999-12-31T23:59:59.999999Z",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "2025-11-02T09:30:00.000000Z",
    "not a time",
    "",
]
stamps = st.one_of(st.sampled_from(EDGE_STAMPS), hostile_text)


def toml_string(text: str) -> str:
    """A TOML basic string for ``text`` (lone surrogates make it invalid, which is fine)."""
    return json.dumps(text)


# --------------------------------------------------------------------------- content

MINI_KEYS = [
    'id = "s1"',
    'title = "First"',
    'id = "a1"',
    'short_name = "A1 MOU"',
    'id = "t1"',
    'text = "The article',
]


@st.composite
def briefing_file(draw: st.DrawFn) -> bytes:
    """One TOML file: the mini briefing with hostile edits, or something broken."""
    kind = draw(st.sampled_from(["mini", "mini", "mini", "broken", "bytes", "units", "many-keys"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "broken":
        return (
            draw(st.sampled_from(["[briefing\n", "[[section]]\nid = ", 'x = """', "[a]\n[a]\n"]))
            + draw(hostile_text)
        ).encode("utf-8", "surrogatepass")
    text = MINI_BRIEFING
    new_id = draw(st.sampled_from(["mini", "other", "mini2"]))
    text = text.replace('id = "mini"', f'id = "{new_id}"', 1)
    for _ in range(draw(st.integers(0, 3))):
        target = draw(st.sampled_from(MINI_KEYS))
        key = target.split(" = ")[0]
        value = draw(hostile_text)
        if target.endswith('"The article'):
            text = text.replace(
                target, f"text = {toml_string(value)}\narticle_says = {toml_string(value)}\n#", 1
            )
        else:
            text = text.replace(target, f"{key} = {toml_string(value)}", 1)
    if draw(st.booleans()) and draw(st.booleans()):
        source = draw(
            st.one_of(st.sampled_from(["x" * 300, "fifo.toml", "a.toml", "/dev/zero", "."]), hostile_text)
        )
        text = text.replace('language = "en"', f'language = "en"\nsource = {toml_string(source)}', 1)
    if kind == "units":
        extra = draw(hostile_text)
        text += f'\n[[note]]\nid = "nz"\ntargets = [{toml_string(extra)}]\nkind = "note"\ntext = {toml_string(extra)}\n'
        text += f'\n[[{toml_string(extra)}]]\nid = "q"\n'
    if kind == "many-keys":
        count = draw(st.integers(10, 400))
        text += '\n[[topic]]\nid = "tk"\nlabel_ko = "k"\nlabel_en = "e"\n'
        text += "\n".join(f'{toml_string(draw(hostile_text) or "k")[:-1]}{n}" = {n}' for n in range(count))
        text += "\n"
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


SPECIALS = ["fifo", "loop", "dangling", "folder.toml", "socket", "unreadable"]


@dataclass
class Scenario:
    files: dict[str, bytes]
    specials: list[str]
    in_user_folder: bool
    bookmarks: str | bytes | None
    config: str | bytes | None
    index: tuple[bytes, str] | None
    argv: list[str]
    stdout: str
    tz: str
    encoding: str


@st.composite
def bookmarks_file(draw: st.DrawFn) -> str | bytes | None:
    kind = draw(
        st.sampled_from(["none", "records", "records", "garbage", "fifo", "folder", "devnull", "loop"])
    )
    if kind == "none":
        return None
    if kind in ("fifo", "folder", "devnull", "loop"):
        return kind
    if kind == "garbage":
        return draw(st.binary(max_size=100))
    records = []
    for n in range(draw(st.integers(0, 5))):
        key = draw(st.sampled_from(["mini:s1", "mini:a1", "mini:a1-t1", "other:s1", "gone:x", ""])) or draw(
            hostile_text
        )
        record: dict[str, object] = {
            "id": key if n % 2 else f"{key}{n}",
            "key": key,
            "created": draw(stamps),
            "updated": draw(stamps),
            "note": draw(hostile_text),
            "kind": draw(st.sampled_from(["section", "clause", "compare", "", "x"])),
            "heading": draw(hostile_text),
            "text": draw(hostile_text),
            "citation": {
                "briefing": draw(st.sampled_from(["mini", "other", ""])),
                "location": draw(hostile_text),
                "group": draw(hostile_text),
                "url": draw(st.sampled_from(["https://example.org", "javascript:x", ""]))
                + draw(hostile_text),
            },
        }
        if draw(st.booleans()) and draw(st.booleans()):
            record["compare"] = {"left": "mini:a1-t1", "right": None, "topic": draw(hostile_text)}
        if draw(st.booleans()) and draw(st.booleans()):
            record[draw(st.sampled_from(["citation", "note", "compare", "id"]))] = draw(
                st.sampled_from([None, 1, [], "x", {}])
            )
        records.append(record)
    document = {
        "format": "briefing-bookmarks",
        "version": draw(st.sampled_from([1, 1, 1, 2, "1", None])),
        "bookmarks": records,
        "deleted": [{"id": "mini:t1", "deleted": draw(stamps)}],
    }
    return json.dumps(document, ensure_ascii=draw(st.booleans()))


@st.composite
def index_state(draw: st.DrawFn) -> tuple[bytes, str] | None:
    if draw(st.booleans()):
        return None
    current = draw(st.sampled_from([b"g1-1-1", b"g1-1-1\n", b"\xff\xfe", b"../x", b"", b"g1-1-1\x00"]))
    state: dict[str, object] = {
        "version": draw(st.sampled_from([8, 7, "8", None])),
        "fingerprints": draw(st.sampled_from([{}, {"mini": "x"}, [1, 2], "x", None])),
        "docs": draw(st.sampled_from([0, 11, -1, "11", True, None])),
        "files": draw(st.sampled_from([{}, {"x": [1, 2]}, [1], {"x": "y"}, None])),
    }
    return current, json.dumps(state)


@st.composite
def arguments(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["validate", "search", "compare", "bookmarks", "export", "paths", "junk"]))
    words = st.one_of(
        st.sampled_from(["mini", "a1", "a2", "s1", "MOU", "데이터셋", "kind:clause", "-x"]), hostile_text
    )
    argv: list[str]
    if command == "validate":
        argv = ["validate", *(["-q"] if draw(st.booleans()) else []), "{content}"]
    elif command == "search":
        argv = ["search", *(["--json"] if draw(st.booleans()) else []), "--", draw(words) or "x"]
        if draw(st.booleans()):
            argv[1:1] = ["--limit", draw(st.sampled_from(["1", "5", "0", "x", "99999"]))]
    elif command == "compare":
        argv = ["compare"]
        argv += draw(
            st.sampled_from(
                [[], ["--list"], ["--matrix"], ["-d"], ["--format", "json"], ["--matrix", "--format", "json"]]
            )
        )
        argv += draw(st.sampled_from([[], ["a1", "a2"], ["a2", "a1"], ["mini:a1", "x"]]))
        if draw(st.booleans()):
            argv += ["--briefing", draw(words)]
    elif command == "bookmarks":
        argv = [
            "bookmarks",
            *draw(
                st.sampled_from([[], ["--json"], ["--order", "briefing"], ["--json", "--order", "briefing"]])
            ),
        ]
    elif command == "export":
        target = draw(
            st.sampled_from(
                [
                    "-",
                    "{tmp}/memo.md",
                    "{tmp}/" + "y" * 300,
                    "{tmp}/fifo-out",
                    "{tmp}/node",
                    "{tmp}",
                    "{tmp}/no/such/x.md",
                    "{tmp}/memo.md",
                ]
            )
        )
        argv = ["export", "--out", target, *(["--force"] if draw(st.booleans()) else [])]
        if draw(st.booleans()) and draw(st.booleans()):
            argv += ["--briefing", draw(words)]
    elif command == "paths":
        argv = ["paths"]
    else:
        argv = [draw(words) or "x", draw(words)]
    if command not in ("validate", "paths", "junk"):
        argv += ["--no-bundled"]
        if draw(st.booleans()):
            argv += ["--content", "{content}"]
    if draw(st.booleans()) and draw(st.booleans()):
        argv.append(draw(words))  # a stray argument: argparse's own message must be inert too
    return argv


scenarios = st.builds(
    Scenario,
    files=st.dictionaries(
        st.sampled_from(
            [
                "a.toml",
                "b.toml",
                "c.toml",
                "sub/briefing.toml",
                "sub/more.toml",
                "\x1b[31mred.toml",
                "x\x9d.toml",
                "\udc9b31m.toml",
                "\udcff.toml",
            ]
        ),
        briefing_file(),
        min_size=1,
        max_size=3,
    ),
    specials=st.lists(st.sampled_from(SPECIALS), max_size=2, unique=True),
    in_user_folder=st.booleans(),
    bookmarks=bookmarks_file(),
    config=st.one_of(st.none(), st.sampled_from(["fifo", b"theme = 1\n", b"\xff"]), hostile_text),
    index=index_state(),
    argv=arguments(),
    stdout=st.sampled_from(["pipe", "pipe", "pipe", "pipe", "full", "closed"]),
    tz=st.sampled_from(["UTC", "Asia/Seoul", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12"]),
    encoding=st.sampled_from(["", "", "", "ascii", "latin-1"]),
)


# --------------------------------------------------------------------------- building the world


def _special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere")
    elif kind in ("folder", "folder.toml"):
        path.mkdir()
    elif kind == "devnull":
        path.symlink_to("/dev/null")
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(str(path))
        except OSError:
            pass  # a path too long for a socket name
        finally:
            sock.close()
    elif kind == "unreadable":
        path.mkdir()
        (path / "briefing.toml").write_text(MINI_BRIEFING)
        path.chmod(0)


def build_world(root: Path, scenario: Scenario) -> tuple[list[str], dict[str, str]]:
    env = {name: str(root / "xdg" / name) for name in ("data", "cache", "config")}
    xdg = {f"XDG_{k.upper()}_HOME": v for k, v in env.items()}
    xdg["XDG_DOCUMENTS_DIR"] = str(root / "docs")
    xdg["HOME"] = str(root / "home")
    xdg["TZ"] = scenario.tz
    if scenario.encoding:
        xdg["PYTHONIOENCODING"] = scenario.encoding
    for folder in (*env.values(), root / "docs", root / "home"):
        Path(folder).mkdir(parents=True, exist_ok=True)
    data = Path(env["data"]) / "briefing"
    content = data / "briefings" if scenario.in_user_folder else root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, body in scenario.files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    for kind in scenario.specials:
        _special(content / (kind if kind.endswith(".toml") else f"{kind}.toml"), kind)
    bookmarks = data / "bookmarks.json"
    data.mkdir(parents=True, exist_ok=True)
    if isinstance(scenario.bookmarks, bytes):
        bookmarks.write_bytes(scenario.bookmarks)
    elif scenario.bookmarks in ("fifo", "folder", "devnull", "loop"):
        _special(bookmarks, scenario.bookmarks)
    elif isinstance(scenario.bookmarks, str):
        bookmarks.write_text(scenario.bookmarks, encoding="utf-8", errors="surrogatepass")
    config = Path(env["config"]) / "briefing" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    if scenario.config == "fifo":
        _special(config, "fifo")
    elif isinstance(scenario.config, bytes):
        config.write_bytes(scenario.config)
    elif isinstance(scenario.config, str):
        config.write_text(f"[keymap]\n{json.dumps(scenario.config)} = {json.dumps(scenario.config)}\n")
    if scenario.index is not None:
        index = Path(env["cache"]) / "briefing" / "index"
        generation = index / "g1-1-1"
        generation.mkdir(parents=True)
        (index / "CURRENT").write_bytes(scenario.index[0])
        (generation / "state.json").write_text(scenario.index[1])
        (generation / "_MAIN_1.toc").write_bytes(b"\x00garbage")
    tmp = root / "out"
    tmp.mkdir()
    os.mkfifo(tmp / "fifo-out")
    if os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.mknod(tmp / "node", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    argv = [_passable(a.replace("{content}", str(content)).replace("{tmp}", str(tmp))) for a in scenario.argv]
    return argv, xdg


def _passable(arg: str) -> str:
    """What a shell could pass at all: no NUL, and bytes a file system name could hold."""
    arg = arg.replace("\x00", "")
    try:
        os.fsencode(arg)
    except UnicodeEncodeError:
        arg = arg.encode("utf-8", "replace").decode("utf-8")
    return arg


def _cleanup(root: Path) -> None:
    for folder, dirs, _ in os.walk(root):
        for name in dirs:
            with contextlib.suppress(OSError):
                os.chmod(os.path.join(folder, name), 0o755)
    shutil.rmtree(root, ignore_errors=True)


def run_scenario(scenario: Scenario) -> subprocess.CompletedProcess[bytes]:
    root = Path(tempfile.mkdtemp(prefix="briefing-fuzz-"))
    try:
        argv, env = build_world(root, scenario)
        if scenario.stdout == "full":
            with open("/dev/full", "wb") as full:
                return run_cli(*argv, env=env, timeout=TIMEOUT, stdout=full)
        return run_cli(*argv, env=env, timeout=TIMEOUT, close_stdout=scenario.stdout == "closed")
    finally:
        _cleanup(root)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    # No "explain" phase: it reruns the failing case hundreds of times for a hint.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(scenarios)
def test_the_command_line_survives_anything(scenario: Scenario) -> None:
    """Exit 0/1/2, no traceback, no escape code on either stream, within the time bound."""
    proc = run_scenario(scenario)
    assert_clean(proc)
