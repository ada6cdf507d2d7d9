"""Review status (`/reviews/`): which journey maps are due for review, the most overdue first."""

from __future__ import annotations

from collections import Counter

from ...data.measures import regulated_review_gap, retriage_reasons
from ...data.model import Handbook
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
from ..components import journey_status_badge, muted, review_badge
from ..context import PageContext
from ..markup import (
    badge,
    block,
    bullets,
    count,
    front_matter,
    heading,
    link,
    md,
    table,
)

PAGE = urls.REVIEWS
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
    parts += regulated_gaps(hb) + retriage(hb)
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


def regulated_gaps(hb: Handbook) -> list[str]:
    gaps = [j for j in hb.journeys.values() if regulated_review_gap(j)]
    if not gaps:
        return []
    return [heading(2, "Regulated steps without a compliance review", "regulated_gaps"),
            "These maps have steps at regulated touchpoints (consent, identity checks, data "
            "sharing...), and no compliance or privacy team (`reviews_regulated: true`) took "
            "part in their latest review:",
            bullets(f"{link(PAGE, urls.journey(j.id), j.title)}: latest review "
                    f"{j.latest_review.date.isoformat()} ({md(j.owner.name)})"
                    for j in gaps if j.latest_review)]


def retriage(hb: Handbook) -> list[str]:
    due = [(o, reasons) for o in hb.backlog() if (reasons := retriage_reasons(o))]
    if not due:
        return []
    return [heading(2, "Opportunities to re-triage", "retriage"),
            "New evidence or observations arrived after these were last prioritised:",
            bullets(f"{link(PAGE, urls.BACKLOG, o.title, o.id)} ({md(o.owner.name)}): "
                    + "; ".join(md(r) for r in reasons) for o, reasons in due)]


def row(status: ReviewStatus) -> list[str]:
    journey = status.journey
    title = link(PAGE, urls.journey(journey.id), journey.title)
    if journey.status != "active":
        title += " " + journey_status_badge(journey)
    # The state comes right after the journey: on a phone it is the column still on screen.
    return [
        title,
        review_badge(status),
        f"{NOWRAP.format(status.due.isoformat())}<br>{muted(status.when)}",
        f"{NOWRAP.format(status.reviewed.isoformat())}<br>"
        f"{muted(f'every {status.every_days} days')}",
        md(status.owner.name),
        " ".join(badge(t.type.replace("-", " "), "trigger", title=t.note)
                 for t in status.triggers) or muted("none"),
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
