"""Backlog, touchpoint, evidence and review pages, rendered to HTML and read like a user would."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from helpers import FIXTURES, load
from journey_handbook.site.downloads import backlog_csv, backlog_json
from journey_handbook.site.pages import PageContext, backlog, evidence, reviews, touchpoints

MINIMAL = FIXTURES / "minimal"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition", "pymdownx.details",
              "pymdownx.superfences"]


# --- helpers ---------------------------------------------------------------------------------

class Page(HTMLParser):
    """The parts of a rendered page the tests look at: ids, links, text and table shapes."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.rows: list[list[int]] = []  # per table: cell count of each row
        self._cells = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "table":
            self.rows.append([])
        elif tag == "tr":
            self._cells = 0
        elif tag in ("td", "th"):
            self._cells += 1

    def handle_endtag(self, tag):
        if tag == "tr":
            self.rows[-1].append(self._cells)

    def section(self, anchor: str) -> str:
        """HTML from the heading with this id up to the next heading of level 2 or 3."""
        start = re.search(rf'<h[23] id="{re.escape(anchor)}"', self.html)
        assert start, f"no heading #{anchor}"
        end = re.compile(r"<h[23][ >]").search(self.html, start.end())
        return self.html[start.start(): end.start() if end else None]

    def order(self, anchors: list[str]) -> list[str]:
        """The given ids in the order they appear on the page."""
        return sorted(anchors, key=lambda a: self.html.index(f'id="{a}"'))


def to_html(text: str) -> Page:
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return Page(markdown.markdown(body, extensions=EXTENSIONS))


def render(module, handbook, today: date) -> dict[str, str]:
    return module.render(PageContext(handbook, today))


def page(module, handbook, today: date = date(2026, 11, 1)) -> Page:
    pages = render(module, handbook, today)
    (md_path,) = [p for p in pages if p.endswith(".md")]
    return to_html(pages[md_path])


def write_json_yaml(path: Path, data) -> None:
    # JSON is valid YAML and quotes every string, so hostile text reaches the loader intact.
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="module")
def minimal():
    return load(MINIMAL)


HOSTILE = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> | a'


@pytest.fixture
def hostile(tmp_path):
    """A handbook whose every shown string tries to inject markup, links or table cells."""
    data = tmp_path / "hostile"
    write_json_yaml(data / "handbook.yml", {
        "title": "Hostile", "phases": [{"id": "awareness", "name": "Awareness " + HOSTILE},
                                       {"id": "consent", "name": "Consent"}],
        "teams": [{"id": "growth", "name": "Growth " + HOSTILE}]})
    write_json_yaml(data / "personas/patient.yml", {"name": "Patient " + HOSTILE})
    write_json_yaml(data / "touchpoints.yml", [
        {"id": "portal", "name": "Portal " + HOSTILE, "channel": "portal", "owner": "growth",
         "regulated": ["consent", "data-sharing"], "description": "Desc " + HOSTILE},
        {"id": "phone-line", "name": "Phone " + HOSTILE, "channel": "phone"}])
    write_json_yaml(data / "evidence.yml", [
        {"id": "survey-old", "kind": "survey", "title": "Survey " + HOSTILE,
         "link": "javascript:alert(1)", "collected": "2024-01-01", "summary": "Sum " + HOSTILE},
        {"id": "survey-new", "kind": "analytics", "title": "Fresh data",
         "link": "https://data.example/?a=1&b=2", "collected": "2026-10-01"}])
    write_json_yaml(data / "maps/hostile.yml", {
        "title": "Journey " + HOSTILE, "owner": "growth", "reviewed": "2026-01-01",
        "triggers": [{"type": "other", "note": "Note " + HOSTILE}],
        "personas": ["patient"],
        "steps": [
            {"id": "find", "phase": "awareness", "persona": "patient",
             "action": "Finds " + HOSTILE, "touchpoint": "portal",
             "barriers": ["Slow " + HOSTILE, {"text": "Nobody answers " + HOSTILE,
                                              "touchpoint": "phone-line"}],
             "evidence": [{"source": "survey-old", "note": "Cite " + HOSTILE}]},
            {"id": "agree", "phase": "consent", "persona": "patient", "action": "Agrees",
             "touchpoint": {"id": "paper-consent", "name": "Paper " + HOSTILE,
                            "channel": "paper", "regulated": ["consent"]}}],
        "opportunities": [{
            "id": "fix-portal", "title": "Fix " + HOSTILE, "aliases": ["old-fix"],
            "problem": "Problem " + HOSTILE, "steps": ["find", "agree"], "owner": "growth",
            "outcome": {"metric": "Metric " + HOSTILE, "baseline": "<1%", "target": ">5% | x",
                        "by": "2027-01-31"},
            "evidence": ["survey-old"], "status": "in-progress", "impact": 3, "effort": 1,
            "links": ["javascript:alert(1)", "https://tracker.example/T-1?a=1&b=<x>",
                      "[x](javascript:alert(1))",
                      "https://ok.example/[a](javascript:alert(1))"]}]})
    return load(data)


def assert_inert(p: Page) -> None:
    assert not {"script", "img"} & p.tags
    assert "onerror" not in " ".join(p.hrefs)
    assert not [h for h in p.hrefs if h.strip().lower().startswith("javascript")]
    for table in p.rows:  # a '|' in data never adds a cell
        assert len(set(table)) == 1, table
    assert "<script" not in p.html and "<img" not in p.html


def assert_unique(p: Page, anchors: list[str]) -> None:
    for anchor in anchors:
        assert p.ids.count(anchor) == 1, f"#{anchor} appears {p.ids.count(anchor)} times"


# --- backlog ----------------------------------------------------------------------------------

def test_backlog_anchor_per_opportunity_and_downloads(minimal):
    pages = render(backlog, minimal, date(2026, 11, 1))
    assert set(pages) == {"backlog/index.md", "backlog/backlog.csv", "backlog/backlog.json"}
    assert pages["backlog/backlog.csv"] == backlog_csv(minimal)
    assert pages["backlog/backlog.json"] == backlog_json(minimal)
    p = to_html(pages["backlog/index.md"])
    assert_unique(p, ["shorter-consent", "welcome-script"])
    assert {"backlog.csv", "backlog.json"} <= set(p.hrefs)
    assert {"#shorter-consent", "#welcome-script"} <= set(p.hrefs)  # from the summary table


def test_backlog_section_shows_status_owner_outcome_steps_evidence_links(minimal):
    section = page(backlog, minimal).section("shorter-consent")
    assert "Shorter consent form" in section
    assert 'jh-badge--planned">planned<' in section
    assert "Care operations" in section
    assert "consent completion: 62% → 80% by 2027-03-31" in section
    assert "2.0 (impact 4, effort 2)" in section
    # Deep links to the steps it changes, the journey's opportunities and the evidence.
    assert 'href="../journeys/first-visit/index.md#give-consent"' in section
    assert 'href="../journeys/first-visit/index.md#search"' in section
    assert 'href="../journeys/first-visit/index.md#opportunities"' in section
    assert 'href="../evidence/index.md#funnel-2026"' in section
    assert 'href="https://tracker.example/ACME-1"' in section
    later = page(backlog, minimal).section("welcome-script")
    assert "no measurable outcome yet" in later and "none cited" in later


def test_backlog_orders_by_priority_then_impact_everywhere(tmp_path):
    data = tmp_path / "d"
    shutil.copytree(MINIMAL, data)
    # Ids sort against the expected order, so only impact can break the ties.
    opps = [("a-two-low", 2, 1), ("unscored", None, None), ("z-one-high", 5, 5),
            ("a-one-low", 1, 1), ("top", 5, 1), ("last-scored", 1, 5)]
    write_json_yaml(data / "maps/ranked.yml", {
        "title": "Ranked", "owner": "growth", "reviewed": "2026-10-01",
        "personas": ["new-patient"],
        "steps": [{"id": "s", "phase": "awareness", "persona": "new-patient", "action": "Acts"}],
        "opportunities": [{"id": oid, "title": oid, "steps": ["s"], "owner": "growth",
                           **({"impact": i, "effort": e} if i else {})} for oid, i, e in opps]})
    p = page(backlog, load(data))
    # 5.0; 2.0 (impact 4, 2); 1.0 (impact 5, 2, 1); 0.2; not scored
    expected = ["top", "shorter-consent", "a-two-low", "z-one-high", "welcome-script",
                "a-one-low", "last-scored", "unscored"]
    assert p.order(expected) == expected  # the detailed sections
    summary = p.section("by_priority")
    assert sorted(expected, key=lambda o: summary.index(f'href="#{o}"')) == expected
    assert "not scored" in p.section("unscored")


def test_backlog_groups_by_status_owner_and_journey(minimal):
    p = page(backlog, minimal)
    by_status = p.section("by_status")
    assert by_status.index(">idea<") < by_status.index(">planned<")  # lifecycle order
    by_owner = p.section("by_owner")
    # one folded group each: the name and the count in its summary, the opportunities inside
    assert re.search(r'<summary>Care operations <span class="jh-group-count">1</span>',
                     by_owner)
    assert re.search(r'<summary>First visit <span class="jh-group-count">2</span></summary>',
                     p.section("by_journey"))
    assert "<details open" not in by_owner


def test_backlog_escapes_hostile_text_and_keeps_aliases(hostile):
    p = page(backlog, hostile)
    assert_inert(p)
    assert_unique(p, ["fix-portal", "old-fix"])
    # The old id is an anchor on the same heading, so old links land on the opportunity.
    assert re.search(r'<h3 id="fix-portal"><a id="old-fix"></a>Fix &lt;script&gt;', p.html)
    section = p.section("fix-portal")
    assert "&lt;1% → &gt;5% &#124; x" in section
    assert 'href="https://tracker.example/T-1?a=1&amp;b=%3Cx%3E"' in section
    assert "<code>javascript:alert(1)</code>" in section  # shown as text, not as a link
    assert "<code>[x](javascript:alert(1))</code>" in section
    # Markdown link syntax inside a safe URL stays part of that one URL.
    assert 'href="https://ok.example/&#91;a&#93;&#40;javascript:alert&#40;1&#41;&#41;"' \
        in section
    assert 'href="javascript' not in section


def test_backlog_without_opportunities(tmp_path):
    data = tmp_path / "d"
    shutil.copytree(MINIMAL, data)
    journey = (data / "maps/first-visit.yml").read_text()
    (data / "maps/first-visit.yml").write_text(journey.split("opportunities:")[0])
    p = page(backlog, load(data))
    assert "No journey lists an opportunity yet." in p.html
    assert {"backlog.csv", "backlog.json"} <= set(p.hrefs)


# --- touchpoints --------------------------------------------------------------------------------

def test_touchpoints_anchor_for_catalog_and_inline(minimal):
    p = page(touchpoints, minimal)
    assert_unique(p, ["landing-page", "consent-form", "welcome-call", "onboarding-sms"])
    assert "4 touchpoints: 3 from the catalog" in p.html
    assert "By kind: 3 online · 1 offline · 0 internal." in p.html  # derived from channels


def test_touchpoint_summary_shows_impact_at_a_glance(minimal):
    summary = page(touchpoints, minimal).section("at_a_glance")
    row = re.search(r'<tr>\s*<td><a href="#consent-form">.*?</tr>', summary, re.S).group(0)
    assert ">app<" in row and 'jh-badge--kind-online">online<' in row
    assert ">consent<" in row and ">hipaa<" in row
    assert re.search(r"<td>1</td>\s*<td>1</td>\s*</tr>", row)  # 1 step, 1 journey


def test_touchpoint_sections_list_using_steps_and_barrier_steps(minimal):
    p = page(touchpoints, minimal)
    landing = p.section("landing-page")
    assert 'href="../journeys/first-visit/index.md#search"' in landing
    assert "Too many ads" in landing and "Growth" in landing
    # The welcome call is used by no step, but a consent barrier names it.
    call = p.section("welcome-call")
    assert 'jh-badge--kind-offline">offline<' in call  # derived from channel: phone
    assert 'href="../journeys/first-visit/index.md#give-consent"' in call
    assert "Cannot call for help" in call and "Long legal text" not in call
    inline = p.section("onboarding-sms")
    assert ">inline<" in inline and 'href="../journeys/first-visit/index.md#welcome"' in inline


def test_touchpoints_escape_hostile_text(hostile):
    p = page(touchpoints, hostile)
    assert_inert(p)
    assert_unique(p, ["portal", "phone-line", "paper-consent"])
    assert "Portal &lt;script&gt;" in p.section("portal")
    assert ">data sharing<" in p.section("portal")


# --- evidence -------------------------------------------------------------------------------------

def test_evidence_anchor_per_source_with_citations(minimal):
    p = page(evidence, minimal)
    assert_unique(p, ["funnel-2026", "interviews-q3"])
    funnel = p.section("funnel-2026")
    assert ">analytics<" in funnel and "2026-09-30" in funnel
    assert 'href="https://analytics.example/funnel"' in funnel
    assert "38% abandon at consent" in funnel
    assert 'href="../journeys/first-visit/index.md#search"' in funnel
    assert "10k visits per month" in funnel
    assert 'href="../backlog/index.md#shorter-consent"' in funnel
    assert "undated" in p.section("interviews-q3")


def test_evidence_older_than_a_year_is_flagged(minimal):
    assert "over a year old" not in page(evidence, minimal, date(2027, 9, 30)).html
    p = page(evidence, minimal, date(2027, 10, 1))
    assert "over a year old" in p.section("funnel-2026")
    assert "over a year old" not in p.section("interviews-q3")
    assert "1 source older than 365 days" in p.html  # the warning at the top


def test_evidence_known_and_hypothesized_per_journey(minimal):
    p = page(evidence, minimal)
    assert re.search(r"First visit</a></td>\s*<td>2</td>\s*<td>2</td>\s*<td>50%</td>",
                     p.section("confidence_by_journey"))
    needs = p.section("needs_evidence")
    assert "#give-consent" in needs and "#recheck" in needs
    assert "#search" not in needs and "#welcome" not in needs


def test_evidence_escapes_hostile_text_and_unsafe_links(hostile):
    p = page(evidence, hostile, date(2026, 11, 1))
    assert_inert(p)
    assert_unique(p, ["survey-old", "survey-new"])
    old = p.section("survey-old")
    assert "<code>javascript:alert(1)</code>" in old
    assert "over a year old" in old and "over a year old" not in p.section("survey-new")
    assert 'href="https://data.example/?a=1&amp;b=2"' in p.section("survey-new")


# --- reviews -------------------------------------------------------------------------------------

def test_reviews_sorted_by_due_date_with_states(tmp_path):
    data = tmp_path / "d"
    shutil.copytree(MINIMAL, data)
    write_json_yaml(data / "maps/renewal.yml", {
        "title": "Renewal", "owner": "care-ops", "reviewed": "2026-06-01",
        "personas": ["new-patient"], "status": "draft",
        "steps": [{"id": "renew", "phase": "onboarding", "persona": "new-patient",
                   "action": "Renews"}]})
    p = page(reviews, load(data), date(2026, 10, 1))
    rows = re.findall(r"<tr>.*?</tr>", p.section("by_due_date"), re.S)[1:]
    assert ["Renewal" in rows[0], "First visit" in rows[1]] == [True, True]
    renewal, first = rows
    assert "Care operations" in renewal and "2026-06-01" in renewal and "every 90 days" in renewal
    assert "2026-08-30" in renewal and re.search(r'jh-badge--stale"[^>]*>stale<', renewal)
    assert "32 days overdue" in renewal and ">draft<" in renewal
    assert re.search(r'jh-badge--fresh"[^>]*>fresh<', first) and "due in 60 days" in first
    assert "every 60 days" in first and "2026-11-30" in first
    assert "compliance change" in first and "product change" in first
    assert "none" in renewal  # no triggers
    # Trigger notes are listed below the table, per journey.
    assert "<strong>compliance change</strong>: New consent rules" in p.section("triggers")
    assert "1 stale" in p.html and "1 fresh" in p.html


def test_reviews_due_soon_and_old_evidence(minimal):
    p = page(reviews, minimal, date(2026, 11, 15))
    assert re.search(r'jh-badge--due-soon"[^>]*>due soon<', p.html) and "due in 15 days" in p.html
    assert "old_evidence" not in p.ids
    p = page(reviews, minimal, date(2027, 10, 1))
    assert 'href="../evidence/index.md#funnel-2026"' in p.section("old_evidence")


def test_reviews_escape_hostile_text(hostile):
    p = page(reviews, hostile)
    assert_inert(p)
    assert "Note &lt;script&gt;" in p.html


# --- in a real MkDocs build ---------------------------------------------------------------------

def test_built_site_rewrites_deep_links_and_keeps_alias_anchors(tmp_path):
    from helpers import build_site

    data = tmp_path / "journeys"
    shutil.copytree(MINIMAL, data)
    journey = data / "maps/first-visit.yml"
    journey.write_text(journey.read_text().replace(
        "  - id: welcome-script\n", "  - id: welcome-script\n    aliases: [welcome-call-script]\n"))
    site = build_site(tmp_path, data)  # strict: a broken .md link or anchor would warn
    backlog_html = site.page("/backlog/")
    assert {"shorter-consent", "welcome-script", "welcome-call-script"} <= site.ids("/backlog/")
    assert 'href="../journeys/first-visit/#give-consent"' in backlog_html
    assert 'href="../evidence/#funnel-2026"' in backlog_html
    assert 'href="backlog.csv"' in backlog_html
    assert (site.root / "backlog/backlog.csv").read_text().startswith("id,rank,title,")
    assert json.loads((site.root / "backlog/backlog.json").read_text())["format_version"] == 1
    assert 'href="../journeys/first-visit/#welcome"' in site.page("/touchpoints/")
    assert 'href="../backlog/#shorter-consent"' in site.page("/evidence/")
    assert 'href="../journeys/first-visit/"' in site.page("/reviews/")
