"""Relations between journeys: future maps (`state`, `future_of`, `delivered_by`) and nested
maps (`part_of`), checked and linked once every journey and opportunity is resolved.

Every rule of the spec's "Future state" and "Nested maps" sections is an error at the exact
value that breaks it, with the nearest known ids as a hint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import model as m
from .document import Document
from .suggest import did_you_mean
from .yamlsource import Path_

# error(doc, path, message, hint, key=False): the resolver's way of reporting
Report = Callable[..., None]


def link_relations(journeys: list[tuple[Document, m.Journey]], handbook: m.Handbook,
                   broken: set[str], report: Report) -> None:
    """`broken`: ids of journeys whose files failed to parse (references to them are fine)."""
    for doc, journey in journeys:
        _future(doc, journey, handbook, broken, report)
    for doc, journey in journeys:
        _nesting(doc, journey, handbook, broken, report)
        _delivered_by(doc, journey, handbook, report)
    for doc, journey in journeys:
        _anchors(doc, journey, report)


def _target(doc: Document, path: Path_, value: str, handbook: m.Handbook, broken: set[str],
            report: Report) -> m.Journey | None:
    """The journey a reference names (an old id through its alias), or an error."""
    journey_id = handbook.journey_aliases.get(value, value)
    target = handbook.journeys.get(journey_id)
    if target is None and journey_id not in broken:
        report(doc, path, f"unknown journey '{value}'",
               did_you_mean(value, handbook.journeys, "journey ids"))
    return target


def _chain(journey: m.Journey, handbook: m.Handbook) -> list[str]:
    """The ids met following `future_of` through future maps, until a repeat or an end."""
    seen: list[str] = []
    current: m.Journey | None = journey
    while current is not None and current.id not in seen:
        seen.append(current.id)
        name = current.spec.future_of if current.is_future else None
        current = handbook.journeys.get(handbook.journey_aliases.get(name, name)) \
            if name else None
    if current is not None:
        seen.append(current.id)
    return seen


def _future(doc: Document, journey: m.Journey, handbook: m.Handbook, broken: set[str],
            report: Report) -> None:
    spec = journey.spec
    if spec.future_of is None:
        if journey.is_future and _raw(doc, "future_of") is None:
            report(doc, ("state",), "a future map needs `future_of`: the current journey it "
                   "is the future of",
                   "add `future_of: <journey-id>` naming the current map, "
                   + did_you_mean("", [j.id for j in handbook.current_journeys()],
                                  "current journey ids"), key=True)
        return
    at = ("future_of",)
    if not journey.is_future:
        report(doc, at, f"`future_of: {spec.future_of}` on a current map: only a map with "
               "`state: future` is the future of another",
               "add `state: future`, or remove `future_of`")
        return
    target = _target(doc, at, spec.future_of, handbook, broken, report)
    if target is None:
        return
    chain = _chain(journey, handbook)
    if chain[-1] in chain[:-1] and journey.id in chain[chain.index(chain[-1]):]:
        loop = " -> ".join(chain[chain.index(chain[-1]):])
        report(doc, at, f"`future_of` makes a cycle: {loop}",
               "a future map names the current map it changes; one of these maps is the "
               "current one: set `state: current` there and remove its `future_of`")
        return
    if target.is_future:
        report(doc, at, f"'{target.id}' is itself a future map (of "
               f"'{target.spec.future_of}'): a future map is the future of a current one",
               f"name the current map instead: future_of: {target.spec.future_of}"
               if target.spec.future_of else "name a map with `state: current`")
        return
    journey.current = target
    target.futures.append(journey)


def _nesting(doc: Document, journey: m.Journey, handbook: m.Handbook, broken: set[str],
             report: Report) -> None:
    part = journey.spec.part_of
    if part is None:
        return
    scope = journey.spec.scope
    kind = scope.type if scope else None
    if kind != "focused":
        report(doc, ("part_of",), f"only a focused map may be `part_of` another; this map's "
               f"scope.type is {kind or 'not set'}",
               "set `scope: {type: focused}`, or remove `part_of`", key=True)
        return
    parent = _target(doc, ("part_of", "journey"), part.journey, handbook, broken, report)
    if parent is None:
        return
    parent_kind = parent.scope.type if parent.scope else None
    if parent_kind != "end-to-end":
        report(doc, ("part_of", "journey"), f"'{parent.id}' is not an end-to-end map (its "
               f"scope.type is {parent_kind or 'not set'}): a focused map details part of "
               "an end-to-end map",
               did_you_mean(part.journey, [j.id for j in handbook.journeys.values()
                                           if j.scope and j.scope.type == "end-to-end"],
                            "end-to-end journey ids"))
        return
    first = _step(doc, ("part_of", "from"), part.from_, parent, report)
    last = _step(doc, ("part_of", "to"), part.to, parent, report)
    if first is None or last is None:
        return
    if parent.steps.index(last) < parent.steps.index(first):
        report(doc, ("part_of", "to"), f"`to: {part.to}` comes before `from: {part.from_}` in "
               f"'{parent.id}' (step {parent.steps.index(last) + 1} before step "
               f"{parent.steps.index(first) + 1})", "swap `from` and `to`")
        return
    journey.parent = parent
    journey.part_range = (first, last)
    parent.focused.append(journey)


def _step(doc: Document, path: Path_, step_id: str, parent: m.Journey,
          report: Report) -> m.Step | None:
    for step in parent.steps:
        if step.id == step_id or step_id in step.aliases:
            return step
    if parent.complete or step_id not in {s.id for s in parent.spec.steps or [] if s}:
        report(doc, path, f"unknown step '{step_id}' in journey '{parent.id}'",
               did_you_mean(step_id, [s.id for s in parent.steps], "step ids"))
    return None


def _delivered_by(doc: Document, journey: m.Journey, handbook: m.Handbook,
                  report: Report) -> None:
    aliases = {a: o.id for o in handbook.opportunities.values() for a in o.aliases}
    for step in journey.steps:
        for j, opp_id in enumerate(step.spec.delivered_by or []):
            if opp_id is None:
                continue
            opp = handbook.opportunities.get(aliases.get(opp_id, opp_id))
            if opp is None:
                report(doc, ("steps", step.index, "delivered_by", j),
                       f"unknown opportunity '{opp_id}' in `delivered_by`",
                       did_you_mean(opp_id, handbook.opportunities, "opportunity ids"))
            elif opp not in step.delivered_by:
                step.delivered_by.append(opp)


def _anchors(doc: Document, journey: m.Journey, report: Report) -> None:
    """A future map's page has `#compare`, a current map with future maps `#future`: a step
    with that id would lose its anchor (only on those maps: elsewhere the ids stay free)."""
    taken = {"compare": journey.current is not None, "future": bool(journey.futures)}
    for step in journey.steps:
        if taken.get(step.id):
            report(doc, ("steps", step.index, "id"),
                   f"step id '{step.id}' is reserved on this map: its page uses "
                   f"#{step.id} for its own section", "choose another step id")


def _raw(doc: Document, key: str) -> Any:
    data = doc.source.data
    return data.get(key) if isinstance(data, dict) else None
