"""/content/ in a browser: a handbook whose patient text is over target (accepted, so the
strict build passes) and uses listed jargon, at 1440x900 and 390x844, axe in both palettes.
Screenshots go to tests/artifacts/screenshots/content-*.png for a human look."""

from __future__ import annotations

import shutil

import pytest
from helpers import MINIMAL, replace_once

from .harness import (
    AXE_JS,
    BLOCKING,
    PHONE,
    RUN_AXE,
    SCHEMES,
    WCAG_AA,
    LocalServer,
    SiteUnderTest,
    build_handbook,
    describe,
    horizontal_overflow,
)

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
HARD = ("Comprehensive multidisciplinary evaluation necessitates documentation of "
        "longitudinal symptomatology")


@pytest.fixture(scope="module")
def content_site(tmp_path_factory, chromium):
    data = tmp_path_factory.mktemp("plain") / "journeys"
    shutil.copytree(MINIMAL, data)
    handbook = data / "handbook.yml"
    handbook.write_text(handbook.read_text(encoding="utf-8")
                        + "plain_language:\n  grade: {patient: 6}\n", encoding="utf-8")
    replace_once(data / "personas/new-patient.yml", "key_messages: [Free and private]",
                 f"key_messages: ['{HARD}', Ask about your deductible]"
                 "  # plain-language: ok - the study's registered title")
    server = LocalServer()
    site = None
    try:
        root = build_handbook(data, tmp_path_factory.mktemp("plain-site") / "site",
                              server.origin + "/")
        server.serve(root)
        site = SiteUnderTest("plain", root, server, chromium)
        yield site
    finally:
        if site is not None:
            site.close()
        server.stop()


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_content_page_is_accessible_in_both_palettes(content_site, screenshot, scheme):
    context = content_site.new_context(scheme, viewport=DESKTOP)
    try:
        with content_site.visit("/content/", context=context) as visit:
            page = visit.page
            screenshot(page, f"content-1440-{SCHEMES[scheme]}")
            badge = page.locator(".jh-badge--grade-over").first
            assert badge.inner_text().strip().lower() == "over target"
            assert page.locator("mark.jh-term", has_text="deductible").count() == 1
            page.add_script_tag(path=str(AXE_JS))
            violations = page.evaluate(RUN_AXE, WCAG_AA)
    finally:
        context.close()
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(describe(v) for v in blocking)


def test_content_page_fits_a_phone(content_site, screenshot):
    context = content_site.new_context("light", viewport=PHONE)
    try:
        with content_site.visit("/content/", context=context) as visit:
            page = visit.page
            screenshot(page, "content-390")
            assert horizontal_overflow(page) <= 1
            assert page.locator("#awareness").is_visible()
    finally:
        context.close()


def test_content_page_reads_without_javascript(content_site):
    context = content_site.browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(content_site.url("/content/"))
        text = page.inner_text("article")
        assert "Reading grade" in text and "above the target of 6" in text
        assert "what you pay before your plan starts to pay" in text
    finally:
        context.close()
