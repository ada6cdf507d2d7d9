"""Journey pages: the overview (`journeys/index.md`) and one page per journey.

A journey page reads top-down the way a planning meeting uses it: what the map covers
and whether it is current, how the journey feels (Mermaid `journey`), who hands off to
whom (Mermaid flowchart), the whole map on one grid (phases as columns, lanes as rows),
then each phase with the full detail of its steps, and the opportunities.

Contract anchors: `#<step-id>` on each step heading (plus an empty `<a id>` for each
step alias, so links to renamed steps still land) and `#opportunities`. Every other
heading gets an id with an underscore, which no kebab-case data id can contain, so the
page's own headings can never take an anchor a step needs.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...data.funnel import has_funnel_anchor
from ...data.measures import regulated_review_gap
from ...data.model import Barrier, Journey, Opportunity, Phase, Step
from ...data.reviews import STALE, review_status, triggers
from .. import funnel_view, previews, urls
from ..components import (
    AUDIENCE_TITLES,
    MUTED_NONE,
    SCOPE_TYPES,
    actor_ref,
    confidence_badge,
    diagram_box,
    feeling,
    journey_review_badge,
    journey_status_badge,
    journey_table,
    label,
    loop_badge,
    metric_link,
    muted,
    opportunity_link,
    opportunity_status_badge,
    outcome_text,
    phase_runs,
    regulated_badge,
    wide_table,
    words,
)
from ..context import PageContext, StepParts
from ..diagrams import handoff_diagram, handoff_steps, journey_diagram, shorten
from ..future import (
    compare_section,
    covering,
    detailed_mark,
    detailed_section,
    future_section,
    relation_notices,
    step_range,
)
from ..markup import (
    attr,
    badge,
    bullets,
    cell,
    count,
    front_matter,
    heading,
    link,
    md,
    md_block,
    percent,
    table,
)

OVERVIEW = urls.JOURNEYS
GRID_ACTION_LEN = 60
OPPORTUNITY_STEP_LEN = 40
WIDE_DIAGRAM_STEPS = 3  # past this, the journey diagram is wider than the page


def render(ctx: PageContext) -> dict[str, str]:
    pages = {OVERVIEW: overview(ctx)}
    for journey in ctx.handbook.journeys.values():
        path = urls.journey(journey.id)
        pages[path] = ctx.reuse.get(path) or journey_page(ctx, journey)
    return pages


def _join(parts: Iterable[str]) -> str:
    return "\n\n".join(p.strip("\n") for p in parts if p) + "\n"


# -- the overview -----------------------------------------------------------------------------

def overview(ctx: PageContext) -> str:
    journeys = sorted(ctx.handbook.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    stale = [j for j in journeys if j.is_stale(ctx.today)]
    steps = sum(len(j.steps) for j in journeys)
    futures = sum(j.is_future for j in journeys)
    intro = (f"{count(len(journeys), 'journey')} with {count(steps, 'step')}, grouped by "
             "audience. Each map is owned by a team and reviewed on a cadence.")
    if futures:
        intro += (f" This page includes {count(futures, 'future map')} (marked as such), "
                  "which home and moments leave out.")
    if stale:
        intro += (f" **{count(len(stale), 'map')} past {'its' if len(stale) == 1 else 'their'}"
                  f" review date** (see {link(OVERVIEW, urls.REVIEWS, 'Reviews')}).")
    parts = [front_matter("Journeys", description="All journey maps, grouped by audience."),
             "# Journeys", intro]
    if not journeys:
        parts.append("_No journeys yet: add a map under `maps/` in the data folder._")
    by_audience: dict[str | None, list[Journey]] = {}
    for journey in journeys:
        by_audience.setdefault(journey.audience, []).append(journey)
    for audience, title in AUDIENCE_TITLES.items():
        if audience in by_audience:
            parts += [heading(2, title, f"audience_{audience or 'other'}"),
                      wide_table(journey_table(by_audience[audience], ctx.today, OVERVIEW))]
    return _join(parts)


def scope_text(journey: Journey) -> str:
    scope = journey.scope
    if scope is None:
        return ""
    parts = [f"{SCOPE_TYPES[scope.type]} journey" if scope.type else ""]
    parts += [f"{name}: {md(value)}" for name, value in
              (("goal", scope.goal), ("product", scope.product), ("market", scope.market))
              if value]
    return " · ".join(p for p in parts if p)


# -- one journey ------------------------------------------------------------------------------

def journey_page(ctx: PageContext, journey: Journey) -> str:
    page = urls.journey(journey.id)
    parts = [
        front_matter(journey.title, description=previews.journey(journey, ctx.today)),
        heading(1, journey.title, "journey_title"),
        md_block(journey.summary),
        board_button(page, journey),
        notices(ctx, journey),
        relation_notices(page, journey),
        facts(ctx, page, journey),
        *compare_section(page, journey),
        *future_section(page, journey),
        heading(2, "How the journey feels", "emotional_journey"),
        diagram_box(journey_diagram(journey), "journey", steps=len(journey.steps)),
        feeling_legend(journey),
        heading(2, "Hand-offs", "hand_offs"),
        handoffs(page, journey),
        heading(2, "Journey map", "journey_map"),
        "Phases from left to right; numbers are the step numbers used below.",
        grid(page, journey, ctx.parts),
        *detailed_section(page, journey),
        *funnel_section(page, journey),
    ]
    parts += phase_sections(page, journey, ctx.parts)
    parts += [heading(2, "Opportunities", "opportunities"), opportunities(page, journey)]
    if journey.reviews:
        parts += [heading(2, "Review log", "review_log_"), review_log(page, journey)]
    return _join(parts)


def funnel_section(page: str, journey: Journey) -> list[str]:
    """`#funnel`: where people stop (left out only where a step of a map without a funnel
    already has that anchor)."""
    if not has_funnel_anchor(journey):
        return []
    return [heading(2, "Where people stop", urls.FUNNEL_ANCHOR),
            funnel_view.section(page, journey)]


def metric_ref(page: str, step: Step, name: str) -> str:
    """A step's metric entry: a link when it names a metric in metrics.yml, else its text."""
    metric = next((m for m in step.metric_links if m.id == name), None)
    return metric_link(page, metric) if metric else md(name)


def review_log(page: str, journey: Journey) -> str:
    """The workshops and reviews behind `reviewed`, the latest first."""
    rows = []
    for record in sorted(journey.reviews, key=lambda r: r.date, reverse=True):
        who = ", ".join(md(t.name) + (" " + badge("compliance", "regulated",
                                                  title="reviews regulated steps")
                                      if t.reviews_regulated else "")
                        for t in record.participants)
        rows.append([record.date.isoformat(), label(record.kind), who, md(record.notes)])
    parts = []
    if regulated_review_gap(journey):
        parts.append('!!! warning "No compliance review of regulated steps"\n\n'
                     "    Steps of this map touch regulated touchpoints (consent, identity "
                     "checks, data sharing...), and no compliance or privacy team took part "
                     "in its latest review. Invite one to the next review.")
    parts.append(table(["Date", "Kind", "Participants", "Notes"], rows))
    return "\n\n".join(parts)


def board_button(page: str, journey: Journey) -> str:
    """The way to the board: the whole map at full width, for planning sessions and print."""
    return (link(page, urls.board(journey.id), "Open the journey board")
            + "{ .md-button .md-button--primary .jh-board-button }")


def notices(ctx: PageContext, journey: Journey) -> str:
    """Admonitions for what a reader must know before trusting the map."""
    out = []
    status = review_status(journey, ctx.today)
    if status.state == STALE:
        out.append(
            '!!! warning "Review overdue"\n\n'
            f"    This map was due for review on {journey.due.isoformat()} ({status.when}). "
            f"It may no longer match reality: {md(journey.owner.name)} should review it "
            "before planning work on it.")
    if journey.status == "draft":
        out.append('!!! info "Draft"\n\n    This map is a draft: it is still being written '
                   "and has not been agreed by its owner.")
    elif journey.status == "archived":
        out.append('!!! note "Archived"\n\n    This map is archived: kept for reference, '
                   "no longer maintained.")
    return "\n\n".join(out)


def facts(ctx: PageContext, page: str, journey: Journey) -> str:
    status = review_status(journey, ctx.today)
    owner = md(journey.owner.name)
    if journey.owner.github:
        owner += f" (`{journey.owner.github}`)"  # a validated GitHub handle: safe in code
    review = (f"last reviewed {journey.reviewed.isoformat()} · next review "
              f"{journey.due.isoformat()} (every {count(journey.review_every_days, 'day')}) "
              f"{journey_review_badge(journey, ctx.today)}")
    if status.state == STALE:
        review += f" **{md(status.when)}**"
    known, total = journey.known_steps, len(journey.steps)
    items = [
        ("Scope", scope_text(journey)),
        ("Audience", label(words(journey.audience)) if journey.audience else ""),
        ("Owner", owner),
        ("Status", journey_status_badge(journey)),
        ("Review", review),
        ("Last changed", last_changed(ctx, journey)),
        ("Review triggers", ", ".join(label(words(t.type)) + (f" ({md(t.note)})" if t.note else "")
                                      for t in triggers(journey))),
        ("Personas", ", ".join(link(page, urls.persona(p.id), p.name)
                               for p in journey.personas)),
        ("Evidence", f"{known} of {count(total, 'step')} known from evidence "
                     f"({percent(known, total)}%), the rest hypothesized"),
    ]
    lines = [f"- **{name}:** {value}" for name, value in items if value]
    if journey.assumptions:
        lines.append("- **Assumptions:**\n" + "\n".join(
            f"    - {md(a)}" for a in journey.assumptions))
    return '<div class="jh-facts" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


def last_changed(ctx: PageContext, journey: Journey) -> str:
    change = ctx.history.get(ctx.data_path(journey.source))
    if change is None:
        return ""
    return f"{change.date.isoformat()} — {md(change.subject)}"


# -- diagrams and their text companions -------------------------------------------------------

def feeling_legend(journey: Journey) -> str:
    text = ("Each step's feeling from 1 (very negative) to 5 (very positive), "
            "phase by phase; the people named under a step take part in it.")
    unscored = [s for s in journey.steps if s.emotion is None]
    if unscored:
        text += (f" {count(len(unscored), 'step')} without a recorded feeling "
                 f"{'is' if len(unscored) == 1 else 'are'} drawn as neutral (3).")
    if len(journey.steps) > WIDE_DIAGRAM_STEPS:
        text += " Scroll sideways to see every step."
    return f'<p class="jh-caption">{text}</p>'


def handoffs(page: str, journey: Journey) -> str:
    steps = handoff_steps(journey)
    if not steps:
        return "No hand-offs in this journey: every step stays with the role that starts it."
    rows = [[f"{step_number(s)} {step_anchor_link(s)}", actor_ref(page, s.actor),
             actor_ref(page, s.handoff_to), md(s.handoff.note) or MUTED_NONE] for s in steps]
    return "\n\n".join([
        diagram_box(handoff_diagram(journey) or "", "handoff", actors=len(journey.actors())),
        '<p class="jh-caption">Rounded nodes are personas, boxes are internal teams; '
        "arrows are hand-offs.</p>",
        wide_table(table(["Step", "From", "To", "Note"], rows)),
    ])


# -- the journey-map grid ---------------------------------------------------------------------

LANES = ("Doing", "Touchpoints", "Feeling", "Barriers", "Evidence", "Metrics", "Opportunities")


def grid(page: str, journey: Journey, parts: StepParts) -> str:
    phases = journey.phases
    headers = ["Lane"] + [md(p.name) for p in phases]
    by_lane = {id(s): parts.part("grid", page, s, lambda s=s: {
        lane: lane_entries(page, lane, s) for lane in LANES}) for s in journey.steps}
    rows = []
    for lane in LANES:
        cells = [f"**{lane}**"]
        for phase in phases:
            entries = [f'<span class="jh-entry">{e}</span>' for s in journey.steps_in(phase)
                       for e in by_lane[id(s)][lane]]
            cells.append("".join(entries) or MUTED_NONE)
        rows.append(cells)
    if journey.focused:
        rows.append(["**Detailed in**"] + [detailed_entries(page, journey, p) for p in phases])
    return '<div class="jh-grid" markdown>\n\n' + table(headers, rows) + "\n\n</div>"


def detailed_entries(page: str, journey: Journey, phase: Phase) -> str:
    """The focused maps over this phase's steps, with the step range each one details."""
    maps = {f.id: f for s in journey.steps_in(phase) for f in covering(s)}
    return "".join(f'<span class="jh-entry">{link(page, urls.journey(f.id), f.title)} '
                   f'{muted(step_range(f))}</span>' for f in maps.values()) or MUTED_NONE


def lane_entries(page: str, lane: str, step: Step) -> list[str]:
    number = step_number(step)
    if lane == "Doing":
        text = shorten(" ".join(step.action.split()), GRID_ACTION_LEN)
        return [f"{number} [{md(text)}](#{step.id})"]
    if lane == "Touchpoints":
        return [f"{number} {touchpoint_link(page, step.touchpoint)}"] if step.touchpoint else []
    if lane == "Feeling":
        if step.emotion is None:
            return []
        return [f"{number} {feeling(step)}"]
    if lane == "Barriers":
        return [f"{number} {md(b.text)}" for b in step.barriers]
    if lane == "Evidence":
        return [f"{number} {confidence_badge(step)}"]
    if lane == "Metrics":
        metrics = step.metrics
        return ([f'{number} {muted("progress:")} {metric_ref(page, step, m)}'
                 for m in metrics.progress]
                + [f'{number} {muted("stops:")} {metric_ref(page, step, m)}'
                   for m in metrics.failure])
    if lane == "Opportunities":
        return [f"{number} {opportunity_link(page, o)}" for o in step.opportunities]
    raise ValueError(lane)


# -- phases and steps -------------------------------------------------------------------------

def phase_sections(page: str, journey: Journey, parts: StepParts) -> list[str]:
    out = []
    seen: dict[str, int] = {}
    for phase, steps in phase_runs(journey):
        seen[phase.id] = seen.get(phase.id, 0) + 1
        again = seen[phase.id] > 1
        anchor = f"phase_{phase.id}" + (f"_{seen[phase.id]}" if again else "")
        title = phase.name + (" (again)" if again else "")
        out.append(heading(2, title, anchor))
        intro = [f"_{md(phase.goal)}_" if phase.goal else "",
                 link(page, urls.phase(phase.id), f"Content guidance for {phase.name}")]
        out.append(" · ".join(i for i in intro if i))
        out += [parts.part("section", page, s, lambda s=s: step_section(page, s))
                for s in steps]
    return out


def step_section(page: str, step: Step) -> str:
    aliases = "".join(f'<a id="{attr(a)}"></a>' for a in step.aliases)
    marks = [confidence_badge(step), feeling(step) if step.emotion else ""]
    if step.touchpoint:
        marks += [regulated_badge(r) for r in step.touchpoint.regulated]
    if step.loop:
        marks.append(loop_badge())
    parts = [
        heading(3, f"{step_number_text(step)}. {step.action}", step.id),
        f'{aliases}<span class="jh-step-marks">' + " ".join(m for m in marks if m) + "</span>",
        '<div class="jh-step" markdown>\n\n' + step_facts(page, step) + "\n\n</div>",
        detailed_mark(page, step),
        content_needs(step),
    ]
    return "\n\n".join(p for p in parts if p)


def step_facts(page: str, step: Step) -> str:
    who = actor_ref(page, step.actor)
    rows = [
        ["Why", md(step.why)],
        ["Touchpoint", touchpoint_detail(page, step)],
        ["Response", md(step.response)],
        ["Backstage", cell(md(b) for b in step.backstage)],
        ["Hand-off", handoff_detail(page, step)],
        ["Feeling", feeling_detail(step)],
        ["Barriers", cell(barrier_detail(page, b) for b in step.barriers)],
        ["Evidence", evidence_detail(page, step)],
        ["Progress", cell(metric_ref(page, step, m) for m in step.metrics.progress)],
        ["Failure", cell(metric_ref(page, step, m) for m in step.metrics.failure)],
        ["Opportunities", cell(opportunity_link(page, o) for o in step.opportunities)],
        ["Delivered by", cell(opportunity_link(page, o) for o in step.delivered_by)],
    ]
    # The header row carries the first fact: a Markdown table needs one, and "who acts"
    # is what a reader looks for first.
    return table(["Who", who], [[name, value] for name, value in rows if value])


def touchpoint_detail(page: str, step: Step) -> str:
    tp = step.touchpoint
    if tp is None:
        return ""
    kind = tp.kind if tp.kind != tp.channel else None  # "internal" is both
    details = [md(tp.channel) if tp.channel else "", md(kind) if kind else ""]
    if tp.owner:
        details.append(f"owned by {md(tp.owner.name)}")
    text = touchpoint_link(page, tp)
    described = ", ".join(d for d in details if d)
    if described:
        text += f" ({described})"
    return " ".join([text] + [regulated_badge(r) for r in tp.regulated])


def handoff_detail(page: str, step: Step) -> str:
    if step.handoff_to is None:
        return ""
    text = f"to {actor_ref(page, step.handoff_to)}"
    return text + (f": {md(step.handoff.note)}" if step.handoff.note else "")


def feeling_detail(step: Step) -> str:
    if step.emotion is None:
        return muted("not recorded (shown as neutral in the diagram)")
    text = feeling(step)
    if step.emotion.why:
        text += f" — {md(step.emotion.why)}"
    return text


def barrier_detail(page: str, barrier: Barrier) -> str:
    text = md(barrier.text)
    if barrier.touchpoint is not None:
        where = touchpoint_link(page, barrier.touchpoint)
        text += f' <span class="jh-muted">at</span> {where}'
    return text


def evidence_detail(page: str, step: Step) -> str:
    items = []
    for citation in step.evidence:
        ev = citation.evidence
        text = link(page, urls.EVIDENCE, ev.title, ev.id)
        if citation.note:
            text += f": {md(citation.note)}"
        items.append(text)
    if not items:
        items.append('<span class="jh-muted">no evidence cited yet: a hypothesis to '
                     "validate</span>")
    return confidence_badge(step) + "<br>" + cell(items)


def content_needs(step: Step) -> str:
    content = step.content
    if content is None:
        return ""
    lists = [("Questions people ask", content.questions), ("Topics", content.topics),
             ("Formats", content.formats), ("Channels", content.channels)]
    lines = [f"**{name}:** " + ", ".join(md(v) for v in values)
             for name, values in lists if values]
    if content.message:
        lines.append(f"**Key message:** {md(content.message)}")
    if content.cta:
        lines.append(f"**Call to action:** {md(content.cta)}")
    if not lines:
        return ""
    body = bullets(lines)
    return '??? note "Content needs"\n\n' + "\n".join(f"    {line}" for line in body.split("\n"))


# -- opportunities ----------------------------------------------------------------------------

def journey_opportunities(journey: Journey) -> list[Opportunity]:
    """The journey's own opportunities, then those of other journeys aimed at its steps."""
    own = list(journey.opportunities)
    others = {id(o): o for s in journey.steps for o in s.opportunities if o.journey is not journey}
    return sorted(own, key=Opportunity.sort_key) + sorted(others.values(),
                                                           key=Opportunity.sort_key)


def opportunities(page: str, journey: Journey) -> str:
    opps = journey_opportunities(journey)
    if not opps:
        return "_No opportunities recorded for this journey yet._"
    rows = []
    for o in opps:
        title = opportunity_link(page, o)
        if o.journey is not journey:
            title += (' <span class="jh-muted">from</span> '
                      + link(page, urls.journey(o.journey.id), o.journey.title))
        steps = cell(numbered_step_link(page, s, OPPORTUNITY_STEP_LEN) for s in o.steps)
        rows.append([title, steps, opportunity_status_badge(o),
                     md(o.owner.name), outcome_text(page, o), priority_text(o)])
    intro = ("Highest priority first (impact ÷ effort). Each links to its entry in the "
             f"{link(page, urls.BACKLOG, 'opportunity backlog')}.")
    return intro + "\n\n" + wide_table(table(
        ["Opportunity", "Steps", "Status", "Owner", "Outcome", "Priority"], rows))


def priority_text(opp: Opportunity) -> str:
    if opp.priority is None:
        return '<span class="jh-muted">not scored</span>'
    return f"{opp.priority:.1f} <span class=\"jh-muted\">({opp.impact} ÷ {opp.effort})</span>"


# -- small renderers --------------------------------------------------------------------------

def step_number_text(step: Step) -> str:
    return str(step.journey.steps.index(step) + 1)


def step_number(step: Step) -> str:
    return f'<span class="jh-stepno">{step_number_text(step)}</span>'


def step_anchor_link(step: Step, max_len: int | None = None) -> str:
    action = " ".join(step.action.split())
    return f"[{md(shorten(action, max_len) if max_len else action)}](#{step.id})"


def numbered_step_link(page: str, step: Step, max_len: int | None = None) -> str:
    """A numbered link to a step of this page, or a plain link to another journey's step."""
    if page == urls.journey(step.journey.id):
        return f"{step_number(step)} {step_anchor_link(step, max_len)}"
    action = " ".join(step.action.split())
    return link(page, urls.journey(step.journey.id),
                shorten(action, max_len) if max_len else action, step.id)


def touchpoint_link(page: str, tp) -> str:
    return link(page, urls.TOUCHPOINTS, tp.name, tp.id)

