"""Page pieces every page kind shares: badges, actor references, enum labels, muted text.

A status, a role or a regulated step looks the same on every page because each is drawn
here once; the CSS rule for every `jh-badge--*` kind below lives in `assets/`, and a test
renders every page and checks that each `jh-*` class has one.
"""

from __future__ import annotations

from ..data.model import Actor, Journey, Opportunity, Step, Team, Touchpoint
from ..data.reviews import ReviewStatus
from . import urls
from .markup import badge, link, md


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


def confidence_badge(step: Step) -> str:
    if step.confidence == "known":
        return badge("known", "known", title="backed by evidence")
    return badge("hypothesized", "hypothesized", title="not yet backed by evidence")


def regulated_badge(kind: str) -> str:
    return badge(words(kind), "regulated", title="regulated step")


def touchpoint_kind_badge(tp: Touchpoint) -> str:
    return badge(tp.kind, f"kind-{tp.kind}") if tp.kind else ""
