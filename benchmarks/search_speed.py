"""Search speed on generated corpora, beside a plain Python substring scan of the same texts.

    /work/venv/bin/python benchmarks/search_speed.py [--sizes 10000 100000] [--repeat 5]

Units are generated from the bundled briefing's own words with a Zipf-distributed vocabulary
(the article's words by frequency, then a long tail of compounds made from its stems with
particles attached), 300-600 characters each, so a rare term is rare and a common one common,
as in real text (not the same sentences repeated, which would make every term hit most units).

Reported for each size: index build time, index size on disk, the time to open the built
index again (what the app pays on later starts), and p50/p95 latency of a fixed mix of 30
queries (Korean one word, compound, two words, phrase, English, filtered), measured as the
whole ``SearchIndex.search`` call including snippets and highlight spans; then the same for
a substring scan. Targets (issue #4): p95 <= 30 ms at 10k units, <= 150 ms at 100k; build of
100k units <= 5 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from briefing.content import Briefing, Library, Section, load_library  # noqa: E402
from briefing.content.render import unit_text  # noqa: E402

#: The fixed query mix: (class, query).
QUERIES: list[tuple[str, str]] = [
    ("korean-word", "미국"),
    ("korean-word", "수출"),
    ("korean-word", "중국을"),
    ("korean-word", "견제하기"),
    ("korean-word", "데이터셋"),
    ("korean-word", "협력"),
    ("compound", "고성능컴퓨팅"),
    ("compound", "디지털응용플랫폼"),
    ("compound", "기술동맹"),
    ("compound", "아시아태평양"),
    ("compound", "공동생태계"),
    ("two-words", "고성능 컴퓨팅"),
    ("two-words", "기술 동맹"),
    ("two-words", "미국 중국"),
    ("two-words", "데이터 주권"),
    ("two-words", "공급망 복원력"),
    ("phrase", '"신뢰할 수 있는"'),
    ("phrase", '"법적 구속력"'),
    ("phrase", '"AI 생태계"'),
    ("phrase", '"full stack"'),
    ("english", "MOU"),
    ("english", "datasets"),
    ("english", "full-stack"),
    ("english", "advanced manufacturing"),
    ("english", "National Science Foundation"),
    ("filtered", "수출 kind:section"),
    ("filtered", "미국 -중국"),
    ("filtered", "미국 OR 일본"),
    ("filtered", "협력 briefing:synthetic"),
    ("filtered", "kind:section 플랫폼"),
]

PARTICLES = [
    "",
    "",
    "",
    "의",
    "을",
    "를",
    "이",
    "가",
    "은",
    "는",
    "과",
    "와",
    "에",
    "에서",
    "으로",
    "로",
    "도",
]
_WORD = re.compile(r"\S+")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def vocabulary(seed: int = 7, tail: int = 60_000) -> list[str]:
    """Words ranked for a Zipf draw: the bundled text's own words by frequency, then a tail."""
    from briefing.index.korean import stem

    library = load_library(bundled=True, user=False)
    counts: Counter[str] = Counter()
    for briefing in library:
        for unit in briefing.units.values():
            for word in _WORD.findall(unit_text(briefing, unit)):
                word = _EDGE.sub("", word)
                if word and not word.startswith("http"):
                    counts[word] += 1
    ranked = [w for w, _ in counts.most_common()]
    stems = sorted({stem(w) for w in ranked if not w.isascii() and len(stem(w)) >= 2})
    rng = random.Random(seed)
    seen = set(ranked)
    extra: list[str] = []
    while len(extra) < tail:
        word = rng.choice(stems) + rng.choice(stems) + rng.choice(PARTICLES)
        if word not in seen:
            seen.add(word)
            extra.append(word)
    return ranked + extra


def corpus(size: int, words: list[str], seed: int = 11, s: float = 1.07) -> list[str]:
    rng = random.Random(seed + size)
    weights = [1.0 / (rank + 1) ** s for rank in range(len(words))]
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    texts: list[str] = []
    for _ in range(size):
        target = rng.randint(300, 600)
        out: list[str] = []
        length = -1
        while True:
            batch = rng.choices(words, cum_weights=cum, k=24)
            for word in batch:
                if length + 1 + len(word) > target:
                    break
                out.append(word)
                length += 1 + len(word)
            else:
                continue
            break
        if length < 300:
            out.append("보완" * ((300 - length) // 2 + 1))
        texts.append(" ".join(out))
    return texts


def library_of(texts: list[str]) -> Library:
    briefing = Briefing(
        id="synthetic",
        title="Synthetic corpus",
        author="",
        publisher="",
        date="",
        language="ko",
        path=Path("synthetic"),
        fingerprint=f"synthetic-{len(texts)}",
    )
    briefing.sections = [
        Section(id=f"s{i:06d}", number=str(i + 1), title=" ".join(t.split()[:3]), paragraphs=(t,))
        for i, t in enumerate(texts)
    ]
    briefing.index_units()
    return Library([briefing])


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def substring_scan(texts: list[str], query: str) -> int:
    """The naive alternative: every plain word (quotes and filters dropped) must occur."""
    words = [w.strip('"').lower() for w in re.findall(r'"[^"]*"|\S+', query)]
    words = [w for w in words if w and ":" not in w and w not in ("or",) and not w.startswith("-")]
    found = 0
    for text in texts:
        low = text.lower()
        if all(w in low for w in words):
            found += 1
    return found


def run(
    size: int, words: list[str], repeat: int, procs: int | None, detail: bool = False
) -> dict[str, float]:
    from briefing import index

    texts = corpus(size, words)
    library = library_of(texts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        si = index.open_or_build(library, directory=folder, procs=procs)
        build = time.perf_counter() - started
        size_mb = folder_size(folder) / 1e6
        si.close()
        started = time.perf_counter()
        si = index.open_or_build(library, directory=folder)
        reopen = time.perf_counter() - started
        latencies: list[float] = []
        per_query: dict[str, list[float]] = {}
        per_class: dict[str, list[float]] = {}
        hits: dict[str, int] = {}
        for _ in range(repeat):
            for cls, q in QUERIES:
                t0 = time.perf_counter()
                found = si.search(q, 20)
                dt = (time.perf_counter() - t0) * 1000
                latencies.append(dt)
                per_class.setdefault(cls, []).append(dt)
                per_query.setdefault(q, []).append(dt)
                hits[q] = len(found)
        scan: list[float] = []
        for _cls, q in QUERIES:
            t0 = time.perf_counter()
            substring_scan(texts, q)
            scan.append((time.perf_counter() - t0) * 1000)
        si.close()
    print(f"\n== {size:,} units (avg {sum(map(len, texts)) / len(texts):.0f} chars) ==")
    print(f"build {build:.1f} s · index {size_mb:.1f} MB · reopen {reopen * 1000:.0f} ms")
    print(
        f"search  p50 {percentile(latencies, 0.5):7.1f} ms   p95 {percentile(latencies, 0.95):7.1f} ms"
        f"   max {max(latencies):7.1f} ms   ({len(latencies)} searches)"
    )
    print(f"scan    p50 {percentile(scan, 0.5):7.1f} ms   p95 {percentile(scan, 0.95):7.1f} ms")
    for cls, values in per_class.items():
        print(f"  {cls:<12} p50 {statistics.median(values):6.1f} ms  p95 {percentile(values, 0.95):6.1f} ms")
    if detail:
        for (_cls, q), took in zip(QUERIES, scan, strict=True):
            print(
                f"    {q:<32} search {statistics.median(per_query[q]):6.1f} ms"
                f"  scan {took:6.1f} ms  hits {hits[q]}"
            )
    empty = [q for q, n in hits.items() if n == 0]
    if empty:
        print(f"  no hits: {empty}")
    return {
        "build_s": build,
        "size_mb": size_mb,
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "scan_p50_ms": percentile(scan, 0.5),
        "scan_p95_ms": percentile(scan, 0.95),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="times each query is run (default 5)")
    parser.add_argument(
        "--procs", type=int, default=None, help="indexing processes (default: 2 from 20k units)"
    )
    parser.add_argument("--detail", action="store_true", help="per-query medians")
    args = parser.parse_args(argv)
    words = vocabulary()
    print(f"vocabulary: {len(words):,} words; {len(QUERIES)} queries x {args.repeat}")
    for size in args.sizes:
        run(size, words, args.repeat, args.procs, args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
