"""What the journeys plugin costs over plain MkDocs, at 100 and 1,000 journeys.

For each size N, generates a handbook of N twelve-step journeys, then in one run and one
process tree (each build is a child process, measured with os.wait4):

  plugin  `mkdocs build --strict` with the journeys plugin (the tests' mkdocs.yml: Material,
          search, journeys, superfences with mermaid2's fence, no mermaid2 plugin entry)
  export  `journeys export markdown` of the same handbook (reported, not part of a ratio)
  plain   `mkdocs build --strict` of the exported pages with stock MkDocs + Material and
          no journeys plugin (export/mkdocs.yml: Material's own Mermaid fence)

and prints CPU seconds, wall seconds and peak memory (max RSS) of each build and the
plugin/plain ratios. Targets: CPU <= 1.15x, peak memory <= 1.2x. With --hook it also builds
with the mermaid2 plugin entry (its on_post_page hook) turned on, for docs/guides/build.md.

With --cached it then builds through a build cache (`cache_dir`), as CI does with a restored
cache: cold (empty cache), unchanged, after a one-step edit and after a handbook.yml edit.
Targets: a one-step edit with a warm cache at most 30 s wall at 1,000 journeys, and at 300
journeys at most a quarter of the cold plugin build's CPU.
--search-after adds one-step edits (each of another journey) with Pagefind's CLI run over the
finished site (JOURNEYS_PREVIEW_WITHOUT=search, as before), and with Pagefind fed only the
pages this build writes (JOURNEYS_PREVIEW_WITHOUT=search-prefill, not first the last build's
pages from the cache): on a quiet machine they differ by how much of Pagefind's work the
second core took during the build. Figures: docs/guides/build.md, "A build cache for CI".

    python3 benchmarks/bench_build.py                # 100 and 1,000 journeys
    python3 benchmarks/bench_build.py -n 300 --hook
    python3 benchmarks/bench_build.py -n 300 -n 1000 --cached
    python3 benchmarks/bench_build.py --only-cached --search-after -n 1000
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the build configuration the tests use
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "support")]
sys.path.insert(0, str(Path(__file__).parent))

from bench_load import generate  # noqa: E402
from helpers import copy_mermaid, write_config  # noqa: E402

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1", "JOURNEYS_TODAY": "2026-11-01"}


@dataclass
class Run:
    cpu: float
    wall: float
    peak_mib: float


def run(args: list[str], env: dict[str, str] | None = None) -> Run:
    """One child process: its own CPU time and peak memory, not the benchmark's."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=ENV | (env or {}), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(args)}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def mkdocs(config: Path, env: dict[str, str] | None = None) -> Run:
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(config)],
               env)


def plain_config(work: Path) -> Path:
    """export/mkdocs.yml around `work/docs`, with the pinned Mermaid beside the pages."""
    copy_mermaid(work / "docs")
    config = work / "mkdocs.yml"
    config.write_text((ROOT / "export/mkdocs.yml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    return config


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def cached_rows(work: Path, data: Path, search_after: bool = False
                ) -> list[tuple[str, Path, Run]]:
    """Builds through one build cache, each after the change its name says; `search_after`
    adds a one-step edit (of another journey) with Pagefind's CLI run after the build, as
    before the index was made while the pages are written."""
    config = write_config(work, data)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      today:", f"      cache_dir: {work / 'cache'}\n"
                                   "      today:"), encoding="utf-8")
    rows = [("cache: cold", work, mkdocs(config)),
            ("cache: unchanged", work, mkdocs(config))]
    edit(data / "maps/journey-0.yml", "action: ", "action: Edited ")
    rows.append(("cache: one-step edit", work, mkdocs(config)))
    if search_after:
        edit(data / "maps/journey-1.yml", "action: ", "action: Edited ")
        rows.append(("  same, Pagefind after", work,
                     mkdocs(config, {"JOURNEYS_PREVIEW_WITHOUT": "search"})))
        edit(data / "maps/journey-2.yml", "action: ", "action: Edited ")
        rows.append(("  same, no prefill", work,
                     mkdocs(config, {"JOURNEYS_PREVIEW_WITHOUT": "search-prefill"})))
    edit(data / "handbook.yml", "goal: ", "goal: Edited ")
    rows.append(("cache: handbook.yml edit", work, mkdocs(config)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, action="append", help="journeys (repeatable)")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--hook", action="store_true",
                        help="also build with the mermaid2 plugin entry (its page hook) on")
    parser.add_argument("--cached", action="store_true",
                        help="also build through a build cache: cold, unchanged, after edits")
    parser.add_argument("--only-cached", action="store_true",
                        help="only the cached builds (ratios against the cold one)")
    parser.add_argument("--search-after", action="store_true",
                        help="with the cached builds, also a one-step edit with Pagefind run "
                             "after the build (the way before it indexed during the build)")
    args = parser.parse_args()
    header = f"{'journeys':>8} {'build':<26}{'pages':>6}{'CPU s':>8}{'wall s':>8}{'peak MiB':>10}"
    print(header + f"{'CPU x':>7}{'wall x':>7}{'peak x':>7}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for n in args.n or [100, 1000]:
            data = Path(tmp) / f"data-{n}"
            generate(data, n, args.steps)
            rows = [] if args.only_cached else uncached_rows(Path(tmp), n, data, args.hook)
            if args.cached or args.only_cached:
                rows += cached_rows(Path(tmp) / f"cached-{n}", data, args.search_after)
            base = rows[0][2]
            for name, work, r in rows:
                pages = sum(1 for _ in (work / "site").rglob("index.html"))
                line = (f"{n:>8} {name:<26}{pages:>6}{r.cpu:>8.1f}{r.wall:>8.1f}"
                        f"{r.peak_mib:>10.0f}")
                if r is not base:
                    line += (f"{r.cpu / base.cpu:>7.2f}{r.wall / base.wall:>7.2f}"
                             f"{r.peak_mib / base.peak_mib:>7.2f}")
                print(line, flush=True)
            by_name = {name: r for name, _, r in rows}
            if "cache: cold" in by_name:
                edited, cold = by_name["cache: one-step edit"], by_name["cache: cold"]
                share = edited.cpu / cold.cpu
                print(f"{n:>8} one-step edit CPU / cold CPU = {share:.2f} (target <= 0.25: "
                      f"{'met' if share <= 0.25 else 'NOT met'}); wall {edited.wall:.1f} s "
                      f"(target at 1,000 journeys <= 30 s)", flush=True)
            for work in {work for _, work, _ in rows}:
                shutil.rmtree(work / "site", ignore_errors=True)


def uncached_rows(tmp: Path, n: int, data: Path, hook: bool) -> list:
    """Plain MkDocs on the exported pages (the base of the ratios), then the plugin."""
    journeys = Path(sys.executable).with_name("journeys")
    plain_work = tmp / f"plain-{n}"
    export = run([str(journeys), "export", "markdown", str(plain_work / "docs"),
                  "--data-dir", str(data)])
    plain = mkdocs(plain_config(plain_work))
    plugin_work = tmp / f"plugin-{n}"
    rows = [("plain MkDocs (export)", plain_work, plain),
            ("journeys plugin", plugin_work, mkdocs(write_config(plugin_work, data)))]
    if hook:
        hook_work = tmp / f"hook-{n}"
        rows.append(("plugin + mermaid2 hook", hook_work,
                     mkdocs(write_config(hook_work, data, mermaid2_hook=True))))
    print(f"{n:>8} {'(journeys export)':<26}{'':>6}{export.cpu:>8.1f}{export.wall:>8.1f}"
          f"{export.peak_mib:>10.0f}", flush=True)
    return rows


if __name__ == "__main__":
    main()
