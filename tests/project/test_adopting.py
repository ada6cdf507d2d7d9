"""The handbook in someone else's site: a new site from `journeys init`, and an existing site
with its own home page, its own `nav:` and `prefix:`. Both built strictly; a link checker
walks every page of the built site."""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import build_config
from journey_handbook.analysis.starter import init_handbook
from linkcheck import broken_links
from mkdocs.exceptions import Abort, PluginError

# Every page and anchor of the page contract the starter handbook has, as a reader links it.
CONTRACT = ["/", "/journeys/first-visit/#gives-consent", "/journeys/first-visit/#opportunities",
            "/personas/new-patient/", "/phases/consent/", "/backlog/#plain-consent-screen",
            "/touchpoints/#landing-page", "/evidence/#onboarding-interviews", "/reviews/"]

OWN_HOME = """\
# Welcome to the Example Clinic docs

Our [journey handbook](handbook/index.md), and the consent step of
[the first visit](handbook/journeys/first-visit/index.md#gives-consent).
"""


def existing_site(root: Path, nav: str | None, prefix: str = "handbook",
                  extensions: str = "") -> Path:
    """A site with pages of its own, the starter handbook, and a renamed journey id."""
    init_handbook(root)
    maps = root / "journeys/maps/first-visit.yml"
    text = maps.read_text(encoding="utf-8")
    maps.write_text(text.replace("title: First visit", "aliases: [old-visit]\ntitle: First visit",
                                 1), encoding="utf-8")
    (root / "docs/index.md").write_text(OWN_HOME, encoding="utf-8")
    (root / "docs/about.md").write_text("# About us\n\nA made-up clinic.\n", encoding="utf-8")
    (root / "docs/guides").mkdir()
    (root / "docs/guides/style.md").write_text("# Style guide\n\nPlain words.\n",
                                               encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(textwrap.dedent(f"""\
        site_name: Example Clinic docs
        theme:
          name: material
          features: [navigation.indexes]
        plugins:
          - search
          - journeys:
              prefix: {prefix}
              today: "2026-02-01"
        """) + (nav or "") + extensions, encoding="utf-8")
    return config


def nav_titles(html: str) -> list[str]:
    """Top-level entries of Material's primary navigation."""
    soup = BeautifulSoup(html, "html.parser")
    top = soup.select_one("nav.md-nav--primary > ul.md-nav__list")
    return [" ".join(li.find(["a", "label"]).get_text(" ", strip=True).split())
            for li in top.find_all("li", recursive=False)]


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    nav = ("nav:\n  - Home: index.md\n  - Customer journeys: (journeys)\n"
           "  - About: about.md\n  - Guides: [guides/style.md]\n")
    root = tmp_path_factory.mktemp("existing")
    return build_config(existing_site(root, nav))


def test_the_site_keeps_its_home_page_and_the_handbook_is_under_the_prefix(placed):
    home = placed.page("/")
    assert "Welcome to the Example Clinic docs" in home
    for url in CONTRACT:
        path, _, anchor = url.partition("#")
        page = placed.page("/handbook" + path)
        if anchor:
            assert f'id="{anchor}"' in page, f"/handbook{url} has no anchor"
    generated_outside = [p.relative_to(placed.root).as_posix()
                         for p in placed.root.rglob("*")
                         if p.is_file() and re.search(r"journey-handbook|/vendor/|^journeys/",
                                                      p.relative_to(placed.root).as_posix())
                         and not p.relative_to(placed.root).as_posix().startswith("handbook/")]
    assert not generated_outside, f"generated files outside the prefix: {generated_outside}"
    stub = placed.page("/handbook/journeys/old-visit/index.html")
    assert 'url=../first-visit/' in stub


def test_the_handbook_is_one_section_where_the_placeholder_is(placed):
    assert nav_titles(placed.page("/")) == ["Home", "Customer journeys", "About", "Guides"]
    soup = BeautifulSoup(placed.page("/handbook/"), "html.parser")
    section = soup.select("nav.md-nav--primary > ul.md-nav__list > li")[1]
    assert section.find("a")["href"] == "./", "the handbook's home is the section's index"
    inside = {a["href"] for a in section.select("ul a")}
    assert {"backlog/", "personas/new-patient/", "journeys/first-visit/board/"} <= inside


def test_no_broken_link_or_anchor_in_the_built_site(placed):
    assert broken_links(placed.root) == []


def test_search_and_mermaid_are_served_under_the_prefix(placed):
    page = placed.page("/handbook/journeys/first-visit/")
    worker = re.search(r'"search":\s*"([^"]+)"', page).group(1)
    assert worker.endswith("handbook/assets/journey-handbook-search.js")
    assert (placed.root / "handbook/journeys/first-visit" / worker).resolve().is_file()
    script = (placed.root / "handbook/assets/journey-handbook.js").read_text(encoding="utf-8")
    src = re.search(r'MERMAID_SRC = "([^"]+)"', script).group(1)
    assert (placed.root / "handbook/assets" / src).resolve().is_file()


def test_without_a_placeholder_the_handbook_is_appended(tmp_path):
    site = build_config(existing_site(tmp_path, "nav:\n  - index.md\n  - About: about.md\n"))
    titles = nav_titles(site.page("/about/"))
    assert titles[-1] == "Our journey handbook" and len(titles) == 3


def test_without_a_nav_the_sites_home_comes_first(tmp_path):
    site = build_config(existing_site(tmp_path, None))
    assert "Welcome to the Example Clinic docs" in site.page("/")
    titles = nav_titles(site.page("/about/"))
    assert titles[1] == "Our journey handbook"
    assert broken_links(site.root) == []


def test_a_new_site_from_init_builds_and_says_what_the_plugin_enabled(tmp_path, caplog):
    init_handbook(tmp_path, today=date(2025, 1, 1))  # overdue: the page shows an admonition
    with caplog.at_level("INFO", logger="mkdocs.plugins.journeys"):
        site = build_config(tmp_path / "mkdocs.yml")
    enabled = [r.getMessage() for r in caplog.records if "enabled" in r.getMessage()]
    assert len(enabled) == 1 and "attr_list" in enabled[0] and "mermaid fence" in enabled[0]
    page = site.page("/journeys/first-visit/")
    assert re.search(r'<pre\s+class="mermaid"><code>journey', page)
    assert 'class="headerlink"' in page, "toc permalinks"
    assert '<div class="admonition warning">' in page and "!!!" not in page
    assert broken_links(site.root) == []


def test_a_site_setting_that_would_break_the_diagrams_fails_the_build(tmp_path, caplog):
    broken = ("markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
              "        - name: math\n          class: math\n"
              "          format: !!python/name:pymdownx.superfences.fence_code_format\n")
    config = existing_site(tmp_path, None, extensions=broken)
    with pytest.raises((PluginError, Abort)):
        build_config(config)
    assert "pymdownx.superfences: custom_fences has no 'mermaid' fence" in caplog.text


def test_a_site_keeps_its_own_toc_settings(tmp_path):
    own = "markdown_extensions:\n  - toc:\n      permalink: false\n"
    site = build_config(existing_site(tmp_path, None, extensions=own))
    page = site.page("/handbook/journeys/first-visit/")
    assert 'class="headerlink"' not in page
    assert 'id="gives-consent"' in page


def test_a_prefix_that_is_not_a_folder_name_fails_the_build(tmp_path, caplog):
    with pytest.raises((PluginError, Abort)):
        build_config(existing_site(tmp_path, None, prefix='"../up"'))
    assert "journeys: prefix: '..' is not a plain folder name" in caplog.text


def test_the_change_feed_and_link_previews_follow_the_prefix(placed):
    """Own pages and handbook pages announce the feed where it is: under the prefix."""
    feed = placed.root / "handbook/changes/feed.xml"
    assert feed.is_file() and "<feed" in feed.read_text(encoding="utf-8")
    for url, expected in (("/", "handbook/changes/feed.xml"),
                          ("/about/", "../handbook/changes/feed.xml"),
                          ("/handbook/journeys/first-visit/", "../../changes/feed.xml")):
        head = placed.page(url).split("</head>")[0]
        assert f'type="application/atom+xml" title="What changed" href="{expected}"' in head
        assert 'property="og:title"' in head and f'property="og:url" content="{url}"' in head
