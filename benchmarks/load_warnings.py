"""How long a file full of unknown keys takes to load (issue 11, item 7).

    python benchmarks/load_warnings.py              # 4,000, 8,000 and 32,000 unknown keys
    python benchmarks/load_warnings.py --keys 8000

Before the line map, 4,000 keys took 10 s and 8,000 took 48 s (every warning rescanned the
file); the target is well under a second for 8,000 (78 KB).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from briefing.content.loader import load_paths

HEAD = '[briefing]\nid = "many"\ntitle = "Many"\nlanguage = "en"\n\n[[section]]\nid = "s1"\ntitle = "t"\nparagraphs = ["p"]\n'


def measure(keys: int) -> tuple[int, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "many.toml"
        path.write_text(HEAD + "".join(f"key{n:05d} = {n}\n" for n in range(keys)), encoding="utf-8")
        started = time.perf_counter()
        result = load_paths([path])
        elapsed = time.perf_counter() - started
        return path.stat().st_size, elapsed, len(result.warnings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, nargs="*", default=[4000, 8000, 32000])
    args = parser.parse_args()
    for keys in args.keys:
        size, elapsed, shown = measure(keys)
        print(
            f"{keys:>7,} unknown keys, {size / 1024:6.0f} KB: {elapsed * 1000:7.1f} ms, {shown} warnings shown"
        )


if __name__ == "__main__":
    main()
