"""`journeys check`: exit codes, the three output formats, and the real console script."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import click
import pytest
from helpers import BAD, ROOT, cli_module, diagnostics, invoke, replace_once, write
from journey_handbook.cli import common as cli_common

MAP = "journeys/maps/first-visit.yml"
OK_SUMMARY = "ok: 1 journeys, 2 personas, 4 steps, 2 opportunities, 0 errors\n"


# --- exit codes and the text format ------------------------------------------------------------


def test_valid_handbook(minimal_dir: Path, run_check) -> None:
    assert run_check("journeys") == (0, OK_SUMMARY, "")


def test_default_data_dir_is_journeys(minimal_dir: Path, run_check) -> None:
    assert run_check() == (0, OK_SUMMARY, "")


def test_data_dir_option(minimal_dir: Path, run_check, workdir: Path) -> None:
    minimal_dir.rename(workdir / "data")
    assert run_check("--data-dir", "data") == (0, OK_SUMMARY, "")


def test_absolute_data_dir(minimal_dir: Path, run_check) -> None:
    replace_once(minimal_dir / "handbook.yml", "every_days: 90", "every_days: x")
    code, out, _ = run_check(str(minimal_dir))
    assert code == 1
    # inside the working directory, paths are shown relative to it
    assert out.startswith("journeys/handbook.yml:20:15: error: ")


@pytest.mark.parametrize("args, shown", [((), "journeys"), (("nowhere",), "nowhere"),
                                         (("--data-dir", "a/b"), "a/b")])
def test_missing_data_folder_exits_2(run_check, args, shown) -> None:
    code, out, err = run_check(*args)
    assert (code, out) == (2, "")
    assert err == f"error: data folder not found: {shown}\n"


def test_unknown_format_is_a_usage_error(minimal_dir: Path, run_check) -> None:
    code, _, err = run_check("journeys", "--format", "xml")
    assert code == 2
    assert "Invalid value for '--format'" in err


def test_help(run_check) -> None:
    code, out, _ = run_check("--help")
    assert code == 0
    assert "--format [text|github|json]" in out


def test_text_format(minimal_dir: Path, run_check) -> None:
    replace_once(minimal_dir / "maps" / "first-visit.yml", "    phase: consent\n",
                 "    phase: consnet\n")
    code, out, err = run_check("journeys")
    assert code == 1
    assert out == (f"{MAP}:44:12: error: unknown phase 'consnet' [steps[1].phase]\n"
                   "    hint: did you mean 'consent'?\n")
    assert err == "failed: 1 journeys, 2 personas, 3 steps, 2 opportunities, 1 error\n"


def test_five_faults_in_one_file_are_reported_in_one_run(minimal_dir: Path, run_check) -> None:
    write(minimal_dir, "personas/five.yml", (BAD / "five-faults.yml").read_bytes())
    code, out, err = run_check("journeys")
    assert code == 1
    found = diagnostics(out)
    assert [(d["file"], int(d["line"]), int(d["column"])) for d in found] == [
        ("journeys/personas/five.yml", 3, 1),   # duplicate key 'role'
        ("journeys/personas/five.yml", 4, 11),  # audience: robot
        ("journeys/personas/five.yml", 5, 16),  # decision_role: boss
        ("journeys/personas/five.yml", 6, 1),   # taks (did you mean 'tasks'?)
        ("journeys/personas/five.yml", 8, 3),   # messaging for unknown phase 'nowhere'
    ]
    assert [d["message"].split(" ")[0] for d in found] == [
        "duplicate", "expected", "expected", "unknown", "messaging"]
    assert "5 errors" in err


def test_errors_are_sorted_by_file_then_line(minimal_dir: Path, run_check) -> None:
    replace_once(minimal_dir / "touchpoints.yml", "channel: phone", "channel: fax")
    replace_once(minimal_dir / "maps" / "first-visit.yml", "emotion: {score: 3}",
                 "emotion: {score: 0}")
    replace_once(minimal_dir / "maps" / "first-visit.yml", "owner: growth\nstatus",
                 "owner: grow\nstatus")
    replace_once(minimal_dir / "handbook.yml", "every_days: 90", "every_days: x")
    code, out, _ = run_check("journeys")
    assert code == 1
    assert [(d["file"], int(d["line"])) for d in diagnostics(out)] == [
        ("journeys/handbook.yml", 20), (MAP, 9), (MAP, 49), ("journeys/touchpoints.yml", 12)]


def test_unreadable_file_wins_over_data_errors(minimal_dir: Path, run_check) -> None:
    replace_once(minimal_dir / "handbook.yml", "every_days: 90", "every_days: x")
    (minimal_dir / "maps" / "gone.yml").symlink_to("nowhere.yml")
    code, out, _ = run_check("journeys")
    assert code == 2
    assert len(diagnostics(out)) == 2


# --- --format github ---------------------------------------------------------------------------


def test_github_format(minimal_dir: Path, run_check) -> None:
    replace_once(minimal_dir / "maps" / "first-visit.yml", "    phase: consent\n",
                 "    phase: consnet\n")
    replace_once(minimal_dir / "maps" / "first-visit.yml", "baseline: 62%", "baseline: [62%")
    code, out, err = run_check("journeys", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1  # the file no longer parses: one error, and no cascade
    assert lines[0].startswith(f"::error file={MAP},line=78,col=")
    replace_once(minimal_dir / "maps" / "first-visit.yml", "baseline: [62%", "baseline: 62%")
    code, out, err = run_check("journeys", "--format", "github")
    assert out == (f"::error file={MAP},line=44,col=12::unknown phase 'consnet' "
                   "[steps[1].phase]%0Ahint: did you mean 'consent'?\n")
    assert err.startswith("failed: ")


def test_github_format_escapes_data(minimal_dir: Path, run_check) -> None:
    replace_once(minimal_dir / "maps" / "first-visit.yml", "emotion: {score: 3}",
                 "emotion: {score: '100%'}")
    write(minimal_dir, "personas/a,b:c.yml", "name: X\n")
    code, out, _ = run_check("journeys", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        f"::error file={MAP},line=49,col=22::expected a whole number, found '100%25' "
        "[steps[1].emotion.score]",
        "::error file=journeys/personas/a%2Cb%3Ac.yml,line=1,col=1::file name 'a,b:c' is not "
        "a valid id%0Ahint: rename the file to lowercase kebab-case, like 'patient-intake.yml'",
    ]


def test_github_format_when_valid(minimal_dir: Path, run_check) -> None:
    assert run_check("journeys", "--format", "github") == (0, OK_SUMMARY, "")


# --- --format json -----------------------------------------------------------------------------


def test_json_format(minimal_dir: Path, run_check) -> None:
    replace_once(minimal_dir / "maps" / "first-visit.yml", "    phase: consent\n",
                 "    phase: consnet\n")
    replace_once(minimal_dir / "handbook.yml", "every_days: 90", "every_days: x")
    code, out, err = run_check("journeys", "--format", "json")
    assert code == 1
    assert err == ""  # stdout is only the JSON document
    assert json.loads(out) == [
        {"file": "journeys/handbook.yml", "line": 20, "column": 15,
         "message": "expected a whole number, found 'x'", "path": "review.every_days",
         "hint": "", "severity": "error"},
        {"file": MAP, "line": 44, "column": 12, "message": "unknown phase 'consnet'",
         "path": "steps[1].phase", "hint": "did you mean 'consent'?", "severity": "error"},
    ]


def test_json_format_when_valid(minimal_dir: Path, run_check) -> None:
    code, out, err = run_check("journeys", "--format", "json")
    assert (code, json.loads(out), err) == (0, [], "")


def test_json_format_unreadable(minimal_dir: Path, run_check) -> None:
    (minimal_dir / "maps" / "gone.yml").symlink_to("nowhere.yml")
    code, out, _ = run_check("journeys", "--format", "json")
    assert code == 2
    [d] = json.loads(out)
    assert (d["file"], d["line"], d["message"]) == ("journeys/maps/gone.yml", 1,
                                                    "cannot read the file: No such file or "
                                                    "directory")


# --- no traceback, ever ------------------------------------------------------------------------


@pytest.mark.skipif(isinstance(cli_module.main, click.Command),
                    reason="the console entry point is the click group itself, with no wrapper")
def test_a_crash_is_one_line_not_a_traceback(minimal_dir: Path, monkeypatch, capsys) -> None:
    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cli_common, "load_handbook", boom)
    monkeypatch.setattr(sys, "argv", ["journeys", "check", "journeys"])
    monkeypatch.delenv("JOURNEYS_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exc:
        cli_module.main()
    assert exc.value.code == 3
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "internal error: RuntimeError: simulated bug" in captured.err


def _console_script() -> list[str]:
    """The installed `journeys` script; in a bare checkout, the same entry point by hand."""
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        script = folder / "journeys"
        if script.exists():
            return [str(script)]
    found = shutil.which("journeys")
    if found:
        return [found]
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["journeys"]
    module, func = spec.split(":")
    return [sys.executable, "-c", f"import sys; from {module} import {func}; sys.exit({func}())"]


def test_console_entry_point_in_a_subprocess(minimal_dir: Path, workdir: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "plugins"),
                                                      env.get("PYTHONPATH")]))
    env.pop("JOURNEYS_DEBUG", None)
    command = _console_script()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, *args], cwd=workdir, env=env, capture_output=True,
                              text=True, timeout=120)

    ok = run("check", "journeys")
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, OK_SUMMARY, "")

    write(minimal_dir, "personas/broken.yml", (BAD / "alias-bomb.yml").read_bytes())
    replace_once(minimal_dir / "maps" / "first-visit.yml", "    phase: consent\n",
                 "    phase: consnet\n")
    bad = run("check", "journeys")
    assert bad.returncode == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    assert [(d["file"], d["line"]) for d in diagnostics(bad.stdout)] == [
        (MAP, "44"), ("journeys/personas/broken.yml", "2")]

    missing = run("check", "nowhere")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == "error: data folder not found: nowhere\n"

    as_json = run("check", "journeys", "--format", "json")
    assert as_json.returncode == 1
    assert len(json.loads(as_json.stdout)) == 2

    # commands other than check stop by raising click exceptions that carry the exit code
    export = run("export", "csv", "-")
    assert (export.returncode, export.stdout) == (1, "")
    assert export.stderr.endswith("\n2 error(s) in journeys; run `journeys check`\n")
    refused = run("export", "json", "journeys/out.json")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == ("error: journeys/out.json is inside the data folder journeys; "
                              "export somewhere else (an export never writes into the data it "
                              "comes from)\n")


def test_failures_reach_a_non_standalone_caller_with_their_exit_code(minimal_dir: Path) -> None:
    """Embedded with standalone_mode=False, a failure is a click exception carrying the exit
    code and the text the console script prints; check's verdict is the return value."""
    group = cli_module.cli
    assert group.main(["check", "journeys"], standalone_mode=False) is None  # success
    with pytest.raises(click.ClickException) as missing:
        group.main(["check", "nowhere"], standalone_mode=False)
    assert missing.value.exit_code == 2
    shown = io.StringIO()
    missing.value.show(shown)
    assert shown.getvalue() == "error: data folder not found: nowhere\n"

    replace_once(minimal_dir / "maps" / "first-visit.yml", "    phase: consent\n",
                 "    phase: consnet\n")
    assert group.main(["check", "journeys"], standalone_mode=False) == 1
    with pytest.raises(click.ClickException) as invalid:
        group.main(["export", "csv", "-"], standalone_mode=False)
    assert invalid.value.exit_code == 1
    with pytest.raises(click.ClickException) as unknown:
        group.main(["impact", "touchpoint", "nope"], standalone_mode=False)
    assert unknown.value.exit_code == 1


def test_in_process_runner_reports_crashes(minimal_dir: Path, monkeypatch) -> None:
    """The conftest runner must not hide a crash behind an exit code."""

    def boom(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cli_common, "load_handbook", boom)
    with pytest.raises(RuntimeError, match="simulated bug"):
        invoke(["check", "journeys"])
