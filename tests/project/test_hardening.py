"""What mutation fuzzing found (issue 11): each class of input that used to crash, hang or
misplace its error, with the exact message and exit code every command now gives.

Data-file cases that fit a one-change table are in tests/fixtures/bad/cases.yml (numbers and
dates that overflowed a due date, files cut short); here are the ones that need other
commands, the file system itself (named pipes, devices, folders, huge or unreadable files)
or file names no table can hold.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MINIMAL, ROOT, invoke, replace_once
from journey_handbook.data.diagnostics import printable_path

DATA = "journeys"
MAP = f"{DATA}/maps/first-visit.yml"
TODAY = ("--today", "2026-11-15")
OVERFLOW = (f"{MAP}:12:20: error: expected a number <= 3650, found '999999999' "
            "[review_every_days]\n"
            "    hint: days between two reviews of a map: a whole number from 1 to 3650 "
            "(ten years), like 90\n")

# every command that computes due dates, as the fuzzer found them failing with exit 3
DUE_DATE_COMMANDS = [
    ("check", DATA),
    ("check", DATA, "--fail-stale", *TODAY),
    ("export", "json", "-", "--data-dir", DATA, *TODAY),
    ("reviews", "--data-dir", DATA, *TODAY),
    ("impact", "team", "growth", "--data-dir", DATA, *TODAY),
]


# --- numbers: no due date can overflow --------------------------------------------------------


@pytest.mark.parametrize("args", DUE_DATE_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_review_every_days_too_large_is_a_located_error(args, minimal_dir: Path) -> None:
    replace_once(minimal_dir / "maps/first-visit.yml", "review_every_days: 60",
                 "review_every_days: 999999999")
    code, out, err = invoke(list(args))
    assert code == 1
    assert "internal error" not in out + err
    if args[0] == "check":
        assert out == OVERFLOW
    else:  # commands that need a valid handbook print check's errors, then say so
        assert err == OVERFLOW + "1 error(s) in journeys; run `journeys check`\n"


FIVE_THOUSAND_NINES = "9" * 5000  # more digits than Python parses (4,300 by default)
SHOWN_NINES = "'" + "9" * 57 + "...'"


@pytest.mark.parametrize("args", DUE_DATE_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_numbers_of_thousands_of_digits_are_located_errors(args, minimal_dir: Path) -> None:
    file = minimal_dir / "maps/first-visit.yml"
    replace_once(file, "review_every_days: 60", f"review_every_days: {FIVE_THOUSAND_NINES}")
    replace_once(file, "emotion: {score: 2,", f"emotion: {{score: {FIVE_THOUSAND_NINES},")
    code, out, err = invoke(list(args))
    expected = (f"{MAP}:12:20: error: expected a number <= 3650, found {SHOWN_NINES} "
                "[review_every_days]\n"
                "    hint: days between two reviews of a map: a whole number from 1 to 3650 "
                "(ten years), like 90\n"
                f"{MAP}:28:22: error: expected a whole number from 1 to 5, found {SHOWN_NINES} "
                "[steps[0].emotion.score]\n")
    assert code == 1
    if args[0] == "check":
        assert out == expected
    else:
        assert err == expected + "2 error(s) in journeys; run `journeys check`\n"


def test_reviews_with_today_at_the_end_of_time(minimal_dir: Path) -> None:
    """--today 9999-12-31 --due-within 30: the horizon would be past the last date there is."""
    code, out, _ = invoke(["reviews", "--data-dir", DATA, "--today", "9999-12-31",
                           "--due-within", "30"])
    assert code == 0
    assert "due by 9999-12-31 (as of 9999-12-31)" in out


def test_truncated_journey_under_fail_stale(minimal_dir: Path) -> None:
    """A journey cut before `reviewed:` is a partial model; it never reaches the date code."""
    file = minimal_dir / "maps/first-visit.yml"
    file.write_text("".join(file.read_text().splitlines(keepends=True)[:10]))
    code, out, err = invoke(["check", DATA, "--fail-stale", "--today", "2026-11-15"])
    assert code == 1
    assert out == (f"{MAP}:1:1: error: missing required field 'personas' [personas]\n"
                   f"{MAP}:1:1: error: missing required field 'reviewed' [reviewed]\n"
                   f"{MAP}:1:1: error: missing required field 'steps' [steps]\n")
    assert "Traceback" not in err and "internal error" not in err


def test_overdue_partial_journey_is_not_also_reported_stale(minimal_dir: Path) -> None:
    """The file's own error is what to fix first; a stale note on top would be noise."""
    replace_once(minimal_dir / "maps/first-visit.yml", "status: active", "status: live")
    code, out, _ = invoke(["check", DATA, "--fail-stale", "--today", "2030-01-01"])
    assert code == 1
    assert "review overdue" not in out
    assert f"{MAP}:10:9: error: expected one of" in out


# --- special files: read only regular files, up to 5 MB ---------------------------------------

NOT_REGULAR_HINT = ("    hint: data files must be plain files; replace it with the file itself, "
                    "or rename it so that its name does not end in .yml or .yaml\n")


MAIN = "import sys; from journey_handbook.cli import main; sys.argv[0] = 'journeys'; main()"


def _check_in_subprocess(cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """The console entry point, with a timeout: a hang fails the test instead of CI."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **env}
    return subprocess.run([sys.executable, "-c", MAIN, "check", DATA],
                          cwd=cwd, capture_output=True, text=True, timeout=60, env=env)


def test_named_pipe_does_not_hang(minimal_dir: Path, workdir: Path) -> None:
    os.mkfifo(minimal_dir / "maps/waiting.yml")
    result = _check_in_subprocess(workdir)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (f"{DATA}/maps/waiting.yml:1:1: error: this is a named pipe, "
                             "not a regular file\n" + NOT_REGULAR_HINT)


def test_handbook_yml_as_a_named_pipe(minimal_dir: Path, workdir: Path) -> None:
    (minimal_dir / "handbook.yml").unlink()
    os.mkfifo(minimal_dir / "handbook.yml")
    result = _check_in_subprocess(workdir)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{DATA}/handbook.yml:1:1: error: this is a named pipe, "
                                    "not a regular file\n")


def test_link_to_dev_zero_is_not_read(minimal_dir: Path, workdir: Path) -> None:
    (minimal_dir / "personas/endless.yml").symlink_to("/dev/zero")
    result = _check_in_subprocess(workdir)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (f"{DATA}/personas/endless.yml:1:1: error: this is a character "
                             "device (through a symbolic link), not a regular file\n"
                             + NOT_REGULAR_HINT)


def test_folder_named_like_a_data_file(minimal_dir: Path) -> None:
    (minimal_dir / "maps/archive.yml").mkdir()
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    assert out == (f"{DATA}/maps/archive.yml:1:1: error: this is a folder, not a regular file\n"
                   + NOT_REGULAR_HINT)


def test_huge_file_is_not_read(minimal_dir: Path) -> None:
    huge = minimal_dir / "maps/huge.yml"
    with huge.open("wb") as f:  # sparse: 60 MB long, nothing on disk
        f.truncate(60 * 1024 * 1024)
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    assert out == (f"{DATA}/maps/huge.yml:1:1: error: the file is too large: 62,914,560 bytes, "
                   "more than the 5 MB a data file may have\n"
                   "    hint: a journey file is a few kilobytes; split the data into more "
                   "files, or check that this is the file you meant to put here\n")


def test_hidden_special_files_are_ignored(minimal_dir: Path) -> None:
    """Editors' lock files are hidden links; a hidden pipe is nobody's data file either."""
    os.mkfifo(minimal_dir / "maps/.first-visit.yml")
    code, out, err = invoke(["check", DATA])
    assert code == 0, out + err


# --- files and folders that cannot be read ----------------------------------------------------
# Root may read anything, so `chmod 000` proves nothing in CI containers that run as root.
# These tests make the read fail the way it fails for a normal user (PermissionError from the
# system call) with monkeypatch, and use symbolic-link loops, which fail for root too.


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    real = os.listdir

    def listdir(path=".") -> list[str]:
        if Path(path).resolve() == denied.resolve():
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)


def test_unreadable_folder_is_reported_at_the_folder(minimal_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _deny(monkeypatch, minimal_dir / "personas")
    code, out, err = invoke(["check", DATA])
    assert code == 2
    # and the personas it holds are not reported as unknown wherever they are named
    assert out == (f"{DATA}/personas:1:1: error: cannot read the folder: Permission denied\n"
                   "    hint: the persona files of the handbook are read from this folder\n")
    assert "1 error" in err


def test_folder_link_loop_is_unreadable(minimal_dir: Path) -> None:
    """What root also cannot read: a folder that is a link to itself."""
    real = minimal_dir / "maps"
    real.rename(minimal_dir / "maps-real")
    real.symlink_to("maps")
    code, out, _ = invoke(["check", DATA])
    assert code == 2
    assert out.startswith(f"{DATA}/maps:1:1: error: cannot read the folder: Too many levels "
                          "of symbolic links\n")


def test_file_where_a_folder_goes(minimal_dir: Path) -> None:
    real = minimal_dir / "maps"
    real.rename(minimal_dir / "maps-real")
    real.write_text("title: not a folder\n")
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    assert out.startswith(f"{DATA}/maps:1:1: error: expected a folder of journey files, "
                          "found a file\n")


def test_named_pipe_where_a_folder_goes(minimal_dir: Path, workdir: Path) -> None:
    real = minimal_dir / "personas"
    real.rename(minimal_dir / "personas-real")
    os.mkfifo(real)
    result = _check_in_subprocess(workdir)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{DATA}/personas:1:1: error: expected a folder of persona "
                                    "files, found a named pipe\n")


def test_folder_link_through_a_file(minimal_dir: Path) -> None:
    """'maps' -> 'notes.txt/maps': nothing can be listed there, and the system says why."""
    (minimal_dir / "notes.txt").write_text("not a folder\n")
    real = minimal_dir / "maps"
    real.rename(minimal_dir / "maps-real")
    real.symlink_to("notes.txt/maps")
    code, out, _ = invoke(["check", DATA])
    assert code == 2
    assert out.startswith(f"{DATA}/maps:1:1: error: cannot read the folder: Not a directory\n")


def test_unreadable_data_folder(minimal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _deny(monkeypatch, minimal_dir)
    code, out, err = invoke(["check", DATA])
    assert (code, out) == (2, "")
    assert err == "error: cannot read the data folder journeys: Permission denied\n"


# --- file names a terminal cannot show as they are --------------------------------------------

NEWLINE = "personas/new\nline.yml"
NEWLINE_SHOWN = "'journeys/personas/new'$'\\n''line.yml'"
LATIN1 = os.fsdecode(b"personas/caf\xe9.yml")  # not UTF-8: Python holds it as a surrogate
LATIN1_SHOWN = "'journeys/personas/caf'$'\\351''.yml'"


@pytest.mark.parametrize("name, shown, stem", [
    (NEWLINE, NEWLINE_SHOWN, "'new'$'\\n''line'"),
    (LATIN1, LATIN1_SHOWN, "'caf'$'\\351'"),
], ids=["newline", "not-utf8"])
def test_odd_file_names_are_printed_so_they_can_be_opened(name, shown, stem,
                                                          minimal_dir: Path) -> None:
    (minimal_dir / name).write_bytes((MINIMAL / "personas/new-patient.yml").read_bytes()
                                     .replace(b"\nname: New patient", b"\nname: Odd"))
    code, out, err = invoke(["check", DATA])
    assert code == 1
    assert out == (f"{shown}:1:1: error: file name {stem} is not a valid id\n"
                   "    hint: rename the file to lowercase kebab-case, like "
                   "'patient-intake.yml'\n")
    code, out, _ = invoke(["check", DATA, "--format", "github"])
    props = shown.replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert out.startswith(f"::error file={props},line=1,col=1::file name {stem} is not")
    code, out, _ = invoke(["check", DATA, "--format", "json"])
    assert [d["file"] for d in json.loads(out)] == [shown]
    # the quoted form is what a shell turns back into the name: paste it to open the file
    assert subprocess.run(["bash", "-c", f"test -f {shown}"], cwd=minimal_dir.parent
                          ).returncode == 0


def test_printable_names_are_left_alone() -> None:
    plain = "journeys/maps/caf\u00e9 visit.yml"
    assert printable_path(plain) == plain
    assert printable_path("a\u202eb") == "'a'$'\\342\\200\\256''b'"  # right-to-left override
    assert printable_path("it's\t") == "'it'\\''s'$'\\t'"


def test_console_script_prints_odd_names(minimal_dir: Path, workdir: Path) -> None:
    """The real entry point, writing to a pipe, as CI runs it (the fuzzer found exit 3 here)."""
    (minimal_dir / LATIN1).write_bytes((MINIMAL / "personas/new-patient.yml").read_bytes())
    result = _check_in_subprocess(workdir)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"{LATIN1_SHOWN}:1:1: error: file name 'caf'$'\\351' is "
                                    "not a valid id\n")
