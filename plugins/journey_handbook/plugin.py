"""The `journeys` MkDocs plugin: a thin adapter from the handbook core to MkDocs.

All page content comes from `pages.render_site`; this module only feeds MkDocs the generated
files (`site_files`), the nav (`site_nav`), the stylesheet, the script and the file watch.
Everything reused between builds, under `mkdocs serve` or through `cache_dir`, is behind one
`incremental.Preview`, called at the events below in one order.
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .analysis.history import ChangeCache, change_log
from .data.diagnostics import render
from .data.loader import DataDirError, load_handbook
from .git import history
from .incremental import Preview
from .page_extras import error_banner, head_tags, prewrap_tables, shorten_toc, untitle_home
from .plugin_options import JourneysConfig, today
from .quiet import silence_per_page_logs
from .site import previews, search, theme_startup, urls
from .site.context import Drawn
from .site.pages import PageContext, RenderedSite, render_site
from .site_files import add_assets, add_pages, set_edit_uris
from .site_nav import mark_not_in_nav, site_nav
from .site_setup import prepare

log = logging.getLogger("mkdocs.plugins.journeys")


class JourneysPlugin(BasePlugin[JourneysConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving, self.preview = False, Preview(serving=False)
        self.last_good: RenderedSite | None = None  # shown while serving broken data
        self.data_dir, self.prefix = Path("journeys"), ""  # prefix: '' or 'handbook/'
        self.errors = ""  # shown above them, while serving broken data
        self.generated: set[str] = set()  # src_uri of every generated page
        self.summary, self.title = "", "Journey handbook"
        self.started = self.own_seconds = 0.0
        self.change_cache: ChangeCache | None = None  # kept across serve reloads

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # serve rebuilds with this same instance
        self.preview.close()
        self.preview, self.last_good = Preview(serving=self.serving, dirty=dirty), None

    def on_shutdown(self) -> None:
        self.preview.close()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        silence_per_page_logs()
        base = Path(config.config_file_path or ".").parent
        self.data_dir = (base / self.config.data_dir).resolve()
        if not self.data_dir.is_dir():
            raise PluginError(f"journeys: data_dir not found: {self.data_dir}")
        if self.config.changes_limit < 1:
            raise PluginError("journeys: changes_limit must be at least 1")
        try:
            self.prefix = urls.clean_prefix(self.config.prefix)
        except ValueError as exc:
            raise PluginError(f"journeys: prefix: {exc}") from None
        prepare(config, self.prefix)
        config.watch.append(str(self.data_dir))
        self.preview.configure(base, self.config.cache_dir, self.config.cache_max_mb)
        cache_path = (base / self.config.changes_cache).resolve()
        if self.change_cache is None or self.change_cache.path != cache_path:
            self.change_cache = ChangeCache(cache_path)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.preview.before_build(config, search_on=self.config.search,
                                  data_dir=self.data_dir)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        start = time.perf_counter()
        site, self.errors = self._render(config)
        if site:
            site = site.under(self.prefix)  # after the preview caches saw the plain paths
        pages = site.pages if site else {urls.under(self.prefix, urls.HOME):
                                         "# Journey handbook\n"}
        self.generated = {path for path in pages if path.endswith(".md")}
        add_pages(files, config, pages)
        add_assets(files, config, mermaid_js=self.config.mermaid_js,
                   search=self.config.search, prefix=self.prefix)
        if site:
            set_edit_uris(files, site, config, self.data_dir)
            config.nav = site_nav(config.nav, site, files, prefix=self.prefix,
                                  title=self.title)
            mark_not_in_nav(files, self.generated, config.nav)
        if not self.serving:  # free the model's cycles before MkDocs converts (peak memory)
            del site
            gc.collect()
        self.own_seconds = time.perf_counter() - start
        return files

    def _render(self, config: MkDocsConfig) -> tuple[RenderedSite | None, str]:
        """The site, or the last good one plus the errors to show while serving."""
        self.preview.before_load(self.data_dir)
        try:
            result = load_handbook(self.data_dir, self.preview.parse_cache,
                                   privacy=self.config.privacy,
                                   plain_language=self.config.plain_language)
        except DataDirError as exc:
            raise PluginError(f"journeys: {exc}") from None
        for warning in result.diagnostics.warnings:
            log.warning(warning.text())
        if not result.ok or result.handbook is None:
            self.preview.failed()
            report, count = render(result.diagnostics.errors), len(result.diagnostics.errors)
            if not self.serving:
                raise PluginError(f"journeys: the handbook data has {count} error(s):\n{report}")
            log.error("journeys: the handbook data has %d error(s):\n%s", count, report)
            return self.last_good, report
        ctx = PageContext(result.handbook, today(self.config.today), history(self.data_dir),
                          site_url=config.site_url or "", site_name=config.site_name,
                          prefix=self.prefix, parts=self.preview.parts or Drawn())
        if self.config.changes and self.change_cache is not None:
            ctx.changes = change_log(self.data_dir, self.change_cache, self.config.changes_limit)
        ctx.reuse = self.preview.reusable(
            result.handbook, history=ctx.history, data_path=ctx.data_path,
            settings=(ctx.today, dict(self.config), ctx.site_url, ctx.site_name))
        site = render_site(ctx)
        self.preview.rendered(site.pages)
        self.summary = f"{len(result.handbook.journeys)} journeys"
        self.title = result.handbook.title
        if self.serving:  # a build keeps no copy: memory stays that of plain MkDocs
            self.last_good = site
        return site, ""

    @event_priority(-100)  # after every plugin has added its files
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.preview.files_ready(config, files)
        return nav

    @event_priority(-100)  # the Markdown as every other plugin left it is what gets converted
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        self.preview.before_convert(page, markdown)
        if not self.serving and page.file.src_uri in self.generated:
            # MkDocs has copied the text into page.markdown: drop ours, as a build reading
            # files from disk holds one copy (1,000 journeys are 100s of MB of page text)
            page.file.content_string = ""
        return markdown

    @event_priority(100)  # the HTML exactly as converted, before any plugin changes it
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        self.preview.after_convert(page)
        return html_text

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        return self.preview.theme(env)

    @event_priority(-100)  # after search has indexed the page: errors are not content
    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        untitle_home(page, config)
        shorten_toc(page)
        if page.file.src_uri in self.generated:
            page.content = self.preview.once(prewrap_tables, page.content or "")
            if self.errors:
                page.content = error_banner(self.errors) + page.content
        return context

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        feed = urls.under(self.prefix, urls.CHANGES_FEED) if self.config.changes else None
        output = previews.insert_in_head(output, head_tags(page, config, feed_path=feed,
                                                         site_url=config.site_url or ""))
        output = theme_startup.prepare(output, config.theme)
        self.preview.page_written(Path(page.file.abs_dest_path))  # search reads it once written
        return search.mark_page(output, self.prefix) if self.config.search else output

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        reused = self.preview.after_build(Path(config.site_dir), search_on=self.config.search)
        log.info(f"journeys: {self.summary or 'no valid handbook'}, {len(self.generated)} "
                 f"pages{reused} in {time.perf_counter() - self.started:.1f} s (data and "
                 f"Markdown {self.own_seconds:.1f} s)")
