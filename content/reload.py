"""Reloading one briefing from disk, and noticing cheaply that its files changed.

For an app that follows edits made while it runs: :class:`ChangeDetector` compares stat
stamps (no file is read), :func:`reload_briefing` reads one briefing again and swaps it into
the library only when it loads without errors, so the last good version stays until the
files are fixed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.content.discovery import briefing_files, find_briefing_roots
from briefing.content.library import Library
from briefing.content.model import Briefing
from briefing.content.problems import Problem

Stamps = tuple[tuple[str, int, int, int], ...]


def file_stamps(root: Path) -> Stamps:
    """Name, size, modification time and inode of each file of the briefing at ``root``.

    A file added, removed, rewritten or replaced (editors that save by rename) changes it.
    """
    scratch: list[Problem] = []
    stamps: list[tuple[str, int, int, int]] = []
    for file in briefing_files(root, scratch):
        try:
            info = file.stat()
        except OSError:
            stamps.append((str(file), -1, -1, -1))
            continue
        stamps.append((str(file), info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(stamps)


@dataclass(slots=True)
class ChangeDetector:
    """Which briefings' files changed since the last look (cheap enough to poll each second)."""

    _seen: dict[str, tuple[Path, Stamps]] = field(default_factory=dict)

    @classmethod
    def of(cls, library: Library) -> ChangeDetector:
        detector = cls()
        for briefing in library:
            detector.track(briefing)
        return detector

    def track(self, briefing: Briefing) -> None:
        """Take the briefing's files as they are now as its unchanged state."""
        self._seen[briefing.id] = (briefing.path, file_stamps(briefing.path))

    def forget(self, briefing_id: str) -> None:
        self._seen.pop(briefing_id, None)

    def untracked(self, content_paths: Iterable[Path]) -> list[Path]:
        """Briefings under ``content_paths`` (the folders the library was loaded from) that
        are not tracked: one imported or written while the app runs, to be loaded and added."""
        known = set()
        for root, _ in self._seen.values():
            with contextlib.suppress(OSError):
                known.add(root.resolve())
        scratch: list[Problem] = []
        found: list[Path] = []
        for path in content_paths:
            for root in find_briefing_roots(Path(path), scratch):
                with contextlib.suppress(OSError):
                    if root.resolve() not in known:
                        found.append(root)
        return found

    def changed(self) -> list[str]:
        """Ids of briefings whose files changed since they were tracked or last reported."""
        found: list[str] = []
        for briefing_id, (root, before) in list(self._seen.items()):
            now = file_stamps(root)
            if now != before:
                self._seen[briefing_id] = (root, now)
                found.append(briefing_id)
        return found


@dataclass(slots=True)
class Reload:
    #: The briefing now in the library: the new version, or the last good one.
    briefing: Briefing | None
    #: Everything the loader said of the briefing's files (errors and warnings), one line each.
    problems: list[Problem]
    #: True when the new version replaced the old one in the library.
    replaced: bool

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def _belongs(problem: Problem, root: Path) -> bool:
    with contextlib.suppress(ValueError):
        return problem.file == root or problem.file.is_relative_to(root)
    return False


def reload_briefing(library: Library, briefing_id: str) -> Reload:
    """Read the briefing ``briefing_id`` again from its files.

    Without errors, the new version replaces the old one in ``library`` (same place in the
    order) and the library's problems for its files are replaced by the new ones. With errors,
    the library keeps the last good version and the problems say what to fix (file:line).
    """
    from briefing.content.loader import load_briefing

    old = library.briefing(briefing_id)
    if old is None:
        raise KeyError(briefing_id)
    result = load_briefing(old.path)
    problems = list(result.problems)
    new = result.briefings[0] if result.briefings else None
    if new is not None and new.id != old.id and library.briefing(new.id) is not None:
        problems.append(
            Problem(
                old.path,
                f'briefing id changed to "{new.id}", which another loaded briefing has; keeping "{old.id}"',
            )
        )
    if new is None or any(p.is_error for p in problems):
        return Reload(old, problems, False)
    library.briefings[library.briefings.index(old)] = new
    library.problems[:] = [p for p in library.problems if not _belongs(p, old.path)] + problems
    library.skipped[:] = [s for s in library.skipped if s != old.path and not s.is_relative_to(old.path)]
    library.skipped.extend(result.skipped)
    return Reload(new, problems, True)
