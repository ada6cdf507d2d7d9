"""The `journeys` MkDocs plugin: a thin adapter from the handbook core to MkDocs.

All page content comes from `pages.render_site`; this module only feeds MkDocs
the generated files, the nav, edit links, the stylesheet and the file watch.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .data.diagnostics import render
from .data.loader import DataDirError, load_handbook
from .git import history
from .site import search
from .site.pages import PageContext, RenderedSite, render_site
from .site.scripts import MERMAID_JS, PAGE_SCRIPT, is_address, scripts
from .site.stylesheet import STYLESHEET, stylesheet

log = logging.getLogger("mkdocs.plugins.journeys")


class JourneysConfig(Config):
    data_dir = c.Type(str, default="journeys")
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: fixes "today" for reproducible builds
    guides_title = c.Type(str, default="Guides")
    mermaid_js = c.Type(str, default=MERMAID_JS)  # docs-relative: loaded by pages with diagrams
    search = c.Type(bool, default=True)  # Pagefind behind Material's search box


class JourneysPlugin(BasePlugin[JourneysConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.last_good: RenderedSite | None = None
        self.data_dir = Path("journeys")

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").parent
        self.data_dir = (base / self.config.data_dir).resolve()
        if not self.data_dir.is_dir():
            raise PluginError(f"journeys: data_dir not found: {self.data_dir}")
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if PAGE_SCRIPT not in map(str, config.extra_javascript):
            config.extra_javascript.append(PAGE_SCRIPT)
        config.watch.append(str(self.data_dir))
        return config

    def _today(self) -> date:
        value = self.config.today or os.environ.get("JOURNEYS_TODAY")
        if not value:
            return date.today()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PluginError(f"journeys: today must be YYYY-MM-DD, got {value!r}") from None

    def _render(self) -> tuple[RenderedSite | None, str]:
        """The site, or the last good one plus the errors to show while serving."""
        try:
            result = load_handbook(self.data_dir)
        except DataDirError as exc:
            raise PluginError(f"journeys: {exc}") from None
        for warning in result.diagnostics.warnings:
            log.warning(warning.text())
        if result.ok and result.handbook is not None:
            ctx = PageContext(result.handbook, self._today(), history(self.data_dir))
            self.last_good = render_site(ctx)
            return self.last_good, ""
        report = render(result.diagnostics.errors)
        count = len(result.diagnostics.errors)
        if not self.serving:
            raise PluginError(f"journeys: the handbook data has {count} error(s):\n{report}")
        log.error("journeys: the handbook data has %d error(s):\n%s", count, report)
        return self.last_good, report

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site, errors = self._render()
        pages = dict(site.pages) if site else {"index.md": "# Journey handbook\n"}
        if errors:
            pages = {path: _with_errors(text, errors) if path.endswith(".md") else text
                     for path, text in pages.items()}
        for path, text in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning("journeys: %s in docs/ is replaced by the generated page; "
                            "rename it to keep it", existing.src_uri)
                files.remove(existing)
            files.append(File.generated(config, path, content=text))
        files.append(File.generated(config, STYLESHEET, content=stylesheet()))
        for path, text in scripts(self.config.mermaid_js).items():
            files.append(File.generated(config, path, content=text))
        if not is_address(self.config.mermaid_js) and \
                files.get_file_from_path(self.config.mermaid_js) is None:
            log.warning("journeys: %s is missing from docs/, so diagrams cannot be drawn "
                        "(run scripts/setup)", self.config.mermaid_js)
        if site:
            self._set_edit_uris(files, site, config)
            if config.nav is None:
                config.nav = _nav(site, files)
        return files

    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        # Material titles pages "<page title> - <site name>"; on the home page, whose title
        # is usually the site name, that read "Handbook - Handbook".
        if page.is_homepage and page.meta.get("title") == html.escape(config.site_name):
            del page.meta["title"]
        return context

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        return search.mark_page(output) if self.config.search else output

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.search:
            return
        try:
            search.index_site(Path(config.site_dir))
        except search.SearchIndexError as exc:
            log.warning("journeys: search index not built: %s", exc)

    def _set_edit_uris(self, files: Files, site: RenderedSite, config: MkDocsConfig) -> None:
        docs_dir = Path(config.docs_dir).resolve()
        for path, data_file in site.sources.items():
            file = files.get_file_from_path(path)
            if file is not None:
                # urljoin in MkDocs resolves the '..', so both edit_uri and
                # edit_uri_template point at the YAML file in the repository.
                file.edit_uri = Path(os.path.relpath(self.data_dir / data_file, docs_dir)) \
                    .as_posix()


def _with_errors(text: str, errors: str) -> str:
    """Show data errors at the top of every page while serving, keeping the last good content."""
    # A fenced block shows the messages verbatim and inert, whatever they quote.
    fence = "\n".join("    " + line for line in errors.splitlines())
    banner = ('!!! failure "The handbook data has errors: showing the last good version"\n\n'
              "    Fix these and save; the page reloads.\n\n"
              f"    ````text\n{fence}\n    ````\n\n")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[: end + 5] + "\n" + banner + text[end + 5:]
    return banner + text


def _nav(site: RenderedSite, files: Files) -> list:
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
    generated = set(site.pages)
    guides = sorted(f.src_uri for f in files.documentation_pages()
                    if f.src_uri not in generated and f.generated_by is None)
    if guides:
        nav.append({"Guides": _group(guides)})
    return nav


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
