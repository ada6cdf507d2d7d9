"""What `/changes/` costs: a build of N journeys whose data folder has C commits.

Generates a handbook of N twelve-step journeys (benchmarks/bench_load.py) in a new git
repository, commits it, then C - 1 more commits, each editing one journey (a step's action,
or an opportunity's status). Then, each build a child process measured with os.wait4:

  off    `mkdocs build --strict` with `changes: false` (no /changes/ page, no feed)
  cold   with the change log and an empty cache: every commit pair is computed
  warm   the same again: every pair comes from .cache/journeys/changes.json

and, in this process, the change log alone: cold, warm from the cache file (the next build)
and warm from memory (a `mkdocs serve` reload keeps the cache). Prints CPU seconds (the steadier
figure on a shared machine), wall seconds and the warm/off and cold/off overheads. Target:
warm overhead <= 10% of the build.

    python3 benchmarks/bench_changes.py              # 100 journeys, 100 commits
    python3 benchmarks/bench_changes.py -n 300 -c 50
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "support")]
sys.path.insert(0, str(Path(__file__).parent))

from bench_build import Run, mkdocs  # noqa: E402
from bench_load import generate  # noqa: E402
from helpers import write_config  # noqa: E402

GIT_ENV = os.environ | {
    "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=GIT_ENV,
                   check=True, capture_output=True)


def history(repo: Path, journeys: int, steps: int, commits: int) -> Path:
    data = repo / "journeys"
    generate(data, journeys, steps)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add the handbook")
    for i in range(1, commits):
        j = (i - 1) % journeys
        file = data / "maps" / f"journey-{j}.yml"
        text = file.read_text(encoding="utf-8")
        if i % 2:
            old = f"action: Does thing {i % steps} of journey {j}\n"
            text = text.replace(old, old[:-1] + f", again ({i})\n", 1)
        else:
            text = text.replace("status: planned", "status: in-progress", 1)
        file.write_text(text, encoding="utf-8")
        git(repo, "commit", "-q", "-am", f"Edit journey {j} ({i})")
    return data


def config(work: Path, data: Path, changes: bool) -> Path:
    path = write_config(work, data)
    text = path.read_text(encoding="utf-8")
    option = "      changes: false\n" if not changes else ""
    text = text.replace("      data_dir:", option + "      data_dir:", 1)
    out = work / ("mkdocs-changes.yml" if changes else "mkdocs-off.yml")
    out.write_text(text, encoding="utf-8")
    return out


def in_process(data: Path, cache_file: Path) -> list[tuple[str, float, float]]:
    from journey_handbook.analysis.history import ChangeCache, change_log

    out = []
    cache_file.unlink(missing_ok=True)
    computed = []
    for label in ("cold", "warm, from the cache file"):
        cpu, wall = time.process_time(), time.perf_counter()
        cache = ChangeCache(cache_file)
        log = change_log(data, cache)
        out.append((label, time.process_time() - cpu, time.perf_counter() - wall))
        computed.append(cache.computed)
    cpu, wall = time.process_time(), time.perf_counter()
    change_log(data, cache)  # the same cache object: a serve reload
    out.append(("warm, in memory (serve)", time.process_time() - cpu,
                time.perf_counter() - wall))
    print(f"change log: {len(log.entries)} entries; commit pairs computed: "
          f"{computed[0]} cold, {computed[1]} warm")
    return out


def row(label: str, run: Run, base: Run | None) -> str:
    extra = f"  {100 * (run.cpu - base.cpu) / base.cpu:+6.1f}% CPU" if base else ""
    return f"  {label:<6} {run.cpu:7.2f} s CPU {run.wall:7.2f} s wall" \
        f" {run.peak_mib:7.0f} MiB{extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100, help="journeys")
    parser.add_argument("-c", type=int, default=100, help="commits that change the data")
    parser.add_argument("--steps", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-changes-") as tmp:
        work = Path(tmp)
        data = history(work / "repo", args.n, args.steps, args.c)
        off, on = config(work, data, False), config(work, data, True)
        cache_file = work / ".cache/journeys/changes.json"
        print(f"{args.n} journeys, {args.c} commits (machine shared with other work: "
              "compare CPU seconds)")
        base = mkdocs(off)
        cache_file.unlink(missing_ok=True)
        cold = mkdocs(on)
        warm = mkdocs(on)
        base2 = mkdocs(off)
        warm2 = mkdocs(on)
        base = base if base.cpu <= base2.cpu else base2
        warm = warm if warm.cpu <= warm2.cpu else warm2
        print("builds (best of two for off and warm):")
        for label, result in (("off", base), ("cold", cold), ("warm", warm)):
            print(row(label, result, None if result is base else base))
        for label, cpu, wall in in_process(data, cache_file):
            print(f"  change log alone, {label}: {cpu:.3f} s CPU, {wall:.3f} s wall")


if __name__ == "__main__":
    main()
