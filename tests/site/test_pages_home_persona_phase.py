"""Home, persona and phase pages: rendered to HTML with the site's Markdown extensions.

The minimal fixture covers every field; small handbooks written in tmp_path cover
audience grouping, messaging gaps, hand-offs between personas and hostile text.
"""

from __future__ import annotations

import html
import posixpath
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import FIXTURES, SAMPLE, load, text, to_soup, write_busy_handbook
from journey_handbook.data.loader import load_handbook
from journey_handbook.site.pages import PageContext, content, home, persona, phase

MINIMAL = FIXTURES / "minimal"
BEFORE_DUE = date(2026, 10, 1)  # first-visit is due 2026-11-30


# -- helpers --------------------------------------------------------------------------------

def render_pages(handbook, today: date = BEFORE_DUE) -> dict[str, str]:
    ctx = PageContext(handbook, today)
    pages: dict[str, str] = {}
    for module in (home, persona, phase, content):
        pages.update(module.render(ctx))
    return pages


def section(soup: BeautifulSoup, heading_text: str) -> BeautifulSoup:
    """Everything after the h2 whose text is `heading_text`, up to the next h2."""
    h2 = next(h for h in soup.find_all("h2") if h.get_text().strip() == heading_text)
    parts = []
    for sibling in h2.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(str(sibling))
    return BeautifulSoup("".join(parts), "html.parser")


def hrefs(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.find_all("a", href=True) if not a["href"].startswith("#")]


def guidance(block) -> list[str]:
    """The top-level items of a messaging block, as text."""
    return [re.sub(r"\s+", " ", li.get_text(" ")).strip().replace(" :", ":")
            for li in block.ul.find_all("li", recursive=False)]


def cell_text(td) -> str:
    return re.sub(r" ([,.])", r"\1", re.sub(r"\s+", " ", td.get_text(" "))).strip()


def rows(table) -> list[list[str]]:
    return [[cell_text(td) for td in tr.find_all("td")]
            for tr in table.find_all("tr") if tr.find_all("td")]


@pytest.fixture(scope="module")
def minimal():
    return load(MINIMAL)


@pytest.fixture(scope="module")
def pages(minimal):
    return render_pages(minimal)


def write_handbook(root: Path, *, personas: dict, journeys: dict, phases=None,
                   title="Test handbook", description="Test", governance=None) -> Path:
    """A small valid handbook in `root` from plain dicts (ids are the dict keys)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "personas").mkdir(exist_ok=True)
    (root / "maps").mkdir(exist_ok=True)
    handbook = {
        "title": title, "description": description,
        "phases": phases or [{"id": "learn", "name": "Learn", "goal": "They learn"},
                             {"id": "join", "name": "Join"},
                             {"id": "use", "name": "Use"}],
        "teams": [{"id": "ops", "name": "Operations"}],
        "governance": governance or {},
    }
    (root / "handbook.yml").write_text(yaml.safe_dump(handbook), encoding="utf-8")
    for pid, data in personas.items():
        (root / "personas" / f"{pid}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    for jid, data in journeys.items():
        data = {"owner": "ops", "reviewed": "2026-10-01", **data}
        (root / "maps" / f"{jid}.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return root


def journey(personas: list[str], steps: list[dict], **extra) -> dict:
    return {"title": extra.pop("title", "A journey"), "personas": personas, "steps": steps,
            **extra}


# -- home -------------------------------------------------------------------------------------

def test_home_shows_title_description_and_what_the_handbook_covers(pages):
    soup = to_soup(pages["index.md"])
    assert soup.h1.get_text().strip() == "Acme Health handbook"
    assert "A small handbook written only from the format spec." in text(soup)
    stats = text(soup.select_one(".jh-stats"))
    for expected in ("1 journey", "2 personas", "4 steps", "4 touchpoints",
                     "2 evidence sources", "2 opportunities"):
        assert expected in stats
    assert pages["index.md"].startswith('---\ntitle: "Acme Health handbook"\n')


def test_home_links_every_section_from_cards(pages):
    cards = to_soup(pages["index.md"]).select_one("div.grid.cards")
    assert cards is not None, "grid cards need md_in_html to render as a list"
    assert [a.get_text() for a in cards.select("li strong a")] == [
        "Journeys", "Personas", "Phases", "Content", "Backlog", "Touchpoints", "Evidence",
        "Reviews"]
    assert [a["href"] for a in cards.select("li strong a")] == [
        f"{kind}/index.md" for kind in ("journeys", "personas", "phases", "content", "backlog",
                                        "touchpoints", "evidence", "reviews")]


def test_home_evidence_coverage_is_share_of_known_steps(pages):
    # search and welcome cite evidence; give-consent and recheck are hypothesized.
    coverage = text(section(to_soup(pages["index.md"]), "Evidence coverage"))
    assert "50% of 4 steps are backed by evidence (2 known, 2 hypothesized)" in coverage


def test_home_lists_journeys_with_owner_status_and_review(pages):
    journeys = section(to_soup(pages["index.md"]), "Journeys")
    assert rows(journeys.table) == [
        ["Patients", "First visit", "Growth", "fresh due in 60 days", "2 of 4"]]
    assert journeys.table.a["href"] == "journeys/first-visit/index.md"
    assert journeys.table.select_one(".jh-badge--active") is None  # only exceptions marked


def test_home_marks_draft_and_archived_journeys(tmp_path):
    step = [{"id": "a", "phase": "learn", "persona": "p", "action": "A"}]
    data = write_handbook(tmp_path / "data", personas={"p": {"name": "P"}}, journeys={
        "old": journey(["p"], step, title="Old", status="archived"),
        "new": journey(["p"], step, title="New", status="draft"),
        "live": journey(["p"], step, title="Live")})
    table_rows = rows(section(to_soup(render_pages(load(data))["index.md"]), "Journeys").table)
    assert [r[1] for r in table_rows] == ["Live", "New draft", "Old archived"]


@pytest.mark.parametrize(("today", "state", "label"), [
    (date(2026, 10, 30), "fresh", "fresh due in 31 days"),
    (date(2026, 11, 30), "due-soon", "due soon due today"),
    (date(2026, 12, 1), "stale", "stale 1 day overdue"),
])
def test_home_flags_review_freshness(minimal, today, state, label):
    soup = to_soup(render_pages(minimal, today)["index.md"])
    journeys = section(soup, "Journeys")
    assert journeys.select_one(f".jh-badge--{state}") is not None
    assert rows(journeys.table)[0][3] == label
    warning = journeys.select_one(".admonition.warning")
    if state == "stale":
        assert "1 of 1 journey is past the review date" in text(warning)
        assert warning.a["href"] == "journeys/first-visit/index.md"
    else:
        assert warning is None
    reviews_card = text(soup.select("div.grid.cards li")[-1])
    assert reviews_card.endswith("1 stale, 0 due soon." if state == "stale" else
                                  "0 stale, 1 due soon." if state == "due-soon" else
                                  "0 stale, 0 due soon.")


def test_home_groups_journeys_by_audience_in_nav_order(tmp_path):
    data = write_handbook(tmp_path / "data", personas={"p": {"name": "P"}}, journeys={
        "zeta-clinic": journey(["p"], [{"id": "a", "phase": "learn", "persona": "p",
                                        "action": "A"}], title="Zeta clinic",
                               audience="provider"),
        "alpha-clinic": journey(["p"], [{"id": "a", "phase": "learn", "persona": "p",
                                         "action": "A"}], title="Alpha clinic",
                                audience="provider"),
        "patients": journey(["p"], [{"id": "a", "phase": "learn", "persona": "p",
                                     "action": "A"}], title="Patient intake",
                            audience="patient"),
        "misc": journey(["p"], [{"id": "a", "phase": "learn", "persona": "p",
                                 "action": "A"}], title="Unlabelled"),
    })
    journeys = section(to_soup(render_pages(load(data))["index.md"]), "Journeys")
    # One table; the audience names the first row of its group, in the nav's order.
    assert [r[:2] for r in rows(journeys.table)] == [
        ["Patients", "Patient intake"],
        ["Providers", "Alpha clinic"], ["", "Zeta clinic"],
        ["Other", "Unlabelled"]]


def test_home_lists_top_open_opportunities_by_priority(tmp_path):
    def opp(oid, status, impact, effort):
        return {"id": oid, "title": f"Opp {oid}", "steps": ["a"], "owner": "ops",
                "status": status, "impact": impact, "effort": effort}

    data = write_handbook(tmp_path / "data", personas={"p": {"name": "P"}}, journeys={
        "j": journey(["p"], [{"id": "a", "phase": "learn", "persona": "p", "action": "A"}],
                     opportunities=[
                         opp("low", "idea", 1, 5), opp("done", "shipped", 5, 1),
                         opp("measured-one", "measured", 5, 1), opp("gone", "dropped", 5, 1),
                         opp("top", "in-progress", 5, 1), opp("second", "planned", 4, 1),
                         opp("third", "idea", 4, 2), opp("fourth", "idea", 3, 2),
                         opp("fifth", "idea", 2, 2), opp("sixth", "idea", 2, 3)]),
    })
    block = section(to_soup(render_pages(load(data))["index.md"]), "Open opportunities")
    assert "7 opportunities are open" in text(block)
    links = [a["href"] for a in block.table.find_all("a") if "backlog" in a["href"]]
    assert links == [f"backlog/index.md#{o}" for o in
                     ("top", "second", "third", "fourth", "fifth")]
    assert rows(block.table)[0] == ["Opp top A journey", "Operations", "in progress",
                                    "5.0 impact 5 · effort 1"]
    assert "backlog/index.md" in hrefs(block)


def test_home_shows_phases_in_order_and_governance(pages):
    soup = to_soup(pages["index.md"])
    phase_rows = rows(section(soup, "Phases").table)
    assert phase_rows == [["1. Awareness", "People learn the service exists", "2"],
                          ["2. Consent", "", "1"], ["3. Onboarding", "", "1"]]
    governance = text(section(soup, "Governance"))
    assert "Decision rules Owners approve changes to their maps" in governance
    assert "Assumptions Most patients start on mobile" in governance


# -- persona ------------------------------------------------------------------------------------

def test_persona_overview_table(pages):
    table_rows = rows(to_soup(pages["personas/index.md"]).table)
    assert table_rows == [
        ["New patient", "Patient", "Looks for help with a new symptom", "Decision-maker", "1"],
        ["Care coordinator", "Internal", "Calls new patients", "User", "1"],
    ]
    links = [a["href"] for a in to_soup(pages["personas/index.md"]).table.find_all("a")]
    assert links == ["new-patient/index.md", "care-coordinator/index.md"]


def test_persona_page_shows_profile_steps_and_feelings(pages):
    soup = to_soup(pages["personas/new-patient/index.md"])
    assert soup.h1.get_text().strip() == "New patient"
    profile = text(soup)
    for expected in ("Role: Looks for help with a new symptom", "Audience: Patient",
                     "Decision role: Decision-maker",
                     "Tasks Find out whether the symptom is serious",
                     "Goals Get reassurance quickly", "Concerns privacy"):
        assert expected in profile
    where = section(soup, "Where they act")
    assert [r[1] for r in rows(where.table)] == [
        "Searches for a symptom", "Reads and accepts the consent form",
        "Searches again after a week"]
    assert {"../../journeys/first-visit/index.md#search",
            "../../journeys/first-visit/index.md#give-consent",
            "../../journeys/first-visit/index.md#recheck"} <= set(hrefs(where))
    feel = section(soup, "How they feel")
    assert rows(feel.table) == [
        ["Searches for a symptom", "Awareness", "2/5", "anxious", "unsure if serious"],
        ["Reads and accepts the consent form", "Consent", "3/5", "", ""],
    ]
    assert feel.select_one(".jh-score--2 .jh-score__fill") is not None
    assert "Average 2.5/5 over 2 steps" in text(feel)


def test_persona_page_barriers_messaging_and_opportunities(pages):
    soup = to_soup(pages["personas/new-patient/index.md"])
    barriers = rows(section(soup, "Barriers they hit").table)
    assert barriers == [
        ["Too many ads", "Searches for a symptom", "Landing page"],
        ["Long legal text", "Reads and accepts the consent form", "Consent form"],
        ["Cannot call for help", "Reads and accepts the consent form", "Welcome call"],
    ]
    messaging = section(soup, "Messaging by phase")
    assert [h.get_text().strip() for h in messaging.find_all("h3")] == [
        "Awareness", "Consent"]
    assert "../../phases/awareness/index.md#new-patient" in hrefs(messaging)
    assert "../../phases/consent/index.md#new-patient" in hrefs(messaging)
    assert guidance(messaging.select_one(".jh-guidance")) == [
        "Questions they ask Is this service for me?", "Key messages Free and private",
        "Avoid jargon", "Formats: short video", "Channels: search ads"]
    opportunities = section(soup, "Opportunities that affect them")
    assert [r[0] for r in rows(opportunities.table)] == ["Shorter consent form"]
    assert "../../backlog/index.md#shorter-consent" in hrefs(opportunities)


def test_persona_handoffs_both_ways(pages):
    patient = section(to_soup(pages["personas/new-patient/index.md"]), "Hand-offs")
    [given] = rows(patient.find_all("table")[0])
    assert given == ["Reads and accepts the consent form", "Care operations team",
                     "Consent record sent to care operations"]
    coordinator = section(to_soup(pages["personas/care-coordinator/index.md"]), "Hand-offs")
    assert "They hand nothing off." in text(coordinator)
    [received] = rows(coordinator.table)
    assert received[:2] == ["Calls the patient", "Care operations team"]
    assert "../../journeys/first-visit/index.md#welcome" in hrefs(coordinator)


def test_persona_to_persona_handoff_links_both_pages(tmp_path):
    data = write_handbook(tmp_path / "data", personas={
        "lead": {"name": "Lead"}, "director": {"name": "Director"}}, journeys={
        "buy": journey(["lead", "director"], [
            {"id": "ask", "phase": "learn", "persona": "lead", "action": "Asks director",
             "handoff": {"to": "director", "note": "Needs clinical sign-off"}},
            {"id": "approve", "phase": "join", "persona": "director", "action": "Approves"}]),
    })
    rendered = render_pages(load(data))
    lead = section(to_soup(rendered["personas/lead/index.md"]), "Hand-offs")
    assert rows(lead.table) == [["Asks director", "Director", "Needs clinical sign-off"]]
    assert "../director/index.md" in hrefs(lead)
    director = section(to_soup(rendered["personas/director/index.md"]), "Hand-offs")
    assert rows(director.table) == [["Asks director", "Lead", "Needs clinical sign-off"]]
    assert "../lead/index.md" in hrefs(director)


# -- phase --------------------------------------------------------------------------------------

def test_phase_page_has_an_anchor_per_persona_with_messaging(pages):
    awareness = to_soup(pages["phases/awareness/index.md"])
    heading = awareness.find(id="new-patient")
    assert heading is not None and heading.name == "h3"
    assert heading.get_text().strip() == "New patient"
    assert "**Goal:**" not in str(awareness)
    assert "Goal: People learn the service exists" in text(awareness)
    assert "landing visits" in text(awareness)
    assert to_soup(pages["phases/consent/index.md"]).find(id="new-patient") is not None
    # care-coordinator neither acts nor has messaging anywhere: no section.
    for phase_id in ("awareness", "consent", "onboarding"):
        assert to_soup(pages[f"phases/{phase_id}/index.md"]).find(
            id="care-coordinator") is None


def test_phase_page_content_needs_and_barriers_per_step(pages):
    needs = section(to_soup(pages["phases/awareness/index.md"]), "Content needs by step")
    body = text(needs)
    for expected in ("Questions: Is it serious?", "Topics: symptoms", "Formats: article",
                     "Channels: web", "Message: We can help you decide what to do next",
                     "Call to action: Check your symptoms", "Barriers: Too many ads"):
        assert expected in body
    assert "../../journeys/first-visit/index.md#search" in hrefs(needs)
    assert "../../journeys/first-visit/index.md#recheck" in hrefs(needs)
    consent = text(section(to_soup(pages["phases/consent/index.md"]), "Content needs by step"))
    assert "Barriers: Long legal text · Cannot call for help" in consent


GAP_PERSONAS = {
    "writer-ready": {"name": "Writer ready", "messaging": {
        "learn": {"questions": ["What is it?"], "key_messages": ["It helps"],
                  "avoid": ["hype"], "formats": ["video"], "channels": ["web"]},
        "use": {"key_messages": ["Only messaging, never acts here"]}}},
    "silent": {"name": "Silent one", "messaging": {"join": {}}},
    "bystander": {"name": "Bystander"},
}
GAP_JOURNEY = journey(["writer-ready", "silent"], [
    {"id": "discover", "phase": "learn", "persona": "writer-ready", "action": "Discovers"},
    {"id": "overhear", "phase": "learn", "persona": "silent", "action": "Overhears"},
    {"id": "sign-up", "phase": "join", "persona": "silent", "action": "Signs up"},
    {"id": "ops-check", "phase": "join", "persona": "ops", "action": "Checks the form"},
])


@pytest.fixture
def gap_pages(tmp_path):
    data = write_handbook(tmp_path / "data", personas=GAP_PERSONAS,
                          journeys={"signup": GAP_JOURNEY})
    return render_pages(load(data))


def test_phase_gap_list_names_acting_personas_without_messaging(gap_pages):
    learn = to_soup(gap_pages["phases/learn/index.md"])
    warning = learn.select_one(".admonition.warning")
    assert warning.select_one(".admonition-title").get_text() == "Messaging gaps"
    assert [a.get_text() for a in warning.find_all("a")] == ["Silent one", "Overhears"]
    assert "../../journeys/signup/index.md#overhear" in hrefs(warning)
    # An empty `messaging: {join: {}}` entry is still a gap; teams never are.
    join = to_soup(gap_pages["phases/join/index.md"])
    gap_links = [a.get_text() for a in join.select_one(".admonition.warning").find_all("a")]
    assert gap_links == ["Silent one", "Signs up"]
    assert "Operations" not in text(join.select_one(".admonition.warning"))
    # No one acts in "use": no gap list, but the persona with messaging has a section.
    use = to_soup(gap_pages["phases/use/index.md"])
    assert use.select_one(".admonition.warning") is None
    assert use.find(id="writer-ready") is not None
    assert "Only messaging, never acts here" in text(use)


def test_phase_sections_cover_acting_and_messaging_personas(gap_pages):
    learn = to_soup(gap_pages["phases/learn/index.md"])
    assert [h["id"] for h in section(learn, "Messaging by persona").find_all("h3")] == [
        "silent", "writer-ready"]
    assert learn.find(id="bystander") is None
    ready = learn.find(id="writer-ready").find_next_sibling("div")
    assert guidance(ready) == ["Questions they ask What is it?", "Key messages It helps",
                               "Avoid hype", "Formats: video", "Channels: web"]
    silent_note = learn.find(id="silent").find_next_sibling("p").find_next_sibling("p")
    assert "No messaging for this phase yet" in text(silent_note)


def test_phase_overview_counts_steps_personas_and_gaps(gap_pages):
    overview = to_soup(gap_pages["phases/index.md"])
    assert rows(overview.table) == [
        ["1. Learn", "They learn", "2", "Silent one Writer ready", "1"],
        ["2. Join", "", "2", "Silent one", "1"],
        ["3. Use", "", "0", "", "0"],
    ]
    assert "learn/index.md#writer-ready" in hrefs(overview)
    assert "join/index.md#silent" in hrefs(overview)


# -- many steps: grouped by journey, a few links per line ------------------------------------

MANY_JOURNEYS = 11  # write_busy_handbook's: 10 + 13 steps of "busy" in learn
LINKS_PER_LINE = 13  # a journey's title is text; at most 12 step links (GROUP_LINKS) a line


@pytest.fixture(scope="module")
def busy_pages(tmp_path_factory):
    data = write_busy_handbook(tmp_path_factory.mktemp("busy") / "data", MANY_JOURNEYS)
    return render_pages(load(data))


def reads(node) -> str:
    """A node's text as read, without the space get_text puts before punctuation."""
    return re.sub(r" ([,.:])", r"\1", text(node))


def lines_of_links(soup) -> list[int]:
    """How many links each paragraph and each list item (its own text) holds."""
    counts = [len(p.find_all("a")) for p in soup.find_all("p")]
    for li in soup.find_all("li"):
        own = [a for a in li.find_all("a") if a.find_parent("li") is li]
        counts.append(len(own))
    return counts


def test_many_steps_of_a_phase_are_folded_one_line_per_journey(busy_pages):
    learn = to_soup(busy_pages["phases/learn/index.md"])
    gap = learn.select_one(".admonition.warning")
    [item] = gap.find_all("li")
    assert reads(item) == "Busy one: acts in 23 steps of 11 journeys"
    assert item.find_all("a")[1]["href"] == "#busy"
    busy = learn.find(id="busy")
    assert "Acts in 23 steps of 11 journeys." in reads(busy.find_next_sibling("p"))
    fold = busy.find_next_sibling("details")
    assert text(fold.summary) == "Their steps in this phase"
    items = [reads(li) for li in fold.find_all("li")]
    assert items[0] == "Trip 00: Busy step 0 of 0"
    assert items[-2] == "Trip 10: " + ", ".join(f"Busy step {i} of 10" for i in range(12))
    assert items[-1] == "Trip 10: Busy step 12 of 10"
    assert len(items) == MANY_JOURNEYS + 1
    assert "../../journeys/j10/index.md#s12" in hrefs(fold)
    assert max(lines_of_links(learn)) <= LINKS_PER_LINE


def test_many_journeys_of_a_persona_are_counted_and_listed_below(busy_pages):
    busy = to_soup(busy_pages["personas/busy/index.md"])
    fact = next(li for li in busy.ul.find_all("li") if text(li).startswith("Journeys"))
    assert reads(fact) == "Journeys: 11 journeys, listed under Where they act"
    assert fact.a["href"] == "#where-they-act"
    assert busy.find("h2", id="where-they-act") is not None
    assert len(section(busy, "Where they act").find_all("table")) == MANY_JOURNEYS
    watcher = to_soup(busy_pages["personas/watcher/index.md"])
    listed = section(watcher, "Where they act")
    assert "Also mapped in, without steps of their own:" in reads(listed)
    assert [reads(li) for li in listed.find_all("li")] == [
        f"Trip {n:02d}" for n in range(MANY_JOURNEYS)]
    assert max(lines_of_links(busy) + lines_of_links(watcher)) <= LINKS_PER_LINE


# -- links and anchors across all three page kinds ------------------------------------------

def contract_targets(handbook, rendered: dict[str, str]) -> dict[str, set[str] | None]:
    """Every contract page -> the anchors it must have (None: anchors not checked here)."""
    targets: dict[str, set[str] | None] = {
        "index.md": set(), "journeys/index.md": set(), "personas/index.md": set(),
        "phases/index.md": set(), "reviews/index.md": set(),
        "backlog/index.md": set(handbook.opportunities),
        "touchpoints/index.md": set(handbook.touchpoints),
        "evidence/index.md": set(handbook.evidence),
        "metrics/index.md": set(handbook.metrics),
    }
    for m in handbook.metrics.values():
        targets[f"metrics/{m.id}/index.md"] = {e.id for e in m.experiments}
    for j in handbook.journeys.values():
        targets[f"journeys/{j.id}/index.md"] = {s.id for s in j.steps} | {"opportunities"}
    for p in handbook.personas:
        targets[f"personas/{p}/index.md"] = set()
    for ph in handbook.phases:
        page = f"phases/{ph}/index.md"
        targets[page] = {el["id"] for el in to_soup(rendered[page]).find_all(id=True)}
    content = {el["id"] for el in to_soup(rendered["content/index.md"]).find_all(id=True)}
    assert set(handbook.phases) <= content, "/content/ has an anchor per phase (contract)"
    targets["content/index.md"] = content
    return targets


@pytest.mark.parametrize("data_dir", [MINIMAL, SAMPLE], ids=["minimal", "sample"])
def test_every_link_resolves_to_a_contract_page_and_anchor(data_dir):
    result = load_handbook(data_dir)
    if data_dir is SAMPLE and not result.ok:
        pytest.skip("the sample handbook is being edited and does not load cleanly")
    handbook = result.handbook
    rendered = render_pages(handbook)
    targets = contract_targets(handbook, rendered)
    checked = 0
    for page, source in rendered.items():
        for href in hrefs(to_soup(source)):
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            path, _, anchor = href.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            assert resolved in targets, f"{page}: {href} -> {resolved} is not a page"
            if anchor:
                assert anchor in targets[resolved], f"{page}: {href} has no anchor #{anchor}"
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("data_dir", [MINIMAL, SAMPLE], ids=["minimal", "sample"])
def test_contract_anchor_for_every_persona_messaging_phase(data_dir):
    result = load_handbook(data_dir)
    if data_dir is SAMPLE and not result.ok:
        pytest.skip("the sample handbook is being edited and does not load cleanly")
    handbook = result.handbook
    rendered = render_pages(handbook)
    for p in handbook.personas.values():
        acting = {s.phase.id for s in p.steps}
        for phase_id in set(p.messaging) | acting:
            soup = to_soup(rendered[f"phases/{phase_id}/index.md"])
            assert soup.find("h3", id=p.id) is not None, (phase_id, p.id)


# -- escaping ---------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) a|b"


@pytest.mark.parametrize("title", [
    "Care 🚑 👩🏽‍⚕️ \u200fשלום\u200f", 'quote " backslash \\ <b>', "tab\tnew\nline \x7f \ufeff"])
def test_front_matter_survives_mkdocs_meta_parser(tmp_path, title):
    """A title MkDocs cannot parse turns the front matter into visible page text."""
    from mkdocs.utils.meta import get_data

    data = write_handbook(tmp_path / "data", title=title, description=title,
                          personas={"p": {"name": title}},
                          journeys={"j": journey(["p"], [{"id": "a", "phase": "learn",
                                                          "persona": "p", "action": "A"}])})
    rendered = render_pages(load(data))
    for page in ("index.md", "personas/p/index.md"):
        body, meta = get_data(rendered[page])
        assert body.startswith("# "), page
        assert meta["title"] == html.escape(title), page


def test_hostile_text_is_shown_as_text_everywhere(tmp_path):
    data = write_handbook(
        tmp_path / "data", title=HOSTILE, description=HOSTILE,
        phases=[{"id": "learn", "name": HOSTILE, "goal": HOSTILE, "metrics": [HOSTILE]},
                {"id": "join", "name": "Join"}],
        governance={"decision_rules": [HOSTILE], "assumptions": [HOSTILE]},
        personas={
            "evil": {"name": HOSTILE, "role": HOSTILE, "tasks": [HOSTILE], "goals": [HOSTILE],
                     "concerns": [HOSTILE], "messaging": {"learn": {
                         "questions": [HOSTILE], "key_messages": [HOSTILE], "avoid": [HOSTILE],
                         "formats": [HOSTILE], "channels": [HOSTILE]}}},
            "other": {"name": "Other"},
        },
        journeys={"j": journey(["evil"], [
            {"id": "s1", "phase": "learn", "persona": "evil", "action": HOSTILE,
             "touchpoint": {"id": "tp", "name": HOSTILE, "channel": "web"},
             "emotion": {"score": 1, "feeling": HOSTILE, "why": HOSTILE},
             "barriers": [HOSTILE], "handoff": {"to": "other", "note": HOSTILE},
             "content": {"questions": [HOSTILE], "topics": [HOSTILE], "formats": [HOSTILE],
                         "channels": [HOSTILE], "message": HOSTILE, "cta": HOSTILE}},
            {"id": "s2", "phase": "join", "persona": "evil", "action": HOSTILE}],
            title=HOSTILE, opportunities=[{"id": "o1", "title": HOSTILE, "steps": ["s1"],
                                           "owner": "ops", "impact": 3, "effort": 1}])},
    )
    rendered = render_pages(load(data), today=date(2027, 6, 1))  # stale: warning shown too
    assert set(rendered) >= {"index.md", "personas/evil/index.md", "phases/learn/index.md",
                             "phases/index.md", "personas/index.md"}
    for page, source in rendered.items():
        soup = to_soup(source)
        assert soup.find("script") is None, page
        assert soup.find("img") is None, page
        assert not soup.find_all(attrs={"onerror": True}), page
        assert not [h for h in hrefs(soup) if "javascript" in h.lower()], page
        for table in soup.find_all("table"):
            width = len(table.find_all("th"))
            assert all(len(r) == width for r in rows(table)), f"{page}: a '|' split a cell"
        if "evil" in page or page in ("index.md", "phases/learn/index.md"):
            assert "<script>alert(1)</script>" in soup.get_text(), page
            assert "[x](javascript:alert(3)) a|b" in soup.get_text(), page
    persona_page = to_soup(rendered["personas/evil/index.md"])
    assert persona_page.h1.get_text().strip() == HOSTILE


# -- through a real MkDocs build ------------------------------------------------------------------

def test_built_site_renders_cards_and_rewrites_links(tmp_path):
    from helpers import build_site

    site = build_site(tmp_path, MINIMAL, today="2026-10-01")
    home_page = BeautifulSoup(site.page("/"), "html.parser").article
    cards = home_page.select_one("div.grid.cards")
    assert [a["href"] for a in cards.select("li a")][:3] == [
        "journeys/", "personas/", "phases/"]
    persona_page = BeautifulSoup(site.page("/personas/new-patient/"), "html.parser").article
    assert "../../phases/awareness/#new-patient" in hrefs(persona_page)
    assert "../../journeys/first-visit/#search" in hrefs(persona_page)
    assert "new-patient" in site.ids("/phases/awareness/")


def test_built_site_escapes_hostile_titles_in_page_chrome(tmp_path):
    """Material prints page.meta.title raw into <title> and the header bar."""
    from helpers import build_site

    site = build_site(tmp_path, FIXTURES / "hostile")
    hostile = load(FIXTURES / "hostile")
    urls = ["/"] + [f"/personas/{p}/" for p in hostile.personas] + [
        f"/phases/{p}/" for p in hostile.phases]
    for url in urls:
        soup = BeautifulSoup(site.page(url), "html.parser")
        for part in (soup.title, soup.select_one('[data-md-component="header-topic"]'),
                     soup.article):
            assert part.find("script") is None, (url, part.name)
            assert part.find("img") is None, (url, part.name)
            assert not part.find_all(attrs={"onerror": True}), (url, part.name)
            assert not [a for a in part.find_all("a", href=True)
                        if a["href"].lower().startswith("javascript")], (url, part.name)
        # A '"' in the description must not end the attribute and add new ones.
        for meta in soup.find_all("meta", attrs={"name": "description"}):
            assert set(meta.attrs) == {"name", "content"}, url
