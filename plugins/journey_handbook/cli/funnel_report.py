"""`journeys funnel JOURNEY`: a journey's funnel as text, JSON or Markdown (for a PR comment).

The figures are `data.funnel`'s, the same the journey page, its board and `/funnels/` show.
An unknown journey, date or segment is a usage error (exit 2) that names the known ones.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from ..data.funnel import ALL, DEFAULT, Funnel, funnel
from ..data.model import Handbook, Journey
from ..site import urls
from ..site.components import number, points, ratio_percent
from ..site.markup import md
from .common import UsageFailure, data_dir_option, require_valid

DEFAULT_LABEL = "(default: rows without a segment)"


def _known(items: list[str], limit: int = 12) -> str:
    shown = items[-limit:] if len(items) > limit else items
    more = f"... ({len(items) - limit} earlier), " if len(items) > limit else ""
    return more + ", ".join(shown) if shown else "none"


def find_journey(handbook: Handbook, name: str) -> Journey:
    journey = handbook.journeys.get(handbook.journey_aliases.get(name, name))
    if journey is None:
        raise UsageFailure(f"unknown journey '{name}'; known journeys: "
                           f"{_known(sorted(handbook.journeys), limit=40)}")
    return journey


def choose(journey: Journey, segment: str | None, day: str | None) -> Funnel:
    """The funnel asked for, or a UsageFailure naming the segments or dates there are."""
    shown = funnel(journey)
    if segment is not None:
        wanted = DEFAULT if segment in ("", ALL) else segment
        if wanted not in shown.segments:
            names = [DEFAULT_LABEL if s is None else s for s in shown.segments]
            raise UsageFailure(f"journey '{journey.id}' has no funnel segment '{segment}'; "
                               f"segments every stage has: {_known(names)}")
        shown = funnel(journey, wanted)
    if day is None:
        return shown
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise UsageFailure(f"--date expects YYYY-MM-DD, found '{day}'") from None
    if when not in shown.dates:
        raise UsageFailure(f"every stage of '{journey.id}' has an observation only on these "
                           f"dates: {_known([d.isoformat() for d in shown.dates])}; not on {day}")
    return funnel(journey, shown.segment, when)


def _segment(f: Funnel) -> str:
    return "all rows without a segment" if f.segment is None else f"segment '{f.segment}'"


def _where(stage) -> str:
    return stage.step.id if stage.step is not None else stage.metric.id


def text(f: Funnel) -> str:
    j = f.journey
    if not f.stages:
        return f"{j.title} ({j.id}): no funnel: {f.reason}.\n"
    out = [f"{j.title} ({j.id}): funnel on {f.date.isoformat()}, {_segment(f)}"]
    if f.previous_date:
        out.append(f"previous common date: {f.previous_date.isoformat()}")
    rows = [("#", "step", "metric", "value", "conversion", "share", "before")]
    drop = f.biggest_drop
    for i, s in enumerate(f.stages, 1):
        before = "" if s.previous_conversion is None else \
            f"{ratio_percent(s.previous_conversion)} ({points(s.change)})"
        rows.append((str(i), _where(s), s.metric.id, number(s.value),
                     "" if s.conversion is None else ratio_percent(s.conversion),
                     ratio_percent(s.share), before + ("  <- biggest drop" if s is drop else "")))
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    out += ["", *("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                  for r in rows), ""]
    out.append(f"end to end: {ratio_percent(f.end_to_end)}" + _change_since(f))
    if drop is not None:
        out.append(f"biggest drop: {_where(drop)} ({drop.metric.id}), "
                   f"{ratio_percent(drop.conversion)} of the stage before")
    if f.failures:
        out += ["", f"why people stop ({f.date.isoformat()}):"]
        for fl in f.failures:
            value = number(fl.value) if fl.value is not None else "no count on this date"
            by = (" (outcome of " + ", ".join(o.id for o in fl.opportunities) + ")"
                  if fl.opportunities else "")
            out.append(f"  {fl.step.id}: {fl.metric.id} {value}{by}")
    others = [s for s in f.segments[1:]]
    if others:
        out += ["", "other segments: " + ", ".join(
            "--segment all" if s is None else f"--segment {s}" for s in others)]
    return "\n".join(out) + "\n"


def _change_since(f: Funnel) -> str:
    change = f.end_to_end_change
    if change is None or f.previous_date is None:
        return ""
    return f" ({points(change)} since {f.previous_date.isoformat()})"


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def as_json(f: Funnel) -> str:
    drop = f.biggest_drop
    data = {
        "journey": f.journey.id, "title": f.journey.title, "url": urls.funnel_url(f.journey.id),
        "segment": f.segment, "segments": f.segments,
        "date": f.date.isoformat() if f.date else None,
        "previous_date": f.previous_date.isoformat() if f.previous_date else None,
        "dates": [d.isoformat() for d in f.dates],
        "reason": f.reason or None,
        "stages": [{
            "step": s.step.id if s.step else None, "metric": s.metric.id,
            "metric_name": s.metric.name, "value": s.value,
            "conversion_pct": _pct(s.conversion), "share_of_first_pct": _pct(s.share),
            "previous_conversion_pct": _pct(s.previous_conversion),
            "change_pts": None if s.change is None else round(s.change, 2),
            "biggest_drop": s is drop,
        } for s in f.stages],
        "biggest_drop": None if drop is None else {
            "step": drop.step.id if drop.step else None, "metric": drop.metric.id,
            "conversion_pct": _pct(drop.conversion)},
        "end_to_end_pct": _pct(f.end_to_end),
        "end_to_end_change_pts": (None if f.end_to_end_change is None
                                  else round(f.end_to_end_change, 2)),
        "failures": [{"step": fl.step.id, "metric": fl.metric.id, "name": fl.metric.name,
                      "value": fl.value, "opportunities": [o.id for o in fl.opportunities]}
                     for fl in f.failures],
    }
    return json.dumps(data, indent=2) + "\n"


def markdown(f: Funnel) -> str:
    j = f.journey
    out = [f"### Funnel: {md(j.title)} (`{j.id}`)", ""]
    if not f.stages:
        return "\n".join(out + [f"No funnel: {md(f.reason)}."]) + "\n"
    head = f"On **{f.date.isoformat()}** ({md(_segment(f))})"
    if f.previous_date:
        head += f" · previous common date {f.previous_date.isoformat()}"
    before = f"Before ({f.previous_date.isoformat()})" if f.previous_date else "Before"
    out += [head, "", f"| # | Step | Metric | People | Conversion | Share of first | {before} |",
            "|---|---|---|---|---|---|---|"]
    drop = f.biggest_drop
    for i, s in enumerate(f.stages, 1):
        step = f"{md(s.step.action)} `{s.step.id}`" if s.step else "–"
        conv = "–" if s.conversion is None else ratio_percent(s.conversion)
        if s is drop:
            conv = f"**{conv}** (biggest drop)"
        prev = "–" if s.previous_conversion is None else \
            f"{ratio_percent(s.previous_conversion)} ({points(s.change)})"
        out.append(f"| {i} | {step} | {md(s.metric.name)} `{s.metric.id}` | "
                   f"{number(s.value)} | {conv} | {ratio_percent(s.share)} | {prev} |")
    out += ["", f"**End to end:** {ratio_percent(f.end_to_end)}{_change_since(f)}"]
    if drop is not None:
        where = md(drop.step.action) if drop.step else md(drop.metric.name)
        out[-1] += f" · **Biggest drop:** {where}, {ratio_percent(drop.conversion)}"
    if f.failures:
        out += ["", "**Why people stop**", ""]
        for fl in f.failures:
            value = f"**{number(fl.value)}**" if fl.value is not None else "no count on this date"
            by = ("; outcome of " + ", ".join(f"`{o.id}`" for o in fl.opportunities)
                  if fl.opportunities else "")
            out.append(f"- {md(fl.step.action)}: {md(fl.metric.name)} `{fl.metric.id}` "
                       f"{value}{by}")
    return "\n".join(out) + "\n"


@click.command("funnel")
@click.argument("journey")
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help="a date every stage has an observation on [default: the latest such date]")
@click.option("--segment", metavar="SEGMENT",
              help="a segment every stage has ('all': rows without a segment) "
                   "[default: the journey's funnel.segment]")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True, help="output format (markdown: a PR comment)")
@data_dir_option()
def funnel_command(journey: str, day: str | None, segment: str | None, fmt: str,
                   data_dir: Path) -> None:
    """Where JOURNEY stops: each stage's count, conversion and share of the first stage,
    the biggest drop and the failure counts behind it (the figures of its page's #funnel)."""
    handbook = require_valid(data_dir)
    shown = choose(find_journey(handbook, journey), segment, day)
    render = {"text": text, "json": as_json, "markdown": markdown}[fmt]
    click.echo(render(shown), nl=False)
