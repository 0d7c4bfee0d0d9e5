"""How long `briefing import` takes on large documents, beside the time to just read them.

    python benchmarks/import_speed.py

Generates, in a temporary folder, a law of 3,000 articles (about 2.4 MB) and a text with no
structure (about 8.7 MB, near the 10 MB limit), imports each (decode, structure, write,
load back with the real loader, verbatim check, rename), and prints seconds and MB/s.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from briefing.content.importer import ImportOptions, import_document
from briefing.content.loader import load_briefing

WORDS = [
    "데이터",
    "인공지능",
    "정부",
    "협력",
    "기술",
    "표준",
    "공급망",
    "반도체",
    "전략",
    "국가",
    "시장",
    "정책",
    "산업",
    "보안",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def documents(folder: Path) -> list[Path]:
    rng = random.Random(1)
    law = ["큰 법률"]
    for n in range(1, 3001):
        law.append(f"제{n}조(조문 {n}) 이 조는 시험용 조문이다.")
        law.extend(f"{mark} {_sentence(rng, 30)}" for mark in "①②③")
    plain = [_sentence(rng, 40) for _ in range(27000)]
    paths = [folder / "big-law.txt", folder / "no-structure.txt"]
    paths[0].write_text("\n".join(law), encoding="utf-8")
    paths[1].write_text("\n".join(plain), encoding="utf-8")
    return paths


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for path in documents(folder):
            size = path.stat().st_size / 1024 / 1024
            start = time.perf_counter()
            report = import_document(path, ImportOptions(out_dir=folder / "out"))
            took = time.perf_counter() - start
            start = time.perf_counter()
            load_briefing(report.folder)
            load = time.perf_counter() - start
            print(
                f"{path.name}: {size:.1f} MB, {report.sections} sections, {report.lines} lines: "
                f"import {took:.2f} s ({size / took:.1f} MB/s); loading the result alone {load:.2f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
