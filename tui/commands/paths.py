"""`briefing paths`: where user data lives."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("paths", help="print where your briefings, bookmarks, index and config live")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefing.content import paths
    from briefing.tui.commands.common import say

    for name, path in paths.describe().items():
        say(f"{name}: {path}")
    return 0
