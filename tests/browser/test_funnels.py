"""Funnels in Chromium: the spec-only fixture (tests/fixtures/spec-funnels) at 1440x900 and
390x844, in both palettes: bars in stage order and as wide as their share, numbers readable
(axe's contrast rules), no sideways page scroll on a phone, and the same figures with
JavaScript off."""

from __future__ import annotations

import pytest

from .conftest import _built_and_served
from .harness import (
    AXE_JS,
    BLOCKING,
    REPO,
    RUN_AXE,
    WCAG_AA,
    describe,
    horizontal_overflow,
    page_problems,
)

pytestmark = pytest.mark.browser

DATA = REPO / "tests/fixtures/spec-funnels"
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
SHARES = [100.0, 40.0, 24.0, 20.4]  # hand-worked in the fixture's README
PAGES = ("/journeys/enrol/", "/funnels/", "/journeys/enrol/board/")

STAGES = """(root) => [...document.querySelectorAll(root + ' > ol.jh-funnel > li')]
  .map((li) => {
    const bar = li.querySelector('.jh-funnel__bar').getBoundingClientRect();
    const fill = li.querySelector('.jh-funnel__fill').getBoundingClientRect();
    const figures = li.querySelector('.jh-funnel__figures');
    return {top: li.getBoundingClientRect().top, share: 100 * fill.width / bar.width,
            text: figures.innerText, size: parseFloat(getComputedStyle(figures).fontSize),
            drop: li.innerText.includes('Biggest drop:')};
  })"""

ROWS = """() => [...document.querySelectorAll('.jh-funnels-table tbody tr')].map((tr) => ({
  id: tr.id, top: tr.getBoundingClientRect().top, link: tr.querySelector('th a').hash,
  cells: [...tr.children].map((c) => c.innerText.trim()),
  size: Math.min(...[...tr.children].map((c) => parseFloat(getComputedStyle(c).fontSize))),
  bars: document.querySelectorAll('.jh-funnel__bar').length}))"""

LANE = """() => [...document.querySelectorAll('#board_all .jh-funnel-item')].map((a) => ({
  left: a.getBoundingClientRect().left, text: a.innerText.replace(/\\s+/g, ' ').trim()}))"""


@pytest.fixture(scope="module")
def funnel_site(tmp_path_factory, chromium):
    yield from _built_and_served(tmp_path_factory, chromium, "funnels", DATA)


def visit_at(site, url: str, scheme: str, viewport: dict):
    context = site.new_context(scheme, viewport=viewport)
    return context, site.visit(url, context=context)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", sorted(VIEWPORTS))
def test_funnel_section_bars_in_order_readable_and_fitting(funnel_site, screenshot, size,
                                                           scheme):
    viewport = VIEWPORTS[size]
    problems: list[str] = []
    context = funnel_site.new_context(scheme, viewport=viewport)
    try:
        for url in PAGES:
            with funnel_site.visit(url, context=context) as visit:
                page = visit.page
                name = url.strip("/").replace("/", "-")
                if url == "/journeys/enrol/":
                    page.locator("#funnel").scroll_into_view_if_needed()
                    stages = page.evaluate(STAGES, "#funnel + .jh-funnel-section")
                    assert [round(s["share"], 1) for s in stages] == SHARES, stages
                    assert [s["top"] for s in stages] == sorted(s["top"] for s in stages)
                    assert [s["drop"] for s in stages] == [False, True, False, False]
                    assert stages[2]["text"].startswith("600 · 60% of the previous stage")
                    assert all(s["size"] >= 12 for s in stages)
                if url == "/funnels/":  # worst drop first, one row per journey, no bars
                    rows = page.evaluate(ROWS)
                    assert [(r["id"], r["link"]) for r in rows] == \
                        [("enrol", "#funnel"), ("renew", "#funnel")]
                    assert rows[0]["cells"][1:3] == \
                        ["20.4% on 2026-03-31", "Creates an account: 40% of the stage before"]
                    assert rows[0]["top"] < rows[1]["top"]
                    assert all(r["size"] >= 12 and r["bars"] == 0 for r in rows)
                if url == "/journeys/enrol/board/":
                    lane = page.evaluate(LANE)
                    assert [x["text"].split(" ·")[0] for x in lane] == \
                        ["2,500", "1,000", "600", "510"]
                    assert [x["left"] for x in lane] == sorted(x["left"] for x in lane)
                screenshot(page, f"funnel-{name}-{size}-{scheme}")
                problems += [f"{url}: {p}" for p in page_problems(funnel_site, visit)
                             if "scrolls sideways" not in p]
                if horizontal_overflow(page) > 0:
                    problems.append(f"{url} scrolls sideways at {viewport['width']}px")
                page.add_script_tag(path=str(AXE_JS))
                blocking = [v for v in page.evaluate(RUN_AXE, WCAG_AA)
                            if v["impact"] in BLOCKING]
                problems += [f"{url}: {describe(v)}" for v in blocking]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_funnel_reads_the_same_without_javascript(funnel_site):
    context = funnel_site.browser.new_context(viewport=VIEWPORTS["phone"],
                                              java_script_enabled=False)
    context.route("**/*", funnel_site._guard)
    try:
        page = context.new_page()
        page.goto(funnel_site.url("/journeys/enrol/"), wait_until="load")
        stages = page.evaluate(STAGES, "#funnel + .jh-funnel-section")
        assert [round(s["share"], 1) for s in stages] == SHARES
        section = page.locator(".jh-funnel-section")
        assert "20.4% end to end" in section.inner_text()
        # the other segment opens without a script
        page.locator("details.jh-funnel__segment summary").click()
        web = page.locator("details.jh-funnel__segment")
        assert "324 of 1,500 people" in web.inner_text()
        # its table of stages stacks as cards on a phone: nothing runs off to the side
        cards = web.locator("tbody tr").evaluate_all(
            "(rows) => rows.map((r) => r.getBoundingClientRect().right)")
        assert len(cards) == 4 and max(cards) <= VIEWPORTS["phone"]["width"]
        page.goto(funnel_site.url("/funnels/#renew"), wait_until="load")
        rows = page.locator("table tbody tr").all_inner_texts()
        assert rows[0].startswith("Enrol in care calls") and "20.4%" in rows[0]
        assert rows[1].startswith("Renew the plan") and "75%" in rows[1]
        # the journey's anchor is its row, and the row is in view below the header
        row = page.locator("tr#renew")
        assert "segment “web”" in row.inner_text()
        header = page.locator("header.md-header").bounding_box()
        box = row.bounding_box()
        assert header["y"] + header["height"] <= box["y"] < VIEWPORTS["phone"]["height"]
    finally:
        context.close()
