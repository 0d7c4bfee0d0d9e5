"""What every subcommand shares: the content options, loading, and one-line messages."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

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


def say(text: object = "", *, file: IO[str] | None = None, end: str = "\n") -> None:
    """Print to the terminal, made inert line by line: every line a command prints goes
    through here (or through ``print_json``), so content never writes escape codes."""
    from briefing.content.text import inert

    lines = str(text).split("\n")
    print("\n".join(inert(line) for line in lines), file=file or sys.stdout, end=end)


def warn(text: object) -> None:
    """One line on stderr, made inert."""
    say(text, file=sys.stderr)


def inert_tree(value: Any) -> Any:
    """``value`` with every string in it (keys too) made inert: JSON is made inert string by
    string before it is serialised, never as a document, where an opener in one string and
    a closer in a later one would swallow everything between."""
    from briefing.content.text import inert

    if isinstance(value, str):
        return inert(value)
    if isinstance(value, dict):
        return {inert_tree(k): inert_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [inert_tree(v) for v in value]
    return value


def print_json(value: Any) -> None:
    """``value`` as indented JSON on stdout, every string made inert first."""
    sys.stdout.write(json.dumps(inert_tree(value), ensure_ascii=False, indent=2) + "\n")


def check_content_paths(args: argparse.Namespace) -> int | None:
    """Exit status 1 with one line per ``--content`` path that does not exist, else None.

    A path the user named and mistyped is an error: loading the rest and carrying on would
    answer a different question than the one asked.
    """
    from briefing.content.userfiles import describe_oserror

    missing = 0
    for path in getattr(args, "content", []):
        try:
            os.stat(path)
        except OSError as exc:  # a name too long, a loop, a folder we may not enter, ...
            missing += 1
            warn(f"briefing: --content {path}: {describe_oserror(exc)}")
        except ValueError:  # a NUL in the name
            missing += 1
            warn(f"briefing: --content {path}: not a usable file name")
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
        warn(f"briefing: {inert(message)}")
    return library, store


def report_problems(library: Library, *, warnings: bool = False) -> None:
    """Tell stderr, one line each, which files were skipped and why."""
    for problem in library.problems:
        if problem.is_error or warnings:
            warn(problem)


def fail(message: str, code: int = 2) -> int:
    warn(f"briefing: {message}")
    return code
