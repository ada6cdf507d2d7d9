"""Shared fixtures: copies of the sample handbooks and a way to run `journeys check`.

`run_check` runs the real click command in-process (fast, and an unexpected exception fails
the test with its traceback); `test_check_cli.py` also runs the installed console script in a
subprocess once, to prove the entry point itself works.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
MINIMAL = FIXTURES / "minimal"
BAD = FIXTURES / "bad"

try:  # the package is normally installed (scripts/setup: pip install -e .)
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout: use the source tree
    sys.path.insert(0, str(ROOT / "plugins"))

import click  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from journey_handbook import cli as cli_module  # noqa: E402
from wheelbuild import build_wheel, install, start_and_build  # noqa: E402

# The click group behind the `journeys` console script (`main` wraps it to turn a crash into
# a one-line "internal error"; in tests a crash must fail loudly instead, so call the group).
COMMAND: click.Command = next(
    c for c in (getattr(cli_module, "cli", None), getattr(cli_module, "main", None))
    if isinstance(c, click.Command))

# `path:line:column: error: message [field.path]`, as `journeys check` prints it.
DIAGNOSTIC_LINE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<column>\d+): "
                             r"(?P<severity>error|warning): (?P<message>.*)$")

RunCheck = Callable[..., tuple[int, str, str]]


def _runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into stdout unless told otherwise
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def invoke(args: list[str]) -> tuple[int, str, str]:
    """Run `journeys ARGS` in-process: (exit code, stdout, stderr).

    Exits (SystemExit) are the command's exit codes; any other exception is a crash and is
    re-raised so that the test fails with the real traceback.
    """
    result = _runner().invoke(COMMAND, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


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


def replace_once(file: Path, old: str, new: str) -> None:
    """Replace text that must occur exactly once (a fault is put in one known place)."""
    text = file.read_text(encoding="utf-8")
    count = text.count(old)
    assert count == 1, f"{old!r} occurs {count} times in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def write(root: Path, rel: str, content: str | bytes) -> Path:
    file = root / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        file.write_text(content, encoding="utf-8")
    return file


def diagnostics(output: str) -> list[dict[str, str]]:
    """The `file:line:col: severity: message` lines of text output, parsed."""
    return [m.groupdict() for line in output.splitlines()
            if (m := DIAGNOSTIC_LINE.match(line))]


def locations(output: str, with_column: bool = False) -> list[str]:
    return [f"{d['file']}:{d['line']}" + (f":{d['column']}" if with_column else "")
            for d in diagnostics(output)]


# --- the wheel, shared by tests/test_wheel.py and the browser suite (built once a run) ------

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
