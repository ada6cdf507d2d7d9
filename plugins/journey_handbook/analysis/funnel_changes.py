"""What a change does to the funnels: conversions that moved (part of `journeys diff`).

Each journey's funnel (its default segment, at its funnel date) is compared with the same
journey's on the base side, stage by stage, matched by metric id (renamed journeys and
metrics are followed). A conversion "moved" when it reads differently at one decimal: a new
month of counts, a revised count, or a changed stage list all show here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..data.funnel import Funnel, funnel
from ..data.model import Handbook


@dataclass
class ConversionMove:
    metric: str
    step: str | None
    before: float | None  # percent, one decimal; None: not a stage (or no funnel) before
    after: float | None


@dataclass
class FunnelChange:
    journey: str
    title: str
    date: tuple[str | None, str | None]  # funnel dates, base -> head
    end_to_end: tuple[float | None, float | None]
    moves: list[ConversionMove] = field(default_factory=list)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _conversions(f: Funnel | None, renames: dict[str, str]) -> dict[str, float | None]:
    if f is None:
        return {}
    return {renames.get(s.metric.id, s.metric.id): _pct(s.conversion) for s in f.stages[1:]}


def funnel_changes(before: Handbook | None, after: Handbook, journey_renames: dict[str, str],
                   metric_renames: dict[str, str]) -> list[FunnelChange]:
    """Journeys whose funnel conversions moved, in the head's journey order."""
    if before is None:
        return []
    old_by_new = {new: old for old, new in journey_renames.items()}
    out = []
    for jid, journey in after.journeys.items():
        head = funnel(journey)
        old = before.journeys.get(old_by_new.get(jid, jid))
        base = funnel(old) if old is not None else None
        if not head.stages and (base is None or not base.stages):
            continue
        was = _conversions(base, metric_renames)
        now = _conversions(head, {})
        steps = {s.metric.id: (s.step.id if s.step else None) for s in head.stages}
        moves = [ConversionMove(metric, steps.get(metric), was.get(metric), now.get(metric))
                 for metric in [*now, *(m for m in was if m not in now)]
                 if was.get(metric) != now.get(metric)]
        if moves:
            out.append(FunnelChange(
                jid, journey.title,
                (base.date.isoformat() if base and base.date else None,
                 head.date.isoformat() if head.date else None),
                (_pct(base.end_to_end) if base else None, _pct(head.end_to_end)), moves))
    return out
