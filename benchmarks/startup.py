"""Time to first paint: the briefing app against an empty Textual app, in real terminals.

Both run alternately in tmux panes of the same size; each run is timed from launch until its
marker text is on screen (polled with `tmux capture-pane`), so both carry the same polling cost.
Prints every sample, the medians, and the median ratio; also the app's peak RSS once it has
settled (indexing done), read from /proc.

    python benchmarks/startup.py [--runs 7] [--content PATH] [--cache XDG_CACHE_DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP_MARKER = "우리의 과제"  # the bundled briefing's title, shown in the header
EMPTY_MARKER = "EMPTY-APP-READY"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def time_to_marker(
    command: list[str], marker: str, env: dict[str, str], settle: float = 0.0
) -> tuple[float, int]:
    """Seconds from launch until ``marker`` is on screen, and the peak RSS (KiB) after ``settle``."""
    session = f"bench{os.getpid()}"
    tmux("kill-session", "-t", session)
    quoted = " ".join(f"'{part}'" for part in command)
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", f"exec {quoted}"],
        env=env,
        check=True,
    )
    elapsed = None
    deadline = start + 30
    while time.perf_counter() < deadline:
        if marker in tmux("capture-pane", "-p", "-t", session):
            elapsed = time.perf_counter() - start
            break
        time.sleep(0.005)
    peak = 0
    if settle:
        time.sleep(settle)
        pid = tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1])
        except OSError:
            pass
    tmux("kill-session", "-t", session)
    if elapsed is None:
        raise SystemExit(f"{command[0]}: marker {marker!r} never appeared on screen")
    return elapsed, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--content", type=Path, action="append", default=[])
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before reading peak RSS")
    parser.add_argument(
        "--cache",
        type=Path,
        help="an XDG cache folder to reuse (one whose index of --content is already built)",
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed: apt-get install tmux", file=sys.stderr)
        return 2
    briefing = shutil.which("briefing") or str(Path(sys.executable).parent / "briefing")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LANG": "C.UTF-8", "TERM": "xterm-256color"}
        # Both start as an installed app does, from compiled bytecode (pip compiles it at
        # install; the warm-up run writes it for an editable install).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for name in ("DATA", "CACHE", "CONFIG"):
            env[f"XDG_{name}_HOME"] = str(Path(tmp) / name.lower())
        if args.cache:
            env["XDG_CACHE_HOME"] = str(args.cache)
        content = [arg for path in args.content for arg in ("--content", str(path))]
        app_cmd = [briefing, "--no-user", *content]
        empty_cmd = [sys.executable, str(HERE / "empty_app.py")]
        # One warm-up each: the first launch pays for cold disk caches and the index build.
        time_to_marker(app_cmd, APP_MARKER, env, settle=2.0)
        time_to_marker(empty_cmd, EMPTY_MARKER, env)
        app_times, empty_times, peaks = [], [], []
        for run in range(args.runs):
            empty, _ = time_to_marker(empty_cmd, EMPTY_MARKER, env)
            app, peak = time_to_marker(app_cmd, APP_MARKER, env, settle=args.settle if run == 0 else 0.0)
            empty_times.append(empty)
            app_times.append(app)
            if peak:
                peaks.append(peak)
            print(f"run {run + 1}: empty {empty * 1000:7.1f} ms   briefing {app * 1000:7.1f} ms")
    ratio = statistics.median(a / e for a, e in zip(app_times, empty_times, strict=True))
    print(f"median empty app:    {statistics.median(empty_times) * 1000:7.1f} ms")
    print(f"median briefing app: {statistics.median(app_times) * 1000:7.1f} ms")
    print(f"median ratio (briefing / empty): {ratio:.2f}  (target <= 1.3)")
    if peaks:
        print(f"peak RSS after {args.settle:.0f} s (indexing done): {max(peaks) / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
