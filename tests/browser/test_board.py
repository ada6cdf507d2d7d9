"""The journey board and /moments/ in Chromium: width, sticky headers, curve alignment, role
focus after instant navigation, hand-off markers, accessibility, phones; screenshots of each.

Measured at 1440x900 (a workshop laptop or a meeting-room screen) and 390x844 (a phone).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from .harness import (
    AXE_JS,
    BLOCKING,
    HOSTILE_DATA,
    PHONE,
    RUN_AXE,
    SAMPLE_DATA,
    SCHEMES,
    WCAG_AA,
    describe,
    horizontal_overflow,
    watch,
)

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
ALIGN_PX = 4


def _handbook(data_dir):
    from journey_handbook.data.loader import load_handbook

    return load_handbook(data_dir).handbook


SAMPLE = _handbook(SAMPLE_DATA)
HOSTILE = _handbook(HOSTILE_DATA)
BOARDS = ([pytest.param("sample", j, id=f"sample:{j}") for j in sorted(SAMPLE.journeys)]
          + [pytest.param("hostile", j, id=f"hostile:{j}") for j in sorted(HOSTILE.journeys)])
HANDBOOKS = {"sample": SAMPLE, "hostile": HOSTILE}


@contextmanager
def opened(site, path: str, viewport=WIDE, scheme: str = "light"):
    context = site.new_context(scheme, viewport=viewport)
    try:
        page = context.new_page()
        visit = watch(page, site, path)
        page.goto(site.url(path), wait_until="load")
        yield visit
    finally:
        context.close()


def board_facts(page) -> dict:
    return page.evaluate("""() => {
      const board = document.querySelector('.jh-board');
      const centre = (el) => { const r = el.getBoundingClientRect(); return r.x + r.width / 2; };
      const cards = Object.fromEntries([...board.querySelectorAll('.jh-card')]
        .map((c) => [c.dataset.step, centre(c)]));
      const points = [...board.querySelectorAll('circle.jh-curve__point')]
        .map((p) => [p.dataset.step, centre(p)]);
      return {width: board.clientWidth, scrollWidth: board.scrollWidth, cards, points,
              outs: [...board.querySelectorAll('.jh-handoff--out')].map((m) => m.dataset.step)};
    }""")


@pytest.mark.parametrize(("handbook", "journey_id"), BOARDS)
def test_board_is_wide_aligned_and_shows_every_handoff(request, handbook, journey_id):
    site = request.getfixturevalue(f"{handbook}_site")
    journey = HANDBOOKS[handbook].journeys[journey_id]
    with opened(site, f"/journeys/{journey_id}/board/") as visit:
        page = visit.page
        facts = board_facts(page)
        overflow = horizontal_overflow(page)
        sidebars = page.evaluate("""() => [...document.querySelectorAll('.md-sidebar')]
            .filter((s) => s.offsetWidth > 0 && getComputedStyle(s).visibility !== 'hidden'
                           && s.querySelector('a')).length""")
        errors = visit.console_errors + visit.page_errors
    assert facts["width"] > 1200, f"the board is {facts['width']}px wide at 1440px"
    assert overflow == 0, "the page itself scrolls sideways"
    assert sidebars == 0, "navigation or table of contents shown beside the board"
    misaligned = [(step, x, facts["cards"][step]) for step, x in facts["points"]
                  if abs(x - facts["cards"][step]) > ALIGN_PX]
    assert not misaligned, f"curve points off their cards' centres: {misaligned}"
    scored = [s.id for s in journey.steps if s.emotion is not None]
    assert [step for step, _ in facts["points"]] == scored
    assert facts["outs"] == [s.id for s in journey.steps if s.handoff_to is not None]
    assert not errors


def test_phase_headers_and_lane_labels_stay_in_view(sample_site):
    with opened(sample_site, "/journeys/clinic-platform-adoption/board/") as visit:
        page = visit.page
        before = page.evaluate("""() => {
          const b = document.querySelector('.jh-board');
          return {scrollable: [b.scrollHeight > b.clientHeight, b.scrollWidth > b.clientWidth]};
        }""")
        after = page.evaluate("""() => {
          const b = document.querySelector('.jh-board');
          b.scrollTop = b.scrollHeight; b.scrollLeft = b.scrollWidth;
          const box = b.getBoundingClientRect();
          const phases = [...b.querySelectorAll('.jh-board-grid--screen .jh-phase')];
          const visible = phases.filter((p) => {
            const r = p.getBoundingClientRect(); return r.right > box.left + 150; });
          const label = b.querySelector('.jh-lane-label[data-lane="opportunities"]');
          return {phaseTop: visible.map((p) => p.getBoundingClientRect().top - box.top),
                  labelLeft: label.getBoundingClientRect().left - box.left,
                  scrolled: [b.scrollTop, b.scrollLeft]};
        }""")
    assert before["scrollable"] == [True, True], "the board should scroll both ways here"
    assert min(after["scrolled"]) > 0
    assert after["phaseTop"] and all(abs(t) <= 2 for t in after["phaseTop"]), after
    assert abs(after["labelLeft"]) <= 2, after


def visible_lanes(page) -> dict:
    return page.evaluate("""() => {
      const b = document.querySelector('.jh-board');
      const shown = (el) => el.offsetParent !== null;
      return {
        lanes: [...b.querySelectorAll('.jh-lane-label')].filter(shown).map((l) => l.dataset.lane),
        handoffs: [...b.querySelectorAll('.jh-handoff')].filter(shown)
          .map((m) => [m.dataset.from, m.dataset.to]),
        bar: (() => { const bar = document.querySelector('.jh-focus-bar');
                      return bar.hidden ? null : bar.textContent; })(),
      };
    }""")


def test_role_focus_works_after_instant_navigation(sample_site):
    journey = SAMPLE.journeys["clinic-platform-adoption"]
    role = journey.steps[3].handoff_to  # receives a hand-off and acts: both markers
    touching = sorted({(s.actor.id, s.handoff_to.id) for s in journey.steps
                       if s.handoff_to is not None and role.id in (s.actor.id, s.handoff_to.id)})
    with opened(sample_site, f"/journeys/{journey.id}/") as visit:
        page = visit.page
        # Material intercepts clicks only once it has the sitemap (the navigation test)
        page.wait_for_load_state("networkidle")
        page.evaluate("() => { window.__sameDocument = true }")
        page.locator("a.jh-board-button").click()
        page.wait_for_url(sample_site.url(f"/journeys/{journey.id}/board/"))
        page.wait_for_selector(".jh-board")
        assert page.evaluate("() => window.__sameDocument === true"), "the click reloaded"
        all_lanes = visible_lanes(page)

        page.locator(f'.jh-roles a[href$="#role-{role.id}"]').click()
        page.wait_for_function("() => !document.querySelector('.jh-focus-bar').hidden")
        focused = visible_lanes(page)

        page.locator(".jh-focus-bar a").click()
        page.wait_for_function("() => document.querySelector('.jh-focus-bar').hidden")
        back = visible_lanes(page)

        # A planning doc's link, followed in the site: straight to one role.
        other = journey.steps[0].actor
        page.evaluate("""(href) => { const a = document.createElement('a');
            a.href = href; a.textContent = 'x'; document.querySelector('article').append(a);
            a.click(); }""", f"/journeys/{journey.id}/board/#role-{other.id}")
        page.wait_for_function(
            "(id) => document.querySelector('.jh-focus-name').textContent !== '' "
            "&& location.hash === '#role-' + id", arg=other.id)
        followed = visible_lanes(page)
        same_document = page.evaluate("() => window.__sameDocument === true")
        errors = visit.console_errors + visit.page_errors

    assert len(all_lanes["lanes"]) > 3 and all_lanes["bar"] is None
    assert focused["lanes"] == [f"role-{role.id}"], focused
    assert sorted(set(map(tuple, focused["handoffs"]))) == touching
    assert role.name in focused["bar"] and "Show all lanes" in focused["bar"]
    assert back["lanes"] == all_lanes["lanes"]
    assert followed["lanes"] == [f"role-{other.id}"]
    assert same_document
    assert not errors


def test_phone_scrolls_the_board_not_the_page(sample_site, screenshot):
    for scheme, palette in SCHEMES.items():
        with opened(sample_site, "/journeys/clinic-platform-adoption/board/", PHONE,
                    scheme) as visit:
            page = visit.page
            screenshot(page, f"board-phone-{palette}")
            sizes = page.evaluate("""() => { const b = document.querySelector('.jh-board');
                return [b.scrollWidth, b.clientWidth]; }""")
            assert sizes[0] > sizes[1] + 100, f"the board does not scroll sideways: {sizes}"
            assert horizontal_overflow(page) == 0, "the page scrolls sideways on a phone"


SCREENS = {
    "board": "/journeys/clinic-platform-adoption/board/",
    "board-short": "/journeys/caregiver-proxy-access/board/",
    "moments": "/moments/",
}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_new_pages_have_no_serious_accessibility_violation(sample_site, screenshot, name,
                                                           scheme):
    with opened(sample_site, SCREENS[name], WIDE, scheme) as visit:
        page = visit.page
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == SCHEMES[scheme]
        screenshot(page, f"{name}-wide-{SCHEMES[scheme]}")
        if name == "moments":
            page.set_viewport_size(PHONE)
            screenshot(page, f"{name}-phone-{SCHEMES[scheme]}")
            page.set_viewport_size(WIDE)
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(RUN_AXE, WCAG_AA)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{SCREENS[name]} ({SCHEMES[scheme]}):\n" + \
        "\n".join(describe(v) for v in blocking)


def test_hostile_board_accessibility_and_screenshot(hostile_site, screenshot):
    with opened(hostile_site, "/journeys/hostile-everything/board/") as visit:
        page = visit.page
        screenshot(page, "hostile-board-wide-default")
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(RUN_AXE, WCAG_AA)
        pwned = page.evaluate("() => typeof window.__pwned")
    assert pwned == "undefined"
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(describe(v) for v in blocking)


def test_hostile_board_focuses_a_role_from_a_link(hostile_site):
    journey = HOSTILE.journeys["hostile-everything"]
    role = next(s.handoff_to for s in journey.steps if s.handoff_to is not None)
    with opened(hostile_site, f"/journeys/{journey.id}/board/#role-{role.id}") as visit:
        page = visit.page
        page.wait_for_function("() => !document.querySelector('.jh-focus-bar').hidden")
        focused = visible_lanes(page)
        name = page.locator(".jh-focus-name").inner_text()
    assert focused["lanes"] == [f"role-{role.id}"]
    assert focused["handoffs"] and all(role.id in pair for pair in focused["handoffs"])
    bidi = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])  # dropped on pages
    assert " ".join(name.split()) == " ".join(role.name.translate(bidi).split())
