"""reviews, diff, impact and new for measures (issue 9), in real temporary git repositories
holding tests/fixtures/measures (made-up data)."""

from __future__ import annotations

import pytest
import yaml
from gitrepo import MAP, MEASURES, GitRepo
from journey_handbook.data.schema import Metric

CONSENT_CSV = "journeys/measurements/consent-completion.csv"
TODAY = ("--today", "2026-12-01")


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    return GitRepo.with_handbook(tmp_path / "repo", source=MEASURES)


# --- reviews ---------------------------------------------------------------------------------


def test_reviews_lists_retriage_with_reasons_and_regulated_gaps(repo):
    repo.edit(MAP, "participants: [growth, care-ops, privacy-office]",
              "participants: [growth, care-ops]")
    report = repo.journeys_json("reviews", *TODAY)
    (retriage,) = report["needs_retriage"]
    assert (retriage["id"], retriage["triaged"], retriage["url"]) == \
        ("shorter-consent", "2026-10-15", "/backlog/#shorter-consent")
    assert retriage["reasons"] == ["4 new observations of metric 'consent-completion' since "
                                   "triaged on 2026-10-15 (latest 2026-11-30)"]
    (gap,) = report["regulated_review_gaps"]
    assert gap == {"id": "first-visit", "title": "First visit", "latest_review": "2026-10-01",
                   "participants": ["growth", "care-ops"], "regulated_steps": ["give-consent"],
                   "url": "/journeys/first-visit/"}
    text = repo.journeys("reviews", *TODAY).stdout
    assert "Opportunities that need re-triage (1):" in text
    assert "  shorter-consent  Shorter consent form  (owner Care operations; triaged " \
           "2026-10-15)" in text
    assert "Maps whose regulated steps lacked a compliance or privacy reviewer (1):" in text
    markdown = repo.journeys("reviews", *TODAY, "--format", "markdown").stdout
    assert "### Opportunities that need re-triage" in markdown
    assert "- [ ] **Shorter consent form** `shorter-consent`" in markdown
    assert "### Regulated steps without a compliance or privacy reviewer" in markdown


def test_reviews_without_anything_to_retriage(repo):
    repo.edit(MAP, "triaged: 2026-10-15", "triaged: 2026-12-01")
    report = repo.journeys_json("reviews", *TODAY)
    assert report["needs_retriage"] == [] and report["regulated_review_gaps"] == []
    assert "re-triage" not in repo.journeys("reviews", *TODAY).stdout


# --- diff ------------------------------------------------------------------------------------


def test_diff_reports_observations_target_reached_and_a_concluding_experiment(repo):
    repo.write(CONSENT_CSV, repo.read(CONSENT_CSV) + "2026-12-31,81.0,web,\n2026-12-31,79,app,\n")
    repo.edit(MAP, "        status: running",
              "        status: concluded\n        end: 2026-11-30\n        result: Fewer drop-offs")
    repo.commit("December numbers; the video test is over")
    report = repo.journeys_json("diff", "HEAD~1", "HEAD", *TODAY)
    (obs,) = report["observations"]
    assert (obs["metric"], obs["added"], obs["segments"], obs["latest_date"]) == \
        ("consent-completion", 2, ["app", "web"], "2026-12-31")
    assert obs["latest"] == {"from": 68.0, "to": 81.0}
    (reached,) = report["targets_reached"]
    assert (reached["metric"], reached["segment"], reached["value"], reached["target"]) == \
        ("consent-completion", "web", 81.0, 80.0)
    (exp,) = report["experiments"]
    assert (exp["id"], exp["status_change"], exp["concluded"], exp["fields"]) == \
        ("consent-video", {"from": "running", "to": "concluded"}, True, ["end", "result"])
    summary = report["summary"]
    assert (summary["observations_added"], summary["targets_reached"],
            summary["experiments_concluded"]) == (2, 1, 1)
    # experiments are not also reported as a changed opportunity field
    assert all("experiments" not in o["fields"] for o in report["opportunities"])
    markdown = repo.journeys("diff", "HEAD~1", "HEAD", *TODAY).stdout
    assert "**Observations** 2 new" in markdown and "**Targets** 1 reached" in markdown
    assert "- **Consent completion rate** `consent-completion` (segment web): 81 on " \
           "2026-12-31, at or above its target 80" in markdown
    assert "| `consent-video` | `consent-drop-off` | `shorter-consent` | status running → " \
           "**concluded**; changed `end`, `result` |" in markdown


def test_diff_reports_metric_edits_and_a_retriage_becoming_due(repo):
    repo.edit("journeys/metrics.yml", "  target: 12000", "  target: 11000")
    repo.write("journeys/measurements/time-to-first-call.csv",
               repo.read("journeys/measurements/time-to-first-call.csv") + "2026-11-30,25,\n")
    repo.commit("A new month of call times")
    report = repo.journeys_json("diff", "HEAD~1", "HEAD", *TODAY)
    (changed,) = report["metrics"]["changed"]
    assert (changed["id"], changed["fields"]) == ("landing-visits", ["target"])
    (due,) = report["retriage_due"]
    assert due["id"] == "welcome-script"
    assert due["reasons"] == ["1 new observation of metric 'time-to-first-call' since "
                              "triaged on 2026-11-05 (latest 2026-11-30)"]
    markdown = repo.journeys("diff", "HEAD~1", *TODAY).stdout
    assert "### Re-triage now due" in markdown and "`welcome-script`" in markdown
    assert "- Changed **Landing page visits** `landing-visits`: `target`" in markdown


def test_diff_metric_renamed_through_aliases_keeps_its_series(repo):
    repo.edit("journeys/metrics.yml", "- id: landing-visits\n",
              "- id: landing-page-visits\n  aliases: [landing-visits]\n")
    repo.git("mv", "journeys/measurements/landing-visits.csv",
             "journeys/measurements/landing-page-visits.csv")
    repo.commit("Clearer metric id")
    report = repo.journeys_json("diff", "HEAD~1", "HEAD", *TODAY)
    (renamed,) = report["metrics"]["changed"]
    assert (renamed["id"], renamed["renamed_from"]) == ("landing-page-visits", "landing-visits")
    assert report["observations"] == []  # the same observations, under the new id


# --- impact ----------------------------------------------------------------------------------


def test_impact_of_a_metric(repo):
    report = repo.journeys_json("impact", "metric", "consent-completion", *TODAY)
    assert [s["id"] for s in report["steps"]] == ["give-consent"]
    assert report["steps"][0]["how"] == "names it in metrics.progress"
    assert [j["id"] for j in report["journeys"]] == ["first-visit"]
    (opp,) = report["opportunities"]
    assert (opp["id"], opp["how"]) == ("shorter-consent", "its outcome; experiment "
                                       "'plain-language-consent' (concluded)")
    assert [(p["id"], p["how"]) for p in report["phases"]] == [("consent",
                                                               "the phase it judges")]
    assert [e["id"] for e in report["experiments"]] == ["plain-language-consent"]
    assert report["experiments"][0]["url"] == \
        "/metrics/consent-completion/#plain-language-consent"
    assert "/journeys/first-visit/" in report["pages"] and "/backlog/" in report["pages"]


def test_impact_of_a_metric_by_its_old_id_and_an_unknown_one(repo):
    text = repo.journeys("impact", "metric", "consent-rate", *TODAY).stdout
    assert text.startswith("What depends on metric 'consent-completion' (Consent completion "
                           "rate) (old id 'consent-rate'):")
    result = repo.journeys("impact", "metric", "consent-complete", *TODAY)
    assert result.exit_code == 1
    assert "unknown metric 'consent-complete': did you mean 'consent-completion'" in \
        result.stderr


def test_impact_of_a_phase_named_metric(repo):
    report = repo.journeys_json("impact", "metric", "landing-visits", *TODAY)
    assert [(p["id"], p["how"]) for p in report["phases"]] == [
        ("awareness", "the phase it judges; names it in its metrics")]
    assert report["opportunities"][0]["how"] == "on an affected step"


# --- new metric ------------------------------------------------------------------------------


def test_new_metric_appends_without_disturbing_comments(repo):
    before = repo.read("journeys/metrics.yml")
    result = repo.journeys("new", "metric", "booking-rate", "--phase", "onboarding",
                           "--direction", "up", "--unit", "percent", "--owner", "growth")
    assert result.exit_code == 0, result.output
    after = repo.read("journeys/metrics.yml")
    assert after.startswith(before)  # comments and entries stay as written
    entries = yaml.safe_load(after)
    assert entries[-1] == {"id": "booking-rate", "name": "Booking rate", "phase": "onboarding",
                           "direction": "up", "unit": "percent", "owner": "growth"}
    assert repo.read("journeys/measurements/booking-rate.csv") == "date,value,segment,note\n"
    check = repo.journeys("check")
    assert check.exit_code == 0 and "error" not in check.stdout.replace("0 errors", "")


def test_new_metric_creates_metrics_yml_and_every_commented_field_is_valid(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")  # the minimal handbook: no metrics.yml
    result = repo.journeys("new", "metric", "landing-visits", "--direction", "up")
    assert result.exit_code == 0, result.output
    text = repo.read("journeys/metrics.yml")
    assert text.startswith("# yaml-language-server: $schema=../schemas/metrics.schema.json\n")
    assert yaml.safe_load(text)[0]["phase"] == "awareness"  # the first phase
    uncommented = "\n".join(line.replace("# ", "", 1) if line.startswith("  # ") else line
                            for line in text.splitlines()) + "\n"
    uncommented = uncommented.replace("source: evidence-id", "source: funnel-2026")
    uncommented = uncommented.replace("owner: team-id", "owner: growth")
    uncommented = uncommented.replace("journeys: [journey-id]", "journeys: [first-visit]")
    repo.write("journeys/metrics.yml", uncommented)
    assert repo.journeys("check").exit_code == 0, repo.journeys("check").output
    assert set(Metric.model_fields) - {"aliases"} <= set(yaml.safe_load(uncommented)[0])


def test_new_metric_refuses_taken_ids_and_unknown_phases(repo):
    for args, message in [
        (["consent-completion"], "metric 'consent-completion' already exists"),
        (["consent-rate"], "is an old id (alias) of metric 'consent-completion'"),
        (["x-rate", "--phase", "onbording"], "unknown phase 'onbording': did you mean "
                                             "'onboarding'?"),
    ]:
        result = repo.journeys("new", "metric", *args, "--direction", "down")
        assert result.exit_code == 1 and message in result.stderr, result.output
    assert repo.journeys("new", "metric", "x-rate").exit_code == 2  # --direction is required
    assert repo.git("status", "--porcelain") == ""  # nothing was written


def test_new_metric_keeps_an_existing_export(repo):
    repo.write("journeys/measurements/call-rate.csv", "date,value\n2026-11-30,12\n")
    result = repo.journeys("new", "metric", "call-rate", "--phase", "onboarding",
                           "--direction", "up")
    assert result.exit_code == 0, result.output
    assert repo.read("journeys/measurements/call-rate.csv") == "date,value\n2026-11-30,12\n"
