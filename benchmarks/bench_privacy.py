"""What does the privacy guard add to `journeys check`? (Budget: at most 20%.)

Generates the handbook of bench_load.py (1,000 twelve-step journeys by default), then runs
`journeys check --privacy off` and `--privacy error` alternately, --repeat times each, and
compares the fastest CPU time (user + system) of each: the whole command, as a user runs it,
imports included. Then the same for `load_handbook()` in this process, which leaves out the
start-up both commands share.

    python3 benchmarks/bench_privacy.py              # 1,000 journeys, best of 5
    python3 benchmarks/bench_privacy.py -n 200 --max-overhead 0.20   # exit 1 above 20%
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout
    sys.path.insert(0, str(ROOT / "plugins"))

import bench_load  # noqa: E402
from journey_handbook.data.loader import load_handbook  # noqa: E402

MODES = ("off", "error")


def _journeys() -> list[str]:
    script = Path(sys.executable).with_name("journeys")
    return [str(script)] if script.exists() else [sys.executable, "-m", "journey_handbook.cli"]


def check_cpu(folder: Path, mode: str) -> float:
    """CPU seconds of one `journeys check --privacy MODE` run in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([*_journeys(), "check", "--privacy", mode, str(folder)],
                          capture_output=True, text=True, check=False,
                          env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"journeys check --privacy {mode} failed:\n{proc.stdout}{proc.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load_cpu(folder: Path, mode: str) -> float:
    gc.collect()
    start = time.process_time()
    result = load_handbook(folder, privacy=mode)
    spent = time.process_time() - start
    assert result.ok
    return spent


def best(repeat: int, fn) -> dict[str, float]:
    """Fastest run of each mode, the modes alternating so that both see the same load."""
    runs: dict[str, list[float]] = {m: [] for m in MODES}
    for _ in range(repeat):
        for mode in MODES:
            runs[mode].append(fn(mode))
    return {m: min(r) for m, r in runs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--journeys", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-overhead", type=float, default=None, metavar="SHARE",
                        help="exit 1 when the check with the scan costs more than SHARE more")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-privacy-") as tmp:
        folder = Path(tmp) / "journeys"
        files = bench_load.generate(folder, args.journeys, args.steps)
        print(f"{len(files):,} files: {args.journeys:,} journeys of {args.steps} steps")
        load_handbook(folder)  # warm up
        cli = best(args.repeat, lambda mode: check_cpu(folder, mode))
        core = best(args.repeat, lambda mode: load_cpu(folder, mode))
    overhead = cli["error"] / cli["off"] - 1
    print(f"best of {args.repeat}, CPU seconds          --privacy off   --privacy error   added")
    print(f"journeys check (whole command)      {cli['off']:10.3f}   {cli['error']:14.3f}"
          f"   {overhead:+6.1%}")
    print(f"load_handbook() only                {core['off']:10.3f}   {core['error']:14.3f}"
          f"   {core['error'] / core['off'] - 1:+6.1%}")
    if args.max_overhead is not None and overhead > args.max_overhead:
        print(f"too slow: the scan adds {overhead:.1%} > {args.max_overhead:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
