"""What a reader's browser loads and finds: Mermaid only where a page draws, Pagefind search.

Each test opens pages in a fresh context (an empty cache), so "not requested" means the
browser never asked for it, not that it came from the cache.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .harness import (
    AXE_JS,
    SAMPLE_DATA,
    diagrams_of,
    expected_diagrams,
    injected_markup,
    pierced_document,
    sitemap_urls,
    wait_for_diagrams,
)
from .test_accessibility import BLOCKING, RUN_AXE, SCHEMES, WCAG_AA, describe

pytestmark = pytest.mark.browser

MERMAID = "/assets/vendor/mermaid/mermaid.min.js"


def mermaid_requests(visit) -> list[str]:
    return [u for u in visit.requests if urlsplit(u).path.endswith("mermaid.min.js")]


def _sample():
    from journey_handbook.data.loader import load_handbook

    return load_handbook(SAMPLE_DATA).handbook


SAMPLE = _sample()


def pages_without_diagrams(site) -> list[str]:
    return sorted(u for u in sitemap_urls(site.root) if expected_diagrams(site.root, u) == 0)


def test_pages_without_diagrams_do_not_load_mermaid(sample_site):
    urls = pages_without_diagrams(sample_site)
    # (the backlog draws its impact/effort chart, so it is not among them)
    assert {"/", "/evidence/", "/personas/", "/phases/"} <= set(urls)
    loaded = {}
    for url in ("/", "/evidence/", f"/personas/{sorted(SAMPLE.personas)[0]}/",
                f"/phases/{next(iter(SAMPLE.phases))}/", "/guides/reading/"):
        context = sample_site.new_context()
        try:
            with sample_site.visit(url, context=context) as visit:
                visit.page.wait_for_load_state("networkidle")
                if mermaid_requests(visit):
                    loaded[url] = mermaid_requests(visit)
        finally:
            context.close()
    assert not loaded, f"pages without a diagram loaded Mermaid: {loaded}"


def test_a_page_with_diagrams_loads_the_local_mermaid_once(sample_site):
    url = f"/journeys/{sorted(SAMPLE.journeys)[0]}/"
    context = sample_site.new_context()
    try:
        with sample_site.visit(url, context=context) as visit:
            visit.page.wait_for_load_state("networkidle")
            requested = mermaid_requests(visit)
            drawn = diagrams_of(pierced_document(visit.page))
    finally:
        context.close()
    assert requested == [sample_site.url(MERMAID)]
    assert drawn and all(d.has_svg and not d.errors for d in drawn)
    assert not visit.outside_requests


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_diagrams_draw_after_instant_navigation_from_a_page_without_diagrams(sample_site,
                                                                             scheme):
    """The reader lands on the home page (no diagram, so no Mermaid), then clicks through to
    journeys: Mermaid is loaded once, from the site, and every diagram is drawn."""
    journeys = [f"/journeys/{j}/" for j in sorted(SAMPLE.journeys)]
    first, second = [u for u in journeys if expected_diagrams(sample_site.root, u)][:2]
    context = sample_site.new_context(scheme)
    try:
        with sample_site.visit("/", context=context) as visit:
            page = visit.page
            assert page.evaluate("() => document.body.dataset.mdColorScheme") == \
                SCHEMES[scheme]
            page.wait_for_load_state("networkidle")
            assert not mermaid_requests(visit), "the home page has no diagram"
            page.evaluate("() => { window.__sameDocument = true }")
            problems = []
            for url in (first, second):
                page.locator(f'.md-content a[href$="{url.lstrip("/")}"]').first.click()
                page.wait_for_url(sample_site.url(url))
                assert page.evaluate("() => window.__sameDocument === true"), \
                    "the click reloaded the page: instant navigation is not active"
                expected = expected_diagrams(sample_site.root, url)
                if not wait_for_diagrams(page, expected):
                    problems.append(f"{url}: timed out waiting for {expected} diagrams")
                drawn = diagrams_of(pierced_document(page))
                if len(drawn) != expected:
                    problems.append(f"{url}: {len(drawn)} of {expected} diagrams drawn")
                problems += [f"{url}: diagram {n} has no SVG or an error {d.errors}"
                             for n, d in enumerate(drawn, 1) if not d.has_svg or d.errors]
                page.go_back()
                page.wait_for_url(sample_site.url("/"))
            security = page.evaluate("() => mermaid.mermaidAPI.getSiteConfig().securityLevel")
        problems += [f"console error: {e}" for e in visit.console_errors + visit.page_errors]
        problems += [f"request outside the local server: {u}" for u in visit.outside_requests]
    finally:
        context.close()
    assert mermaid_requests(visit) == [sample_site.url(MERMAID)], \
        "Mermaid must come from the site, once"
    assert security == "strict"
    assert not problems, "\n".join(problems)


# -- search ----------------------------------------------------------------------------------

def typed_search(page, query: str) -> list[str]:
    """Type `query` in the header's search box; the result links in order, once the results
    for the whole query are shown (each link carries the query's words in ?h=)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on key events; fill() alone sends none
    page.wait_for_function(
        """(query) => {
          // Material puts the query's words in ?h= of each result link, in its own order.
          const words = (text) => text.normalize("NFD").replace(/\\p{M}/gu, "").toLowerCase()
            .split(/[^\\p{L}\\p{N}_]+/u)
    .filter((w, i, all) => w && all.indexOf(w) === i).sort().join(" ");
          const a = document.querySelector("a.md-search-result__link");
          return a && words(new URL(a.href).searchParams.get("h") || "") === words(query);
        }""", arg=query, timeout=15_000)
    return page.locator("a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")


def _step_cases() -> list:
    """One step from the middle of each journey: its action is what a reader remembers."""
    cases = []
    for journey in sorted(SAMPLE.journeys.values(), key=lambda j: j.id):
        step = journey.steps[len(journey.steps) // 2]
        cases.append(pytest.param(journey.id, step.id, step.action, id=f"{journey.id}#{step.id}"))
    return cases


@pytest.mark.parametrize(("journey_id", "step_id", "action"), _step_cases())
def test_a_steps_words_find_its_anchor_in_the_first_three_results(sample_site, journey_id,
                                                                   step_id, action):
    with sample_site.visit("/") as visit:
        hits = typed_search(visit.page, action)
        outside = visit.outside_requests
    top = [(urlsplit(h).path, urlsplit(h).fragment) for h in hits[:3]]
    assert (f"/journeys/{journey_id}/", step_id) in top, \
        f"searching {action!r}: the first three results are {top}"
    assert not outside, f"search left the site: {outside}"


@pytest.mark.parametrize("persona_id", sorted(SAMPLE.personas))
def test_a_personas_name_finds_the_persona_page_first(sample_site, persona_id):
    name = SAMPLE.personas[persona_id].name
    with sample_site.visit("/") as visit:
        hits = typed_search(visit.page, name)
    first = urlsplit(hits[0])
    assert (first.path, first.fragment) == (f"/personas/{persona_id}/", ""), \
        f"searching {name!r} listed first {hits[0]}"


def test_a_steps_copies_are_not_results_of_their_own(sample_site):
    """A step's action is repeated on its phase page, its persona's page, the touchpoint
    inventory and the backlog; only its own section on the journey page is a result."""
    journey = SAMPLE.journeys["care-navigation"] if "care-navigation" in SAMPLE.journeys \
        else sorted(SAMPLE.journeys.values(), key=lambda j: j.id)[0]
    step = journey.steps[2]
    with sample_site.visit("/") as visit:
        hits = typed_search(visit.page, step.action)
    with_step = [h for h in hits if urlsplit(h).fragment == step.id]
    assert [urlsplit(h).path for h in with_step] == [f"/journeys/{journey.id}/"]
    pages = {urlsplit(h).path for h in hits}
    assert not {p for p in pages if p.startswith(("/phases/", "/personas/"))}, \
        f"copies of {step.action!r} were listed: {sorted(pages)}"


def test_search_opens_with_the_keyboard_and_marks_the_matching_words(sample_site):
    persona = SAMPLE.personas[sorted(SAMPLE.personas)[0]]
    word = persona.name.split()[0]
    with sample_site.visit("/guides/reading/") as visit:
        page = visit.page
        page.locator("body").press("/")
        assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
        page.keyboard.type(word)
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        title = page.locator(".md-search-result__article h1").first
        marked = title.locator("mark").all_inner_texts()
        shown = title.inner_text()
        page.keyboard.press("Escape")
        closed = page.evaluate("() => !document.getElementById('__search').checked")
    assert any(m.lower() == word.lower() for m in marked), \
        f"{word!r} is not marked in the first result title {shown!r} (marks: {marked})"
    assert closed


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_search_results_have_no_serious_accessibility_violation(sample_site, screenshot,
                                                                scheme):
    journey = sorted(SAMPLE.journeys.values(), key=lambda j: j.id)[0]
    with sample_site.visit("/", color_scheme=scheme) as visit:
        page = visit.page
        typed_search(page, journey.steps[0].action)
        screenshot(page, f"search-results-{SCHEMES[scheme]}")
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(RUN_AXE, WCAG_AA)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"search results ({SCHEMES[scheme]} palette):\n" + \
        "\n".join(describe(v) for v in blocking)


def test_hostile_text_in_results_stays_text(hostile_site):
    with hostile_site.visit("/") as visit:
        page = visit.page
        hits = typed_search(page, "pwned script")
        titles = page.locator(".md-search-result__article :is(h1, h2)").all_inner_texts()
        texts = page.locator(".md-search-result__article").all_inner_texts()
        document = pierced_document(page)
        ran = page.evaluate("() => typeof window.__pwned") != "undefined"
        dialogs = visit.dialogs
    assert hits, "the hostile handbook's payload text should be found"
    assert any("<script>" in t for t in titles + texts), \
        "the payload should show as text in the results"
    assert not ran and not dialogs
    assert not injected_markup(document)


def test_search_works_on_a_page_reached_by_instant_navigation(sample_site):
    """The worker and its engine survive page changes: search after clicking through."""
    journey = sorted(SAMPLE.journeys.values(), key=lambda j: j.id)[0]
    with sample_site.visit("/") as visit:
        page = visit.page
        page.locator(f'.md-content a[href$="journeys/{journey.id}/"]').first.click()
        page.wait_for_url(sample_site.url(f"/journeys/{journey.id}/"))
        hits = typed_search(page, journey.steps[-1].action)
        assert not visit.outside_requests
    assert any(urlsplit(h).fragment == journey.steps[-1].id for h in hits[:3])
