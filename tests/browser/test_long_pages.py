"""Long pages on a phone: what the browser may skip until it is near, and fingers' targets.

The backlog's opportunity details, a phase's content needs and a journey's map grid are laid
out only when they come near the screen (content-visibility, long-pages.css): that must not
hide anything from a reader who jumps to an anchor or scrolls, nor from a page without
JavaScript. Links stacked in a step's fact sheet must be at least 24 px apart (WCAG 2.5.8).

A handbook of 42 generated journeys (84 opportunities) is long: there whole opportunity
sections, the priority table, the home journeys table and each journey's content needs on a
phase page are skipped blocks with a height the build reserves (`jh-long`).
"""

from __future__ import annotations

import pytest
from helpers import benchmark
from journey_handbook.data.loader import load_handbook

from .conftest import _built_and_served
from .harness import PHONE, REPO, RUN_AXE, SAMPLE_DATA, describe

pytestmark = pytest.mark.browser

# Whether the browser skips an element's content (content-visibility: auto, off screen).
SKIPPED = "(el) => !el.checkVisibility({contentVisibilityAuto: true})"


@pytest.fixture(scope="module")
def handbook():
    result = load_handbook(SAMPLE_DATA, privacy="warn")
    assert result.handbook is not None
    return result.handbook


def test_far_opportunity_details_are_skipped_until_a_reader_gets_there(sample_site, handbook):
    last = handbook.backlog()[-1].id
    context = sample_site.new_context("light", PHONE)
    try:
        page = context.new_page()
        page.goto(sample_site.url("/backlog/"), wait_until="load")
        details = page.locator(f"#{last} ~ ul").first
        item = details.locator("li").first
        assert item.evaluate(SKIPPED), "the last opportunity's details were laid out at load"
        # Jumping to its anchor (the table of contents, a link from a journey) shows it whole.
        page.close()
        page = context.new_page()
        page.goto(sample_site.url(f"/backlog/#{last}"), wait_until="load")
        details = page.locator(f"#{last} ~ ul").first
        page.wait_for_function(f"(sel) => !({SKIPPED})(document.querySelector(sel))",
                               arg=f"#{last} ~ ul > li")
        heading = page.locator(f"h3#{last}").bounding_box()
        assert heading, page.evaluate(f"() => document.getElementById('{last}').outerHTML")
        box = details.bounding_box()
        assert 0 <= heading["y"] < PHONE["height"], heading
        assert box["y"] > heading["y"] and box["height"] > 20, box
        assert details.inner_text().strip(), "skipped details kept no text"
    finally:
        context.close()


def test_skipped_blocks_are_in_the_page_without_javascript(sample_site, handbook):
    context = sample_site.new_context("light", PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_site.url("/backlog/"), wait_until="load")
        lists = page.locator(".jh-opportunity > ul")
        assert lists.count() == len(handbook.opportunities)
        # Find-in-page and screen readers read skipped content: it is text in the document.
        texts = lists.all_text_contents()
        assert all(t.strip() for t in texts)
        phase = next(iter(handbook.phases))
        page.goto(sample_site.url(f"/phases/{phase}/"), wait_until="load")
        assert page.locator(".jh-needs").count() > 0
    finally:
        context.close()


STACKED_LINKS = """() => {
  const pairs = [];
  for (const cell of document.querySelectorAll('.jh-step td')) {
    const links = [...cell.querySelectorAll('a')].map((a) => a.getBoundingClientRect());
    for (let i = 1; i < links.length; i++) {
      if (links[i].top >= links[i - 1].bottom - 1) {  // one below the other
        const centre = (r) => r.top + r.height / 2;
        pairs.push(centre(links[i]) - centre(links[i - 1]));
      }
    }
  }
  return pairs;
}"""


def test_links_stacked_in_a_step_are_far_enough_apart_for_a_finger(sample_site, handbook):
    # An undersized target passes WCAG 2.5.8 when 24 px circles on the targets do not meet.
    journey = max(handbook.journeys.values(),
                  key=lambda j: sum(len(s.opportunities) + len(s.metrics.progress)
                                    for s in j.steps))
    context = sample_site.new_context("light", PHONE)
    try:
        page = context.new_page()
        page.goto(sample_site.url(f"/journeys/{journey.id}/"), wait_until="load")
        page.evaluate("() => document.querySelectorAll('.jh-step').forEach("
                      "(s) => s.scrollIntoView())")
        gaps = page.evaluate(STACKED_LINKS)
        assert gaps, f"no step of {journey.id} stacks two links: the check needs one"
        assert min(gaps) >= 24, sorted(gaps)[:5]
    finally:
        context.close()


# -- a long handbook -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def long_site(tmp_path_factory, chromium):
    data = tmp_path_factory.mktemp("long-data") / "data"
    benchmark("bench_load").generate(data, 42, 4)
    yield from _built_and_served(tmp_path_factory, chromium, "long", data)


# The real height of each long block (drawn for the measure) against the height it reserves.
RESERVES = """() => [...document.querySelectorAll('.jh-long')].map((el) => {
  const reserved = parseFloat(el.style.containIntrinsicSize.split(' ').pop());
  el.style.contentVisibility = 'visible';
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
  const real = el.getBoundingClientRect().height / rem;
  el.style.contentVisibility = '';
  return [el.className, reserved, real];
})"""


def test_a_long_handbooks_skipped_blocks_keep_anchors_room_and_targets(long_site):
    last = "opp-41-b"
    context = long_site.new_context("light", PHONE)
    try:
        page = context.new_page()
        page.goto(long_site.url(f"/backlog/#{last}"), wait_until="load")
        # The contract's anchor lands on the whole opportunity, drawn, in view.
        first = page.locator(".jh-opportunity h3").first  # far above: not drawn
        page.wait_for_function(f"() => !({SKIPPED})(document.getElementById('{last}'))")
        assert first.evaluate(SKIPPED), "the first opportunity was drawn, far from the anchor"
        # at the top, below the header (its scroll margin), once the blocks around it are drawn
        margin = page.evaluate(f"() => parseFloat(getComputedStyle("
                               f"document.getElementById('{last}')).scrollMarginTop)")
        page.wait_for_function(f"() => Math.abs(document.getElementById('{last}')"
                               f".getBoundingClientRect().top - {margin}) <= 2")
        facts = page.locator(f".jh-opportunity[data-opp='{last}'] > ul")
        assert facts.inner_text().strip() and not facts.evaluate(SKIPPED)
        # A reader who scrolls while the page still watches the anchor keeps their place.
        page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
        page.mouse.wheel(0, -900)
        page.wait_for_timeout(2500)  # past the two seconds long-pages.js watches the anchor
        top = page.evaluate(f"() => document.getElementById('{last}').getBoundingClientRect().top")
        assert top > margin + 300, "the page was aimed at the anchor again after the reader " \
            f"scrolled away from it (the anchor is {top:.0f} px from the top)"
        for path in ("/backlog/", "/", "/phases/awareness/"):  # every journey acts there
            page.goto(long_site.url(path), wait_until="load")
            blocks = page.evaluate(RESERVES)
            assert blocks, f"{path} has no long block"
            short = [b for b in blocks if b[1] < b[2]]
            assert not short, f"{path}: blocks reserve less than they need: {short[:3]}"
            # Skipped blocks' links are measured where they are: no too-small targets.
            page.add_script_tag(path=str(REPO / "docs/assets/vendor/axe-core/axe.min.js"))
            found = page.evaluate(RUN_AXE, ["rule", ["target-size"]])
            assert not found, "\n".join(describe(v) for v in found)
    finally:
        context.close()


# Each long table's box, and the style of its first cells beside a class-less table's.
LONG_TABLES = """() => [...document.querySelectorAll('.jh-long table')].map((t) => {
  const lazy = !!t.closest('.jh-lazy-rows');  // rows laid out as grids: another display
  const look = (el) => { const s = getComputedStyle(el);
    return [s.fontSize, s.borderTopStyle, s.backgroundColor, lazy ? '' : s.display].join(' '); };
  const plain = document.createElement('table');
  plain.innerHTML = '<tbody><tr><td>x</td></tr></tbody>';
  t.closest('.md-typeset').append(plain);
  const same = look(plain) === look(t);
  plain.remove();
  let wraps = 0;
  for (let el = t.parentElement; el; el = el.parentElement) {
    wraps += el.matches('.md-typeset__scrollwrap');
  }
  return {wraps,
          boxed: t.parentElement.matches('.md-typeset__table') &&
                 t.parentElement.parentElement.matches('.md-typeset__scrollwrap'),
          same};
})"""


@pytest.mark.parametrize("path", ["/", "/backlog/"])
def test_long_tables_come_wrapped_and_look_like_materials(long_site, path):
    """Material moves every class-less table into a scrolling box when a page loads, which
    made the browser style and lay out a long table again; long tables come boxed instead."""
    found = {}
    for js in (False, True):  # without JavaScript, only the build can have boxed them
        context = long_site.new_context("light", PHONE, java_script_enabled=js)
        try:
            page = context.new_page()
            page.goto(long_site.url(path), wait_until="load")
            found[js] = page.evaluate(LONG_TABLES)
        finally:
            context.close()
    assert found[False], f"{path} has no long table"
    assert all(t["boxed"] and t["wraps"] == 1 for t in found[False] + found[True]), found
    assert all(t["same"] for t in found[True]), f"{path}: a long table looks unlike Material's"
