"""Full MkDocs builds of small handbooks: the URL contract, edit links, nav, search, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT, build_config, build_site, write_config
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort


@pytest.fixture
def data(minimal_dir: Path) -> Path:
    """The minimal handbook copied to <tmp>/journeys, beside the site's docs/."""
    return minimal_dir


@pytest.fixture
def site(tmp_path: Path, data: Path):
    return build_site(tmp_path, data, guides={"guides/editing.md": "# Editing\n\nHow to edit.\n"})


CONTRACT = {
    "/": set(),
    "/journeys/first-visit/": {"search", "give-consent", "welcome", "recheck", "opportunities"},
    "/personas/new-patient/": set(),
    "/personas/care-coordinator/": set(),
    "/phases/awareness/": {"new-patient"},
    "/phases/consent/": {"new-patient"},
    "/phases/onboarding/": set(),
    "/backlog/": {"shorter-consent", "welcome-script"},
    "/touchpoints/": {"landing-page", "consent-form", "welcome-call", "onboarding-sms"},
    "/evidence/": {"funnel-2026", "interviews-q3"},
    "/reviews/": set(),
    "/audiences/patient/": set(),
}


@pytest.mark.parametrize("url", sorted(CONTRACT))
def test_every_contract_url_and_anchor_exists(site, url):
    missing = CONTRACT[url] - site.ids(url)
    assert not missing, f"{url} lacks anchors {missing}"


def test_every_journey_of_an_audience_is_listed_in_the_nav(tmp_path, data):
    """Audience groups have their own index page, so no journey becomes a group's index."""
    second = data / "maps/second-visit.yml"
    second.write_text((data / "maps/first-visit.yml").read_text()
                      .replace("title: First visit", "title: Second visit")
                      .replace("shorter-consent", "shorter-consent-2")
                      .replace("welcome-script", "welcome-script-2")
                      .replace("first-visit/search", "second-visit/search"))
    html = build_site(tmp_path, data).page("/audiences/patient/")
    nav = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
    assert "First visit" in nav and "Second visit" in nav


def test_home_page_title_is_not_doubled(tmp_path, data):
    handbook = data / "handbook.yml"
    handbook.write_text(handbook.read_text().replace("title: Acme Health handbook",
                                                     "title: Test handbook"))
    html = build_site(tmp_path, data).page("/")
    assert "<title>Test handbook</title>" in html


def test_step_alias_keeps_its_anchor(site):
    assert "search-again" in site.ids("/journeys/first-visit/")


def test_backlog_downloads_are_published(site):
    assert (site.root / "backlog/backlog.csv").read_text().startswith(("id,", '"id"'))
    assert (site.root / "backlog/backlog.json").is_file()
    html = site.page("/backlog/")
    assert 'href="backlog.csv"' in html and 'href="backlog.json"' in html


def test_edit_link_opens_the_yaml_file(site):
    html = site.page("/journeys/first-visit/")
    assert 'href="https://github.com/acme/handbook/edit/main/journeys/maps/first-visit.yml"' \
        in html
    persona = site.page("/personas/new-patient/")
    assert "edit/main/journeys/personas/new-patient.yml" in persona


def test_edit_uri_template_is_supported(tmp_path, data):
    site = build_site(tmp_path, data, edit="edit_uri_template: 'blob/main/docs/{path}'")
    html = site.page("/journeys/first-visit/")
    assert "https://github.com/acme/handbook/blob/main/journeys/maps/first-visit.yml" in html


def test_nav_lists_sections_in_order_then_guides(site):
    html = site.page("/")
    nav = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
    order = ["Journeys", "Personas", "Phases", "Backlog", "Touchpoints", "Evidence", "Reviews",
             "Guides"]
    labels = [re.sub(r"\s+", " ", t).strip() for t in re.findall(r">([^<>]+)<", nav)]
    # The active page's table of contents is embedded first: use each title's last place.
    positions = [max(i for i, label in enumerate(labels) if label == title) for title in order]
    assert positions == sorted(positions), labels
    assert "Editing" in labels[positions[-1]:], "hand-written guides come last"


def test_search_finds_a_step_by_its_words(site):
    """A step's words are indexed once, on its journey page under its anchor; the copies on
    phase, persona, touchpoint and backlog pages stay out of the index."""
    hits = [p for p in site.pagefind_pages() if "Searches for a symptom" in p["content"]]
    assert [p["url"] for p in hits] == ["/journeys/first-visit/"]
    assert "search" in {a["id"] for a in hits[0]["anchors"]}


def test_data_error_fails_the_build_with_file_line_column(tmp_path, data, caplog):
    journey = data / "maps/first-visit.yml"
    journey.write_text(journey.read_text().replace("phase: consent", "phase: consnt"))
    with pytest.raises(Abort):
        build_site(tmp_path, data)
    line = next(i for i, text in enumerate(journey.read_text().splitlines(), 1)
                if "consnt" in text)
    assert f"maps/first-visit.yml:{line}:12: error: unknown phase 'consnt'" in caplog.text
    assert not (tmp_path / "site/journeys/first-visit/index.html").exists(), \
        "nothing may be half-published"


def test_serve_shows_errors_and_recovers(tmp_path, data):
    config = write_config(tmp_path, data)
    cfg = load_config(str(config))
    cfg.plugins.on_startup(command="serve", dirty=False)
    journey = data / "maps/first-visit.yml"
    good = journey.read_text()

    build(cfg)
    page = tmp_path / "site/journeys/first-visit/index.html"
    assert "data has errors" not in page.read_text()

    journey.write_text(good.replace("action: Calls the patient", "acton: Calls the patient"))
    cfg = load_config(str(config))  # serve reloads the config; plugin instances persist
    build(cfg)
    html = page.read_text()
    assert "data has errors" in html and "unknown field" in html and "acton" in html
    assert "Searches for a symptom" in html, "the last good content stays readable"

    journey.write_text(good)
    cfg = load_config(str(config))
    build(cfg)
    assert "data has errors" not in page.read_text()
    cfg.plugins.on_shutdown()


def test_serve_with_broken_data_from_the_start_shows_the_errors(tmp_path, data):
    (data / "maps/first-visit.yml").write_text("title: [unclosed\n")
    cfg = load_config(str(write_config(tmp_path, data)))
    cfg.plugins.on_startup(command="serve", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    html = (tmp_path / "site/index.html").read_text()
    assert "first-visit.yml:2:1" in html or "first-visit.yml:1:" in html


def test_hostile_text_is_shown_as_text(tmp_path, data):
    journey = data / "maps/first-visit.yml"
    journey.write_text(journey.read_text().replace(
        "action: Searches for a symptom",
        "action: '<script>alert(1)</script> <b>bold</b> [x](javascript:alert(2))'"))
    html = build_site(tmp_path, data).page("/journeys/first-visit/")
    assert "<script>alert(1)" not in html
    assert "<b>bold</b>" not in html
    assert 'href="javascript:' not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_renamed_journey_redirects(tmp_path, data):
    journey = data / "maps/first-visit.yml"
    journey.write_text(journey.read_text() + "aliases: [old-visit]\n")
    site = build_site(tmp_path, data)
    stub = site.page("/journeys/old-visit/")
    assert 'url=../first-visit/' in stub and "location.hash" in stub


def test_repository_config_builds_the_sample_handbook_strictly(tmp_path):
    repo = ROOT
    cfg = repo / "mkdocs.yml"
    text = cfg.read_text().replace("site_name:", f"site_dir: {tmp_path / 'site'}\nsite_name:", 1)
    copy = repo / f".mkdocs-test-{tmp_path.name}.yml"
    copy.write_text(text)
    try:
        site = build_config(copy)
    finally:
        copy.unlink()
    assert (site.root / "index.html").is_file()
    assert (site.root / "journeys/patient-symptom-checker/index.html").is_file()
