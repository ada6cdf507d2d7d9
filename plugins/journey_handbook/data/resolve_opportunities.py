"""Opportunities (ids unique across the handbook), the steps and evidence they name, their
outcome metric and their experiments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import model as m
from . import schema
from .document import Document
from .resolve_metrics import metric_named
from .resolve_refs import NO_TEAM, absent, raw, raw_ids
from .suggest import did_you_mean
from .yamlsource import Path_

if TYPE_CHECKING:
    from .resolve import Resolver


class _Seen:
    """What the opportunities resolved so far have claimed, across every map."""

    def __init__(self, journeys: list[tuple[Document, m.Journey]]):
        self.opportunities: dict[str, str] = {}  # id -> where it is first defined
        self.experiments: dict[str, str] = {}  # id -> where it is first defined
        self.aliases: dict[str, str] = {}
        self.ids = {o.id for _, j in journeys for o in j.spec.opportunities or []
                    if not absent(o)}


def opportunities(r: Resolver, journeys: list[tuple[Document, m.Journey]]) -> None:
    seen = _Seen(journeys)
    for doc, journey in journeys:
        for i, spec in enumerate(journey.spec.opportunities or []):
            if absent(spec):
                continue
            at = ("opportunities", i)
            if spec.id in seen.opportunities:
                r.error(doc, (*at, "id"),
                        f"duplicate opportunity id '{spec.id}' "
                        f"(first defined in {seen.opportunities[spec.id]})",
                        "opportunity ids are unique across the whole handbook")
                continue
            seen.opportunities[spec.id] = f"{doc.source.path}:{doc.source.mark((*at, 'id'))[0]}"
            for j, alias in enumerate(spec.aliases or []):
                r.claim_alias(doc, (*at, "aliases", j), alias, spec.id, seen.ids,
                              seen.aliases, "opportunity")
            _opportunity(r, doc, at, spec, journey, seen)


def _opportunity(r: Resolver, doc: Document, at: Path_, spec: schema.Opportunity,
                 journey: m.Journey, seen: _Seen) -> None:
    owner = r.check_ref(doc, (*at, "owner"), spec.owner, r.teams)
    opp = m.Opportunity(spec, journey, owner or NO_TEAM)
    for j, ref in enumerate(spec.steps or []):
        step = step_ref(r, doc, (*at, "steps", j), ref, journey)
        if step:
            opp.steps.append(step)
            step.opportunities.append(opp)
    for j, eid in enumerate(spec.evidence or []):
        ev = r.check_ref(doc, (*at, "evidence", j), eid, r.evidence)
        if ev:
            opp.evidence.append(ev)
            ev.opportunities.append(opp)
    _outcome(r, doc, at, opp)
    for j, exp in enumerate(spec.experiments or []):
        if not absent(exp):
            _experiment(r, doc, (*at, "experiments", j), exp, opp, seen.experiments)
    journey.opportunities.append(opp)
    r.handbook.opportunities[spec.id] = opp


def step_ref(r: Resolver, doc: Document, path: Path_, ref: str | None,
             journey: m.Journey) -> m.Step | None:
    """The step `ref` names: `step-id` on this map, or `journey-id/step-id` on another."""
    if ref is None:
        return None
    journey_id, _, step_id = ref.rpartition("/")
    target = journey
    if journey_id:
        journey_id = r.handbook.journey_aliases.get(journey_id, journey_id)
        if journey_id in r.journeys.broken:
            return None
        target = r.journeys.live.get(journey_id)
        if target is None:
            r.error(doc, path, f"unknown journey '{journey_id}' in step reference '{ref}'",
                    did_you_mean(journey_id, r.journeys.live, "journey ids"))
            return None
    for step in target.steps:
        if step.id == step_id or step_id in step.spec.aliases:
            return step
    source = next(d.source for d in r.docs if d.kind == "journey" and d.id == target.id)
    if step_id in raw_ids(source.data, "steps"):
        return None  # the step exists but failed its own checks
    r.error(doc, path, f"unknown step '{step_id}' in journey '{target.id}'",
            did_you_mean(step_id, [s.id for s in target.steps], "step ids"))
    return None


def _outcome(r: Resolver, doc: Document, at: Path_, opp: m.Opportunity) -> None:
    outcome = opp.spec.outcome
    metric = metric_named(r.handbook, outcome.metric if outcome else None)
    if metric is None:
        return
    opp.outcome_metric = metric
    metric.opportunities.append(opp)
    for name in ("baseline", "target"):
        value = getattr(outcome, name)
        if value is not None and schema.parse_number(str(value)) is None:
            r.error(doc, (*at, "outcome", name),
                    f"{schema.number_problem(str(value))}: the outcome's metric "
                    f"'{metric.id}' is a metric id, so its {name} is a number in its "
                    f"unit ({metric.unit or 'no unit'})",
                    "write a plain number (percent as 0-100, like 62 or 62%), or "
                    "name the outcome in words if it is not that metric")


def _experiment(r: Resolver, doc: Document, at: Path_, spec: schema.Experiment,
                opp: m.Opportunity, first: dict[str, str]) -> None:
    if spec.id in first:
        r.error(doc, (*at, "id"), f"duplicate experiment id '{spec.id}' (first "
                f"defined in {first[spec.id]})",
                "experiment ids are unique across the whole handbook")
        return
    first[spec.id] = f"{doc.source.path}:{doc.source.mark((*at, 'id'))[0]}"
    if spec.status == "concluded":
        for name in ("end", "result"):
            if getattr(spec, name) is None and raw(doc, (*at, name)) is None:
                r.error(doc, (*at, "status"), f"a concluded experiment needs '{name}'",
                        "add `end: YYYY-MM-DD` and `result: what was measured`, "
                        "or set the status to running or stopped")
    if spec.end is not None and spec.start is not None and spec.end <= spec.start:
        r.error(doc, (*at, "end"), f"end {spec.end.isoformat()} is not after start "
                f"{spec.start.isoformat()}", "an experiment ends after it starts")
    if spec.metric is None:
        return
    name = r.handbook.metric_aliases.get(spec.metric, spec.metric)
    metric = r.check_ref(doc, (*at, "metric"), name, r.metrics)
    if metric is None or spec.start is None:
        return
    exp = m.Experiment(spec, metric, opp)
    opp.experiments.append(exp)
    metric.experiments.append(exp)
    r.handbook.experiments[spec.id] = exp
