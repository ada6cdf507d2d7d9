"""Render the resolved handbook as Markdown pages: path -> text, nothing MkDocs-specific.

Each page module exposes `render(ctx) -> dict[str, str]` (paths are relative to the
docs root, `.md` for pages, anything else is a downloadable file). `render_site()`
calls them all and adds the nav and each page's source file (for edit links).
"""

from __future__ import annotations

from .. import urls
from ..context import NAV_LIMIT, NavItem, PageContext, RenderedSite
from ..navigation import build_nav
from . import (
    audience,
    backlog,
    board,
    changes,
    content,
    evidence,
    funnels,
    home,
    journey,
    metrics,
    moments,
    persona,
    phase,
    redirects,
    reviews,
    touchpoints,
)

__all__ = ["NAV_LIMIT", "NavItem", "PageContext", "RenderedSite", "render_site"]

PAGE_MODULES = (home, journey, board, moments, audience, persona, phase, content, metrics,
                funnels, backlog, touchpoints, evidence, reviews, changes, redirects)


def render_site(ctx: PageContext) -> RenderedSite:
    pages: dict[str, str] = {}
    for module in PAGE_MODULES:
        pages.update(module.render(ctx))
    return RenderedSite(pages, build_nav(ctx), sources(ctx))


def sources(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    out = {urls.journey(j.id): ctx.data_path(j.source) for j in hb.journeys.values()}
    out |= {urls.board(j.id): ctx.data_path(j.source) for j in hb.journeys.values()}
    out |= {urls.persona(p.id): ctx.data_path(p.source) for p in hb.personas.values()}
    handbook_file = ctx.data_path(hb.source)
    out |= {urls.phase(p): handbook_file for p in hb.phases}
    out |= {urls.HOME: handbook_file, urls.REVIEWS: handbook_file, urls.CONTENT: handbook_file}
    if "metrics" in hb.sources:
        metrics_file = ctx.data_path(hb.sources["metrics"])
        out |= {urls.METRICS: metrics_file} | {urls.metric(m): metrics_file for m in hb.metrics}
    for page, kind in ((urls.TOUCHPOINTS, "touchpoints"), (urls.EVIDENCE, "evidence")):
        if kind in hb.sources:
            out[page] = ctx.data_path(hb.sources[kind])
    return out
