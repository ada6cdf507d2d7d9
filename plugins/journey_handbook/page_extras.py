"""What the plugin adds to every built page: link previews and the change feed in `<head>`,
a table of contents a phone can draw, and, while serving broken data, the errors above the
last good content."""

from __future__ import annotations

import copy
import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .site import previews, urls
from .site.markup import LAZY_ROWS, LONG_ENTRIES


def head_tags(page: Page, config: MkDocsConfig, *, feed_path: str | None,
              site_url: str) -> str:
    """Link previews (og:, twitter:) and the change feed, from the page's front matter
    (generated pages describe themselves from the data) or its first paragraph."""
    meta = page.meta or {}
    # front matter values are already HTML-escaped (see markup.front_matter)
    title = html.unescape(str(meta.get("title") or page.title or config.site_name))
    description = html.unescape(str(meta.get("description") or "")) or \
        _first_paragraph(page.content or "") or config.site_description or title
    feed = None
    if feed_path is not None:
        feed = urls.absolute(site_url, feed_path) if site_url else \
            urls.href(page.file.src_uri, feed_path)
    return previews.head_tags(
        title=title, description=description, site_name=config.site_name,
        # without site_url MkDocs knows no address: the path from the site root
        url=page.canonical_url or page.abs_url or "/" + page.url,
        kind="website" if page.is_homepage else "article",
        feed=feed, feed_title="What changed")


def _first_paragraph(content: str) -> str:
    found = re.search(r"<p>(.*?)</p>", content, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def error_banner(errors: str) -> str:
    """Data errors above a page's last good content while serving: HTML added after the
    conversion and the search indexing, so a broken save converts and indexes nothing."""
    return ('<div class="admonition failure">\n<p class="admonition-title">The handbook data '
            'has errors: showing the last good version</p>\n<p>Fix these and save; the page '
            f'reloads.</p>\n<pre><code>{html.escape(errors)}</code></pre>\n</div>\n')


def untitle_home(page: Page, config: MkDocsConfig) -> None:
    """Material titles pages "<page title> - <site name>"; on the home page, whose title is
    usually the site name, that read "Handbook - Handbook"."""
    if page.is_homepage and page.meta.get("title") == html.escape(config.site_name):
        del page.meta["title"]


# A section with more sub-headings than this is listed in the table of contents without them.
LONG_TOC = LONG_ENTRIES


def shorten_toc(page: Page) -> None:
    """Leave out of the table of contents the sub-headings of a section that has very many.

    The backlog of a 300-journey handbook has 600 opportunity headings under one section, a
    phase page 300 journey headings: Material draws the table of contents twice (sidebar and
    phone drawer) and tracks every entry while scrolling, thousands of elements a phone styles
    and lays out before it shows the page, for a list nobody scrolls through. The headings and
    their anchors stay in the page; the page's own tables and lists link to each of them. The
    entries are copied, not changed: the converted page (and its cache) keeps the full list.
    """
    if page.toc and _has_long_section(page.toc):
        page.toc = TableOfContents([_shortened(item) for item in page.toc])


def _has_long_section(items) -> bool:
    return any(len(item.children) > LONG_TOC or _has_long_section(item.children)
               for item in items)


def _shortened(item: AnchorLink) -> AnchorLink:
    out = copy.copy(item)
    out.children = [] if len(item.children) > LONG_TOC else \
        [_shortened(child) for child in item.children]
    return out


# The block (markup.block) a table may be alone in: its opening tag, right before the table
_BLOCK_OPENING = re.compile(r'<div class="([^"]*)"[^>]*>\s*$')
PREWRAPPED = "jh-prewrapped"
# (th keeps its implicit columnheader role: Material styles th[role=columnheader] as its own
# sortable tables' headers)
_ROLES = {"thead": "rowgroup", "tbody": "rowgroup", "tr": "row", "td": "cell"}
_ROLE_TAGS = re.compile(r"<(thead|tbody|tr|td)(?=[\s>])")


def prewrap_tables(content: str) -> str:
    """Tables in the scrolling box Material would put them in, marked so it does not.

    Material wraps every class-less table when a page loads, which moves the table: the
    browser then styles and lays out the whole table again (about 0.9 s of a 300-journey home
    page on a phone's CPU, even in a block it skips; 0.1 s of a journey page on this machine's).
    Tables come wrapped instead; base-tables.css gives `jh-prewrapped` tables Material's table
    look. In a `jh-lazy-rows` block each row is drawn only near the screen (lists.css), which
    CSS allows only once rows are no longer laid out as a table: their table roles are then
    written out, so that assistive technology still reads one table."""
    if "<table>" not in content:
        return content
    # str.find, not one regular expression: a lazy match over every table's text was most
    # of the function's 0.6 ms a page
    parts, done = [], 0
    while (start := content.find("<table>", done)) >= 0:
        end = content.find("</table>", start)
        if end < 0:
            break
        opening = content.rfind("<div", done, start)
        block = _BLOCK_OPENING.match(content, opening, start) if opening >= 0 else None
        before = block.start() if block else start
        parts += [content[done:before],
                  _prewrapped(block.group(0) if block else "", block.group(1) if block else "",
                              content[start + len("<table>"):end])]
        done = end + len("</table>")
    parts.append(content[done:])
    return "".join(parts)


def _prewrapped(block: str, classes: str, table: str) -> str:
    role = ""
    if LAZY_ROWS in classes.split():
        table = _ROLE_TAGS.sub(lambda m: f'<{m.group(1)} role="{_ROLES[m.group(1)]}"', table)
        role = ' role="table"'
    return (f'{block}<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
            f'<table class="{PREWRAPPED}"{role}>{table}</table></div></div>')
