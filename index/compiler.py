"""Turn a parsed query into Whoosh queries, and the patterns the highlighter looks for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from briefing.index.analysis import pieces
from briefing.index.errors import QueryError
from briefing.index.patterns import (
    AliasTable,
    Pattern,
    alias_pattern,
    from_pieces,
    korean_bridges,
    merge_pieces,
    quoted_pattern,
    word_pattern,
)
from briefing.index.querylang import Atom, ParsedQuery
from whoosh import query as wq

FIELD = "body"
#: Weight of the typed form's terms beside the stem's in the candidate search.
EXACT_BOOST = 2.0
#: Longest glossary name, in query words, tried when looking for an alias.
MAX_ALIAS_WORDS = 6


@dataclass(slots=True)
class Compiled:
    query: wq.Query | None = None
    filter: wq.Query | None = None
    mask: wq.Query | None = None
    #: AND of OR-groups of patterns: each candidate must show one pattern of every group.
    groups: list[list[Pattern]] = field(default_factory=list)
    #: Runs of plain query words found side by side: a ranking bonus, not required.
    adjacent: list[Pattern] = field(default_factory=list)
    #: Excluded words: a candidate showing one is dropped (the mask is only by index terms).
    excluded: list[Pattern] = field(default_factory=list)

    @property
    def patterns(self) -> list[Pattern]:
        """Everything to highlight."""
        return [p for g in self.groups for p in g] + self.adjacent


def any_of(queries: Sequence[wq.Query]) -> wq.Query:
    """One query as it is, or the Or of several."""
    return queries[0] if len(queries) == 1 else wq.Or(list(queries))


def all_of(queries: Sequence[wq.Query]) -> wq.Query | None:
    """None for no query, one as it is, or the And of several."""
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.And(list(queries))


def _plan_query(plan: Sequence[str], boost: float = 1.0) -> wq.Query:
    terms = [wq.Term(FIELD, t) for t in plan]
    if len(terms) == 1:
        terms[0].boost = boost
        return terms[0]
    return wq.And(terms, boost=boost)


def needs_queries(pattern: Pattern) -> list[wq.Query]:
    """What every match of ``pattern`` holds besides its plan's terms, as filters: one term
    of each of its ``needs``."""
    out: list[wq.Query] = []
    for need in pattern.needs:
        out.append(any_of([wq.Term(FIELD, t) for t in dict.fromkeys(need)]))
    return out


def pattern_query(pattern: Pattern) -> wq.Query:
    """Candidates for ``pattern``: any plan's terms all present (or the typed prefix).

    The alternatives' scores add up (measured: scoring by the best one alone, as a
    disjunction-max, dropped MRR on the judged set from 0.90 to 0.82: the units that hold
    several names of a term, the agreement itself or its glossary entry, are the answers).
    """
    subs: list[wq.Query] = [_plan_query(plan) for plan in pattern.plans]
    if pattern.prefix:
        subs.append(wq.Prefix(FIELD, pattern.prefix))
    if not subs:
        return wq.NullQuery
    main = any_of(subs)
    if not pattern.exact_plans:
        return main
    # The word as typed (particle and all) adds to the score of the units that hold it, so
    # they are among the candidates even when the stem alone is common.
    return wq.Or([main, *(_plan_query(plan, EXACT_BOOST) for plan in pattern.exact_plans)])


def _plain(group: Sequence[Atom]) -> bool:
    return len(group) == 1 and not group[0].phrase


def _atom_pattern(atom: Atom, aliases: AliasTable, *, prefix_ok: bool) -> Pattern:
    if atom.phrase:
        typed = quoted_pattern(atom.text)
        names = aliases.lookup_phrase(atom.text)
    else:
        typed = word_pattern(atom.text, prefix_ok=prefix_ok)
        names = aliases.lookup([atom.text])
    if names and not typed.empty:
        return alias_pattern(atom.text, names, typed)
    return typed


def _positive(
    parsed: ParsedQuery, aliases: AliasTable, typing: bool
) -> tuple[list[list[Pattern]], list[Pattern]]:
    """Patterns per AND-group, and the adjacency patterns of runs of plain words."""
    groups = parsed.groups
    out: list[list[Pattern]] = []
    boosts: list[Pattern] = []
    run: list[str] = []

    def end_run() -> None:
        if len(run) > 1:
            merged = merge_pieces(pieces(w, strip=True) for w in run)
            adjacent = from_pieces(" ".join(run), merged)
            if not adjacent.empty:
                # Its Korean bridges tell, from the index, which candidates may show the
                # words side by side (the bonus's ceiling, searcher._judge). Not its mixed
                # ones: unquoted, ``AI를 생태계`` shows them side by side with no bridge.
                boosts.append(replace(adjacent, needs=korean_bridges(merged)))
        run.clear()

    i = 0
    while i < len(groups):
        group = groups[i]
        if _plain(group):
            # A glossary name written as several words ("Technology Prosperity Deal").
            for j in range(min(len(groups), i + MAX_ALIAS_WORDS), i + 1, -1):
                span = groups[i:j]
                if all(_plain(g) for g in span):
                    words = [g[0].text for g in span]
                    names = aliases.lookup(words)
                    if names:
                        end_run()
                        merged = merge_pieces(pieces(w, strip=True) for w in words)
                        typed = from_pieces(" ".join(words), merged)
                        out.append([alias_pattern(" ".join(words), names, typed)])
                        i = j
                        break
            else:
                last = i == len(groups) - 1
                prefix_ok = typing and last and parsed.open_end
                pattern = _atom_pattern(group[0], aliases, prefix_ok=prefix_ok)
                if not pattern.empty:
                    out.append([pattern])
                    run.append(group[0].text)
                i += 1
            continue
        end_run()
        patterns = [p for p in (_atom_pattern(a, aliases, prefix_ok=False) for a in group) if not p.empty]
        if patterns:
            out.append(patterns)
        i += 1
    end_run()
    return out, boosts


def _resolve(field_name: str, values: Sequence[str], known: Mapping[str, set[str]]) -> list[str]:
    """Exact ids, or every id starting with what was typed; else a one-line error."""
    ids = known.get(field_name, set())
    found: list[str] = []
    for value in values:
        if value in ids:
            found.append(value)
            continue
        starting = sorted(i for i in ids if i.startswith(value))
        if not starting:
            listed = ", ".join(sorted(ids)[:8]) + (", …" if len(ids) > 8 else "")
            raise QueryError(f"no {field_name} '{value}'" + (f" (known: {listed})" if ids else ""))
        found.extend(starting)
    return found


def _filter_query(filters: Mapping[str, list[str]], known: Mapping[str, set[str]]) -> list[wq.Query]:
    parts: list[wq.Query] = []
    for name, values in filters.items():
        if name != "kind":
            values = _resolve(name, values, known)
        parts.append(any_of([wq.Term(name, v) for v in dict.fromkeys(values)]))
    return parts


def compile_query(
    parsed: ParsedQuery,
    aliases: AliasTable,
    known: Mapping[str, set[str]],
    *,
    typing: bool = False,
) -> Compiled:
    """``known`` maps agreement/topic/briefing to the ids present, to check filters."""
    compiled = Compiled()
    groups, boosts = _positive(parsed, aliases, typing)
    filters = _filter_query(parsed.filters, known)
    excluded_patterns = [
        p for p in (_atom_pattern(a, aliases, prefix_ok=False) for a in parsed.excluded) if not p.empty
    ]
    # The mask takes only exact single-term plans; the rest are checked on each candidate's
    # text (masking "full stack" by its two terms would drop every unit holding both apart).
    excluded: list[wq.Query] = [
        wq.Term(FIELD, plan[0]) for p in excluded_patterns for plan in p.plans if len(plan) == 1
    ]
    excluded.extend(_filter_query(parsed.excluded_filters, known))
    if not groups and not filters:
        if parsed.excluded or parsed.excluded_filters:
            raise QueryError("only exclusions: add a word to find, or a filter such as kind:clause")
        return compiled
    if groups:
        compiled.query = all_of([any_of([pattern_query(p) for p in g]) for g in groups])
    else:
        compiled.query = wq.Every()
    # A required phrase's bridges narrow the candidates without changing their scores.
    filters.extend(q for g in groups if len(g) == 1 for q in needs_queries(g[0]))
    compiled.filter = all_of(filters)
    if excluded:
        compiled.mask = any_of(excluded)
    compiled.groups = groups
    compiled.adjacent = boosts
    compiled.excluded = excluded_patterns
    return compiled
