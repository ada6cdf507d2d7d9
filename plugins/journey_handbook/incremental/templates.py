"""Theme output kept across preview rebuilds: a page whose template inputs did not change is
not rendered through the theme again.

Material's templates draw the whole navigation on every page, so running 300 pages through
them takes seconds even when one page changed. A page's HTML is a function of what the
template reads: the page (URL, title, HTML, table of contents, front matter, edit link,
previous/next), the navigation (titles, URLs, nesting; the active item follows from the
page's URL), the stylesheets and scripts, and the site configuration. The key holds all of
them, so renaming a page (which changes every page's navigation) renders everything again,
as a clean build would. Template files under the project (a theme's `custom_dir`) are part of
the key by content; installed themes change only with a new `mkdocs serve`.

The page's HTML itself is not in the key: Material only prints it (and looks for an `<h1>`
in it), so what is kept is the page before and after its content, and a page whose content
changed but whose title, table of contents and nav did not (a renamed touchpoint on a journey
page) is the kept shell around its new content. `mkdocs_internals` checks at each build that
the theme's templates use the content in no other way; otherwise the whole page is the entry.

Only Material is cached: MkDocs' own themes print the build time into every page, which no
key can reproduce.

When the nav changed (a renamed persona's title is in it), the nav partial's output is
kept by place for the pages outside the nav, and a page whose shell holds no other read of
the nav is its kept shell with the new nav swapped in (`theme_nav`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from .. import mkdocs_internals as internals
from .entries import Entries
from .keys import digest, stable
from .theme_nav import (
    ELSEWHERE_PARTIALS,
    NAV_PARTIAL,
    NavPlace,
    Partial,
    nav_reads_as_known,
    read_elsewhere_as_known,
    yielding,
)

# Nav outputs by place in the build cache: never a page URL (an `Entries` slot), so not
# kept in memory past a build (`_navs` does that)
_NAVS_SLOT = ("nav by place",)
# What MkDocs puts in a page's template context. A plugin adding anything else turns the cache
# off for that page: its value is not part of the key.
_CONTEXT = {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
            "build_date_utc", "config", "page"}


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates, kept across rebuilds (each rebuild makes a new Jinja
    environment; compiling Material's templates again cost about half a second). Jinja keys
    the entries by template name and source checksum, so an edited template recompiles."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class ThemeOutputs:
    """Theme output by page URL: the page as the theme wraps it, around its content (and,
    for a page outside the nav, around its nav)."""

    def __init__(self, entries: Entries) -> None:
        self.entries = entries
        self._site = b""
        self._nav: bytes | None = None
        self.reused = 0
        self.swapped = 0  # of `reused`: kept shells given a new nav
        self._navs: dict[bytes, str] = {}  # the nav partial's output, by its key (this build)
        self._navs_last: dict[bytes, str] = {}
        self._place: NavPlace | None = None
        self._logo: str | None = None
        self._nav_known = self._elsewhere_known = False
        self._drawn: str | None = None  # the kept nav output the page being rendered got
        self._elsewhere = False  # whether it drew the tabs or breadcrumbs
        self.navs_drawn = 0  # the nav partial rendered, not taken from `_navs`

    def begin(self, config: MkDocsConfig) -> None:
        self.reused = self.swapped = 0
        self._nav = None
        templates = internals.theme_templates(config.theme.dirs)
        self._site = site_digest(config) if config.theme.name == "material" \
            and internals.material_reads_as_known(templates) else b""
        self._elsewhere_known = read_elsewhere_as_known(templates)
        self._place, self.navs_drawn = None, 0
        self._logo = getattr(config.theme, "logo", None)
        self._navs_last, self._navs = self._navs, {}

    def wrap(self, env: jinja2.Environment) -> jinja2.Environment:
        """Make `env.get_template(name)` (how MkDocs fetches a page's template) return a
        template that answers from this cache; templates Jinja loads for `extends` and
        `include` pass a parent name and stay untouched but the nav's and the partials
        that draw it elsewhere."""
        if not self._site:
            return env
        get_template = env.get_template
        self._nav_known = nav_reads_as_known(env)

        def get(name, parent=None, globals=None):  # noqa: A002 (Jinja's own parameter name)
            template = get_template(name, parent, globals)
            if parent is None:
                return _Reusing(template, self._render)
            if name == NAV_PARTIAL and self._nav_known:
                return Partial(template, self._nav_output)
            if name in ELSEWHERE_PARTIALS:
                return Partial(template, self._elsewhere_output)
            return template

        env.get_template = get  # type: ignore[method-assign]
        return env

    def _render(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        page = context.get("page")
        if page is None or not set(context) <= _CONTEXT or template.name.startswith("blog"):
            return template.render(context)  # blog templates show other pages' content
        nav = context["nav"]
        if self._nav is None:  # every page is converted by now: titles are final
            self._nav = digest(_nav_shape(nav))
            self._place = NavPlace(nav, self._logo)
        content = page.content or ""
        # Material reads the content twice: it prints it, and looks for an <h1> in it
        inputs = digest(self._site, template.name, _page_inputs(page),
                        "<h1" in content, "\\u003ch1" in content, context.get("base_url"),
                        context.get("extra_css"),
                        [(str(js), getattr(js, "type", ""), getattr(js, "async_", ""),
                          getattr(js, "defer", ""))
                         for js in context.get("extra_javascript", [])])
        where = self._place.of(page) if self._place is not None and self._nav_known \
            and self._elsewhere_known else None
        around_nav = digest(b"around the nav", inputs, bool(nav),
                            getattr(nav.homepage, "url", None)) if where is not None else None
        if around_nav is not None and (output := self._swapped(page, around_nav, where,
                                                               content)) is not None:
            return output
        key = digest(inputs, self._nav)
        shell = self.entries.get(page.url, key)
        if isinstance(shell, list) and len(shell) == 2:
            self.reused += 1
            return shell[0] + content + shell[1]
        whole_key = digest(key, content)
        whole = self.entries.get(page.url, whole_key)
        if isinstance(whole, str):
            self.reused += 1
            return whole
        self._drawn, self._elsewhere = None, False
        output = template.render(context)
        around = _around(output, content)
        if around is None:
            self.entries.put(page.url, whole_key, output)
        elif around_nav is None or (parts := self._split(around)) is None:
            self.entries.put(page.url, key, around)
        else:
            self.entries.put(page.url, around_nav, parts)
        return output

    def _swapped(self, page: Any, key: bytes, where: tuple, content: str) -> str | None:
        """The page's kept shell around this build's nav for its place, when both are
        known."""
        nav_key = digest(self._site, self._nav, where)
        drawn = self._kept_nav(nav_key)
        if drawn is None:
            return None
        parts = self.entries.get(page.url, key)
        if not (isinstance(parts, list) and len(parts) == 3):
            return None
        self._navs[nav_key] = drawn
        self.reused += 1
        self.swapped += 1
        return parts[0] + drawn + parts[1] + content + parts[2]

    def _split(self, around: list[str]) -> list[str] | None:
        """The shell before the content cut around the nav the page drew, found once; None
        when it drew none kept by place, or drew the nav elsewhere too."""
        drawn, before = self._drawn, around[0]
        if drawn is None or self._elsewhere:
            return None
        at = before.find(drawn)
        if at < 0 or before.find(drawn, at + 1) >= 0:
            return None
        return [before[:at], before[at + len(drawn):], around[1]]

    def _nav_output(self, template: jinja2.Template, context: Any) -> Any:
        """The nav partial's output for this page: kept for pages outside the nav."""
        page, nav = context.get("page"), context.get("nav")
        self.navs_drawn += 1
        if page is None or nav is None or self._nav is None or self._place is None:
            return template.root_render_func(context)
        where = self._place.of(page)
        if where is None:
            return template.root_render_func(context)
        key = digest(self._site, self._nav, where)
        output = self._kept_nav(key)
        if output is None:
            output = "".join(template.root_render_func(context))
            if self.entries.store is not None:  # for the next build's first page here
                self.entries.put(_NAVS_SLOT, key, output)
        else:
            self.navs_drawn -= 1
        self._navs[key] = self._drawn = output
        return yielding(output)

    def _kept_nav(self, key: bytes) -> str | None:
        found = self._navs.get(key) or self._navs_last.get(key)
        if found is None and self.entries.store is not None:
            found = self.entries.get(_NAVS_SLOT, key)
        return found if isinstance(found, str) else None

    def _elsewhere_output(self, template: jinja2.Template, context: Any) -> Any:
        self._elsewhere = True
        return template.root_render_func(context)


def _around(output: str, content: str) -> list[str] | None:
    """The page before and after its content, when the content is found exactly once."""
    at = output.find(content) if content else -1
    if at < 0 or output.find(content, at + 1) >= 0:
        return None
    return [output[:at], output[at + len(content):]]


class _Reusing:
    """A page template whose `render` goes through ThemeOutputs."""

    def __init__(self, template: jinja2.Template,
                 render: Callable[[jinja2.Template, dict[str, Any]], str]) -> None:
        self._template, self._render_with = template, render

    def render(self, context: dict[str, Any]) -> str:
        return self._render_with(self._template, context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def site_digest(config: MkDocsConfig) -> bytes:
    config_file = Path(config.config_file_path or "")
    project = config_file.parent.resolve()
    overrides = []
    for folder in config.theme.dirs:
        if Path(folder).resolve().is_relative_to(project):
            for root, _, names in os.walk(folder):
                overrides += [(root, n, _read(os.path.join(root, n))) for n in sorted(names)]
    return digest(config_file.read_bytes() if config_file.is_file() else b"",
                   stable(sorted(dict(config.theme).items(), key=str)), stable(config.extra),
                   config.site_name, config.site_url, config.repo_url, config.edit_uri,
                   config.copyright, config.use_directory_urls, overrides)


def _read(path: str) -> bytes:
    """Overrides are keyed by content, not modification time: a fresh CI checkout gives every
    file a new time, and a cached build must still reuse pages."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return b""


def _nav_shape(nav: Any) -> list:
    def item(node: Any) -> tuple:
        # Material's nav items also show a page's icon, status and subtitle front matter
        meta = getattr(node, "meta", None) or {}
        return (type(node).__name__, node.title, getattr(node, "url", None),
                bool(meta), [str(meta.get(key)) for key in internals.NAV_META],
                getattr(node, "encrypted", None),
                [item(child) for child in getattr(node, "children", None) or []])

    return [item(node) for node in nav.items]


def _page_inputs(page: Any) -> tuple:
    def toc(items: Any) -> list:
        return [(i.level, i.id, i.title, toc(i.children)) for i in items]

    def neighbour(other: Any) -> tuple | None:
        return None if other is None else (other.url, other.title)

    return (page.url, page.title, toc(page.toc or []),
            sorted(page.meta.items(), key=str), page.edit_url, page.canonical_url,
            page.is_homepage, neighbour(page.previous_page), neighbour(page.next_page),
            getattr(page, "update_date", None))
