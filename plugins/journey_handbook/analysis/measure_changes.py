"""What a change does to the measures: metrics, observations, experiments, targets, triage.

Part of `journeys diff` (changes.py holds the rest). Observations are matched by segment
and date: a date that is new on the head side is a new observation, a date on both sides
with another value is a revision. A metric "moves past its target" when its latest value
did not reach the target before and does after; a re-triage "becomes due" when an
opportunity needs one on the head side and did not on the base side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..data.measures import retriage_reasons
from ..data.model import Experiment, Handbook, Metric


@dataclass
class ObservationChange:
    metric: str
    name: str
    added: int = 0
    revised: int = 0
    removed: int = 0
    segments: list[str] = field(default_factory=list)  # segments with new observations
    latest_date: str | None = None  # head's latest new observation
    latest: tuple[float | None, float | None] | None = None  # overall latest value, base->head


@dataclass
class TargetCrossing:
    metric: str
    name: str
    segment: str | None
    target: float
    value: float
    date: str
    direction: str


@dataclass
class ExperimentChange:
    id: str
    metric: str
    opportunity: str
    status: str  # added, removed or changed
    status_change: tuple[str, str] | None = None
    fields: list[str] = field(default_factory=list)
    current_status: str = ""

    @property
    def concluded(self) -> bool:
        return bool(self.status_change) and self.status_change[1] == "concluded"


@dataclass
class RetriageDue:
    id: str
    title: str
    journey: str
    reasons: list[str]


def _keys(metric: Metric) -> dict[tuple[str | None, str], float]:
    return {(o.segment, o.date.isoformat()): o.value for o in metric.observations()}


def observation_changes(before: Handbook | None, after: Handbook,
                        renames: dict[str, str]) -> list[ObservationChange]:
    out = []
    old_by_new = {new: old for old, new in renames.items()}
    for mid, metric in after.metrics.items():
        old = before.metrics.get(old_by_new.get(mid, mid)) if before else None
        base = _keys(old) if old else {}
        head = _keys(metric)
        added = [k for k in head if k not in base]
        revised = [k for k in head if k in base and head[k] != base[k]]
        removed = [k for k in base if k not in head]
        if not (added or revised or removed):
            continue
        latest_old = old.latest() if old else None
        latest_new = metric.latest()
        out.append(ObservationChange(
            mid, metric.name, len(added), len(revised), len(removed),
            sorted({s for s, _ in added if s}),
            max((d for _, d in added), default=None),
            (latest_old.value if latest_old else None,
             latest_new.value if latest_new else None)))
    return out


def _reached(metric: Metric, value: float, target: float) -> bool:
    return value >= target if metric.direction == "up" else value <= target


def target_crossings(before: Handbook | None, after: Handbook,
                     renames: dict[str, str]) -> list[TargetCrossing]:
    out = []
    old_by_new = {new: old for old, new in renames.items()}
    for mid, metric in after.metrics.items():
        if metric.target is None:
            continue
        old = before.metrics.get(old_by_new.get(mid, mid)) if before else None
        for segment in metric.series:
            now = metric.latest(segment)
            was = old.latest(segment) if old else None
            if now is None or (was is not None and was.date == now.date and
                               was.value == now.value):
                continue
            if _reached(metric, now.value, metric.target) and \
                    (was is None or not _reached(metric, was.value, metric.target)):
                out.append(TargetCrossing(mid, metric.name, segment, metric.target,
                                          now.value, now.date.isoformat(), metric.direction))
    return out


def _experiment_ref(exp: Experiment, status: str) -> ExperimentChange:
    return ExperimentChange(exp.id, exp.metric.id, exp.opportunity.id, status,
                            current_status=exp.status)


def experiment_changes(before: Handbook | None, after: Handbook) -> list[ExperimentChange]:
    base = before.experiments if before else {}
    head = after.experiments
    out = [_experiment_ref(head[k], "added") for k in head if k not in base]
    out += [_experiment_ref(base[k], "removed") for k in base if k not in head]
    for k in (k for k in head if k in base):
        a, b = base[k], head[k]
        change = _experiment_ref(b, "changed")
        if a.status != b.status:
            change.status_change = (a.status, b.status)
        dumped_a = a.spec.model_dump(mode="json", exclude={"id", "status"})
        dumped_b = b.spec.model_dump(mode="json", exclude={"id", "status"})
        change.fields = [f for f in type(b.spec).model_fields
                         if f in dumped_b and dumped_a.get(f) != dumped_b.get(f)]
        if a.opportunity.id != b.opportunity.id:
            change.fields.append("opportunity")
        if change.status_change or change.fields:
            out.append(change)
    return out


def retriage_due(before: Handbook | None, after: Handbook,
                 opportunity_renames: dict[str, str]) -> list[RetriageDue]:
    """Opportunities that need re-triage on the head side and did not on the base side."""
    old_by_new = {new: old for old, new in opportunity_renames.items()}
    out = []
    for opp in after.backlog():
        reasons = retriage_reasons(opp)
        if not reasons:
            continue
        old = before.opportunities.get(old_by_new.get(opp.id, opp.id)) if before else None
        if old is not None and retriage_reasons(old):
            continue
        out.append(RetriageDue(opp.id, opp.title, opp.journey.id, reasons))
    return out
