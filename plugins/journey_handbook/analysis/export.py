"""The whole resolved handbook as one JSON document, for other tools.

Deterministic for the same data and `today` (fixed key order), so exports diff cleanly
in git. References are written as ids (`journey-id/step-id` for steps), dates as ISO
strings; the backlog rows are the same as the site's backlog download.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..data.measures import needs_retriage, outcome_progress, retriage_reasons
from ..data.model import (
    Evidence,
    Experiment,
    Handbook,
    Journey,
    Metric,
    Observation,
    Opportunity,
    Persona,
    Step,
    Touchpoint,
)
from ..data.reviews import review_status
from ..site.downloads import FORMAT_VERSION, dumps_json, iso_date, rounded_priority

# --- the whole handbook -------------------------------------------------------------------

def handbook_json(handbook: Handbook, today: date) -> str:
    """Everything the handbook knows, resolved, as one JSON document.

    `today` dates the export and fixes each journey's review state.
    """
    spec = handbook.spec
    return dumps_json({
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
        "metrics": [_metric(m) for m in handbook.metrics.values()],
        "experiments": [_experiment(e) for e in handbook.experiments.values()],
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
        "reviewed": iso_date(spec.reviewed),
        "review_every_days": journey.review_every_days,
        "review_due": iso_date(review.due),
        "review_state": review.state,
        "triggers": [{"type": t.type, "note": t.note} for t in review.triggers],
        "personas": [p.id for p in journey.personas],
        "assumptions": list(spec.assumptions),
        "aliases": list(spec.aliases),
        "steps": [_step(s) for s in journey.steps],
        "opportunities": [o.id for o in journey.opportunities],
        "review_log": [{**r.spec.model_dump(mode="json"),
                        "regulated_participants": [t.id for t in r.regulated_participants]}
                       for r in journey.reviews],
        # future state and nesting, resolved (an old id in future_of is the live one here)
        "state": spec.state,
        "future_of": journey.current.id if journey.current else None,
        "futures": [f.id for f in journey.futures],
        "part_of": ({"journey": journey.parent.id, "from": journey.part_range[0].id,
                     "to": journey.part_range[1].id} if journey.parent else None),
        "focused": [f.id for f in journey.focused],
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
        "metric_links": [m.id for m in step.metric_links],
        "delivered_by": [o.id for o in step.delivered_by],
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
        "collected": iso_date(spec.collected),
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
        "priority": rounded_priority(opp),
        "links": list(spec.links),
        "aliases": list(spec.aliases),
        "triaged": iso_date(spec.triaged),
        "outcome_metric": opp.outcome_metric.id if opp.outcome_metric else None,
        "outcome_progress": _progress(opp),
        "needs_retriage": needs_retriage(opp),
        "retriage_reasons": retriage_reasons(opp),
        "experiments": [e.id for e in opp.experiments],
    }


def _progress(opp: Opportunity) -> dict[str, Any] | None:
    progress = outcome_progress(opp)
    if progress is None:
        return None
    latest = progress.latest
    return {
        "baseline": progress.baseline,
        "target": progress.target,
        "latest": latest.value if latest else None,
        "latest_date": iso_date(latest.date) if latest else None,
        "share": None if progress.share is None else round(progress.share, 3),
        "wrong_way": progress.wrong_way,
        "reached": progress.reached,
    }


def _observation(obs: Observation) -> dict[str, Any]:
    return {"date": obs.date.isoformat(), "value": obs.value, "note": obs.note}


def _metric(metric: Metric) -> dict[str, Any]:
    spec = metric.spec
    return {
        "id": metric.id,
        "name": spec.name,
        "phase": metric.phase.id,
        "kind": spec.kind,
        "unit": spec.unit,
        "direction": spec.direction,
        "definition": spec.definition,
        "source": metric.source.id if metric.source else None,
        "owner": metric.owner.id if metric.owner else None,
        "journeys": [j.id for j in metric.journeys],
        "target": spec.target,
        "aliases": list(spec.aliases),
        "csv": f"measurements/{metric.id}.csv" if metric.csv_source else None,
        # segment -> observations; "" is the series without a segment (JSON keys are text)
        "series": {segment or "": [_observation(o) for o in points]
                   for segment, points in metric.series.items()},
        "steps": [s.ref for s in metric.steps],
        "phases": [p.id for p in metric.phases],
        "opportunities": [o.id for o in metric.opportunities],
        "experiments": [e.id for e in metric.experiments],
    }


def _experiment(exp: Experiment) -> dict[str, Any]:
    return {**exp.spec.model_dump(mode="json"), "metric": exp.metric.id,
            "opportunity": exp.opportunity.id}
