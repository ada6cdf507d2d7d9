"""Numbers as a reader says them: metric values in their unit, changes, outcomes, shares,
priorities, and the metrics table the metrics and phase pages share."""

from __future__ import annotations

from ...data.measures import OutcomeProgress, change, outcome_progress
from ...data.model import Metric, Opportunity, Phase
from .. import urls
from ..markup import attr, badge, block, link, md, table
from .badges import label, muted, target_reached_badge

UNIT_SUFFIX = {"percent": "%", "days": " days", "hours": " h", "minutes": " min"}
UNIT_LABEL = {"percent": "percent", "count": "count", "rate": "rate", "days": "days",
              "hours": "hours", "minutes": "minutes", "score": "score", "currency": "amount"}
CHANGE_WORDS = {"better": "better", "worse": "worse", "same": "no change"}


def number(value: float) -> str:
    """1234.5 -> '1,234.5'; whole numbers without decimals."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def metric_value(metric: Metric, value: float | None) -> str:
    """A value in the metric's unit, as a reader says it: '41.5%', '3.2 days'."""
    if value is None:
        return ""
    return number(value) + UNIT_SUFFIX.get(metric.unit or "", "")


def better_way(metric: Metric) -> str:
    return "higher is better" if metric.direction == "up" else "lower is better"


def change_badge(metric: Metric, delta: float, verdict: str) -> str:
    """The change since the previous observation: arrow, amount and a word, so colour is
    never the only signal."""
    arrow = "\u25b2" if delta > 0 else "\u25bc" if delta < 0 else "\u25b6"
    sign = "+" if delta > 0 else "\u2212" if delta < 0 else "\u00b1"
    points = " pts" if metric.unit == "percent" else UNIT_SUFFIX.get(metric.unit or "", "")
    amount = f"{arrow} {sign}{number(abs(delta))}{points}"
    return badge(f"{amount} {CHANGE_WORDS[verdict]}", f"change-{verdict}",
                 title=f"since the previous observation; {better_way(metric)}")


def metric_link(from_page: str, metric: Metric) -> str:
    return link(from_page, urls.metric(metric.id), metric.name)


def wrong_way_badge(metric: Metric) -> str:
    return badge("moving the wrong way", "progress-wrong",
                 title=f"{better_way(metric)}; it moved away from the target")


def outcome_text(page: str, opp: Opportunity) -> str:
    """An opportunity's measurable outcome; for a metric: baseline → latest → target and how
    much of the way is covered (direction-aware)."""
    spec = opp.outcome
    if spec is None:
        return muted("no measurable outcome yet")
    by = f" by {spec.by.isoformat()}" if spec.by else ""
    progress = outcome_progress(opp)
    if progress is not None:
        return metric_progress(page, progress) + by
    text = metric_link(page, opp.outcome_metric) if opp.outcome_metric else md(spec.metric)
    if spec.baseline is not None and spec.target is not None:
        text += f": {md(spec.baseline)} → {md(spec.target)}"
    elif spec.target is not None:
        text += f": target {md(spec.target)}"
    elif spec.baseline is not None:
        text += f": baseline {md(spec.baseline)}"
    return text + by


def metric_progress(page: str, p: OutcomeProgress) -> str:
    m = p.metric
    latest = f"**{metric_value(m, p.latest.value)}**" if p.latest else muted("no data yet")
    text = (f"{metric_link(page, m)}: {metric_value(m, p.baseline)} → {latest} → "
            f"{metric_value(m, p.target)}")
    if p.share is None:
        return text
    if p.reached:
        return f"{text} {target_reached_badge()}"
    if p.wrong_way:
        return f"{text} {wrong_way_badge(m)}"
    share = max(0, min(100, round(p.share * 100)))
    return (f"{text} · {share}% of the way"
            f'<span class="jh-meter jh-meter--inline" role="img" aria-label="{share}% of the '
            f'way from baseline to target"><span class="jh-meter__fill" '
            f'style="width: {share}%"></span></span>')


# --- shares (funnels) -----------------------------------------------------------------------

def ratio_percent(value: float | None) -> str:
    """A share (0.204) as a reader says it: '20.4%' (one decimal at most; '–' when unknown)."""
    if value is None:
        return "–"
    return number(round(value * 100, 1)) + "%"


def points(delta: float | None) -> str:
    """A change of a percentage, in points: '+5 pts', '−10 pts', '±0 pts'."""
    if delta is None:
        return ""
    rounded = round(delta, 1)
    sign = "+" if rounded > 0 else "\u2212" if rounded < 0 else "\u00b1"
    return f"{sign}{number(abs(rounded))} pts"


def priority_cell(opportunity: Opportunity) -> str:
    """Priority (impact ÷ effort) in bold, its two inputs underneath."""
    if opportunity.priority is None:
        return muted("not scored")
    return (f"**{opportunity.priority:.1f}**<br><span class=\"jh-muted jh-nowrap\">impact "
            f"{opportunity.impact} · effort {opportunity.effort}</span>")


# --- the metrics table ---------------------------------------------------------------------------

def latest_cell(metric: Metric) -> str:
    latest = metric.latest()
    if latest is None:
        return muted("no data yet")
    return (f"**{metric_value(metric, latest.value)}**<br>"
            f'<span class="jh-muted jh-nowrap">{latest.date.isoformat()}</span>')


def change_cell(metric: Metric) -> str:
    found = change(metric)
    return change_badge(metric, *found) if found else muted("—")


def target_cell(metric: Metric) -> str:
    if metric.target is None:
        return muted(better_way(metric))
    return f"{metric_value(metric, metric.target)}<br>{muted(better_way(metric))}"


def metrics_table(page: str, metrics: list[Metric], *, anchors: bool = False) -> str:
    rows = []
    for m in metrics:
        anchor = f'<a id="{attr(m.id)}"></a>' if anchors else ""
        rows.append([anchor + link(page, urls.metric(m.id), m.name), label(m.kind),
                     latest_cell(m), change_cell(m), target_cell(m)])
    return block("jh-list-table jh-metrics-table",
                 table(["Metric", "Kind", "Latest", "Since the previous", "Target"], rows))


def phase_metrics(page: str, phase: Phase) -> str:
    """The phase page's metrics section (empty when the phase has none)."""
    if not phase.metric_links:
        return ""
    return metrics_table(page, phase.metric_links)
