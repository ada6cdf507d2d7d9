"""The touchpoint inventory (`/touchpoints/`): catalog and inline touchpoints, and who uses them.

Contract: each touchpoint is at `#<touchpoint-id>`. The summary table answers
"what breaks if this touchpoint changes?"; each section lists the steps that use
the touchpoint and the steps whose barriers name it, with deep links to the steps.
"""

from __future__ import annotations

from ...data.model import Step, Touchpoint
from .. import urls
from ..components import journey_link, regulated_badge, step_link, touchpoint_kind_badge
from ..context import PageContext, StepParts
from ..markup import (
    badge,
    block,
    cell_list,
    count,
    front_matter,
    heading,
    md,
    table,
)

PAGE = urls.TOUCHPOINTS
KINDS = ["online", "offline", "internal"]


def render(ctx: PageContext) -> dict[str, str]:
    return {PAGE: page(ctx)}


def page(ctx: PageContext) -> str:
    touchpoints = list(ctx.handbook.touchpoints.values())
    inline = sum(tp.inline for tp in touchpoints)
    regulated = sum(bool(tp.regulated) for tp in touchpoints)
    unused = [tp for tp in touchpoints if not affected_steps(tp)]
    parts = [
        front_matter("Touchpoint inventory",
                     description="Every touchpoint, online, offline and internal, "
                                 "and the journey steps that use it."),
        "# Touchpoint inventory",
        f"{count(len(touchpoints), 'touchpoint')}: {len(touchpoints) - inline} from the "
        f"catalog (`touchpoints.yml`) and {inline} named inline in a journey step; "
        f"{regulated} with regulated steps (consent, identity verification, data sharing...). "
        "Changing a touchpoint affects every step listed "
        "under it: the steps that use it and the steps whose barriers name it.",
    ]
    if not touchpoints:
        parts.append("_No touchpoints yet._")
        return "\n\n".join(parts) + "\n"
    parts.append("By kind: " + " · ".join(
        f"{sum(tp.kind == k for tp in touchpoints)} {k}" for k in KINDS) + ".")
    if unused:
        parts.append("Not used by any step yet: "
                     + ", ".join(f"[{md(tp.name)}](#{tp.id})" for tp in unused) + ".")
    parts += [
        heading(2, "At a glance", "at_a_glance"),
        summary_table(touchpoints),
        heading(2, "Touchpoints", "touchpoints_in_detail"),
    ]
    parts += [section(tp, ctx.parts) for tp in touchpoints]
    return "\n\n".join(parts) + "\n"


def affected_steps(tp: Touchpoint) -> list[Step]:
    """Steps that use the touchpoint or name it in a barrier, each once, in handbook order."""
    seen: dict[int, Step] = {}
    for step in tp.uses + tp.barrier_steps:
        seen.setdefault(id(step), step)
    return list(seen.values())


# --- small renderers --------------------------------------------------------------------------

def regulated_badges(tp: Touchpoint) -> str:
    return " ".join(regulated_badge(r) for r in tp.regulated)


def summary_table(touchpoints: list[Touchpoint]) -> str:
    rows = []
    for tp in touchpoints:
        steps = affected_steps(tp)
        journeys = {s.journey.id for s in steps}
        rows.append([f"[{md(tp.name)}](#{tp.id})", md(tp.channel), touchpoint_kind_badge(tp),
                     md(tp.owner.name) if tp.owner else "", regulated_badges(tp),
                     str(len(steps)), str(len(journeys))])
    return block("jh-list-table jh-touchpoint-summary",
                 table(["Touchpoint", "Channel", "Kind", "Owner", "Regulated", "Steps",
                        "Journeys"], rows))


# --- one touchpoint -------------------------------------------------------------------------------

def section(tp: Touchpoint, step_parts: StepParts) -> str:
    meta = [f"Channel: {md(tp.channel)}" if tp.channel else "", touchpoint_kind_badge(tp),
            f"Owner: {md(tp.owner.name)}" if tp.owner else "", regulated_badges(tp),
            badge("inline", "inline", title="named inside a journey step, not in "
                  "touchpoints.yml") if tp.inline else ""]
    parts = [heading(3, tp.name, tp.id),
             " · ".join(m for m in meta if m) + "\n{ .jh-meta }"]
    if tp.description:
        parts.append(md(tp.description))
    parts.append(usage_table(tp, step_parts))
    barrier_rows = [[journey_link(PAGE, s.journey), step_link(PAGE, s),
                     cell_list(md(b.text) for b in s.barriers if b.touchpoint is tp)]
                    for s in dict.fromkeys(tp.barrier_steps)]  # once per step
    if barrier_rows:
        parts += ["**Named in barriers of other steps:**",
                  block("jh-list-table", table(["Journey", "Step", "Barrier"], barrier_rows))]
    if not affected_steps(tp):
        parts.append('<span class="jh-muted">Not used by any step.</span>')
    return "\n\n".join(p for p in parts if p)


def usage_table(tp: Touchpoint, parts: StepParts) -> str:
    if not tp.uses:
        return ""

    def row(s: Step) -> list[str]:
        return [journey_link(PAGE, s.journey), step_link(PAGE, s), md(s.phase.name),
                md(s.actor.name), cell_list(md(b.text) for b in s.barriers if b.touchpoint is tp)]

    # `tp.uses` are the steps whose touchpoint is `tp`: their keys hold it already
    rows = [parts.part("touchpoint-use", PAGE, s, lambda s=s: row(s), s.phase.name)
            for s in tp.uses]
    return "**Used in:**\n\n" + block(
        "jh-list-table", table(["Journey", "Step", "Phase", "Who", "Barriers here"], rows))
