"""What the measures say: outcome progress, re-triage, regulated review gaps, metric change.

Pure functions of the resolved model, so pages, downloads, exports and commands agree.
The rules are those of handbook-format.md ("Triage", "Review log", opportunities' outcome).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from .model import _OVERALL, Journey, Metric, Observation, Opportunity, derived
from .schema import parse_number


@dataclass(frozen=True)
class OutcomeProgress:
    metric: Metric
    baseline: float
    target: float
    latest: Observation | None
    # 0..1+ of the way from baseline to target, direction-aware; negative when it moved
    # the wrong way; None without data
    share: float | None
    wrong_way: bool
    reached: bool


def _number(value: str | float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return parse_number(value)


def outcome_progress(opp: Opportunity) -> OutcomeProgress | None:
    """Baseline -> latest -> target of an opportunity whose outcome is a metric.

    None when the outcome is not a metric id, or when baseline or target (the outcome's,
    else the metric's own target) is not a number.
    """
    metric, outcome = opp.outcome_metric, opp.outcome
    if metric is None or outcome is None:
        return None
    baseline = _number(outcome.baseline)
    target = _number(outcome.target)
    if target is None:
        target = metric.target
    if baseline is None or target is None:
        return None
    latest = metric.latest()
    if latest is None:
        return OutcomeProgress(metric, baseline, target, None, None, False, False)
    better = 1 if metric.direction == "up" else -1
    gained = (latest.value - baseline) * better  # > 0: moved the better way
    needed = (target - baseline) * better
    reached = (latest.value - target) * better >= 0
    # A target at (or behind) the baseline leaves nothing in between: reached or not.
    fallback = 1.0 if reached else (-1.0 if gained < 0 else 0.0)
    share = gained / needed if needed > 0 else fallback
    return OutcomeProgress(metric, baseline, target, latest, share, gained < 0, reached)


def triage_date(opp: Opportunity) -> date:
    """When the opportunity's priority was last decided: `triaged`, else the map's review."""
    return opp.triaged or opp.journey.reviewed


def retriage_reasons(opp: Opportunity) -> list[str]:
    """Why the opportunity needs re-triage (Triage rules); empty when it does not.

    After its `triaged` date (else the journey's `reviewed` date): evidence it cites, or
    evidence cited by the steps it targets, was collected; or its outcome metric has new
    observations.
    """
    since = triage_date(opp)
    basis = "triaged" if opp.triaged else "the map's review"
    reasons: list[str] = []
    seen: set[str] = set()
    cited = [(ev, None) for ev in opp.evidence]
    cited += [(c.evidence, step) for step in opp.steps for c in step.evidence]
    for ev, step in cited:
        if ev.id in seen or ev.collected is None or ev.collected <= since:
            continue
        seen.add(ev.id)
        how = "it cites" if step is None else f"cited by step '{step.ref}'"
        reasons.append(f"new evidence '{ev.id}' ({ev.title}, {how}) collected "
                       f"{ev.collected.isoformat()}, after {basis} on {since.isoformat()}")
    metric = opp.outcome_metric
    if metric is not None:
        dates = _observation_dates(metric)
        new = len(dates) - bisect.bisect_right(dates, since)
        if new:
            reasons.append(f"{new} new observation{'s' if new != 1 else ''} of "
                           f"metric '{metric.id}' since {basis} on {since.isoformat()} "
                           f"(latest {dates[-1].isoformat()})")
    return reasons


def _observation_dates(metric: Metric) -> list[date]:
    """Every observation's date, sorted; once per load, as thousands of opportunities can
    share one metric with a long series."""
    return derived(metric, ("observation dates",),
                   lambda: sorted(o.date for o in metric.observations()))


def needs_retriage(opp: Opportunity) -> bool:
    return bool(retriage_reasons(opp))


def regulated_steps(journey: Journey) -> list:
    """Steps whose touchpoint is regulated (consent, identity verification, ...)."""
    return [s for s in journey.steps if s.touchpoint is not None and s.touchpoint.regulated]


def regulated_review_gap(journey: Journey) -> bool:
    """Regulated steps, and no reviews_regulated team at the latest review_log entry.

    A map without a review_log has no latest review to judge: no gap is reported for it.
    """
    latest = journey.latest_review
    if latest is None or not regulated_steps(journey):
        return False
    return not latest.regulated_participants


def change(metric: Metric, segment: str | None = _OVERALL) -> tuple[float, str] | None:
    """(latest - previous, "better" | "worse" | "same"), judged by the metric's direction."""
    latest, previous = metric.latest(segment), metric.previous(segment)
    if latest is None or previous is None:
        return None
    delta = latest.value - previous.value
    if delta == 0:
        return 0.0, "same"
    better = delta > 0 if metric.direction == "up" else delta < 0
    return delta, "better" if better else "worse"
