"""Which files make up which briefings, and a cheap fingerprint of them (no parsing)."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from briefing.content.problems import Problem

BRIEFING_FILE = "briefing.toml"


def find_briefing_roots(path: Path, problems: list[Problem]) -> list[Path]:
    """Briefings at ``path``: itself if it is one, else each one directly inside it."""
    try:
        if path.is_file():
            return [path]
        if not path.is_dir():
            problems.append(Problem(path, "no such file or folder"))
            return []
        if (path / BRIEFING_FILE).is_file():
            return [path]
        roots: list[Path] = []
        for child in sorted(path.iterdir()):
            if child.name.startswith("."):
                continue
            if (child.is_dir() and (child / BRIEFING_FILE).is_file()) or (
                child.is_file() and child.suffix == ".toml"
            ):
                roots.append(child)
        return roots
    except OSError as exc:
        # Symlink loops and unreadable folders end up here.
        problems.append(Problem(path, f"cannot list: {exc.strerror or exc}"))
        return []


def briefing_files(root: Path, problems: list[Problem]) -> list[Path]:
    """The TOML files of one briefing, its metadata file first."""
    if root.is_file():
        return [root]
    files = [root / BRIEFING_FILE]
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(root, f"cannot list: {exc.strerror or exc}"))
        return files
    for entry in entries:
        if entry.name.endswith(".toml") and entry.name != BRIEFING_FILE:
            try:
                if entry.is_file():
                    files.append(Path(entry.path))
            except OSError as exc:
                problems.append(Problem(Path(entry.path), f"cannot read: {exc}"))
    return files


def stat_fingerprint(paths: Iterable[Path]) -> str:
    """Names, sizes and modification times of every briefing file under ``paths``.

    Cheap (no file is read), so the app can tell at start whether its cached parse of
    the content is still good.
    """
    digest = hashlib.blake2b(digest_size=16)
    scratch: list[Problem] = []
    for path in paths:
        digest.update(f"root\0{path}\n".encode())
        for root in find_briefing_roots(Path(path), scratch):
            for file in briefing_files(root, scratch):
                try:
                    stat = file.stat()
                    digest.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
                except OSError:
                    digest.update(f"{file}\0missing\n".encode())
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
