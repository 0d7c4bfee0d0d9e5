"""`briefing export [--out FILE] [--briefing ID] [--force]`: bookmarks to a Markdown memo."""

from __future__ import annotations

import argparse
import contextlib

from briefing.tui.commands.common import load_with_bookmarks, subcommand_options


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="write your bookmarks and notes to a Markdown file",
        description=(
            "Write bookmarked units, their citations, notes and your notes to a Markdown memo, "
            "grouped by briefing and by section or agreement. Default file: "
            "briefing-notes-YYYY-MM-DD.md in your documents folder. An existing file is never "
            "overwritten without --force."
        ),
        parents=[subcommand_options()],
    )
    parser.add_argument("--out", "-o", metavar="FILE", help="file to write ('-' for stdout)")
    parser.add_argument("--briefing", metavar="ID", help="only this briefing's bookmarks")
    parser.add_argument("--force", "-f", action="store_true", help="overwrite FILE if it exists")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefing.bookmarks.export import (
        ExportError,
        ExportExists,
        default_export_path,
        export_path,
        render_markdown,
        write_export,
    )
    from briefing.content import paths
    from briefing.content.text import inert, one_line
    from briefing.tui.commands.common import fail, say

    library, store = load_with_bookmarks(args)
    bookmarks = store.all()
    if args.briefing:
        known = {b.id for b in library} | {b.briefing_id for b in bookmarks}
        if args.briefing not in known:
            return fail(
                f"no briefing '{one_line(args.briefing)}'; known: {', '.join(sorted(known)) or '(none)'}"
            )
        bookmarks = [b for b in bookmarks if b.briefing_id == args.briefing]
    if not bookmarks:
        where = f" in briefing '{one_line(args.briefing)}'" if args.briefing else ""
        return fail(f"no bookmarks to export{where} (press b on a unit in the app to bookmark it)", 1)
    text = render_markdown(bookmarks, library)
    if args.out == "-":
        say(text, end="")
        return 0
    try:
        target = export_path(args.out) if args.out is not None else default_export_path()
    except ExportError as exc:
        return fail(inert(str(exc)), 1)
    if args.out is None and target.parent == paths.documents_dir():
        with contextlib.suppress(OSError):  # write_export names the problem
            target.parent.mkdir(parents=True, exist_ok=True)
    try:
        written = write_export(text, target, force=args.force)
    except ExportExists as exc:
        return fail(f"{inert(str(exc))}; use --force to overwrite it", 1)
    except ExportError as exc:
        return fail(inert(str(exc)), 1)
    say(f"wrote {len(bookmarks)} bookmark(s) to {inert(str(written))}")
    return 0
