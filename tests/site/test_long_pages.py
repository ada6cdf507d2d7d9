"""Pages of a big handbook stay light on a phone, and lose nothing: a generated handbook of 60
journeys (120 opportunities) against the same pages of the minimal fixture.

Long tables and content-need groups reserve a height and are drawn only near the screen
(`jh-long`); the backlog's groups and its long re-triage list are folded `<details>` (in the
page without JavaScript); the table of contents leaves out the sub-headings of a section that
has very many, while the headings and their anchors stay.
"""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from helpers import FIXTURES, benchmark, load, to_soup
from journey_handbook.page_extras import LONG_TOC, prewrap_tables, shorten_toc
from journey_handbook.site import urls
from journey_handbook.site.pages import PageContext, backlog, home, phase
from mkdocs.structure.toc import get_toc

TODAY = date(2026, 11, 1)
RESERVE = re.compile(r"contain-intrinsic-size: auto (\d+)rem")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    data = tmp_path_factory.mktemp("big") / "data"
    benchmark("bench_load").generate(data, 60, 12)
    benchmark("bench_measures").add_measures(data, 60, 20)
    return load(data)


def rendered(module, handbook, path: str, today: date = TODAY):
    return to_soup(module.render(PageContext(handbook, today))[path])


def reserve(block) -> int:
    return int(RESERVE.search(block["style"]).group(1))


def test_a_long_backlog_draws_its_priority_table_near_the_screen_and_folds_the_rest(big):
    soup = rendered(backlog, big, urls.BACKLOG)
    opps = big.backlog()
    summary = soup.select_one(".jh-backlog-summary")
    assert "jh-long" in summary["class"]
    assert len(summary.select("tbody tr")) == len(opps)
    assert reserve(summary) >= 3 * len(opps)  # a row is under 3 rem high on a phone
    # the re-triage list is long here: folded, complete, its summary says how many
    folded = soup.select_one("details.jh-retriage-list")
    due = folded.select("li .jh-opp-ref")
    assert len(due) > backlog.LONG and folded.get("open") is None
    assert f"Show the {len(due)} opportunities" in folded.summary.get_text()
    # every opportunity keeps its section and anchor
    assert {o.id for o in opps} <= {h["id"] for h in soup.select(".jh-opportunity h3")}


def test_backlog_groups_are_folded_lists_with_counts_that_add_up(big):
    soup = rendered(backlog, big, urls.BACKLOG)
    for anchor in ("by_status", "by_owner", "by_journey"):
        groups = soup.find(id=anchor).find_next(class_="jh-backlog-groups")
        if anchor == "by_journey":  # hundreds of groups: folded as a whole too
            fold = groups.parent
            assert fold.name == "details" and fold.get("open") is None
            assert fold.summary.get_text() == f"Show the {len(big.journeys)} journeys"
        listed = []
        for group in groups.select("details.jh-backlog-group"):
            assert group.get("open") is None
            items = group.select("li.jh-opp-ref")
            assert group.select_one(".jh-group-count").get_text() == str(len(items))
            listed += [(li["data-opp"], li.a["href"]) for li in items]
        assert sorted(listed) == sorted((o.id, f"#{o.id}") for o in big.backlog())


def test_a_short_backlog_keeps_its_table_and_re_triage_list_as_they_were():
    soup = rendered(backlog, load(FIXTURES / "minimal"), urls.BACKLOG)
    assert not soup.select(".jh-long, details.jh-retriage-list")
    assert soup.select(".jh-backlog-summary tbody tr")


def test_a_phase_of_many_journeys_draws_each_journeys_needs_near_the_screen(big):
    phase_id = next(iter(big.phases))
    soup = rendered(phase, big, urls.phase(phase_id))
    blocks = soup.select(".jh-long")
    journeys = {s.journey.id for s in big.steps_in(big.phases[phase_id])}
    assert len(blocks) == len(journeys) > phase.LONG
    for block in blocks:  # a heading per journey, its steps' needs inside
        assert len(block.find_all("h3")) == 1 and block.select(".jh-needs")
        steps = len(block.select(".jh-needs"))
        assert reserve(block) >= phase.HEADING_REM + steps * (phase.STEP_TITLE_REM + phase.LINE_REM)


def test_home_of_many_journeys_draws_its_table_near_the_screen_and_folds_the_stale_list(big):
    soup = rendered(home, big, urls.HOME, date(2027, 1, 1))  # every map past its review
    table = soup.select_one(".jh-long")
    rows = table.select("tbody tr")
    assert len(rows) == len(big.current_journeys())
    assert reserve(table) >= 4 * len(rows)
    stale = soup.select_one("details.warning")  # pymdownx.details: opens without scripts
    assert stale is not None and "past the review date" in stale.summary.get_text()
    assert len(stale.select("a")) > home.LONG


def test_the_table_of_contents_leaves_out_the_sub_headings_of_a_very_long_section():
    def entry(anchor: str, level: int, children=()) -> dict:
        return {"level": level, "id": anchor, "name": anchor, "children": list(children)}
    many = [entry(f"opp-{n}", 3) for n in range(LONG_TOC + 1)]
    few = [entry(f"persona-{n}", 3) for n in range(3)]
    toc = get_toc([entry("by_priority", 2), entry("messaging", 2, few),
                   entry("opportunities_in_detail", 2, many)])
    page = SimpleNamespace(toc=toc)
    shorten_toc(page)
    assert [(i.id, len(i.children)) for i in page.toc] == \
        [("by_priority", 0), ("messaging", 3), ("opportunities_in_detail", 0)]
    assert len(toc.items[2].children) == LONG_TOC + 1  # the converted page's own list is kept
    short = SimpleNamespace(toc=get_toc([entry("a", 2, many[:LONG_TOC])]))
    shorten_toc(short)
    assert len(short.toc.items[0].children) == LONG_TOC


def test_tables_come_wrapped_as_material_wraps_them_with_lazy_rows_keeping_table_roles():
    html = ('<p>Intro</p>\n<div class="jh-block jh-lazy-rows">\n<table>\n<thead><tr><th>Step'
            '</th></tr></thead><tbody><tr><td>Made-up step</td></tr></tbody></table>\n</div>'
            '<div class="jh-other"><div>\n<table><tr><td>B</td></tr></table></div><table>open')
    wrapped = prewrap_tables(html)
    box = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    assert wrapped.count(box) == 2 and wrapped.endswith("<table>open")
    lazy = wrapped[:wrapped.index("jh-other")]
    assert lazy.startswith('<p>Intro</p>\n<div class="jh-block jh-lazy-rows">\n' + box +
                           '<table class="jh-prewrapped" role="table">')
    assert '<tr role="row"><td role="cell">Made-up step' in lazy
    assert '<thead role="rowgroup">' in lazy and "<th>Step" in lazy
    plain = wrapped[wrapped.index("jh-other"):]
    assert box + '<table class="jh-prewrapped"><tr><td>B' in plain and 'role=' not in plain
