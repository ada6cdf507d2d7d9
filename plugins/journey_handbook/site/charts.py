"""A metric's trend data, drawn as inline SVG by trendchart.py."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta

from ..data.model import Metric, Observation

MAX_LABELS = 12  # dates printed under the trend's axis, evenly spaced
# Segment colours of the trend: told apart in both palettes and by most colour-blind readers
# (Okabe-Ito), and the legend below the chart repeats them.
SEGMENT_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
OVERALL = "all"


def segment_name(segment: str | None) -> str:
    return OVERALL if segment is None else segment


# A chart draws at most MAX_POINTS dates and MAX_SEGMENTS lines, whatever the CSV holds: a
# longer series is drawn as averages per week, month, quarter, year or span of years (the
# first that fits), and says so under the chart; the full series is in the CSV download.
# So a page's size does not grow with its data (20,000 daily dates once wrote a 600 MB page).
MAX_POINTS = 104  # two years of weeks
MAX_SEGMENTS = len(SEGMENT_COLOURS)


@dataclass(frozen=True)
class Trend:
    """The chart's data: one date axis, one value per date for every drawn segment."""

    dates: list[date]  # each the end of its period
    lines: dict[str | None, list[float]]  # segment -> a value per date
    filled: int  # values interpolated because a segment had no observation in that period
    period: str = "day"  # "day": as observed; else what each point averages ("week", ...)
    observations: int = 0  # observations of the drawn segments
    hidden: int = 0  # segments left out of the chart (more than MAX_SEGMENTS)


def _week(d: date) -> date:
    return d + timedelta(days=6 - d.weekday())  # the Sunday that ends its week


def _month(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def _quarter(d: date) -> date:
    return _month(date(d.year, (d.month - 1) // 3 * 3 + 3, 1))


def _year(d: date) -> date:
    return date(d.year, 12, 31)


def _years(first: int, span: int):
    def bucket(d: date) -> date:
        return date(min(d.year + span - 1 - (d.year - first) % span, 9999), 12, 31)
    return bucket


PERIODS = (("week", _week), ("month", _month), ("quarter", _quarter), ("year", _year))


def _period(dates: list[date]) -> tuple[str, object]:
    """The finest period that draws `dates` (sorted) in at most MAX_POINTS points."""
    for name, bucket in PERIODS:
        if len({bucket(d) for d in dates}) <= MAX_POINTS:
            return name, bucket
    first, last = dates[0].year, dates[-1].year
    span = math.ceil((last - first + 1) / MAX_POINTS)
    return f"{span} years", _years(first, span)


def trend(metric: Metric) -> Trend:
    drawn = list(metric.series.items())[:MAX_SEGMENTS]
    hidden = len(metric.series) - len(drawn)
    dates = sorted({o.date for _, points in drawn for o in points})
    count = sum(len(points) for _, points in drawn)
    period, bucket = "day", None
    if len(dates) > MAX_POINTS:
        period, bucket = _period(dates)
        dates = sorted({bucket(d) for d in dates})
    lines: dict[str | None, list[float]] = {}
    filled = 0
    for segment, points in drawn:
        known = _averages(points, bucket) if bucket else {o.date: o.value for o in points}
        values, gaps = _on_dates(known, dates)
        lines[segment] = values
        filled += gaps
    return Trend(dates, lines, filled, period, count, hidden)


def _averages(points: list[Observation], bucket) -> dict[date, float]:
    """The mean value of each period (by its end date), in date order."""
    sums: dict[date, list[float]] = {}
    memo: dict[date, date] = {}
    for o in points:
        end = memo.get(o.date)
        if end is None:
            end = memo[o.date] = bucket(o.date)
        acc = sums.get(end)
        if acc is None:
            sums[end] = [o.value, 1.0]
        else:
            acc[0] += o.value
            acc[1] += 1
    return {d: total / n for d, (total, n) in sums.items()}


def _on_dates(known: dict[date, float], dates: list[date]) -> tuple[list[float], int]:
    """A segment's values on the shared dates; a missing date is interpolated between its
    neighbours (or held at the nearest one at either end), since a line cannot have holes.
    One pass over the dates with the next known one at hand: linear in the dates."""
    ordered = [d for d in dates if d in known]
    values, gaps = [], 0
    nxt = 0  # index in `ordered` of the first known date after (or at) d
    for d in dates:
        if d in known:
            values.append(known[d])
            nxt += 1
            continue
        gaps += 1
        before = ordered[nxt - 1] if nxt > 0 else None
        after = ordered[nxt] if nxt < len(ordered) else None
        if before is not None and after is not None:
            v0, v1 = known[before], known[after]
            values.append(v0 + (v1 - v0) * (d - before).days / (after - before).days)
        else:
            values.append(known[before if before is not None else after])
    return values, gaps


_LABEL_FORMAT = {"month": "%b %Y", "quarter": "%b %Y"}


def date_labels(dates: list[date], period: str = "day") -> list[tuple[int, str]]:
    """(index, text) of about MAX_LABELS evenly spaced dates, written for the period."""
    step = max(1, math.ceil(len(dates) / MAX_LABELS))
    if period.endswith("year") or period.endswith("years"):
        fmt = "%Y"
    else:
        fmt = _LABEL_FORMAT.get(period, "%b %y" if step > 1 else "")
    return [(i, dates[i].strftime(fmt) if fmt else dates[i].isoformat())
            for i in range(0, len(dates), step)]


def aggregation_note(data: Trend) -> str:
    """The sentence under a chart that averages: what each point is, and where the rest is."""
    parts = []
    if data.period != "day":
        span = data.period.replace(" years", "-year span")
        parts.append(f"{data.observations:,} observations are too many to draw one by one: "
                     f"each of the {len(data.dates)} points is the average of one {span}.")
    if data.hidden:
        parts.append(f"{data.hidden} more segment{'s are' if data.hidden != 1 else ' is'} "
                     f"not drawn (the chart shows the first {MAX_SEGMENTS}).")
    return " ".join(parts)


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


def axis_number(x: float) -> str:
    """A chart value: two decimals at most, no thousands separator (short axis labels;
    components.number is the one for text)."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def describe_trend(metric: Metric, data: Trend) -> str:
    if not data.dates:
        return "No observations yet."
    each = "" if data.period == "day" else f" (averages of each {data.period})"
    parts = [f"{len(data.dates)} periods{each} from {data.dates[0].isoformat()} to "
             f"{data.dates[-1].isoformat()}."]
    for segment, series in data.lines.items():
        parts.append(f"{segment_name(segment)}: from {axis_number(series[0])} to "
                     f"{axis_number(series[-1])}, lowest {axis_number(min(series))}, highest "
                     f"{axis_number(max(series))}.")
    if metric.target is not None:
        better = "higher" if metric.direction == "up" else "lower"
        parts.append(f"Target {axis_number(metric.target)} ({better} is better).")
    return " ".join(parts)
