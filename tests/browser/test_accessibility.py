"""axe-core on every page type of two handbooks, in both palettes; screenshots for a human look.

WCAG 2.1 AA is what healthcare buyers ask for. The sample handbook is a realistic story, so it
does not produce every combination the pages can draw (issue 23 found board links failing on
other handbooks only); the generated one (everything.py) uses every field, lane, state and
link kind. Every journey of the generated handbook is checked, page and board, since each is
a different kind of map (current, future, focused, archived, without audience).

Each page is loaded once, in the light palette: axe runs every WCAG 2.1 AA rule, the reader's
palette toggle switches to dark, and axe runs the rules that depend on colour again (a palette
changes CSS colours only: names, roles and structure are the same). On boards, every link is
also measured for an underline and 4.5:1 against the lane band behind it, in both palettes.

axe cannot enter the closed shadow roots in which Material draws diagrams; diagram text
contrast is checked in test_navigation.py.
"""

from __future__ import annotations

import re

import pytest

from .everything import JOURNEYS
from .harness import (
    AXE_JS,
    BLOCKING,
    RUN_AXE,
    SCHEMES,
    WCAG_AA,
    SiteUnderTest,
    describe,
    sitemap_urls,
    survey,
)

pytestmark = pytest.mark.browser

SITES = ("sample", "everything")
# Page types by URL (directory URLs); a type with one page per id is named in the singular.
PAGE_TYPES = ("home", "journeys", "journey", "board", "moments", "audience", "personas",
              "persona", "phases", "phase", "content", "metrics", "metric", "funnels", "backlog",
              "touchpoints", "evidence", "reviews", "changes", "guide")
SINGULAR = {"journeys": "journey", "audiences": "audience", "personas": "persona",
            "phases": "phase", "metrics": "metric", "guides": "guide"}

# Material keeps the palette a reader picked in localStorage; every page here starts from the
# emulated (light) preference, whatever the page checked before it switched to.
_FORGET_PALETTE = """
for (const key of Object.keys(localStorage)) {
  if (key.endsWith("__palette")) localStorage.removeItem(key);
}
"""
# What a reader sees once each part of the page is on screen. Long pages let the browser skip
# laying out blocks far from the screen (content-visibility, long-pages.css): axe then reads
# colours and positions from estimated layouts (a backlog link "on" a code background in the
# dark palette, links "overlapping"), and Material's 125 ms colour fade does not advance there,
# so after the palette switch axe read light link colours on the dark background. A reader
# scrolling there sees the block laid out and the fade finished: here, everything is laid out
# and colours change at once.
_AS_SEEN = ("*, *::before, *::after { transition: none !important; }\n"
            ".md-typeset * { content-visibility: visible !important; }")
_SCHEME = "() => document.body.dataset.mdColorScheme"
_TOGGLE = "form[data-md-component=palette] label:not([hidden])"

# The rules a palette can change the outcome of.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

def page_type(url: str) -> str:
    parts = url.strip("/").split("/")
    if url == "/":
        return "home"
    if parts[-1] == "board":
        return "board"
    return parts[0] if len(parts) == 1 else SINGULAR.get(parts[0], parts[0])


# Journey pages that lay out differently: a current end-to-end map, its future map (#compare)
# and a focused map inside it. The archived and audience-less maps differ from these only by
# badges and labels, which the lists (journeys, reviews, audiences) show too.
LAID_OUT_APART = ("enrol", "enrol-next", "enrol-consent")


def pages_to_check(site: SiteUnderTest) -> dict[str, list[str]]:
    """Page type -> URLs to check, read from the built site's sitemap: the first of each type
    and every guide; for the generated handbook every board and the journey pages of each
    layout."""
    by_type: dict[str, list[str]] = {}
    for url in sorted(sitemap_urls(site.root)):
        by_type.setdefault(page_type(url), []).append(url)
    if site.name != "everything":  # every guide: each is written by hand, wide tables and all
        return {t: urls if t == "guide" else urls[:1] for t, urls in by_type.items()}
    by_type = {t: urls[:1] for t, urls in by_type.items() if t != "guide"}  # as the sample's
    by_type["board"] = [f"/journeys/{j}/board/" for j in JOURNEYS]
    by_type["journey"] = [f"/journeys/{j}/" for j in LAID_OUT_APART]
    return by_type


# For every link on a board: whether it is underlined, and its contrast with what is painted
# behind its middle (the lane band is a sibling behind the cell, not an ancestor, so the
# colours are composed from the elements stacked at that point).
BOARD_LINKS = r"""
() => {
  const parse = (c) => {
    const p = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!p) return null;
    const v = p[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1};
  };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const [h, l] = [lum(a), lum(b)].sort((x, y) => y - x);
                            return (h + 0.05) / (l + 0.05); };
  const out = [];
  for (const a of document.querySelectorAll(".jh-board-grid--screen a")) {
    if (a.matches(".jh-card__title")) continue;  // a card is a box, not a link in text
    // The text is painted in the colour of the element that holds it (a badge in a link
    // has its own), over what lies behind that element.
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node && !node.textContent.trim()) node = walker.nextNode();
    if (!node) continue;
    const holder = node.parentElement;
    holder.scrollIntoView({block: "center", inline: "center"});
    const box = holder.getClientRects()[0];
    if (!box || !box.width) continue;
    const layers = [];
    for (const el of document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = {r: 255, g: 255, b: 255, a: 1};
    for (const c of layers.reverse()) bg = c.a >= 1 ? c : over(c, bg);
    const style = getComputedStyle(a);
    const colour = parse(getComputedStyle(holder).color);
    out.push({
      text: a.textContent.trim().slice(0, 40),
      lane: (a.closest("[data-lane]") || {}).dataset?.lane || "",
      underlined: style.textDecorationLine.includes("underline"),
      ratio: ratio(over(colour, bg), bg),
    });
  }
  return out;
}
"""


def shot_name(site: SiteUnderTest, url: str, scheme: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", url.strip("/")) or "home"
    return f"{site.name}-{slug}-{scheme}"


def axe_both_palettes(screenshot):
    """A survey check: axe in the light palette, toggle, axe again in the dark one; on a
    board, its links in both. Returns {"axe": palette -> violations, "links": palette ->
    links}, or the problem that stopped the check."""
    def check(site: SiteUnderTest, visit) -> dict | list[str]:
        page = visit.page
        page.add_script_tag(path=str(AXE_JS))
        page.add_style_tag(content=_AS_SEEN)
        found: dict[str, dict] = {"axe": {}, "links": {}}
        for scheme in SCHEMES.values():
            if scheme == "slate":
                page.click(_TOGGLE)
                page.wait_for_function(f"{_SCHEME} === 'slate'")
            shown = page.evaluate(_SCHEME)
            if shown != scheme:
                return [f"the page shows the {shown} palette where {scheme} was expected"]
            # Taken before the assertions so a failing page can still be looked at.
            screenshot(page, shot_name(site, visit.url, scheme))
            rules = ["tag", WCAG_AA] if scheme == "default" else ["rule", COLOUR_RULES]
            found["axe"][scheme] = page.evaluate(RUN_AXE, rules)
            if page_type(visit.url) == "board":
                found["links"][scheme] = page.evaluate(BOARD_LINKS)
                page.evaluate("window.scrollTo(0, 0)")
        return found
    return check


@pytest.fixture(scope="module")
def axe_results(request, screenshot):
    """site name -> (page type -> URLs, URL -> palette -> violations); each site surveyed
    once, when a test first asks for it."""
    cache: dict[str, tuple[dict, dict]] = {}

    def results(name: str):
        if name not in cache:
            site = request.getfixturevalue(f"{name}_site")
            types = pages_to_check(site)
            context = site.new_context("light")
            context.add_init_script(_FORGET_PALETTE)
            try:
                urls = [u for group in types.values() for u in group]
                cache[name] = types, survey(site, urls, axe_both_palettes(screenshot),
                                            context=context)
            finally:
                context.close()
        return cache[name]

    return results


def surveyed(site: str, *args):
    """Parameters of a test reading `site`'s survey: all such tests run in one worker
    (`--dist loadgroup`), which makes the survey once."""
    return pytest.param(site, *args, marks=pytest.mark.xdist_group(f"axe-{site}"))


# The guides are the same pages in both sites: checked once, on the sample.
CASES = [surveyed(site, kind) for site in SITES for kind in PAGE_TYPES
         if not (site == "everything" and kind == "guide")]


def checked(axe_results, site_name: str, page_type: str) -> list[tuple[str, dict]]:
    """(URL, findings) of the pages of that type; pages that could not be checked fail."""
    types, found = axe_results(site_name)
    assert types.get(page_type), f"the {site_name} handbook has no {page_type} page"
    broken = [f"{url}: {'; '.join(found[url])}" for url in types[page_type]
              if isinstance(found[url], list)]
    assert not broken, "\n".join(broken)
    return [(url, found[url]) for url in types[page_type]]


@pytest.mark.parametrize(("site_name", "page_type"), CASES)
def test_page_type_has_no_serious_accessibility_violation(axe_results, site_name, page_type):
    failures = []
    for url, found in checked(axe_results, site_name, page_type):
        for scheme, violations in found["axe"].items():
            blocking = [v for v in violations if v["impact"] in BLOCKING]
            failures += [f"{url} ({scheme} palette):\n" + describe(v) for v in blocking]
    assert not failures, "\n".join(failures)


# Lanes whose items link somewhere (`role-...`: a persona's name): each must be seen.
LINKED_LANES = {"sample": {"phases", "backstage"},
                "everything": {"phases", "detailed", "role", "touchpoints", "backstage",
                               "barriers", "evidence", "metrics", "funnel", "opportunities"}}


@pytest.mark.parametrize("site_name", [surveyed(site) for site in SITES])
def test_every_board_link_is_underlined_and_readable_on_its_band(axe_results, site_name):
    """Issue 23: on boards other than the sample's, links in the backstage band were 3.37:1
    in the dark palette and phase links were told apart by colour alone."""
    lanes, plain, faint = set(), [], []
    for url, found in checked(axe_results, site_name, "board"):
        for scheme, links in found["links"].items():
            lanes |= {link["lane"].split("-")[0] for link in links}
            plain += [f"{url} {scheme} {link['lane']}: {link['text']}" for link in links
                      if not link["underlined"]]
            faint += [f"{url} {scheme} {link['lane']}: {link['text']} {link['ratio']:.2f}:1"
                      for link in links if link["ratio"] < 4.5]
    assert LINKED_LANES[site_name] <= lanes, f"links measured only in these lanes: {lanes}"
    assert not plain, "links told apart by colour only:\n" + "\n".join(plain)
    assert not faint, "links under 4.5:1:\n" + "\n".join(faint)


# Added by the board script when a reader focuses one role: not in the built HTML.
SCRIPT_ONLY = {"jh-board--focused"}


def test_generated_handbook_shows_every_state_the_stylesheet_styles(everything_site):
    """Each variant class of the packaged stylesheet (a status, review state, lane, curve,
    hand-off direction...) appears on some page of the generated handbook, so the checks
    above see every one of them. A new state the generator does not produce fails here."""
    from journey_handbook.site.stylesheet import stylesheet

    variants = set(re.findall(r"\.(jh-[a-z0-9_-]+--[a-z0-9-]+)", stylesheet())) - SCRIPT_ONLY
    used: set[str] = set()
    for page in everything_site.root.rglob("*.html"):
        for attr in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8")):
            used.update(attr.split())
    missing = sorted(variants - used)
    assert not missing, f"states the generated handbook never shows: {missing}"
