"""The home page (`index.md`): the handbook at a glance, for a planning meeting.

Order follows what a team lead asks first: what is here, which maps need a review,
what to work on next, how much is backed by evidence, then phases and governance.
"""

from __future__ import annotations

from ...data.model import Handbook, Journey, Opportunity
from ...data.reviews import DUE_SOON, STALE, review_status
from .. import urls
from ..components import (
    AUDIENCE_TITLES,
    journey_link,
    journey_status_badge,
    messaging_gaps,
    muted,
    opportunity_link,
    opportunity_status_badge,
    phase_link,
    priority_cell,
    review_badge,
)
from ..context import PageContext
from ..markup import (
    LONG_ENTRIES,
    block,
    bullets,
    count,
    front_matter,
    heading,
    link,
    md,
    md_block,
    percent,
    table,
)

PAGE = urls.HOME
TOP_OPPORTUNITIES = 5
CLOSED_STATUSES = {"shipped", "measured", "dropped"}


def open_opportunities(hb: Handbook) -> list[Opportunity]:
    """Opportunities still to be worked on, highest priority first."""
    return [o for o in hb.backlog() if o.status not in CLOSED_STATUSES]


def evidence_coverage(hb: Handbook) -> tuple[int, int]:
    """(known steps, all steps): a step is known when it cites evidence."""
    journeys = hb.current_journeys()
    return sum(j.known_steps for j in journeys), sum(len(j.steps) for j in journeys)


# Past markup.LONG_ENTRIES journeys the journeys table is drawn only near the screen; a row
# is at most about 4 rem high on a 390 px phone (reserve at least that: see markup.long_block).
LONG, ROW_REM = LONG_ENTRIES, 5


def render(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    parts = [
        front_matter(hb.title, description=hb.description),
        heading(1, hb.title),
        md_block(hb.description),
        covers(hb),
        section_cards(ctx),
        heading(2, "Journeys"),
        journeys_by_audience(ctx),
        heading(2, "Open opportunities"),
        top_opportunities(hb),
        heading(2, "Evidence coverage"),
        coverage(hb),
        heading(2, "Phases"),
        phases(hb),
        heading(2, "Governance"),
        governance(hb),
    ]
    return {PAGE: "\n\n".join(p for p in parts if p) + "\n"}


def covers(hb: Handbook) -> str:
    """What the handbook covers: six big numbers, each with its noun. Future maps count
    apart (the spec's "Future state"): their steps would count the same journey twice."""
    c = hb.counts(hb.current_journeys())
    items = [(c["journeys"], "journey", "journeys"), (c["personas"], "persona", "personas"),
             (c["steps"], "step", "steps"), (c["touchpoints"], "touchpoint", "touchpoints"),
             (c["evidence"], "evidence source", "evidence sources"),
             (c["opportunities"], "opportunity", "opportunities")]
    stats = "".join(f'<span class="jh-stat"><strong>{n}</strong> {one if n == 1 else many}'
                    "</span>" for n, one, many in items)
    futures = len(hb.journeys) - c["journeys"]
    if futures:
        stats += (f'<span class="jh-stat-note">Current maps only: {count(futures, "future map")}'
                  " not counted here; each is linked from its current map.</span>")
    return f'<p class="jh-stats">{stats}</p>'


def section_cards(ctx: PageContext) -> str:
    """One card per section, each with the one fact that makes it worth opening today."""
    hb = ctx.handbook
    states = [review_status(j, ctx.today).state for j in hb.current_journeys()]
    known, total = evidence_coverage(hb)
    gaps = sum(len(messaging_gaps(hb, p)) for p in hb.phases.values())
    regulated = sum(bool(t.regulated) for t in hb.touchpoints.values())
    open_count = len(open_opportunities(hb))
    cards = [
        ("Journeys", urls.JOURNEYS, "Maps by audience: steps, feelings, hand-offs."),
        ("Personas", urls.PERSONAS, "Roles, their goals and what to tell them."),
        ("Phases", urls.PHASES, f"Writer guidance per phase; {count(gaps, 'messaging gap')}."),
        ("Content", urls.CONTENT, "For writers: reading grades, jargon and gaps by phase."),
        ("Backlog", urls.BACKLOG, f"{open_count} open "
                               f"{'opportunity' if open_count == 1 else 'opportunities'}, "
                               "by priority."),
        ("Touchpoints", urls.TOUCHPOINTS, f"Online, offline and internal; {regulated} regulated."),
        ("Evidence", urls.EVIDENCE, f"{percent(known, total)}% of steps backed by evidence."),
        ("Reviews", urls.REVIEWS, f"{states.count(STALE)} stale, {states.count(DUE_SOON)} due "
                               "soon."),
    ]
    items = [f"-   **{link(PAGE, path, title)}**\n\n    {text}"
             for title, path, text in cards]
    return block("grid cards jh-sections", "\n\n".join(items))


def journeys_by_audience(ctx: PageContext) -> str:
    """One table, grouped by audience (nav order): the group name opens each group."""
    hb = ctx.handbook
    if not hb.journeys:
        return "_No journeys yet._"
    groups: dict[str | None, list[Journey]] = {}
    for j in sorted(hb.current_journeys(), key=lambda j: j.title.lower()):
        groups.setdefault(j.audience if j.audience in AUDIENCE_TITLES else None, []).append(j)
    rows = []
    for audience, title in AUDIENCE_TITLES.items():
        for i, journey in enumerate(groups.get(audience, [])):
            group = f'<span class="jh-group">{md(title)}</span>' if i == 0 else ""
            rows.append([group, *journey_row(ctx, journey)])
    out = []
    current = hb.current_journeys()
    stale = [j for j in current if review_status(j, ctx.today).state == STALE]
    if stale:
        verb = "is" if len(stale) == 1 else "are"
        title = f"{len(stale)} of {count(len(current), 'journey')} {verb} past the review date"
        # a long list of links is folded (it opens without JavaScript): the table says it too
        fold = "???" if len(stale) > LONG else "!!!"
        out.append(f'{fold} warning "{title}"\n\n    Review them before moving their '
                   "opportunities to in-progress: "
                   + ", ".join(journey_link(PAGE, j) for j in stale) + ".")
    listed = table(["Audience", "Journey", "Owner", "Review", "Steps known"], rows)
    out.append(block("", listed,
                     reserve_rem=len(rows) * ROW_REM if len(rows) > LONG else None))
    return "\n\n".join(out)


def journey_row(ctx: PageContext, journey: Journey) -> list[str]:
    status = review_status(journey, ctx.today)
    review = (review_badge(status, title=f"due {journey.due.isoformat()}")
              + f'<br><span class="jh-muted jh-nowrap">{status.when}</span>')
    title = journey_link(PAGE, journey)
    if journey.status != "active":  # most maps are active: only the exceptions are marked
        title += " " + journey_status_badge(journey)
    return [title, md(journey.owner.name), review,
            f"{journey.known_steps} of {len(journey.steps)}"]


def top_opportunities(hb: Handbook) -> str:
    open_ones = open_opportunities(hb)
    if not open_ones:
        return "_No open opportunities._"
    rows = [[opportunity_link(PAGE, o)
             + "<br>" + muted(md(o.journey.title)),
             md(o.owner.name), opportunity_status_badge(o), priority_cell(o)]
            for o in open_ones[:TOP_OPPORTUNITIES]]
    shown = min(len(open_ones), TOP_OPPORTUNITIES)
    lead = (f"{count(len(open_ones), 'opportunity', 'opportunities')} "
            f"{'is' if len(open_ones) == 1 else 'are'} open (not shipped, measured or dropped). "
            f"The top {shown} by priority, impact ÷ effort:")
    more = f"All of them, with outcomes and owners: {link(PAGE, urls.BACKLOG, 'Backlog')}."
    return "\n\n".join([lead, table(["Opportunity", "Owner", "Status", "Priority"], rows),
                         more])


def coverage(hb: Handbook) -> str:
    known, total = evidence_coverage(hb)
    if not total:
        return "_No steps yet._"
    share = percent(known, total)
    meter = (f'<div class="jh-meter" role="img" aria-label="{share}% of steps known">'
             f'<div class="jh-meter__fill" style="width: {share}%"></div></div>')
    return "\n\n".join([
        f"**{share}% of {total} steps are backed by evidence** ({known} known, "
        f"{total - known} hypothesized).",
        meter,
        "Hypothesized steps are guesses until someone cites a source: see the "
        f"{link(PAGE, urls.EVIDENCE, 'evidence register')}.",
    ])


def phases(hb: Handbook) -> str:
    current = hb.current_journeys()
    rows = [[f"{p.index + 1}\\. {phase_link(PAGE, p)}", md(p.goal),
             str(sum(len(j.steps_in(p)) for j in current))] for p in hb.phases.values()]
    return table(["Phase", "Goal", "Steps"], rows)


def governance(hb: Handbook) -> str:
    gov = hb.governance
    out = []
    if gov.decision_rules:
        out += [heading(3, "Decision rules"), bullets(md(r) for r in gov.decision_rules)]
    if gov.assumptions:
        out += [heading(3, "Assumptions"), bullets(md(a) for a in gov.assumptions)]
    return "\n\n".join(out) or "_No governance rules written yet._"
