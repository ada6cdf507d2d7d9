"""What does the privacy guard add to `journeys check`? (Budget: at most 20%.)

Generates the handbook of bench_load.py (1,000 twelve-step journeys by default), then runs
`journeys check --privacy off` and `--privacy error` alternately, --repeat times each, and
compares the fastest CPU time (user + system) of each: the whole command, as a user runs it,
imports included. With --baseline REV, `journeys check` of git revision REV (a version
without the guard: its plugins/ folder is unpacked to a temporary folder) runs in the same
rotation, so the figure also counts what `--privacy off` cannot remove (importing the
detector). Then `load_handbook()` off and on in this process, without any start-up.

    python3 benchmarks/bench_privacy.py                         # 1,000 journeys, best of 5
    python3 benchmarks/bench_privacy.py --baseline main~1      # against the code before it
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


# `journeys ARGS`, the same way for this checkout and for a baseline on PYTHONPATH
RUN = "import sys; from journey_handbook.cli import main; sys.argv[0] = 'journeys'; main()"


def check_cpu(folder: Path, mode: str, plugins: Path | None = None) -> float:
    """CPU seconds of one `journeys check` run in a child process.

    `mode` is the --privacy option; with `plugins` (a baseline's plugins/ folder) the
    baseline's code runs instead, without the option.
    """
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    args = ["check", str(folder)]
    if plugins is not None:
        env["PYTHONPATH"] = str(plugins)
    else:
        args += ["--privacy", mode]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          check=False, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"journeys {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def unpack_plugins(revision: str, into: Path) -> Path:
    """The plugins/ folder of a git revision, or `revision` itself when it is a folder."""
    if Path(revision).is_dir():
        return Path(revision).resolve()
    archive = subprocess.run(["git", "archive", revision, "plugins"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "plugins"


def load_cpu(folder: Path, mode: str) -> float:
    gc.collect()
    start = time.process_time()
    result = load_handbook(folder, privacy=mode)
    spent = time.process_time() - start
    assert result.ok
    return spent


def best(repeat: int, fn, modes=MODES) -> dict[str, float]:
    """Fastest run of each mode, the modes alternating so that all see the same load."""
    runs: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(repeat):
        for mode in modes:
            runs[mode].append(fn(mode))
    return {m: min(r) for m, r in runs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--journeys", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-overhead", type=float, default=None, metavar="SHARE",
                        help="exit 1 when the check with the scan costs more than SHARE more")
    parser.add_argument("--baseline", metavar="REV",
                        help="also time `journeys check` of this git revision, or of a "
                             "plugins/ folder (a version without the guard)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-privacy-") as tmp:
        folder = Path(tmp) / "journeys"
        files = bench_load.generate(folder, args.journeys, args.steps)
        print(f"{len(files):,} files: {args.journeys:,} journeys of {args.steps} steps")
        base = unpack_plugins(args.baseline, Path(tmp)) if args.baseline else None
        load_handbook(folder)  # warm up
        modes = (*MODES, "baseline") if base else MODES
        cli = best(args.repeat, lambda mode: check_cpu(
            folder, mode, base if mode == "baseline" else None), modes)
        core = best(args.repeat, lambda mode: load_cpu(folder, mode))
    reference = cli.get("baseline", cli["off"])
    overhead = cli["error"] / reference - 1
    print(f"best of {args.repeat}, CPU seconds")
    if base:
        print(f"journeys check of {args.baseline} (no guard)       {cli['baseline']:8.3f}")
    print(f"journeys check --privacy off                {cli['off']:8.3f}")
    print(f"journeys check --privacy error (default)    {cli['error']:8.3f}   "
          f"{overhead:+.1%} over {'the baseline' if base else '--privacy off'}")
    print(f"load_handbook() off / error                 {core['off']:8.3f} / "
          f"{core['error']:.3f}   {core['error'] / core['off'] - 1:+.1%}")
    if args.max_overhead is not None and overhead > args.max_overhead:
        print(f"too slow: the scan adds {overhead:.1%} > {args.max_overhead:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
