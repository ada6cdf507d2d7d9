"""The package as users get it: a wheel installed into a fresh virtual environment.

The rest of the suite runs against an editable install, which reads files straight from
the checkout and so cannot notice a file missing from the wheel (the stylesheet once was,
and every user's first `mkdocs build` crashed). This test builds the wheel, checks that it
carries every file of the package, installs it (not editable) into a new venv and uses it
the way a user would: `journeys check`, `journeys new` and `mkdocs build --strict` of the
sample handbook, from a folder where the checkout's sources cannot be imported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "plugins" / "journey_handbook"


def run(*args: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=900, env=env, check=False)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def tracked_files() -> list[str]:
    return run("git", "ls-files", "-z", cwd=ROOT).stdout.split("\0")[:-1]


def package_files() -> set[str]:
    """Every file git tracks in the package (untracked build leftovers do not count)."""
    return {str(Path(f).relative_to("plugins")) for f in tracked_files()
            if f.startswith("plugins/journey_handbook/")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the tracked files, as from a fresh clone: an editable install's
    egg-info in the checkout lists files that a clean build would leave out."""
    source = tmp_path_factory.mktemp("source")
    for rel in tracked_files():
        if (ROOT / rel).is_file():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, source / rel)
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, source, cwd=out)
    (found,) = out.glob("journey_handbook-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """bin/ of a fresh venv with the wheel and its dependencies installed."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        wheel, cwd=env_dir)
    return bin_dir


def user_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return env | {"NO_MKDOCS_2_WARNING": "1"}


def test_the_wheel_carries_every_file_of_the_package(wheel):
    with zipfile.ZipFile(wheel) as z:
        shipped = set(z.namelist())
    missing = sorted(package_files() - shipped)
    assert not missing, f"files missing from {wheel.name}: {missing}"
    assert any(n.startswith("journey_handbook/site/assets/") and n.endswith(".css")
               for n in shipped)


def test_the_installed_package_is_not_the_checkout(installed, tmp_path):
    where = run(installed / "python", "-c",
                "import journey_handbook; print(journey_handbook.__file__)",
                cwd=tmp_path, env=user_env()).stdout
    assert "site-packages" in where and str(ROOT) not in where


def test_check_and_new_work_from_the_wheel(installed, tmp_path):
    data = tmp_path / "journeys"
    shutil.copytree(ROOT / "journeys", data)
    out = run(installed / "journeys", "check", data, cwd=tmp_path, env=user_env()).stdout
    assert out.startswith("ok:")
    run(installed / "journeys", "new", "journey", "wheel-check", "--data-dir", data,
        cwd=tmp_path, env=user_env())
    assert "title:" in (data / "maps/wheel-check.yml").read_text(encoding="utf-8")
    run(installed / "journeys", "check", data, cwd=tmp_path, env=user_env())


def test_mkdocs_builds_the_sample_with_the_wheel(installed, tmp_path):
    project = tmp_path / "handbook"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "journeys", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    run(installed / "mkdocs", "build", "--strict", cwd=project, env=user_env())
    site = project / "site"
    css = (site / "assets/journey-handbook.css").read_text(encoding="utf-8")
    assert ".jh-badge" in css
    assert (site / "journeys/patient-symptom-checker/index.html").is_file()
    assert 'href="../../assets/journey-handbook.css"' in \
        (site / "journeys/patient-symptom-checker/index.html").read_text(encoding="utf-8")
