"""What readers download: Mermaid only on pages with diagrams, and a Pagefind search index.

The browser tests (tests/browser/test_readers.py) prove the behaviour in Chromium; these check
the built files, quickly, with no browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import build_site, invoke
from journey_handbook.site import scripts, search, theme_startup

SCRIPT_SRC = re.compile(r'<script src="([^"]+)"')


@pytest.fixture
def site(tmp_path: Path, minimal_dir: Path):
    return build_site(tmp_path, minimal_dir)


def pages(site) -> dict[str, str]:
    """URL -> HTML of every page in the sitemap."""
    sitemap = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    urls = [re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>",
                                                                   sitemap)]
    return {url: site.page(url) for url in urls}


def test_only_pages_with_diagrams_reference_mermaid(site):
    with_diagrams = 0
    for url, html in pages(site).items():
        sources = SCRIPT_SRC.findall(html)
        assert any(s.endswith(scripts.PAGE_SCRIPT) for s in sources), \
            f"{url} lacks the page script"
        loads_mermaid = any("mermaid" in s for s in sources)
        if re.search(r'<pre\s+class="mermaid">', html):  # mermaid2's fence writes two spaces
            with_diagrams += 1
        else:
            assert not loads_mermaid, f"{url} has no diagram but loads Mermaid"
    assert with_diagrams, "the minimal handbook has no diagram to check"


def test_page_script_finds_the_pinned_mermaid_relative_to_itself(site):
    script = (site.root / scripts.PAGE_SCRIPT).read_text(encoding="utf-8")
    assert '"vendor/mermaid/mermaid.esm.min.mjs"' in script
    assert "__MERMAID_SRC__" not in script
    vendor = (site.root / scripts.PAGE_SCRIPT).parent / "vendor/mermaid"
    assert (vendor / "mermaid.esm.min.mjs").is_file()
    # Every chunk the core module imports is served beside it.
    core = (vendor / "mermaid.esm.min.mjs").read_text(encoding="utf-8")
    imported = set(re.findall(r'from"\./(chunks/mermaid\.esm\.min/[^"]+\.mjs)"', core))
    assert imported and all((vendor / i).is_file() for i in imported)
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)  # comments may name unpkg
    assert "unpkg" not in code and "http" not in code, "the page script loads from elsewhere"


def test_search_box_is_answered_by_the_handbook_worker_from_pagefind(site):
    worker = (site.root / scripts.SEARCH_WORKER).read_text(encoding="utf-8")
    assert '"../pagefind/pagefind.js"' in worker
    assert (site.root / "pagefind/pagefind.js").is_file()
    for url, html in pages(site).items():
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)'
                                      r"</script>", html, re.S).group(1))
        assert config["search"].endswith(scripts.SEARCH_WORKER), url
        assert "data-pagefind-body" in html, f"{url} is not marked for the index"
    # Material's own index keeps its settings but no longer carries every page's text.
    assert site.search_index() == []


def test_every_page_is_indexed_once_under_its_title(site):
    indexed = {p["url"]: p["meta"]["title"] for p in site.pagefind_pages()}
    assert set(indexed) == set(pages(site))
    assert indexed["/personas/new-patient/"] == "New patient"
    assert not any("404" in url for url in indexed)


def test_repeated_copies_stay_out_of_the_index(site):
    """Steps, touchpoints, evidence and opportunities are found at their own anchor only."""
    by_url = {p["url"]: p for p in site.pagefind_pages()}
    backlog = by_url["/backlog/"]["content"]
    journey = by_url["/journeys/first-visit/"]
    # The opportunity is named on the journey page (a link to the backlog): not indexed there.
    title = "Shorter consent form"
    assert title.lower() in backlog.lower()
    assert title.lower() not in journey["content"].lower()
    # Diagram sources are not text readers search.
    assert "accTitle" not in journey["content"]
    assert "flowchart" not in journey["content"]


def test_mark_page_only_touches_the_article_and_the_worker():
    html = ('<script id="__config" type="application/json">{"base": "../..", "search": '
            '"../../assets/javascripts/workers/search.a7633da7.min.js"}</script>'
            '<article class="md-content__inner md-typeset"><h1>T</h1></article>')
    marked = search.mark_page(html)
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in marked
    assert f'"search": "../../{scripts.SEARCH_WORKER}"' in marked
    assert search.mark_page("<p>no theme markup</p>") == "<p>no theme markup</p>"


def test_every_page_takes_over_materials_start_up_restyles(site):
    """theme_startup's scripts: one at the top of <head>, one just before Material's bundle.
    (This site has no palette toggle, so no colour-scheme meta: the browser tests have one.)"""
    for url, html in pages(site).items():
        head = html.find("(document.documentElement);")
        css = html.find('<link rel="stylesheet"')
        on_load = html.find('var MARK = "data-md-color-switching"')
        assert "(document.body, document.head, true)" in html, "instant navigation is on"
        bundle = re.search(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"',
                           html)
        assert 0 <= head < css, f"{url}: no start-up script atop <head>"
        assert bundle and 0 <= on_load < bundle.start(), f"{url}: none before the bundle"
        assert html.count('var MARK = "data-md-color-switching"') == 1, url
        assert "data-jh-color-scheme>" not in html, url
    assert theme_startup.prepare("<p>another theme</p>", {}) == "<p>another theme</p>"
    assert theme_startup.color_scheme_meta({"scheme": "slate"}) == "", "no toggle, no meta"
    assert 'content="dark"' in theme_startup.color_scheme_meta([{"scheme": "slate"}, {}])


def test_export_markdown_writes_the_pages_and_the_assets_they_need(tmp_path, minimal_dir):
    """Another generator gets the same pages, stylesheet and page script as the plugin."""
    out = tmp_path / "exported"
    code, stdout, _ = invoke(["export", "markdown", out, "--data-dir", minimal_dir,
                              "--today", "2026-11-01"])
    assert code == 0, stdout
    assert (out / "journeys/first-visit/index.md").read_text(encoding="utf-8").startswith("---")
    script = (out / scripts.PAGE_SCRIPT).read_text(encoding="utf-8")
    assert '"vendor/mermaid/mermaid.esm.min.mjs"' in script
    assert (out / "assets/journey-handbook.css").stat().st_size > 0
    assert not (out / scripts.SEARCH_WORKER).exists(), "search needs the plugin's index"
    # The pages themselves carry no search or loader markup: plain Markdown for any tool.
    assert "pagefind" not in (out / "journeys/first-visit/index.md").read_text(encoding="utf-8")


def test_every_generated_table_comes_in_materials_scrolling_box(site):
    """Material wraps each class-less table when the page loads, which styles and lays it out
    again: the build writes them wrapped already, with the class that keeps Material off."""
    tables = 0
    for url, html in pages(site).items():
        article = html[html.find("<article"):html.find("</article>")]
        assert "<table>" not in article, f"{url}: a table Material would move"
        tables += article.count('<table class="jh-prewrapped"')
        assert article.count('<table class="jh-prewrapped"') == article.count(
            '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
            '<table class="jh-prewrapped"'), url
    assert tables > 5
