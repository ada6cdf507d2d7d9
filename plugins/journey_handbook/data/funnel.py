"""Where a journey stops: its funnel (handbook-format.md, "Funnels: where a journey stops").

Pure functions of the resolved model, so the journey page, the board, `/funnels/`, the
`journeys funnel` command, `journeys diff` and `journeys check` all show the same figures.

- Stages: the journey's `funnel.stages` (resolved by `resolve`), else each step's first
  `metrics.progress` entry that is a count metric, in step order.
- The funnel date: the latest date on which every stage has an observation in the segment.
- Per stage: value, conversion (share of the previous stage), share of the first stage, and
  the conversion at the previous common date; the biggest drop is the lowest conversion.
- Why people stop: the stage steps' `metrics.failure` count metrics at the funnel date, with
  the opportunities whose `outcome.metric` they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import Handbook, Journey, Metric, Opportunity, Step, derived

ANCHOR = "funnel"  # the journey page's section (urls.FUNNEL_ANCHOR; data cannot import site)
DEFAULT = None  # the default segment: rows without a segment (or segment `all`)
ALL = "all"


@dataclass(frozen=True)
class StageSource:
    """A stage before any data is read: the metric, and the step it belongs to (None when
    `funnel.stages` names a metric that no step of the journey lists)."""

    metric: Metric
    step: Step | None


@dataclass(frozen=True)
class Stage:
    source: StageSource
    value: float
    conversion: float | None  # value / previous stage's value (None: first, or previous 0)
    share: float | None  # value / first stage's value (None: first stage is 0)
    previous_conversion: float | None  # the same conversion at the previous common date

    @property
    def metric(self) -> Metric:
        return self.source.metric

    @property
    def step(self) -> Step | None:
        return self.source.step

    @property
    def change(self) -> float | None:
        """Conversion now minus at the previous common date, in percentage points."""
        if self.conversion is None or self.previous_conversion is None:
            return None
        return (self.conversion - self.previous_conversion) * 100

    @property
    def grows(self) -> bool:
        return self.conversion is not None and self.conversion > 1


@dataclass(frozen=True)
class Failure:
    step: Step
    metric: Metric
    value: float | None  # at the funnel date; None without an observation on that date
    opportunities: list[Opportunity]


@dataclass(frozen=True)
class Funnel:
    journey: Journey
    segment: str | None  # the segment shown (None: the default one)
    segments: list[str | None]  # every segment all stages share, the shown one first
    sources: list[StageSource]
    dates: list[date]  # every common date, oldest first
    date: date | None
    previous_date: date | None
    stages: list[Stage] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    reason: str = ""  # why there is no funnel (empty when there is one)

    @property
    def biggest_drop(self) -> Stage | None:
        """The stage with the lowest conversion (the first one on a tie)."""
        scored = [s for s in self.stages[1:] if s.conversion is not None]
        return min(scored, key=lambda s: s.conversion) if scored else None

    @property
    def end_to_end(self) -> float | None:
        """Last stage's value as a share of the first's."""
        return self.stages[-1].share if len(self.stages) > 1 else None

    @property
    def end_to_end_change(self) -> float | None:
        """End-to-end conversion now minus at the previous common date, in points."""
        if len(self.stages) < 2 or any(s.previous_conversion is None for s in self.stages[1:]):
            return None
        product = 1.0
        for s in self.stages[1:]:
            product *= s.previous_conversion  # type: ignore[operator]
        return ((self.end_to_end or 0.0) - product) * 100

    def failures_at(self, step: Step) -> list[Failure]:
        return [f for f in self.failures if f.step is step]


def is_count(metric: Metric | None) -> bool:
    return metric is not None and metric.unit == "count"


def stage_sources(journey: Journey) -> list[StageSource]:
    """The journey's stages in order: `funnel.stages` when set, else derived from its steps."""
    return derived(journey, ("stages",), lambda: _stage_sources(journey))


def _stage_sources(journey: Journey) -> list[StageSource]:
    if journey.funnel_metrics is not None:
        out = []
        for metric in journey.funnel_metrics:
            step = next((s for s in journey.steps if metric in _progress_metrics(s)), None)
            step = step or next((s for s in journey.steps if metric in s.metric_links), None)
            out.append(StageSource(metric, step))
        return out
    out = []
    seen: set[int] = set()
    for step in journey.steps:
        first = next((m for m in _progress_metrics(step) if is_count(m)), None)
        if first is not None and id(first) not in seen:  # a metric is one stage only
            seen.add(id(first))
            out.append(StageSource(first, step))
    return out


def _progress_metrics(step: Step) -> list[Metric]:
    """The step's `metrics.progress` entries that name metrics, in the order written."""
    by_name = _metrics_by_name(step)
    return [by_name[n] for n in step.metrics.progress if n in by_name]


def _metrics_by_name(step: Step) -> dict[str, Metric]:
    """The step's metrics by id and alias (not memoised on the step: a memo written into a
    step's `__dict__` slows every later attribute read of that step across the site)."""
    by_name = {m.id: m for m in step.metric_links}
    return by_name | {a: m for m in step.metric_links for a in m.aliases}


def series(metric: Metric, segment: str | None) -> dict[date, float]:
    """A metric's observations in a segment, by date; the default segment is the rows
    without a segment, else those of segment `all`."""
    return derived(metric, ("series", segment), lambda: _series(metric, segment))


def _series(metric: Metric, segment: str | None) -> dict[date, float]:
    if segment is DEFAULT:
        points = metric.series.get(None) or metric.series.get(ALL) or []
    else:
        points = metric.series.get(segment, [])
    return {o.date: o.value for o in points}


def metric_segments(metric: Metric) -> set[str | None]:
    """The segments a metric has, `all` counted as the default one."""
    return {DEFAULT if s in (None, ALL) else s for s in metric.series}


def shared_segments(sources: list[StageSource]) -> list[str | None]:
    """Segments every stage has (the default one first, then by name)."""
    if not sources:
        return []
    common = set.intersection(*(metric_segments(s.metric) for s in sources))
    return sorted(common, key=lambda s: (s is not DEFAULT, s or ""))


def default_segment(journey: Journey) -> str | None:
    segment = journey.funnel_segment
    return DEFAULT if segment in (None, ALL) else segment


def common_dates(sources: list[StageSource], segment: str | None) -> list[date]:
    if not sources:
        return []
    dates = set(series(sources[0].metric, segment))
    for source in sources[1:]:
        dates &= set(series(source.metric, segment))
    return sorted(dates)


def _ratio(value: float, base: float) -> float | None:
    return value / base if base else None


def _conversions(values: list[float]) -> list[float | None]:
    return [None] + [_ratio(v, p) for p, v in zip(values, values[1:], strict=False)]


def funnel(journey: Journey, segment: str | None = "",
           at: date | None = None) -> Funnel:
    """The journey's funnel in `segment` ("": the journey's `funnel.segment`, else the
    default segment; None: the default segment) at `at` (default: the funnel date, the
    latest common date).

    `at` must be one of the common dates; other dates give a funnel without stages whose
    `reason` says so.
    """
    chosen = default_segment(journey) if segment == "" else segment
    return derived(journey, ("funnel", chosen, at), lambda: _funnel(journey, chosen, at))


def _funnel(journey: Journey, chosen: str | None, at: date | None) -> Funnel:
    sources = stage_sources(journey)
    shared = shared_segments(sources)
    segments = [chosen] + [s for s in shared if s != chosen]
    empty = Funnel(journey, chosen, segments, sources, [], None, None)
    if not sources:
        return _without(empty, "no step lists a count metric under `metrics.progress`, so "
                               "this journey has no funnel stages")
    dates = common_dates(sources, chosen)
    base = Funnel(journey, chosen, segments, sources, dates, None, None)
    if not dates:
        return _without(base, _no_date_reason(sources, chosen))
    when = dates[-1] if at is None else at
    if when not in dates:
        return _without(base, f"not every stage has an observation on {when.isoformat()}")
    earlier = [d for d in dates if d < when]
    before = earlier[-1] if earlier else None
    values = [series(s.metric, chosen)[when] for s in sources]
    conversions = _conversions(values)
    previous: list[float | None] = [None] * len(sources)
    if before is not None:
        previous = _conversions([series(s.metric, chosen)[before]
                                 for s in sources])
    stages = [Stage(src, value, conversions[i], _ratio(value, values[0]), previous[i])
              for i, (src, value) in enumerate(zip(sources, values, strict=True))]
    failures = _failures(sources, chosen, when)
    return Funnel(journey, chosen, segments, sources, dates, when, before,
                  stages, failures)


def _without(base: Funnel, reason: str) -> Funnel:
    return Funnel(base.journey, base.segment, base.segments, base.sources, base.dates,
                  None, None, reason=reason)


def _no_date_reason(sources: list[StageSource], segment: str | None) -> str:
    where = "without a segment" if segment is DEFAULT else f"in segment '{segment}'"
    unmeasured = [s.metric.id for s in sources if not s.metric.series]
    if unmeasured:
        return (f"{_names(unmeasured)} {'has' if len(unmeasured) == 1 else 'have'} no "
                "observations yet, so the stages have no date in common")
    missing = [s.metric.id for s in sources if not series(s.metric, segment)]
    if missing:
        return f"{_names(missing)} {'has' if len(missing) == 1 else 'have'} no observations " \
               f"{where}, so the stages have no date in common"
    return f"the stages have no date in common {where}: each was measured on other dates"


def _names(ids: list[str]) -> str:
    quoted = [f"'{i}'" for i in ids]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _failures(sources: list[StageSource], segment: str | None, when: date) -> list[Failure]:
    out = []
    seen: set[int] = set()
    for source in sources:
        step = source.step
        if step is None or id(step) in seen:
            continue
        seen.add(id(step))
        by_name = _metrics_by_name(step)
        for name in step.metrics.failure:
            metric = by_name.get(name)
            if is_count(metric):
                out.append(Failure(step, metric, series(metric, segment).get(when),
                                   list(metric.opportunities)))
    return out


def has_funnel_anchor(journey: Journey) -> bool:
    """Whether the journey page has its `#funnel` section: always, except on a map without
    funnel stages where a step is named `funnel` (that step keeps its anchor)."""
    return (journey.spec.funnel is not None or bool(stage_sources(journey))
            or all(s.id != ANCHOR for s in journey.steps))


def funnel_journeys(handbook: Handbook) -> list[Journey]:
    """The journeys `/funnels/` lists: current maps with stages (the spec: funnels show
    current maps only; a future map's own page still shows its funnel)."""
    return [j for j in handbook.journeys.values() if listed(j) and stage_sources(j)]


def listed(journey: Journey) -> bool:
    """Whether a map counts on cross-journey funnel lists: future-state maps do not."""
    return not journey.is_future


def worst_first(funnels: list[Funnel]) -> list[Funnel]:
    """Funnels with a biggest drop, lowest conversion first; then the rest by title."""
    def key(f: Funnel) -> tuple:
        drop = f.biggest_drop
        conv = drop.conversion if drop is not None else None
        return (conv is None, conv if conv is not None else 0.0, f.journey.title.lower(),
                f.journey.id)
    return sorted(funnels, key=key)
