"""Fixtures shared by every layer: copies of the sample handbooks, `journeys check` run in a
temporary folder, and the wheel built and installed once a run. Helpers that tests import by
name live in helpers.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import helpers
import pytest
from helpers import MINIMAL, SCREENSHOTS, invoke
from wheelbuild import build_wheel, install, start_and_build

RunCheck = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="session", autouse=True)
def reference_builds(tmp_path_factory) -> None:
    """One folder of kept clean builds per run (helpers.clean_build), shared by the workers:
    under xdist each worker's base folder is inside the run's."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "reference-builds"
    folder.mkdir(exist_ok=True)
    helpers.REFERENCE_BUILDS = folder


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as the working directory, so that reported paths are `journeys/...`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def minimal_dir(workdir: Path) -> Path:
    """A fresh copy of tests/fixtures/minimal at <tmp>/journeys (the working directory is <tmp>)."""
    target = workdir / "journeys"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def run_check(workdir: Path) -> RunCheck:
    """run_check(*args) -> (code, stdout, stderr) for `journeys check ARGS` run in <tmp>."""

    def run(*args: str | os.PathLike) -> tuple[int, str, str]:
        return invoke(["check", *args])

    return run


# --- the wheel, shared by tests/project/test_wheel.py and the browser suite (built once) -----

@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory) -> Path:
    """bin/ of a fresh venv with the wheel and its dependencies installed."""
    return install(wheel, tmp_path_factory.mktemp("venv") / "env")


@pytest.fixture(scope="session")
def started_from_wheel(installed, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A new user's folder: `journeys init`, `journeys check` and `mkdocs build --strict`
    with the installed wheel, from an empty folder (no docs/assets/, no checkout)."""
    folder = tmp_path_factory.mktemp("new-user") / "handbook"
    return folder, start_and_build(installed, folder)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--screenshots", action="store_true",
                     help="save full-page screenshots of the browser suite's pages in "
                          "tests/artifacts/screenshots, for a human look")


# --- parallel runs (scripts/test passes `-n auto` to pytest-xdist) ---------------------------

def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Where the screenshots are: workers take them, this process reports them."""
    if config.getoption("screenshots"):
        count = len(list(SCREENSHOTS.glob("*.png")))
        terminalreporter.write_sep("-", f"{count} browser screenshots in {SCREENSHOTS}")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Screenshots of an earlier run are removed once, by the process that starts the run,
    not by each worker (a worker would delete another's)."""
    if not hasattr(session.config, "workerinput"):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)
