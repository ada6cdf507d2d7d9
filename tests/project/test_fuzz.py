"""The promise, fuzzed: whatever is done to a handbook's files and to the folders commands write
to, every command exits 0, 1 or 2 in time, never prints a traceback, puts every error at a
line and column of a file in the data folder, and changes not one byte outside its documented
outputs (every file under the working directory, the data folder and its neighbours, is
hashed before and after every command; a command that fails changes nothing at all).

Each case is a copy of the sample handbook, tests/fixtures/minimal or tests/fixtures/measures
with one to three random edits (tests/support/fuzzing.py: YAML, metrics.yml and CSV mutations, alias
bombs) and one write fault (read-only paths, files where folders belong, links into and out
of the export folder), run through check (text, github, json, --fail-stale), export json, csv
and markdown, reviews, impact, codeowners, new and schema --out, in-process. (The full-disk
fault needs a mounted tmpfs: benchmarks/fuzz_cli.py adds it when run as root.) The seeds are
fixed, so a run is reproducible; a failure names its seed, and
`python benchmarks/fuzz_cli.py --seed N --runs 1 -v` replays it. JOURNEYS_FUZZ_SEED moves the
window (for a nightly job that explores new cases); benchmarks/fuzz_cli.py runs thousands.

Budget: 40 cases of ten or eleven commands each, about 1 s of CPU per case with the hashing.
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
