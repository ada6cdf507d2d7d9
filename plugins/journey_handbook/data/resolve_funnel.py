"""The checks of a journey's `funnel` (handbook-format.md, "Funnels: where a journey stops").

Errors at the exact value: a `funnel.stages` entry that is not a count metric, a stage listed
twice, a `funnel.segment` that no stage has. Each stage also gets the position of what made
it a stage (its `funnel.stages` entry, or its step's `metrics.progress` entry), so that
`journeys check` can point a warning about the data at it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import model as m
from .document import Document
from .funnel import ALL, ANCHOR, has_funnel_anchor, is_count, metric_segments, stage_sources
from .suggest import did_you_mean
from .yamlsource import format_path

if TYPE_CHECKING:
    from .resolve import Resolver


def resolve_funnel(resolver: Resolver, doc: Document, journey: m.Journey,
                   handbook: m.Handbook) -> None:
    spec = journey.spec.funnel
    if spec is not None and spec.stages is not None:
        journey.funnel_metrics = _listed_stages(resolver, doc, journey, handbook)
    else:
        _derived_marks(doc, journey)
    if spec is not None and spec.segment is not None and spec.segment != ALL:
        _check_segment(resolver, doc, journey, spec.segment)
    if has_funnel_anchor(journey):
        for step in journey.steps:
            if step.id == ANCHOR:
                resolver.error(doc, ("steps", step.index, "id"),
                               f"step id '{ANCHOR}' is reserved on a map with a funnel: the "
                               f"journey page uses #{ANCHOR} for its funnel section",
                               "choose another step id")



def _listed_stages(resolver: Resolver, doc: Document, journey: m.Journey,
                   handbook: m.Handbook) -> list[m.Metric]:
    metrics: list[m.Metric] = []
    first: dict[str, int] = {}
    for i, name in enumerate(journey.spec.funnel.stages or []):
        if name is None:  # invalid itself, already reported
            continue
        at = ("funnel", "stages", i)
        metric = resolver.check_ref(doc, at, handbook.metric_aliases.get(name, name),
                                    resolver.metrics)
        if metric is None:
            continue
        if metric.id in first:
            resolver.error(doc, at, f"stage '{name}' is listed twice (first as "
                           f"funnel.stages[{first[metric.id]}])",
                           "each metric is one stage of the funnel; remove the repeat")
            continue
        first[metric.id] = i
        if not is_count(metric):
            resolver.error(doc, at, f"stage '{name}' is not a count metric (its unit is "
                           f"{metric.unit or 'not set'})",
                           "funnel stages count the people reaching a step: name a metric "
                           "with `unit: count`")
            continue
        metrics.append(metric)
        journey.funnel_marks[metric.id] = (*doc.source.mark(at), format_path(at))
    return metrics


def _derived_marks(doc: Document, journey: m.Journey) -> None:
    for source in stage_sources(journey):
        step = source.step
        if step is None:
            continue
        names = step.metrics.progress
        j = next(i for i, n in enumerate(names)
                 if n == source.metric.id or n in source.metric.aliases)
        at = ("steps", step.index, "metrics", "progress", j)
        journey.funnel_marks[source.metric.id] = (*doc.source.mark(at), format_path(at))


def _check_segment(resolver: Resolver, doc: Document, journey: m.Journey,
                   segment: str) -> None:
    sources = stage_sources(journey)
    known = sorted({s for src in sources for s in metric_segments(src.metric) if s})
    if any(segment in metric_segments(src.metric) for src in sources):
        return
    if not sources:
        hint = "this journey has no funnel stages yet"
    else:
        hint = (did_you_mean(segment, known, "segments") if known
                else "the stages' measurements have no segment column")
    resolver.error(doc, ("funnel", "segment"),
                   f"segment '{segment}' is not a segment of any funnel stage", hint)
