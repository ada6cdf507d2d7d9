"""Search that does not download the handbook: a Pagefind index behind Material's search box.

Material's own search fetches one JSON index of every page on every page load and builds a
Lunr index in the browser before it answers; at 100 journeys that is 3.9 MB and over a second.
Pagefind indexes the built site into small compressed chunks; a query loads the engine (about
120 KB, once) and only the chunks and page fragments it needs, whatever the handbook's size.

How it fits together (the plugin calls these):
- `mark_page` on each built page: marks the main content as what Pagefind indexes
  (`data-pagefind-body`: the header, nav, footer and Material's 404 page stay out) and points
  Material's search box at the handbook's worker (scripts.SEARCH_WORKER), which speaks
  Material's worker protocol and answers from Pagefind. The box, its shortcuts and its result
  list stay Material's own.
- `index_site` after the build: runs Pagefind on the site folder, then empties Material's
  JSON index, which nothing reads any more but every page would still download.

Each journey, persona, step, opportunity, touchpoint and evidence source has one place a
search should find it: its page or its anchor. Its other copies (links naming it, diagram
sources, the journey map grid) are left out of the index (EXCLUDE_SELECTORS), so a step's
words lead to the step's anchor and a persona's name to the persona's page, instead of to
every page that repeats them.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from .scripts import PAGEFIND_DIR, SEARCH_WORKER

try:  # a dependency, but a broken install should say what is missing, not fail to import
    from pagefind_bin import get_executable
except ImportError:  # pragma: no cover
    get_executable = None

# Copies of text whose canonical place is elsewhere. Selectors Pagefind's HTML parser accepts.
EXCLUDE_SELECTORS = (
    # A link within the site names the page or anchor it leads to (a journey, persona, step,
    # opportunity, touchpoint, evidence source): its text is a copy of that place's title,
    # which is indexed there. Links to other sites (evidence sources, tickets) stay.
    'a:not([href^="http"])',
    # Diagram sources repeat step, persona and phase names (and are not readable text).
    ".mermaid",
    ".jh-diagram",
    # A metric's trend chart: axis numbers and dates, its description repeats the table.
    ".jh-trend",
    # The journey map grid repeats each step's action, touchpoint, feeling and barriers.
    ".jh-grid",
)

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
# Material's page config names its search worker: "search": "<prefix>assets/.../search.*.js"
_WORKER = re.compile(
    r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


class SearchIndexError(Exception):
    """Pagefind could not index the site (the message says why and what to do)."""


def mark_page(html: str, prefix: str = "") -> str:
    """A built page with its content marked for indexing and the handbook's search worker
    (served under the handbook's `prefix` folder)."""
    html = _ARTICLE.sub(r"\g<0> data-pagefind-body", html, count=1)
    return _WORKER.sub(lambda m: f'{m.group(1)}{m.group(2)}{prefix}{SEARCH_WORKER}"', html,
                       count=1)


def pagefind_executable() -> str:
    if get_executable is None:
        raise SearchIndexError("the pagefind-bin package is not installed "
                               "(pip install pagefind-bin)")
    try:
        return str(get_executable())
    except FileNotFoundError as exc:
        raise SearchIndexError(f"pagefind-bin has no Pagefind binary: {exc}") from None


def pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    """Pagefind over a built site, writing the index into the site or, given, to `output`."""
    executable = pagefind_executable()
    where = ["--output-path", str(output)] if output else ["--output-subdir", PAGEFIND_DIR]
    command = [executable, "--site", str(site_dir), *where, "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_site(site_dir: Path) -> None:
    """Build the Pagefind index of a built site and retire Material's JSON index."""
    run_pagefind(Path(site_dir))
    retire_material_index(Path(site_dir))


def run_pagefind(site_dir: Path, output: Path | None = None) -> None:
    """The Pagefind index of a built site, written into it or, given, to `output`."""
    done = subprocess.run(pagefind_command(site_dir, output), capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SearchIndexError(pagefind_failed(done.returncode, done.stderr or done.stdout))


def pagefind_failed(code: int, output: str) -> str:
    return f"Pagefind failed (exit {code}): {output.strip()}"


def retire_material_index(site_dir: Path) -> None:
    """Keep Material's index file (its search box reads the settings) but drop the pages."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["docs"] = []
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
