"""`briefing bookmarks [--json]`: the bookmarks, with their status against current content."""

from __future__ import annotations

import argparse

from briefing.tui.commands.common import load_with_bookmarks, subcommand_options


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bookmarks",
        help="list your bookmarks and whether their units changed or vanished",
        description=(
            "List bookmarks with their status against the loaded content: ok, changed (the unit's "
            "text differs from the copy saved with the bookmark) or orphaned (the unit is gone)."
        ),
        parents=[subcommand_options()],
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list for scripts")
    parser.add_argument(
        "--order",
        choices=("newest", "briefing"),
        default="newest",
        help="newest first (default) or in briefing order",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefing.bookmarks import order_key, status_of
    from briefing.content.text import inert, one_line
    from briefing.tui.commands.common import print_json, say

    library, store = load_with_bookmarks(args)
    bookmarks = store.all()
    if args.order == "briefing":
        bookmarks.sort(key=lambda b: order_key(b, library))
    if args.json:
        rows = []
        for b in bookmarks:
            row = {
                "id": b.id,
                "key": b.key,
                "status": status_of(b, library),
                "kind": b.kind,
                "heading": b.heading,
                "note": b.note,
                "created": b.created,
                "updated": b.updated,
                "briefing": b.citation.briefing_id,
                "briefing_title": b.citation.briefing_title,
                "location": b.citation.location,
                "group": b.citation.group,
                "unit_id": b.citation.unit_id,
                "url": b.citation.url,
                "text": b.text,
                "compare": None,
            }
            if b.compare is not None:
                row["compare"] = {
                    "left": b.compare.left,
                    "right": b.compare.right,
                    "topic": b.compare.topic,
                    "left_agreement": b.compare.left_agreement or None,
                    "right_agreement": b.compare.right_agreement or None,
                }
            rows.append(row)
        # Each string made inert on its own (print_json): inert() over the whole document would
        # let an opener in one record and a closer in a later one swallow the records between.
        print_json(rows)
        return 0
    if not bookmarks:
        say("no bookmarks (press b on a unit in the app to bookmark it)")
        return 0
    for b in bookmarks:
        status = status_of(b, library)
        line = f"{status:<8}  {inert(b.key)}  {one_line(b.heading, 60)}"
        if b.compare is not None:
            line += f"  [compare {inert(b.compare.left or '-')} | {inert(b.compare.right or '-')}]"
        if b.note:
            line += f"  — {one_line(b.note, 60)}"
        say(line)
    return 0
