"""Big HTML blocks left out of the Markdown conversion: Markdown prints them as they are.

A board page is one HTML block of about 100 KB at 300 journeys, and renaming a persona
changes every board. Markdown copies such a block to the HTML untouched, yet finding where it
ends costs two HTML parses (Markdown's and MkDocs' anchor scan) of the whole block. So a
page's big blocks are lifted out before conversion, each replaced by a short placeholder
block, and put back in the HTML after it; the anchors MkDocs would have found in them are
added from one parse of each block. The sections of the page around them are keyed without
them, so a board whose grid changed converts nothing but its grid's anchors.

Only blocks whose copy is certain are lifted: one line, starting with `<div`, balanced, with
no `markdown` attribute (md_in_html would convert inside it), at the top level of the page
(blank lines around, outside code fences and other HTML blocks), after every `<script>`,
`<style>`, comment or other element whose content the HTML parser reads as text is closed.
The preview tests check every generated page against MkDocs' own conversion.

Finding a block's anchors is itself an HTML parse of the whole block (a quarter of a persona
rename at 300 journeys), though a rename changes a few of a board's hundreds of cells. So
`BlockAnchors` parses a block piece by piece (cut before each `<div`, long pieces also
before each `<tr`) and keeps each piece's anchors: an unchanged cell or row is not parsed
again. Pieces give the block's anchors only when
the parser reads every tag of the block where it reads it alone, so a block is cut only if
it is plain tags and text (no `<` or `>` but those of tags, none inside quotes, no comment,
no `<script>` or other element read as text) and each piece, fed alone, is read to its end;
otherwise the block is parsed whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import mkdocs_internals as internals

LIFTED_MIN_CHARS = 2_000
_PLACEHOLDER = '<div data-journeys-lifted="{}"></div>'
# Elements whose content the HTML parser reads as text: an unclosed one before a block would
# hide the block's anchors from MkDocs' scan of the page
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
             "noscript")
# (two searches: as one alternation, the case-insensitive search cost a board 1 ms)
_NEVER = re.compile(r"<(?:plaintext|!\[CDATA|\?)", re.IGNORECASE)
_PLACEHOLDER_MARK = re.compile(r"data-journeys-lifted", re.IGNORECASE)
_FENCE = re.compile(r"(`{3,}|~{3,})")
# A tag as HTML writes it, whose `>` is its end: no `<` or `>` inside, quotes only around
# attribute values (`a"="` would make the parser read a quoted value across tags)
_TAG = re.compile(r"""</?[a-zA-Z][^\s/<>"'=]*(?:\s+[^\s/<>"'=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'"""
                  r"""|[^\s<>"'=`]+))?)*\s*/?>""")
_RAW_OPEN = re.compile(r"<!--|<(" + "|".join(_RAW_TEXT) + r")")
_TEXT_ELEMENT = re.compile(r"<(?:" + "|".join(_RAW_TEXT) + r"|plaintext)\b", re.IGNORECASE)
_WORD = re.compile(r"\w")
_LONG_PIECE = 8_000
# an attribute the parser could read as `id`, or `name` (of `<a>`): it lowercases them
_MAYBE_ANCHOR = re.compile(r"(?<![\w-])(?:id|name)(?![\w-])", re.IGNORECASE)
# Only a line this long that starts with `<div` can be lifted (`_liftable`): pages without
# one (most but the boards) skip the line-by-line walk
_LONG_DIV = re.compile(rf"^<div[^\n]{{{LIFTED_MIN_CHARS - 4},}}", re.MULTILINE)


def lift(text: str) -> tuple[str, list[str]]:
    """The Markdown with its big blocks replaced by placeholders, and the blocks."""
    if len(text) < LIFTED_MIN_CHARS or not _LONG_DIV.search(text) or _NEVER.search(text) \
            or _PLACEHOLDER_MARK.search(text):
        return text, []
    lines = text.split("\n")
    blocks: list[str] = []
    fence, depth = "", 0
    for i, line in enumerate(lines):
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            continue
        if match := _FENCE.match(line.lstrip()):
            fence = match.group(1)
            continue
        if depth == 0 and _liftable(lines, i) and _closed("\n".join(lines[:i]).lower()):
            lines[i] = _PLACEHOLDER.format(len(blocks))
            blocks.append(line)
        elif line.startswith("<"):
            depth += line.count("<div") - line.count("</div>")
    return ("\n".join(lines), blocks) if blocks and not fence else (text, [])


def _closed(before: str) -> bool:
    """Whether the HTML parser is back to plain text after `before` (lowercased): read in
    order, every comment is closed by a later `-->` and every element read as text (an
    opening `<script`, even in a code span) by a later `</script`. In order, because a
    `-->` inside a script does not close a comment opened after it."""
    at = 0
    while (opened := _RAW_OPEN.search(before, at)) is not None:
        if opened.group(1) is None:  # a comment
            end = before.find("-->", opened.end())
            at = end + 3
        else:
            close = re.compile(rf"</{opened.group(1)}[\s/>]").search(before, opened.end())
            end = close.start() if close is not None else -1
            at = end + 2
        if end < 0:
            return False
    return True


def _liftable(lines: list[str], i: int) -> bool:
    line = lines[i]
    return (len(line) >= LIFTED_MIN_CHARS and line.startswith("<div")
            and line.rstrip().endswith("</div>") and " markdown" not in line
            and line.count("<div") == line.count("</div>")
            and (i == 0 or not lines[i - 1].strip())
            and (i + 1 == len(lines) or not lines[i + 1].strip()))


class BlockAnchors:
    """Anchors of lifted blocks by piece; while serving (`keep`), across builds too: the
    pieces the last build used. A build keeps nothing (its memory stays MkDocs' own)."""

    def __init__(self, *, keep: bool) -> None:
        self.keep = keep
        self._kept: dict[str, frozenset] = {}
        self._used: dict[str, frozenset] = {}

    def of(self, block: str) -> set[str]:
        if not self.keep or _TEXT_ELEMENT.search(block):
            return internals.raw_html_anchor_ids(block)
        found: set[str] = set()
        for piece in _pieces(block):
            ids = self._used.get(piece)
            if ids is None:
                ids = self._kept.get(piece)
            if ids is None:  # a piece not seen before: plain (checked alone, see below)?
                if not _plain(piece):
                    return internals.raw_html_anchor_ids(block)
                read = set() if _anchorless(piece) else \
                    internals.finished_html_anchor_ids(piece)
                if read is None:
                    return internals.raw_html_anchor_ids(block)
                ids = frozenset(read)
            self._used[piece] = ids
            found |= ids
        return found

    def end(self) -> None:
        self._kept, self._used = self._used, {}


def plain_pieces(block: str) -> list[str] | None:
    """The block cut into pieces (`_pieces`), when it is plain tags and text; else None.
    Checked piece by piece, which is the same: a tag holds no `<`, so a piece cannot end
    inside a tag of a plain block, and a piece that does keeps a `<` no tag takes."""
    if _TEXT_ELEMENT.search(block):
        return None
    pieces = _pieces(block)
    return pieces if all(map(_plain, pieces)) else None


def _pieces(block: str) -> list[str]:
    """The block cut before each `<div` tag, and a long piece also before each `<tr` (a
    table of every journey is one piece of 500 KB at 300 journeys, parsed again whole when
    one of its cells changed). By `str.split`: a lookahead split of every board cost a
    persona rename 0.25 s."""
    pieces: list[str] = []
    for piece in _cut_before(block, "<div"):
        pieces += _cut_before(piece, "<tr") if len(piece) > _LONG_PIECE else [piece]
    return pieces


def _cut_before(text: str, tag: str) -> list[str]:
    pieces: list[str] = []
    for i, part in enumerate(text.split(tag)):
        if i == 0:
            if part:
                pieces.append(part)
        elif pieces and _WORD.match(part):
            pieces[-1] += tag + part  # `<divx`: another tag
        else:
            pieces.append(tag + part)
    return pieces


def _anchorless(piece: str) -> bool:
    """A plain piece that ends with a tag and names no `id` or `name` anywhere: the parser
    reads it to its end and finds no anchor, so it need not read it (most cells of a board;
    parsing those of a persona rename cost 0.3 s at 300 journeys)."""
    return piece.endswith(">") and not _MAYBE_ANCHOR.search(piece)


def _plain(piece: str) -> bool:
    rest = _TAG.sub("", piece)
    return "<" not in rest and ">" not in rest


def restoring(page: Page, render: Callable[[MkDocsConfig, Files], None],
              original: str, blocks: list[str], anchors: BlockAnchors
              ) -> Callable[[MkDocsConfig, Files], None]:
    """A stand-in for `page.render`: `render` the page without its blocks, then put them
    back; if a placeholder did not come out once and as written, convert the page whole."""

    def restore(config: MkDocsConfig, files: Files) -> None:
        render(config, files)
        parts = []
        content, done = page.content or "", 0
        for n, block in enumerate(blocks):
            placeholder = _PLACEHOLDER.format(n)
            at = content.find(placeholder, done)
            if at < 0 or content.find(placeholder, at + 1) >= 0:
                page.markdown = original
                Page.render(page, config, files)
                return
            parts += [content[done:at], block]
            done = at + len(placeholder)
        page.content = "".join(parts) + content[done:]
        found = page.present_anchor_ids
        if found is not None:
            for block in blocks:
                found |= anchors.of(block)

    return restore
