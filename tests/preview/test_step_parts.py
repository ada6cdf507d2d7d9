"""A journey whose pages are copied whole keeps its step parts for a later render that draws
them (tests/preview/test_incremental.py checks kept parts against clean builds)."""

from __future__ import annotations

from datetime import date

from helpers import SAMPLE, load
from journey_handbook.incremental.step_parts import StepParts
from journey_handbook.site import urls
from journey_handbook.site.context import PageContext
from journey_handbook.site.pages import render_site

TODAY = date(2026, 11, 2)


def render(handbook, parts: StepParts, reuse: dict[str, str] | None = None) -> dict[str, str]:
    parts.begin({j: j.encode() for j in handbook.journeys})
    pages = render_site(PageContext(handbook, TODAY, {}, reuse=reuse or {}, parts=parts)).pages
    parts.end()
    return pages


def test_a_journey_copied_whole_keeps_its_parts_for_the_next_render_that_draws_it():
    handbook, parts = load(SAMPLE), StepParts()
    first = render(handbook, parts)
    assert parts.kept == 0 and parts.drawn > 0
    everything = parts.drawn
    # A render that copies every journey and board: only shared pages ask for parts (the
    # rows of persona, phase and touchpoint pages), and are handed the kept ones.
    copied = {page: first[page] for j in handbook.journeys
              for page in (urls.journey(j), urls.board(j))}
    assert render(handbook, parts, copied) == first
    assert parts.drawn == 0 and 0 < parts.kept < everything
    # The journey pages drawn again find their own parts still kept.
    assert render(handbook, parts) == first
    assert (parts.kept, parts.drawn) == (everything, 0)

