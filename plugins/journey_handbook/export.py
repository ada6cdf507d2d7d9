"""Machine-readable exports: the backlog as CSV/JSON and the whole resolved handbook as JSON.

Pure functions returning text. Output is deterministic for the same data (fixed key
order, no timestamps unless `today` is passed), so exports diff cleanly in git and
tools such as spreadsheets, BI dashboards or trackers can rely on the layout.
References are written as ids (`journey-id/step-id` for steps), dates as ISO strings.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from .model import Evidence, Handbook, Journey, Opportunity, Persona, Step, Touchpoint
from .reviews import review_status

FORMAT_VERSION = 1
LIST_SEPARATOR = "; "  # joins list values in a CSV cell
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

BACKLOG_COLUMNS = [
    "id", "rank", "title", "status", "priority", "impact", "effort", "owner", "owner_name",
    "journey", "journey_title", "problem", "outcome_metric", "outcome_baseline",
    "outcome_target", "outcome_by", "steps", "evidence", "links", "aliases",
]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _priority(opp: Opportunity) -> float | None:
    return None if opp.priority is None else round(opp.priority, 2)


# --- backlog ----------------------------------------------------------------------------

def backlog_rows(handbook: Handbook) -> list[dict[str, Any]]:
    """One row per opportunity in backlog (priority) order; list fields stay lists."""
    rows = []
    for rank, opp in enumerate(handbook.backlog(), start=1):
        outcome = opp.spec.outcome
        rows.append({
            "id": opp.id,
            "rank": rank,
            "title": opp.title,
            "status": opp.status,
            "priority": _priority(opp),
            "impact": opp.impact,
            "effort": opp.effort,
            "owner": opp.owner.id,
            "owner_name": opp.owner.name,
            "journey": opp.journey.id,
            "journey_title": opp.journey.title,
            "problem": opp.problem,
            "outcome_metric": outcome.metric if outcome else None,
            "outcome_baseline": outcome.baseline if outcome else None,
            "outcome_target": outcome.target if outcome else None,
            "outcome_by": _iso(outcome.by) if outcome else None,
            "steps": [s.ref for s in opp.steps],
            "evidence": [e.id for e in opp.evidence],
            "links": list(opp.links),
            "aliases": list(opp.spec.aliases),
        })
    return rows


def spreadsheet_safe(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never evaluates as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def backlog_csv(handbook: Handbook) -> str:
    out = io.StringIO()
    # "\n", not RFC 4180's "\r\n": spreadsheets read both, and text-mode writes on
    # Windows would turn "\r\n" into "\r\r\n".
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BACKLOG_COLUMNS)
    for row in backlog_rows(handbook):
        writer.writerow([spreadsheet_safe(row[c]) for c in BACKLOG_COLUMNS])
    return out.getvalue()


def backlog_json(handbook: Handbook) -> str:
    return _dumps({
        "format_version": FORMAT_VERSION,
        "title": handbook.title,
        "opportunities": backlog_rows(handbook),
    })


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- the whole handbook -------------------------------------------------------------------

def handbook_json(handbook: Handbook, today: date) -> str:
    """Everything the handbook knows, resolved, as one JSON document.

    `today` dates the export and fixes each journey's review state.
    """
    spec = handbook.spec
    return _dumps({
        "format_version": FORMAT_VERSION,
        "generated": today.isoformat(),
        "title": spec.title,
        "description": spec.description,
        "review": {"every_days": spec.review.every_days},
        "governance": spec.governance.model_dump(mode="json"),
        "phases": [p.spec.model_dump(mode="json") for p in handbook.phases.values()],
        "teams": [t.spec.model_dump(mode="json") for t in handbook.teams.values()],
        "personas": [_persona(p) for p in handbook.personas.values()],
        "journeys": [_journey(j, today) for j in handbook.journeys.values()],
        "touchpoints": [_touchpoint(t) for t in handbook.touchpoints.values()],
        "evidence": [_evidence(e) for e in handbook.evidence.values()],
        "opportunities": [_opportunity(o) for o in handbook.backlog()],
    })


def _persona(persona: Persona) -> dict[str, Any]:
    spec = persona.spec
    journeys = dict.fromkeys(s.journey.id for s in persona.steps)
    return {
        "id": persona.id,
        "name": spec.name,
        "audience": spec.audience,
        "role": spec.role,
        "decision_role": spec.decision_role,
        "tasks": list(spec.tasks),
        "goals": list(spec.goals),
        "concerns": list(spec.concerns),
        "messaging": {phase: m.model_dump(mode="json") for phase, m in spec.messaging.items()},
        "aliases": list(spec.aliases),
        "journeys": list(journeys),
        "steps": [s.ref for s in persona.steps],
    }


def _journey(journey: Journey, today: date) -> dict[str, Any]:
    spec = journey.spec
    review = review_status(journey, today)
    return {
        "id": journey.id,
        "title": spec.title,
        "summary": spec.summary,
        "audience": spec.audience,
        "scope": spec.scope.model_dump(mode="json") if spec.scope else None,
        "owner": journey.owner.id,
        "status": spec.status,
        "reviewed": _iso(spec.reviewed),
        "review_every_days": journey.review_every_days,
        "review_due": _iso(review.due),
        "review_state": review.state,
        "triggers": [{"type": t.type, "note": t.note} for t in review.triggers],
        "personas": [p.id for p in journey.personas],
        "assumptions": list(spec.assumptions),
        "aliases": list(spec.aliases),
        "steps": [_step(s) for s in journey.steps],
        "opportunities": [o.id for o in journey.opportunities],
    }


def _step(step: Step) -> dict[str, Any]:
    spec = step.spec
    return {
        "id": step.id,
        "phase": step.phase.id,
        "actor": step.actor.id,
        "actor_kind": step.actor.kind,
        "action": spec.action,
        "why": spec.why,
        "touchpoint": step.touchpoint.id if step.touchpoint else None,
        "response": spec.response,
        "backstage": list(spec.backstage),
        "handoff": ({"to": step.handoff_to.id, "note": spec.handoff.note}
                    if step.handoff_to and spec.handoff else None),
        "emotion": spec.emotion.model_dump(mode="json") if spec.emotion else None,
        "barriers": [{"text": b.text, "touchpoint": b.touchpoint.id if b.touchpoint else None}
                     for b in step.barriers],
        "evidence": [{"source": c.evidence.id, "note": c.note} for c in step.evidence],
        "confidence": step.confidence,
        "metrics": spec.metrics.model_dump(mode="json"),
        "content": spec.content.model_dump(mode="json") if spec.content else None,
        "loop": spec.loop,
        "aliases": list(spec.aliases),
        "opportunities": [o.id for o in step.opportunities],
    }


def _touchpoint(tp: Touchpoint) -> dict[str, Any]:
    spec = tp.spec
    return {
        "id": tp.id,
        "name": spec.name,
        "channel": spec.channel,
        "kind": tp.kind,  # derived from the channel when the file leaves it out
        "owner": tp.owner.id if tp.owner else None,
        "regulated": list(spec.regulated),
        "description": spec.description,
        "inline": tp.inline,
        "used_by": [s.ref for s in tp.uses],
        "barriers_in": list(dict.fromkeys(s.ref for s in tp.barrier_steps)),
    }


def _evidence(ev: Evidence) -> dict[str, Any]:
    spec = ev.spec
    return {
        "id": spec.id,
        "kind": spec.kind,
        "title": spec.title,
        "link": spec.link,
        "collected": _iso(spec.collected),
        "summary": spec.summary,
        "cited_by_steps": list(dict.fromkeys(s.ref for s in ev.steps)),
        "cited_by_opportunities": [o.id for o in ev.opportunities],
    }


def _opportunity(opp: Opportunity) -> dict[str, Any]:
    spec = opp.spec
    return {
        "id": spec.id,
        "title": spec.title,
        "journey": opp.journey.id,
        "problem": spec.problem,
        "steps": [s.ref for s in opp.steps],
        "owner": opp.owner.id,
        "outcome": spec.outcome.model_dump(mode="json") if spec.outcome else None,
        "evidence": [e.id for e in opp.evidence],
        "status": spec.status,
        "impact": spec.impact,
        "effort": spec.effort,
        "priority": _priority(opp),
        "links": list(spec.links),
        "aliases": list(spec.aliases),
    }
