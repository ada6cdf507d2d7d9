"""Measures charts at their limits in Chromium, offline: the trend and the impact/effort
matrix, both inline SVG drawn by the build.

A metric with three segments and two years of weekly points, and a backlog of 60 scored
opportunities whose titles are hostile: both charts must draw, stay readable (a dozen date
labels, not a wall of them) and keep their text legible in both palettes.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from .conftest import _built_and_served
from .harness import REPO, page_problems

pytestmark = pytest.mark.browser

SEGMENTS = ("web", "app", "phone")
WEEKS = 104
OPPORTUNITIES = 60


def stress_handbook(root: Path) -> Path:
    data = root / "journeys"
    shutil.copytree(REPO / "tests/fixtures/spec-measures", data)
    rows = ["date,value,segment,note"]
    start = date(2024, 12, 1)
    for week in range(WEEKS):
        for i, segment in enumerate(SEGMENTS):
            value = 40 + i * 4 + (week % 26) * 0.4 + (week // 26)
            rows.append(f"{start + timedelta(weeks=week)},{value:.1f},{segment},")
    (data / "measurements/consent-rate.csv").write_text("\n".join(rows) + "\n",
                                                         encoding="utf-8")
    journey = data / "maps/signup.yml"
    extra = "".join(
        f"  - id: stress-{n}\n"
        f"    title: 'Idea {n}: [bracket], \"quote\" %% <b>bold</b> ; # not a comment'\n"
        f"    steps: [give-consent]\n    owner: product\n"
        f"    impact: {1 + n % 5}\n    effort: {1 + (n // 5) % 5}\n"
        for n in range(OPPORTUNITIES - 3))  # the fixture has three scored already
    journey.write_text(journey.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def stress_site(tmp_path_factory, chromium):
    data = stress_handbook(tmp_path_factory.mktemp("stress-data"))
    yield from _built_and_served(tmp_path_factory, chromium, "stress", data)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_long_segmented_trend_draws_with_a_readable_axis(stress_site, screenshot, scheme):
    """The trend is inline SVG drawn by the build: no Mermaid on a metric page."""
    with stress_site.visit("/metrics/consent-rate/", color_scheme=scheme) as visit:
        page = visit.page
        page.wait_for_load_state("networkidle")
        problems = page_problems(stress_site, visit)
        chart = page.locator(".jh-trend svg")
        texts = chart.locator("text").evaluate_all("els => els.map(e => e.textContent)")
        lines = chart.locator("polyline.jh-trend__line").count()
        # Text colour against the chart's card, as the reader sees them.
        colours = chart.evaluate("""svg => [
            getComputedStyle(svg.querySelector("text")).fill,
            getComputedStyle(svg.querySelector(".jh-trend__card")).fill]""")
        mermaid = [u for u in visit.requests if "mermaid" in u]
        screenshot(page, f"metric-104-weeks-{scheme}")
    assert not problems, "\n".join(problems)
    assert lines == len(SEGMENTS)
    dated = [t for t in texts if t[:3] in MONTHS]
    assert 8 <= len(dated) <= 12, dated
    assert colours == ["rgb(51, 51, 51)", "rgb(255, 255, 255)"], "dark text on a light card"
    assert not mermaid, f"a metric page loaded Mermaid: {mermaid}"


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1:-1].split(",")[:3]]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_sixty_opportunity_matrix_draws_with_escaped_titles(stress_site, screenshot, scheme):
    with stress_site.visit("/backlog/", color_scheme=scheme) as visit:
        page = visit.page
        page.wait_for_load_state("networkidle")
        problems = page_problems(stress_site, visit)
        chart = page.locator(".jh-quadrant svg")
        labels = chart.locator(".jh-quadrant__points text").evaluate_all(
            "texts => texts.map((t) => t.textContent)")
        injected = chart.locator("b").count()
        # Each text colour against each quadrant's fill, as the reader sees them.
        texts, areas = chart.evaluate("""svg => [
            [...new Set([...svg.querySelectorAll("text")].map(t => getComputedStyle(t).fill))],
            [...svg.querySelectorAll("rect[class^=jh-quadrant__q]")].map(
                r => getComputedStyle(r).fill)]""")
        mermaid = [u for u in visit.requests if "mermaid" in u]
        screenshot(page, f"backlog-60-opportunities-{scheme}")
    assert not problems, "\n".join(problems)
    assert len(labels) == len(set(labels)) == OPPORTUNITIES, "one rank label per point"
    assert all(label.startswith("#") for label in labels)
    assert injected == 0, "titles are text, never markup"
    assert len(areas) == 4 and all(_contrast(t, a) >= 4.5 for t in texts for a in areas)
    assert not mermaid, f"the backlog loaded Mermaid: {mermaid}"
