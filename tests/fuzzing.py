"""A seeded mutation fuzzer for the `journeys` commands (test_fuzz.py, benchmarks/fuzz_cli.py).

Each case copies a seed handbook (the sample in `journeys/` or tests/fixtures/minimal), makes
one to three random edits to its files (YAML-aware value swaps, line edits, truncation, stray
bytes, renamed files) and runs the commands in-process. The promise it checks is the one
every input gets: exit 0, 1 or 2, no traceback, and every error located at a file inside the
data folder, at a line and column that exist in that file.

Everything random comes from one `random.Random(seed)`, so `case(seed)` always makes the same
edits: a failure is reproduced with `python benchmarks/fuzz_cli.py --seed N --runs 1 -v`.
"""

from __future__ import annotations

import functools
import json
import random
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout
    sys.path.insert(0, str(ROOT / "plugins"))

import click  # noqa: E402
import yaml  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from journey_handbook.cli import cli  # noqa: E402
from journey_handbook.data.diagnostics import printable_path as shown  # noqa: E402

SEEDS = {"sample": ROOT / "journeys", "minimal": ROOT / "tests" / "fixtures" / "minimal"}
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
]
STRAY = ["\t", "\x00", "\x7f", "\ufeff", "\r", ":", "- ", "[", "{", "'", '"', "&", "*", "!",
         "#", "%", "|", ">", "?", "@", "`", ",", "\n", "  ", "---\n", "...\n", "<<: *a\n"]
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
    with it; tests/test_hardening.py runs those in a subprocess with a timeout.)"""
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
            + [("persona", p.stem) for p in sorted((root / "personas").glob("*.yml"))])


def commands(rng: random.Random, workdir: Path, handbook: str = "minimal") -> list[list[str]]:
    """Every command of the promise, with an impact target of the handbook (one time in ten,
    one it does not have)."""
    kind, item = rng.choice(impact_targets(handbook))
    if rng.random() < 0.1:
        kind, item = rng.choice(["phase", "team", "touchpoint", "evidence", "persona"]), "nobody"
    fmt = rng.choice(["text", "github", "json"])
    return [
        ["check", DATA, "--format", fmt],
        ["check", DATA, "--fail-stale", "--today", TODAY],
        ["export", "json", "-", "--data-dir", DATA, "--today", TODAY],
        ["export", "csv", "-", "--data-dir", DATA],
        ["export", "markdown", str(workdir / "out"), "--data-dir", DATA, "--today", TODAY],
        ["reviews", "--data-dir", DATA, "--today", TODAY, "--format",
         rng.choice(["text", "json", "markdown"])],
        ["impact", kind, item, "--data-dir", DATA, "--today", TODAY],
        ["codeowners", "--data-dir", DATA],
    ]


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
    return {shown(Path(DATA) / p.relative_to(root)): p for p in names}


def _inside(file: Path | None, line: int, col: int) -> bool:
    """Line and column exist in the file (1:1 for a file that is missing or not text)."""
    if (line, col) == (1, 1):
        return True
    if file is None or not file.is_file():
        return False
    lines = file.read_bytes().decode("utf-8-sig", "replace").split("\n")
    if line > len(lines) or (line == len(lines) and lines[-1] == "" and col > 1):
        return False
    return col <= len(lines[line - 1].rstrip("\r")) + 1


def run(args: list[str], root: Path) -> Outcome:
    result = _runner().invoke(cli, args, catch_exceptions=True)
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
    return Outcome(args, code)


def fuzz_one(seed: int, workdir: Path) -> tuple[Case, list[Outcome]]:
    case = make_case(seed, workdir)
    root = workdir / DATA
    rng = random.Random(seed * 7919 + 1)
    out = [run(args, root) for args in commands(rng, workdir, case.handbook)]
    return case, out


def describe(case: Case, outcome: Outcome) -> str:
    edits = "; ".join(str(m) for m in case.mutations) or "no edit"
    return (f"seed {case.seed} ({case.handbook}: {edits}): journeys {' '.join(outcome.args)} "
            f"-> {outcome.problem}")


Check = Callable[[int, Path], tuple[Case, list[Outcome]]]
_ = click  # the runner invokes a click group
