"""Journey pieces several pages show: the journey list table, review state, phase runs,
feelings, and the audience groups (in nav order)."""

from __future__ import annotations

from datetime import date

from ...data.model import Journey, Phase, Step
from ...data.reviews import review_status
from .. import urls
from ..markup import link, md, percent, table
from .badges import journey_status_badge, review_badge

AUDIENCE_TITLES = {
    "patient": "Patients", "caregiver": "Caregivers", "provider": "Providers",
    "payer": "Payers", "employer": "Employers", "internal": "Internal", None: "Other",
}
SCOPE_TYPES = {"end-to-end": "End-to-end", "focused": "Focused"}
SCORE_FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😀"}
SCORE_WORDS = {1: "very negative", 2: "negative", 3: "neutral", 4: "positive",
               5: "very positive"}


def journey_table(journeys: list[Journey], today: date, page: str) -> str:
    """Journeys with owner, status, next review and how much is known (journeys overview,
    audience pages)."""
    rows = []
    for j in journeys:
        known, total = j.known_steps, len(j.steps)
        scope = short_scope(j)
        if j.current is not None:
            scope = " · ".join(x for x in ("Future map", scope) if x)
        rows.append([
            link(page, urls.journey(j.id), j.title)
            + (f'<br><span class="jh-muted">{scope}</span>' if scope else ""),
            md(j.owner.name),
            journey_status_badge(j),
            f"{j.due.isoformat()} {journey_review_badge(j, today)}",
            str(total),
            f"{percent(known, total)}% ({known} of {total})",
        ])
    return table(["Journey", "Owner", "Status", "Next review", "Steps", "Known"], rows)


def journey_review_badge(journey: Journey, today: date) -> str:
    """Fresh, due soon or stale, with how long until (or since) the review as its tooltip."""
    status = review_status(journey, today)
    return review_badge(status, title=status.when)


def short_scope(journey: Journey) -> str:
    """'End-to-end · onboarding': enough to tell journeys apart in a list."""
    scope = journey.scope
    if scope is None:
        return ""
    parts = [SCOPE_TYPES.get(scope.type or "", ""), md(scope.goal) if scope.goal else ""]
    return " · ".join(p for p in parts if p)


def phase_runs(journey: Journey) -> list[tuple[Phase, list[Step]]]:
    """Consecutive steps in the same phase; a loop back starts a new run of an earlier phase."""
    runs: list[tuple[Phase, list[Step]]] = []
    for step in journey.steps:
        if runs and runs[-1][0] is step.phase:
            runs[-1][1].append(step)
        else:
            runs.append((step.phase, [step]))
    return runs


def feeling(step: Step) -> str:
    """A step's recorded feeling: face (decoration), score out of 5, and its word."""
    score = step.emotion.score
    face = SCORE_FACES.get(score, "")
    text = (f'<span class="jh-feeling jh-feeling--{score}" title="{SCORE_WORDS[score]}">'
            f'<span aria-hidden="true">{face}</span> {score}/5</span>')
    if step.emotion.feeling:
        text += f" {md(step.emotion.feeling)}"
    return text
