"""Badges and small marks: what a status, role or regulated step looks like, drawn once.

A badge's text is a fixed word or a validated kebab-case enum value, so the same HTML is
safe both in Markdown and inside the raw HTML of the board.
"""

from __future__ import annotations

from ...data.model import Actor, Journey, Opportunity, Step, Team, Touchpoint
from ...data.reviews import ReviewStatus
from .. import urls
from ..markup import badge, link, md


def muted(html_text: str) -> str:
    """Secondary text (already rendered), set in the muted colour."""
    return f'<span class="jh-muted">{html_text}</span>'


MUTED_NONE = muted("—")


def label(value: str | None) -> str:
    """An enum value as a reader sees it: 'decision-maker' -> 'Decision-maker'."""
    return md(value[:1].upper() + value[1:]) if value else ""


def words(value: str) -> str:
    """A kebab-case enum value as words: 'in-progress' -> 'in progress'."""
    return value.replace("-", " ")


def actor_ref(from_page: str, actor: Actor | None) -> str:
    """Personas link to their page; teams have none, so they are named and marked as a team."""
    if actor is None:
        return ""
    if isinstance(actor, Team):
        return f"{md(actor.name)} {badge('team', 'team')}"
    return link(from_page, urls.persona(actor.id), actor.name)


# --- badges: one function per thing a badge can say -----------------------------------------

def journey_status_badge(journey: Journey) -> str:
    return badge(journey.status, f"journey-{journey.status}")


def opportunity_status_badge(opp: Opportunity) -> str:
    return badge(words(opp.status), opp.status)


def review_badge(status: ReviewStatus, title: str | None = None) -> str:
    return badge(status.label, status.state, title=title)


# `explained=False` leaves out the tooltip: the board's cards link to the step on the
# journey page, where the same badge carries its explanation.

def confidence_badge(step: Step, *, explained: bool = True) -> str:
    if step.confidence == "known":
        return badge("known", "known", title="backed by evidence" if explained else None)
    return badge("hypothesized", "hypothesized",
                 title="not yet backed by evidence" if explained else None)


def regulated_badge(kind: str, *, explained: bool = True) -> str:
    return badge(words(kind), "regulated", title="regulated step" if explained else None)


def loop_badge(*, explained: bool = True) -> str:
    return badge("loops back", "loop",
                 title="goes back to an earlier phase" if explained else None)


def touchpoint_kind_badge(tp: Touchpoint) -> str:
    return badge(tp.kind, f"kind-{tp.kind}") if tp.kind else ""


def experiment_status_badge(status: str) -> str:
    return badge(status, f"experiment-{status}")


def retriage_badge(reasons: list[str]) -> str:
    return badge("needs re-triage", "retriage", title="; ".join(reasons)) if reasons else ""


def target_reached_badge() -> str:
    return badge("target reached", "progress-reached")
