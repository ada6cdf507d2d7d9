"""The resolved, indexed handbook: what page generators and commands consume.

Every reference is already resolved to the object it names, so consumers never
look ids up or re-validate. Each view keeps the validated file model as `spec`
and exposes its fields directly (`step.action` is `step.spec.action`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import schema


class _Delegating:
    spec: Any

    def __getattr__(self, name: str) -> Any:
        # Only called for names the view does not define itself.
        if name == "spec":
            raise AttributeError(name)
        return getattr(self.spec, name)


@dataclass(eq=False, repr=False)
class Phase(_Delegating):
    spec: schema.Phase
    index: int

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(eq=False, repr=False)
class Team(_Delegating):
    spec: schema.Team
    kind: str = "team"


@dataclass(eq=False, repr=False)
class Persona(_Delegating):
    id: str
    spec: schema.PersonaFile
    source: str
    kind: str = "persona"
    steps: list[Step] = field(default_factory=list)


Actor = Persona | Team


@dataclass(eq=False, repr=False)
class Touchpoint(_Delegating):
    id: str
    spec: schema.TouchpointFields
    inline: bool
    owner: Team | None = None
    source: str = ""
    uses: list[Step] = field(default_factory=list)
    barrier_steps: list[Step] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return self.spec.kind or schema.CHANNEL_KIND.get(self.spec.channel or "")


@dataclass(eq=False, repr=False)
class Evidence(_Delegating):
    spec: schema.Evidence
    mark: tuple[int, int] = (1, 1)  # line, column of its entry in evidence.yml
    steps: list[Step] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Citation:
    evidence: Evidence
    note: str | None


@dataclass(eq=False, repr=False)
class Barrier:
    text: str
    touchpoint: Touchpoint | None


@dataclass(eq=False, repr=False)
class Step(_Delegating):
    spec: schema.Step
    journey: Journey
    index: int
    phase: Phase
    actor: Actor
    touchpoint: Touchpoint | None
    handoff_to: Actor | None
    barriers: list[Barrier]
    evidence: list[Citation]
    confidence: str
    opportunities: list[Opportunity] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"journeys/{self.journey.id}/#{self.id}"

    @property
    def ref(self) -> str:
        return f"{self.journey.id}/{self.id}"


@dataclass(eq=False, repr=False)
class Opportunity(_Delegating):
    spec: schema.Opportunity
    journey: Journey
    owner: Team
    steps: list[Step] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def priority(self) -> float | None:
        if self.spec.impact is None or self.spec.effort is None:
            return None
        return self.spec.impact / self.spec.effort

    def sort_key(self) -> tuple:
        """Highest priority first; ties by impact; unscored last; then id."""
        p = self.priority
        return (p is None, -(p or 0), -(self.spec.impact or 0), self.spec.id)


@dataclass(eq=False, repr=False)
class Journey(_Delegating):
    id: str
    spec: schema.JourneyFile
    source: str
    owner: Team
    personas: list[Persona]
    review_every_days: int
    steps: list[Step] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    # line, column of each top-level field, for diagnostics about the journey as a whole
    field_marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def due(self) -> date:
        return self.spec.reviewed + timedelta(days=self.review_every_days)

    def is_stale(self, today: date) -> bool:
        return self.due < today

    def steps_in(self, phase: Phase) -> list[Step]:
        return [s for s in self.steps if s.phase is phase]

    @property
    def known_steps(self) -> int:
        """Steps backed by evidence (the rest are hypothesized)."""
        return sum(s.confidence == "known" for s in self.steps)

    @property
    def phases(self) -> list[Phase]:
        """Phases this journey passes through, in handbook order."""
        return sorted({id(s.phase): s.phase for s in self.steps}.values(), key=lambda p: p.index)

    def actors(self) -> list[Actor]:
        seen: dict[str, Actor] = {}
        for s in self.steps:
            seen.setdefault(s.actor.id, s.actor)
            if s.handoff_to:
                seen.setdefault(s.handoff_to.id, s.handoff_to)
        return list(seen.values())


@dataclass(eq=False, repr=False)
class Handbook(_Delegating):
    spec: schema.HandbookFile
    data_dir: Path
    source: str
    phases: dict[str, Phase]
    teams: dict[str, Team]
    personas: dict[str, Persona] = field(default_factory=dict)
    journeys: dict[str, Journey] = field(default_factory=dict)
    touchpoints: dict[str, Touchpoint] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    opportunities: dict[str, Opportunity] = field(default_factory=dict)
    journey_aliases: dict[str, str] = field(default_factory=dict)
    persona_aliases: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # file kind or id -> shown path

    def actor(self, actor_id: str) -> Actor | None:
        return self.personas.get(actor_id) or self.teams.get(actor_id)

    def all_steps(self) -> list[Step]:
        return [s for j in self.journeys.values() for s in j.steps]

    def steps_in(self, phase: Phase) -> list[Step]:
        return [s for j in self.journeys.values() for s in j.steps if s.phase is phase]

    def backlog(self) -> list[Opportunity]:
        return sorted(self.opportunities.values(), key=Opportunity.sort_key)

    def counts(self) -> dict[str, int]:
        return {
            "journeys": len(self.journeys),
            "personas": len(self.personas),
            "steps": sum(len(j.steps) for j in self.journeys.values()),
            "opportunities": len(self.opportunities),
            "touchpoints": len(self.touchpoints),
            "evidence": len(self.evidence),
        }
