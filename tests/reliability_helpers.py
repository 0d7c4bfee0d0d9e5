"""Helpers for attacking the command line from outside: subprocess runs, other users, special files."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

#: ESC and the C1 controls (U+0080-U+009F, and as raw bytes 0x80-0x9f outside UTF-8, which
#: surrogateescape decoding shows as U+DC80-U+DC9F): none may reach a terminal.
TERMINAL_CONTROL = re.compile("[\x1b\x80-\x9f\udc80-\udc9f]")

NOBODY = 65534


def control_in(text: str) -> str | None:
    """The first ESC or C1 control in ``text`` (repr), or None."""
    found = TERMINAL_CONTROL.search(text)
    return repr(found.group()) if found else None


def run_cli(
    *argv: str,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    stdout: int | object = subprocess.PIPE,
    close_stdout: bool = False,
    preexec_fn: Callable[[], object] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """``briefing ARGV`` as a separate process, with this test's XDG folders; ``preexec_fn``
    runs in the child before it starts (a resource limit, say)."""
    full_env = dict(os.environ, LANG="C.UTF-8", NO_COLOR="1", **(env or {}))
    full_env.pop("COLUMNS", None)

    def prepare() -> None:
        if close_stdout:
            os.close(1)
        if preexec_fn is not None:
            preexec_fn()

    return subprocess.run(
        [sys.executable, "-m", "briefing.tui.cli", *argv],
        stdout=None if close_stdout else stdout,
        stderr=subprocess.PIPE,
        preexec_fn=prepare if close_stdout or preexec_fn is not None else None,
        env=full_env,
        timeout=timeout,
        check=False,
    )


def decoded(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", "surrogateescape")


def assert_clean(proc: subprocess.CompletedProcess[bytes]) -> None:
    """The properties every run of the command line keeps."""
    out, err = decoded(proc.stdout), decoded(proc.stderr)
    assert proc.returncode in (0, 1, 2), (proc.returncode, err[-2000:])
    assert "Traceback" not in err, err[-3000:]
    assert "Exception ignored" not in err, err[-3000:]
    assert control_in(out) is None, control_in(out)
    assert control_in(err) is None, control_in(err)


@contextlib.contextmanager
def as_other_user() -> Iterator[None]:
    """Run the body with the permissions of an ordinary user.

    As root, the effective uid and gid become nobody's (file permission checks use them)
    and come back afterwards; as an ordinary user nothing changes.
    """
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def world_dir() -> Iterator[Path]:
    """A temp folder another user can reach (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-rel-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for root, dirs, _ in os.walk(folder):
            for name in dirs:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(root, name), 0o755)
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
