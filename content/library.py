"""The set of loaded briefings the app and the commands work on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.content import paths
from briefing.content.model import Briefing, Unit, make_key, split_key
from briefing.content.problems import Problem


@dataclass(slots=True)
class Library:
    briefings: list[Briefing] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    def __iter__(self) -> Iterator[Briefing]:
        return iter(self.briefings)

    def __len__(self) -> int:
        return len(self.briefings)

    def briefing(self, briefing_id: str) -> Briefing | None:
        for briefing in self.briefings:
            if briefing.id == briefing_id:
                return briefing
        return None

    def get(self, key: str) -> tuple[Briefing, Unit] | None:
        """The briefing and unit for a key ``"<briefing>:<unit>"``, or None."""
        briefing_id, unit_id = split_key(key)
        briefing = self.briefing(briefing_id)
        if briefing is None:
            return None
        unit = briefing.get(unit_id)
        return (briefing, unit) if unit is not None else None

    def keys(self) -> Iterator[str]:
        for briefing in self.briefings:
            for unit_id in briefing.units:
                yield make_key(briefing.id, unit_id)

    @property
    def fingerprint(self) -> str:
        return "+".join(f"{b.id}={b.fingerprint}" for b in self.briefings)

    def merge(self, other: Library) -> list[Briefing]:
        """Add ``other``'s briefings and problems; a briefing whose id is taken is skipped."""
        added: list[Briefing] = []
        for briefing in other.briefings:
            taken = self.briefing(briefing.id)
            if taken is not None:
                self.problems.append(
                    Problem(
                        briefing.path,
                        f'briefing "{briefing.id}" skipped: the same id is already loaded from {taken.path}',
                    )
                )
                continue
            self.briefings.append(briefing)
            added.append(briefing)
        self.problems.extend(other.problems)
        self.skipped.extend(other.skipped)
        return added

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def default_paths(extra: Iterable[Path] = (), *, bundled: bool = True, user: bool = True) -> list[Path]:
    found: list[Path] = []
    if bundled:
        found.append(paths.bundled_dir())
    if user and paths.user_content_dir().is_dir():
        found.append(paths.user_content_dir())
    found.extend(Path(p) for p in extra)
    return found


def load_roots(roots: Sequence[Path], *, cached: bool = False) -> Library:
    """Load every briefing found at ``roots``.

    ``cached``: reuse the parse of an earlier run while no file has changed (the app's start).
    """

    def load() -> Library:
        from briefing.content.loader import load_paths

        result = load_paths(roots)
        return Library(result.briefings, result.problems, result.skipped)

    if cached:
        from briefing.content.cache import load_cached

        return load_cached(roots, load)
    return load()


def load_library(
    extra: Iterable[Path] = (), *, bundled: bool = True, user: bool = True, cached: bool = False
) -> Library:
    """Load the bundled briefings, the user's own, and any extra paths (``--content``)."""
    return load_roots(default_paths(extra, bundled=bundled, user=user), cached=cached)
