"""Live preview without converting unchanged pages again.

`mkdocs serve` reloads the configuration and rebuilds every page on each save; MkDocs keeps
plugin instances (and so this cache) across those rebuilds. Converting Markdown to HTML and
indexing the HTML for search are most of a build, and after a one-file edit almost every
page's Markdown is unchanged. This cache keeps, per page, the result of the last
conversion and the search entries made from it, and hands them back when nothing they
depend on changed:

- a page's HTML, table of contents, title and anchors depend on its Markdown, its own
  path, the set of files (links are checked and rewritten against it) and the Markdown
  configuration; the key holds all four, so adding or removing a page, or editing
  mkdocs.yml, converts everything again, exactly as a clean build would;
- a page's search entries depend on its URL, title, front matter and HTML.

Nothing here knows page kinds: any page, generated or hand-written, is treated the same.
A changed big page is converted section by section (`sections`), and a page goes through
the theme again only when its content, the nav or its neighbours changed (`templates`). A
conversion that logged a warning is not kept, so its warning shows again on the next build.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .keys import WarningSpy, digest, stable
from .sections import AVAILABLE as SECTIONS_AVAILABLE
from .sections import SECTIONED_MIN_CHARS, SectionCache, cut
from .store import DiskStore
from .templates import CompiledTemplates, ThemeOutputs

_MKDOCS_LOG = logging.getLogger("mkdocs")


@dataclass
class _Converted:
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # target src_uri -> anchor -> link
    has_links: bool

    def to_json(self) -> dict:
        return {"content": self.content, "toc": _toc_tokens(self.toc), "title": self.title,
                "anchors": sorted(self.anchors) if self.anchors is not None else None,
                "links": self.links_to_anchors, "has_links": self.has_links}

    @classmethod
    def from_json(cls, value: dict) -> _Converted:
        anchors = value["anchors"]
        return cls(value["content"], get_toc(value["toc"]), value["title"],
                   set(anchors) if anchors is not None else None, value["links"],
                   value["has_links"])


@dataclass
class _Stats:
    reused: int = 0
    converted: int = 0
    searched: int = 0


@dataclass
class PageCache:
    _pages: dict[str, tuple[bytes, _Converted]] = field(default_factory=dict)
    _search: dict[str, tuple[bytes, list[dict]]] = field(default_factory=dict)
    _context: bytes = b""
    _pending: dict[str, bytes] = field(default_factory=dict)
    _spy: WarningSpy = field(default_factory=WarningSpy)
    stats: _Stats = field(default_factory=_Stats)
    sections: SectionCache = field(default_factory=SectionCache)
    themed: ThemeOutputs = field(default_factory=ThemeOutputs)
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    # With a store (`cache_dir`), results also go to disk for the next build; `keep` False
    # holds nothing in memory, so a one-off build keeps the memory of a build without cache.
    store: DiskStore | None = None
    keep: bool = True

    def __post_init__(self) -> None:
        self.use_store(self.store)
        self.sections.keep = self.themed.keep = self.keep

    def use_store(self, store: DiskStore | None) -> None:
        self.store = self.sections.store = self.themed.store = store

    # -- one build --------------------------------------------------------------------------

    def begin(self, config: MkDocsConfig, files: Files, *, search_entries: bool = True) -> None:
        """Start a build: what every page's conversion depends on besides its Markdown.
        With `search_entries`, the search plugin's page entries are cached too."""
        self.stats, self._pending = _Stats(), {}
        self._context = digest(
            config.markdown_extensions, stable(sorted(config.mdx_configs.items(), key=str)),
            config.use_directory_urls, config.validation, config.docs_dir,
            sorted((f.src_uri, f.dest_uri) for f in files))
        if search_entries:
            self._track_search(config)
        self.sections.begin()
        self.themed.begin(config)

    def before_render(self, page: Page, markdown: str) -> None:
        """Call with the page's final Markdown; on a hit the page is not converted again."""
        key = digest(self._context, page.file.src_uri, markdown)
        hit = self._pages.get(page.file.src_uri)
        done = hit[1] if hit is not None and hit[0] == key else self._stored(key)
        if done is not None:
            self.stats.reused += 1
            page.render = _restore(page, done)  # type: ignore[method-assign]
            return
        self.stats.converted += 1
        self._pending[page.file.src_uri] = key
        self._spy.seen = False
        _MKDOCS_LOG.addHandler(self._spy)
        if SECTIONS_AVAILABLE and len(markdown) >= SECTIONED_MIN_CHARS \
                and (pieces := cut(markdown)) is not None:
            page.render = self.sections.renderer(  # type: ignore[method-assign]
                page, self._context, pieces)

    def after_render(self, page: Page) -> None:
        """Call with the freshly converted page, before other plugins change its HTML."""
        key = self._pending.pop(page.file.src_uri, None)
        if key is None:
            return
        _MKDOCS_LOG.removeHandler(self._spy)
        if self._spy.seen:
            self._pages.pop(page.file.src_uri, None)
            return
        links = getattr(page, "links_to_anchors", None)
        done = _Converted(
            page.content or "", page.toc, getattr(page, "_title_from_render", None),
            set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
            {f.src_uri: dict(v) for f, v in links.items()} if links else None,
            "links_to_anchors" in vars(page))
        if self.keep:
            self._pages[page.file.src_uri] = (key, done)
        if self.store is not None:
            self.store.put(self.store.key(b"page", key), done.to_json())

    def _stored(self, key: bytes) -> _Converted | None:
        if self.store is None:
            return None
        value = self.store.get(self.store.key(b"page", key))
        return _Converted.from_json(value) if value is not None else None

    def end(self, files: Files) -> None:
        """Forget pages that are gone, so a long preview session does not grow."""
        _MKDOCS_LOG.removeHandler(self._spy)
        pages = files.documentation_pages()
        live = {f.src_uri for f in pages}
        for src in [s for s in self._pages if s not in live]:
            del self._pages[src]
        urls = {f.url for f in pages}
        for url in [u for u in self._search if u not in urls]:
            del self._search[url]
        self.sections.end(live)
        self.themed.forget(urls)

    # -- search ------------------------------------------------------------------------------

    def _track_search(self, config: MkDocsConfig) -> None:
        """Wrap the search plugin's indexer (Material's or MkDocs'), if there is one."""
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            entries_attr = next((a for a in ("entries", "_entries")
                                 if isinstance(getattr(index, a, None), list)), None)
            add = getattr(index, "add_entry_from_context", None)
            if entries_attr is None or add is None or getattr(add, "_cached", False):
                continue
            index.add_entry_from_context = self._cached_indexer(index, entries_attr, add)

    def _cached_indexer(self, index: Any, entries_attr: str, add: Any) -> Any:
        def add_entry_from_context(page: Page) -> None:
            entries: list = getattr(index, entries_attr)
            key = digest(page.url, page.title, sorted(page.meta.items(), key=str),
                          page.content)
            hit = self._search.get(page.url)
            if hit is not None and hit[0] == key:
                entries.extend(dict(e) for e in hit[1])
                return
            self.stats.searched += 1
            before = len(entries)
            add(page)
            self._search[page.url] = (key, [dict(e) for e in entries[before:]])

        add_entry_from_context._cached = True  # type: ignore[attr-defined]
        return add_entry_from_context


def _toc_tokens(toc: Any) -> list[dict]:
    """A table of contents as the tokens `get_toc` builds it from."""
    return [{"level": item.level, "id": item.id, "name": item.title,
             "children": _toc_tokens(item.children)} for item in toc or []]


def _restore(page: Page, done: _Converted):
    """A stand-in for `page.render` that sets what a conversion would have set."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = done.content
        page.toc = done.toc
        page._title_from_render = done.title
        page.present_anchor_ids = set(done.anchors) if done.anchors is not None else None
        if done.has_links:
            links = {}
            for src, anchors in (done.links_to_anchors or {}).items():
                target = files.get_file_from_path(src)
                if target is not None:
                    links[target] = dict(anchors)
            page.links_to_anchors = links

    return render
