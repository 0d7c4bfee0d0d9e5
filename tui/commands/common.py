"""What every subcommand shares: the content options, loading, and one-line messages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.bookmarks import BookmarkStore
    from briefing.content import Library


def content_options() -> argparse.ArgumentParser:
    """Options naming which briefings to load; a parent parser for the app and subcommands."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--content",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="also load the briefing(s) at PATH (repeatable)",
    )
    parent.add_argument(
        "--no-bundled", action="store_true", help="leave out the briefing shipped with the app"
    )
    parent.add_argument(
        "--no-user", action="store_true", help="leave out the briefings in your content folder"
    )
    return parent


def subcommand_options() -> argparse.ArgumentParser:
    """The content options again, so they also work after the subcommand name.

    Their defaults are suppressed: otherwise a subcommand's empty defaults would overwrite
    ``briefing --content X search``'s X.
    """
    parent = content_options()
    for action in parent._actions:
        action.default = argparse.SUPPRESS
    return parent


def check_content_paths(args: argparse.Namespace) -> int | None:
    """Exit status 1 with one line per ``--content`` path that does not exist, else None.

    A path the user named and mistyped is an error: loading the rest and carrying on would
    answer a different question than the one asked.
    """
    from briefing.content.text import inert

    missing = [path for path in getattr(args, "content", []) if not path.exists()]
    for path in missing:
        print(f"briefing: --content {inert(str(path))}: no such file or folder", file=sys.stderr)
    return 1 if missing else None


def load_from_args(args: argparse.Namespace) -> Library:
    from briefing.content import load_library

    return load_library(args.content, bundled=not args.no_bundled, user=not args.no_user)


def load_with_bookmarks(args: argparse.Namespace) -> tuple[Library, BookmarkStore]:
    """The library and the bookmark store, with every message about either on stderr."""
    from briefing.bookmarks import BookmarkStore
    from briefing.content.text import inert

    library = load_from_args(args)
    report_problems(library)
    store = BookmarkStore.open()
    for message in store.take_messages():
        print(f"briefing: {inert(message)}", file=sys.stderr)
    return library, store


def report_problems(library: Library, *, warnings: bool = False) -> None:
    """Tell stderr, one line each, which files were skipped and why."""
    for problem in library.problems:
        if problem.is_error or warnings:
            print(problem, file=sys.stderr)


def fail(message: str, code: int = 2) -> int:
    print(f"briefing: {message}", file=sys.stderr)
    return code
