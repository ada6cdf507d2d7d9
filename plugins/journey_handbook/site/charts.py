"""Charts for measures: a metric's trend data (drawn as inline SVG by trendchart.py) and the
backlog's impact/effort matrix (a Mermaid `quadrantChart`).

Labels from data go through `mermaid_text()` like every other diagram.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from ..data.model import Metric, Observation, Opportunity
from .diagrams import mermaid_text

# Segment colours of the trend chart (trendchart.py): these are told apart in both palettes and
# by most colour-blind readers (Okabe-Ito), and the legend below the chart repeats them.
SEGMENT_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
OVERALL = "all"


def fence(lines: list[str]) -> str:
    return "```mermaid\n" + "\n".join(lines) + "\n```"


def segment_name(segment: str | None) -> str:
    return OVERALL if segment is None else segment


@dataclass(frozen=True)
class Trend:
    """The chart's data: one date axis, one value per date for every segment."""

    dates: list[date]
    lines: dict[str | None, list[float]]  # segment -> a value per date
    filled: int  # values interpolated because a segment had no observation that day


def trend(metric: Metric) -> Trend:
    dates = sorted({o.date for points in metric.series.values() for o in points})
    lines: dict[str | None, list[float]] = {}
    filled = 0
    for segment, points in metric.series.items():
        values, gaps = _on_dates(points, dates)
        lines[segment] = values
        filled += gaps
    return Trend(dates, lines, filled)


def _on_dates(points: list[Observation], dates: list[date]) -> tuple[list[float], int]:
    """A segment's values on the shared dates; a missing day is interpolated between its
    neighbours (or held at the nearest one at either end), since a line cannot have holes."""
    known = {o.date: o.value for o in points}
    ordered = [(d, known[d]) for d in dates if d in known]
    values, gaps = [], 0
    for d in dates:
        if d in known:
            values.append(known[d])
            continue
        gaps += 1
        before = [p for p in ordered if p[0] < d]
        after = [p for p in ordered if p[0] > d]
        if before and after:
            (d0, v0), (d1, v1) = before[-1], after[0]
            values.append(v0 + (v1 - v0) * (d - d0).days / (d1 - d0).days)
        else:
            values.append((before[-1] if before else after[0])[1])
    return values, gaps


def axis_range(values: list[float], target: float | None) -> tuple[float, float]:
    """A y-axis with a little room around the data and the target, at round numbers; a
    measure that cannot go below zero does not get a negative axis."""
    everything = values + ([target] if target is not None else [])
    low, high = min(everything), max(everything)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    bottom, top = low - pad, high + pad
    if low >= 0:
        bottom = max(bottom, 0.0)
    step = 10 ** math.floor(math.log10(top - bottom)) / 10
    return math.floor(bottom / step) * step, math.ceil(top / step) * step


def number(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def describe_trend(metric: Metric, data: Trend) -> str:
    if not data.dates:
        return "No observations yet."
    parts = [f"{len(data.dates)} periods from {data.dates[0].isoformat()} to "
             f"{data.dates[-1].isoformat()}."]
    for segment, series in data.lines.items():
        parts.append(f"{segment_name(segment)}: from {number(series[0])} to "
                     f"{number(series[-1])}, lowest {number(min(series))}, highest "
                     f"{number(max(series))}.")
    if metric.target is not None:
        better = "higher" if metric.direction == "up" else "lower"
        parts.append(f"Target {number(metric.target)} ({better} is better).")
    return " ".join(parts)


# -- the backlog's impact/effort matrix --------------------------------------------------------

QUADRANTS = ("Big bets", "Quick wins", "Fill-ins", "Reconsider")  # Mermaid's quadrant-1..4
TITLE_LEN = 24
FULL_TITLES_UP_TO = 15  # more opportunities than this: points are labelled by rank only


# Scores 1..5 to positions; 3 sits inside the "high impact" and "low effort" halves, as the
# description counts it, instead of on the line between two quadrants.
EFFORT_X = {1: 0.08, 2: 0.24, 3: 0.40, 4: 0.66, 5: 0.88}
IMPACT_Y = {1: 0.12, 2: 0.32, 3: 0.58, 4: 0.75, 5: 0.91}


def _spread(index: int, count: int) -> float:
    """Offsets that keep opportunities with the same impact and effort apart."""
    if count == 1:
        return 0.0
    return (index / (count - 1) - 0.5) * 0.16


def quadrant_chart(scored: list[tuple[int, Opportunity]]) -> str:
    """Impact (up) against effort (right) for every scored opportunity, labelled by rank."""
    lines = [
        "quadrantChart",
        "    accTitle: Opportunities by impact and effort",
        "    accDescr: " + mermaid_text(describe_quadrants(scored), 600),
        "    x-axis Low effort --> High effort",
        "    y-axis Low impact --> High impact",
        *(f"    quadrant-{i} {name}" for i, name in enumerate(QUADRANTS, start=1)),
    ]
    groups: dict[tuple[int, int], list[tuple[int, Opportunity]]] = {}
    for rank, opp in scored:
        groups.setdefault((opp.effort or 0, opp.impact or 0), []).append((rank, opp))
    for (effort, impact), members in sorted(groups.items()):
        for i, (rank, opp) in enumerate(members):
            x = EFFORT_X[effort] + _spread(i, len(members)) / 2
            y = IMPACT_Y[impact] + _spread(len(members) - 1 - i, len(members)) / 3
            label = f"#{rank}"
            if len(scored) <= FULL_TITLES_UP_TO:
                label += " " + mermaid_text(opp.title, TITLE_LEN)
            label = label.replace("[", "(").replace("]", ")").replace(",", "\u201a")
            lines.append(f"    {label}: [{min(max(x, 0.02), 0.98):.3f}, "
                         f"{min(max(y, 0.02), 0.98):.3f}]")
    return fence(lines)


def describe_quadrants(scored: list[tuple[int, Opportunity]]) -> str:
    counts = dict.fromkeys(QUADRANTS, 0)
    for _rank, opp in scored:
        high_impact = (opp.impact or 0) >= 3
        low_effort = (opp.effort or 0) <= 3
        quadrant = (QUADRANTS[1] if low_effort else QUADRANTS[0]) if high_impact else \
            (QUADRANTS[2] if low_effort else QUADRANTS[3])
        counts[quadrant] += 1
    return (f"{len(scored)} scored opportunities, each a point labelled by its backlog rank. "
            + ", ".join(f"{name}: {n}" for name, n in counts.items()) + ".")
