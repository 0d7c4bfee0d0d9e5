"""Which files make up which briefings, and a cheap fingerprint of them (no parsing).

Nothing here opens a file. Every entry of a content folder that cannot be used is named in
a problem, and only it is skipped: an unreadable sub-folder, a symlink loop, a link to
nothing, a FIFO or a folder named ``*.toml`` never hides the briefings beside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from briefing.content.problems import Problem
from briefing.content.userfiles import describe_oserror, kind_of

BRIEFING_FILE = "briefing.toml"


def reason(exc: OSError) -> str:
    """A few words for why a path could not be used."""
    return describe_oserror(exc)


def _stat(path: Path, problems: list[Problem], *, listed: bool = False) -> os.stat_result | None:
    """``path``'s stat through symlinks, or None with a problem naming it (``listed``: it
    was just seen in its folder, so a missing one vanished meanwhile)."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            problems.append(Problem(path, "skipped: a link to nothing (its target does not exist)"))
        else:
            problems.append(
                Problem(path, "file vanished while loading" if listed else "no such file or folder")
            )
    except OSError as exc:
        problems.append(Problem(path, f"skipped: cannot read: {reason(exc)}"))
    return None


def _briefing_marker(folder: Path, problems: list[Problem]) -> bool | None:
    """Whether ``folder`` holds a usable briefing.toml: True, False (none), or None when it
    cannot be told or the file is not a regular one (a problem names it)."""
    marker = folder / BRIEFING_FILE
    try:
        found = os.stat(marker)
    except FileNotFoundError:
        if os.path.islink(marker):
            problems.append(Problem(marker, "skipped: a link to nothing (its target does not exist)"))
            return None
        return False
    except NotADirectoryError:
        return False
    except OSError as exc:
        problems.append(Problem(folder, f"skipped: cannot read: {reason(exc)}"))
        return None
    if not stat.S_ISREG(found.st_mode):
        problems.append(Problem(marker, f"skipped: not a regular file ({kind_of(found.st_mode)})"))
        return None
    return True


def find_briefing_roots(path: Path, problems: list[Problem]) -> list[Path]:
    """Briefings at ``path``: itself if it is one, else each one directly inside it."""
    path = Path(path)
    top = _stat(path, problems)
    if top is None:
        return []
    if stat.S_ISREG(top.st_mode):
        return [path]
    if not stat.S_ISDIR(top.st_mode):
        problems.append(Problem(path, f"skipped: not a regular file ({kind_of(top.st_mode)})"))
        return []
    marker = _briefing_marker(path, problems)
    if marker is None:
        return []
    if marker:
        return [path]
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(path, f"cannot list: {reason(exc)}"))
        return []
    roots: list[Path] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = Path(entry.path)
        found = _stat(child, problems, listed=True)
        if found is None:
            continue
        if stat.S_ISDIR(found.st_mode):
            has = _briefing_marker(child, problems)
            if has:
                roots.append(child)
            elif has is False and child.suffix == ".toml":
                problems.append(
                    Problem(child, "skipped: a folder, not a TOML file (and no briefing.toml in it)")
                )
        elif child.suffix == ".toml":
            if stat.S_ISREG(found.st_mode):
                roots.append(child)
            else:
                problems.append(Problem(child, f"skipped: not a regular file ({kind_of(found.st_mode)})"))
    return roots


def briefing_files(root: Path, problems: list[Problem]) -> list[Path]:
    """The TOML files of one briefing, its metadata file first."""
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.stat(root).st_mode):
            return [root]
    files = [root / BRIEFING_FILE]
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(root, f"cannot list: {reason(exc)}"))
        return files
    for entry in entries:
        if not entry.name.endswith(".toml") or entry.name == BRIEFING_FILE:
            continue
        path = Path(entry.path)
        found = _stat(path, problems, listed=True)
        if found is None:
            continue
        if stat.S_ISREG(found.st_mode):
            files.append(path)
        elif stat.S_ISDIR(found.st_mode):
            problems.append(Problem(path, "skipped: a folder, not a TOML file"))
        else:
            problems.append(Problem(path, f"skipped: not a regular file ({kind_of(found.st_mode)})"))
    return files


def stat_fingerprint(paths: Iterable[Path]) -> str:
    """Names, sizes and modification times of every briefing file under ``paths``.

    Cheap (no file is read), so the app can tell at start whether its cached parse of
    the content is still good.
    """
    digest = hashlib.blake2b(digest_size=16)
    scratch: list[Problem] = []
    for path in paths:
        # Paths as the file system holds them: a name need not be UTF-8.
        digest.update(os.fsencode(f"root\0{path}\n"))
        for root in find_briefing_roots(Path(path), scratch):
            for file in briefing_files(root, scratch):
                try:
                    stat = file.stat()
                    digest.update(os.fsencode(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\n"))
                except OSError:
                    digest.update(os.fsencode(f"{file}\0missing\n"))
    digest.update(f"{len(scratch)}".encode())
    return digest.hexdigest()


def content_bytes(path: Path) -> int:
    """Total size of the briefing files under ``path`` (no file is read)."""
    scratch: list[Problem] = []
    total = 0
    for root in find_briefing_roots(Path(path), scratch):
        for file in briefing_files(root, scratch):
            with contextlib.suppress(OSError):
                total += file.stat().st_size
    return total
