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

When the nav changed (a renamed persona's page is in it), every page is rendered again, and
drawing the nav is about two thirds of that. For a page that is not in the nav, Material's
nav partial reads the page only through the `url` filter, which writes each nav link relative
to the page's folder; two folders give the same links when they are as deep and share the
same deepest folder with the nav's links (`_NavPlace`). So the nav partial's output is kept by
that place, the nav and the site, and drawn once for the hundreds of journey pages and
boards outside the nav. Only while the nav partials read the page as Material 9 does
(`nav_reads_as_known`); a page in the nav draws its own (it is marked active there).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from .. import mkdocs_internals as internals
from .entries import Entries
from .keys import digest, stable

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
    """Theme output by page URL: the page as the theme wraps it, around its content."""

    def __init__(self, entries: Entries) -> None:
        self.entries = entries
        self._site = b""
        self._nav: bytes | None = None
        self.reused = 0
        self._navs: dict[bytes, str] = {}  # the nav partial's output, by its key (this build)
        self._navs_last: dict[bytes, str] = {}
        self._place: _NavPlace | None = None
        self._logo: str | None = None
        self.navs_drawn = 0  # the nav partial rendered, not taken from `_navs`

    def begin(self, config: MkDocsConfig) -> None:
        self.reused, self._nav = 0, None
        self._site = site_digest(config) if config.theme.name == "material" \
            and internals.material_reads_as_known(config.theme.dirs) else b""
        self._place, self.navs_drawn = None, 0
        self._logo = getattr(config.theme, "logo", None)
        self._navs_last, self._navs = self._navs, {}

    def wrap(self, env: jinja2.Environment) -> jinja2.Environment:
        """Make `env.get_template(name)` (how MkDocs fetches a page's template) return a
        template that answers from this cache; templates Jinja loads for `extends` and
        `include` pass a parent name and stay untouched."""
        if not self._site:
            return env
        get_template = env.get_template

        nav_known = nav_reads_as_known(env)

        def get(name, parent=None, globals=None):  # noqa: A002 (Jinja's own parameter name)
            template = get_template(name, parent, globals)
            if parent is None:
                return _Reusing(template, self._render)
            return _NavPartial(template, self._nav_output) \
                if name == NAV_PARTIAL and nav_known else template

        env.get_template = get  # type: ignore[method-assign]
        return env

    def _render(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        page = context.get("page")
        if page is None or not set(context) <= _CONTEXT or template.name.startswith("blog"):
            return template.render(context)  # blog templates show other pages' content
        if self._nav is None:  # every page is converted by now: titles are final
            self._nav = digest(_nav_shape(context["nav"]))
        content = page.content or ""
        # Material reads the content twice: it prints it, and looks for an <h1> in it
        key = digest(self._site, self._nav, template.name, _page_inputs(page),
                     "<h1" in content, "\\u003ch1" in content, context.get("base_url"),
                     context.get("extra_css"),
                     [(str(js), getattr(js, "type", ""), getattr(js, "async_", ""),
                       getattr(js, "defer", "")) for js in context.get("extra_javascript", [])])
        shell = self.entries.get(page.url, key)
        if isinstance(shell, list) and len(shell) == 2:
            self.reused += 1
            return shell[0] + content + shell[1]
        whole_key = digest(key, content)
        whole = self.entries.get(page.url, whole_key)
        if isinstance(whole, str):
            self.reused += 1
            return whole
        output = template.render(context)
        around = _around(output, content)
        if around is not None:
            self.entries.put(page.url, key, around)
        else:
            self.entries.put(page.url, whole_key, output)
        return output


    def _nav_output(self, template: jinja2.Template, context: Any) -> Any:
        """The nav partial's output for this page: kept for pages outside the nav."""
        page, nav = context.get("page"), context.get("nav")
        self.navs_drawn += 1
        if page is None or nav is None or self._nav is None:
            return template.root_render_func(context)
        if self._place is None:
            self._place = _NavPlace(nav, self._logo)
        where = self._place.of(page)
        if where is None:
            return template.root_render_func(context)
        key = digest(self._site, self._nav, where)
        output = self._navs.get(key) or self._navs_last.get(key)
        if output is None:
            output = "".join(template.root_render_func(context))
        else:
            self.navs_drawn -= 1
        self._navs[key] = output
        return _yielding(output)


def _yielding(output: str) -> Any:
    """A template's output as Jinja's render functions give it (it closes them after)."""
    yield output


class _NavPlace:
    """Where a page outside the nav stands, as the nav partial's links see it: the depth of
    its folder and the deepest folder it shares with the nav's links. `url` writes a link
    to T from folder F as `..` for each part of F after their common parts, then the rest of
    T; every nav link's common parts with F are its common parts with that shared folder."""

    def __init__(self, nav: Any, logo: str | None) -> None:
        self._in_nav = {id(page) for page in nav.pages}
        links = [getattr(nav.homepage, "url", None), logo, *_nav_urls(nav.items)]
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


def _nav_urls(items: Any) -> list:
    found = []
    for item in items or []:
        found.append(getattr(item, "url", None))
        found += _nav_urls(getattr(item, "children", None))
    return found


class _NavPartial:
    """The nav partial, as Jinja's `include` calls it, answering from `ThemeOutputs`."""

    def __init__(self, template: jinja2.Template,
                 output: Callable[[jinja2.Template, Any], Any]) -> None:
        self._template, self._output = template, output

    def root_render_func(self, context: Any) -> Any:
        return self._output(self._template, context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


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
