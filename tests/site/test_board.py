"""The journey board page (`journeys/<id>/board/index.md`) rendered to HTML, without a browser.

Layout, stickiness, alignment, role focus and print are checked in Chromium
(tests/browser/test_board.py, test_print.py); here: what the board contains, how it links,
that the feeling curve has gaps instead of invented scores, and that hostile text stays text
in the board, its SVG and the print footer's CSS.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from helpers import FIXTURES, SAMPLE, invoke, load, replace_once, to_soup
from journey_handbook.site import urls
from journey_handbook.site.pages import PageContext, board, journey, render_site

TODAY = date(2026, 11, 1)


def boards(data_dir: Path):
    hb = load(data_dir)
    pages = board.render(PageContext(hb, TODAY))
    return hb, {j: to_soup(pages[urls.board(j)]) for j in hb.journeys}


@pytest.fixture(scope="module")
def sample():
    return boards(SAMPLE)


@pytest.fixture(scope="module")
def hostile():
    return boards(FIXTURES / "hostile")


def screen(soup):
    return soup.select_one(".jh-board")


def test_every_journey_has_a_board_linked_from_its_page_and_the_nav():
    hb = load(SAMPLE)
    site = render_site(PageContext(hb, TODAY))
    for jid in hb.journeys:
        assert urls.board(jid) in site.pages
        assert urls.url(urls.board(jid)) == f"/journeys/{jid}/board/"
    page = to_soup(journey.render(PageContext(hb, TODAY))[urls.journey("payer-enrollment")])
    button = page.select_one("a.jh-board-button")
    assert button is not None and button["href"] == "board/index.md"
    nav = str(site.nav)
    assert all(f"('Board', '{urls.board(j)}')" in nav for j in hb.journeys)


def test_one_swimlane_per_role_that_acts_or_receives(sample):
    hb, pages = sample
    for jid, soup in pages.items():
        j = hb.journeys[jid]
        lanes = [el["data-lane"] for el in screen(soup).select(".jh-lane-label")
                 if el["data-lane"].startswith("role-")]
        assert sorted(lanes) == sorted(f"role-{a.id}" for a in j.actors())
        # Personas above the line of visibility, teams below it.
        kinds = [hb.actor(lane.removeprefix("role-")).kind for lane in lanes]
        assert kinds == sorted(kinds, key=lambda k: k != "persona")


def test_a_card_per_step_in_its_actor_lane_in_journey_order(sample):
    hb, pages = sample
    for jid, soup in pages.items():
        cards = screen(soup).select(".jh-card")
        assert cards
        by_column = sorted(cards, key=lambda c: int(
            re.search(r"grid-column:(\d+)", c.parent["style"]).group(1)))
        steps = hb.journeys[jid].steps
        assert [c["data-step"] for c in by_column] == [s.id for s in steps]
        for c, s in zip(by_column, steps, strict=True):
            assert c.parent["data-lane"] == f"role-{s.actor.id}"
            assert c.a["href"] == f"../#{s.id}"


def test_a_handoff_marker_per_handoff_with_the_receiver_and_the_note(sample):
    hb, pages = sample
    for jid, soup in pages.items():
        handoffs = [s for s in hb.journeys[jid].steps if s.handoff_to is not None]
        outs = screen(soup).select(".jh-handoff--out")
        assert [m["data-step"] for m in outs] == [s.id for s in handoffs]
        for marker, s in zip(outs, handoffs, strict=True):
            assert marker["data-to"] == s.handoff_to.id
            assert s.handoff_to.name in marker.get_text()
            if s.handoff.note:
                assert " ".join(s.handoff.note.split()) in marker.get_text()
            incoming = screen(soup).select_one(f'.jh-handoff--in[data-step="{s.id}"]')
            assert incoming.parent["data-lane"] == f"role-{s.handoff_to.id}"


def test_feeling_curve_leaves_gaps_for_missing_scores():
    hb, pages = boards(FIXTURES / "moments")
    svg = screen(pages["patient-a"]).select_one("svg.jh-curve__svg")
    # a1 2, a2 4, a3 none, a4 1: points for three steps, one line (a1-a2), a gap at a3.
    assert [c["data-step"] for c in svg.select("circle")] == ["a1", "a2", "a4"]
    assert len(svg.select("line.jh-curve__line")) == 1
    assert [t["data-step"] for t in svg.select("text.jh-curve__missing")] == ["a3"]
    labels = [t.get_text() for t in svg.select("text.jh-curve__label")]
    assert labels == ["2 · lost", "4", "1 · rushed"]
    assert "step 3: no score recorded" in svg["aria-label"]


def test_every_lane_item_links_to_its_detail(sample):
    hb, pages = sample
    soup = screen(pages["clinic-platform-adoption"])
    hrefs = {lane: [a["href"] for a in soup.select(f'.jh-cell[data-lane="{lane}"] a')]
             for lane in ("touchpoints", "evidence", "opportunities", "barriers", "metrics")}
    assert all(h.startswith("../../../touchpoints/#") for h in hrefs["touchpoints"])
    assert any(h.startswith("../../../evidence/#") for h in hrefs["evidence"])
    assert all(h.startswith("../../../backlog/#") for h in hrefs["opportunities"])
    assert all(h.startswith("../#") for h in hrefs["barriers"])
    # a metric id links to its trend page, a free-text event to its step
    assert all(h.startswith(("../#", "../../../metrics/")) for h in hrefs["metrics"])
    assert any(h.startswith("../../../metrics/") for h in hrefs["metrics"])
    assert all(hrefs.values())


def test_print_bands_hold_every_step_once(sample):
    hb, pages = sample
    for jid, soup in pages.items():
        bands = soup.select(".jh-board-print .jh-board-grid--band")
        cards = [c["data-step"] for band in bands for c in band.select(".jh-card")]
        assert sorted(cards) == sorted(s.id for s in hb.journeys[jid].steps)
        assert all(len(b.select(".jh-card")) <= board.PRINT_STEPS for b in bands)


def test_hostile_text_stays_text_in_the_board_and_its_svg(hostile):
    hb, pages = hostile
    for soup in pages.values():
        assert not soup.find_all(["script", "img", "iframe", "object"])
        for el in soup.find_all(True):
            assert not any(a.lower().startswith("on") for a in el.attrs), el
            assert not el.get("href", "").lower().startswith(("javascript", "data")), el
    main = hb.journeys["hostile-everything"]
    text = pages["hostile-everything"].get_text(" ")
    assert main.steps[0].action in " ".join(text.split())
    curve = pages["hostile-everything"].select_one("svg.jh-curve__svg")
    assert curve.select("circle"), "the hostile feelings still draw points"


def test_print_footer_css_cannot_be_broken_out_of(hostile):
    hb, pages = hostile
    style = pages["hostile-everything"].find("style")
    css = style.string
    strings = re.findall(r'content: "([^"]*)"', css)
    assert len(strings) == 2, css
    assert all(re.fullmatch(r"(?:[A-Za-z0-9]|\\[0-9a-f]{6})*", s) for s in strings)
    assert "</style" not in css.lower() and "<" not in css


def test_export_markdown_writes_the_stylesheet_and_the_script(tmp_path):
    code, out, _ = invoke(["export", "markdown", tmp_path / "out", "--data-dir",
                           FIXTURES / "minimal", "--today", "2026-11-01"])
    assert code == 0, out
    script = (tmp_path / "out/assets/journey-handbook.js").read_text()
    assert "document$" in script and "hashchange" in script
    assert ".jh-board-grid" in (tmp_path / "out/assets/journey-handbook.css").read_text()
    assert (tmp_path / "out/journeys/first-visit/board/index.md").is_file()


def test_a_card_marks_its_step_with_the_journey_pages_badges(sample):
    """A loop back or a regulated touchpoint reads the same on the board as under the step's
    heading on the journey page: same words, same badge colour (the shared components)."""
    hb, pages = sample
    journey_pages = journey.render(PageContext(hb, TODAY))
    kinds = set()
    for jid, soup in pages.items():
        steps_page = to_soup(journey_pages[urls.journey(jid)])
        for card in screen(soup).select(".jh-card"):
            marks = steps_page.find(id=card["data-step"]).find_next(class_="jh-step-marks")
            confidence = {"jh-badge--known", "jh-badge--hypothesized"}  # a lane of its own
            expected = sorted((tuple(b["class"]), b.get_text()) for b in marks.select(".jh-badge")
                              if not confidence & set(b["class"]))
            shown = sorted((tuple(b["class"]), b.get_text()) for b in card.select(".jh-badge"))
            assert shown == expected, card["data-step"]
            kinds |= {c for c, _ in shown}
    assert {("jh-badge", "jh-badge--loop"), ("jh-badge", "jh-badge--regulated")} <= kinds


def test_a_draft_or_archived_board_says_so_and_an_active_one_does_not(sample, tmp_path):
    hb, pages = sample
    drafts = {j for j in hb.journeys if hb.journeys[j].status == "draft"}
    assert drafts and len(drafts) < len(pages)
    for jid, soup in pages.items():
        line = soup.select_one(".jh-board-status")
        if jid in drafts:
            assert line.get_text() == "Draft map: still being written, not yet agreed by its owner."
        else:
            assert line is None
    data = tmp_path / "journeys"
    shutil.copytree(SAMPLE, data)
    replace_once(data / "maps" / "care-navigation.yml", "\nstatus: active\n",
                 "\nstatus: archived\n")
    _, archived = boards(data)
    line = archived["care-navigation"].select_one(".jh-board-status")
    assert line.get_text() == "Archived map: kept for reference, no longer maintained."
