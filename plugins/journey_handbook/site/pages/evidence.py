"""The evidence register (`/evidence/`): every source, what cites it, and where evidence is missing.

Contract: each evidence source is at `#<evidence-id>`. Evidence collected more than
a year before the build date is flagged, since maps should rest on current data.
"""

from __future__ import annotations

from datetime import date

from ...data.model import Evidence, Handbook, Opportunity, Step
from ...data.reviews import EVIDENCE_MAX_AGE_DAYS, evidence_age_days, stale_evidence
from .. import urls
from ..components import by_journey, journey_link, step_link
from ..context import PageContext
from ..markup import (
    badge,
    block,
    bullets,
    count,
    external,
    front_matter,
    heading,
    link,
    md,
    md_block,
    percent,
    table,
)

PAGE = urls.EVIDENCE


def render(ctx: PageContext) -> dict[str, str]:
    return {PAGE: page(ctx)}


def page(ctx: PageContext) -> str:
    hb = ctx.handbook
    sources = list(hb.evidence.values())
    old = stale_evidence(hb, ctx.today, EVIDENCE_MAX_AGE_DAYS)
    parts = [
        front_matter("Evidence register",
                     description="The research and data behind the journey maps."),
        "# Evidence register",
        f"{count(len(sources), 'evidence source')} behind the journey maps. A step is "
        "*known* when it cites evidence and *hypothesized* otherwise; hypothesized steps "
        "are where research is still needed.",
    ]
    if old:
        parts.append(old_evidence_warning(old))
    parts += [
        heading(2, "Register", "register"),
        register_table(sources, ctx.today) if sources else "_No evidence registered yet._",
        heading(2, "Known and hypothesized steps", "confidence_by_journey"),
        confidence_table(hb),
        heading(2, "Steps that need evidence", "needs_evidence"),
        needs_evidence_list(hb),
    ]
    if sources:
        parts.append(heading(2, "Sources", "sources_in_detail"))
        parts += [section(e, ctx.today) for e in sources]
    return "\n\n".join(parts) + "\n"


# --- small renderers ---------------------------------------------------------------------

def evidence_link(ev: Evidence) -> str:
    return f"[{md(ev.title)}](#{ev.id})"


def kind_label(ev: Evidence) -> str:
    return md(ev.kind.replace("-", " ")) if ev.kind else ""


def collected(ev: Evidence, today: date) -> str:
    if ev.collected is None:
        return '<span class="jh-muted">undated</span>'
    text = ev.collected.isoformat()
    age = evidence_age_days(ev, today)
    if age is not None and age > EVIDENCE_MAX_AGE_DAYS:
        text += " " + badge("over a year old", "evidence-old",
                            title=f"collected {age} days before {today.isoformat()}")
    return text


def old_evidence_warning(old: list[Evidence]) -> str:
    items = "\n".join(f"    - {evidence_link(e)}, collected {e.collected.isoformat()}"
                      for e in old)
    title = f"{count(len(old), 'source')} older than {EVIDENCE_MAX_AGE_DAYS} days"
    return (f'!!! warning "{title}"\n\n'
            "    Steps and opportunities that rest on these may describe how things used "
            "to be. Refresh the research or confirm it still holds.\n\n" + items)


# --- tables --------------------------------------------------------------------------------

def register_table(sources: list[Evidence], today: date) -> str:
    rows = [[evidence_link(e), kind_label(e), collected(e, today),
             str(len(citing_steps(e))), str(len(citing_opportunities(e)))] for e in sources]
    return block("jh-list-table", table(
        ["Evidence", "Kind", "Collected", "Steps citing it", "Opportunities citing it"], rows))


def confidence_table(hb: Handbook) -> str:
    rows = []
    for journey in hb.journeys.values():
        known, total = journey.known_steps, len(journey.steps)
        share = f"{percent(known, total)}%" if total else ""
        rows.append([journey_link(PAGE, journey), str(known), str(total - known), share])
    return block("jh-list-table", table(["Journey", "Known", "Hypothesized", "Known share"],
                                        rows, empty="No journeys yet."))


def needs_evidence_list(hb: Handbook) -> str:
    """Hypothesized steps under their journey, in journey order: where research is needed."""
    lines = []
    for journey in hb.journeys.values():
        steps = [s for s in journey.steps if s.confidence == "hypothesized"]
        if steps:
            lines.append(f"- {journey_link(PAGE, journey)} ({count(len(steps), 'step')})")
            lines += [f"    - {step_link(PAGE, s)} "
                      f'<span class="jh-muted">({md(s.phase.name)}, {md(s.actor.name)})</span>'
                      for s in steps]
    return "\n".join(lines) or "_Every step cites evidence._"


# --- one source --------------------------------------------------------------------------------

def citing_steps(ev: Evidence) -> list[Step]:
    # A step citing one source twice (two notes) is listed in ev.steps twice.
    return list(dict.fromkeys(ev.steps))


def citing_opportunities(ev: Evidence) -> list[Opportunity]:
    return list(dict.fromkeys(ev.opportunities))


def section(ev: Evidence, today: date) -> str:
    meta = [badge(ev.kind.replace("-", " "), "evidence-kind") if ev.kind else "",
            f"Collected: {collected(ev, today)}",
            external(ev.link) if ev.link else ""]
    parts = [heading(3, ev.title, ev.id), " · ".join(m for m in meta if m) + "\n{ .jh-meta }"]
    if ev.summary:
        parts.append(md_block(ev.summary))
    steps = citing_steps(ev)
    if steps:
        parts.append("**Cited by steps:**\n\n" + citations_by_journey(ev, steps))
    opportunities = citing_opportunities(ev)
    if opportunities:
        backlog = urls.BACKLOG
        parts.append("**Cited by opportunities:**\n\n" + bullets(
            link(PAGE, backlog, o.title, o.id) for o in opportunities))
    if not steps and not opportunities:
        parts.append('<span class="jh-muted">Not cited by any step or opportunity yet.</span>')
    return "\n\n".join(parts)


def citations_by_journey(ev: Evidence, steps: list[Step]) -> str:
    """Steps grouped under their journey: each step with its phase and the citation's note."""
    lines = []
    for group in by_journey(steps).values():
        lines.append(f"- {journey_link(PAGE, group[0].journey)}")
        for step in group:
            notes = [md(c.note) for c in step.evidence if c.evidence is ev and c.note]
            note = f": {'; '.join(notes)}" if notes else ""
            lines.append(f"    - {step_link(PAGE, step)} "
                         f'<span class="jh-muted">({md(step.phase.name)})</span>{note}')
    return "\n".join(lines)
