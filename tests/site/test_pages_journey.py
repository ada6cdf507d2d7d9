"""Journey pages (`journeys/index.md`, `journeys/<id>/index.md`) rendered to HTML.

Pages are converted with the site's Markdown extensions, as MkDocs would, and checked
for what a reader relies on: the contract anchors, review status, the map grid, each
step's facts with known/hypothesized marks, and that hostile text stays text.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import FIXTURES, SAMPLE, load, text, to_soup
from journey_handbook.git import History
from journey_handbook.site.pages import PageContext, journey

MINIMAL = FIXTURES / "minimal"
BEFORE_DUE = date(2026, 11, 1)  # first-visit: reviewed 2026-10-01 every 60 days
AFTER_DUE = date(2026, 12, 5)  # ... so due 2026-11-30
PAGE = "journeys/first-visit/index.md"


# -- helpers ----------------------------------------------------------------------------------

def render(data_dir: Path, today: date = BEFORE_DUE, history=None) -> dict[str, str]:
    return journey.render(PageContext(load(data_dir), today, history or {}))


def ids(soup: BeautifulSoup) -> list[str]:
    return [el["id"] for el in soup.find_all(id=True)]


def step(soup: BeautifulSoup, step_id: str) -> BeautifulSoup:
    """A step's heading and everything up to the next heading of level 2 or 3."""
    h3 = soup.find(id=step_id)
    parts = [str(h3)]
    for sibling in h3.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        parts.append(str(sibling))
    return BeautifulSoup("".join(parts), "html.parser")


def facts(table) -> dict[str, str]:
    """A step's two-column fact sheet as {label: text} (the header row is the first fact)."""
    return {text(tr.find_all(["th", "td"])[0]): text(tr.find_all(["th", "td"])[1])
            for tr in table.find_all("tr")}


def badges(node) -> list[str]:
    return [text(b) for b in node.select(".jh-badge")]


@pytest.fixture(scope="module")
def page():
    return to_soup(render(MINIMAL)[PAGE])


@pytest.fixture(scope="module")
def stale_page():
    history = {"maps/first-visit.yml": History(date(2026, 10, 2), "Shorten <b>consent</b>")}
    return to_soup(render(MINIMAL, AFTER_DUE, history)[PAGE])


def copy_minimal(tmp_path: Path) -> Path:
    root = tmp_path / "journeys"
    shutil.copytree(MINIMAL, root)
    return root


def edit_journey(root: Path, change) -> None:
    path = root / "maps" / "first-visit.yml"
    # The C loader, like the project's: pure-Python PyYAML rejects `[Is it serious?]`.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


# -- pages and anchors ------------------------------------------------------------------------

def test_one_page_per_journey_plus_the_overview():
    assert set(render(MINIMAL)) == {"journeys/index.md", PAGE}


def test_contract_anchors_are_exact(page):
    found = ids(page)
    for anchor in ("search", "give-consent", "welcome", "recheck", "opportunities"):
        assert found.count(anchor) == 1, anchor
    assert page.find(id="search").name == "h3"
    assert page.find(id="opportunities").name == "h2"


def test_a_step_alias_keeps_old_links_landing_on_the_step(page):
    alias = page.find(id="search-again")
    assert alias is not None and alias.name == "a"
    assert alias.find_previous(["h2", "h3"])["id"] == "recheck"


def test_page_headings_never_take_an_id_a_step_could_have(page):
    kebab = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
    step_ids = {"search", "give-consent", "welcome", "recheck", "opportunities", "funnel"}
    for heading in page.find_all(["h1", "h2", "h3"]):
        assert heading["id"] in step_ids or not kebab.match(heading["id"]), heading["id"]


def test_steps_named_like_page_sections_keep_their_anchor(tmp_path):
    root = copy_minimal(tmp_path)

    def rename(data):
        for old, new in (("search", "journey-map"), ("welcome", "first-visit")):
            step_spec = next(s for s in data["steps"] if s["id"] == old)
            step_spec["id"] = new
            for opp in data["opportunities"]:
                opp["steps"] = [new if r == old else r.replace(f"/{old}", f"/{new}")
                                for r in opp["steps"]]
    edit_journey(root, rename)
    soup = to_soup(render(root)[PAGE])
    assert soup.find(id="journey-map").name == "h3"
    assert soup.find(id="first-visit").name == "h3"
    assert ids(soup).count("first-visit") == 1


# -- what the map covers and whether it is current --------------------------------------------

def test_facts_show_scope_owner_status_and_review(page):
    box = text(page.select_one(".jh-facts"))
    assert "Scope: Focused journey · goal: onboarding · product: Symptom checker · market: US" \
        in box
    assert "Audience: Patient" in box
    assert "Owner: Growth ( @acme/growth )" in box or "Owner: Growth (@acme/growth)" in box
    assert "last reviewed 2026-10-01 · next review 2026-11-30 (every 60 days)" in box
    assert "Review triggers: Product change, Compliance change (New consent rules)" in box
    assert "Patients search before they download" in box
    assert "2 of 4 steps known from evidence (50%)" in box
    links = {a.get_text(): a["href"] for a in page.select(".jh-facts a")}
    assert links == {"New patient": "../../personas/new-patient/index.md",
                     "Care coordinator": "../../personas/care-coordinator/index.md"}


def test_a_current_map_is_not_flagged_stale(page):
    assert "stale" not in badges(page.select_one(".jh-facts"))
    assert "Review overdue" not in text(page)


def test_a_map_past_its_due_date_is_flagged_stale(stale_page):
    assert "stale" in badges(stale_page.select_one(".jh-facts"))
    warning = stale_page.select_one(".admonition.warning")
    assert "Review overdue" in text(warning) and "2026-11-30 (5 days overdue)" in text(warning)


def test_the_last_change_from_git_is_shown_as_text(stale_page):
    box = stale_page.select_one(".jh-facts")
    assert "Last changed: 2026-10-02 — Shorten <b>consent</b>" in text(box)
    assert box.find("b") is None


def test_no_last_change_line_without_history(page):
    assert "Last changed" not in text(page.select_one(".jh-facts"))


def test_draft_and_archived_maps_say_so(tmp_path):
    root = copy_minimal(tmp_path)
    edit_journey(root, lambda d: d.update(status="draft"))
    soup = to_soup(render(root)[PAGE])
    assert "draft" in badges(soup.select_one(".jh-facts"))
    assert "Draft" in text(soup.select_one(".admonition"))


# -- diagrams ---------------------------------------------------------------------------------

def test_both_diagrams_are_mermaid_blocks_with_text_companions(page):
    blocks = page.select("pre.mermaid")
    assert [b.get_text().split("\n")[0] for b in blocks] == ["journey", "flowchart LR"]
    assert "2 steps without a recorded feeling are drawn as neutral (3)" in text(page)
    handoffs = page.find(id="hand_offs").find_next("table")
    assert [[text(td) for td in tr.find_all("td")] for tr in handoffs.find_all("tr")[1:]] == [
        ["2 Reads and accepts the consent form", "New patient", "Care operations team",
         "Consent record sent to care operations"],
        ["3 Calls the patient", "Care operations team", "Care coordinator", "—"],
    ]


def test_without_handoffs_a_sentence_replaces_the_diagram(tmp_path):
    root = copy_minimal(tmp_path)
    edit_journey(root, lambda d: [s.pop("handoff", None) for s in d["steps"]])
    soup = to_soup(render(root)[PAGE])
    assert [b.get_text().split("\n")[0] for b in soup.select("pre.mermaid")] == ["journey"]
    assert "No hand-offs in this journey" in text(soup)


# -- the journey-map grid ---------------------------------------------------------------------

def test_grid_has_phases_as_columns_and_lanes_as_rows(page):
    grid = page.select_one(".jh-grid table")
    # The corner names the first column: every cell has a header (axe rule td-has-header).
    assert [text(th) for th in grid.find_all("th")] == ["Lane", "Awareness", "Consent",
                                                       "Onboarding"]
    rows = {text(tr.find("td")): tr.find_all("td")[1:] for tr in grid.find_all("tr")[1:]}
    assert list(rows) == ["Doing", "Touchpoints", "Feeling", "Barriers", "Evidence",
                          "Metrics", "Opportunities"]
    awareness = {lane: text(cells[0]) for lane, cells in rows.items()}
    # The loop step (4) sits in its phase's column, after step 1.
    assert awareness["Doing"] == "1 Searches for a symptom 4 Searches again after a week"
    assert awareness["Feeling"] == "1 🙁 2/5 anxious"
    assert awareness["Evidence"] == "1 known 4 hypothesized"
    assert [a["href"] for a in rows["Doing"][0].find_all("a")] == ["#search", "#recheck"]
    assert rows["Touchpoints"][1].a["href"] == "../../touchpoints/index.md#consent-form"
    assert rows["Opportunities"][2].a["href"] == "../../backlog/index.md#welcome-script"
    assert text(rows["Barriers"][2]) == "—"
    assert awareness["Metrics"] == "1 progress: landing_view 1 stops: bounce"


# -- steps ------------------------------------------------------------------------------------

def test_phase_sections_follow_the_steps_and_link_to_phase_guidance(page):
    headings = [text(h) for h in page.find_all("h2")]
    assert headings == ["How the journey feels", "Hand-offs", "Journey map", "Where people stop",
                        "Awareness", "Consent", "Onboarding", "Awareness (again)",
                        "Opportunities"]
    awareness = page.find(id="phase_awareness")
    intro = awareness.find_next("p")
    assert "People learn the service exists" in text(intro)
    assert intro.a["href"] == "../../phases/awareness/index.md"


def test_a_step_shows_everything_known_about_it(page):
    search = step(page, "search")
    assert text(search.h3) == "1. Searches for a symptom"
    sheet = facts(search.table)
    assert sheet["Who"] == "New patient"
    assert sheet["Why"] == "Worried"
    assert sheet["Touchpoint"] == "Landing page (web, online, owned by Growth)"
    assert sheet["Response"] == "Landing page explains the service"
    assert sheet["Backstage"] == "SEO content updated monthly"
    assert sheet["Feeling"] == "🙁 2/5 anxious — unsure if serious"
    assert sheet["Barriers"] == "Too many ads at Landing page"
    assert sheet["Evidence"] == "known Signup funnel, Q3 2026 : 10k visits per month"
    assert sheet["Progress"] == "landing_view" and sheet["Failure"] == "bounce"
    assert sheet["Opportunities"] == "Shorter consent form"
    hrefs = {a.get_text(): a["href"] for a in search.table.find_all("a")}
    assert hrefs["New patient"] == "../../personas/new-patient/index.md"
    assert hrefs["Signup funnel, Q3 2026"] == "../../evidence/index.md#funnel-2026"
    assert hrefs["Shorter consent form"] == "../../backlog/index.md#shorter-consent"
    needs = text(search.select_one("details"))
    for expected in ("Questions people ask: Is it serious?", "Topics: symptoms",
                     "Formats: article", "Channels: web",
                     "Key message: We can help you decide what to do next",
                     "Call to action: Check your symptoms"):
        assert expected in needs


def test_regulated_touchpoints_handoffs_and_barriers_elsewhere(page):
    consent = step(page, "give-consent")
    assert badges(consent.select_one(".jh-step-marks")) == ["hypothesized", "consent", "hipaa"]
    sheet = facts(consent.table)
    assert sheet["Hand-off"] == "to Care operations team : Consent record sent to care operations"
    # A barrier names its own touchpoint; the others sit at the step's touchpoint.
    assert sheet["Barriers"] == ("Long legal text at Consent form "
                                 "Cannot call for help at Welcome call")
    assert consent.find("a", string="Welcome call")["href"] == \
        "../../touchpoints/index.md#welcome-call"
    assert "no evidence cited yet" in sheet["Evidence"]


def test_known_and_hypothesized_steps_are_marked(page):
    marks = {sid: badges(step(page, sid).select_one(".jh-step-marks"))[0]
             for sid in ("search", "give-consent", "welcome", "recheck")}
    assert marks == {"search": "known", "give-consent": "hypothesized", "welcome": "known",
                     "recheck": "hypothesized"}


def test_teams_are_named_not_linked_and_unscored_feelings_say_so(page):
    sheet = facts(step(page, "welcome").table)
    assert sheet["Who"] == "Care operations team"
    assert step(page, "welcome").table.find("a", string="Care operations") is None
    assert sheet["Feeling"].startswith("not recorded")


# -- opportunities ----------------------------------------------------------------------------

def test_opportunities_link_to_the_backlog_highest_priority_first(page):
    table = page.find(id="opportunities").find_next("table")
    rows = [[text(td) for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]
    assert rows == [
        ["Shorter consent form", "2 Reads and accepts the consent form 1 Searches for a symptom",
         "planned", "Care operations", "consent completion: 62% → 80% by 2027-03-31",
         "2.0 (4 ÷ 2)"],
        ["Warmer welcome call", "3 Calls the patient", "idea", "Growth",
         "no measurable outcome yet", "1.0 (2 ÷ 2)"],
    ]
    assert table.find("a", string="Shorter consent form")["href"] == \
        "../../backlog/index.md#shorter-consent"
    assert table.find("a", string="Calls the patient")["href"] == "#welcome"


def test_a_journey_without_opportunities_says_so(tmp_path):
    root = copy_minimal(tmp_path)
    edit_journey(root, lambda d: d.pop("opportunities"))
    soup = to_soup(render(root)[PAGE])
    assert "No opportunities recorded" in text(soup.find(id="opportunities").find_next("p"))


# -- the overview -----------------------------------------------------------------------------

def test_overview_groups_journeys_by_audience_with_review_and_evidence():
    soup = to_soup(render(MINIMAL, AFTER_DUE)["journeys/index.md"])
    assert [text(h) for h in soup.find_all("h2")] == ["Patients"]
    row = [text(td) for td in soup.find("table").find_all("tr")[1].find_all("td")]
    assert row == ["First visit Focused · onboarding", "Growth", "active", "2026-11-30 stale",
                   "4", "50% (2 of 4)"]
    assert soup.find("a", string="First visit")["href"] == "first-visit/index.md"
    assert "1 map past its review date" in text(soup)


@pytest.mark.skipif(not (SAMPLE / "handbook.yml").is_file(), reason="sample handbook absent")
def test_sample_handbook_overview_lists_every_journey_once():
    hb = load(SAMPLE)
    soup = to_soup(journey.render(PageContext(hb, BEFORE_DUE))["journeys/index.md"])
    links = [a["href"] for a in soup.select("table a")]
    assert sorted(links) == sorted(f"{j}/index.md" for j in hb.journeys)


# -- hostile text -----------------------------------------------------------------------------

HOSTILE = {
    "title": "<script>alert(1)</script> | pipe",
    "action": "<img src=x onerror=alert(1)> [x](javascript:alert(1)) | a",
    "note": "Hand | off <b>bold</b> `code` *em*",
    "barrier": "Barrier | with <iframe src=x>",
    "feeling": "[click](javascript:alert(1))",
}


def test_hostile_text_stays_text_and_tables_keep_their_shape(tmp_path):
    root = copy_minimal(tmp_path)

    def poison(data):
        data["title"] = HOSTILE["title"]
        data["assumptions"] = [HOSTILE["note"]]
        first = data["steps"][0]
        first["action"] = HOSTILE["action"]
        first["barriers"] = [HOSTILE["barrier"]]
        first["emotion"]["feeling"] = HOSTILE["feeling"]
        data["steps"][1]["handoff"]["note"] = HOSTILE["note"]
    edit_journey(root, poison)
    pages = render(root)
    soup = to_soup(pages[PAGE])
    assert not soup.find_all(["script", "img", "iframe", "b"])
    assert not [a for a in soup.find_all("a", href=True) if "javascript" in a["href"].lower()]
    assert text(soup.h1) == HOSTILE["title"]
    assert text(step(soup, "search").h3) == "1. " + HOSTILE["action"]
    assert facts(step(soup, "search").table)["Barriers"] == HOSTILE["barrier"] + \
        " at Landing page"
    for table in soup.find_all("table"):
        widths = {len(tr.find_all(["td", "th"])) for tr in table.find_all("tr")}
        assert len(widths) == 1, table
    for block in soup.select("pre.mermaid"):
        assert not set(block.get_text()) & set("<&`"), block.get_text()
    overview = to_soup(pages["journeys/index.md"])
    assert not overview.find_all("script")
    assert overview.find("a", href="first-visit/index.md").get_text() == HOSTILE["title"]
