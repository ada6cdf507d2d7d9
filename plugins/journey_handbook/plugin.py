"""The `journeys` MkDocs plugin: a thin adapter from the handbook core to MkDocs.

All page content comes from `pages.render_site`; this module only feeds MkDocs
the generated files, the nav, edit links, the stylesheet, the script and the file watch. Under
`mkdocs serve` it hands unchanged files and pages to the caches of `data.loader.ParseCache`
and `incremental`, so a save re-reads, re-converts and re-themes only what changed, and the
search index is rebuilt after the pages are served.
"""

from __future__ import annotations

import gc
import html
import logging
import os
import posixpath
import re
import time
from datetime import date
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .analysis.history import DEFAULT_LIMIT, ChangeCache, change_log
from .data.diagnostics import render
from .data.loader import DataDirError, ParseCache, load_handbook
from .data.plain.scan import MODES as PLAIN_MODES
from .data.privacy_scan import MODES as PRIVACY_MODES
from .git import history
from .incremental import BackgroundIndex, JourneyPages, PageCache, index_site
from .incremental.store import DiskStore
from .material_search import leave_json_index_empty
from .quiet import silence_per_page_logs
from .site import previews, search, urls
from .site.pages import PageContext, RenderedSite, render_site
from .site.scripts import MERMAID_JS, PAGE_SCRIPT, is_address
from .site.stylesheet import STYLESHEET, assets
from .site.vendored import vendored_files
from .site_nav import around_home, as_section, place
from .site_setup import bring_markdown_extensions, enabled_line, offline_fonts

log = logging.getLogger("mkdocs.plugins.journeys")


class _PrivacyMode(c.Choice):
    """YAML reads an unquoted `off` (and `on`) as a boolean: take it as the mode it says."""

    on = "error"

    def run_validation(self, value):
        if isinstance(value, bool):
            value = self.on if value else "off"
        return super().run_validation(value)


class _PlainMode(_PrivacyMode):
    on = "warn"


class JourneysConfig(Config):
    data_dir = c.Type(str, default="journeys")
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: fixes "today" for reproducible builds
    guides_title = c.Type(str, default="Guides")
    # personal data in free text: error (a build fails, serve shows it), warn (logged; a
    # --strict build still fails on it, as on any warning) or off
    privacy = _PrivacyMode(PRIVACY_MODES, default="error")
    # reading grades over target and jargon (handbook.yml `plain_language`): warn (logged;
    # serve shows the page, a --strict build fails as on any warning), error or off
    plain_language = _PlainMode(PLAIN_MODES, default="warn")
    mermaid_js = c.Type(str, default=MERMAID_JS)  # docs-relative: loaded by pages with diagrams
    search = c.Type(bool, default=True)  # Pagefind behind Material's search box
    # A build cache on disk, kept between CI runs (docs/guides/build.md): off unless set
    cache_dir = c.Optional(c.Type(str))
    cache_max_mb = c.Type(int, default=1024)
    # /changes/ and its Atom feed from git history: how many commits, and where the summary
    # of each commit pair is kept between builds (relative to mkdocs.yml)
    changes = c.Type(bool, default=True)
    changes_limit = c.Type(int, default=DEFAULT_LIMIT)
    changes_cache = c.Type(str, default=".cache/journeys/changes.json")
    # a folder for every generated page, asset and redirect, for a site that has pages of its
    # own: `prefix: handbook` publishes /handbook/journeys/<id>/ (see docs/guides/adopting.md)
    prefix = c.Type(str, default="")


class JourneysPlugin(BasePlugin[JourneysConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.last_good: RenderedSite | None = None
        self.data_dir = Path("journeys")
        self.errors = ""  # shown above every generated page while serving broken data
        self.generated: set[str] = set()
        self.parse_cache: ParseCache | None = None
        self.page_cache: PageCache | None = None
        self.background_index: BackgroundIndex | None = None
        self.journey_pages: JourneyPages | None = None
        self.files: Files | None = None
        self.store: DiskStore | None = None
        self.summary = ""
        self.title = "Journey handbook"
        self.prefix = ""  # the cleaned `prefix` option: '' or 'handbook/'
        self.started = self.own_seconds = 0.0
        self.change_cache: ChangeCache | None = None  # kept across serve reloads
        self.site_url = self.site_name = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Only serve rebuilds with this same instance; a build keeps no cache (memory).
        self.serving = command == "serve"
        self.parse_cache = ParseCache() if self.serving else None
        self.page_cache = PageCache() if self.serving else None
        self.journey_pages = JourneyPages() if self.serving else None
        if self.background_index is not None:
            self.background_index.close()
        self.background_index = BackgroundIndex() if self.serving else None
        self.last_good = None

    def on_shutdown(self) -> None:
        if self.background_index is not None:
            self.background_index.close()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.background_index is not None:  # before MkDocs empties the site folder
            if self.config.search:
                self.background_index.set_aside(Path(config.site_dir))
            else:
                self.background_index.stop()
        if self.config.search:
            leave_json_index_empty(config)

    def wait_for_search_index(self) -> None:
        """While serving, the search index is rebuilt after the pages: wait for it."""
        if self.background_index is not None:
            self.background_index.wait()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        silence_per_page_logs()
        base = Path(config.config_file_path or ".").parent
        self.data_dir = (base / self.config.data_dir).resolve()
        if not self.data_dir.is_dir():
            raise PluginError(f"journeys: data_dir not found: {self.data_dir}")
        try:
            self.prefix = urls.clean_prefix(self.config.prefix)
        except ValueError as exc:
            raise PluginError(f"journeys: prefix: {exc}") from None
        line = enabled_line(bring_markdown_extensions(config), offline_fonts(config))
        if line:
            log.info(line)
        if self.prefix + STYLESHEET not in config.extra_css:
            config.extra_css.append(self.prefix + STYLESHEET)
        if self.prefix + PAGE_SCRIPT not in map(str, config.extra_javascript):
            config.extra_javascript.append(self.prefix + PAGE_SCRIPT)
        config.watch.append(str(self.data_dir))
        self._open_cache(base)
        self.site_url, self.site_name = config.site_url or "", config.site_name
        if self.config.changes_limit < 1:
            raise PluginError("journeys: changes_limit must be at least 1")
        cache_path = (base / self.config.changes_cache).resolve()
        if self.change_cache is None or self.change_cache.path != cache_path:
            self.change_cache = ChangeCache(cache_path)
        return config

    def _open_cache(self, base: Path) -> None:
        """With `cache_dir`, a build reuses what earlier builds stored there; a preview keeps
        its caches in memory as well."""
        if not self.config.cache_dir:
            self.store = None
            return
        folder = (base / self.config.cache_dir).resolve()
        if self.store is None or self.store.folder.parent != folder:
            self.store = DiskStore(folder, self.config.cache_max_mb * 1024 * 1024)
        if self.serving and self.page_cache is not None:
            self.page_cache.use_store(self.store)
            if self.journey_pages is not None:
                self.journey_pages.store = self.store
        else:
            self.page_cache = PageCache(store=self.store, keep=False)
            self.journey_pages = JourneyPages(self.store, keep=False)

    def mermaid_js(self) -> str:
        """Where pages load Mermaid from: the packaged copy moves under the prefix with the
        handbook; a path or address the site configured stays as written."""
        value = self.config.mermaid_js
        return urls.under(self.prefix, value) if value == MERMAID_JS else value

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
        unchanged = self.journey_pages
        if unchanged is not None:
            unchanged.begin(self.data_dir)
        try:
            result = load_handbook(self.data_dir, self.parse_cache,
                                   privacy=self.config.privacy,
                                   plain_language=self.config.plain_language)
        except DataDirError as exc:
            raise PluginError(f"journeys: {exc}") from None
        for warning in result.diagnostics.warnings:
            log.warning(warning.text())
        if result.ok and result.handbook is not None:
            ctx = PageContext(result.handbook, self._today(), history(self.data_dir),
                              site_url=self.site_url, site_name=self.site_name,
                              prefix=self.prefix)
            if self.config.changes and self.change_cache is not None:
                ctx.changes = change_log(self.data_dir, self.change_cache,
                                         self.config.changes_limit)
            if unchanged is not None:
                ctx.reuse = unchanged.reusable(result.handbook, history=ctx.history,
                                               data_path=ctx.data_path,
                                               settings=(ctx.today, dict(self.config),
                                                         ctx.site_url, ctx.site_name))
            site = render_site(ctx)
            self.summary = f"{len(result.handbook.journeys)} journeys"
            self.title = result.handbook.title
            if self.serving:  # a build keeps no copy: memory stays that of plain MkDocs
                self.last_good = site
            if unchanged is not None:
                unchanged.rendered(site.pages)
            return site, ""
        if unchanged is not None:
            unchanged.forget()
        report = render(result.diagnostics.errors)
        count = len(result.diagnostics.errors)
        if not self.serving:
            raise PluginError(f"journeys: the handbook data has {count} error(s):\n{report}")
        log.error("journeys: the handbook data has %d error(s):\n%s", count, report)
        return self.last_good, report

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        start = time.perf_counter()
        site, self.errors = self._render()
        if site:
            site = site.under(self.prefix)  # after the preview caches saw the plain paths
        pages = site.pages if site else {urls.under(self.prefix, urls.HOME):
                                         "# Journey handbook\n"}
        self.generated = {path for path in pages if path.endswith(".md")}
        for path, text in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.warning("journeys: %s in docs/ is replaced by the generated page; "
                            "rename it to keep it", existing.src_uri)
                files.remove(existing)
            files.append(File.generated(config, path, content=text))
        mermaid_js = self.mermaid_js()
        for path, text in assets(mermaid_js, search=self.config.search,
                                 prefix=self.prefix).items():
            files.append(File.generated(config, path, content=text))
        for path, source in vendored_files().items():  # the site's own copy wins
            if files.get_file_from_path(urls.under(self.prefix, path)) is None:
                files.append(File.generated(config, urls.under(self.prefix, path),
                                            abs_src_path=str(source)))
        if not is_address(mermaid_js) and files.get_file_from_path(mermaid_js) is None:
            log.warning("journeys: %s is missing from docs/ and from the installed package, "
                        "so diagrams cannot be drawn (reinstall journey-handbook)", mermaid_js)
        if site:
            self._set_edit_uris(files, site, config)
            config.nav = self._site_nav(config.nav, site, files)
            _mark_not_in_nav(files, self.generated, config.nav)
        if not self.serving:
            # The model links steps, journeys and personas both ways: free those cycles now,
            # before MkDocs converts the pages, so its memory is reused (peak memory).
            del site
            gc.collect()
        self.own_seconds = time.perf_counter() - start
        return files

    @event_priority(-100)  # after every plugin has added its files
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.files = files
        if self.page_cache is not None:
            self.page_cache.begin(config, files, search_entries=not self.config.search)
        return nav

    @event_priority(-100)  # the Markdown as every other plugin left it is what gets converted
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if self.page_cache is not None:
            self.page_cache.before_render(page, markdown)
        if not self.serving and page.file.src_uri in self.generated:
            # MkDocs has copied the text into page.markdown; a plain build reading files from
            # disk holds only that copy, so drop ours (a 1,000-journey handbook has 100s of MB
            # of page text: journey pages with emoji take 4 bytes a character).
            page.file.content_string = ""
        return markdown

    @event_priority(100)  # the HTML exactly as converted, before any plugin changes it
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        if self.page_cache is not None:
            self.page_cache.after_render(page)
        return html_text

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.page_cache is not None:
            env.bytecode_cache = self.page_cache.templates
            env = self.page_cache.themed.wrap(env)
        return env

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.config.search and self.background_index is not None:
            search.retire_material_index(site_dir)
            self.background_index.refresh(site_dir)
        elif self.config.search:
            try:
                index_site(site_dir, self.store)
            except search.SearchIndexError as exc:
                log.warning("journeys: search index not built: %s", exc)
        line = f"journeys: {self.summary or 'no valid handbook'}, {len(self.generated)} pages"
        if self.page_cache is not None and self.files is not None:
            self.page_cache.end(self.files)
            stats = self.page_cache.stats
            line += (f" ({stats.converted} converted, {stats.reused} unchanged,"
                     f" {self.page_cache.themed.reused} not re-themed)")
        line += (f" in {time.perf_counter() - self.started:.1f} s"
                 f" (data and Markdown {self.own_seconds:.1f} s)")
        if self.store is not None:
            freed = self.store.prune()
            line += (f"; cache: {self.store.hits} reused, {self.store.written} stored"
                     + (f", {freed // 1024 // 1024} MB of old entries dropped" if freed else ""))
        log.info(line)
        self.files = None

    @event_priority(-100)  # after search has indexed the page: errors are not content
    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):
        # Material titles pages "<page title> - <site name>"; on the home page, whose title
        # is usually the site name, that read "Handbook - Handbook".
        if page.is_homepage and page.meta.get("title") == html.escape(config.site_name):
            del page.meta["title"]
        if self.errors and page.file.src_uri in self.generated:
            page.content = _error_banner(self.errors) + (page.content or "")
        return context

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        output = previews.insert_in_head(output, self._head_tags(page, config))
        return search.mark_page(output, self.prefix) if self.config.search else output

    def _site_nav(self, user_nav: list | None, site: RenderedSite, files: Files) -> list:
        """The plugin's nav; in a site with a nav: or a prefix, the handbook as one section."""
        if user_nav is None and not self.prefix:
            return _nav(site, files)
        section = as_section(_nav(site, files, guides=False))
        title = html.escape(self.title)
        if user_nav is not None:
            return place(user_nav, section, title)
        own = _hand_written(site, files)
        rest = [p for p in own if p != urls.HOME]
        return around_home([urls.HOME] if urls.HOME in own else [], section, title) + \
            (_group(rest) if rest else [])

    def _head_tags(self, page: Page, config: MkDocsConfig) -> str:
        """Link previews (og:, twitter:) and the change feed, from the page's front matter
        (generated pages describe themselves from the data) or its first paragraph."""
        meta = page.meta or {}
        # front matter values are already HTML-escaped (see markup.front_matter)
        title = html.unescape(str(meta.get("title") or page.title or config.site_name))
        description = html.unescape(str(meta.get("description") or "")) or \
            _first_paragraph(page.content or "") or config.site_description or title
        feed = None
        if self.config.changes:
            path = urls.under(self.prefix, urls.CHANGES_FEED)
            feed = urls.absolute(self.site_url, path) if self.site_url else \
                urls.href(page.file.src_uri, path)
        return previews.head_tags(
            title=title, description=description, site_name=config.site_name,
            # without site_url MkDocs knows no address: the path from the site root
            url=page.canonical_url or page.abs_url or "/" + page.url,
            kind="website" if page.is_homepage else "article",
            feed=feed, feed_title="What changed")

    def _set_edit_uris(self, files: Files, site: RenderedSite, config: MkDocsConfig) -> None:
        docs_dir = Path(config.docs_dir).resolve()
        for path, data_file in site.sources.items():
            file = files.get_file_from_path(path)
            if file is not None:
                # urljoin in MkDocs resolves the '..', so both edit_uri and
                # edit_uri_template point at the YAML file in the repository.
                file.edit_uri = Path(os.path.relpath(self.data_dir / data_file, docs_dir)) \
                    .as_posix()


def _first_paragraph(content: str) -> str:
    found = re.search(r"<p>(.*?)</p>", content, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def _error_banner(errors: str) -> str:
    """Data errors above a page's last good content while serving: HTML added after the
    conversion and the search indexing, so a broken save converts and indexes nothing."""
    return ('<div class="admonition failure">\n<p class="admonition-title">The handbook data '
            'has errors: showing the last good version</p>\n<p>Fix these and save; the page '
            f'reloads.</p>\n<pre><code>{html.escape(errors)}</code></pre>\n</div>\n')


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


def _mark_not_in_nav(files: Files, generated: set[str], nav: list) -> None:
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
