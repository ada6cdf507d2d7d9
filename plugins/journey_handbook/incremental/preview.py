"""The preview and the build cache behind one object, with one call sequence.

`mkdocs serve` reloads the configuration and rebuilds every page on each save, but keeps
plugin instances, and so this object, across rebuilds. After a one-file edit almost every
result of the previous build is still right; `Preview` hands those back:

  parse      each data file's parsed YAML, by its bytes (`data.loader.ParseCache`; on
             disk only the parse: validating and scanning it run every build)
  journeys   the Markdown of journey pages and boards whose inputs did not change
  parts      (serve) the parts of those pages drawn from one step, when nothing the step
             shows changed (`step_parts.py`), so a shared edit draws few of them
  pages      converted pages (HTML, table of contents, title, anchors), by Markdown
  sections   big pages converted section by section, so an edit converts one section
  names      (serve) shared names as tokens in the sections' keys, so a rename converts
             almost nothing (`names.py`)
  themed     the theme's page around its content, by everything the template reads
  templates  compiled theme templates (Jinja bytecode)
  search     Pagefind reads each page as it is written (a build), runs after the pages
             are served (serve), or is copied from the build cache when no page changed

and while serving, the old site folder is moved aside and deleted in the background
(`emptying.py`) instead of MkDocs deleting it file by file before each rebuild, and full
garbage collections run once a rebuild is served, not inside the next (`idle_gc.py`), and
each distinct front matter is parsed once (`mkdocs_internals.FrontMatterMemo`), and the
theme's installed files are listed once (`theme_files.py`).

Each is an `Entries` (one lookup and keep rule) keyed by a digest of everything its result
depends on, so a kept result is never stale, only unused. With `cache_dir` the entries also
go to a `DiskStore` for the next build; a plain build without it keeps nothing. The plugin
calls, in this order, once a build:

  configure(base, cache_dir, max_mb)   on_config
  before_build(config, search_on, data_dir)   on_pre_build
  before_load(data_dir) / reusable(...) / rendered(pages) or failed()   on_files
  files_ready(config, files)           on_nav
  before_convert(page, markdown) / after_convert(page)   each page
  theme(env)                           on_env
  page_written(dest)                   on_post_page (search reads the page before it)
  after_build(site_dir, files, search) -> the summary   on_post_build

`JOURNEYS_PREVIEW_WITHOUT=sections,themed` (any of the names above) turns caches off, for
`benchmarks/bench_serve.py`'s ablation rows (`search`: Pagefind's CLI runs over the finished
site, as before the index was made during the build, for `benchmarks/bench_build.py`;
`search-prefill`: Pagefind is fed only the pages this build writes, not first the last
build's from the cache; `idle-gc`: Python collects garbage whenever it decides to;
`front-matter`: MkDocs parses every page's front matter on every rebuild; `theme-files`:
MkDocs lists the theme's files on every rebuild).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import mkdocs_internals as internals
from ..data.loader import ParseCache
from ..data.model import Handbook
from ..git import History
from ..material_search import leave_json_index_empty
from ..site import search as site_search
from . import search
from .emptying import SiteEmptier
from .entries import Entries
from .idle_gc import IdleCollector
from .journeys import JourneyPages
from .memo import LastBuild
from .names import Names
from .pages import Conversions, Converted
from .search_prefill import Forecast
from .sections import Sections
from .step_parts import StepParts
from .store import DiskStore
from .templates import CompiledTemplates, ThemeOutputs, site_digest
from .theme_files import ThemeFiles

log = logging.getLogger("mkdocs.plugins.journeys")
CACHES = ("parse", "journeys", "parts", "pages", "sections", "names", "themed", "templates",
          "search")


def _switched_off() -> set[str]:
    names = os.environ.get("JOURNEYS_PREVIEW_WITHOUT", "")
    return {name.strip() for name in names.split(",") if name.strip()}


@functools.lru_cache(maxsize=1)
def _lacking() -> bool:
    """Checked once a process: are MkDocs' private names still there? Said in one line."""
    gone = internals.missing()
    if gone:
        log.info("journeys: preview and build cache off: this MkDocs lacks %s",
                 ", ".join(gone))
    return bool(gone)


class Preview:
    def __init__(self, *, serving: bool, dirty: bool = False) -> None:
        self.serving = serving
        self.store: DiskStore | None = None
        self._files: Files | None = None
        self._site_dir = Path()
        self.off = _switched_off()
        if _lacking():
            self.off = set(CACHES) - {"search"}
        self.parse_cache: ParseCache | None = None
        self.templates = CompiledTemplates() if serving and "templates" not in self.off \
            else None
        self.background = search.BackgroundIndex() \
            if serving and "search" not in self.off else None
        # `mkdocs serve --dirty` keeps the site folder's files
        self.emptier = SiteEmptier() if serving and not dirty else None
        self.collector = IdleCollector() if serving and "idle-gc" not in self.off else None
        self.theme_files = ThemeFiles() if serving and "theme-files" not in self.off else None
        self.front_matter = internals.FrontMatterMemo() \
            if serving and "front-matter" not in self.off else None
        if self.front_matter is not None:
            self.front_matter.install()
        self.live: search.LiveIndex | None = None  # a build's index, made as pages are written
        self.forecast: Forecast | None = None  # a build with a cache: its inputs against the last
        self.texts = LastBuild() if serving else None
        self.written: list[str] = []  # pages in the order MkDocs wrote them (serve)
        self._build_caches()

    def _build_caches(self) -> None:
        """The caches that keep results in memory (serving) or on disk (a store)."""
        on = self.serving or self.store is not None
        self.parse_cache = None if not on or "parse" in self.off else \
            ParseCache(_ParsedSources(self.store) if self.store is not None else None)

        def entries(name: str, **codec) -> Entries | None:
            if not on or name in self.off:
                return None
            return Entries(name, self.store, keep=self.serving, **codec)

        journeys = entries("journeys")
        self.journeys = JourneyPages(journeys) if journeys is not None else None
        self.parts = StepParts() if self.serving and self.journeys is not None \
            and "parts" not in self.off else None
        # pieces go to disk by page (`PageBundles`), not one entry each
        sections = None if not on or "sections" in self.off else \
            Sections(Entries("sections", None, keep=self.serving), self.store)
        pages = entries("pages", encode=Converted.to_json, decode=Converted.from_json)
        self.pages = None if pages is None and sections is None else \
            Conversions(pages, sections, naming=self.serving and "names" not in self.off)
        themed = entries("themed")
        self.themed = ThemeOutputs(themed) if themed is not None else None

    # -- configuration -----------------------------------------------------------------------

    def configure(self, base: Path, cache_dir: str | None, max_mb: int) -> None:
        """With `cache_dir`, a build reuses what earlier builds stored there."""
        folder = (base / cache_dir).resolve() if cache_dir else None
        if (self.store.folder.parent if self.store else None) == folder:
            return
        self.store = DiskStore(folder, max_mb * 1024 * 1024) if folder else None
        self._build_caches()

    # -- the data and the Markdown -------------------------------------------------------------

    def before_load(self, data_dir: Path) -> None:
        if self.journeys is not None:
            self.journeys.begin(data_dir)

    def reusable(self, handbook: Handbook, *, settings: object,
                 history: dict[str, History], data_path: Callable[[str], str]
                 ) -> dict[str, str]:
        if self.pages is not None and self.pages.naming:
            self.pages.names = Names.of(handbook, self.pages.names)
        if self.journeys is None:
            return {}
        reuse = self.journeys.reusable(handbook, settings=settings, history=history,
                                       data_path=data_path)
        if self.parts is not None:
            self.parts.begin(self.journeys.maps)
        return reuse

    def rendered(self, pages: dict[str, str]) -> None:
        if self.journeys is not None:
            self.journeys.rendered(pages)
        if self.parts is not None:
            self.parts.end()

    def failed(self) -> None:
        if self.pages is not None:
            self.pages.names = None  # the last good pages show the last good names
        if self.journeys is not None:
            self.journeys.forget()
        if self.parts is not None:
            self.parts.forget()

    # -- one MkDocs build ---------------------------------------------------------------------

    def before_build(self, config: MkDocsConfig, *, search_on: bool, data_dir: Path) -> None:
        """Before MkDocs empties the site folder: with search on, leave Material's index
        empty (Pagefind answers), and keep the last index aside (serve) or start indexing as
        the pages come (a build)."""
        site_dir = Path(config.site_dir)
        self.written, self._site_dir, self.forecast = [], site_dir, None
        if self.collector is not None:
            self.collector.build_started()
        if self.theme_files is not None:
            self.theme_files.wrap(config.theme)
        if search_on:
            leave_json_index_empty(config)
        if self.background is not None:
            if search_on:
                self.background.set_aside(site_dir)
            else:
                self.background.stop()
        elif search_on and not self.serving and "search" not in self.off:
            self.build_failed()  # a build before that ended without on_post_build
            prefill = None if "search-prefill" in self.off else self.store
            self.live = search.LiveIndex(site_dir, prefill)
            if prefill is not None:  # only the prefill needs the last build's inputs
                self.forecast = Forecast(prefill, site_dir, data_dir, site_digest(config))
                if self.forecast.few_pages_change():
                    self.live.prefill_now()
        if self.emptier is not None:  # after the last index is set aside
            self.emptier.empty(site_dir)

    def page_written(self, dest: Path) -> None:
        """MkDocs writes `dest` after this page's last hook (on_post_page), and has written
        the page before it by now: search indexes each page as it comes."""
        if self.live is not None:
            self.live.page(dest)
        elif self.background is not None:
            with contextlib.suppress(ValueError):
                self.written.append(Path(dest).relative_to(self._site_dir).as_posix())

    def build_failed(self) -> None:
        """No index from a build that failed: its pages are not the site."""
        if self.live is not None:
            self.live.close()
            self.live = None

    def files_ready(self, config: MkDocsConfig, files: Files) -> None:
        self._files = files
        if self.pages is not None:
            self.pages.begin(config, files)
        if self.themed is not None:
            self.themed.begin(config)

    def before_convert(self, page: Page, markdown: str) -> None:
        if self.pages is not None:
            reused = self.pages.before(page, markdown)
            if self.live is not None:
                self.live.converted(reused=reused)

    def after_convert(self, page: Page) -> None:
        if self.pages is not None:
            self.pages.after(page)

    def once(self, function: Callable[[str], str], text: str) -> str:
        """`function(text)`, for a pure function of a page's HTML; while serving, looked up
        when the last build computed it (see `memo`)."""
        return function(text) if self.texts is None else self.texts(function, text)

    def theme(self, env: Environment) -> Environment:
        if self.templates is not None:
            env.bytecode_cache = self.templates
        return self.themed.wrap(env) if self.themed is not None else env

    def after_build(self, site_dir: Path, *, search_on: bool) -> str:
        """Index the site for search, forget what is gone; what was reused, in words."""
        if search_on and self.background is not None:
            site_search.retire_material_index(site_dir)
            self.background.refresh(site_dir, self.written)
        elif search_on:
            live, self.live = self.live, None
            try:
                if live is not None:
                    live.finish(self.store)
                else:
                    search.index_site(site_dir, self.store)
            except site_search.SearchIndexError as exc:
                log.warning("journeys: search index not built: %s", exc)
        if self.forecast is not None:
            self.forecast.remember()
        files, self._files = self._files, None
        if self.texts is not None:
            self.texts.end()
        if self.collector is not None:
            self.collector.build_served()
        return self._summary(files)

    def _summary(self, files: Files | None) -> str:
        parts = []
        if self.pages is not None and files is not None:
            pages = files.documentation_pages()
            self.pages.end({f.src_uri for f in pages})
            if self.themed is not None:
                self.themed.entries.end({f.url for f in pages})
            parts.append(f"{self.pages.converted} converted, {self.pages.reused} unchanged")
            if self.pages.sections is not None:
                parts.append(f"{self.pages.sections.converted} sections converted")
        if self.themed is not None:
            parts.append(f"{self.themed.reused} not re-themed")
        if self.journeys is not None:
            parts.append(f"{self.journeys.copied} journeys copied")
        if self.parts is not None:
            parts.append(f"{self.parts.kept} step parts kept, {self.parts.drawn} drawn")
        line = f" ({', '.join(parts)})" if parts else ""
        if self.store is not None:
            freed = self.store.prune()
            line += (f"; cache: {self.store.hits} reused, {self.store.written} stored"
                     + (f", {freed // 1024 // 1024} MB of old entries dropped" if freed else ""))
            self.store.hits = self.store.written = 0
        return line

    def wait_for_search_index(self) -> None:
        """While serving, the search index is rebuilt after the pages: wait for it."""
        if self.background is not None:
            self.background.wait()

    def close(self) -> None:
        self.build_failed()
        if self.background is not None:
            self.background.close()
        if self.emptier is not None:
            self.emptier.close()
        if self.collector is not None:
            self.collector.close()
        if self.front_matter is not None:
            self.front_matter.uninstall()


class _ParsedSources:
    """Parsed YAML files in the build cache, by path and content."""

    def __init__(self, store: DiskStore) -> None:
        self.store = store

    def get(self, key: bytes) -> object | None:
        return self.store.get(self.store.key(b"parsed yaml", key))

    def put(self, key: bytes, value: object) -> None:
        self.store.put(self.store.key(b"parsed yaml", key), value)
