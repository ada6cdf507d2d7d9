"""Parts of a page drawn from one step (its section, its grid entries, its board items, its
rows on a persona's, phase's or touchpoint's page), kept between preview renders when
nothing the step shows changed.

A shared edit (renaming a persona, a team or a touchpoint, editing a phase goal) renders every
journey page and board again, since each shows those names somewhere. Most of their steps
show none of what changed. A step part is a pure function of its page, the step as its
map file writes it and what the step's references resolve to, so it is kept under a key
made of:
- the map files the journey's pages read (`journeys._maps_read_by`: opportunities aimed at
  its steps, the maps it details or is the future of...), the list of journeys and the
  render's settings;
- the step's id, place and confidence;
- each shared thing the step refers to, as its file wrote it: its actor and the role it
  hands off to, its touchpoint and each barrier's (with the touchpoint's owner), the
  evidence it cites and the metrics it names;
- what else the part shows, given with it (a row on a persona's page shows its phase's name).

The page modules say which parts they keep (`PageContext.parts`, `site.context.StepParts`);
a part that reads anything else (the board's funnel lane reads measurements) is drawn
every time. `tests/preview` compares the
preview with a clean build after every kind of edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..data.model import Step
from .keys import digest

T = TypeVar("T")


class StepParts:
    def __init__(self) -> None:
        # journey id -> (part kind, page, step id) -> (key, part)
        self._kept: dict[str, dict[tuple[str, str, str], tuple[Any, Any]]] = {}
        self._used: dict[str, dict[tuple[str, str, str], tuple[Any, Any]]] = {}
        self._maps: dict[str, bytes] = {}  # journey id -> what its map files hold
        self._steps: dict[int, bytes] = {}  # id(step) -> its key, this render
        self._things: dict[int, bytes] = {}  # id(shared thing) -> its key, this render
        self.kept = self.drawn = 0

    def begin(self, maps: dict[str, bytes]) -> None:
        """A render starts: `maps` keys each journey by the map files its pages read."""
        self._maps, self._steps, self._things, self._used = maps, {}, {}, {}
        self.kept = self.drawn = 0

    def part(self, kind: str, page: str, step: Step, make: Callable[[], T],
             *also: str) -> T:
        journey, slot = step.journey.id, (kind, page, step.id)
        key = (self._key(step), also)  # compared, never hashed: cheaper than a digest
        found = self._kept.get(journey, {}).get(slot)
        if found is not None and found[0] == key:
            self.kept += 1
        else:
            self.drawn += 1
            found = (key, make())
        self._used.setdefault(journey, {})[slot] = found
        return found[1]

    def end(self) -> None:
        """The render succeeded. Each journey keeps the parts it used, and its parts from
        before that were not asked for: the pages of a journey copied whole ask for none,
        and keep theirs for the next shared edit. (A part left from a step since removed is
        handed back only to a step with its key, which would draw it the same.)"""
        self._kept = {j: {**self._kept.get(j, {}), **self._used.get(j, {})} for j in self._maps}
        self._used, self._steps, self._things = {}, {}, {}

    def forget(self) -> None:
        self._kept, self._used, self._steps, self._things = {}, {}, {}, {}

    def _key(self, step: Step) -> bytes:
        key = self._steps.get(id(step))
        if key is None:
            tp = step.touchpoint
            key = digest(
                self._maps[step.journey.id], step.ref, step.index,
                len(step.journey.steps), step.confidence,
                self._thing(step.actor), self._thing(step.handoff_to), self._touchpoint(tp),
                *[self._touchpoint(b.touchpoint) for b in step.barriers], b"|",
                *[self._thing(c.evidence) for c in step.evidence], b"|",
                *[self._thing(m) for m in step.metric_links])
            self._steps[id(step)] = key
        return key

    def _touchpoint(self, tp: Any) -> bytes:
        if tp is None:
            return b"-"
        key = self._things.get(id(tp))
        if key is None:  # its owner is a team: as much a part of it as its own fields
            key = self._things[id(tp)] = digest(
                "Touchpoint", tp.id, tp.inline, tp.spec, self._thing(tp.owner))
        return key

    def _thing(self, thing: Any) -> bytes:
        """A persona, team, evidence source or metric as its file wrote it."""
        if thing is None:
            return b"-"
        key = self._things.get(id(thing))
        if key is None:
            key = digest(type(thing).__name__, getattr(thing, "id", ""), thing.spec)
            self._things[id(thing)] = key
        return key
