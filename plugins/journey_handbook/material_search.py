"""The search plugin, trimmed to what is left of its job once Pagefind answers searches.

Part of the MkDocs adapter: `plugin.py` calls `leave_json_index_empty` before each build when
its `search` option is on. The search plugin's own names it reaches are in `mkdocs_internals`.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from . import mkdocs_internals as internals

_SEARCH_ATTRIBUTE = re.compile(r"data-search-\w+=\"[^\"]+\"")


def leave_json_index_empty(config: MkDocsConfig) -> None:
    """Pagefind answers searches and the JSON index of the search plugin is emptied after
    the build, so do not fill it: indexing every page was a fifth of a build."""
    for index in internals.search_indexes(config):
        index.add_entry_from_context = _not_indexed
    # What is left of Material's page hook strips `data-search-*` attributes with a regex
    # that scans every page's HTML character by character; few pages have any.
    internals.replace_material_page_hook(config, _strip_search_attributes)


def _not_indexed(page: Page) -> None:
    return None


def _strip_search_attributes(context, *, page: Page, config: MkDocsConfig, nav):
    """Material search's on_page_context, less the indexing."""
    if page.content and "data-search-" in page.content:
        page.content = strip_search_attributes(page.content)
    return context


def strip_search_attributes(html_text: str) -> str:
    """What Material's `re.sub(r'\\s?data-search-\\w+="[^"]+"', "", html)` gives, found
    by the attribute's literal start: the optional leading space made that regex try every
    character of every page (half a second a rebuild at 300 journeys, boards mark theirs)."""
    out, done = [], 0
    for match in _SEARCH_ATTRIBUTE.finditer(html_text):
        start = match.start()
        if start > done and html_text[start - 1].isspace():
            start -= 1
        out.append(html_text[done:start])
        done = match.end()
    out.append(html_text[done:])
    return "".join(out)
