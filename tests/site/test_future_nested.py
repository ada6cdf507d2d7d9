"""Future maps and nested maps, as readers see them: the spec-only fixture builds --strict, the
future map's `#compare` section matches a table written by hand from the fixture, boards draw
both feeling curves and the nesting bars, the nav nests maps, and counts leave future maps out.

`tests/fixtures/spec-future` was written from the spec sections "Future state" and "Nested
maps" alone (made-up names): home-care (end-to-end, current), home-care-next (its future,
steps delivered by home-care's opportunities) and home-care-consent (focused, part of
home-care from sign-consent to prove-identity).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import FIXTURES, Site, build_site, invoke, replace_once
from journey_handbook.analysis.changes import compare
from journey_handbook.data.loader import load_handbook

SPEC = FIXTURES / "spec-future"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("spec-future"), SPEC)


def soup(site: Site, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(url), "html.parser")


def table_after(page: BeautifulSoup, anchor: str) -> list[list[str]]:
    """The rows (cell texts, lines joined by ' / ') of the first table after heading #anchor."""
    heading = page.find(id=anchor)
    assert heading is not None, f"no #{anchor}"
    table = heading.find_next("table")
    rows = []
    for tr in table.find_all("tr")[1:]:
        cells = []
        for td in tr.find_all("td"):
            for br in td.find_all("br"):
                br.replace_with(" / ")
            cells.append(" ".join(td.get_text().split()))
        rows.append(cells)
    return rows


def test_spec_fixture_checks_clean(workdir):
    code, out, err = invoke(["check", "--data-dir", SPEC])
    assert code == 0, out + err
    assert "0 errors" in out and "warning" not in out + err


# -- #compare, against the fixture read by hand --------------------------------------------------

EXPECTED_STEPS = [
    ["2. Gives consent in the app", "changed (was sign-consent)",
     "Action: Signs a paper consent form and posts it back → Gives consent in the app / "
     "Touchpoint: Paper consent form → In-app consent / Feeling score: 2/5 → 4/5 / "
     "Barriers removed: The form must be printed / "
     "Barriers added: Small print on a phone screen",
     "Consent in the app"],
    ["3. Books a first visit online", "changed",
     "Action: Calls to book a first visit → Books a first visit online / "
     "Feeling score: 2/5 → 4/5 / "
     "Hand-off: to Care team: The call centre passes the booking on by email → "
     "to Care team: The booking appears in the care team's calendar",
     "Book the first visit online"],
    ["Shows an identity document at the first visit", "removed", "—", "—"],
    ["4. Gets a reminder the day before the visit", "added", "—",
     "Book the first visit online"],
]

EXPECTED_OPPORTUNITIES = [
    ["Consent in the app", "idea", "Gives consent in the app",
     "Days from sign-up to first visit", "9 days", "7.5 days (2026-10-31)", "4 days"],
    ["Book the first visit online", "idea",
     "Books a first visit online / Gets a reminder the day before the visit",
     "share of visits booked online", "none", "—", "half"],
]

EXPECTED_REGULATED = [
    ["In-app consent", "consent, data sharing", "added", "—", "Gives consent in the app"],
    ["Paper consent form", "consent", "removed",
     "Signs a paper consent form and posts it back", "—"],
    ["Identity check", "identity verification", "removed",
     "Shows an identity document at the first visit", "—"],
]


def test_compare_section_matches_the_hand_written_table(site):
    page = soup(site, "/journeys/home-care-next/")
    intro = page.find(id="compare").find_next("p").get_text(" ", strip=True)
    assert "1 step added, 1 removed, 2 changed, 1 kept as it is" in intro
    assert table_after(page, "compare_steps") == EXPECTED_STEPS
    assert table_after(page, "compare_opportunities") == EXPECTED_OPPORTUNITIES
    assert table_after(page, "compare_regulated") == EXPECTED_REGULATED


def test_compare_links_removed_steps_to_the_current_map(site):
    page = soup(site, "/journeys/home-care-next/")
    removed = page.find(id="compare_steps").find_next("table").find(
        string="Shows an identity document at the first visit").parent
    assert removed["href"] == "../home-care/#prove-identity"
    assert page.find(id="give-consent") is not None


def test_current_map_links_its_future_maps(site):
    page = soup(site, "/journeys/home-care/")
    rows = table_after(page, "future")
    assert rows[0][0] == "Home care next year"
    assert rows[0][1].startswith("1 added, 2 changed, 1 removed")
    assert page.find(id="future").find_next("table").a["href"] == "../home-care-next/"
    board = soup(site, "/journeys/home-care/board/")
    assert board.find(id="future").a["href"] == "../../home-care-next/board/"


# -- boards ---------------------------------------------------------------------------------------

def test_future_board_draws_both_curves_labelled_in_words(site):
    board = soup(site, "/journeys/home-care-next/board/")
    svg = board.select_one(".jh-board .jh-curve__svg")
    today = svg.select(".jh-curve__point--today")
    # today's scores of the steps the current map has: sign-up 3, give-consent (was
    # sign-consent) 2, book-visit 2; get-reminder is new: no point today
    assert [p["data-step"] for p in today] == ["sign-up", "give-consent", "book-visit"]
    labels = [t.get_text() for t in svg.select(".jh-curve__label--today")]
    assert labels == ["now 3", "now 2", "now 2"]
    assert "Today: step 1: 3 of 5; step 2: 2 of 5; step 3: 2 of 5" in svg["aria-label"]
    legend = board.select_one(".jh-curve-legend").get_text(" ", strip=True)
    assert "Future feeling" in legend and "Today's feeling (current map)" in legend
    assert board.select_one(".jh-board-relation a")["href"] == "../../home-care/"


def test_current_board_has_no_second_curve(site):
    board = soup(site, "/journeys/home-care/board/")
    assert not board.select(".jh-curve__point--today")
    assert not board.select(".jh-curve-legend")


def test_parent_board_and_page_show_the_focused_map_over_its_range(site):
    board = soup(site, "/journeys/home-care/board/")
    bar = board.select_one(".jh-board .jh-detailed")
    assert "Consent in detail" in bar.get_text() and "steps 2–3" in bar.get_text()
    assert bar.a["href"] == "../../home-care-consent/board/"
    # columns 3 and 4 of the grid: steps 2 and 3 (column 1 holds the lane labels)
    assert "grid-column:3 / span 2" in bar["style"]
    page = soup(site, "/journeys/home-care/")
    assert table_after(page, "detailed_in")[0][:2] == ["Consent in detail", "steps 2–3"]
    marks = [p.get_text(" ", strip=True) for p in page.find_all("p")
             if p.get_text().startswith("Detailed in")]
    assert marks == ["Detailed in Consent in detail"] * 2  # under steps 2 and 3 only


def test_focused_map_says_where_it_sits_and_links_back(site):
    page = soup(site, "/journeys/home-care-consent/")
    note = next(d for d in page.select(".admonition") if "Focused map" in d.get_text())
    assert "steps 2–3" in note.get_text()
    hrefs = [a["href"] for a in note.find_all("a")]
    assert hrefs == ["../home-care/", "../home-care/#sign-consent", "../home-care/#prove-identity"]
    board = soup(site, "/journeys/home-care-consent/board/")
    assert board.select_one(".jh-board-relation a")["href"] == "../../home-care/board/"


# -- nav and counting -----------------------------------------------------------------------------

def nav_titles(page: BeautifulSoup) -> list[tuple[int, str]]:
    """(depth, title) of the primary nav's journey links."""
    out = []
    for a in page.select("nav.md-nav--primary a.md-nav__link"):
        depth = len(a.find_parents("ul"))
        out.append((depth, " ".join(a.get_text().split())))
    return out


def test_nav_nests_future_and_focused_maps_under_their_map(site):
    page = soup(site, "/journeys/home-care-next/")
    titles = nav_titles(page)
    names = [t for _, t in titles]
    depth = dict((t, d) for d, t in titles)
    assert depth["Home care next year"] > depth["Home care today"]
    assert depth["Consent in detail"] > depth["Home care today"]
    assert names.index("Home care today") < names.index("Home care next year") \
        < names.index("Consent in detail")


def test_home_and_moments_count_current_maps_only(site):
    home = soup(site, "/")
    stats = home.select_one(".jh-stats").get_text(" ", strip=True)
    assert stats.startswith("2 journeys 1 persona 6 steps")  # home-care 4 + consent 2
    assert "1 future map not counted here" in stats
    moments = soup(site, "/moments/").get_text(" ", strip=True)
    assert "Current maps only" in moments
    assert "Gives consent in the app" not in moments
    overview = soup(site, "/journeys/").get_text(" ", strip=True)
    assert "includes 1 future map" in overview


def test_spec_fixture_builds_without_warnings(site):
    assert site.warnings == []


def test_scaffold_future_map_copies_the_current_steps(workdir: Path):
    shutil.copytree(SPEC, workdir / "journeys")
    code, out, err = invoke(["new", "journey", "home-care-2028", "--future-of", "home-care",
                             "--today", "2026-12-01"])
    assert code == 0, out + err
    text = (workdir / "journeys/maps/home-care-2028.yml").read_text()
    assert "state: future\nfuture_of: home-care\n" in text
    assert text.count("  - id: ") == 4 and "opportunities:" not in text
    code, out, err = invoke(["check"])
    assert code == 0, out + err
    code, _, err = invoke(["new", "journey", "again", "--future-of", "home-care-next"])
    assert code == 1 and "is itself a future map" in err
    code, _, err = invoke(["new", "persona", "p", "--future-of", "home-care"])
    assert code == 2


# -- impact and diff know both relations ----------------------------------------------------------

def test_impact_of_a_journey_lists_its_future_and_focused_maps(workdir):
    code, out, err = invoke(["impact", "journey", "home-care", "--format", "json",
                             "--data-dir", SPEC])
    assert code == 0, out + err
    report = json.loads(out)
    assert [(r["id"], r["how"].split(":")[0]) for r in report["related"]] == [
        ("home-care-next", "a future map of it"),
        ("home-care-consent", "a focused map of its steps sign-consent to prove-identity")]
    steps = {(s["journey"], s["id"]): s["how"] for s in report["steps"]}
    assert steps[("home-care", "sign-consent")] == "detailed in focused map 'home-care-consent'"
    assert steps[("home-care-next", "get-reminder")] == \
        "delivered by its opportunity 'online-booking'"
    assert {o["id"] for o in report["opportunities"]} == {"digital-consent", "online-booking"}
    assert "/journeys/home-care-next/" in report["pages"]


def test_diff_reports_relations_set_and_dropped(tmp_path: Path):
    before = tmp_path / "before"
    shutil.copytree(SPEC, before)
    replace_once(before / "maps/home-care-consent.yml", "to: prove-identity", "to: sign-consent")
    after = tmp_path / "after"
    shutil.copytree(SPEC, after)
    replace_once(after / "maps/home-care-next.yml", "state: future\nfuture_of: home-care\n", "")
    replace_once(after / "maps/home-care-next.yml", "delivered_by: [digital-consent]", "")
    future = after / "maps/home-care-next.yml"
    future.write_text(future.read_text().replace("    delivered_by: [online-booking]\n", ""))
    diff = compare(load_handbook(before).handbook, load_handbook(after).handbook,
                   date(2026, 12, 1))
    assert [(r.journey, r.relation, r.before, r.after) for r in diff.relations] == [
        ("home-care-consent", "part of", "home-care, steps sign-consent to sign-consent",
         "home-care, steps sign-consent to prove-identity"),
        ("home-care-next", "future of", "home-care", None)]
    assert diff.summary()["relations_changed"] == 2


def test_json_export_carries_both_relations(workdir):
    out_file = workdir / "handbook.json"
    code, out, err = invoke(["export", "json", out_file, "--data-dir", SPEC])
    assert code == 0, out + err
    journeys = {j["id"]: j for j in json.loads(out_file.read_text())["journeys"]}
    assert journeys["home-care-next"]["state"] == "future"
    assert journeys["home-care-next"]["future_of"] == "home-care"
    assert journeys["home-care"]["futures"] == ["home-care-next"]
    assert journeys["home-care-consent"]["part_of"] == {
        "journey": "home-care", "from": "sign-consent", "to": "prove-identity"}
    assert journeys["home-care"]["focused"] == ["home-care-consent"]
    steps = {s["id"]: s for s in journeys["home-care-next"]["steps"]}
    assert steps["get-reminder"]["delivered_by"] == ["online-booking"]
