"""Converted pages: a page whose Markdown did not change is not converted again.

Converting Markdown to HTML is most of a build, and after a one-file edit almost every
page's Markdown is unchanged. A page's HTML, table of contents, title, anchors and links to
other pages' anchors depend on its Markdown, its own path, the set of files (links are
checked and rewritten against it) and the Markdown configuration: the key holds all four,
so adding or removing a page, or editing mkdocs.yml, converts everything again, exactly as
a clean build would. Nothing here knows page kinds: generated and hand-written pages are
treated the same. A changed big page is converted section by section (`sections`). A
conversion that logged a warning is not kept, so its warning shows again on the next build.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .. import mkdocs_internals as internals
from . import html_blocks
from .entries import Entries
from .keys import WarningSpy, digest, stable
from .names import Names, shown_tokens
from .sections import SECTIONED_MIN_CHARS, Sections, cut

_MKDOCS_LOG = logging.getLogger("mkdocs")


@dataclass
class Converted:
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None  # target src_uri -> anchor -> link as written

    def to_json(self) -> dict:
        return {"content": self.content, "toc": _toc_tokens(self.toc), "title": self.title,
                "anchors": sorted(self.anchors) if self.anchors is not None else None,
                "links": self.links}

    @classmethod
    def from_json(cls, value: dict) -> Converted:
        anchors = value["anchors"]
        return cls(value["content"], get_toc(value["toc"]), value["title"],
                   set(anchors) if anchors is not None else None, value["links"])


class Conversions:
    def __init__(self, entries: Entries | None, sections: Sections | None, *,
                 naming: bool = False) -> None:
        self.entries, self.sections = entries, sections
        self.naming = naming  # shared names as tokens while serving (`names`)
        self._context = b""
        self._pending: dict[str, bytes] = {}
        self._spy = WarningSpy()
        kept = entries if entries is not None else sections.entries if sections else None
        self.anchors = html_blocks.BlockAnchors(keep=kept is not None and kept.keep)
        self.converted = self.reused = self.renamed = 0  # renamed: as converted with tokens
        self.names: Names | None = None  # this build's, while serving (`Preview.reusable`)
        # pages converted with names as tokens, by that text (`names`): after a rename,
        # a page whose text with tokens did not change is not cut or looked up piece by piece
        self._named = Entries("named pages", None, keep=True) \
            if sections is not None and sections.entries.keep else None
        self._named_pending: dict[str, bytes] = {}

    def begin(self, config: MkDocsConfig, files: Files) -> None:
        """Start a build: what every page's conversion depends on besides its Markdown."""
        self.converted = self.reused = self.renamed = 0
        if self.sections is not None:
            self.sections.begin(config)
        self._pending, self._named_pending = {}, {}
        self._context = digest(
            config.markdown_extensions, stable(sorted(config.mdx_configs.items(), key=str)),
            config.use_directory_urls, config.validation, config.docs_dir,
            sorted((f.src_uri, f.dest_uri) for f in files))

    def before(self, page: Page, markdown: str) -> bool:
        """Call with the page's final Markdown; on a hit (True) the page is not converted
        again."""
        src = page.file.src_uri
        key = digest(self._context, src, markdown)
        done = self.entries.get(src, key) if self.entries is not None else None
        if done is not None:
            self.reused += 1
            page.render = _restore(page, done)  # type: ignore[method-assign]
            return True
        self.converted += 1
        self._pending[src] = key
        self._spy.seen = False
        _MKDOCS_LOG.addHandler(self._spy)
        text, blocks = html_blocks.lift(markdown)
        names, hidden = self._hidden(page, text)
        if names is not None and not blocks and self._named is not None:
            named_key = digest(self._context, src, b"names", hidden)
            found = self._named.get(src, named_key)
            if found is not None:
                self.renamed += 1
                page.render = _restore(page, _shown(found, names))  # type: ignore[method-assign]
                return False
            self._named_pending[src] = named_key
        if self.sections is not None and len(text) >= SECTIONED_MIN_CHARS \
                and (pieces := cut(hidden, fine=self.sections.fine)) is not None:
            render = self.sections.renderer(page, self._context, pieces, names)
        elif blocks and self.sections is not None and self.sections.fine:
            # a board without its grid: converted by the preview's one Markdown instance
            # (making one per page cost 300 boards 1.5 s on a persona rename)
            render = self.sections.renderer(page, self._context, [hidden], names)
        elif blocks:
            render = _whole(page, text, markdown)
        else:
            return False
        page.render = html_blocks.restoring(  # type: ignore[method-assign]
            page, render, markdown, blocks, self.anchors) if blocks else render
        return False

    def _hidden(self, page: Page, text: str) -> tuple[Names | None, str]:
        """While serving, a generated page's text with shared names as tokens (`names`)."""
        sections = self.sections
        if self.names is None or sections is None or not (sections.fine and sections.entries.keep) \
                or page.file.generated_by is None:
            return None, text
        hidden = self.names.hide(text, page.file.src_uri)
        return (None, text) if hidden is None else (self.names, hidden)

    def after(self, page: Page) -> None:
        """Call with the freshly converted page, before other plugins change its HTML."""
        src = page.file.src_uri
        key = self._pending.pop(src, None)
        if key is None:
            return
        _MKDOCS_LOG.removeHandler(self._spy)
        named_key = self._named_pending.pop(src, None)
        if self.entries is None:
            return
        if self._spy.seen:
            self.entries.drop(src)
            return
        anchors = set(page.present_anchor_ids) if page.present_anchor_ids is not None else None
        links = internals.links_to_anchors(page)
        self.entries.put(src, key, Converted(
            page.content or "", page.toc, internals.title_from_render(page), anchors, links))
        hidden = self.names.hidden_page(src) if self.names is not None else None
        if named_key is not None and hidden is not None and self._named is not None:
            # every piece was safe: its anchors and links hold no name (`names.safe`)
            content, toc, title = hidden
            self._named.put(src, named_key, _Hidden(content, toc, title, anchors, links))

    def end(self, live: set[str]) -> None:
        _MKDOCS_LOG.removeHandler(self._spy)
        self.anchors.end()
        if self.entries is not None:
            self.entries.end(live)
        if self.sections is not None:
            self.sections.entries.end(live)
        if self._named is not None:
            self._named.end(live)


@dataclass
class _Hidden:
    """A page converted with names as tokens: its HTML, nested toc tokens and title with
    tokens; its anchors and links, which hold none."""

    content: str
    toc: list[dict]
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None


def _shown(hidden: _Hidden, names: Names) -> Converted:
    return Converted(names.show(hidden.content), get_toc(shown_tokens(hidden.toc, names)),
                     hidden.title and names.show(hidden.title),
                     set(hidden.anchors) if hidden.anchors is not None else None,
                     hidden.links)


def _toc_tokens(toc: Any) -> list[dict]:
    """A table of contents as the tokens `get_toc` builds it from."""
    return [{"level": item.level, "id": item.id, "name": item.title,
             "children": _toc_tokens(item.children)} for item in toc or []]


def _whole(page: Page, text: str, original: str):
    """`Page.render` of `text` in place of the page's Markdown."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.markdown = text
        try:
            Page.render(page, config, files)
        finally:
            page.markdown = original

    return render


def _restore(page: Page, done: Converted):
    """A stand-in for `page.render` that sets what a conversion would have set."""

    def render(config: MkDocsConfig, files: Files) -> None:
        internals.set_converted(page, files, content=done.content, toc=done.toc,
                                title=done.title, anchors=done.anchors, links=done.links)

    return render
