"""The resolved, indexed handbook: what page generators and commands consume.

Every reference is already resolved to the object it names, so consumers never
look ids up or re-validate. Each view keeps the validated file model as `spec`
(for whole-object uses: comparing two versions, exporting). Fields are read one way,
on the view: what the author wrote (`step.action`, typed `Authored` descriptors) and
what resolution found (`step.actor`, a Persona or Team where the file has an id).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from . import schema
from .measurements import Observation

if TYPE_CHECKING:
    from .plain.scan import PlainReport

__all__ = ["Observation"]  # defined with the CSV reader; part of the model's interface

T = TypeVar("T")
_OVERALL: Any = object()  # Metric.latest()'s default segment: the overall series


class Authored(Generic[T]):
    """A field read straight from the view's validated file model (`spec`), typed.

    Once its class exists, the field becomes a property around `attrgetter`: both are C, and
    pages read these fields a million times per build at 300 journeys (a `__get__` written
    in Python cost 0.3 s of each preview rebuild)."""

    def __set_name__(self, owner: type, name: str) -> None:
        setattr(owner, name, property(attrgetter(f"spec.{name}")))

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> Authored[T]: ...
    @overload
    def __get__(self, obj: object, objtype: type | None = None) -> T: ...

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        raise AssertionError("replaced by a property in __set_name__")  # for type checkers


@dataclass(eq=False, repr=False)
class Phase:
    spec: schema.Phase
    index: int
    # metrics named in `metrics`, then metrics.yml entries whose phase is this one
    metric_links: list[Metric] = field(default_factory=list)

    id = Authored[str]()
    name = Authored[str]()
    goal = Authored[str | None]()
    metrics = Authored[list[str]]()


@dataclass(eq=False, repr=False)
class Team:
    spec: schema.Team
    kind: str = "team"

    id = Authored[str]()
    name = Authored[str]()
    github = Authored[str | None]()
    reviews_regulated = Authored[bool]()


@dataclass(eq=False, repr=False)
class Persona:
    id: str
    spec: schema.PersonaFile
    source: str
    kind: str = "persona"
    steps: list[Step] = field(default_factory=list)

    name = Authored[str]()
    audience = Authored[schema.Audience | None]()
    role = Authored[str | None]()
    decision_role = Authored[schema.DecisionRole | None]()
    tasks = Authored[list[str]]()
    goals = Authored[list[str]]()
    concerns = Authored[list[str]]()
    messaging = Authored[dict[str, schema.Messaging]]()
    aliases = Authored[list[str]]()


Actor = Persona | Team


@dataclass(eq=False, repr=False)
class Touchpoint:
    id: str
    spec: schema.TouchpointFields
    inline: bool
    owner: Team | None = None
    source: str = ""
    uses: list[Step] = field(default_factory=list)
    barrier_steps: list[Step] = field(default_factory=list)

    name = Authored[str]()
    channel = Authored[schema.Channel | None]()
    regulated = Authored[list[schema.Regulated]]()
    description = Authored[str | None]()

    @property
    def kind(self) -> str | None:
        return self.spec.kind or schema.CHANNEL_KIND.get(self.spec.channel or "")


@dataclass(eq=False, repr=False)
class Evidence:
    spec: schema.Evidence
    mark: tuple[int, int] = (1, 1)  # line, column of its entry in evidence.yml
    steps: list[Step] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)

    id = Authored[str]()
    kind = Authored[schema.EvidenceKind | None]()
    title = Authored[str]()
    link = Authored[str | None]()
    collected = Authored[date | None]()
    summary = Authored[str | None]()


@dataclass(eq=False, repr=False)
class Citation:
    evidence: Evidence
    note: str | None


@dataclass(eq=False, repr=False)
class Barrier:
    text: str
    touchpoint: Touchpoint | None


@dataclass(eq=False, repr=False)
class Step:
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
    metric_links: list[Metric] = field(default_factory=list)  # named in metrics.progress/failure
    delivered_by: list[Opportunity] = field(default_factory=list)  # future maps' steps

    id = Authored[str]()
    persona = Authored[str]()  # the actor's id as written; `actor` is the Persona or Team
    action = Authored[str]()
    why = Authored[str | None]()
    response = Authored[str | None]()
    backstage = Authored[list[str]]()
    handoff = Authored[schema.Handoff | None]()
    emotion = Authored[schema.Emotion | None]()
    metrics = Authored[schema.StepMetrics]()
    content = Authored[schema.ContentNeeds | None]()
    loop = Authored[bool]()
    aliases = Authored[list[str]]()

    @property
    def ref(self) -> str:
        return f"{self.journey.id}/{self.id}"


@dataclass(eq=False, repr=False)
class Opportunity:
    spec: schema.Opportunity
    journey: Journey
    owner: Team
    steps: list[Step] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    experiments: list[Experiment] = field(default_factory=list)
    outcome_metric: Metric | None = None  # when outcome.metric is a metric id

    id = Authored[str]()
    title = Authored[str]()
    problem = Authored[str | None]()
    outcome = Authored[schema.Outcome | None]()
    status = Authored[schema.OpportunityStatus]()
    impact = Authored[int | None]()
    effort = Authored[int | None]()
    links = Authored[list[str]]()
    aliases = Authored[list[str]]()
    triaged = Authored[date | None]()

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
class ReviewRecord:
    """One review_log entry with its participants resolved to teams."""

    spec: schema.ReviewEntry
    participants: list[Team]
    mark: tuple[int, int] = (1, 1)  # line, column of the entry in the journey file

    date = Authored[date]()
    kind = Authored[schema.ReviewKind]()
    notes = Authored[str | None]()

    @property
    def regulated_participants(self) -> list[Team]:
        return [t for t in self.participants if t.reviews_regulated]


@dataclass(eq=False, repr=False)
class Metric:
    spec: schema.Metric
    phase: Phase
    source: Evidence | None = None
    owner: Team | None = None
    journeys: list[Journey] = field(default_factory=list)
    # segment -> observations by date; None = no segment column/value
    series: dict[str | None, list[Observation]] = field(default_factory=dict)
    csv_source: str | None = None  # shown path of measurements/<id>.csv
    experiments: list[Experiment] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    mark: tuple[int, int] = (1, 1)  # line, column of its entry in metrics.yml
    # Values other modules derive from this metric once per load (funnel series). Declared
    # so that filling it keeps the instance dict's shape: a key added later slows every
    # attribute read of the object on every page.
    derived: dict = field(default_factory=dict)

    id = Authored[str]()
    name = Authored[str]()
    kind = Authored[schema.MetricKind]()
    unit = Authored[schema.MetricUnit | None]()
    direction = Authored[schema.Direction]()
    definition = Authored[str | None]()
    target = Authored[float | None]()
    aliases = Authored[list[str]]()

    def _series(self, segment: str | None) -> list[Observation]:
        if segment is _OVERALL:
            if None in self.series:
                return self.series[None]
            return next(iter(self.series.values()), [])
        return self.series.get(segment, [])

    def latest(self, segment: str | None = _OVERALL) -> Observation | None:
        """The last observation (default: the overall series, the one without a segment if
        there is one, else the first segment in the file)."""
        points = self._series(segment)
        return points[-1] if points else None

    def previous(self, segment: str | None = _OVERALL) -> Observation | None:
        """The observation before the latest one."""
        points = self._series(segment)
        return points[-2] if len(points) > 1 else None

    @property
    def segments(self) -> list[str | None]:
        return list(self.series)

    def observations(self) -> list[Observation]:
        """Every observation of every segment."""
        return [o for points in self.series.values() for o in points]


@dataclass(eq=False, repr=False)
class Experiment:
    spec: schema.Experiment
    metric: Metric
    opportunity: Opportunity

    id = Authored[str]()
    hypothesis = Authored[str]()
    start = Authored[date]()
    end = Authored[date | None]()
    status = Authored[schema.ExperimentStatus]()
    result = Authored[str | None]()
    decision = Authored[schema.Decision | None]()


@dataclass(eq=False, repr=False)
class Journey:
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
    reviews: list[ReviewRecord] = field(default_factory=list)  # review_log, resolved
    # False when the file had errors: `spec` then holds only its valid fields (`reviewed`
    # may be None), which is enough to check references but not to compute dates
    complete: bool = True
    # Future state: the current map this one is the future of, and the other way round
    current: Journey | None = None
    futures: list[Journey] = field(default_factory=list)
    # Nesting: the end-to-end map a focused map details, over the steps first..last
    parent: Journey | None = None
    part_range: tuple[Step, Step] | None = None
    focused: list[Journey] = field(default_factory=list)  # maps nested in this one
    # `funnel.stages` resolved to metrics (None: not set, the stages come from the steps)
    funnel_metrics: list[Metric] | None = None
    # metric id -> (line, column, field path) of what makes it a stage, for check warnings
    funnel_marks: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    derived: dict = field(default_factory=dict)  # as Metric.derived (funnels, stages)

    title = Authored[str]()
    summary = Authored[str | None]()
    audience = Authored[schema.Audience | None]()
    scope = Authored[schema.Scope | None]()
    status = Authored[schema.JourneyStatus]()
    reviewed = Authored[date]()
    triggers = Authored[list[schema.TriggerType | schema.TriggerObject]]()
    assumptions = Authored[list[str]]()
    aliases = Authored[list[str]]()
    review_log = Authored[list[schema.ReviewEntry]]()
    state = Authored[schema.JourneyState]()

    @property
    def is_future(self) -> bool:
        """A future map counts apart: home, /moments/ and funnels show current maps."""
        return self.spec.state == "future"

    def steps_between(self, first: Step, last: Step) -> list[Step]:
        """Steps first..last in journey order (a focused map's range on its parent)."""
        return self.steps[self.steps.index(first):self.steps.index(last) + 1]

    @property
    def funnel_segment(self) -> str | None:
        return self.spec.funnel.segment if self.spec.funnel else None

    @property
    def latest_review(self) -> ReviewRecord | None:
        """The review_log entry with the latest date (the later one in the file on a tie)."""
        if not self.reviews:
            return None
        return max(reversed(self.reviews), key=lambda r: r.date)

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
class Handbook:
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
    metrics: dict[str, Metric] = field(default_factory=dict)  # in metrics.yml order
    experiments: dict[str, Experiment] = field(default_factory=dict)
    metric_aliases: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # file kind or id -> shown path
    # reading grades and flagged terms (data/plain/scan.py); None when not checked
    plain: PlainReport | None = None

    title = Authored[str]()
    description = Authored[str | None]()
    review = Authored[schema.Review]()
    governance = Authored[schema.Governance]()
    plain_language = Authored[schema.PlainLanguage]()

    def actor(self, actor_id: str) -> Actor | None:
        return self.personas.get(actor_id) or self.teams.get(actor_id)

    def current_journeys(self) -> list[Journey]:
        """The journeys that count in handbook-wide figures: future maps count apart."""
        return [j for j in self.journeys.values() if not j.is_future]

    def all_steps(self) -> list[Step]:
        return [s for j in self.journeys.values() for s in j.steps]

    def steps_in(self, phase: Phase) -> list[Step]:
        return [s for j in self.journeys.values() for s in j.steps if s.phase is phase]

    def backlog(self) -> list[Opportunity]:
        return sorted(self.opportunities.values(), key=Opportunity.sort_key)

    def counts(self, journeys: list[Journey] | None = None) -> dict[str, int]:
        """`journeys`: the maps whose journeys and steps count (default: all of them)."""
        journeys = list(self.journeys.values()) if journeys is None else journeys
        return {
            "journeys": len(journeys),
            "personas": len(self.personas),
            "steps": sum(len(j.steps) for j in journeys),
            "opportunities": len(self.opportunities),
            "touchpoints": len(self.touchpoints),
            "evidence": len(self.evidence),
        }


def derived(owner: Journey | Metric, key: tuple, make: Callable[[], T]) -> T:
    """A value computed once per model object (pages, the board and /funnels/ all ask for
    the same funnels; every opportunity of a metric for its sorted dates). Kept on the
    object itself, so it lives and dies with that load."""
    cache = owner.derived
    if key not in cache:
        cache[key] = make()
    return cache[key]
