"""Wide tables on a phone: Material puts each in a box that scrolls sideways, and a keyboard
reader must be able to reach and scroll it (WCAG 2.1.1; axe: scrollable-region-focusable).
The build guide has the widest hand-written tables of the sample site."""

from __future__ import annotations

import pytest
from helpers import load
from journey_handbook.site import urls

from .harness import SAMPLE_DATA

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
BOXES = """() => Array.from(document.querySelectorAll('.md-typeset__scrollwrap')).map((b) => ({
  overflows: b.scrollWidth > b.clientWidth + 1, tabindex: b.getAttribute('tabindex'),
  role: b.getAttribute('role'), label: b.getAttribute('aria-label') || ''}))"""


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1440, "height": 900}],
                         ids=["phone", "desktop"])
def test_a_table_box_that_scrolls_is_a_named_keyboard_stop(sample_site, viewport):
    context = sample_site.new_context("light", viewport)
    try:
        page = context.new_page()
        page.goto(sample_site.url("/guides/build/"), wait_until="load")
        page.wait_for_function("() => document.querySelector('.md-typeset__scrollwrap')")
        page.wait_for_timeout(100)  # the script marks boxes right after Material wraps them
        boxes = page.evaluate(BOXES)
        assert boxes, "Material wrapped no table on the build guide"
        for box in boxes:
            if box["overflows"]:
                assert (box["tabindex"], box["role"]) == ("0", "region"), box
                assert box["label"].endswith("table, scrolls sideways"), box
            else:  # a table that fits adds no tab stop
                assert box["tabindex"] is None, box
        if viewport is PHONE:
            assert any(b["overflows"] for b in boxes), "no table overflows a phone"
            wide = page.locator(".md-typeset__scrollwrap[tabindex='0']").first
            wide.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(el) => el.scrollLeft > 0", arg=wide.element_handle())
    finally:
        context.close()


SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_no_page_scrolls_sideways_on_a_phone_without_javascript(sample_site):
    """Without the script, Material leaves each table in the page as an inline block that
    scrolls itself; full-width table rules and the header's hidden title must not undo that."""
    hb = load(SAMPLE_DATA)
    paths = [urls.url(p) for p in (
        urls.HOME, urls.BACKLOG, urls.TOUCHPOINTS, urls.EVIDENCE, urls.REVIEWS, urls.FUNNELS,
        urls.METRICS, *(urls.journey(j) for j in hb.journeys),
        urls.board(next(iter(hb.journeys))), urls.persona(next(iter(hb.personas))),
        urls.phase(next(iter(hb.phases))))]
    context = sample_site.new_context("light", PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        wide = {}
        for path in paths:
            page.goto(sample_site.url(path), wait_until="load")
            if (extra := page.evaluate(SIDEWAYS)) > 0:
                wide[path] = extra
        assert not wide, f"pages wider than a 390 px phone without JavaScript (px): {wide}"
    finally:
        context.close()
