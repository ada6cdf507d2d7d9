"""With a build cache, Pagefind is fed the last build's pages before this build writes any
(once a page's conversion missed the cache: an unchanged build's stored index fits), and only
the pages that differ are sent again (incremental/search_prefill.py). The index
must still equal a clean build's byte for byte; when the pages are not the last build's in
number or order, the build starts over from the pages on disk.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import SAMPLE, assert_same_site, clean_build, edit, write_config
from journey_handbook.incremental import search, search_prefill
from journey_handbook.incremental.pages import Conversions


def with_cache(config: Path, cache: Path) -> Path:
    """The same site, built into its own folder through `cache`."""
    text = config.read_text(encoding="utf-8").replace(
        "      today:", f"      cache_dir: {cache}\n      today:")
    cached = config.parent / "mkdocs-cached.yml"
    cached.write_text(text.replace(str(config.parent / "site"), str(config.parent / "cached")),
                      encoding="utf-8")
    return cached


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How many pages were fed from the cache, sent again, and how often a build started over."""
    counts = {"prefilled": 0, "sent again": 0, "started over": 0}
    prefill, replace = search_prefill.Prefill.__init__, search_prefill.Prefill.replace
    start_over = search.LiveIndex._start_over

    def counted_prefill(self, service, store, pages):
        counts["prefilled"] += len(pages)
        prefill(self, service, store, pages)

    def counted_replace(self, *args):
        counts["sent again"] += 1
        replace(self, *args)

    def counted_start_over(self):
        counts["started over"] += 1
        start_over(self)

    monkeypatch.setattr(search_prefill.Prefill, "__init__", counted_prefill)
    monkeypatch.setattr(search_prefill.Prefill, "replace", counted_replace)
    monkeypatch.setattr(search.LiveIndex, "_start_over", counted_start_over)
    return counts


def test_an_edit_sends_only_its_pages_again_and_a_new_page_feeds_written_pages(
        tmp_path: Path, counted, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    config = write_config(tmp_path / "build", data)
    cached = with_cache(config, tmp_path / "cache")
    clean_build(cached)  # fills the cache
    clean_build(cached)  # unchanged: the stored index fits, Pagefind reads nothing stored
    assert counted == {"prefilled": 0, "sent again": 0, "started over": 0}

    edit(data / "maps/payer-enrollment.yml", "action: ", "action: Quickly ")
    assert_same_site(clean_build(cached), clean_build(config))
    pages = counted["prefilled"]
    assert pages > 30 and 0 < counted["sent again"] < pages / 2, counted
    assert counted["started over"] == 0

    # The last build's pages gone from the cache (pruned): the build starts over from disk
    stored = search_prefill.page_key
    monkeypatch.setattr(search_prefill, "page_key", lambda store, digest: b"pruned")
    edit(data / "maps/payer-enrollment.yml", "action: Quickly ", "action: Calmly ")
    assert_same_site(clean_build(cached), clean_build(config))
    assert counted["started over"] == 1, counted
    monkeypatch.setattr(search_prefill, "page_key", stored)

    # A page more changes every page's conversion key (links are checked against the list
    # of files): most pages miss the cache, so Pagefind gets the written pages only
    (config.parent / "docs/added.md").write_text("# An added guide\n\nMade up.\n",
                                                 encoding="utf-8")
    assert_same_site(clean_build(cached), clean_build(config))
    assert counted["prefilled"] == 2 * pages and counted["started over"] == 1, counted


def test_a_map_edit_feeds_pagefind_before_any_page_is_converted(tmp_path: Path, monkeypatch):
    """Pagefind's reading of the last build's pages is the longest part of a one-step edit's
    build: after a map edit it starts with the build, not after a sample of conversions; a
    handbook.yml edit (most pages change) and an unchanged build do not feed it at all."""
    events: list[str] = []
    prefill, before = search_prefill.Prefill.__init__, Conversions.before

    def noted_prefill(self, *args):
        events.append("prefill")
        prefill(self, *args)

    def noted_before(self, *args):
        events.append("convert")
        return before(self, *args)

    monkeypatch.setattr(search_prefill.Prefill, "__init__", noted_prefill)
    monkeypatch.setattr(Conversions, "before", noted_before)
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    config = write_config(tmp_path / "build", data)
    cached = with_cache(config, tmp_path / "cache")
    clean_build(cached)
    clean_build(cached)
    assert "prefill" not in events

    events.clear()
    edit(data / "maps/payer-enrollment.yml", "action: ", "action: Quickly ")
    assert_same_site(clean_build(cached), clean_build(config))
    assert events[0] == "prefill" and events.count("prefill") == 1

    events.clear()
    edit(data / "handbook.yml", "goal: ", "goal: Plainly ")
    assert_same_site(clean_build(cached), clean_build(config))
    assert events[0] == "convert"
