"""One map: its owner, personas and review log, and each step with every reference it makes
(phase, actor, hand-off, touchpoint, barriers, evidence, metrics) in the phase order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import model as m
from . import schema
from .document import Document
from .resolve_catalogs import inline_id
from .resolve_funnel import resolve_funnel
from .resolve_metrics import metric_named
from .resolve_personas import check_id_field
from .resolve_refs import NO_TEAM, absent, raw_step
from .yamlsource import Path_

if TYPE_CHECKING:
    from .resolve import Resolver

# Anchors the journey page needs for itself (the URL contract's `#opportunities`; a future
# map's `#compare` and a current map's `#future` are checked in relations.py, on those maps;
# `#funnel` in resolve_funnel.py, on maps that have a funnel).
RESERVED_STEP_IDS = frozenset({"opportunities"})


def journey_file(r: Resolver, doc: Document) -> m.Journey | None:
    spec: schema.JourneyFile = doc.spec  # type: ignore[assignment]
    check_id_field(r, doc, "journey")
    owner = r.check_ref(doc, ("owner",), spec.owner, r.teams) if spec.owner else None
    personas = []
    for i, pid in enumerate(spec.personas or []):
        persona = r.check_ref(doc, ("personas", i), pid, r.personas)
        if persona:
            personas.append(persona)
    every = spec.review_every_days or (r.handbook.spec.review or schema.Review()).every_days
    journey = m.Journey(doc.id, spec, doc.source.path, owner or NO_TEAM, personas, every,
                        field_marks={p[0]: mark for p, mark in doc.source.key_marks.items()
                                     if len(p) == 1}, complete=doc.complete)
    _review_log(r, doc, journey)
    _step_ids(r, doc, spec.steps or [])
    _steps(r, doc, journey, spec.steps or [])
    resolve_funnel(r, doc, journey, r.handbook)
    return journey


def _review_log(r: Resolver, doc: Document, journey: m.Journey) -> None:
    for i, entry in enumerate(journey.spec.review_log or []):
        if absent(entry, "date"):
            continue
        teams = []
        for j, tid in enumerate(entry.participants or []):
            team = r.check_ref(doc, ("review_log", i, "participants", j), tid, r.teams)
            if team:
                teams.append(team)
        journey.reviews.append(m.ReviewRecord(entry, teams, doc.source.mark(("review_log", i))))


def _step_ids(r: Resolver, doc: Document, steps: list[schema.Step]) -> None:
    """Step ids and their aliases are unique within the map; a few ids are the page's own."""
    step_ids: dict[str, Path_] = {}
    r.unique(doc, steps, ("steps",), step_ids, "step")
    aliases: dict[str, str] = {}
    for i, step in enumerate(steps):
        if absent(step):
            continue
        if step.id in RESERVED_STEP_IDS:
            r.error(doc, ("steps", i, "id"),
                    f"step id '{step.id}' is reserved: the journey page uses "
                    f"#{step.id} for its own section", "choose another step id")
        for j, alias in enumerate(step.aliases or []):
            r.claim_alias(doc, ("steps", i, "aliases", j), alias, step.id, step_ids, aliases,
                          "step")


def _steps(r: Resolver, doc: Document, journey: m.Journey, steps: list[schema.Step]) -> None:
    """Resolve each step in turn: steps follow the phase order unless one may loop back."""
    last_phase: m.Phase | None = None
    for i, step_spec in enumerate(steps):
        if absent(step_spec):
            continue
        step = _step(r, doc, journey, i, step_spec)
        if step is None:
            continue
        backwards = last_phase and step.phase.index < last_phase.index
        if backwards and not _may_loop(doc, i, step_spec):
            r.error(doc, ("steps", i, "phase"),
                    f"phase '{step.phase.id}' comes before '{last_phase.id}' of the "
                    "previous step: steps must follow the phase order",
                    "reorder the steps, or set `loop: true` on a step that "
                    "deliberately goes back")
        last_phase = step.phase
        journey.steps.append(step)


def _may_loop(doc: Document, i: int, spec: schema.Step) -> bool:
    """`loop: true`, or a loop value that failed validation (reported already: no cascade)."""
    written = raw_step(doc, i).get("loop")
    return spec.loop or (written is not None
                         and str(written).lower() not in ("false", "no", "off"))


def _step(r: Resolver, doc: Document, journey: m.Journey, i: int,
          spec: schema.Step) -> m.Step | None:
    at = ("steps", i)
    phase = r.check_ref(doc, (*at, "phase"), spec.phase, r.phases)
    actor = r.check_ref(doc, (*at, "persona"), spec.persona, r.personas, r.teams)
    handoff_to = None
    if spec.handoff:
        handoff_to = r.check_ref(doc, (*at, "handoff", "to"), spec.handoff.to,
                                 r.personas, r.teams)
    touchpoint = _step_touchpoint(r, doc, journey, at, spec)
    barriers = _barriers(r, doc, at, spec, touchpoint)
    citations = _citations(r, doc, at, spec)
    # The file's own text decides: evidence that failed validation still counts here.
    if spec.confidence == "known" and not raw_step(doc, i).get("evidence"):
        r.error(doc, (*at, "confidence"), "a step marked 'known' must cite evidence",
                "add `evidence: [{source: <evidence-id>}]`, or mark it 'hypothesized'")
    confidence = spec.confidence or ("known" if spec.evidence else "hypothesized")
    if phase is None or actor is None:
        return None
    step = m.Step(spec, journey, i, phase, actor, touchpoint, handoff_to, barriers,
                  citations, confidence)
    _link_step(r.handbook, step)
    return step


def _step_touchpoint(r: Resolver, doc: Document, journey: m.Journey, at: Path_,
                     spec: schema.Step) -> m.Touchpoint | None:
    ref = spec.touchpoint
    if ref is None:
        return None
    if isinstance(ref, str):
        return r.check_ref(doc, (*at, "touchpoint"), ref, r.touchpoints)
    return r.handbook.touchpoints.get(inline_id(ref, journey.id, spec.id))


def _barriers(r: Resolver, doc: Document, at: Path_, spec: schema.Step,
              touchpoint: m.Touchpoint | None) -> list[m.Barrier]:
    """A barrier is at the step's touchpoint unless it names its own."""
    barriers = []
    for j, barrier in enumerate(spec.barriers or []):
        if barrier is None:
            continue
        if isinstance(barrier, str):
            barriers.append(m.Barrier(barrier, touchpoint))
            continue
        tp = touchpoint
        if barrier.touchpoint:
            tp = r.check_ref(doc, (*at, "barriers", j, "touchpoint"), barrier.touchpoint,
                             r.touchpoints)
            if tp is None:
                tp = r.handbook.touchpoints.get(barrier.touchpoint)
        barriers.append(m.Barrier(barrier.text, tp))
    return barriers


def _citations(r: Resolver, doc: Document, at: Path_, spec: schema.Step) -> list[m.Citation]:
    citations = []
    for j, cite in enumerate(spec.evidence or []):
        if absent(cite, "source"):
            continue
        ev = r.check_ref(doc, (*at, "evidence", j, "source"), cite.source, r.evidence)
        if ev:
            citations.append(m.Citation(ev, cite.note))
    return citations


def _link_step(handbook: m.Handbook, step: m.Step) -> None:
    """The step is listed by what it names: metrics, touchpoints, evidence, its persona."""
    metrics = step.spec.metrics or schema.StepMetrics()
    for name in [*(metrics.progress or []), *(metrics.failure or [])]:
        metric = metric_named(handbook, name)
        if metric is not None and metric not in step.metric_links:
            step.metric_links.append(metric)
            metric.steps.append(step)
    if step.touchpoint:
        step.touchpoint.uses.append(step)
    for b in step.barriers:
        if b.touchpoint and b.touchpoint is not step.touchpoint:
            b.touchpoint.barrier_steps.append(step)
    for c in step.evidence:
        c.evidence.steps.append(step)
    if isinstance(step.actor, m.Persona):
        step.actor.steps.append(step)
