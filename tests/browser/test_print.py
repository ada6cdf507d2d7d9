"""Printing: the board on A3 landscape, journey, persona and phase pages on A4, no site chrome.

Chromium prints each page to PDF as a browser's print dialog would (print media, the page's
own @page size). Text is read back with pypdf (pure Python, a test dependency: no system
package such as poppler-utils, so the suite needs no root to run).
"""

from __future__ import annotations

import io
import re

import pytest

from .harness import SAMPLE_DATA

pytestmark = pytest.mark.browser

A3_LANDSCAPE = (420, 297)
A4 = (210, 297)
# Text that only the site's chrome carries: header, navigation, table of contents, footer.
CHROME = ("Table of contents", "Made with", "Material for MkDocs", "Edit this page",
          "Back to top", "Skip to content", "Northwind Health journey handbook")


def _handbook():
    from journey_handbook.data.loader import load_handbook

    return load_handbook(SAMPLE_DATA).handbook


HANDBOOK = _handbook()


def pdf_of(site, path: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Print `path` to PDF: each page's size in millimetres and its text."""
    from pypdf import PdfReader

    page = site.context().new_page()
    try:
        page.goto(site.url(path), wait_until="load")
        page.wait_for_timeout(300)  # the board script fills in the footer's address
        data = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    reader = PdfReader(io.BytesIO(data))
    sizes = [(round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height)
                                                                  / 72 * 25.4))
             for p in reader.pages]
    return sizes, [p.extract_text() for p in reader.pages]


def squeezed(text: str) -> str:
    """Text without whitespace: line breaks in a narrow card must not hide a title."""
    return re.sub(r"\s+", "", text)


def missing_titles(steps, texts: list[str]) -> list[str]:
    printed = squeezed(" ".join(texts))
    return [s.action for s in steps if squeezed(s.action) not in printed]


@pytest.mark.parametrize("journey_id", sorted(HANDBOOK.journeys))
def test_board_prints_on_a3_landscape_with_every_step_and_a_footer(sample_site, journey_id):
    from journey_handbook.site.pages.board import print_bands

    journey = HANDBOOK.journeys[journey_id]
    sizes, texts = pdf_of(sample_site, f"/journeys/{journey_id}/board/")
    bands = len(print_bands(journey.steps))
    assert set(sizes) == {A3_LANDSCAPE}, f"page sizes {sizes}"
    assert bands <= len(sizes) <= bands + 1, \
        f"{len(sizes)} pages for {bands} bands of at most a few steps each"
    assert not missing_titles(journey.steps, texts)
    chrome = [c for c in CHROME for t in texts if c in t]
    assert not chrome, f"site chrome printed: {chrome}"
    for number, text in enumerate(texts, 1):
        for part in (journey.title, f"Owner: {journey.owner.name}",
                     f"Last reviewed: {journey.reviewed.isoformat()}",
                     sample_site.url(f"/journeys/{journey_id}/board/")):
            assert squeezed(part) in squeezed(text), f"page {number} lacks {part!r} in its footer"


def test_journey_page_prints_on_a4_without_navigation(sample_site):
    journey = HANDBOOK.journeys["clinic-platform-adoption"]
    sizes, texts = pdf_of(sample_site, f"/journeys/{journey.id}/")
    assert set(sizes) == {A4}
    assert 3 <= len(sizes) <= 4 * len(journey.steps), f"{len(sizes)} pages"
    assert not missing_titles(journey.steps, texts)
    assert not [c for c in CHROME for t in texts if c in t]
    # The nav lists every persona; the journey page names only its own.
    others = [p.name for p in HANDBOOK.personas.values() if p not in journey.personas
              and all(p is not s.actor and p is not s.handoff_to for s in journey.steps)]
    assert not [n for n in others if n in " ".join(texts)], "the navigation was printed"


@pytest.mark.parametrize("path", [
    f"/personas/{sorted(HANDBOOK.personas)[0]}/",
    f"/phases/{next(iter(HANDBOOK.phases))}/",
])
def test_persona_and_phase_pages_print_on_a4_without_navigation(sample_site, path):
    sizes, texts = pdf_of(sample_site, path)
    assert set(sizes) == {A4}
    assert 1 <= len(sizes) <= 30
    assert not [c for c in CHROME for t in texts if c in t]
    assert "Personas" not in texts[0].splitlines()[:3], "a nav section title was printed"
