"""How the preview is set up: the private MkDocs names it checks, the caches it can do
without, the theme templates whose shells it may reuse, when it collects garbage, how it
reads front matter, a retired option, and the search index's temporary folder."""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
import tempfile
import weakref
from pathlib import Path

import pytest
import yaml
from journey_handbook import mkdocs_internals as internals
from journey_handbook.incremental import preview as preview_module
from journey_handbook.incremental.idle_gc import IdleCollector
from journey_handbook.incremental.preview import CACHES, Preview
from journey_handbook.incremental.search import BackgroundIndex
from journey_handbook.plugin import JourneysPlugin
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.utils import meta as mkdocs_meta


@pytest.fixture
def fresh_check():
    preview_module._lacking.cache_clear()
    yield
    preview_module._lacking.cache_clear()


def test_this_mkdocs_has_every_private_name_the_caches_use():
    assert internals.missing() == []


def test_without_a_private_name_the_caches_are_off_said_in_one_line(monkeypatch, caplog,
                                                                      fresh_check):
    monkeypatch.delattr(mkdocs_pages, "_ExtractTitleTreeprocessor")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.journeys"):
        first, second = Preview(serving=True), Preview(serving=True)
    for preview in (first, second):
        assert preview.pages is None and preview.themed is None and preview.journeys is None
        assert preview.parse_cache is None and preview.templates is None
        assert preview.parts is None
        assert preview.background is not None, "search still runs after the pages"
        preview.close()
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["journeys: preview and build cache off: this MkDocs lacks "
                     "mkdocs.structure.pages._ExtractTitleTreeprocessor"]


@pytest.mark.parametrize("name", CACHES)
def test_each_cache_can_be_turned_off_for_measurement(monkeypatch, name):
    monkeypatch.setenv("JOURNEYS_PREVIEW_WITHOUT", name)
    preview = Preview(serving=True)
    found = {"parse": preview.parse_cache, "journeys": preview.journeys,
             "parts": preview.parts,
             "pages": preview.pages.entries if preview.pages else None,
             "themed": preview.themed,
             "templates": preview.templates, "search": preview.background,
             "sections": preview.pages.sections if preview.pages else None,
             "names": (preview.pages.naming or None) if preview.pages else None}
    # step parts are kept by journey: without the journeys cache there are none
    expected = ["journeys", "parts"] if name == "journeys" else [name]
    assert [cache for cache, value in found.items() if value is None] == expected
    preview.close()


def test_a_plain_build_keeps_nothing():
    preview = Preview(serving=False)
    assert (preview.pages, preview.journeys, preview.themed, preview.parse_cache) == \
        (None, None, None, None)


@pytest.mark.parametrize("template, reuse", [
    ('{% if "\\u003ch1" not in page.content %}<h1>x</h1>{% endif %}{{ page.content }}', True),
    ("{{ nav_item.meta.icon }}{{ nav_item.meta.status }}{{ page.meta.anything }}", True),
    ("{{ page.content | truncate(80) }}", False),
    ("{{ nav_item.meta.description }}", False),
    ('{{ nav_item.meta["description"] }}', False),
    ("{% if nav_item.meta and nav_item.meta.icon %}{{ config.meta }}", True),
    ("{{ nav_item.meta | tojson }}", False),
    ("{% set m = nav_item.meta %}{{ m.description }}", False),
    ('{{ lang.t("blog.meta") }}', True),
    ("{{ page.content | length }}", False),
])
def test_theme_shells_are_reused_only_with_templates_that_read_as_material(tmp_path, template,
                                                                          reuse):
    (tmp_path / "main.html").write_text(template, encoding="utf-8")
    assert internals.material_reads_as_known(internals.theme_templates([str(tmp_path)])) is reuse


def test_a_template_in_a_subfolder_of_an_override_counts(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "main.html").write_text("{{ page.content }}", encoding="utf-8")
    assert internals.material_reads_as_known(internals.theme_templates([str(tmp_path)]))
    (tmp_path / "partials/toc.html").write_text("{{ page.content[:200] }}", encoding="utf-8")
    assert not internals.material_reads_as_known(internals.theme_templates([str(tmp_path)]))


def test_the_installed_material_theme_reads_as_known():
    import material

    templates = Path(material.__file__).parent / "templates"
    assert internals.material_reads_as_known(internals.theme_templates([str(templates)]))


def test_the_retired_guides_title_option_is_accepted_with_a_line_saying_so(caplog):
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.journeys"):
        errors, warnings = JourneysPlugin().load_config({"guides_title": "Handbook guides"})
    assert (errors, warnings) == ([], [])
    assert any("'guides_title' is no longer used" in r.getMessage() for r in caplog.records)


class _Cycle:
    def __init__(self) -> None:
        self.me = self  # freed only by the cyclic collector


def test_idle_collections_free_what_a_rebuild_dropped_even_after_freezing_it():
    """While serving, garbage is collected between rebuilds and the survivors frozen; what a
    later rebuild drops is still freed by the next idle collection, so a long session does
    not grow."""
    collector = IdleCollector(delay=0.01)
    try:
        kept = _Cycle()
        dropped = weakref.ref(kept)
        collector.build_served()
        collector.wait()
        assert collector.collections == 1 and gc.get_freeze_count() > 0
        del kept
        gc.collect()
        assert dropped() is not None, "frozen: the collections inside a rebuild skip it"
        collector.build_served()
        collector.wait()
        assert dropped() is None
    finally:
        collector.close()
    assert gc.get_freeze_count() == 0


def test_a_save_before_the_idle_collection_skips_it():
    collector = IdleCollector(delay=30)
    try:
        collector.build_served()
        collector.build_started()
        collector.wait()
        assert collector.collections == 0
    finally:
        collector.close()


def test_front_matter_is_parsed_once_and_each_page_gets_its_own_copy(monkeypatch):
    monkeypatch.setattr(mkdocs_meta, "yaml", yaml)  # a serve preview an earlier test left open
    parsed = []
    real_load = yaml.load
    monkeypatch.setattr(yaml, "load", lambda text, loader: parsed.append(text)
                        or real_load(text, loader))
    memo = internals.FrontMatterMemo()
    memo.install()
    try:
        page = "---\ntitle: Enrollment\nhide:\n  - toc\n---\n\n# Body\n"
        body, first = mkdocs_meta.get_data(page)
        first["hide"].append("navigation")  # as a plugin may change `page.meta`
        assert mkdocs_meta.get_data(page) == ("# Body\n", {"title": "Enrollment",
                                                           "hide": ["toc"]})
        assert body == "# Body\n" and len(parsed) == 1
        broken = "---\ntitle: [unclosed\n---\n\nText\n"
        assert mkdocs_meta.get_data(broken) == mkdocs_meta.get_data(broken) == (broken, {})
        assert len(parsed) == 3, "a parse error is not kept"
    finally:
        memo.uninstall()
    assert mkdocs_meta.yaml is yaml


def test_two_previews_in_one_process_keep_reading_front_matter_whatever_closes_first(
        monkeypatch):
    monkeypatch.setattr(mkdocs_meta, "yaml", yaml)
    first, second = internals.FrontMatterMemo(), internals.FrontMatterMemo()
    first.install()
    second.install()
    try:
        first.uninstall()
        assert mkdocs_meta.get_data("---\ntitle: Claims\n---\n\nText\n")[1] == {
            "title": "Claims"}
    finally:
        second.uninstall()
        first.uninstall()
    assert mkdocs_meta.yaml is yaml


def test_the_search_indexs_temporary_folder_exists_only_while_a_serve_needs_it(tmp_path,
                                                                             monkeypatch):
    """Serves stopped without `on_shutdown` used to leave one empty folder each in /tmp."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    made = lambda: sorted(p.name for p in (tmp_path / "tmp").iterdir())  # noqa: E731
    BackgroundIndex().close()
    unused = BackgroundIndex()
    assert made() == [], "nothing is made before a rebuild needs it"
    del unused
    closed, dropped = BackgroundIndex(), BackgroundIndex()
    for index in (closed, dropped):
        index.set_aside(tmp_path / "site")
    assert len(made()) == 2 and all(n.startswith("journeys-search-") for n in made())
    closed.close()
    del dropped, index
    gc.collect()
    assert made() == []


def test_a_killed_serves_folder_goes_at_the_next_serves_first_rebuild(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    orphan = tmp_path / f"journeys-search-{ended}-abcd1234"
    (orphan / "kept").mkdir(parents=True)
    running = tmp_path / f"journeys-search-{os.getppid()}-abcd1234"
    running.mkdir()
    index = BackgroundIndex()
    index.set_aside(tmp_path / "site")
    assert not orphan.exists(), "the folder of a process that ended is removed"
    assert running.is_dir(), "a running process keeps its folder"
    assert [p.name for p in tmp_path.glob(f"journeys-search-{os.getpid()}-*")], "its own is made"
    index.close()
