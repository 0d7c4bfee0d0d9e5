"""`briefing paths`: where user data lives."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "paths",
        help="print where your briefings, bookmarks, index and config live",
        description=(
            "Print the folders and files briefing reads and writes: your own briefings, the "
            "bookmarks file, the search index cache and the config file (XDG variables honoured)."
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefing.content import paths
    from briefing.tui.commands.common import say

    for name, path in paths.describe().items():
        say(f"{name}: {path}")
    return 0
