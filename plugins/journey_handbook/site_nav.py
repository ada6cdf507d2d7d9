"""The site's navigation: the handbook's generated sections, the site's own pages as guides,
or the handbook as one section of an existing site's navigation.

Without a `nav:` or a `prefix:`, the generated sections come first, then the hand-written
pages under "Guides" (folders becoming sections). A site with its own `nav:` keeps it; the
handbook's pages (home first, as the section's index) are added as one section: where the
site writes the placeholder entry `(journeys)`, or at the end. `- (journeys)` takes the
handbook's title; `- Customer journeys: (journeys)` names the section. Without a `nav:` but
with a `prefix:`, the site's own home page comes first, then the handbook section, then the
site's other pages.
"""

from __future__ import annotations

import html
import posixpath

from mkdocs.structure.files import Files, InclusionLevel

from .site import urls
from .site.pages import RenderedSite

PLACEHOLDER = "(journeys)"


def site_nav(user_nav: list | None, site: RenderedSite, files: Files, *, prefix: str,
             title: str) -> list:
    """The plugin's nav; in a site with a nav: or a prefix, the handbook as one section."""
    if user_nav is None and not prefix:
        return _nav(site, files)
    section = as_section(_nav(site, files, guides=False))
    title = html.escape(title)
    if user_nav is not None:
        return place(user_nav, section, title)
    own = _hand_written(site, files)
    rest = [p for p in own if p != urls.HOME]
    return around_home([urls.HOME] if urls.HOME in own else [], section, title) + \
        (_group(rest) if rest else [])


def mark_not_in_nav(files: Files, generated: set[str], nav: list) -> None:
    """Past NAV_LIMIT, journey and persona pages are reached from their section's index
    page, not the nav; saying so keeps MkDocs from listing every one of them at each build."""
    listed: set[str] = set()

    def walk(items) -> None:
        for item in items:
            target = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(target, list):
                walk(target)
            else:
                listed.add(target)

    walk(nav)
    for path in generated - listed:
        file = files.get_file_from_path(path)
        if file is not None:
            file.inclusion = InclusionLevel.NOT_IN_NAV


def _nav(site: RenderedSite, files: Files, *, guides: bool = True) -> list:
    """Generated sections first, then the hand-written pages as guides."""

    def convert(items) -> list:
        out = []
        for title, target in items:
            title = html.escape(title)  # themes print nav titles as HTML
            if isinstance(target, list):
                out.append({title: convert(target)})
            elif title == "Overview" and target.endswith("/index.md"):
                out.append(target)  # a section index page (navigation.indexes)
            else:
                out.append({title: target})
        return out

    nav = convert(site.nav)
    own = _hand_written(site, files) if guides else []
    if own:
        nav.append({"Guides": _group(own)})
    return nav


def _hand_written(site: RenderedSite, files: Files) -> list[str]:
    generated = set(site.pages)
    return sorted(f.src_uri for f in files.documentation_pages()
                  if f.src_uri not in generated and f.generated_by is None)


def _group(paths: list[str]) -> list:
    """Hand-written pages, folders becoming sections (titles come from the pages)."""
    tree: dict[str, list] = {}
    flat: list = []
    for path in paths:
        folder = posixpath.dirname(path)
        if folder:
            tree.setdefault(folder.split("/")[0], []).append(path)
        else:
            flat.append(path)
    if len(tree) == 1 and not flat:  # a lone docs/guides/ folder: no extra level
        return next(iter(tree.values()))
    return flat + [{name.replace("-", " ").capitalize(): items} for name, items in tree.items()]


def as_section(handbook_nav: list) -> list:
    """The plugin's nav (home entry first) as section children: home becomes the index."""
    if handbook_nav and isinstance(handbook_nav[0], dict):
        (target,) = handbook_nav[0].values()
        if isinstance(target, str):
            return [target, *handbook_nav[1:]]
    return list(handbook_nav)


def place(user_nav: list, section: list, title: str) -> list:
    """The site's nav with the handbook section at the placeholder, or appended."""
    placed = False

    def walk(items: list) -> list:
        nonlocal placed
        out = []
        for item in items:
            if item == PLACEHOLDER:
                out.append({title: section})
                placed = True
            elif isinstance(item, dict) and len(item) == 1:
                ((name, target),) = item.items()
                if target == PLACEHOLDER:
                    out.append({name: section})
                    placed = True
                elif isinstance(target, list):
                    out.append({name: walk(target)})
                else:
                    out.append(item)
            else:
                out.append(item)
        return out

    nav = walk(user_nav)
    return nav if placed else [*nav, {title: section}]


def around_home(own_pages: list, section: list, title: str) -> list:
    """No `nav:` and a prefix: the site's home page, the handbook, then the rest."""
    home = [p for p in own_pages if p == "index.md"]
    rest = [p for p in own_pages if p != "index.md"]
    return [*home, {title: section}, *rest]
