"""Render the resolved handbook as Markdown pages: path -> text, nothing MkDocs-specific.

Each page module exposes `render(ctx) -> dict[str, str]` (paths are relative to the
docs root, `.md` for pages, anything else is a downloadable file) and may add nav
entries and edit sources through the context. `render_site()` calls them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model import Handbook

NAV_LIMIT = 60  # past this many journeys (or personas), nav lists only section index pages


@dataclass
class History:
    """Last change of a data file in git: shown as 'last changed' on its pages."""

    date: date
    subject: str
    commit: str = ""


@dataclass
class PageContext:
    handbook: Handbook
    today: date
    history: dict[str, History] = field(default_factory=dict)  # data-relative path -> change

    def data_path(self, shown_source: str) -> str:
        """A data file's path relative to the data folder (for edit links and history)."""
        from pathlib import Path

        try:
            return Path(shown_source).resolve().relative_to(
                self.handbook.data_dir.resolve()).as_posix()
        except ValueError:
            return Path(shown_source).name


NavItem = tuple[str, "str | list[NavItem]"]


@dataclass
class RenderedSite:
    pages: dict[str, str]  # docs-relative path -> Markdown (or CSV/JSON/CSS text)
    nav: list[NavItem]  # (title, page path) or (title, [children]); first child may be an index
    sources: dict[str, str]  # page path -> data file relative to the data folder


def render_site(ctx: PageContext) -> RenderedSite:
    from . import (
        audience,
        backlog,
        evidence,
        home,
        journey,
        persona,
        phase,
        redirects,
        reviews,
        touchpoints,
    )
    from .navigation import build_nav

    pages: dict[str, str] = {}
    for module in (home, journey, audience, persona, phase, backlog, touchpoints, evidence,
                   reviews, redirects):
        pages.update(module.render(ctx))
    return RenderedSite(pages, build_nav(ctx), sources(ctx))


def sources(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    out = {f"journeys/{j.id}/index.md": ctx.data_path(j.source) for j in hb.journeys.values()}
    out |= {f"personas/{p.id}/index.md": ctx.data_path(p.source) for p in hb.personas.values()}
    handbook_file = ctx.data_path(hb.source)
    out |= {f"phases/{p}/index.md": handbook_file for p in hb.phases}
    out |= {"index.md": handbook_file, "reviews/index.md": handbook_file}
    for page, kind in (("touchpoints/index.md", "touchpoints"), ("evidence/index.md", "evidence")):
        if kind in hb.sources:
            out[page] = ctx.data_path(hb.sources[kind])
    return out
