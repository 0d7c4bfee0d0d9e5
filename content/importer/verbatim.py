"""The verbatim check: the text read back from the written briefing equals the document's.

The written folder is loaded with the real loader, the text rebuilt from the sections of
its ``sections.toml`` (each heading that is the document's own, then every paragraph
line), and compared line by line, ends stripped, with the document's reference text.
"""

from __future__ import annotations

from pathlib import Path

from briefing.content.importer.draft import cut, rebuild_lines
from briefing.content.problems import Problem

SECTIONS_FILE = "sections.toml"


def compare(reference: list[tuple[int, str]], rebuilt: list[str]) -> str | None:
    """None when equal, else one line saying where the first difference is."""
    for i, (line, text) in enumerate(reference):
        if i >= len(rebuilt):
            return f"line {line} is missing from the written briefing: {cut(text, 60)!r}"
        got = rebuilt[i]
        if got != text and i + 1 < len(reference) and got == reference[i + 1][1]:
            return f"line {line} is missing from the written briefing: {cut(text, 60)!r}"
        if got != text and i + 1 < len(rebuilt) and rebuilt[i + 1] == text:
            return f"before line {line}, the written briefing has text the source lacks: {cut(got, 60)!r}"
        if got != text:
            col = next(
                (k for k, (a, b) in enumerate(zip(text, got, strict=False)) if a != b),
                min(len(text), len(got)),
            )
            return (
                f"line {line}, column {col + 1}: the source has {cut(text[col:], 30)!r}, "
                f"the written briefing {cut(got[col:], 30)!r}"
            )
    if len(rebuilt) > len(reference):
        return f"the written briefing has text the source lacks: {cut(rebuilt[len(reference)], 60)!r}"
    return None


def check_written(folder: Path, reference: list[tuple[int, str]]) -> tuple[str | None, list[Problem]]:
    """Load ``folder`` as a briefing; return (the first difference or None, the loader's problems)."""
    from briefing.content.loader import load_briefing, unit_places

    result = load_briefing(folder)
    own = folder / SECTIONS_FILE
    if not result.briefings:
        first = next((p for p in result.problems if p.is_error), None)
        return (
            f"the written briefing does not load: {first.message if first else 'unknown'}",
            result.problems,
        )
    briefing = result.briefings[0]
    places = unit_places(folder)
    sections = [s for s in briefing.sections if places.get(s.id, (None,))[0] == own]
    return compare(reference, rebuild_lines(sections)), result.problems
