"""`briefing paths`: where user data lives."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("paths", help="print where your briefings, bookmarks, index and config live")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefing.content import paths

    for name, path in paths.describe().items():
        print(f"{name}: {path}")
    return 0
