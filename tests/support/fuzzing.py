"""A seeded mutation fuzzer for the `journeys` commands (test_fuzz.py, benchmarks/fuzz_cli.py).

Each case copies a seed handbook (the sample in `journeys/`, tests/fixtures/minimal or
tests/fixtures/measures), makes one to three random edits to its files (YAML-aware value swaps,
line edits, truncation, stray bytes, renamed files, alias bombs; CSV line ends, numbers,
cells and long series in measurements/*.csv), puts one fault in the way of the commands that
write (read-only files and folders, files where folders belong, folders where files belong,
symbolic links into and out of the export folder, a small full file system when the caller
mounts one) and runs the commands in-process. The promise it checks is the one every input
gets: exit 0, 1 or 2 within a time limit, no traceback, every error located at a file inside
the data folder at a line and column that exist in that file (lines counted as editors count
them), and not one byte changed outside the command's documented outputs (every file under
the working directory is hashed before and after each command; a command that fails may
change nothing at all).

Everything random comes from one `random.Random(seed)`, so `case(seed)` always makes the same
edits: a failure is reproduced with `python benchmarks/fuzz_cli.py --seed N --runs 1 -v`.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
try:
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout
    sys.path.insert(0, str(ROOT / "plugins"))

import click  # noqa: E402
import yaml  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from journey_handbook.cli import cli  # noqa: E402
from journey_handbook.data.diagnostics import printable_path as shown  # noqa: E402

SEEDS = {"sample": ROOT / "journeys", "minimal": ROOT / "tests" / "fixtures" / "minimal",
         "measures": ROOT / "tests" / "fixtures" / "measures"}
TIME_LIMIT = 60  # seconds one invocation may take (in-process, so measured with SIGALRM)
DATA = "journeys"  # the copy's folder, relative to the working directory
TODAY = "2026-11-15"

# Values that have broken a loader before, or that sit on a boundary of the format.
VALUES = [
    "999999999", "2147483648", "18446744073709551616", "-1", "0", "1", "5", "6", "3.5",
    "1e308", ".inf", "-.inf", ".nan", "0x1F", "0o17", "1_000", "+12", "00", "1:30",
    "9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "1970-01-01", "2026-1-1",
    "null", "~", "''", '""', "[]", "{}", "yes", "no", "on", "true", "-", "?", "|", ">",
    "&a x", "*a", "*undefined", "!!python/name:os.system", "!!binary aGk=", "!custom x",
    "<script>alert(1)</script>", "\"a\\x00b\"", "'it''s'", "[a, b", "{a: 1", "x: y: z",
    "é", "\U0001F600", "\u202e", "a" * 300, "- a\n- b", "%TAG ! tag:x,2000:",
    "@team", "`tick`", "a#b", "a # comment", "care-ops", "growth", "awareness",
    "9" * 5000, "2026-10-01T10:00:00", "2026-10-01 ", "99999-01-01", "2999-12-31",
    "new-patient", "first-visit/search", "landing-page",
    "1e309", "-1e309", "1e15", "1e16", "-1e16", "9" * 400, "1e-320", "4.9e-324",
    "\"a\u2028b\"", "\"a\x85b\"", "a\u2028b", "a\x85b",
]
STRAY = ["\t", "\x00", "\x7f", "\ufeff", "\r", ":", "- ", "[", "{", "'", '"', "&", "*", "!",
         "#", "%", "|", ">", "?", "@", "`", ",", "\n", "  ", "---\n", "...\n", "<<: *a\n",
         "\x85", "\u2028", "\u2029", "\r\r", "\r\udcff"]  # \udcff: the byte 0xff
NAMES = ["Bad Name", "UPPER", "x", "é", "new\nline", "tab\tname", "-lead", "a--b",
         "opportunities", "space name", "dots.in.name"]
RAW_NAMES = [b"bad\xff", b"latin\xe9", b"nl\nbyte\xfe"]  # not valid UTF-8


@dataclass
class Mutation:
    what: str
    file: str = ""

    def __str__(self) -> str:
        return f"{self.what} {self.file}".strip()


@dataclass
class Case:
    seed: int
    handbook: str
    mutations: list[Mutation] = field(default_factory=list)
    fault: str = "none"  # what stands in the way of the commands that write


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _rel(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _scalar_spans(text: str) -> list[tuple[int, int]]:
    """Spans of values after `key: ` or `- `, the places a value swap makes sense."""
    return [m.span(2) for m in re.finditer(r"(:[ ]+|^[ ]*-[ ]+)([^\n{}\[\],#]+)", text,
                                           re.MULTILINE)]


def _mutate_text(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True) or ["\n"]
    how = rng.choice(["value", "value", "value", "same-file-value", "same-file-value",
                      "delete-line", "duplicate-line", "swap-lines", "indent", "dedent",
                      "truncate", "stray", "key", "empty"])
    n = rng.randrange(len(lines))
    spans = _scalar_spans(text)
    if how == "value" and spans:
        start, end = rng.choice(spans)
        value = rng.choice(VALUES)
        return text[:start] + value + text[end:], f"value {value!r} at {start}"
    if how == "same-file-value" and spans:
        # another value of the file (an id, a date, a score): the handbook often stays valid,
        # so reviews, impact and the exports get past loading and compute with what it holds
        start, end = rng.choice(spans)
        other = rng.choice(spans)
        value = text[other[0]:other[1]]
        return text[:start] + value + text[end:], f"value {value[:40]!r} at {start}"
    if how == "delete-line":
        del lines[n]
    elif how == "duplicate-line":
        lines.insert(n, lines[n])
    elif how == "swap-lines":
        m = rng.randrange(len(lines))
        lines[n], lines[m] = lines[m], lines[n]
    elif how == "indent":
        lines[n] = " " * rng.choice([1, 2, 4]) + lines[n]
    elif how == "dedent":
        lines[n] = lines[n].lstrip(" ")
    elif how == "truncate":
        cut = rng.randrange(len(text) + 1)
        return text[:cut], f"truncate at {cut}"
    elif how == "stray":
        at = rng.randrange(len(text) + 1)
        s = rng.choice(STRAY)
        return text[:at] + s + text[at:], f"insert {s!r} at {at}"
    elif how == "key":
        keys = re.findall(r"^[ -]*([a-z_]+):", text, re.MULTILINE)
        if keys:
            old, new = rng.choice(keys), rng.choice(keys + ["nmae", "<<", "id", "aliases"])
            return text.replace(f"{old}:", f"{new}:", 1), f"key {old} -> {new}"
    elif how == "empty":
        return "", "empty"
    return "".join(lines), f"{how} line {n + 1}"


CSV_VALUES = ["1e308", "1e309", "-1e309", "9" * 400, "1e16", "nan", "inf", "-0", "41.5%",
              "1_000", "", " ", "x", "1e15", "4.9e-324", '"1,5"', '"open', "2026-02-30",
              "0001-01-01", "9999-12-31", "\x85", "\u2028"]


def _long_series(rng: random.Random, text: str) -> str:
    """The header of the file and a long daily series (a year to decades), maybe segmented."""
    header = text.split("\n", 1)[0].strip("\r") or "date,value"
    days = rng.choice([400, 3000, 12000])
    segments = rng.choice([[""], [""], ["a", "b"], [f"s{k}" for k in range(9)]])
    width = len(header.split(","))
    start = datetime.date(rng.choice([1990, 2000, 2020]), 1, 1)
    rows = [header]
    for seg in segments:
        for i in range(days // len(segments)):
            cells = [str(start + datetime.timedelta(days=i)), str(rng.randint(0, 99)), seg, ""]
            rows.append(",".join(cells[:width]))
    return "\n".join(rows) + "\n"


def _mutate_csv(rng: random.Random, text: str) -> tuple[str, str]:
    """Edits that spreadsheets and BI exports make to measurements files."""
    how = rng.choice(["cr-only", "crlf", "cell", "cell", "cell", "swap-rows", "long",
                      "column", "quote", "nel"])
    lines = text.split("\n")
    n = rng.randrange(len(lines))
    if how == "cr-only":
        return text.replace("\r\n", "\n").replace("\n", "\r"), "CR-only line ends"
    if how == "crlf":
        return text.replace("\n", "\r\n"), "CRLF line ends"
    if how == "long":
        return _long_series(rng, text), "a long daily series"
    if how == "cell" and "," in lines[n]:
        cells = lines[n].split(",")
        k = rng.randrange(len(cells))
        cells[k] = rng.choice(CSV_VALUES)
        lines[n] = ",".join(cells)
        return "\n".join(lines), f"cell {k + 1} of line {n + 1} = {cells[k]!r}"
    if how == "swap-rows":
        m = rng.randrange(len(lines))
        lines[n], lines[m] = lines[m], lines[n]
        return "\n".join(lines), f"swap lines {n + 1} and {m + 1}"
    if how == "column":
        lines[n] += rng.choice([",extra", ",", ',"a\nb"'])
        return "\n".join(lines), f"extra cell on line {n + 1}"
    if how == "quote":
        at = rng.randrange(len(text) + 1)
        return text[:at] + '"' + text[at:], f"insert a quote at {at}"
    at = rng.randrange(len(text) + 1)
    ch = rng.choice(["\x85", "\u2028", "\r", "\udcff"])
    return text[:at] + ch + text[at:], f"insert {ch!r} at {at}"


def alias_bomb(rng: random.Random, text: str) -> tuple[str, str]:
    """A key whose value is lists of lists of aliases of a long string (3 to 5 levels)."""
    levels, width = rng.choice([3, 4, 5]), rng.choice([5, 10])
    big = '"' + rng.choice(["x", "Call Pat Quinn at pat@mailbox.net. "]) * \
        rng.choice([100, 3000 // 35 + 1]) + '"'
    key = rng.choice(["assumptions", "x_bomb", "summary"])
    lines = [f"{key}:", f"  - &b0 [{', '.join([big] * width)}]"]
    lines += [f"  - &b{k} [{', '.join([f'*b{k - 1}'] * width)}]" for k in range(1, levels)]
    body = text if text.endswith("\n") or not text else text + "\n"
    if body.lstrip().startswith("-"):  # a list file: the bomb in a new entry
        return body + "- " + "\n  ".join(lines) + "\n", f"alias bomb, {levels} levels"
    return body + "\n".join(lines) + "\n", f"alias bomb '{key}', {levels} levels"


def mutate(rng: random.Random, root: Path) -> list[Mutation]:
    """One to three edits of the handbook at `root`."""
    done: list[Mutation] = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        files = _files(root)
        if not files:
            break
        file = rng.choice(files)
        rel = _rel(root, file)
        kind = rng.random()
        if kind < 0.82:
            text = file.read_bytes().decode("utf-8", "replace")
            if file.suffix == ".csv" and rng.random() < 0.7:
                new, what = _mutate_csv(rng, text)
            elif file.suffix in (".yml", ".yaml") and rng.random() < 0.04:
                new, what = alias_bomb(rng, text)
            else:
                new, what = _mutate_text(rng, text)
            file.write_bytes(new.encode("utf-8", "surrogateescape"))
            done.append(Mutation(what, rel))
        elif kind < 0.87:
            file.unlink()
            done.append(Mutation("delete", rel))
        elif kind < 0.90:
            done.append(Mutation(_replace_entry(rng, file), rel))
        elif kind < 0.95 and file.parent != root:
            if rng.random() < 0.5:
                name = rng.choice(NAMES).encode() + file.suffix.encode()
            else:
                name = rng.choice(RAW_NAMES) + file.suffix.encode()
            target = bytes(file.parent) + b"/" + name
            file.rename(target.decode("utf-8", "surrogateescape"))
            done.append(Mutation(f"rename to {name!r}", rel))
        elif file.parent != root:
            copy = file.with_name(f"{file.stem}-copy{file.suffix}")
            shutil.copyfile(file, copy)
            done.append(Mutation("copy", rel))
    return done


def _replace_entry(rng: random.Random, file: Path) -> str:
    """Put something other than a regular file where a data file was. (Not a named pipe or
    an endless device: if reading them ever hung again, this in-process fuzzer would hang
    with it; tests/project/test_hardening.py runs those in a subprocess with a timeout.)"""
    file.unlink()
    what = rng.choice(["broken link", "link loop", "folder", "link to /dev/null",
                       "link to its folder"])
    if what == "broken link":
        file.symlink_to("gone.yml")
    elif what == "link loop":
        file.symlink_to(file.name)
    elif what == "folder":
        file.mkdir()
    elif what == "link to /dev/null":
        file.symlink_to("/dev/null")
    else:
        file.symlink_to(".")
    return f"replace with a {what}"


def make_case(seed: int, workdir: Path) -> Case:
    """A fresh copy of a seed handbook at workdir/journeys, mutated as `seed` says."""
    rng = random.Random(seed)
    name = rng.choice(sorted(SEEDS))
    root = workdir / DATA
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(SEEDS[name], root)
    case = Case(seed, name)
    case.mutations = mutate(rng, root)
    return case


def _ids(items: object) -> list[str]:
    return [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)] \
        if isinstance(items, list) else []


@functools.cache
def impact_targets(handbook: str) -> list[tuple[str, str]]:
    """(kind, id) of every item of an unmutated seed handbook that `impact` can be asked about."""
    root = SEEDS[handbook]
    top = {name: yaml.safe_load((root / f"{name}.yml").read_text(encoding="utf-8"))
           for name in ("handbook", "touchpoints", "evidence")}
    return ([("phase", i) for i in _ids(top["handbook"].get("phases"))]
            + [("team", i) for i in _ids(top["handbook"].get("teams"))]
            + [("touchpoint", i) for i in _ids(top["touchpoints"])]
            + [("evidence", i) for i in _ids(top["evidence"])]
            + [("persona", p.stem) for p in sorted((root / "personas").glob("*.yml"))]
            + ([("metric", i) for i in _ids(yaml.safe_load(
                (root / "metrics.yml").read_text(encoding="utf-8")))]
               if (root / "metrics.yml").is_file() else []))


@dataclass
class Targets:
    """Where the commands that write put their output, relative to the working directory."""

    out: str = "out"  # export markdown
    schemas: str = "schemas"  # schema --out
    new_data: str = DATA  # new ... --data-dir


def commands(rng: random.Random, workdir: Path, handbook: str = "minimal",
             targets: Targets | None = None) -> list[list[str]]:
    """Every command of the promise, with an impact target of the handbook (one time in ten,
    one it does not have), and the commands that write, into `targets`."""
    targets = targets or Targets()
    kind, item = rng.choice(impact_targets(handbook))
    if rng.random() < 0.1:
        kind, item = rng.choice(["phase", "team", "touchpoint", "evidence", "persona",
                                 "metric"]), "nobody"
    fmt = rng.choice(["text", "github", "json"])
    export_md = ["export", "markdown", targets.out, "--data-dir", DATA, "--today", TODAY]
    planned = [
        ["check", DATA, "--format", fmt],
        ["check", DATA, "--fail-stale", "--today", TODAY],
        ["export", "json", "-", "--data-dir", DATA, "--today", TODAY],
        ["export", "csv", "-", "--data-dir", DATA],
        export_md + (["--force"] if rng.random() < 0.2 else []),
        ["reviews", "--data-dir", DATA, "--today", TODAY, "--format",
         rng.choice(["text", "json", "markdown"])],
        ["impact", kind, item, "--data-dir", DATA, "--today", TODAY],
        ["codeowners", "--data-dir", DATA],
        _new_command(rng, targets.new_data),
        ["schema", "--out", targets.schemas],
    ]
    if rng.random() < 0.3:  # again: the manifest makes the pages its own
        planned.append(export_md)
    return planned


def _new_command(rng: random.Random, data: str) -> list[str]:
    kind = rng.choice(["journey", "persona", "metric"])
    item = rng.choice(["fuzz-new", "fuzz-new", "first-visit", "new-patient", "landing-visits",
                       "Bad Id"])
    extra = ["--direction", rng.choice(["up", "down"])] if kind == "metric" else []
    return ["new", kind, item, *extra, "--data-dir", data, "--today", TODAY]


def allowed_changes(args: list[str], targets: Targets) -> Callable[[str], bool]:
    """Which paths (relative to the working directory) a command may change when it exits
    0; a command that fails may change none."""
    if args[:2] == ["export", "markdown"]:
        out = args[2].rstrip("/")
        return lambda rel: rel == out or rel.startswith(out + "/")
    if args[0] == "schema":
        out = args[2].rstrip("/")
        return lambda rel: rel == out or rel.startswith(out + "/")
    if args[0] == "new":
        data, item = args[args.index("--data-dir") + 1], args[2]
        own = {"maps", f"maps/{item}.yml", "personas", f"personas/{item}.yml", "metrics.yml",
               "metrics.yaml", "measurements", f"measurements/{item}.csv"}
        return lambda rel: rel.startswith(data + "/") and rel[len(data) + 1:] in own
    return lambda rel: False


# --- faults in the way of writes ---------------------------------------------------------------

FAULTS = ["none"] * 8 + [
    "read-only maps", "read-only metrics.yml", "read-only data folder",
    "measurements is a file", "personas is a file", "metrics.yml is a folder",
    "out is a file", "out/index.md is a folder", "read-only page in out",
    "read-only out", "link out of out", "link into the data in out", "out links to the data",
    "page links out", "schemas is a file", "read-only schema", "data folder as out",
    "full disk", "full disk", "full disk",
]


def write_fault(rng: random.Random, workdir: Path, full: Path | None) -> tuple[str, Targets]:
    """Put one fault in the way of the commands that write; returns it and where they write."""
    fault = rng.choice(FAULTS)
    if fault == "full disk":
        return (_full_disk(rng, workdir, full), Targets(*_full_targets(rng, full))) \
            if full is not None else ("none", Targets())
    data, out = workdir / DATA, workdir / "out"
    if fault.startswith("read-only") and fault != "read-only out":
        target = {"read-only maps": data / "maps", "read-only data folder": data,
                  "read-only metrics.yml": data / "metrics.yml",
                  "read-only page in out": out / "index.md",
                  "read-only schema": workdir / "schemas/journey.schema.json"}[fault]
        _ensure(target, folder=fault in ("read-only maps", "read-only data folder"))
        target.chmod(0o555 if target.is_dir() else 0o444)
    elif fault in ("measurements is a file", "personas is a file", "out is a file",
                   "schemas is a file"):
        name = fault.split()[0]
        target = data / name if name in ("measurements", "personas") else workdir / name
        _remove(target)
        target.write_text("a file where a folder belongs\n")
    elif fault in ("metrics.yml is a folder", "out/index.md is a folder"):
        target = data / "metrics.yml" if fault.startswith("metrics") else out / "index.md"
        _remove(target)
        target.mkdir(parents=True)
    else:
        return fault, _link_fault(fault, workdir)
    return fault, Targets()


def _link_fault(fault: str, workdir: Path) -> Targets:
    out = workdir / "out"
    if fault == "read-only out":
        out.mkdir(exist_ok=True)
        out.chmod(0o555)
    elif fault == "link out of out":
        (workdir / "elsewhere").mkdir(exist_ok=True)
        _remove(out / "journeys")
        out.mkdir(exist_ok=True)
        (out / "journeys").symlink_to(workdir / "elsewhere")
    elif fault == "link into the data in out":
        _remove(out / "personas")
        out.mkdir(exist_ok=True)
        (out / "personas").symlink_to(Path("..") / DATA / "personas")
    elif fault == "out links to the data":
        _remove(out)
        out.symlink_to(DATA)
    elif fault == "page links out":
        _remove(out / "index.md")
        out.mkdir(exist_ok=True)
        (out / "index.md").symlink_to(Path("..") / DATA / "handbook.yml")
    elif fault == "data folder as out":
        return Targets(out=DATA, schemas=f"{DATA}/schemas")
    return Targets()


def _ensure(target: Path, folder: bool) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if folder:
        target.mkdir()
    else:
        target.write_text("{}\n")


def _remove(target: Path) -> None:
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


def _full_targets(rng: random.Random, full: Path) -> tuple[str, str, str]:
    """Export, schemas and `new` onto the small file system (relative to the workdir)."""
    return f"{full.name}/out", f"{full.name}/schemas", f"{full.name}/{DATA}"


def _full_disk(rng: random.Random, workdir: Path, full: Path) -> str:
    """A copy of the data on the small file system, then a filler leaving a few KB free."""
    try:
        shutil.copytree(workdir / DATA, full / DATA, symlinks=True)
    except (OSError, shutil.Error):
        return "full disk (the data did not fit)"
    info = os.statvfs(full)
    free = info.f_bavail * info.f_frsize
    leave = rng.choice([0, 4096, 16384, 65536])
    fd = os.open(full / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, b"\0" * max(0, free - leave))
    except OSError:  # the file system counts blocks: "full" is all this proves
        pass
    finally:
        os.close(fd)
    return f"full disk ({leave // 1024} KB left)"


def reset(workdir: Path, full: Path | None) -> None:
    """Undo the last case's faults: every folder writable again, outputs and links gone
    (the export folder is kept when nothing odd is in it, so later cases re-export over it)."""
    for folder, dirs, files in os.walk(workdir):
        for name in dirs + files:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
    out = workdir / "out"
    odd = out.is_symlink() or (out.exists() and not out.is_dir()) or (out.is_dir() and any(
        p.is_symlink() or (p.suffix == ".md" and p.is_dir()) for p in out.rglob("*")))
    for name in ("elsewhere", "schemas", *(["out"] if odd else [])):
        _remove(workdir / name)
    if full is not None:
        for entry in full.iterdir():
            _remove(entry)


# --- hashing: not a byte outside the outputs -----------------------------------------------------

def snapshot(workdir: Path) -> dict[str, str]:
    """Every entry under the working directory: a digest for files, the target for links."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(workdir):
        base = Path(folder)
        for name in dirs + files:
            path = base / name
            rel = path.relative_to(workdir).as_posix()
            if path.is_symlink():
                found[rel] = "link " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "folder"
            elif path.is_file():
                found[rel] = hashlib.sha1(path.read_bytes()).hexdigest()
            else:
                found[rel] = "special"
    return found


def changed_outside(before: dict[str, str], after: dict[str, str],
                    allowed: Callable[[str], bool]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys()
                  if before.get(k) != after.get(k) and not allowed(k))


@dataclass
class Outcome:
    args: list[str]
    code: int
    problem: str = ""  # empty: the promise holds


def _runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into stdout unless told otherwise
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


# `file:line:col: error: ...` as check prints it; the file part is printed by `shown()`.
_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?:error|warning): ")
_GITHUB = re.compile(r"^::(?:error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+),"
                     r"col=(?P<col>\d+)::")


def _unescape_github(value: str) -> str:
    return value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n") \
        .replace("%0D", "\r").replace("%25", "%")


def _locations(args: list[str], out: str, err: str) -> list[tuple[str, int, int]]:
    """Every position printed: check's (in its format) and the other commands' (on stderr,
    as text, when they refuse a handbook with errors)."""
    found = []
    if args[0] == "check" and "json" in args:
        found += [(d["file"], d["line"], d["column"]) for d in json.loads(out)]
        out = ""
    elif args[0] != "check":
        out = ""  # pages, exports and reports: their text is data, not positions
    for line in (out + "\n" + err).splitlines():
        if m := _GITHUB.match(line):
            found.append((_unescape_github(m["file"]), int(m["line"]), int(m["col"])))
        elif m := _LOCATED.match(line):
            found.append((m["file"], int(m["line"]), int(m["col"])))
    return found


def _shown_files(root: Path) -> dict[str, Path]:
    """Every path in the data folder as the commands print it (with the files that must exist:
    a missing handbook.yml is reported there)."""
    names = [root / "handbook.yml", root, *root.rglob("*")]
    prefix = Path(os.path.relpath(root))
    return {shown(prefix / p.relative_to(root)): p for p in names}


_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")  # how editors end lines: \n, \r\n, a lone \r


@functools.lru_cache(maxsize=8)
def _editor_lines(file: Path, stamp: tuple[int, int]) -> list[str]:
    """The file's lines (cached: 6,000 errors in one CSV are checked against one read)."""
    return _EDITOR_BREAK.split(file.read_bytes().decode("utf-8-sig", "replace"))


def _inside(file: Path | None, line: int, col: int) -> bool:
    """Line and column exist in the file (1:1 for a file that is missing or not text), lines
    counted as editors count them."""
    if (line, col) == (1, 1):
        return True
    if file is None or not file.is_file():
        return False
    info = file.stat()
    lines = _editor_lines(file, (info.st_mtime_ns, info.st_size))
    if line > len(lines) or (line == len(lines) and lines[-1] == "" and col > 1):
        return False
    return col <= len(lines[line - 1]) + 1


class _Timeout(BaseException):
    """Raised by SIGALRM inside a command that runs too long (not an Exception: click's
    runner must not swallow it)."""


def _alarm(signum, frame) -> None:
    raise _Timeout


def _invoke(args: list[str]):
    """Run one command in-process with a time limit; None when it ran out of time."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        return _runner().invoke(cli, args, catch_exceptions=True)
    except _Timeout:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(args: list[str], root: Path, workdir: Path | None = None,
        allowed: Callable[[str], bool] | None = None) -> Outcome:
    """Run a command and check the promise; with `workdir`, also that it changed nothing
    outside what `allowed` names (nothing at all when it fails)."""
    before = snapshot(workdir) if workdir is not None else {}
    result = _invoke(args)
    if result is None:
        return Outcome(args, -1, f"timeout: more than {TIME_LIMIT} s")
    code = result.exit_code
    out, err = result.stdout, result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc = result.exception
        return Outcome(args, 3, f"{type(exc).__name__}: {exc}")
    if code not in (0, 1, 2):
        return Outcome(args, code, f"exit code {code}")
    if "Traceback" in out + err:
        return Outcome(args, code, "traceback in the output")
    shown_files = _shown_files(root)
    for file, line, col in _locations(args, out, err):
        if file not in shown_files:
            return Outcome(args, code, f"error outside the data folder: {file!r}")
        if line < 1 or col < 1 or not _inside(shown_files.get(file), line, col):
            return Outcome(args, code, f"position outside the file: {file!r}:{line}:{col}")
    if workdir is not None:
        may = allowed if allowed is not None and code == 0 else (lambda rel: False)
        if changed := changed_outside(before, snapshot(workdir), may):
            shown_changes = ", ".join(changed[:4]) + (" ..." if len(changed) > 4 else "")
            return Outcome(args, code, f"changed outside its outputs (exit {code}): "
                                       f"{shown_changes}")
    return Outcome(args, code)


def fuzz_one(seed: int, workdir: Path, full: Path | None = None
             ) -> tuple[Case, list[Outcome]]:
    """One case: a mutated handbook, one write fault, every command. `full` is an empty
    small file system mounted inside workdir (for the full-disk fault), if the caller has one."""
    reset(workdir, full)
    case = make_case(seed, workdir)
    rng = random.Random(seed * 7919 + 1)
    case.fault, targets = write_fault(rng, workdir, full)
    out = []
    for args in commands(rng, workdir, case.handbook, targets):
        data = args[args.index("--data-dir") + 1] if "--data-dir" in args else DATA
        out.append(run(args, workdir / data, workdir, allowed_changes(args, targets)))
    return case, out


def describe(case: Case, outcome: Outcome) -> str:
    edits = "; ".join(str(m) for m in case.mutations) or "no edit"
    if case.fault != "none":
        edits += f"; fault: {case.fault}"
    return (f"seed {case.seed} ({case.handbook}: {edits}): journeys {' '.join(outcome.args)} "
            f"-> {outcome.problem}")


Check = Callable[[int, Path], tuple[Case, list[Outcome]]]
_ = click  # the runner invokes a click group
