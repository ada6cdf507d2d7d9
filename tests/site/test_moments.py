"""`/moments/`: figures checked against a handbook small enough to work out by hand.

tests/fixtures/moments/ has two phases reached by three journeys: Patient A and Patient B
(audience patient) and Clinic C (no audience, shown as "Other"). Worked out by hand:

| phase | audience | steps            | scored      | average | barriers |
|-------|----------|------------------|-------------|---------|----------|
| find  | patient  | a1 (2) a2 (4) b1 (3) | 3   | 3.0     | 2        |
| start | patient  | a3 (-) a4 (1) b2 (1) | 2       | 1.0     | 3        |
| find  | other    | c1 (5)           | 1           | 5.0     | 0        |
| start | other    | c2 (-)           | 0           | none    | 0        |
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import FIXTURES, load, text, to_soup
from journey_handbook.site import urls
from journey_handbook.site.moments import heatmap, lowest_steps
from journey_handbook.site.pages import PageContext, moments

MOMENTS = FIXTURES / "moments"
HOSTILE = FIXTURES / "hostile"


def test_heatmap_rows_are_phases_reached_and_columns_audiences_present():
    heat = heatmap(load(MOMENTS))
    assert [p.id for p in heat.phases] == ["find", "start"]  # "unused" has no step
    assert heat.audiences == ["patient", None]


def test_heatmap_cells_average_scored_steps_and_count_barriers():
    heat = heatmap(load(MOMENTS))
    figures = {key: (round(c.average_feeling, 2) if c.average_feeling is not None else None,
                     c.barriers, [s.id for s in c.steps], len(c.scored))
               for key, c in heat.cells.items()}
    assert figures == {
        ("find", "patient"): (3.0, 2, ["a1", "a2", "b1"], 3),
        ("start", "patient"): (1.0, 3, ["a3", "a4", "b2"], 2),  # a3 has no score: not a 3
        ("find", None): (5.0, 0, ["c1"], 1),
        ("start", None): (None, 0, ["c2"], 0),
    }


def test_lowest_steps_by_score_then_barriers_then_journey_order():
    hb = load(MOMENTS)
    assert [s.id for s in lowest_steps(hb)] == ["a4", "b2", "a1", "b1", "a2", "c1"]
    assert [s.id for s in lowest_steps(hb, limit=3)] == ["a4", "b2", "a1"]


def render_page(data_dir: Path):
    pages = moments.render(PageContext(load(data_dir), date(2026, 11, 1)))
    return to_soup(pages[urls.MOMENTS])


def test_page_prints_the_numbers_in_each_cell_and_links_them_to_their_steps():
    soup = render_page(MOMENTS)
    table = soup.select_one(".jh-heatmap table")
    assert table.caption is not None, "the heatmap needs a caption as its text alternative"
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")]
            for tr in table.tbody.find_all("tr")}
    assert rows == {
        "Find": ["3.0 2 barriers 3 steps", "5.0 0 barriers 1 step"],  # patient, other
        "Start": ["1.0 3 barriers 3 steps", "– 0 barriers 1 step"],
    }
    for link in table.select("td a"):
        target = soup.find(id=link["href"].lstrip("#"))
        assert target is not None, f"{link['href']} leads nowhere"
    behind = soup.find(id="cell_start_patient")
    listed = behind.find_next("ul")
    hrefs = [a["href"] for a in listed.find_all("a") if "#" in a["href"]]
    assert hrefs == ["../journeys/patient-a/#a3", "../journeys/patient-a/#a4",
                     "../journeys/patient-b/#b2"]
    assert [text(td) for td in behind.find_all("td")][:3] == ["Patients", "1.0", "3"]


def test_page_lists_lowest_steps_with_barriers_touchpoint_and_opportunity():
    soup = render_page(MOMENTS)
    table = soup.find(id="lowest").find_next("table")
    rows = [[text(td) for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]
    first, second, third = rows[:3]
    assert first[1] == "Books the visit" and first[-1] == "Faster booking"
    assert second[1] == "Signs the form" and second[-1] == "no"
    assert third[1] == "Finds the site" and "Jargon" in third[5] and "No prices" in third[5]
    assert third[6] == "Public site"


def test_hostile_text_stays_text_in_the_heatmap_and_lists():
    soup = render_page(HOSTILE)
    assert not soup.find_all(["script", "img", "iframe"])
    for el in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in el.attrs), el
        href = el.get("href", "")
        assert not href.lower().startswith("javascript"), el
