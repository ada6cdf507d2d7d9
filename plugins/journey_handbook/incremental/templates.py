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

    def begin(self, config: MkDocsConfig) -> None:
        self.reused, self._nav = 0, None
        self._site = site_digest(config) if config.theme.name == "material" \
            and internals.material_reads_as_known(config.theme.dirs) else b""

    def wrap(self, env: jinja2.Environment) -> jinja2.Environment:
        """Make `env.get_template(name)` (how MkDocs fetches a page's template) return a
        template that answers from this cache; templates Jinja loads for `extends` and
        `include` pass a parent name and stay untouched."""
        if not self._site:
            return env
        get_template = env.get_template

        def get(name, parent=None, globals=None):  # noqa: A002 (Jinja's own parameter name)
            template = get_template(name, parent, globals)
            return template if parent is not None else _Reusing(template, self._render)

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
