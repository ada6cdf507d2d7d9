"""Metrics: `/metrics/` (every metric by phase: latest value, change, target) and
`/metrics/<id>/` (its trend chart, experiments and everything that uses it).

Contract anchors: `/metrics/#<metric-id>` and `/metrics/<id>/#<experiment-id>`. Section
anchors end in `_` so they can never equal an id (ids are kebab-case).
"""

from __future__ import annotations

from ...data.measures import change, outcome_progress
from ...data.model import Experiment, Handbook, Metric, Opportunity
from .. import previews, urls
from ..charts import (
    MAX_SEGMENTS,
    SEGMENT_COLOURS,
    aggregation_note,
    segment_name,
    trend,
)
from ..components import (
    UNIT_LABEL,
    better_way,
    change_badge,
    experiment_status_badge,
    journey_link,
    label,
    metric_value,
    metrics_table,
    muted,
    opportunity_link,
    phase_link,
    step_link,
    target_reached_badge,
    wrong_way_badge,
)
from ..context import PageContext
from ..downloads import observations_csv
from ..markup import block, bullets, count, front_matter, heading, link, md, rel, table
from ..trendchart import trend_svg

OVERVIEW = urls.METRICS
RECENT = 13  # observations per segment listed under the chart
SHORT = 60  # characters of a segment name shown on the page
NOTE = 300  # characters of a note shown in the table (the CSV download has them whole)


def render(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    if not hb.metrics:
        return {}
    pages = {OVERVIEW: overview(hb)}
    for metric in hb.metrics.values():
        pages[urls.metric(metric.id)] = metric_page(hb, metric)
        if metric.series:
            pages[urls.metric_csv(metric.id)] = observations_csv(metric)
    return pages


def _short(text: str | None, limit: int) -> str:
    return text if text is None or len(text) <= limit else text[:limit - 1] + "…"


def _segment(segment: str | None) -> str:
    return md(_short(segment_name(segment), SHORT))


# --- /metrics/ ---------------------------------------------------------------------------------

def overview(hb: Handbook) -> str:
    by_phase: dict[str, list[Metric]] = {}
    for metric in hb.metrics.values():
        by_phase.setdefault(metric.phase.id, []).append(metric)
    parts = [
        front_matter("Metrics", description="Every phase's metrics: latest value, change "
                                            "and target."),
        "# Metrics",
        f"{count(len(hb.metrics), 'metric')} judge how people move through "
        f"{count(len(by_phase), 'phase')}. Progress metrics count people moving on, failure "
        "metrics count where the process stops. The change is the latest observation against "
        "the one before it, judged by the direction that is better.",
    ]
    for phase in hb.phases.values():
        metrics = by_phase.get(phase.id)
        if metrics:
            parts += [heading(2, phase.name, f"{phase.id}_"),
                      md(phase.goal) if phase.goal else "",
                      metrics_table(OVERVIEW, metrics, anchors=True)]
    return "\n\n".join(p for p in parts if p) + "\n"


# --- /metrics/<id>/ ----------------------------------------------------------------------------

def metric_page(hb: Handbook, metric: Metric) -> str:
    page = urls.metric(metric.id)
    parts = [
        front_matter(metric.name, description=previews.metric(metric)),
        heading(1, metric.name),
        facts(page, metric),
        heading(2, "Trend", "trend_"),
        trend_section(page, metric),
        heading(2, "Experiments", "experiments_"),
        experiments(page, metric),
        heading(2, "Where it is used", "used_"),
        used_by(page, metric),
    ]
    if metric.observations():
        parts += [heading(2, "Recent observations", "observations_"),
                  observations(page, metric)]
    return "\n\n".join(parts) + "\n"


def facts(page: str, metric: Metric) -> str:
    rows = [
        ("Phase", phase_link(page, metric.phase)),
        ("Kind", label(metric.kind) + " " + muted(
            "(people moving on)" if metric.kind == "progress" else
            "(where the process stops)" if metric.kind == "failure" else "(a result)")),
        ("Unit", md(metric.unit or "")),
        ("Better", better_way(metric)),
        ("Target", metric_value(metric, metric.target) or muted("none set")),
        ("Owner", md(metric.owner.name) if metric.owner else ""),
        ("Source", link(page, urls.EVIDENCE, metric.source.title, metric.source.id)
         if metric.source else ""),
        ("Definition", md(metric.definition)),
    ]
    return fact_list(rows)


def fact_list(rows: list[tuple[str, str]]) -> str:
    """Label and value pairs, set like the facts at the top of a journey page."""
    return block("jh-facts", bullets(f"**{k}:** {v}" for k, v in rows if v))


def trend_section(page: str, metric: Metric) -> str:
    if not metric.observations():
        return ("_No observations yet._ Add them to "
                f"`measurements/{metric.id}.csv` (see the editing guide).")
    latest = metric.latest()
    summary = [f"Latest: **{metric_value(metric, latest.value)}** on {latest.date.isoformat()}"
               if latest else ""]
    found = change(metric)
    if found:
        summary.append(change_badge(metric, *found))
    if metric.target is not None:
        summary.append(f"target {metric_value(metric, metric.target)} ({better_way(metric)})")
    data = trend(metric)
    parts = [" · ".join(s for s in summary if s),
             trend_svg(metric, UNIT_LABEL.get(metric.unit or "", "value"),
                       f"trend-{metric.id}", data),
             legend(metric)]
    if note := aggregation_note(data):  # our words and numbers only: no escaping needed
        parts.append(muted(note + " The full series is in the "
                           + download_link(page, metric) + "."))
    if data.filled:
        parts.append(muted(f"{count(data.filled, 'point')} drawn between two observations "
                           "of its segment (a segment had no observation that day)."))
    windows = experiment_windows(page, metric)
    if windows:
        parts.append(windows)
    return "\n\n".join(parts)


def legend(metric: Metric) -> str:
    items = []
    for colour, segment in zip(SEGMENT_COLOURS, metric.series, strict=False):
        latest = metric.latest(segment)
        value = f": {metric_value(metric, latest.value)}" if latest else ""
        items.append(f'<li><span class="jh-swatch" style="background:{colour}"></span>'
                     f"{_segment(segment)}{value}</li>")
    if metric.target is not None:
        items.append('<li><span class="jh-swatch jh-swatch--target"></span>'
                     f"target: {metric_value(metric, metric.target)}</li>")
    return '<ul class="jh-legend" aria-label="Chart legend">' + "".join(items) + "</ul>"


def experiment_windows(page: str, metric: Metric) -> str:
    if not metric.experiments:
        return ""
    lines = [f"[{md(e.id)}](#{e.id}): {e.start.isoformat()} → "
             f"{e.end.isoformat() if e.end else 'ongoing'} {experiment_status_badge(e.status)}"
             for e in metric.experiments]
    return "**Experiment windows** during this series:\n\n" + bullets(lines)


def experiments(page: str, metric: Metric) -> str:
    if not metric.experiments:
        return "_No experiment measures this metric yet._"
    return "\n\n".join(experiment(page, e) for e in metric.experiments)


def experiment(page: str, exp: Experiment) -> str:
    window = f"{exp.start.isoformat()} → {exp.end.isoformat() if exp.end else 'ongoing'}"
    rows = [
        ("Status", experiment_status_badge(exp.status)),
        ("Window", window),
        ("Opportunity", opportunity_link(page, exp.opportunity)),
        ("Hypothesis", md(exp.hypothesis)),
        ("Result", md(exp.result) if exp.result else muted("not measured yet")),
        ("Decision", label(exp.decision) if exp.decision else muted("none yet")),
    ]
    return "\n\n".join([heading(3, exp.id, exp.id),
                        fact_list(rows)])


def used_by(page: str, metric: Metric) -> str:
    parts = []
    phases = sorted({id(p): p for p in [metric.phase, *metric.phases]}.values(),
                    key=lambda p: p.index)
    parts.append("**Phases:** " + ", ".join(phase_link(page, p) for p in phases))
    journeys = {id(j): j for j in metric.journeys}
    journeys |= {id(s.journey): s.journey for s in metric.steps}
    if journeys:
        parts.append("**Journeys:** " + ", ".join(journey_link(page, j)
                                                  for j in journeys.values()))
    if metric.steps:
        parts.append("**Steps:**\n\n" + bullets(
            f"{step_link(page, s)} {muted('(' + md(s.journey.title) + ')')}"
            for s in metric.steps))
    if metric.opportunities:
        parts.append("**Opportunities with this outcome:**\n\n" + bullets(
            f"{opportunity_link(page, o)}{progress_note(o)}" for o in metric.opportunities))
    return "\n\n".join(parts)


def progress_note(opp: Opportunity) -> str:
    progress = outcome_progress(opp)
    if progress is None or progress.share is None:
        return ""
    if progress.reached:
        return " " + target_reached_badge()
    if progress.wrong_way:
        return " " + wrong_way_badge(progress.metric)
    return f" {muted(f'({round(progress.share * 100)}% of the way to its target)')}"


def download_link(page: str, metric: Metric) -> str:
    name = urls.metric_csv(metric.id).rsplit("/", 1)[1]
    return f'[CSV download]({link_target(page, metric)}){{ download="{name}" }}'


def link_target(page: str, metric: Metric) -> str:
    return rel(page, urls.metric_csv(metric.id))


def observations(page: str, metric: Metric) -> str:
    """The latest RECENT observations of each of the first MAX_SEGMENTS segments: a table
    of bounded size, however long the series; the CSV download has every one."""
    rows = []
    shown = list(metric.series.items())[:MAX_SEGMENTS]
    for segment, points in shown:
        for o in reversed(points[-RECENT:]):
            rows.append([o.date.isoformat(), _segment(segment),
                         metric_value(metric, o.value), md(_short(o.note, NOTE)) if o.note
                         else ""])
    total = sum(len(p) for p in metric.series.values())
    more = len(metric.series) - len(shown)
    segments = f" of the first {MAX_SEGMENTS} segments ({more} more)" if more else \
        " per segment"
    plural = "s" if total != 1 else ""
    note = (f"The latest {RECENT}{segments}; the full series ({total:,} observation{plural}) "
            f"is in the {download_link(page, metric)} and in `measurements/{metric.id}.csv`.")
    return note + "\n\n" + block("jh-list-table", table(
        ["Date", "Segment", "Value", "Note"], rows))
