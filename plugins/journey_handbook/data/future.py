"""A future map against its current map: what the `#compare` section shows.

The step matching and the list of changed fields come from the one comparison engine
(`compare.compare_journey`, the same as `journeys diff`); this module only reads, for each
matched pair, the old and new values a reader needs to see side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .compare import StepChange, compare_journey
from .model import Journey, Opportunity, Step, Touchpoint

# Fields shown as their own rows; the others are listed by name.
DETAILED = ("action", "touchpoint", "barriers", "handoff")
NOT_LISTED = {"delivered_by", "emotion", *DETAILED}


@dataclass
class FieldChange:
    name: str  # action, touchpoint, feeling score, barriers, hand-off
    old: str
    new: str


@dataclass
class StepDelta:
    change: StepChange  # status: added, removed or changed (from the engine)
    current: Step | None  # None for an added step
    future: Step | None  # None for a removed step
    fields: list[FieldChange] = field(default_factory=list)
    barriers_removed: list[str] = field(default_factory=list)
    barriers_added: list[str] = field(default_factory=list)
    other_fields: list[str] = field(default_factory=list)  # changed, not shown as rows

    @property
    def delivered_by(self) -> list[Opportunity]:
        return self.future.delivered_by if self.future else []


@dataclass
class RegulatedChange:
    touchpoint: Touchpoint
    status: str  # added, removed, changed (used at other steps)
    current_steps: list[Step]
    future_steps: list[Step]


@dataclass
class FutureComparison:
    current: Journey
    future: Journey
    steps: list[StepDelta]  # in the future map's order, removed steps where they were
    unchanged: list[Step]  # future steps kept as they are
    regulated: list[RegulatedChange]

    def count(self, status: str) -> int:
        return sum(d.change.status == status for d in self.steps)

    def today(self) -> dict[str, Step]:
        """Future step id -> the same step on the current map (kept, changed or renamed)."""
        by_id = {s.id: s for s in self.current.steps}
        out = {s.id: by_id[s.id] for s in self.unchanged if s.id in by_id}
        out |= {d.future.id: d.current for d in self.steps if d.future and d.current}
        return out

    @property
    def opportunities(self) -> list[Opportunity]:
        """Every opportunity that delivers a future step, once, in step order."""
        seen: dict[str, Opportunity] = {}
        for step in self.future.steps:
            for opp in step.delivered_by:
                seen.setdefault(opp.id, opp)
        return list(seen.values())


def compare_future(future: Journey) -> FutureComparison | None:
    """None when the map is not a (resolved) future map."""
    current = future.current
    if current is None:
        return None
    _, changes = compare_journey(current, future)
    by_id = {s.id: s for s in current.steps}
    future_by_id = {s.id: s for s in future.steps}
    deltas = []
    for change in changes:
        if change.status == "removed":
            deltas.append(StepDelta(change, by_id[change.id], None))
        elif change.status == "added":
            deltas.append(StepDelta(change, None, future_by_id[change.id]))
        else:
            old = by_id[change.renamed_from or change.id]
            deltas.append(_delta(change, old, future_by_id[change.id]))
    touched = {d.future.id for d in deltas if d.future}
    unchanged = [s for s in future.steps if s.id not in touched]
    renames = {c.id: c.renamed_from for c in changes if c.renamed_from}
    return FutureComparison(current, future, deltas, unchanged,
                            regulated_changes(current, future, renames))


def _delta(change: StepChange, old: Step, new: Step) -> StepDelta:
    delta = StepDelta(change, old, new)
    if "action" in change.fields:
        delta.fields.append(FieldChange("action", old.action, new.action))
    if "touchpoint" in change.fields:
        delta.fields.append(FieldChange("touchpoint", _touchpoint(old), _touchpoint(new)))
    if change.emotion:
        before, after = change.emotion
        delta.fields.append(FieldChange("feeling score", _score(before), _score(after)))
    if "barriers" in change.fields:
        old_texts, new_texts = [b.text for b in old.barriers], [b.text for b in new.barriers]
        delta.barriers_removed = [t for t in old_texts if t not in new_texts]
        delta.barriers_added = [t for t in new_texts if t not in old_texts]
    if "handoff" in change.fields:
        delta.fields.append(FieldChange("hand-off", _handoff(old), _handoff(new)))
    delta.other_fields = [f for f in change.fields if f not in NOT_LISTED]
    if change.moved:
        delta.other_fields.insert(0, "phase")
    return delta


def _touchpoint(step: Step) -> str:
    return step.touchpoint.name if step.touchpoint else "none"


def _score(score: int | None) -> str:
    return f"{score}/5" if score is not None else "not recorded"


def _handoff(step: Step) -> str:
    if step.handoff_to is None:
        return "none"
    note = step.handoff.note if step.handoff else None
    return f"to {step.handoff_to.name}" + (f": {note}" if note else "")


def regulated_changes(current: Journey, future: Journey,
                      renames: dict[str, str]) -> list[RegulatedChange]:
    """Regulated touchpoints (consent, identity checks, data sharing...) the future map adds,
    removes, or uses at other steps than today. `renames`: future step id -> the current
    step id it replaces (matched by alias)."""
    def uses(journey: Journey) -> dict[str, list[Step]]:
        out: dict[str, list[Step]] = {}
        for step in journey.steps:
            if step.touchpoint is not None and step.touchpoint.regulated:
                out.setdefault(step.touchpoint.id, []).append(step)
        return out

    now, then = uses(current), uses(future)
    touchpoints = {s.touchpoint.id: s.touchpoint for j in (current, future) for s in j.steps
                   if s.touchpoint is not None}
    out = []
    for tp_id in [*then, *(t for t in now if t not in then)]:
        old, new = now.get(tp_id, []), then.get(tp_id, [])
        if not old:
            status = "added"
        elif not new:
            status = "removed"
        elif sorted(s.id for s in old) != sorted(renames.get(s.id, s.id) for s in new):
            status = "changed"
        else:
            continue
        out.append(RegulatedChange(touchpoints[tp_id], status, old, new))
    return out

