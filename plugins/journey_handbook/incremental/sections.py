"""Big pages converted section by section while previewing, so an edit re-converts one section.

The touchpoint inventory, the evidence register and the key moments list every step that
uses a touchpoint, cites a source or matters most: at 100 journeys they are 200-400 KB of
Markdown, and any step edit changes them. Converting such a page whole costs most of a
preview rebuild; converting only the section that changed costs milliseconds.

A page is cut before each top-level heading, outside code fences and HTML blocks. Converting
the pieces and joining their HTML gives the page's HTML only when nothing in one piece
depends on another, so `cut` refuses pages with reference-style links, footnotes,
abbreviations (defined anywhere, used anywhere) or a `[TOC]` marker, and a page whose pieces
share an id is converted whole (Markdown makes a repeated heading id unique across the
whole page, `_1`). The table of contents is re-nested from all pieces' headings, as the toc
extension nests them for a whole page. `tests/preview/test_incremental.py` checks the result against
whole-page conversion for every generated page.

While serving (`fine`), a page is also cut before each top-level block that cannot join
the block before it (an HTML `<div>`, a table, a paragraph, an admonition), so that a rename,
which changes one row of a persona's table or one journey's entry of a phase page, converts
that block rather than its whole section (a phase page's "Content needs by step" is one
section of 270 KB at 300 journeys). Converting a block costs about 0.2 ms more than
converting it inside its section. Only with Markdown extensions known to read such blocks
alone (`FINE_EXTENSIONS`; a tabbed set or a definition list joins blocks across blank
lines), and not in a page with an HTML comment or a generic `///` block.

A build with a cache on disk (`cache_dir`) cuts as finely. Its pieces are not stored one
entry each (a thousand-journey handbook has tens of thousands): each page's pieces go to disk
together, as one entry named after the page, rewritten when a piece of it was converted.
Inside it, every piece is still found by the digest of everything it depends on, so an entry
left by an older version of the page only lacks the pieces that changed.

This uses MkDocs' own link, anchor and title processors (`mkdocs_internals`); without them
the preview caches are off.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .. import mkdocs_internals as internals
from . import table_rows
from .entries import Entries
from .keys import WarningSpy, digest
from .names import Names, named_piece, tokens_before
from .store import DiskStore

SECTIONED_MIN_CHARS = 16_000  # smaller pages convert whole: the split would cost more
BUILD_GROUP_CHARS = 8_000  # a cached build's groups of table rows (see `_piece`)

_MKDOCS_LOG = logging.getLogger("mkdocs")
_FENCE = re.compile(r"(`{3,}|~{3,})")
_HEADING = re.compile(r"#{1,6}\s")
# Definitions that one piece could use from another: references, footnotes, abbreviations
# (also inside quotes and list items), or a [TOC] marker, which lists the whole page's headings.
_DEFINITION = re.compile(r"[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?\*?\[[^\]]+\]:|\s*\[TOC\]")
# A line after a blank line that starts a block no earlier block can take in
_BLOCK_START = re.compile(r"<div\b|<span\b|\||\*\*\S|[A-Za-z]|!!!|\?\?\?")
_NO_FINE_CUT = re.compile(r"<!--|^(?:///|:::)", re.M)
# Extensions whose blocks end at a blank line followed by an unindented block start
FINE_EXTENSIONS = frozenset({
    *(prefix + name for prefix in ("", "markdown.extensions.")
      for name in ("attr_list", "md_in_html", "tables", "toc", "admonition", "fenced_code",
                   "meta", "sane_lists")),
    "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite"})
# Raw HTML elements that blank lines do not end: no cut until they are closed
_HTML_BLOCK = "div|details|table|section|figure|blockquote|ul|ol|dl|pre|form|article|aside"
_HTML_OPEN = re.compile(rf"<(?:{_HTML_BLOCK})\b")
_HTML_CLOSE = re.compile(rf"</(?:{_HTML_BLOCK})\s*>")
_MARKER = "journeyshandbooksectionend"
_MARKER_BLOCK, _MARKER_HTML = f"\n\n{_MARKER}\n", f"<p>{_MARKER}</p>"


def cut(text: str, *, fine: bool = False) -> list[str] | None:
    """The page's Markdown in pieces that convert independently (joined, they are the page),
    or None when cutting it could change its HTML. `fine`: before each top-level block too."""
    fine = fine and _NO_FINE_CUT.search(text) is None
    pieces, start, fence, depth, blank = [], 0, "", 0, True
    lines = text.splitlines(keepends=True)
    offset = 0
    for line in lines:
        stripped = line.rstrip("\n")
        if fence:
            if stripped.strip().startswith(fence):
                fence = ""
        elif match := _FENCE.match(stripped.lstrip()):
            fence = match.group(1)
        elif _DEFINITION.match(stripped):
            return None
        else:
            at_block = depth == 0 and blank and offset > start
            if at_block and (_HEADING.match(stripped) or fine and _BLOCK_START.match(stripped)):
                pieces.append(text[start:offset])
                start = offset
            if stripped.startswith("<"):  # raw HTML: data text is escaped, never starts with <
                depth += len(_HTML_OPEN.findall(stripped)) - len(_HTML_CLOSE.findall(stripped))
        blank = not stripped.strip()
        offset += len(line)
    pieces.append(text[start:])
    return pieces if len(pieces) > 1 and depth == 0 and not fence else None


@dataclass
class Piece:
    html: str
    toc: list[dict]  # flat, in document order: nest_toc_tokens nests the whole page's list
    title: str | None
    anchors: set[str]
    links: dict[str, dict[str, str]]  # target src_uri -> anchor -> link as written

    def to_json(self) -> dict:
        return {"html": self.html, "toc": self.toc, "title": self.title,
                "anchors": sorted(self.anchors), "links": self.links}

    @classmethod
    def from_json(cls, value: dict) -> Piece:
        return cls(value["html"], value["toc"], value["title"], set(value["anchors"]),
                   value["links"])


class Sections:
    """Converted pieces, kept by page: the pieces of its last conversion."""

    def __init__(self, entries: Entries, store: DiskStore | None = None) -> None:
        self.entries = entries  # in memory only: `store` keeps pieces by page
        self.bundles = PageBundles(store) if store is not None else None
        self.converted = 0
        self._converter: _Converter | None = None
        self.fine = False  # cut before blocks too (see the module's note): set by `begin`

    def begin(self, config: MkDocsConfig) -> None:
        """Serving or with a cache on disk, and only Markdown extensions known to end their
        blocks where `cut` expects: cut finely."""
        self.converted = 0
        self.fine = (self.entries.keep or self.bundles is not None) and all(
            isinstance(name, str) and name in FINE_EXTENSIONS
            for name in config.markdown_extensions)

    def _converter_for(self, config: MkDocsConfig) -> _Converter:
        """One Markdown instance for every page of a build (a shared edit converts a piece of
        each of 300 journey pages, and making an instance costs more than the piece)."""
        if self._converter is None or self._converter.config is not config:
            self._converter = _Converter(config)
        return self._converter

    def renderer(self, page: Page, context: bytes, pieces: list[str],
                 names: Names | None = None):
        """A stand-in for `page.render` that converts only the pieces not seen before.
        With `names`, the pieces hold tokens for names (`names.py`), put back here."""

        def render(config: MkDocsConfig, files: Files) -> None:
            last = len(pieces) - 1
            converter = self._converter_for(config)
            done = [self._piece(page, context, text, i < last, converter, files)
                    for i, text in enumerate(pieces)]
            if names is not None:
                src, starts = page.file.src_uri, tokens_before(pieces)
                done = [named_piece(done[i], text, names, src, starts[i],
                                    lambda raw, i=i: self._piece(
                                        page, context, raw, i < last, converter, files))
                        for i, text in enumerate(pieces)]
            if self.bundles is not None:
                self.bundles.page_done(page.file.src_uri)
            if any(piece is None for piece in done) or _shared_ids(done):
                Page.render(page, config, files)
                return
            tokens = [copy.copy(token) for piece in done for token in piece.toc]
            recorded = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() \
                > logging.DEBUG  # as Page.render: links are recorded unless debugging
            links: dict[str, dict[str, str]] = {}
            for piece in done:
                for src, anchors in piece.links.items():
                    links.setdefault(src, {}).update(anchors)
            content, title = "".join(piece.html for piece in done), done[0].title
            nested = nest_toc_tokens(tokens)
            if names is not None:
                content, nested, title = names.shown(page.file.src_uri, content, nested, title)
            internals.set_converted(
                page, files, content=content, toc=get_toc(nested), title=title,
                anchors=set().union(*(piece.anchors for piece in done)),
                links=links if recorded else None)

        return render

    def _piece(self, page: Page, context: bytes, text: str, followed: bool,
               converter: _Converter, files: Files) -> Piece | None:
        # rows a few at a time while serving; a build with a cache converts big tables in
        # groups of about BUILD_GROUP_CHARS (groups of four rows cost a cold 300-journey
        # build 5 CPU s)
        groups = None if not self.fine else table_rows.split(text) if self.entries.keep \
            else table_rows.split(text, chars=BUILD_GROUP_CHARS)
        if groups is not None:  # not kept whole: its groups must stay known, used or not
            done = [self._converted(page, context, group, followed, converter, files)
                    for group in groups]
            joined = _joined(done)
            if joined is not None:
                return joined
        return self._converted(page, context, text, followed, converter, files)

    def _converted(self, page: Page, context: bytes, text: str, followed: bool,
                   converter: _Converter, files: Files) -> Piece | None:
        # a piece's links are relative to its page: the page is part of the key
        src = page.file.src_uri
        key = digest(context, src, text, b"followed" if followed else b"last")
        hit = self.entries.get(src, key)
        if hit is None and self.bundles is not None:
            hit = self.bundles.get(src, key)
        if hit is not None:
            if self.bundles is not None:
                self.bundles.used(src, key, hit, fresh=False)
            return hit
        spy = WarningSpy()
        _MKDOCS_LOG.addHandler(spy)
        try:
            piece = converter.convert(page, text, followed, files)
        finally:
            _MKDOCS_LOG.removeHandler(spy)
        self.converted += 1
        if piece is not None and not spy.seen:  # its warnings must show again next time
            self.entries.put(src, key, piece)
            if self.bundles is not None:
                self.bundles.used(src, key, piece, fresh=True)
        return piece


class _Converter:
    """What `Page.render` does, for one piece at a time. One Markdown instance serves all
    pieces of a build's pages (reset in between, and given the piece's page's processors):
    making one costs more than converting a small piece.
    A piece that the page goes on after ends with a marker paragraph, so its HTML ends with
    the same whitespace as inside the whole page (Markdown strips it at the end of a
    document); None if the marker did not survive."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.md: markdown.Markdown | None = None

    def convert(self, page: Page, text: str, followed: bool, files: Files) -> Piece | None:
        if self.md is None:
            self.md = markdown.Markdown(extensions=self.config["markdown_extensions"],
                                        extension_configs=self.config["mdx_configs"] or {})
        md = self.md
        md.reset()
        found = internals.PageProcessors(md, page, files, self.config)
        html = md.convert(text + _MARKER_BLOCK if followed else text)
        if followed:
            if not html.endswith(_MARKER_HTML):
                return None
            html = html[:-len(_MARKER_HTML)]
        return Piece(html, _flatten(getattr(md, "toc_tokens", [])), found.title,
                      found.present_anchor_ids, found.links_to_anchors)


class PageBundles:
    """Each page's converted pieces on disk as one entry, named after the page."""

    def __init__(self, store: DiskStore) -> None:
        self.store = store
        self._stored: dict[str, dict[str, dict]] = {}  # page -> its entry, read once a build
        self._used: dict[str, dict[str, Piece]] = {}  # page -> the pieces it now has
        self._fresh: set[str] = set()  # pages with a piece converted in this build

    def get(self, src: str, key: bytes) -> Piece | None:
        if src not in self._stored:
            stored = self.store.get(self._name(src))
            self._stored[src] = stored if isinstance(stored, dict) else {}
        value = self._stored[src].get(key.hex())
        try:
            return Piece.from_json(value) if value is not None else None
        except (KeyError, TypeError, ValueError):  # an entry of another shape
            return None

    def used(self, src: str, key: bytes, piece: Piece, *, fresh: bool) -> None:
        self._used.setdefault(src, {})[key.hex()] = piece
        if fresh:
            self._fresh.add(src)

    def page_done(self, src: str) -> None:
        """After a page's conversion: store its pieces if one was new; forget the rest."""
        used = self._used.pop(src, {})
        self._stored.pop(src, None)
        if src in self._fresh:
            self._fresh.discard(src)
            self.store.put(self._name(src), {k: p.to_json() for k, p in used.items()})

    def _name(self, src: str) -> bytes:
        return self.store.key(b"section pieces", src)


def _joined(groups: list[Piece | None]) -> Piece | None:
    """One table's groups of rows as one piece (`table_rows`); None if they do not join."""
    if any(g is None or g.toc != groups[0].toc or g.title != groups[0].title  # type: ignore
           for g in groups):
        return None
    html = table_rows.join([g.html for g in groups])  # type: ignore[union-attr]
    if html is None:
        return None
    links: dict[str, dict[str, str]] = {}
    for group in groups:
        for src, anchors in group.links.items():  # type: ignore[union-attr]
            links.setdefault(src, {}).update(anchors)
    first = groups[0]
    return Piece(html, first.toc, first.title,  # type: ignore[union-attr]
                 set().union(*(g.anchors for g in groups)), links)  # type: ignore[union-attr]


def _shared_ids(pieces: list[Piece]) -> bool:
    seen: set[str] = set()
    for piece in pieces:
        if seen & piece.anchors:
            return True
        seen |= piece.anchors
    return False


def _flatten(tokens: list[dict]) -> list[dict]:
    flat = []
    for token in tokens:
        flat.append({k: v for k, v in token.items() if k != "children"})
        flat += _flatten(token.get("children", []))
    return flat
