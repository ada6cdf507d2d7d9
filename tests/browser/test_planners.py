"""The backlog you can filter and link, "Copy link" buttons and /changes/, in Chromium: filtered
URLs show exactly the matching opportunities, controls write the URL, the page is complete
without JavaScript, and axe finds nothing serious in either palette at desktop and phone size."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from journey_handbook.data.loader import load_handbook
from journey_handbook.data.measures import retriage_reasons

from .harness import AXE_JS, BLOCKING, RUN_AXE, SAMPLE_DATA, SCHEMES, WCAG_AA, describe

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
VISIBLE_IDS = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((el) => el.offsetParent !== null).map((el) => el.dataset.opp)"""
# in closed <details>, so not rendered: not hidden by the filter, in a group it left shown
GROUPS = """() => Array.from(document.querySelectorAll('.jh-backlog-group .jh-opp-ref'))
  .filter((li) => !li.closest('[hidden]')).map((li) => li.dataset.opp)"""
GROUP_COUNTS_AGREE = """() => Array.from(document.querySelectorAll('.jh-backlog-group'))
  .every((g) => g.hidden ? g.querySelectorAll('.jh-opp-ref:not([hidden])').length === 0
    : g.querySelector('.jh-group-count').textContent ===
      String(g.querySelectorAll('.jh-opp-ref:not([hidden])').length))"""


@pytest.fixture(scope="module")
def handbook():
    result = load_handbook(SAMPLE_DATA, privacy="warn")
    assert result.handbook is not None
    return result.handbook


def expected(handbook, **want) -> set[str]:
    """The opportunities a filter keeps, computed from the data, not from the page."""
    out = set()
    for opp in handbook.opportunities.values():
        phases = {s.phase.id for s in opp.steps}
        if (want.get("owner", opp.owner.id) == opp.owner.id
                and want.get("status", opp.status) == opp.status
                and want.get("journey", opp.journey.id) == opp.journey.id
                and ("phase" not in want or want["phase"] in phases)
                and ("retriage" not in want or bool(retriage_reasons(opp)))):
            out.add(opp.id)
    return out


@pytest.fixture(scope="module")
def context(sample_site):
    context = sample_site.new_context("light", SIZES["desktop"])
    yield context
    context.close()


def open_page(sample_site, context, path: str):
    page = context.new_page()
    failed = []  # e.g. Material fetching a sitemap beside the feed's <link rel="alternate">
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(sample_site.url(path), wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not failed, failed
    page.wait_for_selector("form.jh-filter:not([hidden])")
    return page


def queries(handbook) -> list[dict[str, str]]:
    """One filter of each kind, on values the sample has, and a combination."""
    opps = handbook.backlog()
    team = opps[0].owner.id
    phase = opps[-1].steps[0].phase.id
    return [{"owner": team}, {"status": "in-progress"}, {"phase": phase},
            {"journey": opps[1].journey.id}, {"retriage": "1"},
            {"owner": team, "status": opps[0].status}, {"owner": "no-such-team"}]


def test_filtered_urls_show_exactly_the_matching_opportunities(sample_site, context, handbook):
    total = len(handbook.opportunities)
    for want in queries(handbook):
        query = "&".join(f"{k}={v}" for k, v in want.items())
        page = open_page(sample_site, context, f"/backlog/?{query}")
        try:
            keep = expected(handbook, **want)
            assert keep or want["owner"] == "no-such-team"
            assert set(page.evaluate(VISIBLE_IDS, ".jh-opportunity")) == keep, query
            # everywhere on the page: table rows, group lists, the re-triage list
            for where in (".jh-backlog-summary .jh-opp-ref", "#needs_retriage ~ ul .jh-opp-ref"):
                assert set(page.evaluate(VISIBLE_IDS, where)) <= keep, (query, where)
            # the folded groups (by status, owner, journey): what a reader finds on opening
            # them, and the counts in their summaries
            groups = page.evaluate(GROUPS)
            assert len(groups) == 3 * len(keep), query  # each kept one once per grouping
            assert set(groups) == keep, query
            assert page.evaluate(GROUP_COUNTS_AGREE), query
            toc = page.evaluate("""() => Array.from(document.querySelectorAll(
                '.md-nav--secondary a.md-nav__link')).filter((a) => a.offsetParent !== null)
                .map((a) => a.hash.slice(1))""")
            assert set(toc) & set(handbook.opportunities) == keep, query
            summary = page.evaluate(VISIBLE_IDS, ".jh-backlog-summary .jh-opp-ref")
            assert set(summary) == keep, query
            count = page.locator(".jh-filter-count")
            assert count.inner_text() == f"Showing {len(keep)} of {total} opportunities"
            assert count.get_attribute("role") == "status"
            chart_hidden = page.locator(".jh-quadrant").is_hidden()
            assert chart_hidden and page.locator(".jh-filter-note").is_visible()
        finally:
            page.close()


def test_controls_update_the_url(sample_site, context, handbook):
    opp = handbook.backlog()[0]
    page = open_page(sample_site, context, "/backlog/")
    try:
        assert page.locator(".jh-filter-count").inner_text() == \
            f"Showing all {len(handbook.opportunities)} opportunities"
        page.get_by_label("Owner", exact=True).select_option(opp.owner.id)
        page.get_by_label("Phase", exact=True).select_option(opp.steps[0].phase.id)
        page.get_by_label("Needs re-triage", exact=True).check()
        query = parse_qs(urlsplit(page.url).query)
        assert query == {"owner": [opp.owner.id], "phase": [opp.steps[0].phase.id],
                         "retriage": ["1"]}
        keep = expected(handbook, owner=opp.owner.id, phase=opp.steps[0].phase.id,
                        retriage="1")
        assert set(page.evaluate(VISIBLE_IDS, ".jh-opportunity")) == keep
        page.get_by_role("button", name="Show all").click()
        page.wait_for_function("() => !location.search")
        assert len(page.evaluate(VISIBLE_IDS, ".jh-opportunity")) == len(handbook.opportunities)
        # A reload of a filtered URL shows the same view (the state is in the URL).
        page.get_by_label("Status", exact=True).select_option("planned")
        page.reload(wait_until="load")
        assert page.get_by_label("Status", exact=True).input_value() == "planned"
        assert set(page.evaluate(VISIBLE_IDS, ".jh-opportunity")) == \
            expected(handbook, status="planned")
    finally:
        page.close()


def test_columns_sort(sample_site, context, handbook):
    page = open_page(sample_site, context, "/backlog/")
    try:
        table = page.locator(".jh-backlog-summary table")
        table.get_by_role("button", name="Owner").click()
        owners = table.locator("tbody tr td:nth-child(5)").all_inner_texts()
        assert owners == sorted(owners, key=str.lower) and len(set(owners)) > 1
        header = table.locator("th", has=page.get_by_role("button", name="Owner"))
        assert header.get_attribute("aria-sort") == "ascending"
        table.get_by_role("button", name="#").click()
        table.get_by_role("button", name="#").click()
        ranks = [int(r) for r in table.locator("tbody tr td:nth-child(1)").all_inner_texts()]
        assert ranks == sorted(ranks, reverse=True)
    finally:
        page.close()


def test_without_javascript_the_whole_backlog_shows(sample_site, handbook):
    context = sample_site.new_context("light", SIZES["desktop"], java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_site.url("/backlog/?owner=no-such-team&retriage=1"), wait_until="load")
        assert page.locator("form.jh-filter").is_hidden()  # no control that does nothing
        assert set(page.evaluate(VISIBLE_IDS, ".jh-opportunity")) == set(handbook.opportunities)
        assert page.locator(".jh-copy-link").count() == 0
    finally:
        context.close()


def test_copy_link_copies_the_absolute_address_with_the_anchor(sample_site, handbook):
    context = sample_site.new_context("light", SIZES["desktop"])
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=sample_site.server.origin)
    journey = next(iter(handbook.journeys.values()))
    step = journey.steps[0]
    opp = handbook.backlog()[0]
    try:
        page = context.new_page()
        for path, anchor in ((f"/journeys/{journey.id}/", step.id), ("/backlog/", opp.id)):
            page.goto(sample_site.url(path), wait_until="load")
            page.locator(f"#{anchor}").scroll_into_view_if_needed()  # added near the screen
            button = page.locator(f"#{anchor} + .jh-copy-link")
            assert button.inner_text() == "Copy link"
            button.click()
            page.wait_for_function("(b) => b.textContent === 'Link copied'",
                                   arg=button.element_handle())
            copied = page.evaluate("() => navigator.clipboard.readText()")
            assert copied == sample_site.url(f"{path}#{anchor}")
    finally:
        context.close()


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_changes_and_filtered_backlog_are_accessible(sample_site, screenshot, handbook, size,
                                                     scheme):
    opp = handbook.backlog()[0]
    context = sample_site.new_context(scheme, SIZES[size])
    try:
        for name, path in (("changes", "/changes/"),
                           ("backlog-filtered", f"/backlog/?owner={opp.owner.id}&retriage=1")):
            page = context.new_page()
            page.goto(sample_site.url(path), wait_until="load")
            if name.startswith("backlog"):
                page.wait_for_selector("form.jh-filter:not([hidden])")
            screenshot(page, f"{name}-{SCHEMES[scheme]}-{size}")
            page.add_script_tag(path=str(AXE_JS))
            violations = page.evaluate(RUN_AXE, WCAG_AA)
            blocking = [v for v in violations if v["impact"] in BLOCKING]
            assert not blocking, f"{path} ({scheme}, {size}):\n" + \
                "\n".join(describe(v) for v in blocking)
            page.close()
    finally:
        context.close()
