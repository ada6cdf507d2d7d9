"""The search index a build makes while it writes the pages (Pagefind's service, fed page by
page) against the one Pagefind's CLI makes of the finished site.

tests/browser/test_search_index.py asks both the same questions in Chromium; these compare
the stored index and check failures, with no browser.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import SAMPLE, Site, build_config, build_site, write_config
from journey_handbook.incremental import search as incremental_search
from journey_handbook.site import search
from mkdocs.commands.build import build
from mkdocs.config import load_config


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[Site, Site]:
    """The sample built (its index made during the build), and a copy of the finished site
    indexed by the CLI."""
    tmp = tmp_path_factory.mktemp("search-index")
    built = build_site(tmp / "build", SAMPLE)
    copy = tmp / "cli-site"
    shutil.copytree(built.root, copy, ignore=shutil.ignore_patterns(search.PAGEFIND_DIR))
    search.run_pagefind(copy)
    return built, Site(copy, [])


def entry(site: Site) -> dict:
    return json.loads((site.root / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))


def test_the_index_made_while_building_holds_what_the_cli_makes_of_the_finished_site(both):
    built, cli = both
    # Each page's fragment (URL, title, indexed text, anchors) is named by its content's hash:
    # the same names are the same pages, read the same way (the same excluded selectors).
    fragments = {p.name for p in (built.root / "pagefind/fragment").iterdir()}
    assert fragments == {p.name for p in (cli.root / "pagefind/fragment").iterdir()}
    by_url = sorted(built.pagefind_pages(), key=lambda p: p["url"])
    assert by_url == sorted(cli.pagefind_pages(), key=lambda p: p["url"])
    assert len(by_url) > 20 and all(p["url"].startswith("/") for p in by_url)
    assert entry(built)["languages"].keys() == entry(cli)["languages"].keys()
    assert [lang["page_count"] for lang in entry(built)["languages"].values()] == \
        [lang["page_count"] for lang in entry(cli)["languages"].values()]
    # the engine and its UI files are Pagefind's own, byte for byte
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"):
        assert (built.root / "pagefind" / name).read_bytes() == \
            (cli.root / "pagefind" / name).read_bytes()
    assert not list(built.root.glob(".journeys-search-*")), "the index is written aside"


def test_material_index_is_still_retired(both):
    built, _ = both
    data = json.loads((built.root / "search/search_index.json").read_text(encoding="utf-8"))
    assert data["docs"] == [] and data["config"]


def test_a_missing_pagefind_is_reported_as_before(tmp_path, minimal_dir, monkeypatch):
    monkeypatch.setattr(search, "get_executable", None)
    built = build_config(write_config(tmp_path, minimal_dir), allowed_warnings=(".",),
                         strict=False)
    site, warnings = built.root, built.warnings
    assert warnings == ["journeys: search index not built: the pagefind-bin package is not "
                        "installed (pip install pagefind-bin)"]
    assert not (site / "pagefind").exists()


def test_when_the_service_fails_the_cli_indexes_the_site(tmp_path, minimal_dir, monkeypatch):
    def fail(self, output):
        raise search.SearchIndexError("Pagefind failed: made up for the test")

    monkeypatch.setattr(incremental_search.PagefindService, "write", fail)
    site = build_site(tmp_path, minimal_dir)  # no warning: the index is complete
    assert site.pagefind_pages() and not list(site.root.glob(".journeys-search-*"))


def test_a_failed_build_leaves_no_index_and_no_pagefind_running(tmp_path, minimal_dir,
                                                                 monkeypatch):
    started = []

    class Recorded(incremental_search.PagefindService):
        def __init__(self, cwd):
            super().__init__(cwd)
            started.append(self)

    pages_marked, mark_page = [], search.mark_page

    def mark_then_fail(html: str, prefix: str = "") -> str:
        pages_marked.append(1)
        if len(pages_marked) == 4:  # three pages are written and fed by then
            raise RuntimeError("a page hook broke (made up for the test)")
        return mark_page(html, prefix)

    monkeypatch.setattr(incremental_search, "PagefindService", Recorded)
    monkeypatch.setattr(search, "mark_page", mark_then_fail)
    cfg = load_config(str(write_config(tmp_path, minimal_dir)))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        with pytest.raises(RuntimeError, match="a page hook broke"):
            build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    site = Path(cfg.site_dir)
    assert len(started) == 1, "the build indexed its pages as they came"
    assert started[0]._process.poll() is not None, "Pagefind was stopped with the build"
    assert not (site / "pagefind").exists() and not list(site.glob(".journeys-search-*"))
