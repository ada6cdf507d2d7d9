"""The privacy guard reads measurement notes too: a CSV `note` cell is free text that ends up
on the metric page, so personal data in it is reported at the exact cell position."""

from __future__ import annotations

import shutil

from helpers import FIXTURES, diagnostics, invoke
from journey_handbook.data.loader import load_handbook

CSV = "measurements/time-to-first-call.csv"
HEADER = "date,value,note\n2026-09-30,30,\n"


def handbook_with_notes(tmp_path, rows: str):
    data = tmp_path / "journeys"
    shutil.copytree(FIXTURES / "measures", data)
    (data / CSV).write_text(HEADER + rows, encoding="utf-8")
    return data


def test_a_phone_number_in_a_plain_note_is_reported_at_the_number(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = handbook_with_notes(tmp_path, "2026-10-31,26,Member asked for a call on 412-837-2291\n")
    code, out, _err = invoke(["check", str(data)])
    assert code == 1
    (found,) = [d for d in diagnostics(out) if d["file"].endswith(CSV)]
    column = len("2026-10-31,26,Member asked for a call on ") + 1
    assert (found["line"], found["column"]) == ("3", str(column))
    assert "837-2291" not in out  # the report never repeats the personal data


def test_a_quoted_note_is_reported_inside_its_quotes(tmp_path):
    data = handbook_with_notes(
        tmp_path, '2026-10-31,26,"Ticket from jo.member@northwindmail.com, escalated"\n')
    result = load_handbook(data)
    (found,) = [d for d in result.diagnostics.errors if d.file.endswith(CSV)]
    assert (found.line, found.column) == (3, len('2026-10-31,26,"Ticket from ') + 1)


def test_an_accepted_note_loads_without_its_marker(tmp_path):
    data = handbook_with_notes(
        tmp_path, "2026-10-31,26,Call 1-800-555-0188 staffed # privacy: ok - public line\n"
        "2026-11-30,20,Front desk 412-837-2291 # privacy: ok - clinic front desk is public\n")
    result = load_handbook(data)
    assert result.ok
    notes = [o.note for o in result.handbook.metrics["time-to-first-call"].observations()]
    assert notes[-1] == "Front desk 412-837-2291"
    assert any(a.file.endswith(CSV) and a.reason == "clinic front desk is public"
               for a in result.accepted)


def test_notes_are_not_scanned_with_privacy_off(tmp_path):
    data = handbook_with_notes(tmp_path, "2026-10-31,26,Call 412-837-2291\n")
    assert load_handbook(data, privacy="off").ok
