"""What a reader's browser loads and finds: Mermaid only where a page draws, Pagefind search.

Each test opens pages in a fresh context (an empty cache), so "not requested" means the
browser never asked for it, not that it came from the cache.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .harness import (
    AXE_JS,
    BLOCKING,
    PHONE,
    RUN_AXE,
    SAMPLE_DATA,
    SCHEMES,
    WCAG_AA,
    describe,
    diagrams_of,
    expected_diagrams,
    injected_markup,
    linked_from_home,
    pierced_document,
    sitemap_urls,
    wait_for_diagrams,
    watch,
)

pytestmark = pytest.mark.browser

MERMAID_DIR = "/assets/vendor/mermaid/"
MERMAID = MERMAID_DIR + "mermaid.esm.min.mjs"  # the core module; it imports the chunks


def mermaid_requests(visit) -> list[str]:
    """Every request for a Mermaid file: the core module, its chunks, or any other build."""
    return [u for u in visit.requests
            if urlsplit(u).path.startswith(MERMAID_DIR) or "mermaid" in urlsplit(u).path]


def diagram_chunks(requests: list[str]) -> set[str]:
    """The named chunks among Mermaid requests: one per diagram kind or layout engine
    (`journeyDiagram-<hash>.mjs`, `dagre-<hash>.mjs`); shared code is in `chunk-<hash>.mjs`."""
    names = {urlsplit(u).path.rsplit("/", 1)[-1] for u in requests}
    return {n.split("-")[0] for n in names
            if n.endswith(".mjs") and not n.startswith("chunk-") and n != "mermaid.esm.min.mjs"}


def _sample():
    from journey_handbook.data.loader import load_handbook

    return load_handbook(SAMPLE_DATA).handbook


SAMPLE = _sample()


def pages_without_diagrams(site) -> list[str]:
    return sorted(u for u in sitemap_urls(site.root) if expected_diagrams(site.root, u) == 0)


def test_pages_without_diagrams_do_not_load_mermaid(sample_site):
    urls = pages_without_diagrams(sample_site)
    # (a metric's trend and the backlog's impact/effort matrix are inline SVG drawn by the
    # build, so metric pages and the backlog are among them)
    metric = f"/metrics/{sorted(SAMPLE.metrics)[0]}/"
    assert {"/", "/evidence/", "/personas/", "/phases/", "/backlog/", metric} <= set(urls)
    loaded = {}
    for url in ("/", "/evidence/", f"/personas/{sorted(SAMPLE.personas)[0]}/",
                f"/phases/{next(iter(SAMPLE.phases))}/", "/guides/reading/", "/backlog/",
                metric):
        context = sample_site.new_context()
        try:
            with sample_site.visit(url, context=context) as visit:
                visit.page.wait_for_load_state("networkidle")
                if mermaid_requests(visit):
                    loaded[url] = mermaid_requests(visit)
        finally:
            context.close()
    assert not loaded, f"pages without a diagram loaded Mermaid: {loaded}"


# What each page kind draws, as Mermaid 11.17.2 names the chunks (a bump may rename them).
CHUNKS_BY_PAGE = {
    f"/journeys/{sorted(SAMPLE.journeys)[0]}/": {"journeyDiagram", "flowDiagram", "dagre"},
}


@pytest.mark.parametrize("url", sorted(CHUNKS_BY_PAGE))
def test_a_page_with_diagrams_loads_only_the_mermaid_chunks_it_draws(sample_site, url):
    context = sample_site.new_context()
    try:
        with sample_site.visit(url, context=context) as visit:
            visit.page.wait_for_load_state("networkidle")
            requested = mermaid_requests(visit)
            drawn = diagrams_of(pierced_document(visit.page))
    finally:
        context.close()
    assert sample_site.url(MERMAID) in requested, "the ES module build from the site"
    assert len(requested) == len(set(requested)), "each Mermaid file is loaded once"
    assert all(urlsplit(u).path.startswith(MERMAID_DIR + "chunks/mermaid.esm.min/")
               for u in requested if u != sample_site.url(MERMAID)), requested
    assert diagram_chunks(requested) == CHUNKS_BY_PAGE[url]
    loaded = sum((sample_site.root / urlsplit(u).path.lstrip("/")).stat().st_size
                 for u in requested)
    assert loaded < 1_600_000, f"{loaded:,} bytes of Mermaid (the whole UMD build is 3.5 MB)"
    assert drawn and all(d.has_svg and not d.errors for d in drawn)
    assert not visit.outside_requests


_LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const moved = (e.sources || []).map((s) => s.node && s.node.nodeName + "." +
      (s.node.className || "")).join(", ");
    window.__shifts.push([e.value, moved]);
  }
}).observe({type: "layout-shift", buffered: true});
"""


def test_a_diagram_below_the_fold_is_drawn_when_scrolled_to_and_nothing_moves(sample_site):
    """On a phone, a journey page's diagrams are far below the first screen: no Mermaid
    until the reader scrolls near one; its box shows the text alternative at its final size
    meanwhile."""
    url = f"/journeys/{sorted(SAMPLE.journeys)[0]}/"
    context = sample_site.new_context(viewport=PHONE)
    context.add_init_script(_LAYOUT_SHIFTS)
    try:
        page = context.new_page()
        visit = watch(page, sample_site, url)
        page.goto(sample_site.url(url), wait_until="load")
        page.wait_for_load_state("networkidle")
        box = page.locator(".jh-diagram--journey")
        before = box.bounding_box()
        alternative = box.locator(".jh-diagram__alt").inner_text()
        not_yet = (mermaid_requests(visit), page.locator("div.mermaid").count())
        loading_shifts = page.evaluate("() => window.__shifts.splice(0)")  # the page's own
        box.scroll_into_view_if_needed()
        page.wait_for_selector(".jh-diagram--journey > div.mermaid", state="attached",
                               timeout=20_000)
        after = page.locator(".jh-diagram--journey").bounding_box()
        page.wait_for_timeout(200)
        shifts = page.evaluate("() => window.__shifts")
        drawn = diagrams_of(pierced_document(page))
    finally:
        context.close()
    assert not_yet == ([], 0), "nothing of Mermaid before the diagram comes near"
    assert "journey" in alternative.lower()
    assert sample_site.url(MERMAID) in mermaid_requests(visit)
    assert [d.kind for d in drawn][:1] == ["journey"] and drawn[0].has_svg
    assert (after["width"], after["height"]) == (before["width"], before["height"])
    assert sum(value for value, _ in shifts) == 0, f"drawing moved the page: {shifts}"
    assert loading_shifts is not None
    assert not visit.outside_requests
    assert not [e for e in visit.console_errors if "mermaid" in e.lower()]
    assert not [u for u in visit.failed_local if "/vendor/mermaid/" in u]


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_diagrams_draw_after_instant_navigation_from_a_page_without_diagrams(sample_site,
                                                                             scheme):
    """The reader lands on the home page (no diagram, so no Mermaid), then clicks through to
    journeys: Mermaid is loaded once, from the site, and every diagram is drawn."""
    journeys = [f"/journeys/{j}/" for j in sorted(SAMPLE.journeys)]
    first, second = linked_from_home(
        sample_site.root, [u for u in journeys if expected_diagrams(sample_site.root, u)])[:2]
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
    requested = mermaid_requests(visit)
    assert requested.count(sample_site.url(MERMAID)) == 1, "Mermaid must come from the site, once"
    assert len(requested) == len(set(requested)), "no Mermaid file is loaded twice"
    assert security == "strict"
    assert not problems, "\n".join(problems)


# -- search ----------------------------------------------------------------------------------

def typed_search(page, query: str) -> list[str]:
    """Type `query` in the header's search box; the result links in order, once the results
    for the whole query are shown (each link carries the query's words in ?h=)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # a key as well: the results are the same however the query arrives
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


# How a query reaches the box. Typed: a key event per character. Pasted with the mouse or
# filled in by the browser: one `input` event and no key at all (Playwright's fill() does
# exactly that). Dictated or composed with an input method: text inserted by the system
# (the DevTools protocol's Input.insertText), again with no key event.
def _typed(page, box, text: str) -> None:
    box.press_sequentially(text)


def _pasted(page, box, text: str) -> None:
    box.fill(text)


def _dictated(page, box, text: str) -> None:
    box.focus()
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Input.insertText", {"text": text})
    finally:
        cdp.detach()


ARRIVALS = {"typed": _typed, "pasted": _pasted, "dictated": _dictated}


@pytest.mark.parametrize("how", sorted(ARRIVALS))
def test_a_query_is_answered_however_it_arrives_on_a_cold_engine(sample_site, how):
    """A fresh browser (no search engine or index loaded yet, nothing cached) answers a
    persona's name with the persona's page, whether the name was typed, pasted or dictated."""
    persona_id = sorted(SAMPLE.personas)[0]
    name = SAMPLE.personas[persona_id].name
    context = sample_site.new_context()
    try:
        page = context.new_page()
        visit = watch(page, sample_site, "/")
        page.goto(sample_site.url("/"), wait_until="load")
        page.wait_for_load_state("networkidle")
        engine_before = [u for u in visit.requests if "/pagefind/" in u]
        ARRIVALS[how](page, page.locator("input.md-search__input"), name)
        page.wait_for_selector("a.md-search-result__link", timeout=20_000)
        hits = page.locator("a.md-search-result__link").evaluate_all(
            "links => links.map(a => a.href)")
        outside = visit.outside_requests
    finally:
        context.close()
    assert engine_before == [], "the engine must be cold when the query arrives"
    assert (urlsplit(hits[0]).path, urlsplit(hits[0]).fragment) == \
        (f"/personas/{persona_id}/", ""), f"{how} {name!r}: first result {hits[0]}"
    assert not outside


def _step_cases() -> list:
    """One step from the middle of each journey: its action is what a reader remembers."""
    cases = []
    for journey in sorted(SAMPLE.journeys.values(), key=lambda j: j.id):
        # a future map repeats the steps it keeps word for word: those words find both maps,
        # so take a step of its own (added or changed)
        today = {s.action for s in journey.current.steps} if journey.current else set()
        own = [s for s in journey.steps if s.action not in today] or journey.steps
        step = own[len(own) // 2]
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
    # a future map that keeps the step as it is has the same section: a result of its own
    keeping = [f"/journeys/{f.id}/" for f in journey.futures
               if any(s.id == step.id and s.action == step.action for s in f.steps)]
    assert sorted(urlsplit(h).path for h in with_step) == \
        sorted([f"/journeys/{journey.id}/", *keeping])
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
