"""The handbook's scripts, shipped in the package and served as generated files.

- The page script goes on every page (about 17 KB). Its Mermaid loader loads the pinned Mermaid
  module only when a diagram of the page comes near the viewport, also after instant
  navigation; its search part tells the search worker to load the engine when a reader opens
  the search box and passes on queries that arrive without a key press; the board part
  focuses a journey board on one role; the backlog part filters and sorts the backlog
  (state in the URL query); "Copy link" buttons copy a step's or opportunity's address; a
  wide table's sideways-scrolling box becomes a focusable region, so keyboards can scroll it.
- The search worker answers Material's search box from the Pagefind index (see search.py).

Each script finds the file it loads by a path relative to its own URL, so it works on every
page and under any site prefix without knowing the page it runs on.
"""

from __future__ import annotations

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


def asset(name: str) -> str:
    return (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")


def is_address(path: str) -> bool:
    """An address of its own (https://..., //host/..., /root/...), not a docs-relative path."""
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:|/)", path, re.IGNORECASE))


def _relative(target: str, script: str) -> str:
    return target if is_address(target) else posixpath.relpath(target, posixpath.dirname(script))


def fill(text: str, placeholder: str, value: object) -> str:
    # json.dumps: a valid JS literal whatever the configured value holds.
    if f'"{placeholder}"' not in text:
        raise ValueError(f"packaged script lacks its {placeholder} placeholder")
    return text.replace(f'"{placeholder}"', json.dumps(value))


def page_script(mermaid_js: str = MERMAID_JS, prefix: str = "") -> str:
    """The script of every page; it loads `mermaid_js` (docs-relative) where diagrams are."""
    text = "\n".join(asset(name) for name in PAGE_SCRIPT_PARTS)
    return fill(text, "__MERMAID_SRC__", _relative(mermaid_js, prefix + PAGE_SCRIPT))


def search_worker(prefix: str = "") -> str:
    # The Pagefind index covers the whole site, so it stays at the site root under a prefix.
    return fill(asset("search-worker.js"), "__PAGEFIND_JS__",
                _relative(f"{PAGEFIND_DIR}/pagefind.js", prefix + SEARCH_WORKER))


def scripts(mermaid_js: str = MERMAID_JS, prefix: str = "") -> dict[str, str]:
    """Docs-relative path -> content of every script the plugin serves (under `prefix`,
    a folder like 'handbook/'; `mermaid_js` is the docs-relative path as served)."""
    return {prefix + PAGE_SCRIPT: page_script(mermaid_js, prefix),
            prefix + SEARCH_WORKER: search_worker(prefix)}
