"""The hostile handbook reads as its authors wrote it, and its diagrams keep their shape.

test_pages.py proves no payload runs on any page; these tests prove the hostile text is not
silently dropped or mangled on the way, and that no string adds, removes or renames parts of
a diagram (Mermaid directives, comments, keywords and separators in labels).
"""

from __future__ import annotations

import pytest
import yaml

from .harness import HOSTILE_DATA, diagrams_of, pierced_document

pytestmark = pytest.mark.browser


def _data(path: str):
    return yaml.safe_load((HOSTILE_DATA / path).read_text(encoding="utf-8"))


BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _shown(text: str) -> str:
    """Text as a reader sees it: whitespace collapsed, invisible break hints removed.

    Bidi override/isolate controls are dropped on purpose (they would reorder the rest of
    the page), so they are not expected on it either.
    """
    text = text.translate(BIDI_CONTROLS)
    return " ".join(text.replace("\u200b", "").replace("\u00ad", "").split())


HANDBOOK = _data("handbook.yml")
JOURNEYS = {p.stem: _data(f"maps/{p.name}") for p in (HOSTILE_DATA / "maps").glob("*.yml")}
MAIN = JOURNEYS["hostile-everything"]

# Page -> texts from the data that must appear on it exactly as written.
VERBATIM = {
    "/": [HANDBOOK["title"], HANDBOOK["governance"]["decision_rules"][0]],
    "/journeys/hostile-everything/": [MAIN["title"], MAIN["summary"]]
    + [step["action"] for step in MAIN["steps"]]
    + [MAIN["steps"][0]["response"], MAIN["steps"][0]["emotion"]["feeling"]],
    "/journeys/rtl-emoji/": [JOURNEYS["rtl-emoji"]["title"]],
    "/personas/hostile-patient/": [_data("personas/hostile-patient.yml")["name"]],
    "/phases/consent/": [HANDBOOK["phases"][1]["name"]],
    "/backlog/": [o["title"] for o in MAIN["opportunities"]],
    "/evidence/": [e["title"] for e in _data("evidence.yml")],
    "/touchpoints/": [t["name"] for t in _data("touchpoints.yml")],
}


@pytest.mark.parametrize("url", sorted(VERBATIM))
def test_hostile_text_reads_as_written(hostile_site, url):
    with hostile_site.visit(url) as visit:
        shown = _shown(visit.page.locator("article").inner_text())
    missing = [text for text in VERBATIM[url] if _shown(text) not in shown]
    assert not missing, f"{url} does not show, as written:\n  " + "\n  ".join(
        repr(m) for m in missing)


def _phase_runs(steps: list[dict]) -> int:
    """Sections of a journey diagram: a new one each time the phase changes."""
    return sum(1 for i, s in enumerate(steps) if i == 0 or s["phase"] != steps[i - 1]["phase"])


@pytest.mark.parametrize("journey_id", sorted(JOURNEYS))
def test_hostile_journey_diagrams_keep_their_shape(hostile_site, screenshot, journey_id):
    journey = JOURNEYS[journey_id]
    steps = journey["steps"]
    handoffs = [s for s in steps if "handoff" in s]
    with hostile_site.visit(f"/journeys/{journey_id}/") as visit:
        screenshot(visit.page, f"hostile-journey-{journey_id}-default")
        diagrams = diagrams_of(pierced_document(visit.page))

    feelings = next(d for d in diagrams if d.kind == "journey")
    assert feelings.count("rect", "task") == len(steps), "a label added or removed a task"
    assert feelings.count("rect", "journey-section") == _phase_runs(steps), \
        "a label added or removed a section"
    assert not any(t.strip() in {"Injected diagram title", "hijacked title"}
                   for t in feelings.texts), "a step's action became the diagram's title"
    if handoffs:
        flow = next(d for d in diagrams if d.kind.startswith("flowchart"))
        assert flow.count("path", "flowchart-link") == len(handoffs), \
            "a hand-off note added or removed an arrow"
        actors = {s["persona"] for s in steps} | {s["handoff"]["to"] for s in handoffs}
        assert flow.count("g", "node") <= len(actors | set(journey["personas"])), \
            "a label added nodes to the hand-off diagram"


def test_mermaid_keeps_strict_security_whatever_the_data_says(hostile_site):
    """`%%{init: {"securityLevel": "loose"}}%%` in data must not loosen Mermaid: in strict
    mode labels are text, and click handlers and HTML in diagrams are disabled."""
    with hostile_site.visit("/journeys/hostile-everything/") as visit:
        levels = visit.page.evaluate("""() => [
            mermaid.mermaidAPI.getSiteConfig().securityLevel,
            mermaid.mermaidAPI.getConfig().securityLevel]""")
    assert levels == ["strict", "strict"]
