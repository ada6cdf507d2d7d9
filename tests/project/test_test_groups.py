"""The suite's parallel run keeps tests marked `xdist_group` in one worker.

The accessibility and page surveys, and the wheel, are made once per worker that needs them;
their tests are grouped so one worker does. pytest 9.2 with pytest-xdist 3.8 dropped the
groups without a word (pytest-dev/pytest-xdist#1386) and CI took twice as long: this runs a
tiny suite the way `scripts/test` does and checks the group held.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

GROUPED = '''
import pytest

pytestmark = pytest.mark.xdist_group("survey")


@pytest.mark.parametrize("n", range(6))
def test_reads_the_survey(n):
    pass
'''
LOOSE = '''
import time

import pytest


@pytest.mark.parametrize("n", range(6))
def test_other(n):
    time.sleep(0.2)
'''


def test_tests_of_one_group_run_in_one_worker(tmp_path: Path):
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    (tmp_path / "test_loose.py").write_text(LOOSE, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v",
         "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    workers = re.findall(r"\[(gw\d+)\].*PASSED .*test_reads_the_survey", run.stdout)
    assert len(workers) == 6, run.stdout
    assert len(set(workers)) == 1, f"the group was split over workers {sorted(set(workers))}"
