"""The handbook's navigation: Journeys by audience, Personas, Phases, then the lists."""

from __future__ import annotations

from . import NAV_LIMIT, NavItem, PageContext

AUDIENCE_TITLES = {
    "patient": "Patients", "caregiver": "Caregivers", "provider": "Providers",
    "payer": "Payers", "employer": "Employers", "internal": "Internal", None: "Other",
}


def audience_key(audience: str | None) -> str:
    return audience or "other"


def audience_page(audience: str | None) -> str:
    return f"audiences/{audience_key(audience)}/index.md"


def build_nav(ctx: PageContext) -> list[NavItem]:
    hb = ctx.handbook
    journeys: list[NavItem] = [("Overview", "journeys/index.md")]
    if len(hb.journeys) <= NAV_LIMIT:
        by_audience: dict[str | None, list[NavItem]] = {}
        for j in sorted(hb.journeys.values(), key=lambda j: j.title.lower()):
            by_audience.setdefault(j.audience, []).append((j.title, f"journeys/{j.id}/index.md"))
        for audience, title in AUDIENCE_TITLES.items():
            if audience in by_audience:
                journeys.append((title, [("Overview", audience_page(audience)),
                                         *by_audience[audience]]))
    else:
        present = {j.audience for j in hb.journeys.values()}
        journeys += [(title, audience_page(audience))
                     for audience, title in AUDIENCE_TITLES.items() if audience in present]
    personas: list[NavItem] = [("Overview", "personas/index.md")]
    if len(hb.personas) <= NAV_LIMIT:
        personas += [(p.name, f"personas/{p.id}/index.md")
                     for p in sorted(hb.personas.values(), key=lambda p: p.name.lower())]
    phases: list[NavItem] = [("Overview", "phases/index.md")]
    phases += [(p.name, f"phases/{p.id}/index.md") for p in hb.phases.values()]
    return [
        ("Home", "index.md"),
        ("Journeys", journeys),
        ("Personas", personas),
        ("Phases", phases),
        ("Backlog", "backlog/index.md"),
        ("Touchpoints", "touchpoints/index.md"),
        ("Evidence", "evidence/index.md"),
        ("Reviews", "reviews/index.md"),
    ]
