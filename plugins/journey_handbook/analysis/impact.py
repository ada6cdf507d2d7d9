"""What depends on a touchpoint, persona, phase, team or evidence source.

"If we change the consent form, what is affected?" The journeys, steps and
opportunities come from the resolved model. The pages are found by rendering the
site twice, the second time with the item's name replaced by a probe: every page
whose output changes shows the item, whatever the page modules chose to display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..data.model import Experiment, Handbook, Journey, Metric, Opportunity, Phase, Step
from ..data.suggest import did_you_mean
from ..site import urls
from ..site.pages import PageContext, render_site

KINDS = ("touchpoint", "persona", "phase", "team", "evidence", "metric", "journey")
_NAME_FIELD = {"touchpoint": "name", "persona": "name", "phase": "name", "team": "name",
               "evidence": "title", "metric": "name", "journey": "title"}
_PROBE = "Impact probe 7f3a"


class UnknownItem(Exception):
    """The id names nothing of that kind; the message suggests the nearest ids."""


@dataclass
class StepUse:
    step: Step
    how: str  # e.g. "uses it", "acts", "cites it"


@dataclass
class OpportunityUse:
    opportunity: Opportunity
    how: str


@dataclass
class PhaseUse:
    phase: Phase
    how: str


@dataclass
class JourneyUse:
    journey: Journey
    how: str  # e.g. "future map of it", "details steps 3–5 of it"


@dataclass
class Impact:
    kind: str
    id: str
    name: str
    requested: str  # the id as given (an old id resolves through aliases)
    journeys: list[Journey] = field(default_factory=list)
    steps: list[StepUse] = field(default_factory=list)
    opportunities: list[OpportunityUse] = field(default_factory=list)
    touchpoints: list[str] = field(default_factory=list)  # touchpoint ids a team owns
    phases: list[PhaseUse] = field(default_factory=list)  # a metric's phases
    experiments: list[Experiment] = field(default_factory=list)  # experiments on a metric
    pages: list[str] = field(default_factory=list)  # docs-relative page paths
    related: list[JourneyUse] = field(default_factory=list)  # a journey's related maps

    @property
    def urls(self) -> list[str]:
        return [urls.url(p) for p in self.pages]


def _items(handbook: Handbook, kind: str) -> dict[str, Any]:
    return {"touchpoint": handbook.touchpoints, "persona": handbook.personas,
            "phase": handbook.phases, "team": handbook.teams,
            "evidence": handbook.evidence, "metric": handbook.metrics,
            "journey": handbook.journeys}[kind]


def find(handbook: Handbook, kind: str, item_id: str) -> Any:
    items = _items(handbook, kind)
    if kind == "persona":
        item_id = handbook.persona_aliases.get(item_id, item_id)
    if kind == "metric":
        item_id = handbook.metric_aliases.get(item_id, item_id)
    if kind == "journey":
        item_id = handbook.journey_aliases.get(item_id, item_id)
    if item_id not in items:
        raise UnknownItem(f"unknown {kind} '{item_id}': "
                          f"{did_you_mean(item_id, items, kind + ' ids')}")
    return items[item_id]


def impact(handbook: Handbook, kind: str, item_id: str, today: date) -> Impact:
    item = find(handbook, kind, item_id)
    name = getattr(item.spec, _NAME_FIELD[kind])
    result = Impact(kind, item.id, name, item_id)
    steps, opportunities = _uses(handbook, kind, item)
    result.steps = steps
    result.opportunities = opportunities
    journeys = {s.step.journey.id: s.step.journey for s in steps}
    journeys |= {o.opportunity.journey.id: o.opportunity.journey for o in opportunities}
    if kind == "persona":
        journeys |= {j.id: j for j in handbook.journeys.values() if item in j.personas}
    if kind == "team":
        journeys |= {j.id: j for j in handbook.journeys.values() if j.owner is item}
        result.touchpoints = sorted(t.id for t in handbook.touchpoints.values()
                                    if t.owner is item)
    if kind == "metric":
        journeys |= {j.id: j for j in item.journeys}
        result.phases = _metric_phases(item)
        result.experiments = list(item.experiments)
    if kind == "journey":
        result.related = related_maps(item)
        journeys |= {u.journey.id: u.journey for u in result.related}
    result.journeys = [handbook.journeys[j] for j in sorted(journeys)]
    result.pages = dependent_pages(handbook, kind, item, today)
    return result


def _uses(handbook: Handbook, kind: str, item: Any
          ) -> tuple[list[StepUse], list[OpportunityUse]]:
    steps: list[StepUse] = []
    for step in handbook.all_steps():
        how = _step_use(kind, item, step)
        if how:
            steps.append(StepUse(step, how))
    affected = {id(u.step) for u in steps}
    opportunities: list[OpportunityUse] = []
    for opp in handbook.backlog():
        if kind == "metric" and (opp.outcome_metric is item or
                                 any(e.metric is item for e in opp.experiments)):
            hows = ["its outcome"] if opp.outcome_metric is item else []
            hows += [f"experiment '{e.id}' ({e.status})" for e in opp.experiments
                     if e.metric is item]
            opportunities.append(OpportunityUse(opp, "; ".join(hows)))
        elif kind == "team" and opp.owner is item:
            opportunities.append(OpportunityUse(opp, "owned by the team"))
        elif kind == "journey" and opp.journey is item and \
                any(opp in u.step.delivered_by for u in steps):
            opportunities.append(OpportunityUse(opp, "delivers steps of a future map"))
        elif kind == "evidence" and item in opp.evidence:
            opportunities.append(OpportunityUse(opp, "cites it"))
        elif any(id(s) in affected for s in opp.steps):
            opportunities.append(OpportunityUse(opp, "on an affected step"))
    return steps, opportunities


def related_maps(journey: Journey) -> list[JourneyUse]:
    """The maps tied to a journey: its future maps compare against it, its focused maps name
    its steps in `part_of`; and the current or end-to-end map it belongs to itself."""
    uses = [JourneyUse(f, "a future map of it: its page compares the two") for f in journey.futures]
    for f in journey.focused:
        first, last = f.part_range
        uses.append(JourneyUse(f, f"a focused map of its steps {first.id} to {last.id}"))
    if journey.current is not None:
        uses.append(JourneyUse(journey.current, "the current map it is the future of"))
    if journey.parent is not None:
        uses.append(JourneyUse(journey.parent, "the end-to-end map it details"))
    return uses


def _step_use(kind: str, item: Any, step: Step) -> str:
    if kind == "touchpoint":
        if step.touchpoint is item:
            return "uses it"
        if any(b.touchpoint is item for b in step.barriers):
            return "names a barrier at it"
    elif kind in ("persona", "team"):
        roles = []
        if step.actor is item:
            roles.append("acts")
        if step.handoff_to is item:
            roles.append("receives the hand-off")
        return " and ".join(roles)
    elif kind == "phase":
        return "is in this phase" if step.phase is item else ""
    elif kind == "journey":
        return _journey_step_use(item, step)
    elif kind == "evidence":
        return "cites it" if any(c.evidence is item for c in step.evidence) else ""
    elif kind == "metric" and item in step.metric_links:
        names = {item.id, *item.aliases}
        lists = [name for name in ("progress", "failure")
                 if names & set(getattr(step.metrics, name) or [])]
        return "names it in metrics." + " and ".join(lists)
    return ""


def _journey_step_use(journey: Journey, step: Step) -> str:
    """Its steps a focused map details; future steps its opportunities deliver."""
    hows = []
    if step.journey is journey:
        hows += [f"detailed in focused map '{f.id}'" for f in journey.focused
                 if step in journey.steps_between(*f.part_range)]
    hows += [f"delivered by its opportunity '{o.id}'" for o in step.delivered_by
             if o.journey is journey]
    return "; ".join(hows)


def _metric_phases(metric: Metric) -> list[PhaseUse]:
    uses = [PhaseUse(metric.phase, "the phase it judges")]
    uses += [PhaseUse(p, "names it in its metrics") for p in metric.phases
             if p is not metric.phase]
    if metric.phase in metric.phases:
        uses[0].how += "; names it in its metrics"
    return uses


def dependent_pages(handbook: Handbook, kind: str, item: Any, today: date) -> list[str]:
    """Pages whose output changes when the item's name changes (see the module docstring)."""
    ctx = PageContext(handbook, today, {})
    before = render_site(ctx).pages
    original = item.spec
    item.spec = original.model_copy(update={_NAME_FIELD[kind]: _PROBE})
    try:
        after = render_site(ctx).pages
    finally:
        item.spec = original
    changed = {p for p in before if p.endswith(".md") and before[p] != after.get(p)}
    # the contract pages of the kind, where the site has them
    own = {p for p in _contract_pages(handbook, kind, item) if p in before}
    return sorted(changed | own, key=urls.site_order)


def _contract_pages(handbook: Handbook, kind: str, item: Any) -> list[str]:
    own = {"touchpoint": [urls.TOUCHPOINTS], "evidence": [urls.EVIDENCE],
           "persona": [urls.persona(item.id)], "phase": [urls.phase(item.id)],
           "team": [], "metric": [urls.METRICS, urls.metric(item.id)],
           "journey": [urls.journey(item.id), urls.board(item.id)]}[kind]
    if kind == "metric":  # pages that show its id where steps, phases and outcomes name it
        own += [urls.journey(s.journey.id) for s in item.steps]
        own += [urls.phase(p.id) for p in item.phases]
        own += [urls.BACKLOG] if item.opportunities else []
    return own
