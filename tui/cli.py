"""The `briefing` command: no arguments opens the app; subcommands serve scripts.

Kept light: the app (and so textual) is imported only when it is opened, and each
subcommand imports its heavy parts only when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

#: Subcommand modules under tui.commands; each has register(subparsers) and run(args) -> int.
COMMANDS = ("validate", "search", "compare", "bookmarks", "export", "paths", "import_", "new")


def build_parser() -> argparse.ArgumentParser:
    from briefing.tui.commands.common import content_options

    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Read, search, compare and annotate policy briefings in the terminal.",
        parents=[content_options()],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"briefing.tui.commands.{name}").register(sub)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefing")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def run_app(content: Sequence[Path], *, bundled: bool, user: bool) -> int:
    from briefing.tui.app import BriefingApp

    app = BriefingApp(list(content), bundled=bundled, user=user)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from briefing.tui.commands.common import check_content_paths

    missing = check_content_paths(args)
    if missing is not None:
        return missing
    try:
        if args.command is None:
            return run_app(args.content, bundled=not args.no_bundled, user=not args.no_user)
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `briefing search x | head`: the reader left; not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
