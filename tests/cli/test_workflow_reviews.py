"""`journeys reviews` and `journeys check --fail-stale` in a real git repository.

Due dates of the handbook built below (reviewed + every_days):
  old-draft    2025-04-01  draft: listed, but never fails a check
  renewal      2026-08-30  active, care-ops (no github handle)
  first-visit  2026-11-30  active, growth, every 60 days (the fixture)
  intake       2027-05-14  active, growth, every 180 days
  retired      2024-03-31  archived: not listed unless --include-archived
"""

from __future__ import annotations

import pytest
from gitrepo import GitRepo


def journey(title: str, owner: str, reviewed: str, *, every: int | None = None,
            status: str = "active", triggers: str = "") -> str:
    return (f"title: {title}\nowner: {owner}\nstatus: {status}\nreviewed: {reviewed}\n"
            + (f"review_every_days: {every}\n" if every else "")
            + (f"triggers: {triggers}\n" if triggers else "")
            + "personas: [new-patient]\nsteps:\n  - id: start\n    phase: awareness\n"
              "    persona: new-patient\n    action: Starts\n")


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    repo = GitRepo.with_handbook(tmp_path / "repo")
    repo.write("journeys/maps/renewal.yml",
               journey("Renewal", "care-ops", "2026-06-01", triggers="[pricing-change]"))
    repo.write("journeys/maps/intake.yml", journey("Intake", "growth", "2026-11-15", every=180))
    repo.write("journeys/maps/old-draft.yml",
               journey("Old draft", "growth", "2025-01-01", status="draft"))
    repo.write("journeys/maps/retired.yml",
               journey("Retired", "growth", "2024-01-01", status="archived"))
    repo.commit("More journeys")
    return repo


def ids(report: dict) -> list[str]:
    return [j["id"] for j in report["journeys"]]


def test_journeys_are_listed_by_due_date_without_archived_ones(repo):
    report = repo.journeys_json("reviews", "--today", "2026-11-29")
    assert ids(report) == ["old-draft", "renewal", "first-visit", "intake"]
    first = report["journeys"][2]
    assert (first["due"], first["days_until_due"], first["state"]) == ("2026-11-30", 1, "due-soon")
    assert first["owner"] == {"id": "growth", "name": "Growth", "github": "@acme/growth"}
    assert first["triggers"] == [{"type": "product-change", "note": None},
                                 {"type": "compliance-change", "note": "New consent rules"}]
    archived = repo.journeys_json("reviews", "--today", "2026-11-29", "--include-archived")
    assert ids(archived)[0] == "retired"


def test_due_within_keeps_overdue_and_soon_due_journeys(repo):
    report = repo.journeys_json("reviews", "--today", "2026-11-29", "--due-within", "30")
    assert ids(report) == ["old-draft", "renewal", "first-visit"]
    assert report["due_by"] == "2026-12-29"
    text = repo.journeys("reviews", "--today", "2026-11-29", "--due-within", "0").stdout
    assert "first-visit" not in text  # due tomorrow, not within 0 days
    assert "renewal" in text


def test_today_decides_what_is_stale(repo):
    before = repo.journeys_json("reviews", "--today", "2026-11-30")
    after = repo.journeys_json("reviews", "--today", "2026-12-01")
    state = {j["id"]: j["state"] for j in before["journeys"]}
    assert state["first-visit"] == "due-soon"  # due today is not yet stale
    assert {j["id"]: j["state"] for j in after["journeys"]}["first-visit"] == "stale"


def test_text_and_markdown_show_owner_triggers_and_when(repo):
    text = repo.journeys("reviews", "--today", "2026-11-29").stdout
    line = next(x for x in text.splitlines() if "renewal" in x)
    assert line.split()[:2] == ["stale", "2026-08-30"]
    assert "91 days overdue" in line and "Care operations" in line and "pricing-change" in line
    markdown = repo.journeys("reviews", "--today", "2026-11-29", "--format", "markdown").stdout
    assert ("- [ ] **First visit** `first-visit`: due soon, due 2026-11-30 (due in 1 day); "
            "owner Growth @acme/growth; review also on `product-change`, "
            "`compliance-change` (New consent rules)") in markdown
    assert "- [ ] **Renewal** `renewal`: **stale**, due 2026-08-30" in markdown


def test_old_evidence_is_flagged_by_a_configurable_age(repo):
    report = repo.journeys_json("reviews", "--today", "2027-10-01")
    assert [e["id"] for e in report["stale_evidence"]] == ["funnel-2026"]  # 366 days old
    assert report["stale_evidence"][0]["steps"] == ["first-visit/search"]
    assert repo.journeys_json("reviews", "--today", "2027-10-01", "--evidence-max-age",
                              "400")["stale_evidence"] == []
    text = repo.journeys("reviews", "--today", "2027-10-01").stdout
    assert "Evidence older than 365 days (1):" in text
    assert "funnel-2026" in text and "366 days ago" in text


def test_fail_stale_fails_only_for_active_stale_journeys(repo):
    plain = repo.journeys("check", "--today", "2026-11-29")
    assert plain.exit_code == 0  # time passing never fails a plain check
    strict = repo.journeys("check", "--fail-stale", "--today", "2026-11-29")
    assert strict.exit_code == 1
    assert "review overdue: 'Renewal' was due 2026-08-30" in strict.stdout
    assert "Old draft" not in strict.stdout and "Retired" not in strict.stdout
    assert repo.journeys("check", "--fail-stale", "--today", "2026-08-30").exit_code == 0


def test_fail_stale_passes_again_after_a_review_is_committed(repo):
    assert repo.journeys("check", "--fail-stale", "--today", "2026-11-29").exit_code == 1
    repo.edit("journeys/maps/renewal.yml", "reviewed: 2026-06-01", "reviewed: 2026-11-20")
    repo.commit("Review the renewal journey")
    result = repo.journeys("check", "--fail-stale", "--today", "2026-11-29")
    assert result.exit_code == 0, result.output


def test_fail_stale_annotations_point_at_the_reviewed_line(repo):
    result = repo.journeys("check", "--fail-stale", "--today", "2026-11-29", "--format",
                           "github")
    lines = repo.read("journeys/maps/renewal.yml").splitlines()
    line_no = lines.index("reviewed: 2026-06-01") + 1
    assert f"::error file=journeys/maps/renewal.yml,line={line_no},col=1::review overdue" \
        in result.stdout


def test_old_evidence_is_a_warning_under_fail_stale(repo):
    repo.edit("journeys/maps/renewal.yml", "reviewed: 2026-06-01", "reviewed: 2027-09-01")
    repo.edit("journeys/maps/first-visit.yml", "reviewed: 2026-10-01", "reviewed: 2027-09-01")
    repo.edit("journeys/maps/intake.yml", "reviewed: 2026-11-15", "reviewed: 2027-09-01")
    repo.commit("Reviews done")
    result = repo.journeys("check", "--fail-stale", "--today", "2027-10-01")
    assert result.exit_code == 0, result.output
    assert "warning: evidence 'funnel-2026' was collected 366 days ago" in result.stdout
    assert "1 warning" in result.stdout
