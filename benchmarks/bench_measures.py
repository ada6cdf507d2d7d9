"""What do the measures add to `journeys check`? (goal: under 15%)

Generates the bench_load.py handbook (N twelve-step journeys, default 1,000) twice in a
temporary folder:

  (a) without measures, exactly as bench_load.py makes it
  (b) the same plus 200 metrics (metrics.yml) with 2 years of weekly observations in
      3 segments each (measurements/<id>.csv: 200 x 104 x 3 = 62,400 rows), steps and
      phases naming metric ids, every opportunity's outcome a metric with an experiment,
      and a review log on every journey

and times `journeys check` on each, in-process (the click command, best of --repeat, CPU
seconds: the steadier figure on a shared machine; the runs alternate) and once as a fresh
process (wall time, what a person or CI waits).

    python3 benchmarks/bench_measures.py
    python3 benchmarks/bench_measures.py -n 200 --metrics 50
"""

from __future__ import annotations

import argparse
import gc
import math
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
# the build configuration the tests use
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "support")]
try:
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout
    sys.path.insert(0, str(ROOT / "plugins"))

from bench_load import EVIDENCE, PHASES, TEAMS, generate  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from helpers import write_config  # noqa: E402
from journey_handbook.cli import cli  # noqa: E402
from journey_handbook.data.loader import load_handbook  # noqa: E402

SEGMENTS = ("web", "app", "phone")
WEEKS = 104
FIRST_WEEK = date(2024, 12, 1)


def metric_ids(count: int) -> list[str]:
    return [f"metric-{i}" for i in range(count)]


def _metrics_yml(ids: list[str], journeys: int) -> str:
    out = ["# 200 generated metrics (bench_measures.py)\n"]
    for i, mid in enumerate(ids):
        down = i % 3 == 2
        out.append(
            f"- id: {mid}\n  name: Generated metric {i}\n  phase: {PHASES[i % len(PHASES)]}\n"
            f"  kind: {('progress', 'failure', 'outcome')[i % 3]}\n  unit: percent\n"
            f"  direction: {'down' if down else 'up'}\n"
            f"  definition: Share of people who finish part {i}\n"
            f"  source: {EVIDENCE[i % len(EVIDENCE)]}\n  owner: {TEAMS[i % len(TEAMS)]}\n"
            f"  journeys: [journey-{i % journeys}]\n  target: {30 if down else 70}\n")
    return "".join(out)


def _csv(i: int) -> str:
    rows = ["date,value,segment,note"]
    for w in range(WEEKS):
        day = (FIRST_WEEK + timedelta(weeks=w)).isoformat()
        season = 4 * math.sin(w / 52 * 2 * math.pi)
        for k, segment in enumerate(SEGMENTS):
            value = 50 + season + k * 3 + ((w * 7 + i * 13 + k * 5) % 11 - 5) / 2
            note = "Release" if w % 13 == 0 and k == 0 else ""
            rows.append(f"{day},{value:.1f},{segment},{note}")
    return "\n".join(rows) + "\n"


def add_measures(folder: Path, journeys: int, metrics: int) -> None:
    ids = metric_ids(metrics)
    (folder / "metrics.yml").write_text(_metrics_yml(ids, journeys), encoding="utf-8")
    out = folder / "measurements"
    out.mkdir()
    for i, mid in enumerate(ids):
        (out / f"{mid}.csv").write_text(_csv(i), encoding="utf-8")
    hb = folder / "handbook.yml"
    text = hb.read_text(encoding="utf-8")
    for p, phase in enumerate(PHASES):  # each phase names one metric by id
        text = text.replace(f"    metrics: [{phase} completion rate]\n",
                            f"    metrics: [{phase} completion rate, {ids[p % metrics]}]\n")
    text = text.replace('    github: "@acme/support"\n',
                        '    github: "@acme/support"\n    reviews_regulated: true\n')
    hb.write_text(text, encoding="utf-8")
    for j in range(journeys):
        f = folder / "maps" / f"journey-{j}.yml"
        text = f.read_text(encoding="utf-8")
        metric = ids[j % metrics]
        for s in range(12):  # steps name metric ids next to their free-text events
            text = text.replace(f"progress: [step_{s}_done]",
                                f"progress: [step_{s}_done, {ids[(j + s) % metrics]}]")
        text = text.replace(
            "    outcome: {metric: completion, baseline: 60%, target: 80%, by: 2027-03-31}\n",
            f"    outcome: {{metric: {metric}, baseline: 48, target: 70, by: 2027-03-31}}\n"
            f"    triaged: 2026-{1 + j % 12:02}-15\n    experiments:\n"
            f"      - id: experiment-{j}\n        hypothesis: If we simplify it, {metric} "
            "will rise\n"
            f"        metric: {metric}\n        start: 2026-03-01\n        end: 2026-05-31\n"
            "        status: concluded\n        result: Up two points\n"
            "        decision: ship\n")
        text = text.replace("personas: [", "review_log:\n  - date: 2026-10-01\n"
                            "    kind: workshop\n    participants: [growth, support]\n"
                            "personas: [", 1)
        f.write_text(text, encoding="utf-8")


def check_in_process(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(folder)])
    if result.exit_code != 0:
        raise SystemExit(f"check failed on {folder}:\n{result.output[:2000]}")


def best_cpu(repeat: int, *folders: Path) -> list[float]:
    """Best CPU seconds of each folder's check; runs alternate between the folders, so that
    a busy spell of the machine does not land on one of them only."""
    runs: list[list[float]] = [[] for _ in folders]
    for _ in range(repeat):
        for i, folder in enumerate(folders):
            gc.collect()
            cpu = time.process_time()
            check_in_process(folder)
            runs[i].append(time.process_time() - cpu)
    return [min(r) for r in runs]


def process_wall(folder: Path) -> float:
    exe = Path(sys.executable).parent / "journeys"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "journey_handbook.cli"]
    start = time.perf_counter()
    subprocess.run([*cmd, "check", str(folder)], check=True, capture_output=True)
    return time.perf_counter() - start


def build_cpu(data: Path, work: Path) -> float:
    """CPU seconds of `mkdocs build` (a child process) of the handbook in `data`, with the
    configuration the tests use."""
    config = write_config(work, data, today="2026-12-01")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([str(mkdocs), "build", "-q", "-f", str(config)], check=True,
                   capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--journeys", type=int, default=1000)
    parser.add_argument("--metrics", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-overhead", type=float, default=None, metavar="PERCENT",
                        help="exit 1 when the measures add more than PERCENT (for CI)")
    parser.add_argument("--build", action="store_true",
                        help="also time `mkdocs build` of both handbooks (minutes at 1,000)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-measures-") as tmp:
        plain, measured = Path(tmp) / "plain", Path(tmp) / "measured"
        generate(plain, args.journeys, 12)
        generate(measured, args.journeys, 12)
        add_measures(measured, args.journeys, args.metrics)
        rows = args.metrics * WEEKS * len(SEGMENTS)
        print(f"{args.journeys:,} journeys of 12 steps; with measures: {args.metrics} metrics, "
              f"{rows:,} observations ({WEEKS} weeks x {len(SEGMENTS)} segments), "
              f"{args.journeys:,} experiments and review logs")
        check_in_process(plain)  # warm imports and caches
        check_in_process(measured)
        hb = load_handbook(measured).handbook  # the measures are really there
        assert len(hb.metrics) == args.metrics and len(hb.experiments) == args.journeys
        assert sum(len(m.observations()) for m in hb.metrics.values()) == rows
        del hb
        a, b = best_cpu(args.repeat, plain, measured)
        wa, wb = process_wall(plain), process_wall(measured)
        overhead = (b - a) / a * 100
        print(f"journeys check, best of {args.repeat} in-process:   CPU s   fresh process wall s")
        print(f"(a) without measures                        {a:7.3f}   {wa:7.3f}")
        print(f"(b) with measures                           {b:7.3f}   {wb:7.3f}")
        print(f"measures add {overhead:+.1f}% CPU, {(wb - wa) / wa * 100:+.1f}% wall "
              "(goal: under 15%)")
        if args.build:
            ba = build_cpu(plain, Path(tmp) / "build-plain")
            bb = build_cpu(measured, Path(tmp) / "build-measured")
            print(f"mkdocs build CPU s: (a) {ba:.1f}  (b) {bb:.1f}  "
                  f"measures add {(bb - ba) / ba * 100:+.1f}% (goal: under 15%; (b) also "
                  f"publishes {args.metrics} metric pages)")
    if args.max_overhead is not None and overhead > args.max_overhead:
        print(f"too slow: the measures add {overhead:.1f}% > {args.max_overhead}%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
