"""The package as users get it: a wheel built from the tracked files, in a fresh venv.

Shared by tests/project/test_wheel.py and the browser suite (session fixtures in conftest.py), so
one test run builds and installs the wheel once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What `journeys init` writes when there is no mkdocs.yml, and what the README tells a new
# user to write: the wheel test builds exactly this.
MINIMAL_MKDOCS = {"site_name", "theme", "plugins"}


def run(*args: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=900, env=env, check=False)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def tracked_files() -> list[str]:
    return run("git", "ls-files", "-z", cwd=ROOT).stdout.split("\0")[:-1]


def build_wheel(source: Path, out: Path) -> Path:
    """Built from a copy of the tracked files, as from a fresh clone: an editable install's
    egg-info and the vendored copies in the checkout would hide a file a clean build misses."""
    for rel in tracked_files():
        if (ROOT / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, source / rel)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, source, cwd=out)
    (found,) = out.glob("journey_handbook-*.whl")
    return found


def install(wheel: Path, env_dir: Path) -> Path:
    """bin/ of a fresh venv with the wheel and its dependencies installed."""
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        wheel, cwd=env_dir)
    return bin_dir


def user_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return env | {"NO_MKDOCS_2_WARNING": "1"}


def start_and_build(bin_dir: Path, folder: Path) -> dict[str, str]:
    """In an empty folder: journeys init, journeys check, mkdocs build --strict. The outputs."""
    folder.mkdir(parents=True)
    env = user_env()
    out = {"init": run(bin_dir / "journeys", "init", cwd=folder, env=env).stdout,
           "check": run(bin_dir / "journeys", "check", cwd=folder, env=env).stdout}
    done = run(bin_dir / "mkdocs", "build", "--strict", cwd=folder, env=env)
    out["build"] = done.stdout + done.stderr
    return out
