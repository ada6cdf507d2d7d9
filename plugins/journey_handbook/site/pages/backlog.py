"""The opportunity backlog (`/backlog/`): every opportunity by priority, plus CSV/JSON downloads.

Contract: each opportunity is at `#<opportunity-id>`; old ids listed in `aliases`
keep working as invisible anchors on the same heading. Section headings of this
page use ids with an underscore, which no data id can have (ids are kebab-case),
so they can never take an opportunity's anchor.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from ...data.measures import retriage_reasons
from ...data.model import Opportunity, Step
from .. import urls
from ..components import (
    experiment_status_badge,
    journey_link,
    muted,
    opportunity_status_badge,
    outcome_text,
    retriage_badge,
    step_link,
)
from ..context import PageContext
from ..downloads import backlog_csv, backlog_json
from ..filters import STATUS_ORDER, filter_form, opportunity_data, ref
from ..markup import (
    LAZY_ROWS,
    LONG_ENTRIES,
    attr,
    block,
    bullets,
    count,
    external,
    front_matter,
    heading,
    html_text,
    link,
    long_block,
    md,
    table,
)
from ..quadrantchart import caption, quadrant_svg

PAGE = urls.BACKLOG
# In a long backlog (markup.LONG_ENTRIES) the browser draws the priority table only near the
# screen and the re-triage list is folded. A table row is under 3 rem high on a 390 px phone
# (measured at 300 journeys); the reserve must not be shorter than the table.
LONG, ROW_REM = LONG_ENTRIES, 3.8
# An opportunity's section: heading and meta line, then each fact and step (a line may wrap
# to two or three on a phone); at most 39 rem measured at 300 journeys.
SECTION_REM, LINE_REM = 9, 3.5
GROUPS_NOTE = "Open a group to list its opportunities (# = rank by priority)."
CSV_FILE, JSON_FILE = (posixpath.basename(urls.BACKLOG_CSV), posixpath.basename(urls.BACKLOG_JSON))


def render(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    return {
        PAGE: page(ctx),
        urls.BACKLOG_CSV: backlog_csv(hb),
        urls.BACKLOG_JSON: backlog_json(hb),
    }


def page(ctx: PageContext) -> str:
    backlog = ctx.handbook.backlog()
    journeys = {o.journey.id for o in backlog}
    parts = [
        front_matter("Opportunity backlog",
                     description="Every opportunity from the journey maps, by priority."),
        "# Opportunity backlog",
        f"{count(len(backlog), 'opportunity', 'opportunities')} from "
        f"{count(len(journeys), 'journey')}, highest priority first. "
        "Priority is impact ÷ effort (both scored 1 to 5); ties go to the higher impact.",
        f'Download the backlog: [CSV]({CSV_FILE}){{ download="{CSV_FILE}" }} '
        "(for spreadsheets) · "
        f'[JSON]({JSON_FILE}){{ download="{JSON_FILE}" }} (for other tools)',
    ]
    if not backlog:
        parts.append("_No journey lists an opportunity yet._")
        return "\n\n".join(parts) + "\n"
    rank = {o.id: n for n, o in enumerate(backlog, start=1)}
    long = len(backlog) > LONG
    parts.append(filter_form(backlog))
    parts += retriage_list(backlog, rank)
    parts += [
        heading(2, "By priority", "by_priority"),
        block("jh-list-table jh-backlog-summary jh-sortable" + (f" {LAZY_ROWS}" if long else ""),
              summary_table(backlog), reserve_rem=len(backlog) * ROW_REM if long else None),
        *impact_and_effort(backlog, rank),
        heading(2, "By status", "by_status"),
        GROUPS_NOTE,
        group_lists(backlog, rank, lambda o: o.status, opportunity_status_badge,
                    order=STATUS_ORDER),
        heading(2, "By owner", "by_owner"),
        group_lists(backlog, rank, lambda o: o.owner.id, lambda o: html_text(o.owner.name)),
        heading(2, "By journey", "by_journey"),
        group_lists(backlog, rank, lambda o: o.journey.id,
                    lambda o: html_text(o.journey.title), noun="journeys"),
        heading(2, "Opportunities", "opportunities_in_detail"),
    ]
    parts += [section(o, long=long) for o in backlog]
    return "\n\n".join(parts) + "\n"


# --- small renderers ---------------------------------------------------------------------

def entry_link(opp: Opportunity) -> str:
    """A link to the opportunity's own entry further down this page."""
    return f"[{md(opp.title)}](#{opp.id})"


def opportunity_journey(opp: Opportunity, anchor: str | None = None) -> str:
    return journey_link(PAGE, opp.journey, anchor)


def target_step(step: Step, opp: Opportunity) -> str:
    """A deep link to the step; names the journey only when it is not the opportunity's."""
    where = md(step.phase.name)
    if step.journey is not opp.journey:
        where = f"{md(step.journey.title)}, {where}"
    return f"{step_link(PAGE, step)} {muted(f'({where})')}"


def priority(opp: Opportunity, *, short: bool = False) -> str:
    if opp.priority is None:
        return muted("not scored")
    if short:
        return f'<span class="jh-nowrap">{opp.priority:.1f} ({opp.impact} ÷ {opp.effort})</span>'
    return f"{opp.priority:.1f} (impact {opp.impact}, effort {opp.effort})"


def retriage_list(backlog: list[Opportunity], rank: dict[str, int]) -> list[str]:
    due = [(o, retriage_reasons(o)) for o in backlog]
    due = [(o, reasons) for o, reasons in due if reasons]
    if not due:
        return []
    items = [ref(o, muted(f"#{rank[o.id]}")) + f" {entry_link(o)}: " +
             "; ".join(md(r) for r in reasons) for o, reasons in due]
    listed = bullets(items)
    if len(items) > LONG:  # a phone screen per few items: folded, the summary says how many
        listed = (f'<details class="jh-retriage-list" markdown="1">\n<summary>Show the '
                  f"{len(items)} opportunities</summary>\n\n{listed}\n\n</details>")
    return [heading(2, "Needs re-triage", "needs_retriage"),
            "New evidence or new observations arrived after these opportunities were last "
            "prioritised (`triaged`, or the map's review date): look at their priority again "
            "and set `triaged` to the day you did.",
            listed]


def impact_and_effort(backlog: list[Opportunity], rank: dict[str, int]) -> list[str]:
    scored = [(rank[o.id], o) for o in backlog if o.impact is not None and o.effort is not None]
    if not scored:
        return []
    return [heading(2, "Impact and effort", "impact_and_effort"),
            caption(scored),
            # the chart cannot hide single points: the filter hides all of it (and says so)
            quadrant_svg(scored)]


# --- tables --------------------------------------------------------------------------------

def summary_table(backlog: list[Opportunity]) -> str:
    rows = [[ref(o, str(rank)), entry_link(o), priority(o, short=True),
             opportunity_status_badge(o) + " " + retriage_badge(retriage_reasons(o)),
             md(o.owner.name), opportunity_journey(o)]
            for rank, o in enumerate(backlog, start=1)]
    # jh-sortable: the page script makes the column headers sort buttons
    return table(["#", "Opportunity", "Priority", "Status", "Owner", "Journey"], rows)


def group_lists(backlog: list[Opportunity], rank: dict[str, int],
                key: Callable[[Opportunity], str], label: Callable[[Opportunity], str],
                order: list[str] | None = None, noun: str = "groups") -> str:
    """Opportunities grouped by `key`: one folded `<details>` per group, its name and count in
    the summary, the group's opportunities inside in priority order with their rank.

    Folded, because these groups repeat the whole backlog three times over: a closed
    `<details>` is in the page (no script needed, find-in-page opens it) but the browser does
    not style or lay out its content until it is opened, which on a phone kept the backlog of
    a big handbook from showing for seconds. The labels are plain text: a link inside a
    summary would be a control inside a control.
    """
    groups: dict[str, list[Opportunity]] = {}
    for opp in backlog:
        groups.setdefault(key(opp), []).append(opp)
    if order:
        keys = [k for k in order if k in groups]
    else:
        keys = sorted(groups, key=lambda k: label(groups[k][0]).lower())
    listed = '<div class="jh-backlog-groups">' + "".join(
        '<details class="jh-backlog-group"><summary>'
        f'{label(groups[k][0])} <span class="jh-group-count">{len(groups[k])}</span></summary>'
        '<ul class="jh-group-items">' + "".join(
            f'<li class="jh-opp-ref" data-opp="{attr(o.id)}">{muted(f"#{rank[o.id]}")} '
            f'<a href="#{attr(o.id)}">{html_text(o.title)}</a></li>' for o in groups[k])
        + "</ul></details>" for k in keys) + "</div>"
    if len(keys) <= LONG:
        return listed
    # Hundreds of groups (one per journey) are a long list to scroll past, and even closed
    # each summary is styled and laid out: folded as a whole, as the re-triage list is.
    return (f'<details class="jh-groups-fold"><summary>Show the {len(keys)} {noun}</summary>'
            f"{listed}</details>")


# --- one opportunity -------------------------------------------------------------------------

def section(opp: Opportunity, *, long: bool = False) -> str:
    # Old ids (aliases) become empty anchors inside the heading, so old links land on it.
    aliases = "".join(f'<a id="{attr(a)}"></a>' for a in opp.aliases)
    reasons = retriage_reasons(opp)
    meta = " · ".join([opportunity_status_badge(opp) + " " + retriage_badge(reasons),
                       f"Priority {priority(opp)}",
                       f"Owner: {md(opp.owner.name)}",
                       f"Journey: {opportunity_journey(opp, 'opportunities')}"])
    steps = "\n".join(f"    - {target_step(s, opp)}" for s in opp.steps)
    evidence = ", ".join(link(PAGE, urls.EVIDENCE, e.title, e.id) for e in opp.evidence)
    facts = [
        f"**Problem:** {md(opp.problem)}" if opp.problem else "",
        f"**Outcome:** {outcome_text(PAGE, opp)}",
        f"**Steps:**\n{steps}",
        f"**Evidence:** {evidence or muted('none cited')}",
        f"**Triaged:** {opp.triaged.isoformat()}" if opp.triaged else "",
        ("**Needs re-triage:** " + "; ".join(md(r) for r in reasons)) if reasons else "",
        ("**Experiments:** " + ", ".join(
            f"{link(PAGE, urls.metric(e.metric.id), e.id, e.id)} "
            f"{experiment_status_badge(e.status)}" for e in opp.experiments))
        if opp.experiments else "",
        ("**Links:** " + ", ".join(external(u) for u in opp.links)) if opp.links else "",
    ]
    inner = "\n\n".join([
        heading(3, aliases + md(opp.title), opp.id, raw=True),
        f"{meta}\n{{ .jh-meta }}",
        bullets(facts),
    ])
    # In a long backlog each whole section is drawn only near the screen (its heading is then
    # not in the table of contents, which would read its position): see markup.block.
    css, style = "jh-opportunity", ""
    if long:
        lines = sum(1 for f in facts if f) + len(opp.steps)
        long_class, style = long_block(SECTION_REM + lines * LINE_REM)
        css, style = f"{css} {long_class}", f" {style}"
    return f'<div class="{css}"{style} {opportunity_data(opp)} markdown="1">\n\n' \
        f"{inner}\n\n</div>"
