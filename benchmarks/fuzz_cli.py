"""Mutation-fuzz the `journeys` commands for much longer than the test suite does.

Each run copies the sample handbook, tests/fixtures/minimal or tests/fixtures/measures, makes
one to three random edits (tests/support/fuzzing.py: YAML, metrics.yml and measurements CSV
mutations, alias bombs), puts one write fault in the way (read-only paths, files where folders
belong, symbolic links into and out of the export folder, and, when this process may mount one,
a full 2 MB tmpfs), and runs check (three formats, and --fail-stale), export json/csv/markdown,
reviews, impact, codeowners, new and schema --out in-process. It counts the outcomes and lists
every run that breaks the promise (an exit code other than 0, 1 or 2, a run over the time
limit, a traceback, an error located outside the data folder or outside its file, or a byte
changed outside the command's outputs), grouped by what went wrong. Progress lines carry the
running totals, and SIGTERM or Ctrl-C ends the campaign with the summary of the runs so far.

    nice -n 10 python3 benchmarks/fuzz_cli.py --seed 1 --runs 2000
    python3 benchmarks/fuzz_cli.py --seed 1234 --runs 1 -v    # replay one case

Exit status: 0 when every run kept the promise, 1 otherwise.

Last campaign (2026-12-06, issue 19, at commit fdd96ad; 2-core machine shared with six other
engineers, load 9-15; two processes, each from a frozen copy of the tree):
    python3 benchmarks/fuzz_cli.py --seed 14001 --runs 975
    python3 benchmarks/fuzz_cli.py --seed 15001 --runs 975
1,950 handbooks (642 measures, 621 minimal, 687 sample), 20,058 invocations in 7,197
process-seconds; 1,361 cases with a write fault, 198 of them on a full tmpfs; exit 0: 5,677,
1: 12,851, 2: 1,530; exit 3: 0, timeouts: 0, positions off the file: 0, errors outside the
data folder: 0, bytes changed outside the outputs: 0. An earlier partial campaign the same day
(10,505 invocations) found five exit-3 bugs and one misplaced CSV position, all fixed
(tests/project/test_robustness.py). Previous campaign (2026-12-02): 20,000 invocations.
After the CLI moved from sys.exit to click exceptions (issue 23), a check campaign at 04496dc
(seeds 16001..16100 and 17001..17100): 2,066 invocations; exit 3: 0, timeouts: 0, positions
off the file: 0, bytes changed outside the outputs: 0.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "support")]

import fuzzing  # noqa: E402


def _kind(problem: str) -> str:
    """Group failures by their class: the exception or check, without the varying details."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", problem)[:90]


def _command(args: list[str]) -> str:
    """The command a run exercised, as the summary groups them: `check --fail-stale`,
    `export csv`, `impact`..."""
    if args[0] == "export":
        return f"export {args[1]}"
    if args[0] == "check":
        return "check --fail-stale" if "--fail-stale" in args else "check"
    return args[0]


class Stop(BaseException):
    """SIGTERM: end the campaign and report what ran (a BaseException: click's test runner,
    which runs the commands, must not take it for a crash of the command)."""


def _stop(signum, frame) -> None:
    raise Stop


def mount_small_disk(where: Path) -> Path | None:
    """A 2 MB tmpfs for the full-disk fault (root only; None where it cannot be mounted)."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
                          capture_output=True, check=False)
    return where if done.returncode == 0 else None


class Tally:
    def __init__(self) -> None:
        self.codes: collections.Counter[int] = collections.Counter()
        self.by_command: dict[str, collections.Counter[int]] = collections.defaultdict(
            collections.Counter)
        self.handbooks: collections.Counter[str] = collections.Counter()
        self.faults: collections.Counter[str] = collections.Counter()
        self.failures: dict[str, list[str]] = collections.defaultdict(list)
        self.invocations = 0
        self.runs = 0

    def add(self, case, outcomes, verbose: bool) -> None:
        self.runs += 1
        self.handbooks[case.handbook] += 1
        self.faults[case.fault.split(" (")[0]] += 1
        for outcome in outcomes:
            self.invocations += 1
            self.codes[outcome.code] += 1
            self.by_command[_command(outcome.args)][outcome.code] += 1
            if outcome.problem:
                self.failures[_kind(outcome.problem)].append(fuzzing.describe(case, outcome))
                # at once, on stderr: a long campaign shows its failures while it runs
                print("BROKEN: " + fuzzing.describe(case, outcome), file=sys.stderr, flush=True)
                if verbose:
                    print(fuzzing.describe(case, outcome))

    def line(self) -> str:
        problems = sum(map(len, self.failures.values()))
        return (f"{self.runs} handbooks, {self.invocations} invocations, exit codes "
                + ", ".join(f"{c}: {n}" for c, n in sorted(self.codes.items()))
                + f", broken promises: {problems}")


def summary(t: Tally, first: int, elapsed: float) -> int:
    print(f"{t.runs} mutated handbooks (seeds {first}..{first + t.runs - 1}), "
          f"{t.invocations} invocations in {elapsed:.1f} s")
    print("handbooks: " + ", ".join(f"{n} {name}" for name, n in sorted(t.handbooks.items())))
    print("write faults: " + ", ".join(f"{name}: {n}" for name, n in sorted(t.faults.items())))
    print("exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(t.codes.items()))
          + "  (-1: timeout)")
    for command, counted in sorted(t.by_command.items()):
        print(f"  {command:20} " + ", ".join(f"{c}: {n}" for c, n in sorted(counted.items())))
    def problems(start: str) -> int:
        return sum(len(v) for k, v in t.failures.items() if k.startswith(start))
    print(f"exit 3: {t.codes.get(3, 0)}; timeouts: {t.codes.get(-1, 0)}; positions off the "
          f"file: {problems('position outside')}; errors outside the data folder: "
          f"{problems('error outside')}; bytes changed outside the outputs: "
          f"{problems('changed outside')}")
    if not t.failures:
        print("promise kept: every run exited 0, 1 or 2 in time, with errors located inside "
              "their files and no byte changed outside its outputs")
        return 0
    print(f"{sum(map(len, t.failures.values()))} broken promises in {len(t.failures)} classes:")
    for kind, found in sorted(t.failures.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(found):5}  {kind}\n         e.g. {found[0]}")
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--runs", type=int, default=500, help="how many mutated handbooks")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failure")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    tally = Tally()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="journeys-fuzz-") as tmp:
        workdir = Path(tmp)
        os.chdir(workdir)  # reported paths are journeys/..., as users see them
        full = mount_small_disk(workdir / "full")
        print(f"full-disk fault: {'a 2 MB tmpfs' if full else 'not available (no mount)'}",
              file=sys.stderr, flush=True)
        try:
            for seed in range(args.seed, args.seed + args.runs):
                case, outcomes = fuzzing.fuzz_one(seed, workdir, full)
                tally.add(case, outcomes, args.verbose)
                if tally.runs % 25 == 0:  # a long campaign shows that it is alive
                    print(f"... {tally.line()}, {time.perf_counter() - start:.0f} s",
                          file=sys.stderr, flush=True)
        except (Stop, KeyboardInterrupt):
            print(f"stopped after seed {args.seed + tally.runs - 1}", file=sys.stderr)
        finally:
            fuzzing.reset(workdir, full)
            os.chdir("/")
            if full is not None:
                subprocess.run(["umount", str(full)], check=False)
    return summary(tally, args.seed, time.perf_counter() - start)


if __name__ == "__main__":
    sys.exit(main())
