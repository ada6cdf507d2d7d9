"""The handbook as one section of an existing site's navigation.

A site with its own `nav:` keeps it; the handbook's pages (home first, as the section's index)
are added as one section: where the site writes the placeholder entry `(journeys)`, or at the
end. `- (journeys)` takes the handbook's title; `- Customer journeys: (journeys)` names the
section. Without a `nav:` but with a `prefix:`, the site's own home page comes first, then
the handbook section, then the site's other pages.
"""

from __future__ import annotations

PLACEHOLDER = "(journeys)"


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
