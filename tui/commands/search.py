"""`briefing search QUERY [--json] [--limit N]`: the app's search, on the command line."""

from __future__ import annotations

import argparse
import sys

from briefing.tui.commands.common import subcommand_options

QUERY_HELP = """\
query language:
  word word          units holding both (Korean particles and endings are ignored:
                     미국 finds 미국과, 미국의; 고성능 컴퓨팅 finds 고성능컴퓨팅)
  "quoted phrase"    the words in this order, side by side (a space apart or
                     written together; not across a line or a comma)
  a OR b             either
  -word, NOT word    leave out units holding the word
  kind:clause        only this kind (section, agreement, topic, clause, implication,
                     note, term); also agreement:<id>, topic:<id>, briefing:<id>
A query starting with "-" goes after "--": briefing search -- -MOU 수출
exit status: 0 (also when nothing matches), 1 index unavailable, 2 malformed query
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "search",
        help="search every briefing (Korean-aware); --json for scripts",
        description="Search every loaded briefing, as the app's / does.",
        epilog=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[subcommand_options()],
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="what to find (words are joined)")
    parser.add_argument("--json", action="store_true", help="print a JSON array of hits")
    parser.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N hits (20)")
    parser.set_defaults(run=run)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def run(args: argparse.Namespace) -> int:
    from briefing import index
    from briefing.tui.commands.common import fail, load_from_args, print_json, report_problems, warn

    query = " ".join(args.query)
    if not query.strip():
        return fail("empty query: give a word to search for (briefing search --help)", 2)
    library = load_from_args(args)
    report_problems(library)
    try:
        search_index = index.open_or_build(library, progress=_progress())
    except index.IndexUnavailable as exc:
        return fail(_one_line(str(exc)), 1)
    suggestion = None
    try:
        hits = search_index.search(query, args.limit)
        if not hits:
            suggestion = search_index.suggest(query)
    except index.QueryError as exc:
        return fail(_one_line(str(exc)), 2)
    finally:
        search_index.close()
    if args.json:
        print_json([hit.to_json() for hit in hits])
        if suggestion:
            warn(f"briefing: no matches; did you mean: {suggestion}")
        return 0
    _print_human(hits, query, suggestion)
    return 0


def _one_line(text: str) -> str:
    from briefing.content.text import one_line

    return one_line(text)


def _progress():
    """Tell stderr about a long first build, once; stay quiet for small libraries."""
    from briefing.tui.commands.common import warn

    told = False

    def report(done: int, total: int) -> None:
        nonlocal told
        if not told and total >= 2000 and sys.stderr.isatty():
            warn(f"briefing: indexing {total:,} units (first search only)…")
            told = True

    return report


def _print_human(hits, query: str, suggestion: str | None = None) -> None:
    from briefing.content.labels import KIND_LABELS, STATE_MARKS
    from briefing.content.text import inert, one_line
    from rich.console import Console
    from rich.text import Text

    # highlight=False: Rich must not colour numbers or URLs of content on its own; every
    # string from content goes in as Text, never as markup.
    console = Console(highlight=False, soft_wrap=True)
    if not hits:
        console.print(Text(f"No matches for {one_line(query, 60)}.", style="dim"))
        if suggestion:
            console.print(Text(f"Did you mean: {one_line(suggestion, 60)}", style="bold"))
        return
    for n, hit in enumerate(hits, start=1):
        head = Text()
        head.append(f"{n:>2}. ", style="dim")
        head.append(KIND_LABELS.get(hit.kind, hit.kind), style="cyan")
        mark = STATE_MARKS.get(hit.state)
        if mark:
            head.append(f"  {mark}", style="bold red")
        head.append("  ")
        head.append(one_line(hit.location))
        console.print(head)
        # inert() leaves an inert snippet as it is, so the spans still fit; an index written
        # from older content cannot put escape codes on the terminal either way.
        console.print(highlighted(inert(hit.snippet), hit.snippet_spans, indent="    "))
        console.print(Text(f"    {one_line(hit.key)}", style="dim"))


def highlighted(text: str, spans, *, indent: str = "", style: str = "bold reverse"):
    """``text`` as Rich Text with the given character spans styled (text already inert)."""
    from briefing.index.highlight import cut
    from rich.text import Text

    return Text.assemble(indent, *((part, style if lit else "") for part, lit in cut(text, spans)))
