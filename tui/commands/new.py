"""`briefing new ID [--out DIR]`: a briefing to fill in, one example of every table."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.tui.commands.common import subcommand_options


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "new",
        help="write a new briefing to fill in (one commented example of every table)",
        description=(
            "Write the folder ID (in your content folder, or in --out) with briefing.toml and one "
            "file per kind of unit, each holding one commented example; it validates clean."
        ),
        parents=[subcommand_options()],
    )
    parser.add_argument("briefing_id", metavar="ID", help='letters, digits, ".", "_" and "-"')
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="make the folder in DIR (default: your content folder)"
    )
    parser.add_argument("--title", default="", help="the briefing's title (default: the id)")
    parser.add_argument("--language", default="ko", help='the text\'s language (default: "ko")')
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefing.content import paths
    from briefing.content.importer.draft import valid_id
    from briefing.content.scaffold import write_scaffold
    from briefing.content.text import inert
    from briefing.content.userfiles import describe_oserror
    from briefing.tui.commands.common import fail, load_from_args

    if not valid_id(args.briefing_id):
        return fail(f'id "{inert(args.briefing_id)}" may hold only letters, digits, ".", "_" and "-"', 1)
    out_dir = args.out if args.out is not None else paths.user_content_dir()
    owner = next((b.path for b in load_from_args(args) if b.id == args.briefing_id), None)
    if owner is not None:
        return fail(f'id "{args.briefing_id}" is taken by the briefing at {inert(str(owner))}', 1)
    try:
        folder = write_scaffold(out_dir, args.briefing_id, args.title, args.language)
    except FileExistsError:
        return fail(f"{inert(str(out_dir / args.briefing_id))} exists; choose another id or --out", 1)
    except OSError as exc:
        is_file = out_dir.exists() and not out_dir.is_dir()
        why = "it is not a folder" if is_file else describe_oserror(exc)
        return fail(f"cannot write {inert(str(out_dir))}: {why}", 1)
    print(f"wrote {inert(str(folder))}: edit its .toml files, then: briefing validate {inert(str(folder))}")
    return 0
