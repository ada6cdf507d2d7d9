"""A new user's site, built from the installed wheel (`journeys init` and the minimal
mkdocs.yml in an empty folder), and an existing site with the handbook under `prefix:`:
their diagrams draw with no request to another origin, and the contract's anchors exist."""

from __future__ import annotations

import textwrap

import pytest
from helpers import build_config
from journey_handbook.analysis.starter import init_handbook

from .harness import LocalServer, SiteUnderTest, expected_diagrams, page_problems, survey

pytestmark = pytest.mark.browser

ANCHORS = {
    "/journeys/first-visit/": ["finds-us", "gives-consent", "gets-care", "opportunities"],
    "/backlog/": ["plain-consent-screen"],
    "/touchpoints/": ["landing-page", "consent-screen"],
    "/evidence/": ["onboarding-interviews"],
}


def served(root, chromium):
    server = LocalServer()
    server.serve(root)
    return server, SiteUnderTest(root.name, root, server, chromium)


def diagram_and_anchor_problems(site: SiteUnderTest, prefix: str = "") -> list[str]:
    pages = sorted(p.parent.relative_to(site.root).as_posix()
                   for p in (site.root / prefix).rglob("index.html"))
    urls = [("/" + p + "/").replace("/./", "/").replace("//", "/") for p in pages]
    with_diagrams = [u for u in urls if expected_diagrams(site.root, u) > 0]
    # the journey page's journey and hand-off diagrams (the backlog's chart is inline SVG)
    assert sum(expected_diagrams(site.root, u) for u in with_diagrams) >= 2, with_diagrams
    reports = survey(site, with_diagrams, page_problems)
    problems = [f"{url}: {p}" for url, found in reports.items() for p in found]
    for url, anchors in ANCHORS.items():
        with site.visit(f"/{prefix}{url.lstrip('/')}") as visit:
            missing = visit.page.evaluate(
                "ids => ids.filter(id => !document.getElementById(id))", anchors)
            problems += [f"/{prefix}{url.lstrip('/')}#{a} does not exist" for a in missing]
    return problems


@pytest.mark.xdist_group("wheel")  # with tests/project/test_wheel.py: one wheel a run
def test_a_new_users_site_from_the_wheel_draws_offline(started_from_wheel, chromium,
                                                       screenshot):
    folder, _ = started_from_wheel
    server, site = served(folder / "site", chromium)
    try:
        assert diagram_and_anchor_problems(site) == []
        for name, viewport in (("wide", {"width": 1440, "height": 900}),
                               ("phone", {"width": 390, "height": 844})):
            context = site.new_context(viewport=viewport)
            page = context.new_page()
            # Diagrams are drawn near the viewport: the survey above checked them all.
            page.goto(site.url("/journeys/first-visit/#gives-consent"), wait_until="load")
            assert page.evaluate("window.scrollY") > 0, "the step anchor did not scroll"
            screenshot(page, f"adopting-new-site-journey-{name}")
            context.close()
    finally:
        site.close()
        server.stop()


def test_the_handbook_under_a_prefix_draws_offline(tmp_path, chromium, screenshot):
    init_handbook(tmp_path)
    (tmp_path / "docs/index.md").write_text("# Example Clinic docs\n\nOur own home page.\n",
                                            encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(textwrap.dedent("""\
        site_name: Example Clinic docs
        theme: {name: material, features: [navigation.indexes]}
        nav: [index.md, (journeys)]
        plugins: [search, {journeys: {prefix: handbook, today: "2026-02-01"}}]
        """), encoding="utf-8")
    built = build_config(config)
    server, site = served(built.root, chromium)
    try:
        assert diagram_and_anchor_problems(site, "handbook/") == []
        with site.visit("/handbook/journeys/first-visit/") as visit:
            screenshot(visit.page, "adopting-prefix-journey")
    finally:
        site.close()
        server.stop()
