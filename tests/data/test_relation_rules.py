"""Every rule of "Future state" and "Nested maps", one fault at a time, at its exact place.

Each test puts one fault into a copy of `tests/fixtures/spec-future` and checks the one
diagnostic: file, line, column, field path, message and hint (the nearest known ids).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, invoke, one_error, replace_once, write
from journey_handbook.data.diagnostics import Diagnostic
from journey_handbook.data.loader import load_handbook

FUTURE = "maps/home-care-next.yml"
FOCUSED = "maps/home-care-consent.yml"
CURRENT = "maps/home-care.yml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "journeys"
    shutil.copytree(FIXTURES / "spec-future", target)
    return target


def place(root: Path, rel: str, needle: str, word: str) -> tuple[str, int, int]:
    """(file, line, column) of `word` on the one line of `rel` that contains `needle`."""
    lines = (root / rel).read_text().splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}"
    return rel, hits[0], lines[hits[0] - 1].index(word) + 1


def where(root: Path, d: Diagnostic) -> tuple[str, int, int]:
    return Path(d.file).relative_to(root).as_posix(), d.line, d.column


def test_unknown_future_of_suggests_the_nearest_journey(root):
    replace_once(root / FUTURE, "future_of: home-care\n", "future_of: home-cares\n")
    d = one_error(root)
    assert where(root, d) == place(root, FUTURE, "future_of:", "home-cares")
    assert d.path == "future_of" and "unknown journey 'home-cares'" in d.message
    assert "did you mean 'home-care'" in d.hint


def test_future_of_naming_a_future_map(root):
    write(root, "maps/home-care-later.yml", (root / FUTURE).read_text().replace(
        "future_of: home-care\n", "future_of: home-care-next\n"))
    d = one_error(root)
    assert where(root, d) == place(root, "maps/home-care-later.yml", "future_of:",
                                   "home-care-next")
    assert "'home-care-next' is itself a future map" in d.message
    assert d.hint == "name the current map instead: future_of: home-care"


def test_future_of_cycle(root):
    replace_once(root / FUTURE, "future_of: home-care\n", "future_of: home-care-next\n")
    d = one_error(root)
    assert where(root, d) == place(root, FUTURE, "future_of:", "home-care-next")
    assert "cycle: home-care-next -> home-care-next" in d.message


def test_two_future_maps_naming_each_other_are_both_a_cycle(root):
    replace_once(root / FUTURE, "future_of: home-care\n", "future_of: home-care-after\n")
    write(root, "maps/home-care-after.yml", (root / FUTURE).read_text().replace(
        "future_of: home-care-after\n", "future_of: home-care-next\n"))
    found = load_handbook(root).diagnostics.errors
    assert sorted(where(root, d) for d in found) == [
        place(root, "maps/home-care-after.yml", "future_of:", "home-care-next"),
        place(root, FUTURE, "future_of:", "home-care-after")]
    assert all("cycle" in d.message for d in found)


def test_future_of_on_a_current_map(root):
    replace_once(root / FUTURE, "state: future\n", "")
    d = one_error(root)
    assert where(root, d) == place(root, FUTURE, "future_of:", "home-care")
    assert "on a current map" in d.message and "add `state: future`" in d.hint


def test_future_map_without_future_of(root):
    replace_once(root / FUTURE, "future_of: home-care\n", "")
    d = one_error(root)
    assert where(root, d) == place(root, FUTURE, "state: future", "state")
    assert "needs `future_of`" in d.message and "home-care" in d.hint


def test_unknown_delivered_by(root):
    replace_once(root / FUTURE, "delivered_by: [digital-consent]",
                 "delivered_by: [digital-consents]")
    d = one_error(root)
    assert where(root, d) == place(root, FUTURE, "digital-consents", "digital-consents")
    assert d.path == "steps[1].delivered_by[0]"
    assert "unknown opportunity 'digital-consents'" in d.message
    assert "did you mean 'digital-consent'" in d.hint


def test_part_of_on_an_end_to_end_map(root):
    replace_once(root / FOCUSED, "type: focused", "type: end-to-end")
    d = one_error(root)
    assert where(root, d) == place(root, FOCUSED, "part_of:", "part_of")
    assert "only a focused map may be `part_of`" in d.message


def test_part_of_pointing_at_a_focused_map(root):
    write(root, "maps/signing.yml", (root / FOCUSED).read_text()
          .replace("journey: home-care\n", "journey: home-care-consent\n")
          .replace("from: sign-consent", "from: read-form")
          .replace("to: prove-identity", "to: sign-form"))
    d = one_error(root)
    assert where(root, d) == place(root, "maps/signing.yml", "journey: home-care-consent",
                                   "home-care-consent")
    assert "'home-care-consent' is not an end-to-end map" in d.message
    assert "home-care" in d.hint


def test_part_of_unknown_journey_and_step(root):
    replace_once(root / FOCUSED, "journey: home-care\n", "journey: homecare\n")
    d = one_error(root)
    assert where(root, d) == place(root, FOCUSED, "journey: homecare", "homecare")
    assert "did you mean 'home-care'" in d.hint
    replace_once(root / FOCUSED, "journey: homecare\n", "journey: home-care\n")
    replace_once(root / FOCUSED, "from: sign-consent", "from: sign-consnt")
    d = one_error(root)
    assert where(root, d) == place(root, FOCUSED, "from: sign-consnt", "sign-consnt")
    assert d.path == "part_of.from" and "did you mean 'sign-consent'" in d.hint


def test_part_of_from_after_to(root):
    replace_once(root / FOCUSED, "from: sign-consent", "from: book-visit")
    d = one_error(root)
    assert where(root, d) == place(root, FOCUSED, "to: prove-identity", "prove-identity")
    assert "comes before `from: book-visit`" in d.message and d.hint == "swap `from` and `to`"


def test_part_of_unknown_field_names_from_as_written(root):
    replace_once(root / FOCUSED, "from: sign-consent", "form: sign-consent")
    found = load_handbook(root).diagnostics.errors
    unknown = next(d for d in found if "unknown field" in d.message)
    assert "'from'" in unknown.hint and "from_" not in unknown.hint


def test_relations_resolve_through_journey_aliases(root):
    """A renamed current map keeps its future and focused maps (old id as an alias)."""
    (root / CURRENT).rename(root / "maps/home-care-now.yml")
    replace_once(root / "maps/home-care-now.yml", "title: Home care today\n",
                 "title: Home care today\naliases: [home-care]\n")
    result = load_handbook(root)
    assert result.diagnostics.errors == []
    now = result.handbook.journeys["home-care-now"]
    assert [j.id for j in now.futures] == ["home-care-next"]
    assert [j.id for j in now.focused] == ["home-care-consent"]


def test_check_prints_relation_errors_with_location(root, monkeypatch):
    monkeypatch.chdir(root.parent)
    replace_once(root / FUTURE, "future_of: home-care\n", "future_of: home-cares\n")
    code, out, err = invoke(["check"])
    line = place(root, FUTURE, "future_of:", "home-cares")
    assert code == 1
    assert f"journeys/{FUTURE}:{line[1]}:{line[2]}: error: unknown journey 'home-cares'" \
        in out + err


def test_compare_and_future_step_ids_are_reserved_only_where_the_page_uses_them(root):
    replace_once(root / FUTURE, "  - id: get-reminder\n", "  - id: compare\n")
    d = one_error(root)
    assert where(root, d) == place(root, FUTURE, "- id: compare", "compare")
    assert "reserved on this map" in d.message
    replace_once(root / FUTURE, "  - id: compare\n", "  - id: get-reminder\n")
    replace_once(root / CURRENT, "  - id: prove-identity\n", "  - id: future\n")
    replace_once(root / FOCUSED, "to: prove-identity", "to: future")
    d = one_error(root)
    assert where(root, d) == place(root, CURRENT, "- id: future", "future")


def test_compare_and_future_step_ids_are_free_on_other_maps(root):
    # a current map may have a step `compare`; a map without future maps a step `future`
    replace_once(root / CURRENT, "  - id: book-visit\n", "  - id: compare\n")
    replace_once(root / FOCUSED, "  - id: read-form\n", "  - id: future\n")
    found = load_handbook(root).diagnostics.errors
    assert [d.text() for d in found if "reserved" in d.message] == []
