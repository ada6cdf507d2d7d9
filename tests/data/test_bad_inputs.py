"""Broken inputs: each one fails `journeys check` cleanly, at the right file and line.

The table is tests/fixtures/bad/cases.yml (one change to a copy of the minimal handbook per
case, with the snippet files next to it). The cases that need the file system itself
(unreadable files, a missing folder) are written out below, as is the spec-only check:
the minimal handbook, written only from the format contract, validates, and each copy of
it with one fault fails with exit 1 at the fault's file and line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import BAD, FIXTURES, MINIMAL, diagnostics, invoke, locations, replace_once, write

DATA = "journeys"  # the copy's folder name; reported paths start with it


def _load_cases() -> list[dict]:
    cases = yaml.safe_load((BAD / "cases.yml").read_text(encoding="utf-8"))
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


CASES = _load_cases()


def apply_case(case: dict, root: Path) -> None:
    if "base" in case:  # another fixture handbook than the minimal one
        shutil.rmtree(root)
        shutil.copytree(FIXTURES / case["base"], root)
    if "write" in case:
        write(root, case["write"], (BAD / case["from"]).read_bytes())
    elif "patch" in case:
        replace_once(root / case["patch"], case["replace"], case["with"])
    elif "copy" in case:
        shutil.copyfile(root / case["copy"], root / case["to"])
    elif "delete" in case:
        (root / case["delete"]).unlink()
    else:  # pragma: no cover - a mistake in the table
        raise AssertionError(f"case {case['name']}: no change given")


def assert_reported(output: str, at: str, message: str, hint: str | None = None) -> None:
    """An error line at `at` (file:line or file:line:col) contains `message` (and its hint)."""
    lines = output.splitlines()
    where = f"{DATA}/{at}:"
    hits = [i for i, line in enumerate(lines) if line.startswith(where) and message in line]
    assert hits, f"no error at {where} containing {message!r} in:\n{output}"
    if hint is not None:
        assert any(i + 1 < len(lines) and lines[i + 1].startswith("    hint: ")
                   and hint in lines[i + 1] for i in hits), \
            f"no hint {hint!r} under the error at {where} in:\n{output}"


def test_table_has_at_least_30_distinct_inputs():
    assert len(CASES) >= 30
    changes = {(c.get("base"), c.get("write"), c.get("from"), c.get("patch"), c.get("replace"),
                c.get("with"), c.get("copy"), c.get("to"), c.get("delete")) for c in CASES}
    assert len(changes) == len(CASES), "two cases make the same change"


def test_at_least_25_measures_cases_with_csv_among_them():
    measures = [c for c in CASES if c.get("base") == "measures"]
    assert len(measures) >= 25
    assert sum(".csv:" in c["at"] for c in measures) >= 10


def test_every_snippet_file_is_used():
    used = {c["from"] for c in CASES if "from" in c}
    snippets = {p.name for p in BAD.iterdir() if p.name != "cases.yml"}
    # five-faults.yml is used by test_check_cli.py
    assert snippets - used == {"five-faults.yml"}
    assert used <= snippets


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict, minimal_dir: Path, run_check) -> None:
    apply_case(case, minimal_dir)
    code, out, err = run_check(DATA)
    output = out + err
    assert "Traceback" not in output
    assert code == case["exit"], output
    assert_reported(out, case["at"], case["message"], case.get("hint"))
    if "errors" in case:
        assert len(diagnostics(out)) == case["errors"], out
    assert f"{case.get('errors', len(diagnostics(out)))} error" in err  # the summary line


@pytest.mark.parametrize("fmt", ["github", "json"])
@pytest.mark.parametrize("case", [c for c in CASES if c["name"] in
                                  ("not-utf8", "alias-bomb-billion-laughs", "unknown-phase",
                                   "duplicate-keys")],
                         ids=lambda c: c["name"])
def test_bad_input_machine_formats(case: dict, fmt: str, minimal_dir: Path, run_check) -> None:
    apply_case(case, minimal_dir)
    code, out, err = run_check(DATA, "--format", fmt)
    assert "Traceback" not in out + err
    assert code == case["exit"]
    file, line, *col = case["at"].split(":")
    if fmt == "github":
        props = f"file={DATA}/{file},line={line}," + (f"col={col[0]}" if col else "")
        assert any(row.startswith(f"::error {props}") for row in out.splitlines()), out
    else:
        import json

        found = json.loads(out)
        assert any(d["file"] == f"{DATA}/{file}" and d["line"] == int(line)
                   and (not col or d["column"] == int(col[0])) for d in found), found


# --- the file system --------------------------------------------------------------------------


def test_missing_data_folder_is_a_usage_error(run_check, workdir: Path) -> None:
    code, out, err = run_check("no-such-folder")
    assert code == 2
    assert err.strip() == "error: data folder not found: no-such-folder"
    assert "Traceback" not in out + err


def test_data_folder_is_a_file(run_check, workdir: Path) -> None:
    (workdir / "journeys").write_text("title: x\n")
    code, out, err = run_check("journeys")
    assert code == 2
    assert "data folder not found: journeys" in err


def test_broken_symlink_is_unreadable_not_skipped(minimal_dir: Path, run_check) -> None:
    """A journey file that cannot be read is a usage error (exit 2), never silently skipped.

    (A broken link is how to make a file unreadable even as root; see also the chmod case.)
    """
    (minimal_dir / "maps" / "second-visit.yml").symlink_to("../gone/second-visit.yml")
    code, out, err = run_check(DATA)
    assert code == 2
    assert_reported(out, "maps/second-visit.yml:1:1", "cannot read the file")
    assert len(diagnostics(out)) == 1
    assert "Traceback" not in out + err


def test_unreadable_persona_does_not_cascade(minimal_dir: Path, run_check) -> None:
    """Steps naming a persona whose file cannot be read are not reported as unknown."""
    persona = minimal_dir / "personas" / "new-patient.yml"
    persona.unlink()
    persona.symlink_to("gone.yml")
    code, out, _ = run_check(DATA)
    assert code == 2
    assert locations(out, with_column=True) == [f"{DATA}/personas/new-patient.yml:1:1"]


def test_symlink_loop_is_unreadable(minimal_dir: Path, run_check) -> None:
    (minimal_dir / "personas" / "loop.yml").symlink_to("loop.yml")
    code, out, err = run_check(DATA)
    assert code == 2
    assert_reported(out, "personas/loop.yml:1:1", "cannot read the file")
    assert "Traceback" not in out + err


def test_editor_lock_links_are_ignored(minimal_dir: Path, run_check) -> None:
    """Emacs keeps `.#name.yml` as a dangling link while a file is edited."""
    (minimal_dir / "maps" / ".#first-visit.yml").symlink_to("user@host.1234:1700000000")
    code, out, err = run_check(DATA)
    assert code == 0, out + err


def test_permission_denied_is_unreadable(minimal_dir: Path, run_check,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """What chmod 000 does for a normal user, simulated so that it also runs as root."""
    denied = minimal_dir / "personas" / "care-coordinator.yml"
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == denied.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, err = run_check(DATA)
    assert code == 2
    assert out == (f"{DATA}/personas/care-coordinator.yml:1:1: error: cannot read the file: "
                   "Permission denied\n")
    assert "1 error" in err
    assert "Traceback" not in out + err


def test_python_tag_is_not_executed(minimal_dir: Path, run_check, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    write(minimal_dir, "personas/broken.yml",
          f"name: x\nrole: !!python/object/apply:os.system ['touch {marker}']\n")
    code, out, _ = run_check(DATA)
    assert code == 1
    assert not marker.exists()


def test_alias_bomb_is_quick(minimal_dir: Path, run_check) -> None:
    import time

    write(minimal_dir, "personas/broken.yml", (BAD / "alias-bomb.yml").read_bytes())
    start = time.perf_counter()
    code, _, _ = run_check(DATA)
    assert code == 1
    assert time.perf_counter() - start < 10


# --- robustness: no edit of one line crashes the loader ---------------------------------------


def _line_edits() -> list[tuple[str, int, str]]:
    out = []
    for file in sorted(MINIMAL.rglob("*.yml")):
        rel = file.relative_to(MINIMAL).as_posix()
        count = len(file.read_text(encoding="utf-8").splitlines())
        out += [(rel, n, how) for n in range(count) for how in ("delete", "indent")]
    return out


def test_no_single_line_edit_crashes(workdir: Path) -> None:
    """Deleting or indenting any one line of the minimal handbook never raises."""
    from journey_handbook.data.loader import load_handbook

    root = workdir / DATA
    for rel, n, how in _line_edits():
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(MINIMAL, root)
        file = root / rel
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        if how == "delete":
            del lines[n]
        else:
            lines[n] = "  " + lines[n]
        file.write_text("".join(lines), encoding="utf-8")
        result = load_handbook(root)  # must not raise
        for d in result.diagnostics.errors:
            assert d.file.startswith(DATA + "/") and d.line >= 1 and d.column >= 1, d


# --- a handbook written only from the spec ----------------------------------------------------

# (file, old text, new text, expected "file:line") - one fault per copy, in every file and
# every kind of rule of the format contract.
SPEC_FAULTS = [
    ("handbook.yml", "title: Acme Health handbook\n", "", "handbook.yml:1"),
    ("handbook.yml", 'github: "@acme/growth"', "github: acme-growth", "handbook.yml:16"),
    ("handbook.yml", "    name: Consent\n", "    name: Consent\n    nmae: x\n", "handbook.yml:10"),
    ("handbook.yml", "    name: Care operations\n", "    name: Care operations\n    name: x\n",
     "handbook.yml:19"),
    ("handbook.yml", "every_days: 90", "every_days: ninety", "handbook.yml:20"),
    ("handbook.yml", "decision_rules: [Owners approve changes to their maps]",
     "decision_rules: Owners approve", "handbook.yml:22"),
    ("touchpoints.yml", "  channel: app\n", "  channel: mobile-app\n", "touchpoints.yml:7"),
    ("touchpoints.yml", "regulated: [consent, hipaa]", "regulated: [consent, gdpr]",
     "touchpoints.yml:9"),
    ("touchpoints.yml", "  channel: phone\n", "  channel: phone\n  kind: digital\n",
     "touchpoints.yml:13"),
    ("evidence.yml", "  kind: interviews\n", "  kind: interview\n", "evidence.yml:8"),
    ("evidence.yml", "  title: Patient interviews\n", "", "evidence.yml:7"),
    ("personas/new-patient.yml", "audience: patient", "audience: patients",
     "personas/new-patient.yml:2"),
    ("personas/new-patient.yml", "    avoid: [jargon]\n", "    avoids: [jargon]\n",
     "personas/new-patient.yml:12"),
    ("personas/new-patient.yml", "  consent:\n", "  signup:\n", "personas/new-patient.yml:15"),
    ("personas/care-coordinator.yml", "decision_role: user", "decision_role: operator",
     "personas/care-coordinator.yml:4"),
    ("maps/first-visit.yml", "audience: patient", "audience: everyone", "maps/first-visit.yml:3"),
    ("maps/first-visit.yml", "  type: focused", "  type: narrow", "maps/first-visit.yml:5"),
    ("maps/first-visit.yml", "status: active", "status: live", "maps/first-visit.yml:10"),
    ("maps/first-visit.yml", "reviewed: 2026-10-01", "reviewed: 2026-10-41",
     "maps/first-visit.yml:11"),
    ("maps/first-visit.yml", "review_every_days: 60", "review_every_days: -60",
     "maps/first-visit.yml:12"),
    ("maps/first-visit.yml", "  - type: compliance-change", "  - type: compliance",
     "maps/first-visit.yml:15"),
    ("maps/first-visit.yml", "personas: [new-patient, care-coordinator]",
     "personas: [new-patient, nurse]", "maps/first-visit.yml:17"),
    ("maps/first-visit.yml", "  - id: search\n    phase: awareness\n",
     "  - id: search\n    phase: awarenes\n", "maps/first-visit.yml:21"),
    ("maps/first-visit.yml", "    touchpoint: landing-page", "    touchpoint: landing",
     "maps/first-visit.yml:25"),
    ("maps/first-visit.yml", "    backstage: [SEO content updated monthly]",
     "    backstage: SEO content updated monthly", "maps/first-visit.yml:27"),
    ("maps/first-visit.yml", "emotion: {score: 2,", "emotion: {score: 7,",
     "maps/first-visit.yml:28"),
    ("maps/first-visit.yml", "      progress: [landing_view]", "      progres: [landing_view]",
     "maps/first-visit.yml:34"),
    ("maps/first-visit.yml", "      cta: Check your symptoms", "      cta: [Check, symptoms]",
     "maps/first-visit.yml:42"),
    ("maps/first-visit.yml", "{to: care-ops, note:", "{to: care-team, note:",
     "maps/first-visit.yml:48"),
    ("maps/first-visit.yml", "    confidence: hypothesized", "    confidence: likely",
     "maps/first-visit.yml:54"),
    ("maps/first-visit.yml", "      channel: sms", "      channel: texting",
     "maps/first-visit.yml:62"),
    ("maps/first-visit.yml", "    confidence: known", "    confidence: known\n    loop: maybe",
     "maps/first-visit.yml:66"),
    ("maps/first-visit.yml", "    loop: true\n", "", "maps/first-visit.yml:67"),
    ("maps/first-visit.yml", "steps: [give-consent, first-visit/search]",
     "steps: [give-consent, first-visit/search/again]", "maps/first-visit.yml:76"),
    ("maps/first-visit.yml", "outcome: {metric: consent completion,", "outcome: {",
     "maps/first-visit.yml:78"),
    ("maps/first-visit.yml", "    status: planned", "    status: doing", "maps/first-visit.yml:80"),
    ("maps/first-visit.yml", "    owner: growth\n    impact: 2",
     "    owner: marketing\n    impact: 2", "maps/first-visit.yml:87"),
]


def test_spec_only_handbook_validates(minimal_dir: Path, run_check) -> None:
    code, out, err = run_check(DATA)
    assert code == 0, out + err
    assert out == "ok: 1 journeys, 2 personas, 4 steps, 2 opportunities, 0 errors\n"
    assert err == ""


@pytest.mark.parametrize("file, old, new, at", SPEC_FAULTS,
                         ids=[f"{i:02}-{a}" for i, (_, _, _, a) in enumerate(SPEC_FAULTS)])
def test_spec_only_handbook_single_fault(file: str, old: str, new: str, at: str,
                                         minimal_dir: Path) -> None:
    replace_once(minimal_dir / file, old, new)
    code, out, err = invoke(["check", DATA])
    assert "Traceback" not in out + err
    assert code == 1, out + err
    found = locations(out)
    assert f"{DATA}/{at}" in found, out
    # one fault, one place: every error it causes is in the file that holds it
    assert {loc.rsplit(":", 1)[0] for loc in found} == {f"{DATA}/{file}"}, out
