"""`/moments/`: across all journeys, where people feel worst and where barriers pile up.

A phase-by-audience heatmap (average feeling and barrier count printed in each cell, each
cell linking to the list of steps behind it, which doubles as its text alternative), then
the lowest-feeling steps with their barriers, touchpoints and opportunities. The numbers
come from `site.moments`; this module only lays them out.
"""

from __future__ import annotations

from .. import urls
from ..components import (
    AUDIENCE_TITLES,
    feeling,
    journey_link,
    opportunity_link,
    phase_link,
    step_link,
)
from ..context import PageContext
from ..markup import cell, count, front_matter, heading, html_text, link, md, table
from ..moments import Cell, Heatmap, heatmap, lowest_steps

PAGE = urls.MOMENTS
NONE = '<span class="jh-muted">none</span>'


def render(ctx: PageContext) -> dict[str, str]:
    return {PAGE: moments_page(ctx)}


def cell_anchor(c: Cell) -> str:
    return f"cell_{c.phase.id}_{urls.audience_key(c.audience)}"


def heat_band(average: float | None) -> str:
    if average is None:
        return "none"
    return "low" if average < 2.5 else "high" if average >= 3.5 else "mid"


def moments_page(ctx: PageContext) -> str:
    hb = ctx.handbook
    heat = heatmap(hb)
    parts = [
        front_matter("Moments that matter", hide=("toc",),
                     description="Where people feel worst and barriers pile up, across "
                                 "every journey."),
        "# Moments that matter",
        "Every journey's steps, by phase and audience: where people feel worst and where "
        "barriers pile up. Feeling is the average emotion score of the steps that have one "
        "(1 very negative to 5 very positive); steps without a score are counted, not "
        "averaged in." + (" Current maps only: future maps (the journeys teams commit to) "
                          "are compared with today on their own pages."
                          if len(hb.current_journeys()) < len(hb.journeys) else ""),
        heading(2, "Feeling and barriers by phase and audience", "heatmap"),
    ]
    if not heat.cells:
        parts.append("_No steps yet._")
    else:
        parts += [heatmap_table(heat), heading(2, "Steps behind each cell", "cells"),
                  "The heatmap as a table: each cell of the heatmap links to its row.",
                  cells_table(heat)]
    parts += [heading(2, "Lowest-feeling steps", "lowest"), lowest_table(hb)]
    return "\n\n".join(p.strip("\n") for p in parts if p) + "\n"


def heatmap_table(heat: Heatmap) -> str:
    """Raw HTML: the cells need classes for their shade, and link to their step lists."""
    head = "".join(f'<th scope="col">{html_text(AUDIENCE_TITLES[a])}</th>'
                   for a in heat.audiences)
    rows = []
    for phase in heat.phases:
        tds = []
        for audience in heat.audiences:
            c = heat.cell(phase, audience)
            if c is None:
                tds.append('<td class="jh-heat jh-heat--empty"><span class="jh-muted">'
                           "no steps</span></td>")
                continue
            avg = c.average_feeling
            shown = f"{avg:.1f}" if avg is not None else "–"
            label = (f"{phase.name}, {AUDIENCE_TITLES[audience]}: "
                     + (f"average feeling {avg:.1f} of 5" if avg is not None
                        else "no feeling recorded")
                     + f", {count(c.barriers, 'barrier')}, {count(len(c.steps), 'step')}")
            tds.append(
                f'<td class="jh-heat jh-heat--{heat_band(avg)}">'
                f'<a href="#{cell_anchor(c)}" title="{html_text(label)}">'
                f'<span class="jh-heat__feeling">{shown}</span>'
                f'<span class="jh-heat__barriers">{count(c.barriers, "barrier")}</span>'
                f'<span class="jh-heat__steps">{count(len(c.steps), "step")}</span></a></td>')
        rows.append(f'<tr><th scope="row"><a href="{urls.href(PAGE, urls.phase(phase.id))}">'
                    f"{html_text(phase.name)}</a></th>{''.join(tds)}</tr>")
    caption = ("Average feeling (1 to 5, larger number first) and number of barriers for the "
               "steps of each phase (rows) and audience (columns). Lighter red: below 2.5; "
               "green: 3.5 or more. Each cell links to its steps, listed below.")
    return (f'<div class="jh-heatmap"><table><caption>{caption}</caption>'
            f'<thead><tr><th scope="col">Phase</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def cells_table(heat: Heatmap) -> str:
    """The heatmap as rows (its text alternative), each row the target of its cell's link."""
    rows = []
    for c in (c for p in heat.phases for a in heat.audiences
              if (c := heat.cell(p, a)) is not None):
        avg = c.average_feeling
        steps = []
        for s in c.steps:
            score = f"{s.emotion.score}/5" if s.emotion else "no score"
            steps.append(f'<li><a href="{urls.href(PAGE, urls.journey(s.journey.id), s.id)}">'
                         f"{html_text(' '.join(s.action.split()))}</a> "
                         f'<span class="jh-muted">{html_text(s.journey.title)} · {score} · '
                         f"{count(len(s.barriers), 'barrier')}</span></li>")
        rows.append(
            f'<tr id="{cell_anchor(c)}"><th scope="row">{html_text(c.phase.name)}</th>'
            f"<td>{html_text(AUDIENCE_TITLES[c.audience])}</td>"
            f"<td>{f'{avg:.1f}' if avg is not None else 'none recorded'}</td>"
            f"<td>{c.barriers}</td><td><ul class=\"jh-cell-steps\">{''.join(steps)}</ul></td>"
            "</tr>")
    return ('<div class="jh-cells"><table><thead><tr><th scope="col">Phase</th>'
            '<th scope="col">Audience</th><th scope="col">Average feeling</th>'
            '<th scope="col">Barriers</th><th scope="col">Steps</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def lowest_table(hb) -> str:
    steps = lowest_steps(hb)
    if not steps:
        return "_No step has a recorded feeling yet._"
    rows = []
    for n, s in enumerate(steps, 1):
        tp = s.touchpoint
        rows.append([
            str(n),
            step_link(PAGE, s),
            journey_link(PAGE, s.journey),
            phase_link(PAGE, s.phase),
            feeling(s),
            cell(md(b.text) for b in s.barriers) or NONE,
            link(PAGE, urls.TOUCHPOINTS, tp.name, tp.id) if tp else NONE,
            cell(opportunity_link(PAGE, o) for o in s.opportunities) or "**no**",
        ])
    intro = (f"The {count(len(steps), 'step')} with the lowest recorded feeling, then the most "
             "barriers. *Opportunity* names the backlog entries that target the step; "
             "**no** means nothing in the backlog does yet.")
    return intro + "\n\n" + '<div class="jh-table" markdown>\n\n' + table(
        ["#", "Step", "Journey", "Phase", "Feeling", "Barriers", "Touchpoint", "Opportunity"],
        rows) + "\n\n</div>"
