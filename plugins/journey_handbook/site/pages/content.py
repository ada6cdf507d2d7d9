"""The writers' page (`content/index.md`, spec "Plain language"): what each audience reads in
each phase, how hard it is to read, and what is still missing.

One section per phase (anchor `#<phase-id>`), then one per audience, then one per persona
(anchor `#<phase-id>--<persona-id>`): the key messages and the steps' messages and calls to
action, the reading grade of all of it against the audience's target (a number and words,
never colour alone), the flagged terms with their plainer wording, and the gaps: persona
questions with no key message, and barriers with no content answer.
"""

from __future__ import annotations

from ...data.model import Handbook, Persona, Phase, Step
from ...data.plain.scan import Cell, Flag, PlainReport, source_name
from .. import urls
from ..components import AUDIENCE_TITLES, muted, persona_link, phase_link, step_link
from ..context import PageContext
from ..markup import badge, bullets, count, front_matter, heading, md, table

PAGE = urls.CONTENT


def render(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    report: PlainReport | None = hb.plain
    parts = [front_matter("Content for writers"), "# Content for writers", intro(hb, report),
             heading(2, "At a glance", "at-a-glance"), overview(hb, report)]
    for phase in hb.phases.values():
        parts.append(phase_section(hb, phase, report))
    return {PAGE: "\n\n".join(p for p in parts if p) + "\n"}


# -- who and what is on the page ------------------------------------------------------------

def personas_in(hb: Handbook, phase: Phase) -> list[Persona]:
    """Personas with messaging for the phase or a step in it, by name."""
    acting = {id(s.actor) for s in hb.steps_in(phase) if isinstance(s.actor, Persona)}
    return sorted((p for p in hb.personas.values()
                   if phase.id in p.messaging or id(p) in acting),
                  key=lambda p: p.name.lower())


def unanswered_questions(persona: Persona, phase: Phase) -> list[str]:
    """The persona's questions for the phase when it has no key message to answer them."""
    messaging = persona.messaging.get(phase.id)
    if messaging is None or messaging.key_messages:
        return []
    return list(messaging.questions)


def unanswered_barriers(steps: list[Step]) -> list[Step]:
    """Steps with barriers whose content gives neither a message nor a call to action."""
    return [s for s in steps if s.barriers and not (s.content and (s.content.message
                                                                  or s.content.cta))]


# -- the words a grade is given in --------------------------------------------------------------

def grade_words(cell: Cell | None, audience: str | None, report: PlainReport | None) -> str:
    if report is None:
        return muted("Reading grades are not checked (plain-language checks are off).")
    if cell is None or cell.grade is None:
        if audience in report.targets:
            return muted("No text to grade yet.")
        return muted(f"Not graded: no reading-grade target for "
                     f"{AUDIENCE_TITLES.get(audience, 'Other').lower()}.")
    gap = round(cell.grade - cell.target, 1)
    if cell.over:
        out = badge("over target", "grade-over") + \
            f" Reading grade **{cell.grade:g}**, {gap:g} above the target of {cell.target:g}."
        if cell.accepted:
            out += f" Accepted: {md(cell.accepted)}."
        return out
    return badge("within target", "grade-within") + \
        f" Reading grade **{cell.grade:g}**, within the target of {cell.target:g}."


def intro(hb: Handbook, report: PlainReport | None) -> str:
    out = ["What each audience reads in each phase: the key messages from the persona files "
           "and the messages and calls to action of the steps they act in. Each persona's "
           "text for a phase gets one reading grade (Flesch-Kincaid, a US school grade), "
           "checked against its audience's target; listed jargon is shown with plainer "
           "wording."]
    if report is None:
        out.append("_Plain-language checks are off for this site, so no grades are shown._")
    elif report.targets:
        targets = ", ".join(f"{AUDIENCE_TITLES.get(a, a).lower()} grade {g:g}"
                            for a, g in report.targets.items())
        out.append(f"**Targets** (`plain_language.grade` in handbook.yml): {targets}.")
    else:
        out.append("_No audience has a reading-grade target yet: add `plain_language: "
                   "{grade: {patient: 8, caregiver: 8}}` to handbook.yml._")
    return "\n\n".join(out)


def overview(hb: Handbook, report: PlainReport | None) -> str:
    rows = []
    for phase in hb.phases.values():
        cells = [c for c in (report.cells if report else []) if c.phase is phase]
        over = [c for c in cells if c.over]
        flags = [f for c in cells for f in report.flags_of(c)] if report else []
        steps = hb.steps_in(phase)
        gaps = sum(bool(unanswered_questions(p, phase)) for p in personas_in(hb, phase)) \
            + len(unanswered_barriers(steps))
        # a same-page link is a bare anchor: the preview converts big pages by section
        rows.append([f"[{md(phase.name)}](#{urls.content_anchor(phase.id)})",
                     f"{len(over)} of {len(cells)}{_accepted(over, 'accepted')}"
                     if cells else "none graded",
                     f"{len(_open(flags))}{_accepted(flags, 'accepted')}", str(gaps)])
    return table(["Phase", "Over the grade target", "Flagged terms", "Gaps"], rows)


def _open(flags: list[Flag]) -> list[Flag]:
    return [f for f in flags if not f.accepted]


def _accepted(items: list, word: str) -> str:
    """' (n accepted)' when some of the items are accepted with a reason."""
    n = sum(bool(i.accepted) for i in items)
    return f" ({n} {word})" if n else ""


# -- one phase --------------------------------------------------------------------------------

def phase_section(hb: Handbook, phase: Phase, report: PlainReport | None) -> str:
    out = [heading(2, phase.name, urls.content_anchor(phase.id)),
           (f"**Goal:** {md(phase.goal)}  \n" if phase.goal else "")
           + f"Messaging guidance by persona: {phase_link(PAGE, phase)}."]
    people = personas_in(hb, phase)
    if not people:
        out.append("_No persona acts in this phase or has messaging for it._")
        return "\n\n".join(out)
    steps = hb.steps_in(phase)
    for audience, title in AUDIENCE_TITLES.items():
        theirs = [p for p in people if p.audience == audience
                  or (audience is None and p.audience not in AUDIENCE_TITLES)]
        if not theirs:
            continue
        out.append(heading(3, f"{title} · {phase.name}"))
        out += [persona_block(p, phase, [s for s in steps if s.actor is p], report)
                for p in theirs]
    return "\n\n".join(out)


def persona_block(persona: Persona, phase: Phase, steps: list[Step],
                  report: PlainReport | None) -> str:
    cell = report.cell(persona.id, phase.id) if report else None
    out = [heading(4, persona.name, urls.content_anchor(phase.id, persona.id)),
           f"{persona_link(PAGE, persona)} · {grade_words(cell, persona.audience, report)}"]
    if cell is not None and cell.over and cell.hardest:
        # no grade of its own: one sentence alone grades too noisily to mean anything
        out.append(f"Hardest sentence: “{md(cell.hardest.sentence)}”")
    messaging = persona.messaging.get(phase.id)
    keys = list(messaging.key_messages) if messaging else []
    out.append("**Key messages**\n\n" + (bullets(md(k) for k in keys) if keys
                                         else "_No key messages for this phase._"))
    said = [(s, " · ".join(f"{name}: {md(getattr(s.content, f))}"
                           for f, name in (("message", "Message"), ("cta", "Call to action"))
                           if getattr(s.content, f)))
            for s in steps if s.content and (s.content.message or s.content.cta)]
    if said:
        out.append("**In the steps**\n\n" + bullets(f"{step_link(PAGE, s)}: {text}"
                                                    for s, text in said))
    if report is not None and cell is not None:
        out.append(flagged(report.flags_of(cell)))
    out.append(gaps(persona, phase, steps))
    return "\n\n".join(p for p in out if p)


def flagged(flags: list[Flag]) -> str:
    if not flags:
        return ""
    rows = [[f"<mark class=\"jh-term\">{md(f.hit.text)}</mark>",
             md(f.term.plainer) if f.term.plainer else muted("(no wording given)"),
             _where(f), md(f"accepted: {f.accepted}") if f.accepted else "to fix",
             muted(md(source_name(f.term)))]
            for f in flags]
    open_count = len(_open(flags))
    return (f"**Flagged terms**: {count(open_count, 'term')} to fix"
            + (f", {len(flags) - open_count} accepted" if open_count < len(flags) else "")
            + "\n\n" + table(["Written", "Plainer wording", "Where", "Status", "From"], rows))


def _where(flag: Flag) -> str:
    piece = flag.piece
    if piece.step is not None:
        return f"{step_link(PAGE, piece.step)} ({piece.label})"
    return piece.label


def gaps(persona: Persona, phase: Phase, steps: list[Step]) -> str:
    questions = unanswered_questions(persona, phase)
    barriers = unanswered_barriers(steps)
    if not questions and not barriers:
        return ""
    out = ['!!! warning "Gaps"']
    if questions:
        out.append(f"    {count(len(questions), 'question')} with no key message to "
                   "answer it:\n\n" + "\n".join(f"    - {md(q)}" for q in questions))
    if barriers:
        out.append("    Barriers with no content answer (no message or call to action):\n\n"
                   + "\n".join(f"    - {step_link(PAGE, s)}: "
                               + " · ".join(md(b.text) for b in s.barriers)
                               for s in barriers))
    return "\n\n".join(out)
