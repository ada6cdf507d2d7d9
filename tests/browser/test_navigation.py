"""What readers do after the first page: click through, switch palette, search."""

from __future__ import annotations

import re

import pytest

from .harness import (
    SAMPLE_DATA,
    diagram_text_contrast,
    diagrams_of,
    expected_diagrams,
    linked_from_home,
    pierced_document,
    sitemap_urls,
    wait_for_diagrams,
)

pytestmark = pytest.mark.browser

PALETTE_TOGGLE = 'label.md-header__button[for^="__palette"]:visible'
# WCAG 2.1 AA (1.4.3): 4.5:1 for text, 3:1 for large text (24px, or 18.66px bold; Mermaid's
# labels are not bold).
NORMAL_TEXT, LARGE_TEXT, LARGE_SIZE = 4.5, 3.0, 24


def journeys_with_diagrams(site) -> list[str]:
    urls = sorted(u for u in sitemap_urls(site.root)
                  if re.fullmatch(r"/journeys/[a-z0-9-]+/", u))
    return [u for u in urls if expected_diagrams(site.root, u) > 0]


def drawn_diagram_problems(page, url: str, site) -> list[str]:
    expected = expected_diagrams(site.root, url)
    if not wait_for_diagrams(page, expected):
        return [f"timed out waiting for {expected} diagrams on {url}"]
    diagrams = diagrams_of(pierced_document(page))
    problems = [f"{len(diagrams)} of {expected} diagrams drawn on {url}"] \
        if len(diagrams) != expected else []
    problems += [f"diagram {n} on {url}: no SVG or a Mermaid error {d.errors}"
                 for n, d in enumerate(diagrams, 1) if not d.has_svg or d.errors]
    return problems


SHEETS = """() => [...document.querySelectorAll('link[rel=stylesheet]')].map(
    (l) => l.getAttribute('href'))"""


def test_instant_navigation_draws_the_journey_diagrams(sample_site):
    first, second = linked_from_home(sample_site.root, journeys_with_diagrams(sample_site))[:2]
    with sample_site.visit("/") as visit:
        page = visit.page
        # Survives only if Material swaps the content in place (instant navigation) rather
        # than loading a new document. Material turns instant navigation on once it has the
        # sitemap: a click before that is an ordinary page load, as it is for a reader.
        page.wait_for_load_state("networkidle")
        page.evaluate("() => { window.__sameDocument = true }")
        # Material makes relative addresses absolute on load; each new href restyles its
        # element, and a stylesheet's reloads it: theme_startup keeps both as written.
        assert not [h for h in page.evaluate(SHEETS) if h.startswith("http")]
        assert not page.locator('.md-content a[href^="http://127.0.0.1"]').count()
        page.locator(f'.md-content a[href$="{first.lstrip("/")}"]').first.click()
        page.wait_for_url(sample_site.url(first))
        assert page.evaluate("() => window.__sameDocument === true"), \
            "the click reloaded the page: instant navigation is not active " \
            "(are the sitemap's URLs those of the server?)"
        problems = drawn_diagram_problems(page, first, sample_site)
        # Its links were not made absolute (a link's new href restyles it), so they must
        # resolve against the journey's address now, not the home page's.
        assert all(h.startswith("http") for h in page.evaluate(SHEETS)), "absolute by now"
        backlog = page.locator('.md-content a[href*="backlog/"]').first
        assert not backlog.get_attribute("href").startswith("http")
        backlog.click()
        page.wait_for_url(lambda url: url.startswith(sample_site.url("/backlog/")))
        assert page.evaluate("() => window.__sameDocument === true")
        page.go_back()
        page.wait_for_url(sample_site.url(first))

        # Back home and on to another journey: diagrams are drawn again each time.
        page.go_back()
        page.wait_for_url(sample_site.url("/"))
        page.locator(f'.md-content a[href$="{second.lstrip("/")}"]').first.click()
        page.wait_for_url(sample_site.url(second))
        assert page.evaluate("() => window.__sameDocument === true")
        problems += drawn_diagram_problems(page, second, sample_site)

        problems += [f"console error: {e}" for e in visit.console_errors + visit.page_errors]
        problems += [f"request outside the local server: {u}" for u in visit.outside_requests]
    assert not problems, "\n".join(problems)


def unreadable_texts(page) -> list[str]:
    problems = []
    for number, texts in enumerate(diagram_text_contrast(page), start=1):
        if not texts:
            problems.append(f"diagram {number}: no visible text found")
        for t in texts:
            needed = LARGE_TEXT if t["size"] >= LARGE_SIZE else NORMAL_TEXT
            if t["ratio"] < needed:
                problems.append(f"diagram {number}: {t['text']!r} {t['fg']} on {t['bg']} "
                                f"has contrast {t['ratio']:.2f}, needs {needed}")
    return problems


def test_palette_toggle_keeps_diagrams_readable(sample_site):
    url = journeys_with_diagrams(sample_site)[0]
    context = sample_site.new_context("light")  # own context: the toggle is remembered
    try:
        with sample_site.visit(url, context=context) as visit:
            page = visit.page
            assert page.evaluate("() => document.body.dataset.mdColorScheme") == "default"
            light = unreadable_texts(page)

            page.locator(PALETTE_TOGGLE).click()
            page.wait_for_selector('body[data-md-color-scheme="slate"]')
            page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
            slate = unreadable_texts(page)
            still_drawn = drawn_diagram_problems(page, url, sample_site)
    finally:
        context.close()
    assert not light + slate + still_drawn, f"{url}\nlight palette:\n  " + \
        "\n  ".join(light) + "\nslate palette:\n  " + "\n  ".join(slate + still_drawn)


# Records, in order, what happens to <body>'s palette attributes (set before any page script).
RECORD_PALETTE = """
window.paletteChanges = [];
new MutationObserver(records => records.forEach(r => {
  if (r.target === document.body) {
    paletteChanges.push(r.attributeName + "=" + document.body.getAttribute(r.attributeName));
  }
})).observe(document, {attributes: true, subtree: true, attributeFilter: [
  "data-md-color-switching", "data-md-color-scheme", "data-md-color-primary",
  "data-md-color-accent"]});
"""


COLOR_SCHEME_METAS = "() => [...document.querySelectorAll('meta[name=color-scheme]')]" \
    ".map((m) => m.content)"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_page_load_does_not_restyle_the_page_for_an_unchanged_palette(sample_site, scheme):
    """Material's switching mark restyles every element of the page (about a second on a long
    page on a phone); it belongs to a real palette change only."""
    context = sample_site.new_context(scheme)
    try:
        page = context.new_page()
        page.add_init_script(RECORD_PALETTE)
        page.goto(sample_site.url("/backlog/"), wait_until="load")
        first = page.evaluate("paletteChanges")
        schemes = [page.evaluate(COLOR_SCHEME_METAS)]
        # The next page: the palette chosen for the system preference is remembered.
        page.goto(sample_site.url("/journeys/"), wait_until="load")
        page.wait_for_timeout(200)
        second = page.evaluate("paletteChanges.splice(0)")
        page.locator(PALETTE_TOGGLE).click()
        page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
        toggled = page.evaluate("paletteChanges")
        schemes.append(page.evaluate(COLOR_SCHEME_METAS))
    finally:
        context.close()
    other = {"light": "slate", "dark": "default"}[scheme]
    # A first visit in dark mode really switches from the page's default palette.
    assert first == ([] if scheme == "light" else
                     ["data-md-color-switching=", "data-md-color-scheme=slate",
                      "data-md-color-switching=null"]), first
    # (Material's inline script re-applies the remembered palette while <body> is still empty.)
    assert not [c for c in second if c.startswith("data-md-color-switching")], second
    assert toggled == ["data-md-color-switching=", f"data-md-color-scheme={other}",
                       "data-md-color-switching=null"], toggled
    # One color-scheme meta, the build's, kept in step with the palette (scrollbars, controls).
    light_first = ["light", "dark"] if scheme == "light" else ["dark", "light"]
    assert schemes == [[s] for s in light_first], schemes


def search_results(page, query: str) -> list[str]:
    """Type `query` in the header's search box; the result links, in order."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on key events; fill() alone sends none
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0",
        timeout=10_000)
    return page.locator("a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")


def _sample_handbook():
    from journey_handbook.data.loader import load_handbook

    return load_handbook(SAMPLE_DATA).handbook


def test_search_finds_a_step_by_its_words(sample_site):
    journey = sorted(_sample_handbook().journeys.values(), key=lambda j: j.id)[0]
    step = journey.steps[len(journey.steps) // 2]
    with sample_site.visit("/") as visit:
        hits = search_results(visit.page, step.action)
        assert not visit.outside_requests
    assert any(f"/journeys/{journey.id}/" in h for h in hits), \
        f"searching {step.action!r} did not list /journeys/{journey.id}/: {hits}"


def test_search_finds_a_persona_by_name(sample_site):
    persona = sorted(_sample_handbook().personas.values(), key=lambda p: p.id)[-1]
    with sample_site.visit("/") as visit:
        hits = search_results(visit.page, persona.name)
    assert any(f"/personas/{persona.id}/" in h for h in hits), \
        f"searching {persona.name!r} did not list /personas/{persona.id}/: {hits}"
