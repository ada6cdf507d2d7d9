"""Links between generated pages, one helper per thing a page can point at.

Every page links steps, journeys, personas, phases and opportunities the same way,
so the contract anchors (`#<step-id>`, `/backlog/#<opportunity-id>`, ...) live here once.
"""

from __future__ import annotations

from ...data.model import Journey, Opportunity, Persona, Phase, Step
from .. import urls
from ..markup import link


def step_link(from_page: str, step: Step) -> str:
    """A link to the step's anchor on its journey page (contract: `#<step-id>`)."""
    return link(from_page, urls.journey(step.journey.id), step.action, step.id)


def journey_link(from_page: str, journey: Journey, anchor: str | None = None) -> str:
    """A future map is marked as such wherever it is listed: it counts apart (spec)."""
    return link(from_page, urls.journey(journey.id), journey.title, anchor) + future_mark(journey)


def future_mark(journey: Journey) -> str:
    return ' <span class="jh-muted">(future map)</span>' if journey.is_future else ""


def persona_link(from_page: str, persona: Persona, anchor: str | None = None) -> str:
    return link(from_page, urls.persona(persona.id), persona.name, anchor)


def phase_link(from_page: str, phase: Phase, anchor: str | None = None) -> str:
    return link(from_page, urls.phase(phase.id), phase.name, anchor)


def opportunity_link(from_page: str, opp: Opportunity) -> str:
    """A link to the opportunity's entry in the backlog (contract: `#<opportunity-id>`)."""
    return link(from_page, urls.BACKLOG, opp.title, opp.id)
