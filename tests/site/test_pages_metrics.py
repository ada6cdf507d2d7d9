"""Measures on the pages: /metrics/, one metric's page, phase and journey pages, the backlog
and the review page, rendered from handbooks written only from the format spec.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import FIXTURES, build_site, load, text, to_soup
from journey_handbook.site.charts import MAX_LABELS
from journey_handbook.site.pages import PageContext, render_site
from journey_handbook.site.quadrantchart import quadrant_svg

SPEC = FIXTURES / "spec-measures"
TODAY = date(2026, 12, 1)


def pages(data_dir: Path) -> dict[str, str]:
    return render_site(PageContext(load(data_dir), TODAY)).pages


def mermaid_blocks(markdown_text: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)\n```", markdown_text, flags=re.S)


def trend_charts(markdown_text: str) -> list:
    """The inline SVG trend charts of a page (drawn by the build, not by Mermaid)."""
    return to_soup(markdown_text).select(".jh-trend > svg")


def polyline_points(line) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in line["points"].split()]


@pytest.fixture(scope="module")
def spec_pages() -> dict[str, str]:
    return pages(SPEC)


def test_metrics_overview_groups_by_phase_with_an_anchor_per_metric(spec_pages):
    handbook = load(SPEC)
    soup = to_soup(spec_pages["metrics/index.md"])
    assert {m for m in handbook.metrics} <= {a["id"] for a in soup.find_all(id=True)}
    headings = [h.get_text().strip() for h in soup.find_all("h2")]
    phase_names = [p.name for p in handbook.phases.values()
                   if any(m.phase is p for m in handbook.metrics.values())]
    assert headings == phase_names  # handbook order, only phases that have metrics


def test_overview_shows_latest_change_and_target_by_direction(spec_pages):
    soup = to_soup(spec_pages["metrics/index.md"])
    row = next(tr for tr in soup.find_all("tr") if tr.find(id="help-calls-rate"))
    cells = [text(td) for td in row.find_all("td")]
    # help-calls-rate: lower is better; its overall series is the first segment (app)
    assert cells[1] == "Failure"
    assert "lower is better" in cells[4] and "4.5" in cells[4]
    assert re.search(r"(better|worse|no change)", cells[3])
    # the arrow and the word carry the meaning; the colour class only repeats it
    badge = row.find(class_=re.compile("jh-badge--change-"))
    assert badge.get_text().split()[-1] in ("better", "worse", "change")


def test_change_is_judged_by_the_metric_direction(tmp_path):
    data = tmp_path / "journeys"
    shutil.copytree(SPEC, data)
    (data / "measurements/time-to-first-call.csv").write_text(
        "date,value\n2026-08-31,4.5\n2026-09-30,3.0\n", encoding="utf-8")
    soup = to_soup(pages(data)["metrics/index.md"])
    row = next(tr for tr in soup.find_all("tr") if tr.find(id="time-to-first-call"))
    assert "−1.5 days better" in text(row)  # days went down: better for a 'down' metric


def test_metric_page_draws_one_line_per_segment_and_the_target(spec_pages):
    page = spec_pages["metrics/help-calls-rate/index.md"]
    assert not mermaid_blocks(page), "the trend is drawn by the build: no Mermaid on the page"
    (chart,) = trend_charts(page)
    assert chart["role"] == "img"
    title, desc = (chart.find(id=i) for i in chart["aria-labelledby"].split())
    assert text(title).endswith("over time") and "periods from" in text(desc)
    lines = chart.select("polyline.jh-trend__line")
    assert len(lines) == 3  # app, web, phone
    (target,) = chart.select("polyline.jh-trend__target")
    assert len({y for _x, y in polyline_points(target)}) == 1, "the target is a flat line"
    counts = {len(polyline_points(line)) for line in [*lines, target]}
    assert len(counts) == 1, "every line has a point per date"
    soup = to_soup(page)
    legend = text(soup.find(class_="jh-legend"))
    assert "app" in legend and "web" in legend and "phone" in legend and "target" in legend


def test_experiments_have_anchors_and_windows_on_the_metric_page(spec_pages):
    page = spec_pages["metrics/consent-rate/index.md"]
    soup = to_soup(page)
    ids = {el["id"] for el in soup.find_all(id=True)}
    assert {"consent-plain-words", "consent-progress-bar"} <= ids
    body = text(soup)
    assert "2026-03-01 → 2026-03-31" in body
    assert "Consent rate 47.3% with plain words against 42.9% before" in body
    assert "Ship" in body and "If we rewrite the consent text in plain words" in body
    # the experiment of another metric is listed on that metric's page, not here
    assert "consent-explainer-video" not in ids
    windows = text(soup.find("strong", string="Experiment windows").find_next("ul"))
    assert "consent-plain-words : 2026-03-01 → 2026-03-31 concluded" in windows


def test_metric_page_links_everything_that_uses_it(spec_pages):
    soup = to_soup(spec_pages["metrics/consent-rate/index.md"])
    used = str(soup)
    assert "../../phases/consent/index.md" in used
    assert "../../journeys/signup/index.md" in used
    assert "../../backlog/index.md#plain-words-consent" in used


def weekly(tmp_path: Path, weeks: int = 104, segments: tuple[str, ...] = ("web", "app", "phone")
           ) -> Path:
    data = tmp_path / "journeys"
    shutil.copytree(SPEC, data)
    rows = ["date,value,segment"]
    start = date(2024, 12, 1)
    for w in range(weeks):
        for i, segment in enumerate(segments):
            rows.append(f"{start + timedelta(weeks=w)},{40 + i * 3 + (w % 13) * 0.5},{segment}")
    (data / "measurements/consent-rate.csv").write_text("\n".join(rows) + "\n",
                                                         encoding="utf-8")
    return data


def test_two_years_of_weekly_points_keep_the_axis_readable(tmp_path):
    (chart,) = trend_charts(pages(weekly(tmp_path))["metrics/consent-rate/index.md"])
    lines = chart.select("polyline.jh-trend__line")
    assert len(lines) == 3 and all(len(polyline_points(line)) == 104 for line in lines)
    dates = [text(t) for t in chart.find_all("text")
             if re.fullmatch(r"[A-Z][a-z]{2} \d\d", text(t))]
    assert MAX_LABELS - 2 <= len(dates) <= MAX_LABELS, dates
    assert dates[0] == "Dec 24"


def test_a_segment_missing_a_date_is_drawn_between_its_neighbours(tmp_path):
    data = tmp_path / "journeys"
    shutil.copytree(SPEC, data)
    (data / "measurements/consent-rate.csv").write_text(
        "date,value,segment\n2026-01-31,40,a\n2026-01-31,50,b\n2026-02-28,60,b\n"
        "2026-03-31,44,a\n2026-03-31,70,b\n", encoding="utf-8")
    page = pages(data)["metrics/consent-rate/index.md"]
    (chart,) = trend_charts(page)
    a, b = (polyline_points(line) for line in chart.select("polyline.jh-trend__line"))
    # Segment b is 50 and 70 on the first and last day, 60 on the middle one: its y on the
    # middle day is halfway; a's (40 then 44) is 28 of 59 days of the way, about 41.9.
    y50, y70 = b[0][1], b[2][1]
    per_unit = (y50 - y70) / 20
    a_on_feb = 50 - (a[1][1] - y50) / per_unit
    assert 41.5 < a_on_feb < 42.5
    assert "1 point drawn between two observations" in text(to_soup(page))


def test_backlog_shows_baseline_latest_target_and_the_share(spec_pages):
    soup = to_soup(spec_pages["backlog/index.md"])
    facts = text(soup.find(id="plain-words-consent").find_next("ul"))
    assert re.search(r"Consent completion rate\s*: 41\.5% → [\d.]+% → 60% · \d+% of the way",
                     facts), facts


def test_wrong_way_and_reached_are_said_in_words(tmp_path):
    data = tmp_path / "journeys"
    shutil.copytree(SPEC, data)
    csv = data / "measurements/time-to-first-call.csv"
    csv.write_text("date,value\n2026-08-31,5.0\n2026-09-30,7.5\n", encoding="utf-8")
    assert "moving the wrong way" in text(to_soup(pages(data)["backlog/index.md"]))
    csv.write_text("date,value\n2026-08-31,5.0\n2026-09-30,1.5\n", encoding="utf-8")
    assert "target reached" in text(to_soup(pages(data)["backlog/index.md"]))


def test_backlog_flags_retriage_with_its_reason(spec_pages):
    handbook = load(SPEC)
    soup = to_soup(spec_pages["backlog/index.md"])
    flagged = [o.id for o in handbook.opportunities.values()
               if "needs re-triage" in text(soup.find(id=o.id).find_next("p"))]
    assert "plain-words-consent" in flagged  # triaged 2026-03-15; observations since
    assert "booking-link" not in flagged  # triaged 2026-11-20, after its last data
    needs = text(soup.find(id="needs_retriage").find_next("ul"))
    assert "new observation" in needs and "consent-rate" in needs


def _matrix(html: str):
    svg = to_soup(html).find("svg", class_="jh-quadrant__svg")
    points = svg.find("g", class_="jh-quadrant__points")
    return svg, points.find_all("circle"), [t.get_text() for t in points.find_all("text")]


def test_quadrant_chart_places_every_scored_opportunity(spec_pages):
    handbook = load(SPEC)
    svg, circles, labels = _matrix(spec_pages["backlog/index.md"])
    scored = [o for o in handbook.opportunities.values() if o.impact and o.effort]
    assert len(circles) == len(labels) == len(scored)
    width, height = map(float, svg["viewbox"].split()[2:])
    assert all(0 < float(c["cx"]) < width and 0 < float(c["cy"]) < height for c in circles)
    assert svg.find("title").get_text() == "Opportunities by impact and effort"
    assert f"{len(scored)} scored opportunities" in svg.find("desc").get_text()
    assert "mermaid" not in spec_pages["backlog/index.md"]


def test_quadrant_chart_with_sixty_and_six_hundred_hostile_titles():
    handbook = load(SPEC)
    opp = next(iter(handbook.opportunities.values()))
    opp.spec = opp.spec.model_copy(update={"title": 'A: [x, y] %% "<b>" ; # end'})
    _, circles, labels = _matrix(quadrant_svg([(1, opp)]))
    assert labels == ['#1 A: [x, y] %% "<b>" ; #…'], "the title, cut, as text"
    _, circles, labels = _matrix(quadrant_svg([(n, opp) for n in range(1, 61)]))
    assert labels == [f"#{n}" for n in range(1, 61)]  # 60 titles would cover each other
    spots = {(c["cx"], c["cy"]) for c in circles}
    assert len(spots) == 60  # equal scores are spread apart, not stacked
    _, circles, labels = _matrix(quadrant_svg([(n, opp) for n in range(1, 601)]))
    assert len(circles) == 1 and labels == ["600"], "one circle counts equal scores"


def test_phase_page_shows_its_metrics_with_latest_value(spec_pages):
    soup = to_soup(spec_pages["phases/consent/index.md"])
    table = soup.find(id="metrics_").find_next("table")
    assert "Consent completion rate" in text(table)
    assert re.search(r"\d+(\.\d+)?%", text(table))


def test_journey_page_links_step_metrics_and_shows_the_review_log(spec_pages):
    page = spec_pages["journeys/signup/index.md"]
    soup = to_soup(page)
    assert "../../metrics/first-call-minutes/index.md" in str(soup)
    log = soup.find(id="review_log_").find_next("table")
    assert "Workshop" in text(log) or "Review" in text(log)


def test_review_gap_warns_on_the_journey_and_review_pages(tmp_path):
    data = tmp_path / "journeys"
    shutil.copytree(SPEC, data)
    handbook = load(data)
    gaps = [j for j in handbook.journeys.values()
            if j.latest_review and any(s.touchpoint and s.touchpoint.regulated for s in j.steps)
            and not j.latest_review.regulated_participants]
    rendered = pages(data)
    reviews = text(to_soup(rendered["reviews/index.md"]))
    for journey in gaps:
        assert "No compliance review of regulated steps" in text(
            to_soup(rendered[f"journeys/{journey.id}/index.md"]))
        assert journey.title in reviews
    if not gaps:  # the fixture reviews everything properly: take the compliance team out
        handbook_file = data / "handbook.yml"
        handbook_file.write_text(handbook_file.read_text(encoding="utf-8").replace(
            "reviews_regulated: true", "reviews_regulated: false"), encoding="utf-8")
        reviews = text(to_soup(pages(data)["reviews/index.md"]))
        assert "Regulated steps without a compliance review" in reviews


def test_hostile_metric_text_is_inert(tmp_path):
    data = tmp_path / "journeys"
    shutil.copytree(SPEC, data)
    metrics = data / "metrics.yml"
    metrics.write_text(metrics.read_text(encoding="utf-8").replace(
        "name: Consent completion rate",
        "name: \"Consent <script>alert(1)</script> %%{init}%% ; # [x](javascript:y)\""),
        encoding="utf-8")
    rendered = pages(data)
    for path in ("metrics/index.md", "metrics/consent-rate/index.md", "backlog/index.md"):
        soup = to_soup(rendered[path])
        assert not soup.find("script"), path
        assert not any(a["href"].startswith("javascript") for a in soup.find_all("a", href=True))
    (chart,) = trend_charts(rendered["metrics/consent-rate/index.md"])
    assert not chart.find("script") and not chart.find("a")
    assert "<script>alert(1)</script>" in text(chart.find("title")), "the name stays text"


def test_spec_handbook_builds_strict_with_every_contract_page_and_anchor(tmp_path):
    handbook = load(SPEC)
    site = build_site(tmp_path, SPEC)
    assert set(handbook.metrics) <= site.ids("/metrics/")
    for metric in handbook.metrics.values():
        ids = site.ids(f"/metrics/{metric.id}/")
        assert {e.id for e in metric.experiments} <= ids
    for journey in handbook.journeys.values():
        ids = site.ids(f"/journeys/{journey.id}/")
        assert {s.id for s in journey.steps} | {"opportunities"} <= ids
    assert set(handbook.opportunities) <= site.ids("/backlog/")
    assert set(handbook.touchpoints) <= site.ids("/touchpoints/")
    assert set(handbook.evidence) <= site.ids("/evidence/")
    for phase in handbook.phases:
        site.page(f"/phases/{phase}/")
    for persona in handbook.personas:
        site.page(f"/personas/{persona}/")
    site.page("/reviews/")
    site.page("/")
