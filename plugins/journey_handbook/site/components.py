"""Page pieces every page kind shares: badges, actor references, enum labels, muted text.

A status, a role or a regulated step looks the same on every page because each is drawn
here once; the CSS rule for every `jh-badge--*` kind below lives in `assets/`, and a test
renders every page and checks that each `jh-*` class has one.
"""

from __future__ import annotations

import re

from ..data.measures import OutcomeProgress, outcome_progress
from ..data.model import Actor, Journey, Metric, Opportunity, Step, Team, Touchpoint
from ..data.reviews import ReviewStatus
from . import urls
from .markup import attr, badge, html_text, link, md


def muted(html_text: str) -> str:
    """Secondary text (already rendered), set in the muted colour."""
    return f'<span class="jh-muted">{html_text}</span>'


MUTED_NONE = muted("—")


def label(value: str | None) -> str:
    """An enum value as a reader sees it: 'decision-maker' -> 'Decision-maker'."""
    return md(value[:1].upper() + value[1:]) if value else ""


def words(value: str) -> str:
    """A kebab-case enum value as words: 'in-progress' -> 'in progress'."""
    return value.replace("-", " ")


def actor_ref(from_page: str, actor: Actor | None) -> str:
    """Personas link to their page; teams have none, so they are named and marked as a team."""
    if actor is None:
        return ""
    if isinstance(actor, Team):
        return f"{md(actor.name)} {badge('team', 'team')}"
    return link(from_page, urls.persona(actor.id), actor.name)


# --- badges: one function per thing a badge can say -----------------------------------------

def journey_status_badge(journey: Journey) -> str:
    return badge(journey.status, f"journey-{journey.status}")


def opportunity_status_badge(opp: Opportunity) -> str:
    return badge(words(opp.status), opp.status)


def review_badge(status: ReviewStatus, title: str | None = None) -> str:
    return badge(status.label, status.state, title=title)


def confidence_badge(step: Step) -> str:
    if step.confidence == "known":
        return badge("known", "known", title="backed by evidence")
    return badge("hypothesized", "hypothesized", title="not yet backed by evidence")


def regulated_badge(kind: str) -> str:
    return badge(words(kind), "regulated", title="regulated step")


def touchpoint_kind_badge(tp: Touchpoint) -> str:
    return badge(tp.kind, f"kind-{tp.kind}") if tp.kind else ""


# --- measures -----------------------------------------------------------------------------------

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


def experiment_status_badge(status: str) -> str:
    return badge(status, f"experiment-{status}")


def retriage_badge(reasons: list[str]) -> str:
    return badge("needs re-triage", "retriage", title="; ".join(reasons)) if reasons else ""


def target_reached_badge() -> str:
    return badge("target reached", "progress-reached")


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


# -- diagrams ---------------------------------------------------------------------------------

_ACCESSIBLE = re.compile(r"^\s*acc(Title|Descr):\s*(.*)$", re.MULTILINE)


def diagram_alternative(fence: str) -> str:
    """The diagram's title and description (its accTitle and accDescr lines), as text."""
    found = dict(_ACCESSIBLE.findall(fence))
    parts = [found.get("Title", "").strip(), found.get("Descr", "").strip()]
    return ". ".join(p.rstrip(".") for p in parts if p) + ("." if any(parts) else "")


def diagram_box(fence: str, kind: str, *, css: str = "", **sizes: int) -> str:
    """A Mermaid fence in a box whose height CSS fixes per kind (`jh-diagram--KIND`; sizes
    become CSS variables; `css` adds classes), so nothing moves when the diagram is drawn,
    which may be late: the page script draws a diagram when it comes near the viewport. The
    box holds the diagram's text alternative from the start, shown until the drawing
    replaces the Mermaid source."""
    style = "; ".join(f"--jh-{name}: {int(value)}" for name, value in sizes.items())
    alternative = diagram_alternative(fence)
    alt = f'<p class="jh-diagram__alt">{html_text(alternative)}</p>\n' if alternative else ""
    style_attr = f' style="{attr(style)}"' if style else ""
    # The box scrolls sideways when the diagram is wider than the page: keyboard users
    # scroll it once it has focus (WCAG 2.1.1; axe rule scrollable-region-focusable).
    title = dict(_ACCESSIBLE.findall(fence)).get("Title", "").strip() or "Diagram"
    classes = f"jh-diagram jh-diagram--{kind}" + (f" {css}" if css else "")
    return (f'<div class="{attr(classes)}"{style_attr} tabindex="0" '
            f'role="group" aria-label="{attr(title)}" markdown>\n'
            f"{alt}\n{fence}\n\n</div>")


# --- funnels ------------------------------------------------------------------------------------

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
