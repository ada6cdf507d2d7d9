"""The promise, fuzzed: whatever is done to a handbook's files, every command exits 0, 1 or 2,
never prints a traceback, and puts every error at a line and column of a file in the data
folder.

Each case is a copy of the sample handbook or of tests/fixtures/minimal with one to three
random edits (tests/fuzzing.py), run through check (text, github, json, --fail-stale), export
json, csv and markdown, reviews, impact and codeowners, in-process. The seeds are fixed, so a
run is reproducible; a failure names its seed, and
`python benchmarks/fuzz_cli.py --seed N --runs 1 -v` replays it. JOURNEYS_FUZZ_SEED moves the
window (for a nightly job that explores new cases); benchmarks/fuzz_cli.py runs thousands.

Budget: 40 cases of eight commands each. About 0.2 s of CPU per case (8 s in all); on a
2-core machine shared with other jobs (load 12) the whole file took 30 s of wall time.
"""

from __future__ import annotations

import os
from pathlib import Path

import fuzzing
import pytest

FIRST = int(os.environ.get("JOURNEYS_FUZZ_SEED", "20261202"))
CASES = 40


@pytest.mark.parametrize("seed", range(FIRST, FIRST + CASES))
def test_every_command_keeps_the_promise(seed: int, workdir: Path) -> None:
    case, outcomes = fuzzing.fuzz_one(seed, workdir)
    broken = [fuzzing.describe(case, o) for o in outcomes if o.problem]
    assert not broken, "\n".join(broken)
    assert {o.code for o in outcomes} <= {0, 1, 2}
