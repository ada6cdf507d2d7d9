"""A metric's trend drawn by the build as inline SVG: one line per segment, the target flat.

Mermaid's xychart drew this chart in the reader's browser: the whole Mermaid core for one
line chart, and about a second of main-thread work on a phone (it measures each of the 104
category labels of a two-year weekly series in the page, and merges its configuration over
and over). Here the geometry is known at build time, so the page carries a small SVG that
costs nothing to show, works without JavaScript and never moves the page.

Every text from data is escaped with `html_text()`; the chart is a light card with dark text
in both palettes, like the diagrams, and its title and description are the accessible name.
"""

from __future__ import annotations

import math

from ..data.model import Metric
from .charts import (
    SEGMENT_COLOURS,
    Trend,
    axis_number,
    axis_range,
    date_labels,
    describe_trend,
    trend,
)
from .markup import attr, html_text

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 32, 16, 40  # room for the value labels and the dates
TARGET_COLOUR = "#767676"
Y_TICKS = 5


def _x(i: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * i / (count - 1) if count > 1 else span / 2)


def _y(value: float, low: float, high: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - (value - low) / ((high - low) or 1))


def _ticks(low: float, high: float) -> list[float]:
    """About Y_TICKS round values from low to high."""
    raw = (high - low) / (Y_TICKS - 1) or 1
    step = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if step * factor >= raw:
            step *= factor
            break
    first = math.ceil(low / step - 1e-9) * step
    return [first + k * step for k in range(int((high - first) / step + 1e-9) + 1)]


def _polyline(values: list[float], low: float, high: float, colour: str, css: str) -> str:
    points = " ".join(f"{_x(i, len(values)):.1f},{_y(v, low, high):.1f}"
                      for i, v in enumerate(values))
    return (f'<polyline class="{css}" points="{points}" fill="none" stroke="{colour}" '
            'stroke-width="2" stroke-linejoin="round"/>')


def _axes(data: Trend, low: float, high: float, unit_label: str) -> list[str]:
    out = []
    for value in _ticks(low, high):
        y = _y(value, low, high)
        out.append(f'<line class="jh-trend__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                   f'y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">'
                   f"{axis_number(value)}</text>")
    out.append(f'<text class="jh-trend__unit" x="14" y="{(HEIGHT - BOTTOM + TOP) / 2:.0f}" '
               f'text-anchor="middle" transform="rotate(-90 14 '
               f'{(HEIGHT - BOTTOM + TOP) / 2:.0f})">{html_text(unit_label)}</text>')
    base = HEIGHT - BOTTOM
    out.append(f'<line class="jh-trend__axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
               f'y1="{base}" y2="{base}"/>')
    count = len(data.dates)
    for i, label in date_labels(data.dates, data.period):
        x = _x(i, count)
        anchor = "start" if i == 0 and count > 1 else "middle"
        out.append(f'<text x="{x:.1f}" y="{base + 22}" text-anchor="{anchor}">'
                   f"{html_text(label)}</text>")
    return out


def trend_svg(metric: Metric, unit_label: str, chart_id: str, data: Trend | None = None
              ) -> str:
    """The metric's trend as an inline SVG in a figure (HTML, one line: Markdown-safe)."""
    data = data or trend(metric)
    values = [v for line in data.lines.values() for v in line]
    if not data.dates or not values:
        return ""
    low, high = axis_range(values, metric.target)
    title = f"{metric.name} over time"
    parts = [f'<title id="{attr(chart_id)}-title">{html_text(title)}</title>',
             f'<desc id="{attr(chart_id)}-desc">'
             f"{html_text(describe_trend(metric, data))}</desc>",
             f'<rect class="jh-trend__card" width="{WIDTH}" height="{HEIGHT}" rx="4"/>',
             *_axes(data, low, high, unit_label)]
    if metric.target is not None:
        parts.append(_polyline([metric.target] * len(data.dates), low, high, TARGET_COLOUR,
                               "jh-trend__target"))
    for colour, series in zip(SEGMENT_COLOURS, data.lines.values(), strict=False):
        parts.append(_polyline(series, low, high, colour, "jh-trend__line"))
    svg = (f'<svg class="jh-trend__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="{attr(chart_id)}-title {attr(chart_id)}-desc">'
           f'{"".join(parts)}</svg>')
    return f'<div class="jh-trend">{svg}</div>'
