"""Build time, peak memory and page size of the published handbook as it grows.

Builds the sample handbook (journeys/) and generated handbooks of N twelve-step journeys
with the same MkDocs configuration the tests use (Material, search, journeys, mermaid2),
each in a fresh `mkdocs build` process, and prints wall time, the process's peak memory
and the HTML size of one journey page. The page size must not grow with N (the nav is
pruned and lists only section index pages past NAV_LIMIT), so build time grows linearly.

    python3 benchmarks/bench_build.py                # sample, 100 and 1,000 journeys
    python3 benchmarks/bench_build.py -n 50 -n 500
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the build configuration the tests use
sys.path.insert(0, str(Path(__file__).parent))

from bench_load import generate  # noqa: E402
from sitebuild import write_config  # noqa: E402


def build(data: Path, work: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MiB, bytes of one journey page) of one `mkdocs build` process.

    CPU time is the steadier figure on a shared machine; wall time is what people wait.
    """
    config = write_config(work, data)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f",
                    str(config)], check=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss of children is the largest child so far; builds run smallest first.
    page = next((work / "site/journeys").glob("*/index.html"))
    return (seconds, usage.ru_utime + usage.ru_stime - cpu, max(usage.ru_maxrss, before) / 1024,
            page.stat().st_size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, action="append", help="journeys (repeatable)")
    parser.add_argument("--steps", type=int, default=12)
    args = parser.parse_args()
    sizes = args.n or [100, 1000]
    print(f"{'handbook':<24}{'pages':>7}{'wall s':>8}{'CPU s':>8}{'peak MiB':>10}"
          f"{'journey page KiB':>18}")
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("sample (journeys/)", ROOT / "journeys")]
        for n in sizes:
            data = Path(tmp) / f"data-{n}"
            generate(data, n, args.steps)
            cases.append((f"{n} journeys x {args.steps} steps", data))
        for name, data in cases:
            work = Path(tmp) / f"work-{len(name)}-{data.name}"
            wall, cpu, peak, page = build(data, work)
            pages = sum(1 for _ in (work / "site").rglob("index.html"))
            print(f"{name:<24}{pages:>7}{wall:>8.1f}{cpu:>8.1f}{peak:>10.0f}"
                  f"{page / 1024:>18.1f}", flush=True)


if __name__ == "__main__":
    main()
