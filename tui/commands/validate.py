"""`briefing validate [PATH ...]`: check briefings' TOML syntax and schema."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help="check briefings for errors (no path: the bundled and your own)",
        description="Check TOML syntax, schema, ids and links. Exit 0 when clean, 1 on errors.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors and warnings only")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefing.content.library import default_paths
    from briefing.content.loader import load_paths
    from briefing.tui.commands.common import say

    if args.paths:
        targets = [*args.paths, *args.content]
    else:
        targets = default_paths(args.content, bundled=not args.no_bundled, user=not args.no_user)
    result = load_paths(targets)
    _glossary_warnings(result)
    for problem in result.problems:
        say(problem)
    if args.paths and not result.briefings and not result.errors:
        # A path with nothing to check is a mistake, not a clean result.
        for path in args.paths:
            say(
                f"{path}: no briefing here (a briefing is a .toml file with [briefing], or a folder with briefing.toml)"
            )
        return 1
    errors = len(result.errors)
    warnings = len(result.warnings)
    if not args.quiet:
        for briefing in result.briefings:
            counts = ", ".join(
                f"{len(getattr(briefing, group))} {group}"
                for group in ("sections", "agreements", "topics", "clauses", "implications", "notes", "terms")
            )
            say(f"ok: {briefing.id} ({briefing.path}): {counts}")
        say(f"{len(result.briefings)} briefing(s), {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def _glossary_warnings(result) -> None:
    """Aliases search will not widen to because the text uses them in another sense."""
    from briefing.content.problems import Problem
    from briefing.index.glossary import alias_warnings

    for briefing in result.briefings:
        for message in alias_warnings(briefing):
            result.problems.append(Problem(briefing.path, message, severity="warning"))
