"""One page per audience (`/audiences/<audience>/`): the journeys mapped for that audience.

They are also the index pages of the nav's audience groups. Journey pages are all
`index.md` files, so without a page of its own each group would take its first
journey as its index (Material's navigation.indexes) and drop it from the list.
"""

from __future__ import annotations

from ...data.model import Journey
from .. import urls
from ..components import AUDIENCE_TITLES, journey_table, wide_table
from ..context import PageContext
from ..markup import count, front_matter, link, md


def render(ctx: PageContext) -> dict[str, str]:
    groups: dict[str | None, list[Journey]] = {}
    for journey in sorted(ctx.handbook.journeys.values(), key=lambda j: j.title.lower()):
        groups.setdefault(journey.audience, []).append(journey)
    return {urls.audience(a): _page(ctx, a, journeys) for a, journeys in groups.items()}


def _page(ctx: PageContext, audience: str | None, journeys: list[Journey]) -> str:
    title = AUDIENCE_TITLES[audience]
    path = urls.audience(audience)
    personas = [p for p in ctx.handbook.personas.values() if p.audience == audience]
    parts = [
        front_matter(f"Journeys: {title}",
                     description=f"Journey maps for the {urls.audience_key(audience)} audience."),
        f"# {md(title)}",
        f"{count(len(journeys), 'journey')} mapped for this audience. "
        f"All journeys: {link(path, urls.JOURNEYS, 'Journeys')}.",
        wide_table(journey_table(journeys, ctx.today, path)),
    ]
    if personas:
        parts += ["## Personas { #personas_ }",
                  "\n".join(f"- {link(path, urls.persona(p.id), p.name)}"
                            + (f": {md(p.role)}" if p.role else "") for p in personas)]
    return "\n\n".join(parts) + "\n"
