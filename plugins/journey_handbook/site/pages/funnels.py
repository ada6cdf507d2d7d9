"""`/funnels/`: every journey's funnel, worst drop first (anchor `#<journey-id>` each).

A table to compare journeys at a glance (end-to-end conversion, biggest drop, change since
the previous period, a link to the journey's `#funnel`), then each journey's bars under a
heading that carries its id. Journeys whose stages have no date in common are listed last
with the reason. The figures come from `data.funnel`; the bars from `site.funnel_view`.
"""

from __future__ import annotations

from ...data.funnel import Funnel, funnel, funnel_journeys, worst_first
from .. import urls
from ..components import muted, points, ratio_percent
from ..context import PageContext
from ..funnel_view import bars, segment_name
from ..markup import front_matter, heading, link, md, table

PAGE = urls.FUNNELS


def render(ctx: PageContext) -> dict[str, str]:
    return {PAGE: funnels_page(ctx)}


def funnels_page(ctx: PageContext) -> str:
    shown = [funnel(j) for j in funnel_journeys(ctx.handbook)]
    with_date = worst_first([f for f in shown if f.stages])
    without = [f for f in shown if not f.stages]
    parts = [
        front_matter("Funnels", description="Where each journey stops: every journey's "
                                            "funnel, worst drop first."),
        "# Where each journey stops",
        "Every journey whose steps count the people who reach them, worst drop first: the "
        "share of people who go from the first stage to the last, the step where most of "
        "them stop, and how the conversions moved since the previous common date.",
    ]
    if not shown:
        parts.append("_No journey has a funnel yet: list a metric with `unit: count` under a "
                     "step's `metrics.progress`, and add its measurements._")
    if with_date:
        parts += [heading(2, "Worst drop first", "worst_drop_first"), overview(with_date)]
        for f in with_date:
            parts += [heading(2, f.journey.title, f.journey.id), journey_block(f)]
    if without:
        parts += [heading(2, "Journeys without a funnel yet", "without_funnel"),
                  "\n".join(f'- <span id="{f.journey.id}"></span>'
                            f"{link(PAGE, urls.journey(f.journey.id), f.journey.title)}: "
                            f"{md(f.reason)}" for f in without)]
    return "\n\n".join(p.strip("\n") for p in parts if p) + "\n"


def drop_text(f: Funnel) -> str:
    drop = f.biggest_drop
    if drop is None:
        return muted("—")
    where = drop.step.action if drop.step is not None else drop.metric.name
    return f"{md(where)}: **{ratio_percent(drop.conversion)}** of the stage before"


def change_text(f: Funnel) -> str:
    change = f.end_to_end_change
    if change is None or f.previous_date is None:
        return muted("no earlier common date")
    return f"{points(change)} since {f.previous_date.isoformat()}"


def overview(funnels: list[Funnel]) -> str:
    rows = [[link(PAGE, urls.journey(f.journey.id), f.journey.title, urls.FUNNEL_ANCHOR),
             f"[**{ratio_percent(f.end_to_end)}**](#{f.journey.id}) on {f.date.isoformat()}",
             drop_text(f), change_text(f)] for f in funnels]
    return table(["Journey", "End to end", "Biggest drop", "Change"], rows)


def journey_block(f: Funnel) -> str:
    facts = (f"On {f.date.isoformat()} ({segment_name(f.segment, md)}): "
             f"**{ratio_percent(f.end_to_end)}** end to end, {change_text(f)}. "
             f"Biggest drop: {drop_text(f)}. "
             + link(PAGE, urls.journey(f.journey.id), "Funnel and why people stop",
                    urls.FUNNEL_ANCHOR))
    return facts + "\n\n" + bars(PAGE, f, failures=False)
