"""Every private or undocumented MkDocs and Material name the plugin relies on, in one place.

The preview caches (`incremental/`) and the trimmed search plugin reach into MkDocs 1.6 (the
last 1.x, and its fork ProperDocs) and Material 9: the processors `Page.render` registers,
the attributes a conversion sets on a page, the search plugin's entry list, Material's page
hook and the `yaml` module MkDocs reads front matter with. They are stable there, but nothing
promises it. `missing()` lists the ones this installation lacks; `incremental.Preview` turns
its caches off, with one log line, when any is missing, and a build then runs exactly as
MkDocs would run it alone.
"""

from __future__ import annotations

import contextlib
import copy
import re
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkdocs_meta

try:  # the theme the handbook is built with, but the plugin also runs without it
    from material.plugins.search.plugin import SearchPlugin as MaterialSearch
except ImportError:  # pragma: no cover
    MaterialSearch = None

# What Page.render registers on its Markdown instance; a section converts with the same four.
_PROCESSORS = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor",
               "_RelativePathTreeprocessor", "_ExtractTitleTreeprocessor")
# What a conversion leaves on the page besides `content` and `toc`.
_PAGE_ATTRIBUTES = ("_title_from_render", "present_anchor_ids", "links_to_anchors")
MATERIAL_PAGE_CONTEXT = getattr(MaterialSearch, "on_page_context", None)


def missing() -> list[str]:
    """The names the caches need that this MkDocs lacks (empty when all are there)."""
    gone = [f"mkdocs.structure.pages.{name}" for name in _PROCESSORS
            if not callable(getattr(getattr(mkdocs_pages, name, None), "_register", None))]
    handler = getattr(mkdocs_pages, "_HTMLHandler", None)
    if handler is None:
        gone.append("mkdocs.structure.pages._HTMLHandler")
    elif not all(hasattr(handler(), name) for name in ("rawdata", "cdata_elem")):
        gone.append("HTMLParser.rawdata and .cdata_elem")
    source = Page.render.__code__.co_names
    gone += [f"Page.{name}" for name in _PAGE_ATTRIBUTES if name not in source]
    if not callable(getattr(getattr(mkdocs_meta, "yaml", None), "load", None)):
        gone.append("mkdocs.utils.meta.yaml")
    return gone


class FrontMatterMemo:
    """While serving, each distinct front matter is parsed once: MkDocs parses every page's
    with PyYAML on every rebuild (0.5 s for 600 pages), and nearly all are unchanged. Stands
    in for the `yaml` module inside `mkdocs.utils.meta` only, and gives each page its own
    copy (plugins may change `page.meta`)."""

    _LIMIT = 10_000

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, Any], Any] = {}
        self._yaml = None

    def install(self) -> None:
        if self._yaml is None and not missing():
            self._yaml, mkdocs_meta.yaml = mkdocs_meta.yaml, self

    def uninstall(self) -> None:
        """Put back what it stood in for; a memo installed after it (a second preview in one
        process) still reads through it, so then it stays."""
        if self._yaml is not None and mkdocs_meta.yaml is self:
            mkdocs_meta.yaml, self._yaml = self._yaml, None

    def load(self, text: str, loader: Any) -> Any:
        key = (text, loader)
        if key not in self._parsed:
            if len(self._parsed) >= self._LIMIT:
                self._parsed.clear()
            self._parsed[key] = self._yaml.load(text, loader)  # errors are not kept
        return copy.deepcopy(self._parsed[key])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._yaml, name)


class PageProcessors:
    """MkDocs' link, anchor and title processors on one Markdown instance, for one piece of
    a page: what `Page.render` registers, so a piece converts as the whole page would."""

    def __init__(self, md: markdown.Markdown, page: Page, files: Files,
                 config: MkDocsConfig) -> None:
        # registering under the same names replaces the previous piece's processors
        self.raw_html = mkdocs_pages._RawHTMLPreprocessor()
        self.raw_html._register(md)
        self.anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        self.anchors._register(md)
        self.relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        self.relative._register(md)
        self.title_processor = mkdocs_pages._ExtractTitleTreeprocessor()
        self.title_processor._register(md)

    @property
    def title(self) -> str | None:
        return self.title_processor.title

    @property
    def present_anchor_ids(self) -> set[str]:
        return self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids

    @property
    def links_to_anchors(self) -> dict[str, dict[str, str]]:
        """By target src_uri (a File is not stored)."""
        return {f.src_uri: dict(v) for f, v in self.relative.links_to_anchors.items()}


def raw_html_anchor_ids(html: str) -> set[str]:
    """The anchors MkDocs finds in raw HTML (what `_RawHTMLPreprocessor` collects)."""
    parser = mkdocs_pages._HTMLHandler()
    parser.feed(html)
    parser.close()
    return set(parser.present_anchor_ids)


def finished_html_anchor_ids(html: str) -> set[str] | None:
    """The anchors MkDocs finds in `html` when the parser, fed `html` alone, reads it to its
    end without holding anything back (no unfinished tag, no open `<script>`); else None.
    HTMLParser keeps what it has not finished reading in `rawdata`."""
    parser = mkdocs_pages._HTMLHandler()
    parser.feed(html)
    if parser.rawdata or parser.cdata_elem is not None:
        return None
    return set(parser.present_anchor_ids)


def title_from_render(page: Page) -> str | None:
    return getattr(page, "_title_from_render", None)


def links_to_anchors(page: Page) -> dict[str, dict[str, str]] | None:
    """What the conversion recorded (None when it recorded nothing), by target src_uri."""
    if "links_to_anchors" not in vars(page):
        return None
    links = page.links_to_anchors or {}
    return {f.src_uri: dict(v) for f, v in links.items()}


def set_converted(page: Page, files: Files, *, content: str, toc: Any, title: str | None,
                  anchors: set[str] | None, links: dict[str, dict[str, str]] | None) -> None:
    """Leave on `page` what `Page.render` would have left: its HTML, table of contents,
    title, anchors and (when recorded) links to other pages' anchors."""
    page.content = content
    page.toc = toc
    page._title_from_render = title
    page.present_anchor_ids = set(anchors) if anchors is not None else None
    if links is not None:
        found = {}
        for src, by_anchor in links.items():
            target = files.get_file_from_path(src)
            if target is not None:
                found[target] = dict(by_anchor)
        page.links_to_anchors = found


def search_indexes(config: MkDocsConfig) -> list[Any]:
    """The search index of every search plugin (MkDocs' or Material's) in the build."""
    found = []
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if callable(getattr(index, "add_entry_from_context", None)):
            found.append(index)
    return found


def replace_material_page_hook(config: MkDocsConfig, replacement: Any) -> None:
    """Run `replacement` instead of Material search's `on_page_context` (MkDocs keeps each
    event's bound methods in the undocumented `PluginCollection.events`)."""
    events = getattr(config.plugins, "events", {}).get("page_context", [])
    for i, method in enumerate(events):
        if MATERIAL_PAGE_CONTEXT is not None and \
                getattr(method, "__func__", None) is MATERIAL_PAGE_CONTEXT:
            events[i] = replacement


# How Material's templates read a page's HTML: they print it and look for an <h1> in it.
_CONTENT_READS = ("{{ page.content }}", '"\\u003ch1" not in page.content')
# What Material's nav reads from the front matter of the pages it lists.
NAV_META = ("icon", "subtitle", "status")
_OTHER_META = re.compile(r"(\w+)\.meta\b(?:\.(\w+)|\s*\[)?")


def theme_templates(template_dirs: list[str]) -> list[tuple[str, str | None]]:
    """Every HTML template under the theme's folders, by path within its folder, with its
    text (None when unreadable). Read again only when a file's size or time changed: a
    preview rebuild checks them all, and reading 115 of Material's cost 0.1 s."""
    found = []
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            try:
                stat = path.stat()
            except OSError:
                found.append((path.relative_to(folder).as_posix(), None))
                continue
            mark = (str(path), stat.st_mtime_ns, stat.st_size)
            text = _TEXTS.get(mark)
            if text is None:
                if len(_TEXTS) > 2_000:  # templates edited all day long while serving
                    _TEXTS.clear()
                with contextlib.suppress(OSError):
                    text = _TEXTS[mark] = path.read_text(encoding="utf-8", errors="replace")
            found.append((path.relative_to(folder).as_posix(), text))
    return found


_TEXTS: dict[tuple, str] = {}


def material_reads_as_known(templates: list[tuple[str, str | None]]) -> bool:
    """Whether every template the theme can use (`theme_templates`) reads `page.content` only
    as Material 9 does (so a page's themed output is its shell around the content), and other
    pages' front matter only for NAV_META (so the nav's key can leave the rest out)."""
    for _name, text in templates:
        if text is None:
            return False
        if "page.content" in text:
            for known in _CONTENT_READS:
                text = text.replace(known, "")
            if "page.content" in text:
                return False
        if not all(_meta_read_as_known(text, m) for m in _OTHER_META.finditer(text)):
            return False
    return True


def _meta_read_as_known(text: str, match: re.Match) -> bool:
    """`nav_item.meta.icon`, or `nav_item.meta and ...` (Material tests that it is set: the
    nav key holds that), or a translation key such as `"blog.meta"`; `page.meta` and
    `config.meta` are in the theme key already."""
    whose, key = match.groups()
    if whose in ("page", "config"):
        return True
    if key is not None:
        return key in NAV_META
    if match.group(0).endswith("["):
        return False
    quoted = text[match.start() - 1:match.start()] in ("\"", "'")
    return quoted or text.startswith(" and ", match.end())
