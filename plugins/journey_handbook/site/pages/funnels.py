"""`/funnels/`: every journey's funnel, worst drop first (anchor `#<journey-id>` each).

One table to compare journeys at a glance: per journey its end-to-end conversion, biggest
drop (step and %), change since the previous period and a link to the journey's `#funnel`,
where the bars and the reasons people stop are. The row itself carries the journey's anchor
(`urls.funnels_anchor`), so `/funnels/#<journey-id>` lands on that journey's figures.
Journeys whose stages have no date in common are listed last with the reason. The figures
come from `data.funnel`, computed once per journey for the journey page, board and here.

The bars are not repeated here: at 1,000 journeys they made this page 3.7 MB, and each
journey page already draws them.
"""

from __future__ import annotations

from ...data.funnel import Funnel, funnel, funnel_journeys, worst_first
from .. import urls
from ..components import points, ratio_percent
from ..context import PageContext
from ..funnel_view import segment_name
from ..markup import front_matter, heading, html_text, link, md

PAGE = urls.FUNNELS
# `data-label`: on a phone the rows stack as cards and each cell shows its column's name
HEADERS = ("Journey", "End to end", "Biggest drop", "Change")


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
        "them stop, and how the conversions moved since the previous common date. Each "
        "journey's name opens its funnel, with a bar per stage and the reasons people stop.",
    ]
    if not shown:
        parts.append("_No journey has a funnel yet: list a metric with `unit: count` under a "
                     "step's `metrics.progress`, and add its measurements._")
    if with_date:
        parts += [heading(2, "Worst drop first", "worst_drop_first"), overview(with_date)]
    if without:
        parts += [heading(2, "Journeys without a funnel yet", "without_funnel"),
                  "\n".join(f'- <span id="{urls.funnels_anchor(f.journey.id)}"></span>'
                            f"{link(PAGE, urls.journey(f.journey.id), f.journey.title)}: "
                            f"{md(f.reason)}" for f in without)]
    return "\n\n".join(p.strip("\n") for p in parts if p) + "\n"


def drop_text(f: Funnel) -> str:
    drop = f.biggest_drop
    if drop is None:
        return '<span class="jh-muted">—</span>'
    where = drop.step.action if drop.step is not None else drop.metric.name
    return (f"{html_text(where)}: <strong>{ratio_percent(drop.conversion)}</strong> of the "
            "stage before")


def change_text(f: Funnel) -> str:
    change = f.end_to_end_change
    if change is None or f.previous_date is None:
        return '<span class="jh-muted">no earlier common date</span>'
    return f"{points(change)} since {f.previous_date.isoformat()}"


def end_to_end_text(f: Funnel) -> str:
    text = f"<strong>{ratio_percent(f.end_to_end)}</strong> on {f.date.isoformat()}"
    if f.segment is not None:  # say so when the figures are not the default rows
        text += f' <span class="jh-muted">({segment_name(f.segment)})</span>'
    return text


def row(f: Funnel) -> str:
    """One journey: the row is the `#<journey-id>` target; its name links to `#funnel`."""
    title = (f'<a href="{urls.href(PAGE, urls.journey(f.journey.id), urls.FUNNEL_ANCHOR)}">'
             f"{html_text(f.journey.title)}</a>")
    cells = "".join(f'<td data-label="{label}">{text}</td>' for label, text in zip(
        HEADERS[1:], (end_to_end_text(f), drop_text(f), change_text(f)), strict=True))
    return f'<tr id="{urls.funnels_anchor(f.journey.id)}"><th scope="row">{title}</th>{cells}</tr>'


def overview(funnels: list[Funnel]) -> str:
    """Raw HTML (a Markdown table row cannot carry an id), one line per row."""
    head = "".join(f'<th scope="col">{h}</th>' for h in HEADERS)
    body = "\n".join(row(f) for f in funnels)
    return (f'<div class="jh-funnels-table jh-stack"><table>\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table></div>")
