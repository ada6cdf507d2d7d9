"""Backlog CSV/JSON and the whole-handbook JSON, read back the way a consumer would."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from helpers import MINIMAL, load
from journey_handbook.analysis.export import handbook_json
from journey_handbook.data.loader import load_handbook
from journey_handbook.site.downloads import (
    BACKLOG_COLUMNS,
    backlog_csv,
    backlog_json,
    backlog_rows,
)

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def handbook():
    result = load_handbook(MINIMAL)
    assert result.ok, result.diagnostics
    return result.handbook


def write_data(folder: Path, journeys: dict[str, dict], teams: list[dict] | None = None) -> Path:
    """A one-persona handbook with the given journeys (JSON is valid YAML, and quotes anything)."""
    (folder / "maps").mkdir(parents=True)
    (folder / "personas").mkdir()
    (folder / "handbook.yml").write_text(json.dumps({
        "title": "Export test", "phases": [{"id": "start", "name": "Start"}],
        "teams": teams or [{"id": "ops", "name": "Operations"}]}))
    (folder / "personas/member.yml").write_text(json.dumps({"name": "Member"}))
    for jid, journey in journeys.items():
        (folder / f"maps/{jid}.yml").write_text(json.dumps(journey))
    return folder


def journey(opportunities: list[dict], steps: int = 1) -> dict:
    return {"title": "J", "owner": "ops", "reviewed": "2026-10-01", "personas": ["member"],
            "steps": [{"id": f"s{i}", "phase": "start", "persona": "member", "action": "Acts"}
                      for i in range(1, steps + 1)],
            "opportunities": opportunities}


def opp(oid: str, impact: int | None, effort: int | None, **extra) -> dict:
    scores = {"impact": impact, "effort": effort} if impact else {}
    return {"id": oid, "title": oid.upper(), "steps": ["s1"], "owner": "ops", **scores, **extra}


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- backlog -------------------------------------------------------------------------

def test_backlog_rows_by_priority_then_impact(tmp_path):
    hb = load(write_data(tmp_path / "d", {"j": journey([
        opp("low-tie", 1, 1), opp("unscored", None, None), opp("high-tie", 5, 5),
        opp("small-tie", 2, 1), opp("top", 3, 1), opp("big-tie", 4, 2)])}))
    rows = backlog_rows(hb)
    # 3.0; then 2.0 twice (impact 4 before 2); then 1.0 twice (impact 5 before 1); unscored last
    assert [r["id"] for r in rows] == ["top", "big-tie", "small-tie", "high-tie", "low-tie",
                                       "unscored"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[-1]["priority"] is None
    assert [r["id"] for r in parse_csv(backlog_csv(hb))] == [r["id"] for r in rows]
    assert [o["id"] for o in json.loads(backlog_json(hb))["opportunities"]] == \
        [r["id"] for r in rows]


def test_backlog_csv_reads_back_with_every_field(handbook):
    text = backlog_csv(handbook)
    assert text.splitlines()[0] == ",".join(BACKLOG_COLUMNS)
    first, second = parse_csv(text)
    assert first == {
        "id": "shorter-consent", "rank": "1", "title": "Shorter consent form",
        "status": "planned", "priority": "2.0", "impact": "4", "effort": "2",
        "owner": "care-ops", "owner_name": "Care operations", "journey": "first-visit",
        "journey_title": "First visit", "problem": "Patients abandon at consent",
        "outcome_metric": "consent completion", "outcome_baseline": "62%",
        "outcome_target": "80%", "outcome_by": "2027-03-31",
        "steps": "first-visit/give-consent; first-visit/search", "evidence": "funnel-2026",
        "links": "https://tracker.example/ACME-1", "aliases": "",
        # measures: 'consent completion' is free text, not a metric id, so no progress
        "outcome_latest": "", "outcome_progress": "", "needs_retriage": "false",
        "retriage_reasons": "", "triaged": "", "experiments": "",
    }
    # Missing values are empty cells, never "None".
    assert (second["id"], second["status"], second["problem"], second["outcome_by"]) == \
        ("welcome-script", "idea", "", "")


def test_backlog_csv_cells_cannot_become_spreadsheet_formulas(tmp_path):
    hostile = opp("formula", 2, 1, title='=HYPERLINK("http://evil.example","x")',
                  problem="+1+1", outcome={"metric": "@SUM(A1)", "baseline": "-5%",
                                           "target": "safe = text"},
                  links=["-2+3", "https://ok.example/a=b"])
    hb = load(write_data(tmp_path / "d", {"j": journey([hostile])},
                         teams=[{"id": "ops", "name": "=cmd|' /C calc'!A0"}]))
    (row,) = parse_csv(backlog_csv(hb))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["problem"] == "'+1+1"
    assert row["outcome_metric"] == "'@SUM(A1)"
    assert row["outcome_baseline"] == "'-5%"
    assert row["owner_name"] == "'=cmd|' /C calc'!A0"
    assert row["links"] == "'-2+3; https://ok.example/a=b"
    # Only the first character matters: text that merely contains '=' is left alone.
    assert row["outcome_target"] == "safe = text"
    # The JSON keeps the exact text: it is not read by spreadsheets.
    (item,) = json.loads(backlog_json(hb))["opportunities"]
    assert item["title"] == '=HYPERLINK("http://evil.example","x")'
    assert item["links"] == ["-2+3", "https://ok.example/a=b"]


def test_backlog_json_has_version_and_typed_values(handbook):
    data = json.loads(backlog_json(handbook))
    assert data["format_version"] == 1
    assert data["title"] == "Acme Health handbook"
    first = data["opportunities"][0]
    assert first["priority"] == 2.0 and first["impact"] == 4
    assert first["steps"] == ["first-visit/give-consent", "first-visit/search"]
    assert first["outcome_by"] == "2027-03-31"
    assert list(first) == BACKLOG_COLUMNS


def test_backlog_csv_quotes_commas_quotes_and_newlines(tmp_path):
    text = 'Says "hi", then\nleaves'
    hb = load(write_data(tmp_path / "d", {"j": journey([opp("q", 1, 1, problem=text)])}))
    (row,) = parse_csv(backlog_csv(hb))
    assert row["problem"] == text


# --- whole handbook -------------------------------------------------------------------------

def test_handbook_json_top_level_layout(handbook):
    data = json.loads(handbook_json(handbook, TODAY))
    assert list(data) == ["format_version", "generated", "title", "description", "review",
                          "governance", "phases", "teams", "personas", "journeys",
                          "touchpoints", "evidence", "opportunities", "metrics", "experiments"]
    assert data["format_version"] == 1
    assert data["generated"] == "2026-11-01"
    assert [p["id"] for p in data["phases"]] == ["awareness", "consent", "onboarding"]
    assert data["teams"][0] == {"id": "growth", "name": "Growth", "github": "@acme/growth",
                                "reviews_regulated": False}
    assert data["review"] == {"every_days": 90}


def test_handbook_json_journeys_with_resolved_steps(handbook):
    (journey,) = json.loads(handbook_json(handbook, TODAY))["journeys"]
    assert journey["id"] == "first-visit"
    assert (journey["reviewed"], journey["review_every_days"], journey["review_due"],
            journey["review_state"]) == ("2026-10-01", 60, "2026-11-30", "due-soon")
    assert journey["triggers"] == [{"type": "product-change", "note": None},
                                   {"type": "compliance-change", "note": "New consent rules"}]
    steps = {s["id"]: s for s in journey["steps"]}
    assert list(steps) == ["search", "give-consent", "welcome", "recheck"]
    consent = steps["give-consent"]
    assert consent["touchpoint"] == "consent-form"
    assert consent["handoff"] == {"to": "care-ops",
                                  "note": "Consent record sent to care operations"}
    assert consent["barriers"] == [{"text": "Long legal text", "touchpoint": "consent-form"},
                                   {"text": "Cannot call for help", "touchpoint": "welcome-call"}]
    assert consent["confidence"] == "hypothesized"
    assert consent["opportunities"] == ["shorter-consent"]
    assert steps["welcome"]["actor"] == "care-ops" and steps["welcome"]["actor_kind"] == "team"
    assert steps["welcome"]["touchpoint"] == "onboarding-sms"  # the inline one, by id
    assert steps["search"]["evidence"] == [{"source": "funnel-2026",
                                            "note": "10k visits per month"}]
    assert steps["recheck"]["aliases"] == ["search-again"]
    assert steps["search"]["emotion"] == {"score": 2, "feeling": "anxious",
                                          "why": "unsure if serious"}


def test_handbook_json_touchpoints_evidence_opportunities(handbook):
    data = json.loads(handbook_json(handbook, TODAY))
    tps = {t["id"]: t for t in data["touchpoints"]}
    assert list(tps) == ["landing-page", "consent-form", "welcome-call", "onboarding-sms"]
    assert (tps["welcome-call"]["kind"], tps["welcome-call"]["used_by"],
            tps["welcome-call"]["barriers_in"]) == ("offline", [], ["first-visit/give-consent"])
    assert tps["onboarding-sms"]["inline"] is True and tps["onboarding-sms"]["kind"] == "online"
    assert tps["consent-form"]["regulated"] == ["consent", "hipaa"]
    ev = {e["id"]: e for e in data["evidence"]}
    assert ev["funnel-2026"]["collected"] == "2026-09-30"
    assert ev["funnel-2026"]["cited_by_steps"] == ["first-visit/search"]
    assert ev["funnel-2026"]["cited_by_opportunities"] == ["shorter-consent"]
    assert ev["interviews-q3"]["collected"] is None
    opps = data["opportunities"]
    assert [o["id"] for o in opps] == ["shorter-consent", "welcome-script"]
    assert opps[0]["priority"] == 2.0
    assert opps[0]["outcome"] == {"metric": "consent completion", "baseline": "62%",
                                  "target": "80%", "by": "2027-03-31"}
    personas = {p["id"]: p for p in data["personas"]}
    assert personas["new-patient"]["journeys"] == ["first-visit"]
    assert personas["new-patient"]["messaging"]["consent"]["key_messages"] == \
        ["You control your data"]


def test_handbook_json_is_deterministic(handbook):
    assert handbook_json(handbook, TODAY) == handbook_json(handbook, TODAY)
    again = load_handbook(MINIMAL).handbook
    assert handbook_json(again, TODAY) == handbook_json(handbook, TODAY)
