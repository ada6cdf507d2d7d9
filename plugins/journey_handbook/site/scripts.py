"""The handbook's scripts, shipped in the package and served as generated files.

- The page script goes on every page (about 17 KB). Its Mermaid loader loads the pinned Mermaid
  module only when a diagram of the page comes near the viewport, also after instant
  navigation; its search part tells the search worker to load the engine when a reader opens
  the search box and passes on queries that arrive without a key press; the board part
  focuses a journey board on one role; the backlog part filters and sorts the backlog
  (state in the URL query); "Copy link" buttons copy a step's or opportunity's address; a
  wide table's sideways-scrolling box becomes a focusable region, so keyboards can scroll it.
- The search worker answers Material's search box from the Pagefind index (see search.py).
- A few lines inlined before Material's bundle keep its palette from restyling the whole page
  twice on every load (material-on-load.js says how).

Each script finds the file it loads by a path relative to its own URL, so it works on every
page and under any site prefix without knowing the page it runs on.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from importlib import resources

# No "mermaid" in this name: the mermaid2 plugin takes any extra_javascript file with that word
# for the library itself, and it parses (slowly) every page whose HTML contains the word.
PAGE_SCRIPT = "assets/journey-handbook.js"
# The Mermaid loader first: it must define window.mermaid before Material looks for it.
# each-page.js declares the function the parts after it call (one script: it is hoisted).
PAGE_SCRIPT_PARTS = ("mermaid-loader.js", "each-page.js", "search-warmup.js", "board.js",
                     "backlog-filter.js", "copy-link.js", "scroll-regions.js", "long-pages.js")
SEARCH_WORKER = "assets/journey-handbook-search.js"
# What scripts/setup fetches: Mermaid's ES module build. It imports its shared chunks, and the
# chunk of each diagram kind when a page draws one, from chunks/mermaid.esm.min/ beside it.
MERMAID_JS = "assets/vendor/mermaid/mermaid.esm.min.mjs"
PAGEFIND_DIR = "pagefind"  # where search.py writes the Pagefind index, under the site root


def _asset(name: str) -> str:
    return (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")


def is_address(path: str) -> bool:
    """An address of its own (https://..., //host/..., /root/...), not a docs-relative path."""
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:|/)", path, re.IGNORECASE))


def _relative(target: str, script: str) -> str:
    return target if is_address(target) else posixpath.relpath(target, posixpath.dirname(script))


def _fill(text: str, placeholder: str, value: str) -> str:
    # json.dumps: a valid JS string literal whatever the configured path holds.
    if f'"{placeholder}"' not in text:
        raise ValueError(f"packaged script lacks its {placeholder} placeholder")
    return text.replace(f'"{placeholder}"', json.dumps(value))


def page_script(mermaid_js: str = MERMAID_JS, prefix: str = "") -> str:
    """The script of every page; it loads `mermaid_js` (docs-relative) where diagrams are."""
    text = "\n".join(_asset(name) for name in PAGE_SCRIPT_PARTS)
    return _fill(text, "__MERMAID_SRC__", _relative(mermaid_js, prefix + PAGE_SCRIPT))


def search_worker(prefix: str = "") -> str:
    # The Pagefind index covers the whole site, so it stays at the site root under a prefix.
    return _fill(_asset("search-worker.js"), "__PAGEFIND_JS__",
                 _relative(f"{PAGEFIND_DIR}/pagefind.js", prefix + SEARCH_WORKER))


_THEME_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')


def before_theme_bundle(page_html: str) -> str:
    """A built page with material-on-load.js inlined just before Material's bundle, which
    must find it in place; a page without that bundle (another theme) is returned as is."""
    end = page_html.rfind("assets/javascripts/bundle.")
    start = page_html.rfind("<script", 0, end)
    if end < 0 or not _THEME_BUNDLE.match(page_html, start):
        return page_html
    return page_html[:start] + _material_on_load() + page_html[start:]


# The CSS color-scheme of Material's own palettes (its stylesheets), which Material copies
# into <meta name="color-scheme"> on load; material-on-load.js keeps that meta from changing.
_COLOR_SCHEMES = {"default": "light", "slate": "dark"}


def color_scheme_meta(theme_palette) -> str:
    """The `<meta name="color-scheme">` of a page with Material's palette toggle (a list of
    palettes in `theme.palette`), for its first palette; none without a toggle or for a
    scheme of the site's own."""
    first = theme_palette[0] if isinstance(theme_palette, list) and theme_palette else None
    scheme = _COLOR_SCHEMES.get(first.get("scheme", "default")) \
        if isinstance(first, dict) else None
    return (f'<meta name="color-scheme" content="{scheme}" data-jh-color-scheme>'
            if scheme else "")


@functools.cache
def _material_on_load() -> str:
    return f"<script>{_asset('material-on-load.js')}</script>"


def scripts(mermaid_js: str = MERMAID_JS, prefix: str = "") -> dict[str, str]:
    """Docs-relative path -> content of every script the plugin serves (under `prefix`,
    a folder like 'handbook/'; `mermaid_js` is the docs-relative path as served)."""
    return {prefix + PAGE_SCRIPT: page_script(mermaid_js, prefix),
            prefix + SEARCH_WORKER: search_worker(prefix)}
