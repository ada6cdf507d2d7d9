"""Does a long measurements series stay cheap? (goal: a 100,000-row daily series builds in
under 10 s and its metric page stays under 1 MB)

Copies the sample handbook into a temporary folder, replaces one metric's CSV
(`demo-requests`) with N daily observations (default 100,000: from 1900-01-01, about 274
years) and optionally S segments, then measures, in-process:

  check    `journeys check` (CPU seconds)
  build    `mkdocs build` with the journeys plugin, as the tests configure it (CPU seconds)
  page     the metric page's size: generated Markdown and built HTML, and the CSV download

    python3 benchmarks/bench_long_series.py
    python3 benchmarks/bench_long_series.py --rows 20000 --segments 6

Before issue 19 the metric page grew with the square of the dates (20,000 dates wrote a
600 MB page; 100,000 exhausted memory).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "support")]
try:
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout
    sys.path.insert(0, str(ROOT / "plugins"))

from click.testing import CliRunner  # noqa: E402
from helpers import build_config, write_config  # noqa: E402
from journey_handbook.cli import cli  # noqa: E402

METRIC = "demo-requests"


def long_csv(rows: int, segments: int) -> str:
    rng = random.Random(19)
    start = date(1900, 1, 1)
    names = [f"segment-{k}" for k in range(segments)] if segments > 1 else [""]
    out = ["date,value,segment,note"]
    per = rows // len(names)
    for name in names:
        for i in range(per):
            out.append(f"{start + timedelta(days=i)},{rng.randint(10, 60)},{name},")
    return "\n".join(out) + "\n"


def cpu(fn) -> float:
    """CPU seconds of this process and of the processes it waited for (Pagefind)."""
    def used() -> float:
        me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                      resource.RUSAGE_CHILDREN))
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    began = used()
    fn()
    return used() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--segments", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="journeys-long-") as tmp:
        work = Path(tmp)
        data = work / "journeys"
        shutil.copytree(ROOT / "journeys", data)
        (data / "measurements" / f"{METRIC}.csv").write_text(
            long_csv(args.rows, args.segments), encoding="utf-8")

        def check() -> None:
            result = CliRunner().invoke(cli, ["check", str(data)])
            assert result.exit_code == 0, result.output

        check_s = cpu(check)
        config = write_config(work, data)
        wall = time.perf_counter()
        build_s = cpu(lambda: build_config(config))
        wall = time.perf_counter() - wall
        site = work / "site" / "metrics" / METRIC
        html = (site / "index.html").stat().st_size
        download = (site / f"{METRIC}.csv").stat().st_size
    print(f"{args.rows:,} observations in {args.segments} segment(s) of '{METRIC}'")
    print(f"  check: {check_s:.2f} s CPU")
    print(f"  build: {build_s:.2f} s CPU ({wall:.2f} s wall), whole sample site")
    print(f"  metric page: {html / 1000:,.1f} kB HTML; CSV download {download / 1e6:.2f} MB")
    ok = build_s < 10 and html < 1_000_000
    print("goal met (build < 10 s CPU, page < 1 MB)" if ok else "goal NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
