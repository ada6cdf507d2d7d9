"""What the issue-19 fuzz campaign and hand tests found: nine classes of input (a long series,
huge numbers, alias bombs, symlink loops, writes that fail, links in the export folder, CR-only
CSVs, NEL and LINE SEPARATOR in YAML), each with the exact exit code and message a user now
gets. Data, folders and disks are made up here; nothing leaves tmp_path.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, invoke, replace_once
from journey_handbook.analysis.export_folder import MANIFEST
from journey_handbook.data import atomic
from journey_handbook.site.charts import MAX_POINTS

DATA = "journeys"
TODAY = ("--today", "2026-11-15")
METRICS = f"{DATA}/metrics.yml"
CSV = f"{DATA}/measurements/landing-visits.csv"


@pytest.fixture
def measures_dir(workdir: Path) -> Path:
    """A copy of tests/fixtures/measures at <tmp>/journeys."""
    shutil.copytree(FIXTURES / "measures", workdir / DATA)
    return workdir / DATA


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (links as their target text) by relative path."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = b"-> " + os.readlink(p).encode()
        elif p.is_file():
            out[rel] = p.read_bytes()
    return out


def daily_csv(days: int, start: str = "2000-01-01") -> str:
    from datetime import date, timedelta  # noqa: PLC0415 - a helper of one test
    first = date.fromisoformat(start)
    return "date,value\n" + "".join(f"{first + timedelta(days=i)},{i % 50 + 10}\n"
                                    for i in range(days))


def drawn_points(page: str) -> int:
    """Points of the first line of the page's trend chart (inline SVG drawn by the build)."""
    line = re.search(r'<polyline class="jh-trend__line" points="([^"]*)"', page)
    assert line, "the page has no trend chart"
    return len(line[1].split())


# --- 1. a long series: chart, table and page bounded ------------------------------------------

def test_a_long_daily_series_draws_weekly_averages_and_says_so(measures_dir: Path, workdir):
    (measures_dir / "measurements/landing-visits.csv").write_text(daily_csv(500))
    code, out, err = invoke(["export", "markdown", workdir / "out", "--data-dir", DATA, *TODAY])
    assert code == 0, err
    page = (workdir / "out/metrics/landing-visits/index.md").read_text(encoding="utf-8")
    assert drawn_points(page) == 73  # 500 days from a Saturday: 73 weeks ending on Sundays
    assert ("500 observations are too many to draw one by one: each of the 73 points is the "
            "average of one week.") in page
    assert "[CSV download](landing-visits.csv)" in page
    download = (workdir / "out/metrics/landing-visits/landing-visits.csv").read_text()
    assert download.count("\n") == 501 and download.startswith("date,value,segment,note\n")


def test_a_hundred_thousand_dates_make_a_small_page(measures_dir: Path, workdir):
    """20,000 dates once wrote a 600 MB page and 100,000 exhausted memory (exit 3)."""
    (measures_dir / "measurements/landing-visits.csv").write_text(
        daily_csv(100_000, "1900-01-01"))
    code, out, err = invoke(["export", "markdown", workdir / "out", "--data-dir", DATA, *TODAY])
    assert code == 0, err
    page = (workdir / "out/metrics/landing-visits/index.md").read_text(encoding="utf-8")
    assert len(page.encode()) < 100_000
    assert drawn_points(page) <= MAX_POINTS
    assert "each of the 92 points is the average of one 3-year span" in page
    assert "the full series (100,000 observations) is in the [CSV download]" in page


def test_the_table_lists_at_most_six_segments_and_cuts_long_notes(measures_dir: Path, workdir):
    rows = "".join(f"2026-09-{day:02},{day},seg-{s},{'n' * 400}\n"
                   for day in range(1, 21) for s in range(9))
    (measures_dir / "measurements/landing-visits.csv").write_text(
        "date,value,segment,note\n" + rows)
    code, _, err = invoke(["export", "markdown", workdir / "out", "--data-dir", DATA, *TODAY])
    assert code == 0, err
    page = (workdir / "out/metrics/landing-visits/index.md").read_text(encoding="utf-8")
    assert "The latest 13 of the first 6 segments (3 more)" in page
    assert "3 more segments are not drawn (the chart shows the first 6)." in page
    assert page.count("| seg\\-") == 6 * 13
    assert "n" * 400 not in page and "n" * 299 + "…" in page


# --- 2. numbers beyond float range ------------------------------------------------------------

OUT_OF_RANGE = "is out of range: numbers go from -10^15 to 10^15"


@pytest.mark.parametrize("args", [
    ("check", DATA), ("export", "markdown", "out", "--data-dir", DATA, *TODAY),
    ("export", "json", "-", "--data-dir", DATA, *TODAY),
    ("impact", "metric", "landing-visits", "--data-dir", DATA, *TODAY),
], ids=lambda a: " ".join(a[:2]))
def test_a_target_beyond_float_range_is_a_located_error(args, measures_dir: Path) -> None:
    replace_once(measures_dir / "metrics.yml", "target: 12000", "target: 1e309")
    code, out, err = invoke(list(args))
    assert code == 1
    expected = f"{METRICS}:12:11: error: the number 1e309 {OUT_OF_RANGE} [[0].target]\n"
    assert (out if args[0] == "check" else err).startswith(expected)


def test_a_400_digit_baseline_and_a_csv_value_near_float_max(measures_dir: Path) -> None:
    replace_once(measures_dir / "maps/first-visit.yml", "baseline: 60,", f"baseline: {'9' * 400},")
    with open(measures_dir / "measurements/landing-visits.csv", "a") as f:
        f.write("2026-12-06,1e308\n")
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    assert f"{CSV}:6:12: error: the number 1e308 {OUT_OF_RANGE}\n" in out
    assert (f"{DATA}/maps/first-visit.yml:89:53: error: the number 999999999999...(400 "
            f"characters) {OUT_OF_RANGE}: the outcome's metric 'consent-completion'") in out


def test_json_export_of_the_largest_numbers_is_json(measures_dir: Path) -> None:
    replace_once(measures_dir / "metrics.yml", "target: 12000", "target: 1e15")
    with open(measures_dir / "measurements/landing-visits.csv", "a") as f:
        f.write("2026-12-06,-1e15\n")
    code, out, err = invoke(["export", "json", "-", "--data-dir", DATA, *TODAY])
    assert code == 0, err

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")
    data = json.loads(out, parse_constant=refuse)
    assert data["metrics"][0]["target"] == 1e15


# --- 3. YAML aliases that expand --------------------------------------------------------------

ASSUMPTIONS = "assumptions: [Patients search before they download]"


def alias_bomb(levels: int) -> str:
    """`assumptions:` as `levels` levels of lists of ten aliases of a 3 KB string."""
    big = '"' + "x" * 3000 + '"'
    lines = [f"assumptions:\n  - &l0 [{', '.join([big] * 10)}]"]
    lines += [f"  - &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]
    return "\n".join(lines)


def test_an_alias_bomb_is_a_located_error(measures_dir: Path) -> None:
    """Four levels of ten aliases of a 3 KB string: 30 MB for the privacy scan (20 s)."""
    file = measures_dir / "maps/first-visit.yml"
    replace_once(file, ASSUMPTIONS, alias_bomb(4))
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    # at the value the budget ran out on: the sixth string of the anchored list, line 19
    assert (f"{DATA}/maps/first-visit.yml:19:18034: error: file expands to more than 5,000,000 "
            "characters of text (this value is repeated by an alias)\n"
            "    hint: YAML aliases (*name) that repeat large anchors can do this; write the "
            "data out instead\n") in out


def test_an_aliased_value_is_scanned_and_reported_once(measures_dir: Path) -> None:
    file = measures_dir / "maps/first-visit.yml"
    replace_once(file, ASSUMPTIONS, "assumptions:\n  - &mail Reach Pat at pat.quinn@mailbox.net\n"
                 + "  - *mail\n" * 40)
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    assert out.count("possible personal data: email address") == 1


# --- 4. a symbolic link loop in the data folder -----------------------------------------------

def test_new_beside_a_symlink_loop_writes_a_checked_file(measures_dir: Path) -> None:
    (measures_dir / "maps/loop.yml").symlink_to("loop.yml")
    code, out, err = invoke(["new", "journey", "renewal", "--data-dir", DATA, *TODAY])
    assert (code, err) == (0, "")
    assert out == "created journeys/maps/renewal.yml: edit it, then run `journeys check`\n"
    code, out, err = invoke(["new", "metric", "renewals", "--direction", "up",
                             "--data-dir", DATA])
    assert code == 0, err


# --- 5. `new` cannot write: nothing changes ---------------------------------------------------

def test_new_metric_with_a_file_where_the_measurements_folder_belongs(measures_dir: Path):
    shutil.rmtree(measures_dir / "measurements")
    (measures_dir / "measurements").write_text("not a folder\n")
    before = tree(measures_dir)
    code, out, err = invoke(["new", "metric", "renewals", "--direction", "up",
                             "--data-dir", DATA])
    assert (code, out) == (2, "")
    assert err == ("error: cannot write journeys/measurements/renewals.csv: a part of the path "
                   "is a file, not a folder; nothing was changed\n")
    assert tree(measures_dir) == before


def test_new_journey_into_a_read_only_folder(measures_dir: Path) -> None:
    (measures_dir / "maps").chmod(0o555)
    before = tree(measures_dir)
    try:
        code, out, err = invoke(["new", "journey", "renewal", "--data-dir", DATA, *TODAY])
    finally:
        (measures_dir / "maps").chmod(0o755)
    assert (code, out) == (2, "")
    assert err == ("error: cannot write journeys/maps: the folder is read-only; nothing was "
                   "changed\n")
    assert tree(measures_dir) == before


class _FullDisk:
    """A file on a disk that is full: its first write fails with ENOSPC."""

    def __init__(self, real):
        self.real = real

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def disk_full_after(monkeypatch: pytest.MonkeyPatch, files: int) -> None:
    """The disk fills up while the (files + 1)th file is written. (The fuzz campaign,
    benchmarks/fuzz_cli.py, uses a real full tmpfs; a test cannot assume it may mount one.)"""
    real = os.fdopen
    opened = []

    def fdopen(fd: int, *args, **kwargs):
        handle = real(fd, *args, **kwargs)
        opened.append(fd)
        return handle if len(opened) <= files else _FullDisk(handle)
    monkeypatch.setattr(atomic.os, "fdopen", fdopen)


@pytest.mark.parametrize("files", [0, 1])
def test_new_metric_on_a_full_disk_changes_nothing(measures_dir: Path, monkeypatch,
                                                   files: int) -> None:
    """metrics.yml used to be cut mid-entry; now both files or neither."""
    before = tree(measures_dir)
    disk_full_after(monkeypatch, files)
    code, out, err = invoke(["new", "metric", "renewals", "--direction", "up",
                             "--data-dir", DATA])
    assert (code, out) == (2, "")
    failed = ["metrics.yml", "measurements/renewals.csv"][files]
    assert err == f"error: cannot write journeys/{failed}: the disk is full; nothing was changed\n"
    assert tree(measures_dir) == before  # no temporary file left either


def test_new_journey_on_a_full_disk_leaves_no_empty_map(measures_dir: Path, monkeypatch):
    disk_full_after(monkeypatch, 0)
    code, _, err = invoke(["new", "journey", "renewal", "--data-dir", DATA, *TODAY])
    assert code == 2
    assert err == ("error: cannot write journeys/maps/renewal.yml: the disk is full; nothing "
                   "was changed\n")
    assert sorted(p.name for p in (measures_dir / "maps").iterdir()) == ["first-visit.yml"]


# --- 6. export and schema --out cannot write: nothing changes ---------------------------------

def test_schema_out_under_a_file(workdir: Path) -> None:
    (workdir / "plain").write_text("a file\n")
    code, out, err = invoke(["schema", "--out", "plain/schemas"])
    assert (code, out) == (2, "")
    assert err == ("error: cannot write plain/schemas/evidence.schema.json: a part of the path "
                   "is a file, not a folder; nothing was changed\n")


def test_schema_out_with_a_read_only_schema_writes_none(workdir: Path) -> None:
    (workdir / "schemas").mkdir()
    (workdir / "schemas/persona.schema.json").write_text("{}\n")
    (workdir / "schemas/persona.schema.json").chmod(0o444)
    code, out, err = invoke(["schema", "--out", "schemas"])
    assert (code, out) == (2, "")
    assert err == ("error: cannot write schemas/persona.schema.json: the file is read-only; "
                   "nothing was changed\n")
    assert [p.name for p in (workdir / "schemas").iterdir()] == ["persona.schema.json"]


def test_export_where_index_md_is_a_folder_writes_nothing(measures_dir: Path, workdir):
    (workdir / "out/index.md").mkdir(parents=True)
    code, out, err = invoke(["export", "markdown", "out", "--data-dir", DATA, *TODAY,
                             "--force"])
    assert (code, out) == (2, "")
    assert err == "error: cannot write out/index.md: it is a folder, not a file; nothing was " \
                  "changed\n"
    assert tree(workdir / "out") == {}


def test_export_on_a_full_disk_writes_nothing(measures_dir: Path, workdir, monkeypatch):
    disk_full_after(monkeypatch, 20)  # 20 of the 29 files fit
    code, _, err = invoke(["export", "markdown", "out", "--data-dir", DATA, *TODAY])
    assert code == 2
    assert err.startswith("error: cannot write out/") and "the disk is full" in err
    assert not (workdir / "out").exists()


# --- 7. the export folder: links, same-named files, old pages, the data folder ----------------

def test_export_never_writes_through_a_link_out_of_its_folder(measures_dir: Path, workdir):
    (workdir / "elsewhere").mkdir()
    (workdir / "out").mkdir()
    (workdir / "out/journeys").symlink_to(workdir / "elsewhere")
    code, out, err = invoke(["export", "markdown", "out", "--data-dir", DATA, *TODAY,
                             "--force"])
    assert (code, out) == (2, "")
    assert err == ("error: out/journeys is a symbolic link; the export writes only inside out "
                   "and never through a link (remove the link, or export into another "
                   "folder)\n")
    assert tree(workdir / "elsewhere") == {} and tree(workdir / "out") == {
        "journeys": b"-> " + str(workdir / "elsewhere").encode()}


def test_export_keeps_other_files_and_names_the_ones_it_would_replace(measures_dir, workdir):
    (workdir / "out/evidence").mkdir(parents=True)
    (workdir / "out/evidence/index.md").write_text("my own page\n")
    (workdir / "out/notes.md").write_text("mine\n")
    code, out, err = invoke(["export", "markdown", "out", "--data-dir", DATA, *TODAY])
    assert (code, out) == (2, "")
    assert err == ("error: 1 file(s) in out have the names of pages but were not written by "
                   "the last export (or were edited since):\n  out/evidence/index.md\nrerun "
                   "with --force to replace them, or export into an empty folder\n")
    assert sorted(tree(workdir / "out")) == ["evidence/index.md", "notes.md"]
    code, out, err = invoke(["export", "markdown", "out", "--data-dir", DATA, *TODAY,
                             "--force"])
    assert code == 0
    assert err == "replaced out/evidence/index.md (not written by the last export)\n"
    assert (workdir / "out/notes.md").read_text() == "mine\n"


def test_export_removes_its_own_pages_that_no_longer_exist(measures_dir: Path, workdir):
    code, first, err = invoke(["export", "markdown", "out", "--data-dir", DATA, *TODAY])
    assert code == 0, err
    written = int(first.split()[1])
    assert (workdir / "out/metrics/landing-visits/index.md").is_file()
    assert MANIFEST in tree(workdir / "out")
    (measures_dir / "measurements/landing-visits.csv").unlink()  # its CSV download goes
    (workdir / "out/notes.md").write_text("mine\n")
    code, out, err = invoke(["export", "markdown", "out", "--data-dir", DATA, *TODAY])
    assert (code, err) == (0, "")
    assert out == f"wrote {written - 1} files to out, removed 1 old\n"
    assert not (workdir / "out/metrics/landing-visits/landing-visits.csv").exists()
    assert (workdir / "out/notes.md").read_text() == "mine\n"


@pytest.mark.parametrize("target", ["journeys", "journeys/site", "."])
def test_export_refuses_the_data_folder(measures_dir: Path, target: str) -> None:
    before = tree(measures_dir)
    code, out, err = invoke(["export", "markdown", target, "--data-dir", DATA, *TODAY])
    assert (code, out) == (2, "")
    where = {"journeys": "journeys", "journeys/site": "journeys/site",
             ".": "journeys/index.md"}[target]
    assert err == (f"error: {where} is inside the data folder journeys; export somewhere "
                   "else (an export never writes into the data it comes from)\n")
    assert tree(measures_dir) == before


def test_export_json_into_the_data_folder_is_refused(measures_dir: Path) -> None:
    code, _, err = invoke(["export", "json", "journeys/handbook.json", "--data-dir", DATA])
    assert code == 2
    assert err.startswith("error: journeys/handbook.json is inside the data folder journeys")


# --- 8. CR-only CSVs --------------------------------------------------------------------------

def test_a_csv_with_cr_only_line_ends_is_read_as_rows(measures_dir: Path) -> None:
    file = measures_dir / "measurements/landing-visits.csv"
    text = file.read_text().replace("\n", "\r")
    file.write_bytes(text.encode())
    code, out, _ = invoke(["check", DATA])
    assert code == 0, out
    file.write_bytes(text.replace("10150", "10x50").encode())
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    assert out.startswith(f"{CSV}:3:12: error: expected a number, found '10x50'\n")


# --- 9. line ends inside YAML strings ---------------------------------------------------------

@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_nel_and_separators_in_a_string_do_not_shift_later_lines(measures_dir: Path,
                                                                 separator: str) -> None:
    file = measures_dir / "maps/first-visit.yml"
    text = file.read_text(encoding="utf-8")
    text = text.replace("title:", f'title: "One{separator}two{separator}three"\ntitle_old:', 1)
    text = text.replace("owner: growth", "owner: growth-x", 1)
    file.write_text(text, encoding="utf-8")
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    line = next(i for i, t in enumerate(text.split("\n"), 1) if "growth-x" in t)
    assert f"{DATA}/maps/first-visit.yml:{line}:8: error: unknown team 'growth-x'" in out


def test_a_lone_cr_before_a_bad_byte_counts_as_a_line_end(measures_dir: Path) -> None:
    file = measures_dir / "maps/first-visit.yml"
    file.write_bytes(b"title: x\rsummary: y\r\nowner: \xff\n")
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    assert f"{DATA}/maps/first-visit.yml:3:8: error: the file is not valid UTF-8 (byte 0xff)" \
        in out


# --- found by the campaign (benchmarks/fuzz_cli.py) --------------------------------------------

def test_an_unclosed_quote_in_a_csv_keeps_every_position_in_the_file(measures_dir: Path):
    """The quote runs to the end of the file; the row it starts ends there too (its error
    was put at column 48 of a 17-character line)."""
    file = measures_dir / "measurements/consent-completion.csv"
    lines = file.read_text().splitlines()
    lines[7] = '2026-11-30,"open'
    file.write_text("\n".join(lines) + "\n")
    code, out, _ = invoke(["check", DATA])
    assert code == 1
    where = f"{DATA}/measurements/consent-completion.csv"
    assert out.startswith(f"{where}:8:12: error: a quoted cell is never closed\n"
                          f"    hint: close it with a \" (write \"\" for a quote inside a cell)\n"
                          f"{where}:10:1: error: this row has 2 cells, the header has 4\n")


def test_a_csv_name_that_is_not_utf8_is_reported_not_a_crash(measures_dir: Path) -> None:
    folder = os.fsencode(measures_dir / "measurements")
    os.rename(folder + b"/landing-visits.csv", folder + b"/bad\xff.csv")
    code, out, err = invoke(["check", DATA, "--format", "json"])
    assert code == 1
    assert [d["message"] for d in json.loads(out)] == [
        "'bad'$'\\377' is not a metric id from metrics.yml: the file name must be the id of "
        "the metric it measures"]


def test_new_journey_does_not_default_to_an_invalid_persona_id(measures_dir: Path) -> None:
    os.rename(measures_dir / "personas/care-coordinator.yml", measures_dir / "personas/-lead.yml")
    code, out, err = invoke(["new", "journey", "renewal", "--data-dir", DATA, *TODAY])
    assert (code, err) == (0, "")
    assert "personas: [new-patient]" in (measures_dir / "maps/renewal.yml").read_text()


@pytest.mark.parametrize("kind", ["persona", "journey", "metric"])
def test_new_with_no_valid_phase_says_so(measures_dir: Path, kind: str) -> None:
    """A handbook.yml whose phases all have errors made `new` exit 3 (StopIteration)."""
    file = measures_dir / "handbook.yml"
    text = file.read_text()
    file.write_text(text.replace("phases:", "phases: []\nold_phases:", 1))
    before = tree(measures_dir)
    code, out, err = invoke(["new", kind, "renewal", "--direction", "up", "--data-dir", DATA,
                             *TODAY] if kind == "metric" else
                            ["new", kind, "renewal", "--data-dir", DATA, *TODAY])
    assert (code, out) == (1, "")
    assert err == ("error: metrics.yml has 4 error(s); fix them first (journeys check), then "
                   "add the metric\n" if kind == "metric" else  # its metrics name phases
                   "error: handbook.yml has no valid phase; fix it first (journeys check)\n")
    assert tree(measures_dir) == before


def test_new_journey_beside_a_map_named_in_bytes_that_are_not_utf8(measures_dir: Path):
    """The template's `future_of` example named the first journey: `bad\\udcff` (exit 3)."""
    folder = os.fsencode(measures_dir / "maps")
    os.rename(folder + b"/first-visit.yml", folder + b"/bad\xff.yml")
    code, out, err = invoke(["new", "journey", "renewal", "--data-dir", DATA, *TODAY])
    assert (code, err) == (0, "")
    assert "current-journey-id" in (measures_dir / "maps/renewal.yml").read_text()
