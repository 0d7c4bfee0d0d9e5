"""`briefing import FILE [FILE ...]`: a text, Markdown or HTML document as a briefing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.tui.commands.common import subcommand_options


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="make a briefing of a text, Markdown or HTML document, its text verbatim",
        description=(
            "Make each document a briefing (a folder in your content folder, or in --out), "
            "sectioned by its headings or numbering, every line verbatim: the written briefing "
            "is read back and compared with the document before it is put in place."
        ),
        epilog=(
            "Text may be UTF-8 (with or without BOM), UTF-16 with BOM, or CP949/EUC-KR; "
            "CRLF, CR or LF line ends. Importing again with --force keeps the other files of "
            "the folder and the ids of unchanged sections, so bookmarks survive. "
            "Exit 0 when every document was imported, 1 otherwise."
        ),
        parents=[subcommand_options()],
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="make the briefing folder(s) in DIR (default: your content folder)",
    )
    parser.add_argument(
        "--id", dest="briefing_id", metavar="ID", help="the briefing's id (default: from the file name)"
    )
    parser.add_argument(
        "--title", help="the briefing's title (default: the document's first heading or line)"
    )
    parser.add_argument(
        "--format",
        choices=("auto", "text", "markdown", "html"),
        default="auto",
        help="default: from the file name",
    )
    parser.add_argument("--encoding", metavar="NAME", help="read the text in this encoding (utf-8, cp949...)")
    parser.add_argument("--force", action="store_true", help="import over an earlier import of the same id")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefing.content import paths
    from briefing.content.importer import ImportOptions, ImportRefused, import_document
    from briefing.content.text import inert
    from briefing.tui.commands.common import fail

    if len(args.files) > 1 and (args.briefing_id or args.title):
        return fail("--id and --title name one briefing: import one file at a time with them", 1)
    out_dir = args.out if args.out is not None else paths.user_content_dir()
    # Every briefing the app would show, whatever --no-bundled / --no-user say, and those
    # already in the output folder: an id must be free among all of them.
    from briefing.content import load_library

    extra = [*args.content]
    if out_dir.is_dir() and not _same_folder(out_dir, paths.user_content_dir()):
        extra.append(out_dir)
    taken = {b.id: b.path for b in load_library(extra)}
    failed = 0
    for file in args.files:
        options = ImportOptions(
            out_dir=out_dir,
            briefing_id=args.briefing_id,
            title=args.title,
            format=args.format,
            encoding=args.encoding,
            force=args.force,
            taken=dict(taken),
        )
        try:
            report = import_document(file, options)
        except ImportRefused as exc:
            print(f"briefing: {inert(str(file))}: {inert(str(exc))}", file=sys.stderr)
            failed += 1
            continue
        except Exception as exc:  # a bug of ours: one line, not a traceback; nothing was written
            print(
                f"briefing: {inert(str(file))}: not imported, internal error ({type(exc).__name__}: "
                f"{inert(str(exc))}); please report it",
                file=sys.stderr,
            )
            failed += 1
            continue
        taken[report.briefing_id] = report.folder
        again = f", {report.kept_ids} section id(s) kept" if report.replaced else ""
        print(
            f"{'re-imported' if report.replaced else 'imported'} {inert(str(file))} "
            f"({report.format}, {report.encoding}, {report.line_ends} line ends): "
            f"{report.sections} section(s), {report.paragraphs} paragraph(s), "
            f"{report.lines} line(s) checked verbatim{again} -> {inert(str(report.folder))}"
        )
        for problem in report.problems:
            print(f"briefing: {inert(str(problem))}", file=sys.stderr)
        if not _is_loaded(out_dir, args):
            print(f"  open it with: briefing --content {inert(str(report.folder))}")
    return 1 if failed else 0


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _is_loaded(out_dir: Path, args: argparse.Namespace) -> bool:
    """Whether `briefing` (with the same options) shows briefings made in ``out_dir``."""
    from briefing.content import paths

    folders = [*args.content] + ([] if args.no_user else [paths.user_content_dir()])
    return any(_same_folder(Path(f), out_dir) for f in folders)
