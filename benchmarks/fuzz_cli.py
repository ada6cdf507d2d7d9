"""Mutation-fuzz the `journeys` commands for much longer than the test suite does.

Each run copies the sample handbook or tests/fixtures/minimal, makes one to three random edits
(tests/fuzzing.py) and runs check (three formats, and --fail-stale), export json/csv/markdown,
reviews, impact and codeowners in-process. It counts the outcomes and lists every run that
breaks the promise (an exit code other than 0, 1 or 2, a traceback, or an error located
outside the data folder or outside its file), grouped by what went wrong.

    python3 benchmarks/fuzz_cli.py --seed 1 --runs 2000
    python3 benchmarks/fuzz_cli.py --seed 1234 --runs 1 -v    # replay one case

Exit status: 0 when every run kept the promise, 1 otherwise.

Last campaign (2026-12-02, 2-core machine shared with other jobs, load 11-23):
`--seed 1 --runs 2500`: 2,500 handbooks (1,243 minimal, 1,257 sample), 20,000 invocations in
3,139 s; exit 0: 4,516, 1: 15,068, 2: 416, 3: none; promise kept in every run.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--runs", type=int, default=500, help="how many mutated handbooks")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failure")
    args = parser.parse_args()

    codes: collections.Counter[int] = collections.Counter()
    by_command: dict[str, collections.Counter[int]] = collections.defaultdict(
        collections.Counter)
    handbooks: collections.Counter[str] = collections.Counter()
    failures: dict[str, list[str]] = collections.defaultdict(list)
    invocations = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="journeys-fuzz-") as tmp:
        workdir = Path(tmp)
        os.chdir(workdir)  # reported paths are journeys/..., as users see them
        for seed in range(args.seed, args.seed + args.runs):
            case, outcomes = fuzzing.fuzz_one(seed, workdir)
            handbooks[case.handbook] += 1
            if (seed - args.seed + 1) % 250 == 0:  # a long campaign shows that it is alive
                print(f"... {seed - args.seed + 1} handbooks, {time.perf_counter() - start:.0f} s",
                      file=sys.stderr, flush=True)
            for outcome in outcomes:
                invocations += 1
                codes[outcome.code] += 1
                by_command[_command(outcome.args)][outcome.code] += 1
                if outcome.problem:
                    failures[_kind(outcome.problem)].append(fuzzing.describe(case, outcome))
                    if args.verbose:
                        print(fuzzing.describe(case, outcome))
    elapsed = time.perf_counter() - start
    print(f"{args.runs} mutated handbooks (seeds {args.seed}..{args.seed + args.runs - 1}), "
          f"{invocations} invocations in {elapsed:.1f} s")
    print("handbooks: " + ", ".join(f"{n} {name}" for name, n in sorted(handbooks.items())))
    print("exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items())))
    for command, counted in sorted(by_command.items()):
        print(f"  {command:20} " + ", ".join(f"{c}: {n}" for c, n in sorted(counted.items())))
    if not failures:
        print("promise kept: every run exited 0, 1 or 2 with errors located inside their files")
        return 0
    print(f"{sum(map(len, failures.values()))} broken promises in {len(failures)} classes:")
    for kind, found in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(found):5}  {kind}\n         e.g. {found[0]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
