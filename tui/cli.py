"""The `briefing` command: no arguments opens the app; subcommands serve scripts.

Kept light: the app (and so textual) is imported only when it is opened, and each
subcommand imports its heavy parts only when it runs.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

#: Subcommand modules under tui.commands; each has register(subparsers) and run(args) -> int.
COMMANDS = ("validate", "search", "compare", "bookmarks", "export", "paths", "import_", "new")


class Parser(argparse.ArgumentParser):
    """argparse, with every message it prints made inert: its errors echo what was typed
    (``unrecognized arguments: ...``), and a typed argument may carry escape codes."""

    def _print_message(self, message: str, file: IO[str] | None = None) -> None:
        # Unlike argparse's own, a failed write is not swallowed: main() reports it.
        if message:
            from briefing.content.text import inert

            (file or sys.stderr).write("\n".join(inert(line) for line in message.split("\n")))


def build_parser() -> argparse.ArgumentParser:
    from briefing.tui.commands.common import content_options

    parser = Parser(
        prog="briefing",
        description="Read, search, compare and annotate policy briefings in the terminal.",
        parents=[content_options()],
    )
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"briefing.tui.commands.{name}").register(sub)
    return parser


class VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (reading the
    package metadata costs more than the rest of the command line's parsing, on every start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit"
        )

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        parser._print_message(f"{parser.prog} {_version()}\n", sys.stdout)
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefing")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def run_app(content: Sequence[Path], *, bundled: bool, user: bool) -> int:
    from briefing.tui import launch

    launch.prepare()  # before Textual is imported: see tui/launch.py
    from briefing.tui.app import BriefingApp

    app = BriefingApp(list(content), bundled=bundled, user=user)
    app.run()
    return app.return_code or 0


def opens_app_only(argv: Sequence[str]) -> bool:
    """``argv`` is nothing but the content options spelled out in full (``--content PATH``,
    ``--no-bundled``, ``--no-user``): it opens the app, and parsing it needs none of the
    subcommands, whose modules and parsers cost 12-15 ms of the app's start. Anything else
    (an abbreviation, ``--help``, a mistake) goes to the full parser, which says what it says."""
    words = iter(argv)
    for word in words:
        if word in ("--no-bundled", "--no-user"):
            continue
        if word == "--content":
            value = next(words, None)
            if value is None or value.startswith("-"):
                return False
        elif not (word.startswith("--content=") and len(word) > len("--content=")):
            return False
    return True


def _run(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if opens_app_only(argv):
        from briefing.tui.commands.common import content_options

        args = content_options().parse_args(argv, argparse.Namespace(command=None))
    else:
        args = build_parser().parse_args(argv)
    from briefing.tui.commands.common import check_content_paths

    missing = check_content_paths(args)
    if missing is not None:
        return missing
    if args.command is None:
        return run_app(args.content, bundled=not args.no_bundled, user=not args.no_user)
    return int(args.run(args) or 0)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _tolerant_streams() -> None:
    """A terminal that cannot show a character gets "?" for it, not a traceback
    (``PYTHONIOENCODING=ascii``, a Latin-1 locale)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stderr is None:  # `2>&-`: nowhere to say anything, but no traceback either
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
    if sys.stdout is None:  # `>&-`: the output has nowhere to go
        print("briefing: cannot write the output: standard output is closed", file=sys.stderr)
        return 1
    _tolerant_streams()
    exiting: SystemExit | None = None
    try:
        try:
            code = _run(argv)
        except SystemExit as exc:  # argparse: --help, or a usage error already printed
            exiting = exc
            code = 0
        # Output is buffered: a full disk behind stdout shows here, not at the print.
        sys.stdout.flush()
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `briefing search x | head`: the reader left; not an error worth a traceback.
        _drop_stdout()
        return 0
    except OSError as exc:
        # A full or failing stdout (`> /dev/full`), or any file a command did not name itself:
        # one line, never a traceback.
        from briefing.bookmarks.store import describe_oserror
        from briefing.content.text import one_line

        _drop_stdout()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG) or exc.filename is None:
            what = "cannot write the output"
        else:
            what = f"cannot use {exc.filename}"
        with contextlib.suppress(OSError):
            print(f"briefing: {one_line(what)}: {describe_oserror(exc)}", file=sys.stderr)
        return 1
    if exiting is not None:
        raise exiting
    return code


if __name__ == "__main__":
    sys.exit(main())
