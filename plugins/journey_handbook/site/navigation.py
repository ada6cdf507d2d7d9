"""The handbook's navigation: Journeys by audience, Personas, Phases, then the lists."""

from __future__ import annotations

from ..data.funnel import funnel_journeys
from ..data.model import Journey
from . import urls
from .components import AUDIENCE_TITLES
from .context import NAV_LIMIT, NavItem, PageContext


def journey_item(journey: Journey) -> NavItem:
    """The journey page is the section's index, its board the first page under it; then its
    future maps, then the focused maps that detail part of it (spec "Nested maps")."""
    nested = [f for f in journey.focused if f.current is None]
    return (journey.title, [("Overview", urls.journey(journey.id)),
                            ("Board", urls.board(journey.id)),
                            *(journey_item(f) for f in journey.futures),
                            *(journey_item(f) for f in nested)])


def build_nav(ctx: PageContext) -> list[NavItem]:
    hb = ctx.handbook
    journeys: list[NavItem] = [("Overview", urls.JOURNEYS)]
    if len(hb.journeys) <= NAV_LIMIT:
        by_audience: dict[str | None, list[NavItem]] = {}
        for j in sorted(hb.journeys.values(), key=lambda j: j.title.lower()):
            if j.current is None and j.parent is None:  # nested maps sit under their map
                by_audience.setdefault(j.audience, []).append(journey_item(j))
        for audience, title in AUDIENCE_TITLES.items():
            if audience in by_audience:
                journeys.append((title, [("Overview", urls.audience(audience)),
                                         *by_audience[audience]]))
    else:
        present = {j.audience for j in hb.journeys.values()}
        journeys += [(title, urls.audience(audience))
                     for audience, title in AUDIENCE_TITLES.items() if audience in present]
    personas: list[NavItem] = [("Overview", urls.PERSONAS)]
    if len(hb.personas) <= NAV_LIMIT:
        personas += [(p.name, urls.persona(p.id))
                     for p in sorted(hb.personas.values(), key=lambda p: p.name.lower())]
    phases: list[NavItem] = [("Overview", urls.PHASES)]
    phases += [(p.name, urls.phase(p.id)) for p in hb.phases.values()]
    metrics: list[NavItem] = [("Overview", urls.METRICS)]
    if len(hb.metrics) <= NAV_LIMIT:
        metrics += [(m.name, urls.metric(m.id)) for m in hb.metrics.values()]
    return [
        ("Home", urls.HOME),
        ("Journeys", journeys),
        ("Moments", urls.MOMENTS),
        ("Personas", personas),
        ("Phases", phases),
        ("Content", urls.CONTENT),
        *([("Metrics", metrics)] if hb.metrics else []),
        *([("Funnels", urls.FUNNELS)] if funnel_journeys(hb) else []),
        ("Backlog", urls.BACKLOG),
        ("Touchpoints", urls.TOUCHPOINTS),
        ("Evidence", urls.EVIDENCE),
        ("Reviews", urls.REVIEWS),
        *([("What changed", urls.CHANGES)] if ctx.changes is not None else []),
    ]
