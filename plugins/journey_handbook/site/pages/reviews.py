"""Review status (`/reviews/`): which journey maps are due for review, the most overdue first."""

from __future__ import annotations

from collections import Counter

from ...data.reviews import (
    DUE_SOON,
    DUE_SOON_DAYS,
    EVIDENCE_MAX_AGE_DAYS,
    FRESH,
    STALE,
    ReviewStatus,
    Trigger,
    review_statuses,
    stale_evidence,
)
from .. import urls
from ..markup import (
    badge,
    block,
    count,
    front_matter,
    heading,
    link,
    md,
    table,
)
from .context import PageContext

PAGE = urls.REVIEWS
MUTED = '<span class="jh-muted">{}</span>'
NOWRAP = '<span class="jh-nowrap">{}</span>'


def render(ctx: PageContext) -> dict[str, str]:
    return {PAGE: page(ctx)}


def page(ctx: PageContext) -> str:
    hb = ctx.handbook
    statuses = review_statuses(hb, ctx.today)
    states = Counter(s.state for s in statuses)
    default_days = hb.review.every_days
    parts = [
        front_matter("Review status", description="When each journey map is due for review."),
        "# Review status",
        f"Each map is reviewed every {default_days} days unless it sets its own cadence, and "
        "whenever one of its triggers happens (a product, pricing or compliance change, or "
        f"a rise in support demand). Dates are as of {ctx.today.isoformat()}; a map is "
        f"*due soon* within {DUE_SOON_DAYS} days of its due date.",
        " · ".join([
            badge(f"{states[STALE]} stale", STALE),
            badge(f"{states[DUE_SOON]} due soon", DUE_SOON),
            badge(f"{states[FRESH]} fresh", FRESH),
        ]) + "\n{ .jh-meta }",
        heading(2, "Journeys by due date", "by_due_date"),
        block("jh-list-table jh-review-table", table(
            ["Journey", "State", "Next due", "Last review (cadence)", "Owner", "Triggers"],
            [row(s) for s in statuses], empty="No journeys yet.")),
    ]
    if any(s.triggers for s in statuses):
        parts += [heading(2, "Review triggers", "triggers"),
                  "Besides the cadence, each map is reviewed when one of these happens.",
                  trigger_list(statuses)]
    old = stale_evidence(hb, ctx.today, EVIDENCE_MAX_AGE_DAYS)
    if old:
        evidence = urls.EVIDENCE
        parts += [
            heading(2, "Old evidence", "old_evidence"),
            f"{count(len(old), 'evidence source')} collected more than "
            f"{EVIDENCE_MAX_AGE_DAYS} days ago; review the steps that cite "
            f"{'it' if len(old) == 1 else 'them'} in the "
            f"{link(PAGE, evidence, 'evidence register')}:",
            "\n".join(f"- {link(PAGE, evidence, e.title, e.id)}, collected "
                      f"{e.collected.isoformat()}" for e in old),
        ]
    return "\n\n".join(parts) + "\n"


def row(status: ReviewStatus) -> list[str]:
    journey = status.journey
    title = link(PAGE, urls.journey(journey.id), journey.title)
    if journey.status != "active":
        title += " " + badge(journey.status, f"journey-{journey.status}")
    # The state comes right after the journey: on a phone it is the column still on screen.
    return [
        title,
        badge(status.label, status.state),
        f"{NOWRAP.format(status.due.isoformat())}<br>{MUTED.format(status.when)}",
        f"{NOWRAP.format(status.reviewed.isoformat())}<br>"
        f"{MUTED.format(f'every {status.every_days} days')}",
        md(status.owner.name),
        " ".join(badge(t.type.replace("-", " "), "trigger", title=t.note)
                 for t in status.triggers) or MUTED.format("none"),
    ]


def trigger_list(statuses: list[ReviewStatus]) -> str:
    lines = []
    for status in sorted(statuses, key=lambda s: s.journey.title.lower()):
        if status.triggers:
            journey = status.journey
            lines.append(f"- {link(PAGE, urls.journey(journey.id), journey.title)}")
            lines += [f"    - {trigger(t)}" for t in status.triggers]
    return "\n".join(lines)


def trigger(t: Trigger) -> str:
    text = f"**{md(t.type.replace('-', ' '))}**"
    return f"{text}: {md(t.note)}" if t.note else text
