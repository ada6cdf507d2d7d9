"""axe-core on one page of each type, in both palettes; screenshots of each for a human look.

WCAG 2.1 AA is what healthcare buyers ask for. axe cannot enter the closed shadow roots in
which Material draws diagrams; diagram text contrast is checked in test_navigation.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .harness import AXE_JS, SAMPLE_DATA

pytestmark = pytest.mark.browser

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}  # emulated preference -> Material palette


def _first_id(folder: Path) -> str:
    return sorted(p.stem for p in folder.glob("*.y*ml"))[0]


def page_types() -> dict[str, str]:
    """One URL per page type of the sample handbook (ids read from the data folder)."""
    handbook = yaml.safe_load((SAMPLE_DATA / "handbook.yml").read_text(encoding="utf-8"))
    return {
        "home": "/",
        "journeys": "/journeys/",
        "journey": f"/journeys/{_first_id(SAMPLE_DATA / 'maps')}/",
        "personas": "/personas/",
        "persona": f"/personas/{_first_id(SAMPLE_DATA / 'personas')}/",
        "phases": "/phases/",
        "phase": f"/phases/{handbook['phases'][0]['id']}/",
        "backlog": "/backlog/",
        "touchpoints": "/touchpoints/",
        "evidence": "/evidence/",
        "reviews": "/reviews/",
        "funnels": "/funnels/",
        "content": "/content/",
        "guide": "/guides/reading/",
        **metric_pages(),
    }


def metric_pages() -> dict[str, str]:
    metrics_file = SAMPLE_DATA / "metrics.yml"
    if not metrics_file.is_file():
        return {}
    first = yaml.safe_load(metrics_file.read_text(encoding="utf-8"))[0]["id"]
    return {"metrics": "/metrics/", "metric": f"/metrics/{first}/"}


PAGE_TYPES = page_types()

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160),
                                summary: (n.failureSummary || "").slice(0, 240)}))}));
}"""


def describe(violation: dict) -> str:
    lines = [f"{violation['impact']}: {violation['id']} ({violation['help']}), "
             f"{len(violation['nodes'])} element(s):"]
    for node in violation["nodes"][:6]:
        lines.append(f"    {node['target']}: {node['html']}\n      {node['summary']}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_page_type_has_no_serious_accessibility_violation(sample_site, screenshot, page_type,
                                                          scheme):
    url = PAGE_TYPES[page_type]
    with sample_site.visit(url, color_scheme=scheme) as visit:
        page = visit.page
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == SCHEMES[scheme]
        # Taken before the assertions so a failing page can still be looked at.
        screenshot(page, f"{page_type}-{SCHEMES[scheme]}")
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(RUN_AXE, WCAG_AA)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{url} ({SCHEMES[scheme]} palette):\n" + \
        "\n".join(describe(v) for v in blocking)
