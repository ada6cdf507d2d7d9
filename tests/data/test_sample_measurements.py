"""The sample's observations are generated: the committed CSVs must be what the script makes,
so that editing the story in scripts/sample_measurements.py and re-running it is safe."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def test_committed_sample_measurements_match_the_generator():
    run = subprocess.run([sys.executable, str(ROOT / "scripts/sample_measurements.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
