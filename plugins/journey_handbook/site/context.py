"""What every page module is given: the handbook, the date pages are judged by, git history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar

from ..data.model import Handbook, Step
from ..git import History
from . import urls
from .changelog import ChangeLog

NAV_LIMIT = 60  # past this many journeys (or personas), nav lists only section index pages
T = TypeVar("T")


class StepParts(Protocol):
    """Where a page module gets a part drawn from one step: its section, grid entries and
    board items on its journey's pages, its row on a persona's or touchpoint's page... `make`
    draws it; a preview may hand back the part of its last render instead
    (`incremental/step_parts.py`). A part must read nothing but the step, its journey's maps,
    what the step refers to and the values given as `also` (a phase name)."""

    def part(self, kind: str, page: str, step: Step, make: Callable[[], T],
             *also: str) -> T: ...


class Drawn:
    """Every part drawn anew: a build, an export."""

    def part(self, kind: str, page: str, step: Step, make: Callable[[], T],
             *also: str) -> T:
        return make()


@dataclass
class PageContext:
    handbook: Handbook
    today: date
    history: dict[str, History] = field(default_factory=dict)  # data-relative path -> change
    # page path -> its text from the previous render, for pages the caller knows are unchanged
    # (a preview rebuild after an edit to another journey): copied instead of rendered
    reuse: dict[str, str] = field(default_factory=dict)
    parts: StepParts = field(default_factory=Drawn)
    # the change log from git; None: no /changes/ page (exports, the diff's own renders)
    changes: ChangeLog | None = None
    site_url: str = ""  # the published address, for absolute links (feed); "" when unknown
    site_name: str = ""
    # the site folder the handbook is published under ('' or 'handbook/', see urls.under):
    # pages link each other relatively, so only text that shows a site URL needs it
    prefix: str = ""
    # every page of a journey asks for its file's path: resolving it was 0.2 s a render
    _data_paths: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def data_path(self, shown_source: str) -> str:
        """A data file's path relative to the data folder (for edit links and history)."""
        found = self._data_paths.get(shown_source)
        if found is None:
            try:
                found = Path(shown_source).resolve().relative_to(
                    self.handbook.data_dir.resolve()).as_posix()
            except ValueError:
                found = Path(shown_source).name
            self._data_paths[shown_source] = found
        return found


NavItem = tuple[str, "str | list[NavItem]"]


@dataclass
class RenderedSite:
    pages: dict[str, str]  # docs-relative path -> Markdown (or CSV/JSON/CSS text)
    nav: list[NavItem]  # (title, page path) or (title, [children]); first child may be an index
    sources: dict[str, str]  # page path -> data file relative to the data folder

    def under(self, prefix: str) -> RenderedSite:
        """The same site with every page, nav entry and source moved under `prefix`."""
        if not prefix:
            return self

        def move(items: list[NavItem]) -> list[NavItem]:
            return [(title, move(target) if isinstance(target, list)
                     else urls.under(prefix, target)) for title, target in items]

        return RenderedSite({urls.under(prefix, p): text for p, text in self.pages.items()},
                            move(self.nav),
                            {urls.under(prefix, p): src for p, src in self.sources.items()})
