"""Every speed and quality measurement in one command, each printing its side-by-side ratios.

    python benchmarks/run.py            # startup, search quality, search speed at 10k and 100k units
    python benchmarks/run.py --quick    # 10k units only, 3 startup runs each

Startup: the app against an empty Textual app in real terminals (tmux), median ratio.
Search quality: recall@10 and MRR of each analysis option on the judged query set.
Search speed: build time, size, p50/p95 latency beside a plain substring scan, and at 10k units
the keystroke to painted results in the app.
Tree preview: a held `j` with preview on move, per key and units drawn, beside preview off.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    steps = [
        ["startup.py", "--runs", "3" if args.quick else "7"],
        ["search_quality.py"],
        ["search_speed.py", "--keys", *(["--sizes", "10000"] if args.quick else [])],
        ["tree_preview.py"],
    ]
    failed = 0
    for step in steps:
        print(f"\n=== {' '.join(step)}", flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / step[0]), *step[1:]])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
