"""`briefing compare [LEFT RIGHT]`: two agreements aligned topic by topic, or the overview matrix."""

from __future__ import annotations

import argparse

from briefing.tui.commands.common import subcommand_options


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "compare",
        help="two agreements side by side, topic by topic (no ids: the US-ROK MOU and US-Japan MOC)",
        description=(
            "Align two agreements topic by topic and mark each row: '= both address it' (both "
            "have a clause on the topic: not that they hold the same; each side's column says "
            "what it holds, first in a few words where the briefing records them ('[요지 · holds] "
            "법적 구속력 없음 · not binding'), and JSON gives it as 'holds'), '◀ only left', '▶ only right', or '≠ wording differs' (both address it and "
            "both carry the agreement's own English wording, which differs word for word once "
            "case and punctuation are set aside; differing words in bold). A clause recording "
            "that an agreement lacks a point counts as not in that agreement. Where one agreement "
            "addresses the topic and the article is silent on the other (addressed = "
            "\"not-mentioned\"), the row reads '◁ LEFT; RIGHT not mentioned by the article' (or "
            "'▷ ...'), never 'only'. Rows neither "
            "agreement addresses are left out. Ids are agreement ids, or '<briefing>:<agreement>' "
            "for one of another loaded briefing."
        ),
        parents=[subcommand_options()],
        usage=(
            "briefing compare [LEFT RIGHT] [--format {markdown,json}] [-d] [--list] [--matrix] "
            "[--briefing ID] [--content PATH] [--no-bundled] [--no-user]"
        ),
    )
    parser.add_argument(
        "ids", nargs="*", metavar="LEFT RIGHT", help="two agreement ids (default pair if none)"
    )
    parser.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="output format (markdown)"
    )
    parser.add_argument(
        "-d", "--only-differences", action="store_true", help="leave out rows both agreements share"
    )
    parser.add_argument("--list", action="store_true", help="list the agreement ids and stop")
    parser.add_argument(
        "--matrix",
        action="store_true",
        help="every agreement against every topic, one mark per cell (JSON: a list, one matrix per briefing)",
    )
    parser.add_argument("--briefing", metavar="ID", help="look agreements up in this briefing only")
    parser.set_defaults(run=run)


def _valid_ids(briefings) -> str:
    from briefing.content.compare import agreement_refs

    refs = agreement_refs(briefings)
    seen: dict[str, int] = {}
    for ref in refs:
        seen[ref.agreement.id] = seen.get(ref.agreement.id, 0) + 1
    # An id two briefings share is listed with its briefing, the way it must be named.
    names = [ref.agreement.id if seen[ref.agreement.id] == 1 else ref.key for ref in refs]
    return ", ".join(names) if names else "(none loaded)"


def run(args: argparse.Namespace) -> int:
    from briefing.content import compare as cmp
    from briefing.content.text import one_line
    from briefing.tui.commands.common import fail, load_from_args, report_problems, say

    library = load_from_args(args)
    report_problems(library)
    briefings = list(library.briefings)
    if args.briefing is not None:
        briefings = [b for b in briefings if b.id == args.briefing]
        if not briefings:
            known = ", ".join(b.id for b in library.briefings) or "(none loaded)"
            return fail(f'no briefing "{one_line(args.briefing)}"; loaded: {known}')

    if args.list:
        for briefing in briefings:
            if not briefing.agreements:
                continue
            say(f"{briefing.id}: {one_line(briefing.title)}")
            for agreement in briefing.agreements_by_date():
                say(f"  {one_line(agreement.id)}\t{agreement.date}\t{one_line(agreement.short_name)}")
        return 0

    if args.matrix:
        if args.ids:
            ref = cmp.find_agreement(briefings, args.ids[0])
            if ref is None:
                return fail(
                    f'unknown agreement "{one_line(args.ids[0])}"; valid ids: {_valid_ids(briefings)}'
                )
            briefings = [ref.briefing]
        shown = [b for b in briefings if b.agreements]
        if not shown:
            return fail("no loaded briefing has agreements to compare")
        if args.format == "json":
            # One document whatever the number of briefings: a list of matrices.
            say(_inert_json(cmp.matrices_json([cmp.matrix(b) for b in shown])), end="")
            return 0
        say("\n".join(cmp.matrix_markdown(cmp.matrix(b)) for b in shown), end="")
        return 0

    if len(args.ids) not in (0, 2):
        return fail(f"name two agreements (LEFT RIGHT) or none; valid ids: {_valid_ids(briefings)}")
    if args.ids:
        refs = []
        for ident in args.ids:
            ref = cmp.find_agreement(briefings, ident)
            if ref is None:
                return fail(f'unknown agreement "{one_line(ident)}"; valid ids: {_valid_ids(briefings)}')
            refs.append(ref)
        left, right = refs
        if left.key == right.key:
            return fail(
                f'cannot compare "{one_line(left.key)}" with itself; name two different agreements '
                f"(valid ids: {_valid_ids(briefings)})"
            )
    else:
        pair = cmp.default_pair(briefings)
        if pair is None:
            return fail("no loaded briefing has two agreements to compare")
        left, right = pair

    comparison = cmp.compare(left, right, only_differences=args.only_differences)
    if args.format == "json":
        say(_inert_json(cmp.comparison_json(comparison)), end="")
    else:
        say(cmp.comparison_markdown(comparison), end="")
    return 0


def _inert_json(text: str) -> str:
    """The same JSON with every string made inert on its own, never the document as a whole."""
    import json

    from briefing.tui.commands.common import inert_tree

    return json.dumps(inert_tree(json.loads(text)), ensure_ascii=False, indent=2) + "\n"
