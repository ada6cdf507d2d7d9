"""Persona pages: who the role is, where they act, how they feel and what to tell them.

`personas/index.md` lists every persona; `personas/<id>/index.md` is one role's page.
What the home and phase pages show the same way (audience labels, the messaging block,
priorities) is in site/components/.
"""

from __future__ import annotations

from ...data.model import Handbook, Journey, Persona, Step
from .. import previews, urls
from ..components import (
    AUDIENCE_TITLES,
    actor_ref,
    audience_label,
    by_journey,
    has_messaging,
    journey_link,
    journey_list,
    label,
    messaging_block,
    opportunity_link,
    opportunity_status_badge,
    persona_link,
    phase_link,
    priority_cell,
    step_link,
    too_many_links,
)
from ..context import PageContext, StepParts
from ..markup import (
    badge,
    block,
    bullets,
    cell,
    count,
    front_matter,
    heading,
    link,
    md,
    table,
)

OVERVIEW = urls.PERSONAS
NONE_YET = "None recorded yet."


# -- helpers -----------------------------------------------------------------------------------

def score_bar(score: int | None) -> str:
    """Emotion 1..5 as a small bar plus the number (the bar is decoration only)."""
    if score is None:
        return ""
    return (f'<span class="jh-score jh-score--{int(score)}" aria-hidden="true">'
            f'<span class="jh-score__fill"></span></span> {int(score)}/5')


def acting_steps(hb: Handbook, persona: Persona) -> list[Step]:
    """Steps the persona performs, in journey order (journeys sorted by id)."""
    return [s for j in hb.journeys.values() for s in j.steps if s.actor is persona]


def journeys_of(hb: Handbook, persona: Persona) -> list[Journey]:
    """Journeys that map the persona or in which they act or receive a hand-off."""
    return [j for j in hb.journeys.values()
            if persona in j.personas
            or any(s.actor is persona or s.handoff_to is persona for s in j.steps)]


# -- pages -------------------------------------------------------------------------------------

def render(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    pages = {OVERVIEW: overview(hb)}
    for persona in hb.personas.values():
        pages[urls.persona(persona.id)] = persona_page(ctx, persona)
    return pages


def overview(hb: Handbook) -> str:
    order = list(AUDIENCE_TITLES)
    personas = sorted(hb.personas.values(),
                      key=lambda p: (order.index(p.audience) if p.audience in order else
                                     len(order), p.name.lower()))
    rows = [[persona_link(OVERVIEW, p), audience_label(p.audience), md(p.role),
             label(p.decision_role), str(len(journeys_of(hb, p)))] for p in personas]
    return "\n\n".join([
        front_matter("Personas"),
        "# Personas",
        "The roles mapped in this handbook: what each one is trying to do, where they act "
        "and what to tell them in each phase.",
        table(["Persona", "Audience", "Role", "Decision role", "Journeys"], rows,
              empty="No personas yet."),
    ]) + "\n"


def persona_page(ctx: PageContext, persona: Persona) -> str:
    hb = ctx.handbook
    page = urls.persona(persona.id)
    steps = acting_steps(hb, persona)
    parts = [
        front_matter(persona.name, description=previews.persona(persona)),
        heading(1, persona.name),
        facts(ctx, page, persona),
        needs_cards(persona),
        heading(2, "Where they act", urls.WHERE_THEY_ACT_ANCHOR),
        steps_table(page, steps, journeys_of(hb, persona), ctx.parts),
        heading(2, "How they feel"),
        feelings(page, steps, ctx.parts),
        heading(2, "Barriers they hit"),
        barriers_table(page, steps, ctx.parts),
        heading(2, "Messaging by phase"),
        messaging_by_phase(page, hb, persona, steps),
        heading(2, "Hand-offs"),
        handoffs(page, hb, persona, ctx.parts),
        heading(2, "Opportunities that affect them"),
        opportunities(page, steps),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def facts(ctx: PageContext, page: str, persona: Persona) -> str:
    lines = [
        ("Role", md(persona.role)),
        ("Audience", audience_label(persona.audience)),
        ("Decision role", label(persona.decision_role)),
        ("Journeys", journeys_fact(page, journeys_of(ctx.handbook, persona))),
    ]
    change = ctx.history.get(ctx.data_path(persona.source))
    if change:
        lines.append(("Last changed", f"{change.date.isoformat()}: {md(change.subject)}"))
    return bullets(f"**{name}:** {value}" for name, value in lines if value)


def journeys_fact(page: str, journeys: list[Journey]) -> str:
    """Their journeys; when many, how many (the section below lists them, one per table)."""
    if not too_many_links(journeys):
        return ", ".join(journey_link(page, j) for j in journeys)
    return (f"{count(len(journeys), 'journey')}, listed under "
            f"[Where they act](#{urls.WHERE_THEY_ACT_ANCHOR})")


def needs_cards(persona: Persona) -> str:
    """Tasks, goals and concerns side by side (Material grid cards, via md_in_html)."""
    cards = [f"-   **{title}**\n\n    ---\n\n" + "\n".join(f"    - {md(i)}" for i in items)
             for title, items in (("Tasks", persona.tasks), ("Goals", persona.goals),
                                  ("Concerns", persona.concerns)) if items]
    if not cards:
        return ""
    return block("grid cards jh-persona-needs", "\n\n".join(cards))


def steps_table(page: str, steps: list[Step], journeys: list[Journey],
                parts: StepParts) -> str:
    """Their steps, one table per journey, in journey order."""
    def row(s: Step) -> list[str]:
        return [md(s.phase.name), step_link(page, s),
                md(s.touchpoint.name) if s.touchpoint else "", badge(s.confidence, s.confidence)]

    out = []
    grouped = by_journey(steps)
    for journey in journeys:
        theirs = grouped.get(journey.id, [])
        if not theirs:
            continue
        rows = [parts.part("persona-step", page, s, lambda s=s: row(s), s.phase.name)
                for s in theirs]
        out += [f"**{journey_link(page, journey)}**",
                table(["Phase", "Step", "Touchpoint", "Confidence"], rows)]
    if not steps:
        out.append("_They do not act in any step yet._")
    acting = {s.journey.id for s in steps}
    mapped_only = [j for j in journeys if j.id not in acting]
    if mapped_only:
        lead = "Also mapped in, without steps of their own:"
        out.append(f"{lead}\n\n{journey_list(page, mapped_only)}"
                   if too_many_links(mapped_only) else
                   f"{lead} " + ", ".join(journey_link(page, j) for j in mapped_only) + ".")
    return "\n\n".join(out)


def feelings(page: str, steps: list[Step], parts: StepParts) -> str:
    felt = [s for s in steps if s.emotion]
    if not felt:
        return f"_{NONE_YET}_"
    low = min(felt, key=lambda s: s.emotion.score)  # the first of equally low steps
    average = sum(s.emotion.score for s in felt) / len(felt)
    summary = (f"Average **{average:.1f}/5** over {count(len(felt), 'step')}; the low point "
               f"is {step_link(page, low)} ({low.emotion.score}/5).")
    rows = [parts.part("persona-feeling", page, s, lambda s=s: [
        step_link(page, s), md(s.phase.name), score_bar(s.emotion.score),
        md(s.emotion.feeling), md(s.emotion.why)], s.phase.name) for s in felt]
    missing = len(steps) - len(felt)
    note = (f"_{count(missing, 'other step')} without a recorded emotion: "
            f"{'it is' if missing == 1 else 'they are'} not shown._" if missing else "")
    return "\n\n".join(p for p in (
        summary, table(["Step", "Phase", "Score", "Feeling", "Why"], rows), note) if p)


def barriers_table(page: str, steps: list[Step], parts: StepParts) -> str:
    def rows_of(s: Step) -> list[list[str]]:
        return [[md(b.text), step_link(page, s),
                 link(page, urls.TOUCHPOINTS, b.touchpoint.name, b.touchpoint.id)
                 if b.touchpoint else ""] for b in s.barriers]

    rows = [row for s in steps if s.barriers
            for row in parts.part("persona-barriers", page, s, lambda s=s: rows_of(s))]
    return table(["Barrier", "Step", "Touchpoint"], rows, empty=NONE_YET)


def messaging_by_phase(page: str, hb: Handbook, persona: Persona, steps: list[Step]) -> str:
    out = []
    for phase in hb.phases.values():
        guidance = persona.messaging.get(phase.id)
        if guidance is None:
            continue
        out += [heading(3, phase.name),
                f"Full writer guidance: {phase_link(page, phase, persona.id)}.",
                messaging_block(guidance)]
    acting_phases = {s.phase.id for s in steps}
    gaps = [p for p in hb.phases.values()
            if p.id in acting_phases and not has_messaging(persona, p)]
    if gaps:
        out.append('!!! warning "Messaging gaps"\n\n    They act in these phases but '
                   "have no messaging yet: " + ", ".join(phase_link(page, p) for p in gaps) + ".")
    return "\n\n".join(out) or f"_{NONE_YET}_"


def handoffs(page: str, hb: Handbook, persona: Persona, parts: StepParts) -> str:
    given = [s for s in hb.all_steps() if s.actor is persona and s.handoff_to]
    received = [s for s in hb.all_steps() if s.handoff_to is persona]

    def note(s: Step) -> str:
        return md(s.handoff.note) if s.handoff else ""

    return "\n\n".join([
        heading(3, "From them to others"),
        table(["Step", "Hands off to", "Note"],
              [parts.part("persona-gives", page, s, lambda s=s: [
                  step_link(page, s), actor_ref(page, s.handoff_to), note(s)]) for s in given],
              empty="They hand nothing off."),
        heading(3, "From others to them"),
        table(["Step", "Handed off by", "Note"],
              [parts.part("persona-receives", page, s, lambda s=s: [
                  step_link(page, s), actor_ref(page, s.actor), note(s)]) for s in received],
              empty="Nobody hands off to them."),
    ])


def opportunities(page: str, steps: list[Step]) -> str:
    found = {}
    for s in steps:
        for opp in s.opportunities:
            found.setdefault(opp.id, (opp, []))[1].append(s)
    ordered = sorted(found.values(), key=lambda pair: pair[0].sort_key())
    rows = [[opportunity_link(page, o), opportunity_status_badge(o),
             priority_cell(o), cell(step_link(page, s) for s in their)] for o, their in ordered]
    return table(["Opportunity", "Status", "Priority", "Their steps"], rows, empty=NONE_YET)
