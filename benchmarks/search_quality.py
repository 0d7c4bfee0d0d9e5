"""Search quality on the judged query set: recall@10 and MRR for each analysis option.

    /work/venv/bin/python benchmarks/search_quality.py [--verbose] [--option NAME ...]

Options measured side by side (see judged_queries.toml for how relevance is defined):

- ``standard``: Whoosh's StandardAnalyzer over all of a unit's text, words ANDed (baseline).
- ``cjk-bigram``: syllable bigrams within each run of Korean, lower-cased Latin words; each
  query word a bigram phrase, words ANDed. No particle stripping, stemming or aliases.
- ``final``: the shipped analysis (index package): bigrams plus a whole-word field of
  stripped stems, query-side particle/ending stripping, spacing alternatives, Porter
  stemming, glossary aliases, title/wording boosts and the kind prior.
- ``final-no-strip``, ``final-no-alias``, ``final-no-prior``: the shipped analysis with one
  part switched off, to show what each part earns.
- ``kiwi``: Kiwi morphemes (kiwipiepy), only when it is installed; never a dependency.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from briefing.content import Library, load_library  # noqa: E402
from briefing.index.documents import display, links  # noqa: E402

JUDGED = Path(__file__).with_name("judged_queries.toml")
BRIEFING = "apec-ai-2025"
#: Legal-style text beyond the bundled article (issue #15): figures with counters.
FIXTURE = ROOT / "tests" / "fixtures" / "law-briefing.toml"
K = 10

Searcher = Callable[[str, int], list[str]]


@dataclass(slots=True)
class Judged:
    q: str
    case: str
    #: Unit keys ("<briefing>:<unit>").
    relevant: set[str]
    best: set[str]
    kind: str = ""
    agreement: str = ""
    briefing: str = BRIEFING


@dataclass(slots=True)
class Result:
    option: str
    recall: float
    mrr: float
    per_query: list[tuple[str, float, float, list[str]]] = field(default_factory=list)
    seconds: float = 0.0


def bundled() -> Library:
    return load_library(bundled=True, user=False)


def libraries(library: Library | None = None) -> dict[str, Library]:
    """Each judged briefing in a library of its own, so the queries of one are measured
    exactly as before the other was judged (same index statistics, same glossary)."""
    return {
        BRIEFING: library or bundled(),
        "law-fixture": load_library([FIXTURE], bundled=False, user=False),
    }


def _unit_text(library: Library, key: str) -> str:
    briefing, unit = library.get(key)  # type: ignore[misc]
    shown = display(briefing, unit)
    return "\n".join([shown.title, *(t for _, t in shown.segment_texts())])


def judged(library: Library | None = None) -> list[Judged]:
    data = tomllib.loads(JUDGED.read_text(encoding="utf-8"))
    libs = libraries(library)
    out: list[Judged] = []
    for entry in data["query"]:
        library = libs[entry.get("briefing", BRIEFING)]
        briefing = library.briefing(entry.get("briefing", BRIEFING))
        assert briefing is not None, entry
        unit_links = links(briefing)
        texts = {uid: _unit_text(library, briefing.key(uid)) for uid in briefing.units}
        patterns = [re.compile(p, re.IGNORECASE) for p in entry["truth"]]
        kind = entry.get("kind", "")
        agreement = entry.get("agreement", "")
        relevant = {
            uid
            for uid, text in texts.items()
            if any(p.search(text) for p in patterns)
            and (not kind or briefing.units[uid].kind == kind)
            and (not agreement or agreement in unit_links.agreements.get(uid, ()))
        }
        best = {briefing.key(uid) for uid in entry.get("best", [])}
        relevant = {briefing.key(uid) for uid in relevant} | best
        out.append(Judged(entry["q"], entry["case"], relevant, best, kind, agreement, briefing.id))
    return out


def score(option: str, search: Searcher, queries: list[Judged]) -> Result:
    recalls: list[float] = []
    rrs: list[float] = []
    per: list[tuple[str, float, float, list[str]]] = []
    for j in queries:
        q = j.q
        if j.kind:
            q += f" kind:{j.kind}"
        if j.agreement:
            q += f" agreement:{j.agreement}"
        ids = search(q, K)[:K]
        recall = len(j.relevant & set(ids)) / min(K, len(j.relevant)) if j.relevant else 1.0
        targets = j.best or j.relevant
        rr = next((1.0 / (i + 1) for i, key in enumerate(ids) if key in targets), 0.0)
        recalls.append(recall)
        rrs.append(rr)
        per.append((q, recall, rr, [key.split(":", 1)[1] for key in ids[:3]]))
    return Result(option, sum(recalls) / len(recalls), sum(rrs) / len(rrs), per)


# --------------------------------------------------------------------------- options


def _filters(query: str) -> tuple[str, dict[str, str]]:
    found = dict(re.findall(r"\b(kind|agreement|briefing):(\S+)", query))
    return re.sub(r"\b(kind|agreement|briefing):\S+", "", query).strip(), found


def _filtered(library: Library, keys: list[str], filters: dict[str, str], limit: int) -> list[str]:
    if not filters:
        return keys[:limit]
    out = []
    for key in keys:
        located = library.get(key)
        assert located is not None
        briefing, unit = located
        unit_links = links(briefing)
        uid = unit.id
        if "briefing" in filters and briefing.id != filters["briefing"]:
            continue
        if "kind" in filters and briefing.units[uid].kind != filters["kind"]:
            continue
        if "agreement" in filters and filters["agreement"] not in unit_links.agreements.get(uid, ()):
            continue
        out.append(key)
    return out[:limit]


def _make_list_tokenizer() -> type:
    from whoosh.analysis import Token, Tokenizer

    class ListTokenizer(Tokenizer):
        """Tokens from a function of the text (module level, so Whoosh can pickle it)."""

        def __init__(self, func: Callable[[str], list[str]]) -> None:
            self.func = func

        def __call__(self, value, positions=False, chars=False, **kwargs):  # type: ignore[no-untyped-def]
            t = Token(positions, chars, **{k: v for k, v in kwargs.items() if k in ("removestops", "mode")})
            for i, text in enumerate(self.func(value)):
                t.text, t.boost, t.stopped = text, 1.0, False
                t.pos = i
                yield t

    ListTokenizer.__module__ = __name__
    ListTokenizer.__qualname__ = "_ListTokenizer"
    return ListTokenizer


def _ListTokenizer(func: Callable[[str], list[str]]) -> object:
    global _ListTokenizer  # replaced by the class on first use
    cls = _make_list_tokenizer()
    globals()["_ListTokenizer"] = cls
    return cls(func)


_KIWI: list[Callable[[str], list[str]]] = []


def _kiwi_morphemes(text: str) -> list[str]:
    return _KIWI[-1](text)


def _plain_whoosh(library: Library, folder: Path, analyzer: object, query_for: Callable) -> Searcher:
    """A one-field Whoosh index of every unit's text, for the baselines."""
    from whoosh import fields, index

    schema = fields.Schema(key=fields.ID(stored=True), text=fields.TEXT(analyzer=analyzer, phrase=True))
    ix = index.create_in(str(folder), schema)
    with ix.writer() as writer:
        for key in list(library.keys()):
            writer.add_document(key=key, text=_unit_text(library, key))
    searcher = ix.searcher()

    def search(query: str, limit: int) -> list[str]:
        text, filters = _filters(query)
        q = query_for(text, ix.schema)
        if q is None:
            return []
        keys = [r["key"] for r in searcher.search(q, limit=200)]
        return _filtered(library, keys, filters, limit)

    return search


def standard(library: Library, folder: Path) -> Searcher:
    from whoosh.analysis import StandardAnalyzer
    from whoosh.qparser import QueryParser

    def query_for(text: str, schema: object) -> object:
        return QueryParser("text", schema).parse(text)

    return _plain_whoosh(library, folder, StandardAnalyzer(), query_for)


_CJK_RUN = re.compile(r"[\uac00-\ud7a3]+|[0-9A-Za-z]+")


def _bigrams(text: str) -> list[str]:
    out: list[str] = []
    for m in _CJK_RUN.finditer(text):
        run = m.group()
        if run.isascii():
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def cjk_bigram(library: Library, folder: Path) -> Searcher:
    from whoosh import query as wq

    def query_for(text: str, schema: object) -> object:
        parts = re.findall(r'"[^"]*"|\S+', text)
        subs = []
        for part in parts:
            grams = _bigrams(part.strip('"'))
            if grams:
                subs.append(wq.Phrase("text", grams) if len(grams) > 1 else wq.Term("text", grams[0]))
        return wq.And(subs) if subs else None

    return _plain_whoosh(library, folder, _ListTokenizer(_bigrams), query_for)


def final(library: Library, folder: Path) -> Searcher:
    from briefing import index

    si = index.open_or_build(library, directory=folder)
    suggest = getattr(si, "suggest", None)

    def search(query: str, limit: int) -> list[str]:
        hits = si.search(query, limit)
        if not hits and suggest is not None:
            # A user shown "did you mean" takes it (issue #15); an index without one, nothing.
            better = suggest(query)
            if better:
                hits = si.search(better, limit)
        return [h.key for h in hits]

    return search


@contextmanager
def _patched(target: object, name: str, value: object) -> Iterator[None]:
    old = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, old)


def final_no_strip(library: Library, folder: Path) -> Searcher:
    from briefing.index import korean

    with _patched(korean, "stem", lambda word: word):
        inner = final(library, folder)

    def search(query: str, limit: int) -> list[str]:
        with _patched(korean, "stem", lambda word: word):
            return inner(query, limit)

    return search


def final_no_alias(library: Library, folder: Path) -> Searcher:
    from briefing.index import searcher as searcher_module
    from briefing.index.patterns import AliasTable

    with _patched(searcher_module, "alias_table", lambda lib: AliasTable()):
        return final(library, folder)


def final_no_prior(library: Library, folder: Path) -> Searcher:
    from briefing.index import documents

    with _patched(documents, "prior", lambda unit: 1.0):
        return final(library, folder)


def kiwi(library: Library, folder: Path) -> Searcher:
    """Kiwi morphemes: content morphemes (nouns, verb and adjective roots, foreign words)."""
    from kiwipiepy import Kiwi  # optional; ImportError skips the option
    from whoosh import query as wq
    from whoosh.lang.porter import stem

    kiwi_ = Kiwi()
    keep = ("NN", "VV", "VA", "XR", "SL", "SN", "SH", "MAG")

    def morphemes(text: str) -> list[str]:
        out = []
        for tok in kiwi_.tokenize(text):
            if tok.tag.startswith(keep):
                out.append(stem(tok.form.lower()) if tok.form.isascii() else tok.form)
        return out

    def query_for(text: str, schema: object) -> object:
        subs = []
        for part in re.findall(r'"[^"]*"|\S+', text):
            ms = morphemes(part.strip('"'))
            if ms:
                subs.append(wq.Phrase("text", ms) if len(ms) > 1 else wq.Term("text", ms[0]))
        return wq.And(subs) if subs else None

    _KIWI.append(morphemes)
    return _plain_whoosh(library, folder, _ListTokenizer(_kiwi_morphemes), query_for)


OPTIONS: dict[str, Callable[[Library, Path], Searcher]] = {
    "standard": standard,
    "cjk-bigram": cjk_bigram,
    "final": final,
    "final-no-strip": final_no_strip,
    "final-no-alias": final_no_alias,
    "final-no-prior": final_no_prior,
    "kiwi": kiwi,
}


def evaluate(option: str, library: Library | None = None, *, only: str | None = None) -> Result:
    """Every judged query (or ``only`` one briefing's) against an index of its briefing."""
    libs = libraries(library)
    queries = [j for j in judged(library) if only is None or j.briefing == only]
    started = time.perf_counter()
    per: dict[int, tuple[str, float, float, list[str]]] = {}
    for briefing_id, lib in libs.items():
        mine = [(i, j) for i, j in enumerate(queries) if j.briefing == briefing_id]
        if not mine:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            search = OPTIONS[option](lib, Path(tmp))
            part = score(option, search, [j for _, j in mine])
        for (i, _), row in zip(mine, part.per_query, strict=True):
            per[i] = row
    rows = [per[i] for i in range(len(queries))]
    recall = sum(r for _, r, _, _ in rows) / len(rows)
    mrr = sum(m for _, _, m, _ in rows) / len(rows)
    return Result(option, recall, mrr, rows, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--option", action="append", choices=list(OPTIONS), help="default: all")
    parser.add_argument("--verbose", "-v", action="store_true", help="per-query recall and reciprocal rank")
    parser.add_argument("--by-case", action="store_true", help="recall and MRR for each case of query")
    args = parser.parse_args(argv)
    library = bundled()
    queries = judged(library)
    print(f"{len(queries)} judged queries over {BRIEFING} and {FIXTURE.name}; recall@{K} and MRR\n")
    print(f"{'option':<16} {'recall@10':>9} {'MRR':>6} {'seconds':>8}")
    for option in args.option or list(OPTIONS):
        try:
            result = evaluate(option, library)
            original = evaluate(option, library, only=BRIEFING) if args.by_case else None
        except ImportError as exc:
            print(f"{option:<16} skipped: {exc}")
            continue
        print(f"{option:<16} {result.recall:9.3f} {result.mrr:6.3f} {result.seconds:8.1f}")
        if original is not None:
            n = sum(1 for j in queries if j.briefing == BRIEFING)
            print(f"    {BRIEFING} only ({n}) {original.recall:6.3f} {original.mrr:6.3f}")
        if args.by_case:
            cases: dict[str, list[tuple[float, float]]] = {}
            for j, (_q, recall, rr, _top) in zip(queries, result.per_query, strict=True):
                cases.setdefault(j.case, []).append((recall, rr))
            for case, values in cases.items():
                n = len(values)
                print(
                    f"    {case:<18} {sum(r for r, _ in values) / n:6.3f} {sum(m for _, m in values) / n:6.3f}  ({n})"
                )
        if args.verbose:
            for q, recall, rr, top in result.per_query:
                flag = "" if recall >= 0.999 and rr >= 0.999 else "  <"
                print(f"    {q:<40} r={recall:.2f} rr={rr:.2f} {top}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
