"""Search speed on generated corpora, beside a plain Python substring scan of the same texts.

    .venv/bin/python benchmarks/search_speed.py [--sizes 10000 100000] [--repeat 5] [--keys]

Units are generated from the bundled briefing's own words with a Zipf-distributed vocabulary
(the article's words by frequency, then a long tail of compounds made from its stems with
particles attached), 300-600 characters each, so a rare term is rare and a common one common,
as in real text (not the same sentences repeated, which would make every term hit most units).
They are written as real TOML and loaded as the app loads them.

Reported for each size:
- build: wall and CPU seconds (this machine is shared: CPU time is the steadier figure),
  index size on disk against the indexed text, the time to open it again;
- search: p50/p95 of a fixed mix of 30 queries (Korean one word, compound, two words,
  phrase, English, filtered), each the whole ``SearchIndex.search`` call including snippets
  and highlight spans, run cold (the analysed-unit cache dropped before each), interleaved
  with the substring scan of the same query so both see the same load; the ratio is the
  figure (issue #15 targets: search p95 <= 0.25x the scan's at 10k, <= 0.1x at 100k);
- typing: the same queries typed a character at a time (``typing=True``, as many results as
  the app's search screen asks for at each key: its first page), caches kept;
- peak RSS of a separate process that loads the library, opens the index and runs the mix;
- with ``--keys`` (10k units or fewer): keystroke to painted results in the real app, started
  in a fresh process as the `briefing` command starts it, Pilot typing each query a character
  at a time (target p95 <= 50 ms), with its parts: the key
  handled up to the search starting, the search, and the UI (search returned to the frame
  painted), and CPU times (``--keys-only FOLDER`` times only this, on a library kept there).
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


def write_library(texts: list[str], folder: Path) -> Path:
    """The corpus as a briefing of real TOML files, as benchmarks/make_library.py writes it."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "briefing.toml").write_text(
        '[briefing]\nid = "synthetic"\ntitle = "Synthetic corpus"\nlanguage = "ko"\n', encoding="utf-8"
    )
    per_file = 10_000
    for start in range(0, len(texts), per_file):
        lines = [
            f'[[section]]\nid = "s{n:06d}"\ntitle = {json.dumps(" ".join(t.split()[:3]), ensure_ascii=False)}\n'
            f"paragraphs = [{json.dumps(t, ensure_ascii=False)}]\n"
            for n, t in enumerate(texts[start : start + per_file], start=start)
        ]
        (folder / f"sections-{start // per_file:02d}.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


def _load(folder: Path) -> Library:
    return load_library([folder], bundled=False, user=False)


def indexed_text_bytes(library: Library) -> int:
    from briefing.index.store import _documents

    return sum(len(str(doc["body"]).encode("utf-8")) for doc in _documents(library))


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its finished children (from 20k units the index
    is built by two processes)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(func, *args):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def run(
    size: int, words: list[str], repeat: int, procs: int | None, detail: bool = False, keys: bool = False
) -> dict[str, float]:
    import os

    from briefing import index
    from briefing.content import paths

    texts = corpus(size, words)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        content = write_library(texts, Path(tmp) / "content")
        library = _load(content)
        text_mb = indexed_text_bytes(library) / 1e6
        folder = paths.index_dir()
        cpu0, started = _cpu_with_children(), time.perf_counter()
        si = index.open_or_build(library, procs=procs)
        build, build_cpu = time.perf_counter() - started, _cpu_with_children() - cpu0
        size_mb = folder_size(folder) / 1e6
        si.close()
        started = time.perf_counter()
        si = index.open_or_build(library)
        reopen = time.perf_counter() - started
        si.search("워밍", 20)  # the first search opens the searcher: not part of the mix
        latencies: list[float] = []
        cpu: list[float] = []
        scan: list[float] = []
        scan_cpu: list[float] = []
        per_class: dict[str, list[float]] = {}
        per_query: dict[str, list[float]] = {}
        hits: dict[str, int] = {}
        # (An index without caches, such as the one before issue #15, has nothing to drop.)
        drop = getattr(si, "drop_caches", lambda: None)
        for _ in range(repeat):
            for cls, q in QUERIES:
                drop()
                found, wall_ms, cpu_ms = _timed(si.search, q, 20)
                latencies.append(wall_ms)
                cpu.append(cpu_ms)
                per_class.setdefault(cls, []).append(wall_ms)
                per_query.setdefault(q, []).append(wall_ms)
                hits[q] = len(found)
                _, wall_ms, cpu_ms = _timed(substring_scan, texts, q)
                scan.append(wall_ms)
                scan_cpu.append(cpu_ms)
        from briefing.tui.search_screen import FIRST_PAGE

        typing: list[float] = []
        for _cls, q in QUERIES:
            for end in range(1, len(q) + 1):
                try:
                    _, wall_ms, _ = _timed(lambda p: si.search(p, FIRST_PAGE, typing=True), q[:end])
                except index.QueryError:
                    continue
                typing.append(wall_ms)
        si.close()
        rss = child_rss(content, Path(tmp) / "cache")
        keystroke = child_keystrokes(content, Path(tmp) / "cache", size) if keys else []
    p95, scan_p95 = percentile(latencies, 0.95), percentile(scan, 0.95)
    print(
        f"\n== {size:,} units (avg {sum(map(len, texts)) / len(texts):.0f} chars; indexed text {text_mb:.1f} MB) =="
    )
    print(
        f"build {build:.1f} s wall, {build_cpu:.1f} s CPU · index {size_mb:.1f} MB ({size_mb / text_mb:.1f}x the text)"
        f" · reopen {reopen * 1000:.0f} ms · peak RSS searching {rss:.0f} MB"
    )
    print(
        f"search  p50 {percentile(latencies, 0.5):7.1f} ms   p95 {p95:7.1f} ms   max {max(latencies):7.1f} ms"
        f"   CPU p50 {percentile(cpu, 0.5):6.1f} p95 {percentile(cpu, 0.95):6.1f}   ({len(latencies)} cold searches)"
    )
    print(
        f"scan    p50 {percentile(scan, 0.5):7.1f} ms   p95 {scan_p95:7.1f} ms"
        f"                     CPU p50 {percentile(scan_cpu, 0.5):6.1f} p95 {percentile(scan_cpu, 0.95):6.1f}"
    )
    print(
        f"ratio   p95 {p95 / scan_p95:.2f}x the scan (wall), "
        f"{percentile(cpu, 0.95) / percentile(scan_cpu, 0.95):.2f}x (CPU)"
    )
    print(
        f"typing  p50 {percentile(typing, 0.5):7.1f} ms   p95 {percentile(typing, 0.95):7.1f} ms   ({len(typing)} prefixes)"
    )
    for line in keystroke:
        print(line)
    for cls, values in per_class.items():
        print(f"  {cls:<12} p50 {statistics.median(values):6.1f} ms  p95 {percentile(values, 0.95):6.1f} ms")
    if detail:
        for _cls, q in QUERIES:
            print(f"    {q:<32} search {statistics.median(per_query[q]):6.1f} ms  hits {hits[q]}")
    empty = [q for q, n in hits.items() if n == 0]
    if empty:
        print(f"  no hits: {empty}")
    return {
        "build_s": build,
        "build_cpu_s": build_cpu,
        "size_mb": size_mb,
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": p95,
        "scan_p50_ms": percentile(scan, 0.5),
        "scan_p95_ms": scan_p95,
    }


def print_keystrokes(keystroke: list[float]) -> None:
    from textual import constants

    print(
        f"keystroke to painted results  p50 {percentile(keystroke, 0.5):6.1f} ms"
        f"   p95 {percentile(keystroke, 0.95):6.1f} ms   ({len(keystroke)} keystrokes that change the results;"
        f" Textual at {constants.MAX_FPS} frames a second)"
    )
    for part, values in KEYSTROKE_PARTS.items():
        if values:
            print(
                f"  {part:<27} p50 {percentile(values, 0.5):6.1f} ms   p95 {percentile(values, 0.95):6.1f} ms"
            )


def keys_only(folder: Path, size: int) -> None:
    """The keystroke latency alone, on a library kept in ``folder`` (written there first if
    it is not; its index is kept in XDG_CACHE_HOME, so a later run with the same one starts
    at once)."""
    from briefing import index

    if not (folder / "briefing.toml").exists():
        write_library(corpus(size, vocabulary()), folder)
    index.open_or_build(_load(folder)).close()
    print(f"\n== keystrokes on {folder} ==")
    print_keystrokes(keystroke_latency(folder))


def _child(cache: Path, *argv: str) -> str:
    """What this script prints run as a fresh process with ``argv``, on the index in ``cache``."""
    import os
    import subprocess

    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run(
        [sys.executable, __file__, *argv], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout


def child_rss(content: Path, cache: Path) -> float:
    """Peak RSS (MB) of a fresh process that opens the built index and runs the query mix."""
    return float(_child(cache, "--rss-child", str(content)).strip().splitlines()[-1])


def child_keystrokes(content: Path, cache: Path, size: int) -> list[str]:
    """The keystroke figures (``--keys-only``) of a fresh process on the built index. Not
    measured here: this process has imported Textual already (the search screen's page size),
    which then keeps its own frame rate, not the one the `briefing` command sets before
    importing it (``tui.launch``); measured here, the keystrokes waited for frames twice as
    far apart as the app's."""
    out = _child(cache, "--keys-only", str(content), "--sizes", str(size))
    return [line for line in out.splitlines() if line.strip() and not line.startswith("==")]


def _rss_child(content: Path) -> None:
    import resource

    from briefing import index

    si = index.open_or_build(_load(content))
    for _cls, q in QUERIES:
        si.search(q, 50)
    if hasattr(si, "suggest"):
        si.suggest("공급먕 suply")
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent (the
    # benchmark, which has just built the index), VmHWM starts afresh.
    try:
        status = Path("/proc/self/status").read_text()
        print(int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024)
    except (OSError, StopIteration):
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def keystroke_latency(content: Path) -> list[float]:
    """Milliseconds from a key press to the results of the new query painted, in the real
    app: Pilot types each query a character at a time. (The parts of each keystroke are
    left in ``KEYSTROKE_PARTS``.)"""
    import asyncio

    return asyncio.run(_keystrokes(content))


#: The parts of each timed keystroke of the last `keystroke_latency` run, in milliseconds:
#: "CPU" (the process's CPU time, all threads, from key to paint), "before" (the key
#: handled, up to the search starting), "search" (the index's own searching, as the app
#: called it), "ui" (from the search returning to the paint: the handoff to the event loop,
#: the list rebuilt, layout, compositing and the frame rendered to terminal bytes) and
#: "ui CPU" (the event loop thread's CPU time in that span).
KEYSTROKE_PARTS: dict[str, list[float]] = {}


class _Terminal:
    """What a terminal shows after the app's frames: the frames the app hands its driver
    (``App._display``) replayed into a grid of cells, as a terminal applies them."""

    def __init__(self, width: int, height: int) -> None:
        self.rows = [[" "] * width for _ in range(height)]
        self.width = width

    def _put(self, y: int, x: int, strip) -> None:  # type: ignore[no-untyped-def]
        from rich.cells import cell_len

        if not 0 <= y < len(self.rows):
            return
        row = self.rows[y]
        for segment in strip:
            if segment.control:
                continue
            for ch in segment.text:
                width = cell_len(ch)
                if width == 0:
                    continue
                if x + width > self.width:
                    return
                row[x] = ch
                if width == 2:
                    row[x + 1] = ""
                x += width

    def apply(self, update) -> None:  # type: ignore[no-untyped-def]
        from textual._compositor import ChopsUpdate, LayoutUpdate

        if isinstance(update, LayoutUpdate):
            for y, line in enumerate(update.strips, update.region.y):
                x = update.region.x
                for strip in line:
                    self._put(y, x, strip)
                    x += strip.cell_length
        elif isinstance(update, ChopsUpdate):
            for y, x1, x2 in update.spans:
                for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=False):
                    if strip is None or x > x2 or end <= x1:
                        continue
                    if not (x2 > x >= x1 and end <= x2):
                        strip = strip.crop(0, min(end, x2) - x)
                    self._put(y, x, strip)

    def row(self, y: int) -> str:
        return "".join(self.rows[y])


async def _keystrokes(content: Path, profiler=None) -> list[float]:  # type: ignore[no-untyped-def]
    """Each key is posted to the app as the terminal driver posts it (not through
    ``pilot.press``, which waits until the whole process is idle and so times its own
    polling). A paint is the app handing a frame to its driver (``App._display``): each
    frame is rendered to terminal bytes there, as a real driver would (headless skips it),
    and its time taken. The clock stops at the first frame after which the terminal shows
    the new query's results: its first result's location on the first row of the list and
    its count on the status line.

    The benchmark reads nothing off the screen while the app works: the frames are only
    kept, and replayed into a grid of cells once the app says it has shown the query
    (reading the screen as a screenshot every millisecond took the event loop from the app
    and added its own time to the figure). A ``cProfile.Profile`` given as ``profiler``
    runs from each timed key to its paint: the event loop's share of the keystroke."""
    import asyncio
    import threading

    from briefing.content.text import one_line
    from briefing.tui import launch

    if "textual.constants" in sys.modules:
        # Textual read its frame rate when first imported: the app would not run as it does.
        raise RuntimeError("keystrokes are measured in a process that has not imported Textual yet")

    # As the `briefing` command starts the app (``cli.run_app``, ``tui.launch``), before
    # Textual is imported: collection held until the first paint, and what the app built then
    # and at its large loads frozen out of later ones; Textual's frame rate.
    launch.prepare()
    from briefing.tui.app import BriefingApp
    from briefing.tui.result_list import ResultList
    from briefing.tui.search_screen import FIRST_PAGE, SearchScreen
    from textual import events

    width, height = 120, 40
    app = BriefingApp([content], bundled=False, user=False)
    took: list[float] = []
    parts: dict[str, list[float]] = {"CPU": [], "before": [], "search": [], "ui": [], "ui CPU": []}
    KEYSTROKE_PARTS.clear()
    KEYSTROKE_PARTS.update(parts)
    # Each frame: (when it was painted, the query the screen had shown by then, the frame,
    # the event loop's CPU seconds and the process's by then).
    frames: list[tuple[float, str | None, object, float, float]] = []
    # CPU time is the steadier figure on a shared machine: the event loop's thread's own.
    main_clock = time.pthread_getcpuclockid(threading.main_thread().ident or 0)

    def main_cpu() -> float:
        return time.clock_gettime(main_clock)

    painted_event = asyncio.Event()
    async with app.run_test(size=(width, height)) as pilot:
        display = app._display

        def painted(screen, renderable):  # type: ignore[no-untyped-def]
            if renderable is not None:
                renderable.render_segments(app.console)
                frames.append(
                    (
                        time.perf_counter(),
                        getattr(screen, "shown_query", None),
                        renderable,
                        main_cpu(),
                        time.process_time(),
                    )
                )
                painted_event.set()
            return display(screen, renderable)

        app._display = painted  # type: ignore[method-assign]
        for _ in range(6000):
            if app.search_index is not None:
                break
            await pilot.pause(0.05)
        search_index = app.search_index
        # Every search the app makes while a key is timed: (query, started, returned, the
        # event loop's CPU seconds when it returned).
        searches: list[tuple[str, float, float, float]] = []
        search = search_index.search

        def timed_search(query, *args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return search(query, *args, **kwargs)
            finally:
                searches.append((query, started, time.perf_counter(), main_cpu()))

        terminal = _Terminal(width, height)
        replayed = 0

        def replay_until(shows):  # type: ignore[no-untyped-def]
            """Apply the frames not yet applied; the first after which the terminal
            ``shows`` what is wanted, or None."""
            nonlocal replayed
            found = None
            while replayed < len(frames):
                frame = frames[replayed]
                terminal.apply(frame[2])
                # A frame once applied is let go: kept, every frame's strips (each with its
                # caches) would pile up for the garbage collector to walk at every key.
                frames[replayed] = (frame[0], frame[1], None, frame[3], frame[4])
                replayed += 1
                if found is None and shows():
                    found = frame
            return found

        queries = [q for _cls, q in QUERIES if not any(c in q for c in ':"')][:12]
        for query in queries:
            await pilot.press("slash")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            first_row = screen.query_one(ResultList).content_region.y
            status_y = screen.query_one("#search-status").region.y
            # What each prefix paints (its first result's place and the count), worked out
            # before typing; the caches are then dropped so the app searches cold.
            expected: list[tuple[str, str] | None] = []
            for end in range(1, len(query) + 1):
                prefix = query[:end]
                try:
                    hits = search_index.search(prefix, FIRST_PAGE, typing=True) if prefix.strip() else []
                except Exception:
                    hits = []
                status = f" {len(hits)}{'+' if len(hits) >= FIRST_PAGE else ''} 건 · results"
                expected.append((one_line(hits[0].location, 110), status) if hits else None)
            getattr(search_index, "drop_caches", lambda: None)()
            search_index.search = timed_search  # type: ignore[method-assign]
            previous: tuple[str, str] | None = None
            for end, (ch, want) in enumerate(zip(query, expected, strict=True), start=1):
                prefix = query[:end]
                replay_until(lambda: False)
                del searches[:]
                started, cpu_started = time.perf_counter(), time.process_time()
                app.post_message(events.Key("space" if ch == " " else ch, ch))
                timed = not (want is None or want == previous)
                if profiler is not None and timed:
                    profiler.enable()
                if not timed:
                    previous = want
                    await asyncio.sleep(0.15)
                    continue  # the screen does not change: nothing to time
                location, status = want

                def shows(
                    location: str = location,
                    status: str = status,
                    first: int = first_row,
                    status_y: int = status_y,
                ) -> bool:
                    return location in terminal.row(first) and status in terminal.row(status_y)

                seen = None
                deadline = started + 30  # (a hang: then the run fails)
                while seen is None and time.perf_counter() < deadline:
                    painted_event.clear()
                    try:
                        await asyncio.wait_for(painted_event.wait(), max(0.0, deadline - time.perf_counter()))
                    except TimeoutError:
                        break
                    # Replayed only once a frame came after the app said it had put this
                    # query's results up (``shown_query``), so as not to take its time before.
                    if frames[-1][1] == prefix:
                        seen = replay_until(shows)
                if profiler is not None:
                    profiler.disable()
                if seen is None:
                    raise AssertionError(f"the results of {prefix!r} were never painted")
                seen, _shown, _update, seen_main_cpu, seen_cpu = seen
                took.append((seen - started) * 1000)
                parts["CPU"].append((seen_cpu - cpu_started) * 1000)
                mine = [s for s in searches if s[0] == prefix and s[2] <= seen]
                if mine:
                    last = max(mine, key=lambda s: s[2])
                    parts["search"].append(sum(s[2] - s[1] for s in mine) * 1000)
                    parts["ui"].append((seen - last[2]) * 1000)
                    parts["ui CPU"].append((seen_main_cpu - last[3]) * 1000)
                    parts["before"].append((min(s[1] for s in mine) - started) * 1000)
                previous = want
                await asyncio.sleep(0.1)  # a typist's pause before the next key
            search_index.search = search  # type: ignore[method-assign]
            await pilot.press("escape")
            await pilot.pause()
    KEYSTROKE_PARTS.update(parts)
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="times each query is run (default 5)")
    parser.add_argument(
        "--procs", type=int, default=None, help="ignored: the index is built in one process (issue #15)"
    )
    parser.add_argument("--detail", action="store_true", help="per-query medians")
    parser.add_argument(
        "--keys", action="store_true", help="keystroke latency in the app (10k units or fewer)"
    )
    parser.add_argument(
        "--keys-only",
        type=Path,
        metavar="FOLDER",
        help="only the keystroke latency, on the library in FOLDER (of the first --sizes units, "
        "written there if absent); keep XDG_CACHE_HOME between runs to keep its index",
    )
    parser.add_argument("--rss-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        _rss_child(args.rss_child)
        return 0
    if args.keys_only:
        keys_only(args.keys_only, args.sizes[0])
        return 0
    words = vocabulary()
    print(f"vocabulary: {len(words):,} words; {len(QUERIES)} queries x {args.repeat}")
    for size in args.sizes:
        run(size, words, args.repeat, args.procs, args.detail, keys=args.keys and size <= 10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
