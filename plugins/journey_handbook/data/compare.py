"""The one comparison of journeys and steps: used by `journeys diff` (two versions of the
handbook) and by a future map's `#compare` section (the future map against its current one).

Items are matched by id; an item whose `aliases` name an id that disappeared is the same
item renamed, not a removal plus an addition. Steps report what planning cares about (phase
moves, emotion up or down, known versus hypothesized) and then the names of the other fields
that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import Journey, Step


@dataclass
class StepChange:
    journey: str  # the journey's id on the side where the step exists (head if both)
    journey_title: str
    id: str
    action: str
    status: str = "changed"  # added, removed or changed
    renamed_from: str | None = None
    moved: tuple[str, str] | None = None  # phase ids (base, head)
    emotion: tuple[int | None, int | None] | None = None  # scores, only when they differ
    confidence: tuple[str, str] | None = None  # known / hypothesized, when it differs
    phase: str = ""  # the step's phase (head side, or base side when removed)
    fields: list[str] = field(default_factory=list)  # other changed fields

    @property
    def emotion_direction(self) -> str | None:
        if not self.emotion:
            return None
        before, after = self.emotion
        if before is None:
            return "set"
        if after is None:
            return "cleared"
        return "up" if after > before else "down"


# --- matching ---------------------------------------------------------------------------

def match_ids(base: Iterable[str], head: dict[str, Any],
              aliases_of: Callable[[Any], Iterable[str]]
              ) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(added, removed, pairs): pairs are (base id, head id), different for a rename.

    A head item is a rename of a base item when its aliases name that base id and
    the base id no longer exists in head.
    """
    base = list(base)
    removed = [k for k in base if k not in head]
    added = [k for k in head if k not in set(base)]
    pairs = [(k, k) for k in base if k in head]
    for new in list(added):
        for alias in aliases_of(head[new]) or ():
            if alias in removed:
                removed.remove(alias)
                added.remove(new)
                pairs.append((alias, new))
                break
    return added, removed, pairs


def changed_fields(before: Any, after: Any, ignore: Iterable[str] = ()) -> list[str]:
    """Names of the top-level fields whose values differ, in declaration order."""
    if before is after:  # the same parsed file (a ParseCache hit): nothing to compare
        return []
    ignore = {"id", "aliases", *ignore}
    a = before.model_dump(mode="json", exclude=ignore)
    b = after.model_dump(mode="json", exclude=ignore)
    order = list(type(after).model_fields) + [k for k in a if k not in type(after).model_fields]
    return [k for k in order if k not in ignore and a.get(k) != b.get(k)]


# --- journeys and steps -------------------------------------------------------------------

def compare_journey(before: Journey, after: Journey) -> tuple[list[str], list[StepChange]]:
    """(changed journey-level fields, step changes) of one journey present on both sides."""
    fields = changed_fields(before.spec, after.spec, ignore=("steps", "opportunities"))
    base_steps = {s.id: s for s in before.steps}
    head_steps = {s.id: s for s in after.steps}
    added, removed, pairs = match_ids(base_steps, head_steps, lambda s: s.aliases)
    changes: list[StepChange] = []
    for sid in added:
        step = head_steps[sid]
        changes.append(_step_ref(after, step, "added"))
    for sid in removed:
        changes.append(_step_ref(before, base_steps[sid], "removed"))
    for old, new in pairs:
        change = compare_step(after, base_steps[old], head_steps[new])
        if change:
            changes.append(change)
    base_order = [old for old, _ in sorted(pairs, key=lambda p: base_steps[p[0]].index)]
    head_order = [old for old, _ in sorted(pairs, key=lambda p: head_steps[p[1]].index)]
    if base_order != head_order:
        fields.append("step order")
    # Journey order: steps as they appear on the page, removed ones where they were.
    def page_order(change: StepChange) -> tuple[int, int]:
        if change.status == "removed":
            return base_steps[change.id].index, 1
        return head_steps[change.id].index, 0

    changes.sort(key=page_order)
    return fields, changes


def _step_ref(journey: Journey, step: Step, status: str) -> StepChange:
    return StepChange(journey.id, journey.title, step.id, step.action, status,
                      phase=step.phase.id)


def compare_step(journey: Journey, before: Step, after: Step) -> StepChange | None:
    change = _step_ref(journey, after, "changed")
    if before.id != after.id:
        change.renamed_from = before.id
    if before.phase.id != after.phase.id:
        change.moved = (before.phase.id, after.phase.id)
    score_a = before.emotion.score if before.emotion else None
    score_b = after.emotion.score if after.emotion else None
    if score_a != score_b:
        change.emotion = (score_a, score_b)
    if before.confidence != after.confidence:
        change.confidence = (before.confidence, after.confidence)
    fields = changed_fields(before.spec, after.spec, ignore=("phase", "confidence"))
    if "emotion" in fields and before.emotion and after.emotion and \
            changed_fields(before.emotion, after.emotion) == ["score"]:
        fields.remove("emotion")  # only the score changed: reported as up or down
    if "emotion" in fields and (before.emotion is None or after.emotion is None):
        fields.remove("emotion")  # set or cleared: reported with the score
    change.fields = fields
    if change.renamed_from or change.moved or change.emotion or change.confidence or fields:
        return change
    return None
