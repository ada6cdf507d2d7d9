"""Material's navigation inside a themed page, known well enough to be kept or swapped.

Drawing the nav is about two thirds of rendering a page through Material. For a page that is
not in the nav, Material's nav partial reads the page only through the `url` filter, which
writes each nav link relative to the page's folder; two folders give the same links when
they are as deep and share the same deepest folder with the nav's links (`NavPlace`). So
the nav partial's output is drawn once per place and nav for the hundreds of journey pages
and boards outside the nav, while the nav partials read the page as Material 9 does
(`nav_reads_as_known`); a page in the nav draws its own (it is marked active there).

Outside the nav partials, Material reads the nav only to test that there is one and for the
homepage link, and in the tabs and breadcrumbs (`navigation.tabs`, `navigation.path`). When
every template reads it so (`read_elsewhere_as_known`) and neither of those partials was
drawn for a page, the page's shell is the same around any nav: a nav change (a renamed
persona's title) swaps the new nav into the kept shell instead of rendering the page again.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

import jinja2

NAV_PARTIAL = "partials/nav.html"
# The nav partials, and how Material 9 reads the page and writes links in them: any other
# read of the page or use of `url`, and the nav partial is drawn for every page
_NAV_TEMPLATES = (NAV_PARTIAL, "partials/nav-item.html", "partials/logo.html",
                  "partials/source.html")
_NAV_READS = ("page in nav_item.pages", "set nav_item = page", "index == page",
              "nav_item == page", "page.toc",
              "config.extra.homepage | d(nav.homepage.url, true) | url",
              "first.url | url", "index.url | url", "nav_item.url | url",
              "config.theme.logo | url")
_UNKNOWN_READ = re.compile(r"\bpage\b|\|\s*url\b|\burl\s*\(|base_url")
# Partials that draw the nav somewhere else on the page: a page that drew one keeps no shell
# without its nav
ELSEWHERE_PARTIALS = ("partials/tabs.html", "partials/path.html")
_ELSEWHERE_TEMPLATES = ("partials/tabs.html", "partials/tabs-item.html",
                        "partials/path.html", "partials/path-item.html")
# How the rest of Material 9 reads the nav (both in the swap key, `ThemeOutputs`); blog
# templates show other pages and are never kept
_ELSEWHERE_READS = ("{% if nav %}", "nav.homepage.url")
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_NAV_WORD = re.compile(r"\b(?:nav|nav_item|pages|ancestors|parent)\b")


class NavPlace:
    """Where a page outside the nav stands, as the nav partial's links see it: the depth of
    its folder and the deepest folder it shares with the nav's links. `url` writes a link
    to T from folder F as `..` for each part of F after their common parts, then the rest of
    T; every nav link's common parts with F are its common parts with that shared folder."""

    def __init__(self, nav: Any, logo: str | None) -> None:
        self._in_nav = {id(page) for page in nav.pages}
        links = [getattr(nav.homepage, "url", None), logo, *nav_urls(nav.items)]
        self._prefixes: set[tuple[str, ...]] = {()}
        for link in links:
            if isinstance(link, str):
                parts = _parts(link)
                self._prefixes.update(parts[:n] for n in range(len(parts) + 1))

    def of(self, page: Any) -> tuple | None:
        if id(page) in self._in_nav or not isinstance(getattr(page, "url", None), str):
            return None
        folder = page.url
        head, _, tail = folder.rpartition("/")
        if "." in tail:  # as MkDocs' get_relative_url: a file's folder
            folder = head
        parts = _parts(folder)
        shared = max(n for n in range(len(parts) + 1) if parts[:n] in self._prefixes)
        return (len(parts), parts[:shared])


def _parts(url: str) -> tuple[str, ...]:
    """A path's parts as MkDocs' get_relative_url compares them (`..` resolved, as far
    as the root)."""
    path = posixpath.normpath(url if url.startswith("/") else "/" + url)[1:]
    return tuple(path.split("/")) if path else ()


def nav_urls(items: Any) -> list:
    found = []
    for item in items or []:
        found.append(getattr(item, "url", None))
        found += nav_urls(getattr(item, "children", None))
    return found


class Partial:
    """A partial as Jinja's `include` calls it, its output given by `output`."""

    def __init__(self, template: jinja2.Template,
                 output: Callable[[jinja2.Template, Any], Any]) -> None:
        self._template, self._output = template, output

    def root_render_func(self, context: Any) -> Any:
        return self._output(self._template, context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def yielding(output: str) -> Any:
    """A template's output as Jinja's render functions give it (it closes them after)."""
    yield output


def nav_reads_as_known(env: jinja2.Environment) -> bool:
    """Whether the nav partials (Material's, or a theme override's) read the page and write
    links only as Material 9 does (see the module's note)."""
    for name in _NAV_TEMPLATES:
        try:
            source = env.loader.get_source(env, name)[0] if env.loader else None
        except jinja2.TemplateNotFound:
            return False
        if source is None:
            return False
        for known in _NAV_READS:
            source = source.replace(known, "")
        if _UNKNOWN_READ.search(source):
            return False
    return True


def read_elsewhere_as_known(templates: list[tuple[str, str | None]]) -> bool:
    """Whether every template but the nav's own, the tabs', the breadcrumbs' and the blog's
    reads the nav, other pages and the page's place in the nav only as Material 9 does;
    `templates` as `mkdocs_internals.theme_templates` gives them."""
    for name, text in templates:
        if name in _NAV_TEMPLATES or name in _ELSEWHERE_TEMPLATES or name.startswith("blog"):
            continue
        if text is None:
            return False
        for code in _CODE.findall(text):
            for known in _ELSEWHERE_READS:
                code = code.replace(known, "")
            if _NAV_WORD.search(_QUOTED.sub("", code)):
                return False
    return True
