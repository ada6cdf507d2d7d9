"""Review due dates and states, and old-evidence detection, at fixed dates."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from helpers import FIXTURES
from journey_handbook.data.loader import load_handbook
from journey_handbook.data.reviews import (
    Trigger,
    review_status,
    review_statuses,
    stale_evidence,
)

MINIMAL = FIXTURES / "minimal"


@pytest.fixture(scope="module")
def handbook():
    result = load_handbook(MINIMAL)
    assert result.ok, result.diagnostics
    return result.handbook


# first-visit: reviewed 2026-10-01, every 60 days -> due 2026-11-30
@pytest.mark.parametrize(("today", "state", "days", "when"), [
    (date(2026, 10, 1), "fresh", 60, "due in 60 days"),
    (date(2026, 10, 30), "fresh", 31, "due in 31 days"),
    (date(2026, 10, 31), "due-soon", 30, "due in 30 days"),
    (date(2026, 11, 29), "due-soon", 1, "due in 1 day"),
    (date(2026, 11, 30), "due-soon", 0, "due today"),
    (date(2026, 12, 1), "stale", -1, "1 day overdue"),
    (date(2027, 1, 30), "stale", -61, "61 days overdue"),
])
def test_state_changes_at_due_date_and_30_days_before(handbook, today, state, days, when):
    status = review_status(handbook.journeys["first-visit"], today)
    assert status.due == date(2026, 11, 30)
    assert status.every_days == 60
    assert status.reviewed == date(2026, 10, 1)
    assert (status.state, status.days_until_due, status.when) == (state, days, when)
    # The same rule as the journey page's stale banner.
    assert (status.state == "stale") == handbook.journeys["first-visit"].is_stale(today)


def test_due_soon_window_is_configurable(handbook):
    journey = handbook.journeys["first-visit"]
    assert review_status(journey, date(2026, 10, 31), due_soon_days=7).state == "fresh"
    assert review_status(journey, date(2026, 11, 23), due_soon_days=7).state == "due-soon"


def test_owner_and_triggers_in_both_written_forms(handbook):
    status = review_status(handbook.journeys["first-visit"], date(2026, 10, 1))
    assert status.owner.id == "growth"
    assert status.triggers == (Trigger("product-change"),
                               Trigger("compliance-change", "New consent rules"))


def _two_journeys(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    # No review_every_days: the handbook's 90 days apply.
    (data / "maps/renewal.yml").write_text(
        "title: Renewal\nowner: care-ops\nreviewed: 2026-06-01\npersonas: [new-patient]\n"
        "steps:\n  - {id: renew, phase: onboarding, persona: new-patient, action: Renews}\n")
    return data


def test_statuses_sorted_most_overdue_first_with_default_cadence(tmp_path):
    handbook = load_handbook(_two_journeys(tmp_path)).handbook
    statuses = review_statuses(handbook, date(2026, 10, 1))
    assert [s.journey.id for s in statuses] == ["renewal", "first-visit"]
    renewal = statuses[0]
    assert (renewal.every_days, renewal.due, renewal.state) == (90, date(2026, 8, 30), "stale")


def test_evidence_is_old_only_past_max_age(handbook):
    # funnel-2026 was collected 2026-09-30; interviews-q3 has no date and is never "old".
    assert stale_evidence(handbook, date(2027, 9, 30), 365) == []
    assert [e.id for e in stale_evidence(handbook, date(2027, 10, 1), 365)] == ["funnel-2026"]
    assert [e.id for e in stale_evidence(handbook, date(2026, 10, 31), 30)] == ["funnel-2026"]
