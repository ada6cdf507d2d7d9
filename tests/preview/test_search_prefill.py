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
from journey_handbook.incremental.store import DiskStore


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

    first_conversion = Conversions.before
    order: list[str] = []
    monkeypatch.setattr(Conversions, "before", lambda self, *args: order.append("convert")
                        or first_conversion(self, *args))
    prefill = search_prefill.Prefill._run
    monkeypatch.setattr(search_prefill.Prefill, "_run",
                        lambda self: order.append("prefill") or prefill(self))
    edit(data / "maps/payer-enrollment.yml", "action: ", "action: Quickly ")
    assert_same_site(clean_build(cached), clean_build(config))
    assert order[0] == "prefill", "a map edit feeds Pagefind before any page is converted"
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



@pytest.mark.parametrize("edit_files, expected", [
    ([], False),  # unchanged: the stored index will fit
    (["maps/m0.yml"], True),
    (["personas/p0.yml", "maps/m1.yml"], True),
    (["handbook.yml"], False),  # a shared file at the top changes most pages
    ([f"maps/m{n}.yml" for n in range(4)], False),  # more than a quarter of 12 files
    (["maps/new.yml"], True),  # a new map adds pages
])
def test_the_forecast_starts_feeding_at_once_only_after_a_few_map_or_persona_edits(
        tmp_path: Path, edit_files, expected):
    data = tmp_path / "data"
    for name in ["handbook.yml", "touchpoints.yml", "personas/p0.yml",
                 *(f"maps/m{n}.yml" for n in range(9))]:
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(f"title: Made-up {name}\n", encoding="utf-8")
    store = DiskStore(tmp_path / "cache", 1 << 30)
    site, frame = tmp_path / "site", b"mkdocs.yml and overrides"
    assert not search_prefill.Forecast(store, site, data, frame).few_pages_change()  # no last
    search_prefill.Forecast(store, site, data, frame).remember()
    for name in edit_files:
        (data / name).write_text("title: Edited\n", encoding="utf-8")
    assert search_prefill.Forecast(store, site, data, frame).few_pages_change() is expected
    if expected:  # another configuration or theme: no guess
        assert not search_prefill.Forecast(store, site, data, b"edited").few_pages_change()
