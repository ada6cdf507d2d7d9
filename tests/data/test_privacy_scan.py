"""The privacy guard over data files: which fields are free text, exact positions in every
scalar style, accepting a finding, and the CSV note cell entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
from journey_handbook.data import schema
from journey_handbook.data.diagnostics import Diagnostics, Severity
from journey_handbook.data.privacy_scan import PrivacyScan, free_text
from journey_handbook.data.yamlsource import read_yaml


def scan(tmp_path: Path, text: str, model=schema.PersonaFile, mode: str = "error",
         newline: str = "\n"):
    file = tmp_path / "p.yml"
    file.write_bytes(text.replace("\n", newline).encode("utf-8"))
    diags = Diagnostics()
    source = read_yaml(file, "p.yml", diags)
    assert source is not None, diags.sorted()
    privacy = PrivacyScan(diags, mode)
    privacy.source(source, model)
    return diags.sorted(), privacy.accepted


def where(diags) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.kind or d.message) for d in diags]


# --- which values are free text ---------------------------------------------------------------

def test_ids_enums_dates_numbers_and_links_are_not_free_text(minimal_dir: Path):
    diags = Diagnostics()
    journey = read_yaml(minimal_dir / "maps/first-visit.yml", "j.yml", diags)
    paths = {p for p, _ in free_text(schema.JourneyFile, journey.data)}
    for free in [("title",), ("summary",), ("steps", 0, "action"), ("steps", 0, "why"),
                 ("steps", 0, "evidence", 0, "note"), ("steps", 0, "barriers", 0),
                 ("steps", 1, "barriers", 0, "text"), ("steps", 1, "handoff", "note"),
                 ("steps", 0, "emotion", "feeling"), ("steps", 2, "touchpoint", "name"),
                 ("triggers", 1, "note"), ("opportunities", 0, "outcome", "metric"),
                 ("opportunities", 0, "links", 0), ("assumptions", 0)]:
        assert free in paths
    for fixed in [("owner",), ("reviewed",), ("status",), ("personas", 0), ("triggers", 0),
                  ("steps", 0, "id"), ("steps", 0, "phase"), ("steps", 0, "persona"),
                  ("steps", 0, "touchpoint"), ("steps", 0, "emotion", "score"),
                  ("steps", 2, "touchpoint", "channel"), ("opportunities", 0, "steps", 0),
                  ("opportunities", 0, "outcome", "by"), ("opportunities", 0, "impact"),
                  ("steps", 3, "loop"), ("steps", 3, "aliases", 0)]:
        assert fixed not in paths
    evidence = read_yaml(minimal_dir / "evidence.yml", "e.yml", diags)
    paths = {p for p, _ in free_text(schema.EvidenceFile, evidence.data)}
    assert (0, "summary") in paths and (0, "title") in paths
    assert (0, "link") not in paths and (0, "collected") not in paths


def test_values_under_unknown_keys_are_scanned(tmp_path: Path):
    found, _ = scan(tmp_path, "name: Nurse lead\nnotes: call 412-837-2291\n")
    assert where(found) == [(2, 13, "phone")]


# --- positions in every scalar style -------------------------------------------------------------

@pytest.mark.parametrize("yaml_text, line, column", [
    ("name: X\nrole: Call 412-837-2291 today\n", 2, 12),
    ("name: X\nrole: 'It''s 412-837-2291'\n", 2, 14),
    ('name: X\nrole: "Tab\\there \\"q\\" \\u00e9 412-837-2291"\n', 2, 31),
    ("name: X\nrole: |\n  first line\n    indented 412-837-2291\n", 4, 14),
    ("name: X\nrole: >-\n  folded text\n  then 412-837-2291\n", 4, 8),
    ("name: X\nrole: plain text that\n  continues 412-837-2291\n", 3, 13),
    ('name: X\nrole: "quoted that \\\n  continues 412-837-2291"\n', 3, 13),
    ("name: X\ntasks: [one, 'two', call 412-837-2291]\n", 2, 26),
    ("name: X\nrole: &r Call 412-837-2291\n", 2, 15),
    ("name: X\nrole: |+2\n    kept 412-837-2291\n\n", 3, 10),
])
def test_position_is_the_match_inside_the_scalar(tmp_path, yaml_text, line, column):
    found, _ = scan(tmp_path, yaml_text)
    assert where(found) == [(line, column, "phone")]
    text_line = yaml_text.splitlines()[line - 1]
    assert text_line[column - 1:].startswith("412"), text_line


def test_positions_with_windows_line_endings(tmp_path):
    found, _ = scan(tmp_path, "name: X\nrole: |\n  a\n  b 412-837-2291\n", newline="\r\n")
    assert where(found) == [(4, 5, "phone")]


def test_span_ends_after_the_match_and_spans_lines(tmp_path):
    found, _ = scan(tmp_path, "name: X\nrole: plain Maria\n  Gonzalez, 67, with COPD\n")
    [d] = found
    assert (d.line, d.column, d.span) == (2, 13, (2, 13, 3, 11))


def test_several_findings_in_one_value(tmp_path):
    found, _ = scan(tmp_path, "name: X\nrole: 'a@gmail.com or 412-837-2291'\n")
    assert where(found) == [(2, 8, "email"), (2, 23, "phone")]


# --- accepting a finding -------------------------------------------------------------------------

def test_a_reason_accepts_the_finding_on_its_line(tmp_path):
    found, accepted = scan(tmp_path, "name: X\nrole: Call 1-800-633-4227  "
                                     "# privacy: ok - public Medicare line\n")
    assert found == []
    [a] = accepted
    assert (a.line, a.column, a.kind, a.text, a.reason, a.path) == \
        (2, 12, "phone", "1-800-633-4227", "public Medicare line", "role")


def test_an_empty_reason_is_an_error_and_accepts_nothing(tmp_path):
    for marker in ("# privacy: ok", "# privacy: ok -", "#privacy: ok - "):
        found, accepted = scan(tmp_path, f"name: X\nrole: Call 412-837-2291  {marker}\n")
        assert accepted == []
        assert where(found) == [(2, 12, "phone"),
                                (2, 26, "a privacy exception needs a reason after 'ok -'")]
        assert "gives no reason" in found[0].hint


def test_a_comment_on_another_line_does_not_accept(tmp_path):
    found, accepted = scan(tmp_path, "name: X  # privacy: ok - not here\n"
                                     "role: Call 412-837-2291\n")
    assert accepted == []
    assert where(found) == [(1, 10, "this privacy exception accepts nothing"),
                            (2, 12, "phone")]
    assert found[0].severity is Severity.WARNING


def test_block_scalar_is_accepted_after_its_indicator_not_inside(tmp_path):
    found, accepted = scan(tmp_path, "name: X\nrole: |  # privacy: ok - made-up example\n"
                                     "  Call 412-837-2291\n")
    assert found == [] and [a.line for a in accepted] == [3]
    found, accepted = scan(tmp_path, "name: X\nrole: |\n  Call 412-837-2291  "
                                     "# privacy: ok - inside the text\n")
    assert accepted == []
    assert where(found) == [(3, 8, "phone"), (3, 22, "this privacy exception accepts nothing")]


def test_multi_line_quoted_value_is_accepted_where_it_ends(tmp_path):
    found, accepted = scan(tmp_path, "name: X\nrole: 'Call 412-837-2291\n"
                                     "  now'  # privacy: ok - test line\n")
    assert found == [] and [(a.line, a.column) for a in accepted] == [(2, 13)]


def test_a_marker_inside_a_quoted_value_is_text(tmp_path):
    found, accepted = scan(tmp_path, "name: X\nrole: 'Call 412-837-2291 # privacy: ok - x'\n")
    assert accepted == [] and where(found)[0] == (2, 13, "phone")


def test_other_comments_about_privacy_are_left_alone(tmp_path):
    found, _ = scan(tmp_path, "# privacy: reviewed by legal in 2026\nname: X\n")
    assert found == []


# --- modes --------------------------------------------------------------------------------------

def test_warn_mode_reports_warnings_and_off_mode_nothing(tmp_path):
    text = "name: X\nrole: Call 412-837-2291\n"
    found, _ = scan(tmp_path, text, mode="warn")
    assert [d.severity for d in found] == [Severity.WARNING]
    assert scan(tmp_path, text, mode="off") == ([], [])
    with pytest.raises(ValueError):
        PrivacyScan(Diagnostics(), "loud")


# --- CSV note cells (measurements/<metric>.csv) -------------------------------------------------

def test_csv_note_cell_reports_at_the_match():
    diags = Diagnostics()
    privacy = PrivacyScan(diags)
    note = privacy.csv_note("Spike after member called from 412-837-2291",
                            "journeys/measurements/intake-rate.csv", 5, 21)
    assert note == "Spike after member called from 412-837-2291"
    [d] = diags.sorted()
    assert (d.file, d.line, d.column, d.kind, d.path) == \
        ("journeys/measurements/intake-rate.csv", 5, 52, "phone", "note")
    assert d.span == (5, 52, 5, 64)


def test_csv_quoted_note_cell_with_doubled_quotes_and_a_line_break():
    diags = Diagnostics()
    privacy = PrivacyScan(diags)
    raw = '"Member said ""call me""\nat 412-837-2291",extra\n'
    privacy.csv_note('Member said "call me"\nat 412-837-2291', "m.csv", 7, 12, raw=raw)
    [d] = diags.sorted()
    assert (d.line, d.column) == (8, 4)


def test_csv_note_cell_accepted_by_a_marker_at_its_end():
    diags = Diagnostics()
    privacy = PrivacyScan(diags)
    note = privacy.csv_note("Campaign line 1-800-633-4227 # privacy: ok - public line",
                            "m.csv", 3, 20)
    assert note == "Campaign line 1-800-633-4227"
    assert diags.sorted() == []
    [a] = privacy.accepted
    assert (a.file, a.line, a.column, a.reason) == ("m.csv", 3, 34, "public line")


def test_csv_note_cell_marker_without_reason():
    diags = Diagnostics()
    PrivacyScan(diags).csv_note("call 412-837-2291 # privacy: ok", "m.csv", 3, 20)
    assert [(d.line, d.column, d.kind or d.message) for d in diags.sorted()] == [
        (3, 25, "phone"), (3, 38, "a privacy exception needs a reason after 'ok -'")]
