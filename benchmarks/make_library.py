"""Write a large synthetic briefing as real TOML, to measure the app on a big library.

    python benchmarks/make_library.py OUT_FOLDER [--units 100000]

The units are sections of one paragraph each, generated like benchmarks/search_speed.py's
corpus (the bundled article's words, Zipf-distributed), split over several files so each
stays under the loader's per-file limit. Then, for example:

    briefing --content OUT_FOLDER search 미국          # builds the index once (2 processes)
    python benchmarks/startup.py --content OUT_FOLDER  # first paint and peak RSS
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from search_speed import corpus, vocabulary  # noqa: E402

PER_FILE = 10_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=100_000)
    args = parser.parse_args()
    texts = corpus(args.units, vocabulary())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "briefing.toml").write_text(
        f'[briefing]\nid = "synthetic"\ntitle = "Synthetic library of {args.units:,} units"\nlanguage = "ko"\n',
        encoding="utf-8",
    )
    for start in range(0, len(texts), PER_FILE):
        lines = []
        for number, text in enumerate(texts[start : start + PER_FILE], start=start):
            lines.append(
                f'[[section]]\nid = "s{number}"\ntitle = "Section {number}"\n'
                f"paragraphs = [{json.dumps(text, ensure_ascii=False)}]\n"
            )
        (args.out / f"sections-{start // PER_FILE:02d}.toml").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(texts):,} units to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
