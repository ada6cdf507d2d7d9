"""Future and nested maps in Chromium: the future board shows both feeling curves, each labelled
in words, at a workshop screen and a phone, in both palettes, with no serious axe finding; the
links between related maps work after Material's instant navigation.

The sample's future map is care-navigation-future (of care-navigation); its focused map
caregiver-proxy-access details steps of patient-symptom-checker.
"""

from __future__ import annotations

import pytest

from .harness import (
    AXE_JS,
    BLOCKING,
    RUN_AXE,
    SAMPLE_DATA,
    SCHEMES,
    WCAG_AA,
    describe,
    horizontal_overflow,
)
from .test_board import PHONE, WIDE, _handbook, opened

pytestmark = pytest.mark.browser

FUTURE_BOARD = "/journeys/care-navigation-future/board/"
FUTURE = _handbook(SAMPLE_DATA).journeys["care-navigation-future"]
SCORED = sum(s.emotion is not None for s in FUTURE.steps)
# the future steps that are on today's map (same id or an alias) and scored there
TODAY = sum(any(c.id in (s.id, *s.aliases) and c.emotion is not None
                for c in FUTURE.current.steps) for s in FUTURE.steps)

CURVES = """() => {
  const board = document.querySelector('.jh-board');
  const shown = (el) => { const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const pick = (sel) => [...board.querySelectorAll(sel)];
  const legend = document.querySelector('.jh-curve-legend');
  return {
    future: pick('circle.jh-curve__point').filter(shown).length,
    today: pick('rect.jh-curve__point--today').filter(shown).length,
    todayLabels: pick('.jh-curve__label--today').filter(shown).map((t) => t.textContent),
    futureLabels: pick('.jh-curve__label:not(.jh-curve__label--today)').filter(shown).length,
    dashed: pick('.jh-curve__line--today').map((l) => getComputedStyle(l).strokeDasharray),
    solid: pick('.jh-curve__line:not(.jh-curve__line--today)')
      .map((l) => getComputedStyle(l).strokeDasharray),
    legend: legend && shown(legend) ? legend.innerText : null,
  };
}"""


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("size", ["wide", "phone"])
def test_future_board_shows_both_curves_labelled(sample_site, screenshot, size, scheme):
    viewport = WIDE if size == "wide" else PHONE
    with opened(sample_site, FUTURE_BOARD, viewport, scheme) as visit:
        page = visit.page
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == SCHEMES[scheme]
        page.locator(".jh-board .jh-curve").scroll_into_view_if_needed()
        screenshot(page, f"future-board-{size}-{SCHEMES[scheme]}")
        facts = page.evaluate(CURVES)
        overflow = horizontal_overflow(page)
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(RUN_AXE, WCAG_AA)
        errors = visit.console_errors + visit.page_errors
    assert SCORED > 8 and 0 < TODAY < SCORED  # the sample: some steps new or unscored today
    assert facts["future"] == SCORED and facts["futureLabels"] == SCORED
    assert facts["today"] == TODAY and len(facts["todayLabels"]) == TODAY
    assert all(label.startswith("now ") for label in facts["todayLabels"])
    assert facts["dashed"] and all(d not in ("none", "") for d in facts["dashed"])
    assert facts["solid"] and all(d in ("none", "") for d in facts["solid"])
    assert "Future feeling" in facts["legend"] and "Today's feeling" in facts["legend"]
    assert overflow == 0, "the page scrolls sideways"
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(describe(v) for v in blocking)
    assert not errors


def _same_document_click(page, site, selector: str, expected: str) -> None:
    page.evaluate("() => { window.__sameDocument = true }")
    page.locator(selector).first.click()
    page.wait_for_url(site.url(expected))
    assert page.evaluate("() => window.__sameDocument === true"), f"{selector} reloaded"


def test_nested_and_future_links_work_after_instant_navigation(sample_site):
    with opened(sample_site, "/journeys/patient-symptom-checker/") as visit:
        page = visit.page
        # parent -> focused map (the "Detailed in" table), then back to the parent's step
        _same_document_click(page, sample_site, "a[href$='/caregiver-proxy-access/']",
                             "/journeys/caregiver-proxy-access/")
        page.wait_for_selector(".admonition >> text=Focused map")
        note = page.locator(".admonition", has_text="Focused map")
        assert "steps 5–6" in note.inner_text()
        _same_document_click(page, sample_site, '.admonition a[href$="#caregiver-proxy-consent"]',
                             "/journeys/patient-symptom-checker/#caregiver-proxy-consent")
        # scrolled down to the step (it is far below the top of the page)
        page.wait_for_function("() => document.getElementById('caregiver-proxy-consent') "
                               "&& scrollY > 300")
        # the nav lists the focused map under its parent
        nested = page.locator("nav.md-nav--primary a[href$='caregiver-proxy-access/']")
        assert nested.count() >= 1
        # a current map -> its future map's comparison, then the future board
        page.goto(sample_site.url("/journeys/care-navigation/"))
        _same_document_click(page, sample_site, "a[href$='care-navigation-future/#compare']",
                             "/journeys/care-navigation-future/#compare")
        page.wait_for_selector("#compare_steps ~ div table", state="visible")
        _same_document_click(page, sample_site, "a.jh-board-button",
                             "/journeys/care-navigation-future/board/")
        page.wait_for_selector(".jh-curve-legend", state="visible")
        _same_document_click(page, sample_site, '.jh-board-relation a[href$="care-navigation/"]',
                             "/journeys/care-navigation/")
        errors = visit.console_errors + visit.page_errors
    assert not errors
