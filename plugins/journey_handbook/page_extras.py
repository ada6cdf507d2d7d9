"""What the plugin adds to every built page: link previews and the change feed in `<head>`,
and, while serving broken data, the errors above the last good content."""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .site import previews, urls


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
