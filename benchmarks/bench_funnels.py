"""What do funnels add to a 1,000-journey build? (goal: under 5%)

Generates the bench_measures.py handbook (N twelve-step journeys, default 1,000, with 200
percent metrics, 62,400 weekly observations, experiments and review logs) and gives every
journey a funnel: 40 count metrics with 24 months of observations in three series (rows
without a segment, `web`, `app`), five stages per journey (steps 1, 3, 5, 7 and 9) and two
failure counts (steps 3 and 5). Then the same data is rendered and built twice:

  (a) funnels off: `data.funnel.stage_sources` patched to find no stage, so no journey has a
      funnel (the section says so in one sentence, no board lane, an empty /funnels/)
  (b) funnels on: as shipped

and times, in CPU seconds (steadier than wall time on a shared machine):

  - render_site (every page as Markdown, in-process, best of --repeat, runs alternating)
  - `mkdocs build` with the tests' configuration (--build; two child processes started
    together, one per variant, so both run the same code under the same load; minutes at
    1,000 journeys)

    python3 benchmarks/bench_funnels.py
    python3 benchmarks/bench_funnels.py -n 200 --build

Runs are interleaved off/on, on/off... (ABBA) and compared by their medians.

Measured 2026-12-06 on the shared 2-core machine (load 1 to 15 from five other engineers),
`.venv/bin/python benchmarks/bench_funnels.py -n 1000 --repeat 3`, load + render_site CPU s:
  before issue-17 follow-up (fdd96ad):   off 19.12 17.41 18.35  on 20.64 19.46 21.30  +12.5%
  with funnel memos on steps too:        off 18.39 17.03 17.32  on 21.67 21.41 21.42  +23.7%
  as merged (cb1d4c7):                   off 19.20 19.04 18.91  on 21.33 20.76 19.32   +9.0%
The rest was not the funnel's own work: `data.funnel._memo` wrote into journeys' and metrics'
`__dict__` after construction, which slowed every later attribute read of those objects on
every page. With a declared `derived` field on the model (151b241), the same command, from a
frozen copy of that commit with `--build` added, load 1 to 9 (two other engineers' work):
  render_site:  off 20.97 19.31 22.16  on 20.10 20.77 22.00   -1.0%
  mkdocs build CPU s:
                off 257.3 247.8 240.3  on 278.7 253.2 222.4   +2.2% (medians 247.8, 253.2)
Single builds vary by about +-10% under that load; the medians of the ABBA-ordered runs are
the figure to read, and the goal (under 5%) holds.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "support")]
try:
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout
    sys.path.insert(0, str(ROOT / "plugins"))

from bench_load import generate  # noqa: E402
from bench_measures import add_measures  # noqa: E402
from helpers import write_config  # noqa: E402
from journey_handbook.data import funnel as funnel_module  # noqa: E402
from journey_handbook.data import resolve_funnel  # noqa: E402
from journey_handbook.data.loader import load_handbook  # noqa: E402
from journey_handbook.site.pages import PageContext, render_site  # noqa: E402

COUNTS = 40  # count metrics shared by the journeys
MONTHS = 24
STAGE_STEPS = (1, 3, 5, 7, 9)
FAILURE_STEPS = (3, 5)
TODAY = date(2026, 12, 1)

# A child process that builds with the funnels switched off (the same patch as in-process).
OFF_BUILD = """
import sys
from journey_handbook.data import funnel, resolve_funnel
funnel.stage_sources = resolve_funnel.stage_sources = lambda journey: []
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "-q", "-f", sys.argv[1]]
cli()
"""
ON_BUILD = OFF_BUILD.replace("funnel.stage_sources = resolve_funnel.stage_sources = "
                             "lambda journey: []\n", "")


def _month_ends() -> list[str]:
    out = []
    for k in range(MONTHS):
        year, month = 2024 + (11 + k) // 12, (11 + k) % 12 + 1
        nxt = date(year + month // 12, month % 12 + 1, 1)
        out.append(date.fromordinal(nxt.toordinal() - 1).isoformat())
    return out


def add_funnels(folder: Path, journeys: int) -> None:
    metrics = ["\n# funnel counts (bench_funnels.py)\n"]
    for i in range(COUNTS + 10):
        kind = "progress" if i < COUNTS else "failure"
        metrics.append(f"- id: count-{i}\n  name: Generated count {i}\n  phase: awareness\n"
                       f"  kind: {kind}\n  unit: count\n"
                       f"  direction: {'up' if kind == 'progress' else 'down'}\n")
    with (folder / "metrics.yml").open("a", encoding="utf-8") as f:
        f.write("".join(metrics))
    for i in range(COUNTS + 10):
        rows = ["date,value,segment"]
        for k, day in enumerate(_month_ends()):
            level = 20000 - 400 * (i % COUNTS) + 30 * (k % 12)
            rows += [f"{day},{level},", f"{day},{level * 6 // 10},web",
                     f"{day},{level * 4 // 10},app"]
        (folder / "measurements" / f"count-{i}.csv").write_text("\n".join(rows) + "\n",
                                                                encoding="utf-8")
    for j in range(journeys):
        f = folder / "maps" / f"journey-{j}.yml"
        text = f.read_text(encoding="utf-8")
        base = j % (COUNTS - 2 * len(STAGE_STEPS))
        for k, s in enumerate(STAGE_STEPS):  # increasing ids: decreasing counts
            text = text.replace(f"progress: [step_{s}_done, ",
                                f"progress: [step_{s}_done, count-{base + 2 * k}, ", 1)
        for k, s in enumerate(FAILURE_STEPS):
            text = text.replace(f"failure: [step_{s}_quit]",
                                f"failure: [step_{s}_quit, count-{COUNTS + (j + k) % 10}]", 1)
        f.write_text(text, encoding="utf-8")


@contextmanager
def funnels_off():
    saved = funnel_module.stage_sources

    def none(journey):  # noqa: ARG001 - the patch: no journey has a stage
        return []

    funnel_module.stage_sources = resolve_funnel.stage_sources = none
    try:
        yield
    finally:
        funnel_module.stage_sources = resolve_funnel.stage_sources = saved


def render_cpu(folder: Path, off: bool) -> float:
    gc.collect()
    cpu = time.process_time()
    if off:
        with funnels_off():
            handbook = load_handbook(folder).handbook
            render_site(PageContext(handbook, TODAY))
    else:
        handbook = load_handbook(folder).handbook
        render_site(PageContext(handbook, TODAY))
    return time.process_time() - cpu


def build_cpu(data: Path, work: Path, off: bool) -> float:
    """CPU seconds (user + system) of one `mkdocs build` in a child process."""
    config = write_config(work, data, today=TODAY.isoformat())
    child = subprocess.Popen([sys.executable, "-c", OFF_BUILD if off else ON_BUILD,
                              str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"mkdocs build failed: {child.stderr.read().decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def interleaved(repeat: int) -> list[bool]:
    """Run order, off first: off on, on off, off on... (ABBA), so that neither variant
    always runs first or last in a spell of load from the other users of the machine."""
    pairs = [(True, False) if r % 2 == 0 else (False, True) for r in range(repeat)]
    return [off for pair in pairs for off in pair]


def compare(label: str, runs: dict[bool, list[float]], unit: str = "{:.2f}") -> float:
    a, b = median(runs[True]), median(runs[False])
    each = "  ".join(f"{'off' if off else 'on'} " + " ".join(unit.format(x) for x in xs)
                     for off, xs in runs.items())
    added = (b - a) / a * 100
    print(f"{label}, CPU s, median of {len(runs[True])}: (a) funnels off {unit.format(a)}  "
          f"(b) on {unit.format(b)}  funnels add {added:+.1f}%   [runs: {each}]")
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--journeys", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="render_site runs per variant")
    parser.add_argument("--build", action="store_true",
                        help="also time `mkdocs build` with funnels off and on")
    parser.add_argument("--build-repeat", type=int, default=3, help="builds per variant")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-funnels-") as tmp:
        data = Path(tmp) / "journeys"
        generate(data, args.journeys, 12)
        add_measures(data, args.journeys, 200)
        add_funnels(data, args.journeys)
        hb = load_handbook(data).handbook
        shown = [funnel_module.funnel(j) for j in hb.journeys.values()]
        assert all(len(f.stages) == len(STAGE_STEPS) for f in shown)
        assert all(len(f.failures) == len(FAILURE_STEPS) for f in shown)
        print(f"{args.journeys:,} journeys of 12 steps, each with a {len(STAGE_STEPS)}-stage "
              f"funnel and {len(FAILURE_STEPS)} failure counts ({COUNTS + 10} count metrics, "
              f"{MONTHS} months x 3 series), plus bench_measures' 200 metrics")
        del hb, shown
        render_cpu(data, off=False)  # warm imports and caches
        runs: dict[bool, list[float]] = {True: [], False: []}
        for off in interleaved(args.repeat):
            runs[off].append(render_cpu(data, off))
        compare("load + render_site", runs)
        sys.stdout.flush()
        if args.build:
            builds: dict[bool, list[float]] = {True: [], False: []}
            for r, off in enumerate(interleaved(args.build_repeat)):
                work = Path(tmp) / f"build-{r}"
                builds[off].append(build_cpu(data, work, off))
                shutil.rmtree(work)
                print(f"  build {r + 1}: funnels {'off' if off else 'on'} "
                      f"{builds[off][-1]:.1f} CPU s", flush=True)
            compare("mkdocs build", builds, "{:.1f}")
            print("goal: the funnels add under 5% to the build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
