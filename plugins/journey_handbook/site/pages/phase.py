"""Phase pages: content-by-phase guidance for writers.

`phases/<id>/index.md` gives the phase goal, then one section per persona (anchor
`#<persona-id>`, part of the URL contract) with what to tell them, then the content
needs and barriers of every step in the phase, and the personas who act in the
phase without any messaging (the gap list). `phases/index.md` lists the phases.
"""

from __future__ import annotations

from ...data.model import Handbook, Persona, Phase, Step
from .. import previews, urls
from ..components import (
    acting_personas,
    actor_ref,
    audience_label,
    by_journey,
    has_messaging,
    journeys_count,
    label,
    messaging_block,
    messaging_gaps,
    persona_link,
    phase_link,
    phase_metrics,
    step_link,
    steps_by_journey,
    too_many_links,
)
from ..context import PageContext, StepParts
from ..markup import (
    LONG_ENTRIES,
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

OVERVIEW = urls.PHASES
# Past markup.LONG_ENTRIES journeys in a phase, their content needs are long blocks (their
# headings then leave the table of contents); the heights are generous estimates on a 390 px
# phone (a line may wrap to two).
LONG, HEADING_REM, STEP_TITLE_REM, LINE_REM = LONG_ENTRIES, 4, 4, 3
CONTENT_FIELDS = (("questions", "Questions"), ("topics", "Topics"), ("formats", "Formats"),
                  ("channels", "Channels"))


def render(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    pages = {OVERVIEW: overview(hb)}
    for phase in hb.phases.values():
        pages[urls.phase(phase.id)] = phase_page(hb, phase, ctx.parts)
    return pages


# -- who is in a phase ----------------------------------------------------------------------

def personas_on_page(hb: Handbook, phase: Phase) -> list[Persona]:
    """Everyone with a section: personas with messaging for the phase or acting in it."""
    acting = set(map(id, acting_personas(hb, phase)))
    return sorted((p for p in hb.personas.values()
                   if phase.id in p.messaging or id(p) in acting),
                  key=lambda p: p.name.lower())


# -- pages -------------------------------------------------------------------------------------

def overview(hb: Handbook) -> str:
    rows = []
    for phase in hb.phases.values():
        page_to = urls.phase(phase.id)
        acting = acting_personas(hb, phase)
        gaps = len(messaging_gaps(hb, phase))
        rows.append([
            f"{phase.index + 1}\\. {phase_link(OVERVIEW, phase)}",
            md(phase.goal),
            str(len(hb.steps_in(phase))),
            cell(link(OVERVIEW, page_to, p.name, p.id) for p in acting),
            f'<span class="jh-gap-count">{gaps}</span>' if gaps else "0",
        ])
    return "\n\n".join([
        front_matter("Phases"),
        "# Phases",
        "Every journey moves through these phases in this order. Each phase page tells "
        "writers what each persona needs to hear at that moment, and where messaging is "
        "still missing.",
        table(["Phase", "Goal", "Steps", "Personas acting", "Messaging gaps"], rows),
    ]) + "\n"


def phase_page(hb: Handbook, phase: Phase, step_parts: StepParts) -> str:
    page = urls.phase(phase.id)
    steps = hb.steps_in(phase)
    parts = [
        front_matter(phase.name, description=previews.phase(phase)),
        heading(1, phase.name),
        goal_and_metrics(page, phase, steps),
        f"Writers: reading grades, jargon and gaps for this phase are in "
        f"{link(page, urls.CONTENT, 'Content for writers', urls.content_anchor(phase.id))}.",
        *([heading(2, "Metrics", "metrics_"),
           "Latest value and the change since the observation before it.",
           phase_metrics(page, phase)] if phase.metric_links else []),
        gap_list(page, hb, phase),
        heading(2, "Messaging by persona"),
        persona_sections(page, hb, phase, steps),
        heading(2, "Content needs by step"),
        content_needs(page, steps, step_parts),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def goal_and_metrics(page: str, phase: Phase, steps: list[Step]) -> str:
    journeys = {s.journey.id for s in steps}
    out = [f"**Goal:** {md(phase.goal)}" if phase.goal else "_No goal written for this phase._"]
    if phase.metrics:
        # Metric ids are in the metrics table below; free-text metrics are listed here.
        linked = {m.id for m in phase.metric_links}
        free = [m for m in phase.metrics if m not in linked]
        if free:
            title = "Other metrics" if phase.metric_links else "Metrics"
            out.append(f"**{title}**\n\n" + bullets(md(m) for m in free))
    out.append(f"{count(len(steps), 'step')} in {count(len(journeys), 'journey')} "
               f"{'happens' if len(steps) == 1 else 'happen'} in this phase.")
    return "\n\n".join(out)


def gap_list(page: str, hb: Handbook, phase: Phase) -> str:
    gaps = messaging_gaps(hb, phase)
    if not gaps:
        return ""
    steps = hb.steps_in(phase)
    items = []
    for persona in gaps:
        theirs = [s for s in steps if s.actor is persona]
        # many steps: their section below lists them, grouped by journey
        where = (f"[{acts_in_count(theirs)}](#{persona.id})" if too_many_links(theirs)
                 else ", ".join(step_link(page, s) for s in theirs))
        items.append(f"{persona_link(page, persona)}: acts in {where}")
    body = "\n".join(f"    - {i}" for i in items)
    return ('!!! warning "Messaging gaps"\n\n'
            "    These personas act in this phase but have no messaging for it yet: add "
            f"`messaging` for `{phase.id}` to their persona file.\n\n{body}")


def acts_in_count(steps: list[Step]) -> str:
    return f"{count(len(steps), 'step')} of {count(journeys_count(steps), 'journey')}"


def acts_in(page: str, theirs: list[Step]) -> tuple[str, str]:
    """The "Acts in" line, and when their steps are many, those steps folded (the fold opens
    without scripts, and find-in-page looks inside it), one line per journey."""
    if not theirs:
        return "Does not act in this phase.", ""
    if not too_many_links(theirs):
        return "Acts in " + ", ".join(step_link(page, s) for s in theirs) + ".", ""
    return (f"Acts in {acts_in_count(theirs)}.",
            '??? abstract "Their steps in this phase"\n\n'
            + steps_by_journey(page, theirs, indent="    "))


def persona_sections(page: str, hb: Handbook, phase: Phase, steps: list[Step]) -> str:
    out = []
    for persona in personas_on_page(hb, phase):
        theirs = [s for s in steps if s.actor is persona]
        about = [audience_label(persona.audience), label(persona.decision_role),
                 link(page, urls.persona(persona.id), "Persona profile")]
        acts, folded = acts_in(page, theirs)
        if has_messaging(persona, phase):
            guidance = messaging_block(persona.messaging.get(phase.id))
        else:  # only reachable for acting personas, or an empty `messaging` entry
            guidance = '<span class="jh-gap">No messaging for this phase yet.</span>'
            if theirs:
                guidance += " They act here, so writers have nothing to go on: a messaging gap."
        out += [heading(3, persona.name, persona.id),
                " · ".join(v for v in about if v) + f"  \n{acts}",
                *([folded] if folded else []),
                guidance]
    return "\n\n".join(out) or "_No persona acts in this phase or has messaging for it._"


def content_needs(page: str, steps: list[Step], parts: StepParts) -> str:
    if not steps:
        return "_No step happens in this phase yet._"
    missing = sum(not s.content for s in steps)
    out = [f"{count(missing, 'step')} of {len(steps)} {'has' if missing == 1 else 'have'} no "
           "content needs recorded yet."] if missing else []
    journeys = by_journey(steps)
    for theirs in journeys.values():
        journey = theirs[0].journey
        group = "\n\n".join([
            heading(3, journey.title + (" (future map)" if journey.is_future else "")),
            *(parts.part("phase-needs", page, s, lambda s=s: step_needs(page, s))
              for s in theirs)])
        # Many journeys: each one's needs are drawn only near the screen (their headings are
        # then left out of the table of contents, see page_extras.shorten_toc).
        out.append(block("", group, reserve_rem=sum(map(needs_rem, theirs)) + HEADING_REM)
                   if len(journeys) > LONG else group)
    return "\n\n".join(out)


def needs_rem(step: Step) -> float:
    """At least the height of a step's block on a 390 px phone: its title and each line."""
    content = step.content
    lines = 1 + bool(step.barriers)
    if content:
        lines += sum(bool(getattr(content, f)) for f, _ in CONTENT_FIELDS)
        lines += bool(content.message) + bool(content.cta)
    return STEP_TITLE_REM + lines * LINE_REM


def step_needs(page: str, step: Step) -> str:
    """One step as a compact block: who, where, then what content it needs."""
    where = md(step.touchpoint.name) if step.touchpoint else ""
    title = " · ".join(v for v in (f"**{step_link(page, step)}**", actor_ref(page, step.actor),
                                   where) if v)
    content = step.content
    lines = []
    if content:
        lines += [f"**{name}:** {cell((md(i) for i in getattr(content, f)), ' · ')}"
                  for f, name in CONTENT_FIELDS if getattr(content, f)]
        if content.message:
            lines.append(f"**Message:** {md(content.message)}")
        if content.cta:
            lines.append(f"**Call to action:** {md(content.cta)}")
    else:
        lines.append("_No content needs recorded._")
    if step.barriers:
        lines.append("**Barriers:** " + " · ".join(md(b.text) for b in step.barriers))
    return title + "\n\n" + block("jh-needs", bullets(lines))
