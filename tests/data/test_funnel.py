"""Funnels: the model's rules, the checks `journeys check` runs on `funnel`, and `journeys diff`
(tests/fixtures/spec-funnels, copied so that each test can change it)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from gitrepo import GitRepo
from helpers import FIXTURES, diagnostics, load, replace_once, write
from journey_handbook.data.funnel import funnel, funnel_journeys, stage_sources, worst_first

SOURCE = FIXTURES / "spec-funnels"
ENROL = "journeys/maps/enrol.yml"


@pytest.fixture
def data(workdir: Path) -> Path:
    target = workdir / "journeys"
    shutil.copytree(SOURCE, target)
    return target


# --- the model --------------------------------------------------------------------------------

def test_stages_are_each_steps_first_count_metric_in_step_order(data):
    hb = load(data)
    sources = stage_sources(hb.journeys["enrol"])
    # give-consent lists the percent `consent-share` first: its first *count* metric counts
    assert [(s.step.id, s.metric.id) for s in sources] == [
        ("find-service", "visits"), ("create-account", "signups"),
        ("give-consent", "consents"), ("first-call", "first-calls")]


def test_funnel_stages_override_the_order_and_the_date_is_the_latest_common_one(data):
    replace_once(data / "maps/enrol.yml", "opportunities:",
                 "funnel:\n  stages: [visits, consents]\nopportunities:")
    shown = funnel(load(data).journeys["enrol"])
    assert [s.metric.id for s in shown.stages] == ["visits", "consents"]
    assert shown.date == date(2026, 3, 31)  # visits also has 2026-04-30; consents does not
    assert shown.stages[1].conversion == pytest.approx(0.24)


def test_segment_all_is_the_default_and_a_zero_stage_has_no_conversion(data):
    write(data, "measurements/reminders.csv", "date,value,segment\n2026-03-31,0,all\n"
                                              "2026-03-31,400,web\n")
    write(data, "measurements/renewals.csv", "date,value,segment\n2026-03-31,10,all\n"
                                             "2026-03-31,300,web\n")
    renew = load(data).journeys["renew"]
    default = funnel(renew, None)
    assert [s.value for s in default.stages] == [0, 10]
    assert default.stages[1].conversion is None and default.biggest_drop is None
    assert funnel(renew).segment == "web"  # funnel.segment is the one shown by default


def test_biggest_drop_on_a_tie_is_the_first_and_worst_first_orders_journeys(data):
    write(data, "measurements/first-calls.csv",
          "date,value,segment\n2026-02-28,539,\n2026-02-28,343,web\n"
          "2026-03-31,240,\n2026-03-31,324,web\n")  # 240 / 600 = 40%, as signups
    hb = load(data)
    enrol = funnel(hb.journeys["enrol"])
    assert enrol.biggest_drop.step.id == "create-account"
    order = [f.journey.id for f in worst_first([funnel(j) for j in funnel_journeys(hb)])]
    assert order == ["enrol", "renew", "outreach"]


# --- checks -----------------------------------------------------------------------------------

def test_check_reports_funnel_errors_at_file_line_column(data, run_check):
    replace_once(data / "maps/enrol.yml", "opportunities:",
                 "funnel:\n  stages: [visits, consent-share, visits, vists]\n"
                 "  segment: phone\nopportunities:")
    code, out, _ = run_check("journeys")
    assert code == 1
    found = {(d["line"], d["column"], d["message"]) for d in diagnostics(out)
             if d["file"] == ENROL}
    lines = (data / "maps/enrol.yml").read_text().splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "stages: [" in line)
    col = lines[row - 1].index
    assert (str(row), str(col("consent-share") + 1),
            "stage 'consent-share' is not a count metric (its unit is percent) "
            "[funnel.stages[1]]") in found
    assert (str(row), str(col("visits, vists") + 1),
            "stage 'visits' is listed twice (first as funnel.stages[0]) [funnel.stages[2]]") \
        in found
    assert (str(row), str(col("vists") + 1), "unknown metric 'vists' [funnel.stages[3]]") \
        in found
    assert (str(row + 1), "12", "segment 'phone' is not a segment of any funnel stage "
                                "[funnel.segment]") in found
    assert "did you mean 'visits'?" in out


def test_check_warns_when_a_stage_grows(data, run_check):
    write(data, "measurements/consents.csv",
          "date,value,segment\n2026-02-28,616,\n2026-02-28,392,web\n"
          "2026-03-31,1200,\n2026-03-31,360,web\n")
    code, out, _ = run_check("journeys")
    assert code == 0
    (warning,) = [d for d in diagnostics(out) if d["severity"] == "warning"]
    lines = (data / "maps/enrol.yml").read_text().splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "[consent-share, consents]" in line)
    assert (warning["file"], warning["line"], warning["column"]) == \
        (ENROL, str(row), str(lines[row - 1].index("consents]") + 1))
    assert warning["message"] == "funnel grows at give-consent: check the metric definitions " \
                                 "[steps[2].metrics.progress[1]]"
    assert "'consents' counts 1,200, more than the 1,000 of 'signups'" in out
    # shown as it is
    stage = funnel(load(data).journeys["enrol"]).stages[2]
    assert stage.conversion == pytest.approx(1.2)


def test_a_step_cannot_take_the_funnel_anchor(data, run_check):
    replace_once(data / "maps/enrol.yml", "  - id: read-welcome", "  - id: funnel")
    code, out, _ = run_check("journeys")
    assert code == 1
    assert "step id 'funnel' is reserved on a map with a funnel: the journey page uses " \
           "#funnel" in out
    # a map without stages keeps such a step (and its anchor): its page has no #funnel
    replace_once(data / "maps/enrol.yml", "  - id: funnel", "  - id: read-welcome")
    replace_once(data / "maps/outreach.yml", "  - id: send-letter", "  - id: funnel")
    replace_once(data / "maps/outreach.yml", "progress: [letters]", "progress: [letter sent]")
    code, out, _ = run_check("journeys")
    assert code == 0, out


# --- diff -------------------------------------------------------------------------------------

def test_diff_reports_funnel_conversions_that_moved(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo", source=SOURCE)
    repo.edit("journeys/measurements/consents.csv", "2026-03-31,600,\n", "2026-03-31,700,\n")
    report = repo.journeys_json("diff", "HEAD", "--format", "json")
    (change,) = report["funnels"]
    assert change["journey"] == "enrol"
    assert change["date"] == {"from": "2026-03-31", "to": "2026-03-31"}
    assert [(m["step"], m["before"], m["after"]) for m in change["moves"]] == [
        ("give-consent", 60.0, 70.0), ("first-call", 85.0, 72.9)]
    assert report["summary"]["funnel_conversions_moved"] == 2
    markdown = repo.journeys("diff", "HEAD").stdout
    assert "**Funnels** 2 conversions moved" in markdown
    assert "| `give-consent` `consents` | 60% → 70% |" in markdown


def test_cross_journey_funnel_lists_leave_future_state_maps_out(data):
    # The spec: funnels show current maps only. Future-state maps (`state: future`) come
    # with another change; the one filter is data.funnel.listed.
    hb = load(data)
    renew = hb.journeys["renew"]
    renew.spec = renew.spec.model_copy(update={"state": "future", "future_of": "enrol"})
    assert [j.id for j in funnel_journeys(hb)] == ["enrol", "outreach"]
