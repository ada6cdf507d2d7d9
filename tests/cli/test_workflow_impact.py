"""`journeys impact KIND ID`: what depends on a touchpoint, persona, phase, team or evidence."""

from __future__ import annotations

import pytest
from gitrepo import MAP, GitRepo


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    return GitRepo.with_handbook(tmp_path / "repo")


def test_touchpoint_lists_journeys_steps_opportunities_and_pages(repo):
    report = repo.journeys_json("impact", "touchpoint", "consent-form")
    assert [j["id"] for j in report["journeys"]] == ["first-visit"]
    assert [(s["id"], s["how"]) for s in report["steps"]] == [("give-consent", "uses it")]
    assert report["steps"][0]["url"] == "/journeys/first-visit/#give-consent"
    assert [o["id"] for o in report["opportunities"]] == ["shorter-consent"]
    assert "/touchpoints/" in report["pages"] and "/journeys/first-visit/" in report["pages"]


def test_a_barrier_at_a_touchpoint_counts_as_depending_on_it(repo):
    report = repo.journeys_json("impact", "touchpoint", "welcome-call")
    assert [(s["id"], s["how"]) for s in report["steps"]] == \
        [("give-consent", "names a barrier at it")]


def test_team_covers_owned_journeys_opportunities_steps_and_touchpoints(repo):
    report = repo.journeys_json("impact", "team", "care-ops")
    assert [(o["id"], o["how"]) for o in report["opportunities"]] == [
        ("shorter-consent", "owned by the team"), ("welcome-script", "on an affected step")]
    assert {(s["id"], s["how"]) for s in report["steps"]} == {
        ("give-consent", "receives the hand-off"), ("welcome", "acts")}
    assert report["touchpoints"] == ["consent-form"]
    growth = repo.journeys_json("impact", "team", "growth")
    assert [j["id"] for j in growth["journeys"]] == ["first-visit"]  # the owner
    assert [(o["id"], o["how"]) for o in growth["opportunities"]] == \
        [("welcome-script", "owned by the team")]


def test_persona_phase_and_evidence(repo):
    persona = repo.journeys_json("impact", "persona", "care-coordinator")
    assert [(s["id"], s["how"]) for s in persona["steps"]] == \
        [("welcome", "receives the hand-off")]
    assert "/personas/care-coordinator/" in persona["pages"]
    phase = repo.journeys_json("impact", "phase", "awareness")
    assert [s["id"] for s in phase["steps"]] == ["search", "recheck"]
    assert "/phases/awareness/" in phase["pages"]
    evidence = repo.journeys_json("impact", "evidence", "funnel-2026")
    assert [(s["id"], s["how"]) for s in evidence["steps"]] == [("search", "cites it")]
    assert [(o["id"], o["how"]) for o in evidence["opportunities"]] == \
        [("shorter-consent", "cites it")]
    assert "/evidence/" in evidence["pages"]


def test_unknown_id_suggests_the_nearest_and_exits_1(repo):
    result = repo.journeys("impact", "touchpoint", "consent-from")
    assert result.exit_code == 1
    assert "unknown touchpoint 'consent-from'" in result.stderr
    assert "did you mean 'consent-form'?" in result.stderr


def test_an_old_persona_id_resolves_through_its_alias(repo):
    repo.git("mv", "journeys/personas/new-patient.yml", "journeys/personas/patient.yml")
    repo.edit("journeys/personas/patient.yml", "name: New patient\n",
              "name: New patient\naliases: [new-patient]\n")
    repo.write(MAP, repo.read(MAP).replace("new-patient", "patient"))
    repo.commit("Rename the persona")
    report = repo.journeys_json("impact", "persona", "new-patient")
    assert (report["id"], report["requested"]) == ("patient", "new-patient")
    assert len(report["steps"]) == 3


def test_text_and_markdown(repo):
    text = repo.journeys("impact", "touchpoint", "consent-form").stdout
    assert text.startswith("What depends on touchpoint 'consent-form' (Consent form):")
    assert "  first-visit/give-consent  Reads and accepts the consent form  (uses it)" in text
    markdown = repo.journeys("impact", "touchpoint", "consent-form", "--format",
                             "markdown").stdout
    assert "### What depends on the touchpoint **Consent form** `consent-form`" in markdown
    assert "- `first-visit/give-consent` Reads and accepts the consent form: uses it" in markdown


def test_impact_predicts_the_pages_a_rename_changes(repo):
    """Every page `diff` shows changing after renaming the touchpoint was listed by `impact`."""
    predicted = set(repo.journeys_json("impact", "touchpoint", "consent-form")["pages"])
    repo.edit("journeys/touchpoints.yml", "name: Consent form", "name: Consent and privacy form")
    repo.commit("Rename the consent form")
    changed = {p["url"] for p in repo.journeys_json("diff", "HEAD~1", "HEAD")["pages"]
               if p["url"].endswith("/")}
    assert changed and changed <= predicted
