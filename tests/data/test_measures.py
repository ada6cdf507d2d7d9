"""Measures (issue 9) at the API level: the model the loader builds, every new rule, and the
derived facts of data/measures.py, on tests/fixtures/measures (made-up data)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from helpers import FIXTURES, errors, invoke, load, one_error, replace_once, write
from journey_handbook.data import measures
from journey_handbook.data.diagnostics import Diagnostic
from journey_handbook.data.loader import load_handbook
from journey_handbook.site.downloads import backlog_json

MAP = "maps/first-visit.yml"
METRICS = "metrics.yml"
CONSENT_CSV = "measurements/consent-completion.csv"
LANDING_CSV = "measurements/landing-visits.csv"


@pytest.fixture
def data(workdir: Path) -> Path:
    target = workdir / "journeys"
    shutil.copytree(FIXTURES / "measures", target)
    return target


def at(d: Diagnostic) -> tuple[str, int, int]:
    return d.file.removeprefix("journeys/"), d.line, d.column


# --- the model -------------------------------------------------------------------------------


def test_metrics_resolve_to_their_phase_source_owner_and_journeys(data: Path) -> None:
    hb = load(data)
    assert list(hb.metrics) == ["landing-visits", "consent-completion", "consent-drop-off",
                                "time-to-first-call"]
    visits = hb.metrics["landing-visits"]
    assert (visits.name, visits.kind, visits.unit, visits.direction, visits.target) == \
        ("Landing page visits", "progress", "count", "up", 12000.0)
    assert visits.phase is hb.phases["awareness"]
    assert visits.source is hb.evidence["funnel-2026"] and visits.owner is hb.teams["growth"]
    assert visits.journeys == [hb.journeys["first-visit"]]
    assert visits.csv_source == "journeys/measurements/landing-visits.csv"
    assert hb.metrics["consent-drop-off"].kind == "failure"
    assert hb.metrics["consent-drop-off"].csv_source is None
    assert hb.metrics["consent-drop-off"].series == {}
    assert hb.metric_aliases == {"consent-rate": "consent-completion"}


def test_series_by_segment_with_latest_and_previous(data: Path) -> None:
    metric = load(data).metrics["consent-completion"]
    assert list(metric.series) == ["web", "app"]
    web = metric.series["web"]
    assert [o.date for o in web] == [date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31),
                                     date(2026, 11, 30)]
    assert web[1].value == 60.5  # written as 60.5%
    assert (web[2].note, web[2].line, web[2].note_column) == ("Consent copy, version 2", 6, 21)
    assert (web[0].note, web[0].note_column) == (None, 0)
    # no series without a segment: the overall one is the first segment of the file
    assert metric.latest().value == 68.0 and metric.previous().value == 64.0
    assert metric.latest("app").value == 70.0 and metric.previous("app").value == 66.5
    assert metric.latest("phone") is None
    visits = load(data).metrics["landing-visits"]
    assert list(visits.series) == [None] and visits.latest().value == 10400.0


def test_links_between_metrics_steps_phases_opportunities_and_experiments(data: Path) -> None:
    hb = load(data)
    search, consent = hb.journeys["first-visit"].steps[:2]
    assert search.metric_links == [hb.metrics["landing-visits"]]  # 'landing_view' stays text
    assert consent.metric_links == [hb.metrics["consent-completion"],
                                    hb.metrics["consent-drop-off"]]
    assert hb.metrics["consent-completion"].steps == [consent]
    awareness = hb.phases["awareness"]
    assert awareness.metric_links == [hb.metrics["landing-visits"]]
    assert hb.metrics["landing-visits"].phases == [awareness]  # named in phases[].metrics
    assert [m.id for m in hb.phases["consent"].metric_links] == ["consent-completion",
                                                                 "consent-drop-off"]
    assert hb.metrics["consent-completion"].phases == []  # its phase does not name it
    opp = hb.opportunities["shorter-consent"]
    assert opp.outcome_metric is hb.metrics["consent-completion"]
    assert opp.triaged == date(2026, 10, 15)
    assert [e.id for e in opp.experiments] == ["plain-language-consent", "consent-video"]
    assert list(hb.experiments) == ["plain-language-consent", "consent-video"]
    exp = hb.experiments["plain-language-consent"]
    assert (exp.status, exp.end, exp.decision, exp.metric.id, exp.opportunity) == \
        ("concluded", date(2026, 10, 31), "ship", "consent-completion", opp)
    assert hb.experiments["consent-video"].status == "running"
    assert hb.metrics["consent-drop-off"].experiments == [hb.experiments["consent-video"]]
    assert hb.metrics["consent-completion"].opportunities == [opp]


def test_review_log_and_regulated_teams(data: Path) -> None:
    hb = load(data)
    journey = hb.journeys["first-visit"]
    assert [r.date for r in journey.review_log] == [date(2026, 6, 15), date(2026, 10, 1)]
    assert [r.kind for r in journey.reviews] == ["workshop", "review"]
    assert journey.latest_review.date == date(2026, 10, 1)
    assert [t.id for t in journey.latest_review.participants] == ["growth", "care-ops",
                                                                  "privacy-office"]
    assert hb.teams["privacy-office"].reviews_regulated is True
    assert hb.teams["growth"].reviews_regulated is False


def test_handbook_without_measures_files_loads_as_before(minimal_dir: Path) -> None:
    hb = load(minimal_dir)
    assert hb.metrics == {} and hb.experiments == {}
    assert hb.opportunities["shorter-consent"].outcome_metric is None
    assert hb.opportunities["shorter-consent"].outcome.baseline == "62%"  # text stays text


# --- rules that the bad-input table cannot show in one line ------------------------------------


def test_metric_named_in_free_text_through_its_alias(data: Path) -> None:
    replace_once(data / MAP, "      progress: [consent-completion]",
                 "      progress: [consent-rate]")
    replace_once(data / MAP, "        metric: consent-completion\n",
                 "        metric: consent-rate\n")
    hb = load(data)
    assert hb.journeys["first-visit"].steps[1].metric_links[0].id == "consent-completion"
    assert hb.experiments["plain-language-consent"].metric.id == "consent-completion"


def test_numbers_written_with_percent_and_as_text(data: Path) -> None:
    replace_once(data / MAP, "baseline: 60, target: 80,", "baseline: 60%, target: '80',")
    progress = measures.outcome_progress(load(data).opportunities["shorter-consent"])
    assert (progress.baseline, progress.target) == (60.0, 80.0)


def test_dates_increase_per_segment_not_across_segments(data: Path) -> None:
    # web and app share dates: fine. Going back within 'web' is not.
    replace_once(data / CONSENT_CSV, "2026-11-30,68.0,web,", "2026-10-30,68.0,web,")
    d = one_error(data)
    assert at(d) == (CONSENT_CSV, 8, 1)
    assert "of segment 'web'" in d.message


def test_every_bad_cell_is_reported(data: Path) -> None:
    write(data, LANDING_CSV, "date,value\n2026-09-06,x\n2026-13-01,9\n2026-09-20,1e3\n"
                             "2026-09-27,nan\n")
    assert [(at(d)[1:], d.message) for d in errors(data)] == [
        ((2, 12), "expected a number, found 'x'"),
        ((3, 1), "'2026-13-01' is not a real calendar date"),
        ((5, 12), "expected a number, found 'nan'"),
    ]


def test_csv_quoted_cells_crlf_bom_and_blank_lines(data: Path) -> None:
    write(data, CONSENT_CSV, "\ufeffdate,value,segment,note\r\n"
                             "2026-09-30,61,web,\"A note, with \"\"quotes\"\"\"\r\n\r\n"
                             "2026-10-31,62,web,\"two\nlines\"\r\n"
                             "2026-11-30,oops,web,\r\n")
    d = one_error(data)
    assert at(d) == (CONSENT_CSV, 6, 12)  # the row after a cell spanning two lines
    series = load_handbook(data).handbook.metrics["consent-completion"].series["web"]
    assert [o.note for o in series] == ['A note, with "quotes"', "two\nlines"]


def test_header_only_file_is_valid(data: Path) -> None:
    write(data, LANDING_CSV, "date,value,segment,note\n")
    assert load(data).metrics["landing-visits"].series == {}


def test_measurements_without_metrics_file(data: Path) -> None:
    (data / METRICS).unlink()
    replace_once(data / MAP, "    outcome: {metric: consent-completion,",
                 "    outcome: {metric: consent completion,")
    replace_once(data / MAP, "outcome: {metric: time-to-first-call, baseline: 30, target: 24}",
                 "outcome: {metric: time to first call}")
    found = errors(data)
    csv_errors = [d for d in found if d.file.endswith(".csv")]
    assert len(csv_errors) == 3 and all((d.line, d.column) == (1, 1) for d in csv_errors)
    assert "journeys new metric" in csv_errors[0].hint
    exp = [d for d in found if "experiments" in d.path]
    assert {d.message for d in exp} == {"unknown metric 'consent-completion'",
                                       "unknown metric 'consent-drop-off'"}


def test_broken_metrics_file_does_not_cascade(data: Path) -> None:
    (data / METRICS).write_text("- id: [unclosed\n")
    assert {d.file for d in errors(data)} == {"journeys/metrics.yml"}


def test_experiment_ids_are_unique_across_journeys(data: Path) -> None:
    write(data, "maps/second-visit.yml",
          "title: Second visit\nowner: growth\nreviewed: 2026-10-02\npersonas: [new-patient]\n"
          "steps:\n  - id: back\n    phase: onboarding\n    persona: new-patient\n"
          "    action: Returns\nopportunities:\n  - id: remind\n    title: Remind\n"
          "    steps: [back]\n    owner: growth\n    experiments:\n"
          "      - id: consent-video\n        hypothesis: Reminders help\n"
          "        metric: time-to-first-call\n        start: 2026-11-01\n")
    d = one_error(data)
    assert at(d) == ("maps/second-visit.yml", 16, 13)
    assert d.message.startswith("duplicate experiment id 'consent-video' (first defined in "
                                "journeys/maps/first-visit.yml:105)")


# --- inline touchpoints: the clarification ------------------------------------------------------


SECOND = ("title: Second\nowner: growth\nreviewed: 2026-10-02\npersonas: [new-patient]\n"
          "steps:\n  - id: back\n    phase: onboarding\n    persona: new-patient\n"
          "    action: Returns\n    touchpoint: {tp}\n")


@pytest.mark.parametrize("name", ["a-second.yml", "z-second.yml"])  # before and after it
def test_an_inline_touchpoint_id_can_be_named_by_any_step(minimal_dir: Path, name: str) -> None:
    write(minimal_dir, f"maps/{name}", SECOND.format(tp="onboarding-sms") +
          "    barriers:\n      - text: Missed it\n        touchpoint: onboarding-sms\n")
    hb = load(minimal_dir)
    tp = hb.touchpoints["onboarding-sms"]
    assert tp.inline and tp.source == "journeys/maps/first-visit.yml"
    assert sorted(s.ref for s in tp.uses) == sorted([f"{name[:-4]}/back", "first-visit/welcome"])



def test_an_inline_touchpoint_id_can_be_named_in_a_barrier(minimal_dir: Path) -> None:
    write(minimal_dir, "maps/a-second.yml", SECOND.format(tp="landing-page") +
          "    barriers:\n      - text: Missed it\n        touchpoint: onboarding-sms\n")
    tp = load(minimal_dir).touchpoints["onboarding-sms"]
    assert [s.ref for s in tp.barrier_steps] == ["a-second/back"]


def test_an_inline_touchpoint_defined_twice_differently_errs_at_the_second(
        minimal_dir: Path) -> None:
    write(minimal_dir, "maps/a-second.yml",
          SECOND.format(tp="{id: onboarding-sms, name: Text message, channel: sms}"))
    d = one_error(minimal_dir)
    # a-second.yml is read first: first-visit.yml holds the second definition
    assert (at(d)[0], d.path) == (MAP, "steps[2].touchpoint")
    assert "is defined differently in journeys/maps/a-second.yml" in d.message


# --- derived facts (data/measures.py) ----------------------------------------------------------


def test_outcome_progress_up(data: Path) -> None:
    p = measures.outcome_progress(load(data).opportunities["shorter-consent"])
    assert (p.baseline, p.target, p.latest.value) == (60.0, 80.0, 68.0)
    assert p.share == pytest.approx(0.4)
    assert (p.wrong_way, p.reached) == (False, False)


def test_outcome_progress_down_and_reached(data: Path) -> None:
    write(data, "measurements/time-to-first-call.csv", "date,value\n2026-09-30,30\n"
                                                       "2026-10-31,22\n")
    p = measures.outcome_progress(load(data).opportunities["welcome-script"])
    assert p.share == pytest.approx(8 / 6) and p.reached and not p.wrong_way


def test_outcome_progress_the_wrong_way(data: Path) -> None:
    write(data, "measurements/time-to-first-call.csv", "date,value\n2026-09-30,33\n")
    p = measures.outcome_progress(load(data).opportunities["welcome-script"])
    assert p.share == pytest.approx(-0.5) and p.wrong_way and not p.reached


def test_outcome_progress_without_data_or_numbers(data: Path) -> None:
    write(data, "measurements/time-to-first-call.csv", "date,value\n")
    p = measures.outcome_progress(load(data).opportunities["welcome-script"])
    assert p.latest is None and p.share is None and not p.reached
    # no target on the outcome: the metric's own target (80)
    replace_once(data / MAP, "baseline: 60, target: 80,", "baseline: 60,")
    p = measures.outcome_progress(load(data).opportunities["shorter-consent"])
    assert p.target == 80.0
    replace_once(data / MAP, "baseline: 60,", "target: 70,")  # no baseline: no progress
    assert measures.outcome_progress(load(data).opportunities["shorter-consent"]) is None


def test_retriage_for_new_observations_and_not_before(data: Path) -> None:
    hb = load(data)
    reasons = measures.retriage_reasons(hb.opportunities["shorter-consent"])
    assert reasons == ["4 new observations of metric 'consent-completion' since triaged on "
                       "2026-10-15 (latest 2026-11-30)"]
    assert measures.retriage_reasons(hb.opportunities["welcome-script"]) == []
    assert not measures.needs_retriage(hb.opportunities["welcome-script"])


def test_retriage_for_evidence_cited_by_a_targeted_step(data: Path) -> None:
    replace_once(data / MAP, "    confidence: hypothesized\n    metrics:",
                 "    evidence: [{source: consent-tickets}]\n    metrics:")
    replace_once(data / MAP, "triaged: 2026-10-15", "triaged: 2026-12-01")
    reasons = measures.retriage_reasons(load(data).opportunities["shorter-consent"])
    assert reasons == []  # collected 2026-10-20, before the new triage date
    replace_once(data / MAP, "triaged: 2026-12-01", "triaged: 2026-10-19")
    reasons = measures.retriage_reasons(load(data).opportunities["shorter-consent"])
    assert reasons[0] == ("new evidence 'consent-tickets' (Consent support tickets, October, "
                          "cited by step 'first-visit/give-consent') collected 2026-10-20, "
                          "after triaged on 2026-10-19")


def test_retriage_without_triaged_uses_the_review_date(data: Path) -> None:
    replace_once(data / MAP, "    triaged: 2026-11-05\n", "")
    replace_once(data / MAP, "    evidence: [funnel-2026]\n    status: in-progress",
                 "    evidence: [funnel-2026, consent-tickets]\n    status: in-progress")
    hb = load(data)
    # reviewed 2026-10-01; time-to-first-call has an observation on 2026-10-31
    assert measures.retriage_reasons(hb.opportunities["welcome-script"]) == [
        "1 new observation of metric 'time-to-first-call' since the map's review on "
        "2026-10-01 (latest 2026-10-31)"]
    assert any("'consent-tickets'" in r and "it cites" in r
               for r in measures.retriage_reasons(hb.opportunities["shorter-consent"]))


def test_regulated_review_gap(data: Path) -> None:
    assert not measures.regulated_review_gap(load(data).journeys["first-visit"])
    replace_once(data / MAP, "participants: [growth, care-ops, privacy-office]",
                 "participants: [growth, care-ops]")
    assert measures.regulated_review_gap(load(data).journeys["first-visit"])
    # the latest by date, not the last in the file
    replace_once(data / MAP, "  - date: 2026-06-15", "  - date: 2026-10-02")
    assert not measures.regulated_review_gap(load(data).journeys["first-visit"])


def test_no_regulated_steps_or_no_review_log_means_no_gap(minimal_dir: Path) -> None:
    assert not measures.regulated_review_gap(load(minimal_dir).journeys["first-visit"])


def test_change_is_judged_by_direction(data: Path) -> None:
    hb = load(data)
    assert measures.change(hb.metrics["consent-completion"]) == (4.0, "better")
    assert measures.change(hb.metrics["consent-completion"], "app") == (3.5, "better")
    assert measures.change(hb.metrics["time-to-first-call"]) == (-4.0, "better")
    assert measures.change(hb.metrics["consent-drop-off"]) is None
    write(data, LANDING_CSV, "date,value\n2026-09-06,10\n2026-09-13,9\n2026-09-20,9\n")
    hb = load(data)
    assert measures.change(hb.metrics["landing-visits"]) == (0.0, "same")
    write(data, LANDING_CSV, "date,value\n2026-09-06,10\n2026-09-13,9\n")
    assert measures.change(load(data).metrics["landing-visits"]) == (-1.0, "worse")


# --- check --------------------------------------------------------------------------------------


def test_check_warns_on_a_regulated_review_gap(data: Path) -> None:
    replace_once(data / MAP, "participants: [growth, care-ops, privacy-office]",
                 "participants: [growth, care-ops]")
    code, out, err = invoke(["check", "journeys"])
    assert code == 0, out + err
    first = out.splitlines()[0]
    assert first.startswith("journeys/maps/first-visit.yml:24:5: warning: the latest review of "
                            "'First visit' (2026-10-01) had no compliance or privacy team")
    assert first.endswith("[review_log[1]]")
    assert "invite 'privacy-office'" in out.splitlines()[1]
    assert "0 errors, 1 warning" in out


def test_a_large_csv_checks_quickly(data: Path) -> None:
    """100,000 rows add well under a second to a check (CPU time: the machine may be busy)."""
    def timed() -> float:
        start = time.process_time()
        load_handbook(data)
        return time.process_time() - start

    base = min(timed() for _ in range(2))
    rows = [f"{date.fromordinal(730000 + i // 4).isoformat()},{40 + i % 17 / 3:.2f},"
            f"seg-{i % 4},{'note ' + str(i) if i % 50 == 0 else ''}" for i in range(100_000)]
    write(data, LANDING_CSV, "date,value,segment,note\n" + "\n".join(rows) + "\n")
    with_csv = min(timed() for _ in range(2))
    assert load(data).metrics["landing-visits"].latest("seg-3") is not None
    assert with_csv - base < 1.0, f"{with_csv - base:.2f} s for 100,000 rows"


# --- downloads and export ----------------------------------------------------------------------


def test_backlog_downloads_carry_progress_retriage_and_experiments(data: Path) -> None:
    code, out, err = invoke(["export", "csv", "-", "--data-dir", "journeys"])
    assert code == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    first = rows["shorter-consent"]
    assert (first["outcome_latest"], first["outcome_progress"], first["needs_retriage"],
            first["triaged"], first["experiments"]) == \
        ("68.0", "0.4", "true", "2026-10-15", "plain-language-consent; consent-video")
    assert first["retriage_reasons"].startswith("4 new observations of metric")
    second = rows["welcome-script"]
    assert (second["outcome_progress"], second["needs_retriage"], second["retriage_reasons"]) \
        == ("0.667", "false", "")
    item = json.loads(backlog_json(load(data)))["opportunities"][0]
    assert (item["needs_retriage"], item["outcome_progress"], item["experiments"]) == \
        (True, 0.4, ["plain-language-consent", "consent-video"])


def test_export_json_has_metrics_with_series_experiments_and_review_logs(data: Path) -> None:
    code, out, err = invoke(["export", "json", "-", "--data-dir", "journeys",
                             "--today", "2026-12-01"])
    assert code == 0, err
    doc = json.loads(out)
    metrics = {m["id"]: m for m in doc["metrics"]}
    consent = metrics["consent-completion"]
    assert consent["csv"] == "measurements/consent-completion.csv"
    assert list(consent["series"]) == ["web", "app"]
    assert consent["series"]["web"][2] == {"date": "2026-10-31", "value": 64.0,
                                           "note": "Consent copy, version 2"}
    assert list(metrics["landing-visits"]["series"]) == [""]  # no segment column
    assert (consent["steps"], consent["opportunities"], consent["experiments"]) == \
        (["first-visit/give-consent"], ["shorter-consent"], ["plain-language-consent"])
    assert [e["id"] for e in doc["experiments"]] == ["plain-language-consent", "consent-video"]
    assert doc["experiments"][0]["opportunity"] == "shorter-consent"
    (journey,) = doc["journeys"]
    assert journey["review_log"][1] == {"date": "2026-10-01", "kind": "review",
                                        "participants": ["growth", "care-ops", "privacy-office"],
                                        "notes": None,
                                        "regulated_participants": ["privacy-office"]}
    opp = next(o for o in doc["opportunities"] if o["id"] == "shorter-consent")
    assert opp["outcome_progress"] == {"baseline": 60.0, "target": 80.0, "latest": 68.0,
                                       "latest_date": "2026-11-30", "share": 0.4,
                                       "wrong_way": False, "reached": False}
