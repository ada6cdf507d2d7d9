"""Mermaid sources of journey pages: escaping, structure, and parsing with the real Mermaid.

The browser test renders every generated diagram (fixtures, the sample handbook, and a
handbook full of hostile text) with the pinned Mermaid in headless Chromium: a diagram
that fails to parse shows as an error box on the page, and text Mermaid misreads (a
task called "Title ..." becoming the title) silently changes what readers see.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from helpers import MERMAID_MODULE, MERMAID_VENDOR, ROOT, benchmark, load
from journey_handbook.data.model import Journey
from journey_handbook.site.diagrams import (
    LOOKALIKES,
    handoff_diagram,
    journey_diagram,
    mermaid_text,
    shorten,
)

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SAMPLE = ROOT / "journeys"
# The pinned module build is served to the test page from this made-up origin (a module and
# the chunks it imports need one: file:// URLs cannot be imported).
MERMAID_ORIGIN = "http://mermaid.test"

HOSTILE = [
    "a: b; c # d %% e",
    "<script>alert(1)</script>",
    '%%{init: {"securityLevel":"loose"}}%%',
    "{{x}} [y] (z)",
    "Title of the form",
    "section break",
    "accTitle: spoofed",
    "journey again",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "a | b --> c",
    'quote " and `tick` and &amp; #quot;',
    "line\nbreak\ttab\r\nend",
    "مرحبا بالعالم \u202eevil\u202c",
    "👩\u200d⚕️ nurse 👍🏽 check-in",
    "x" * 200,
    "click a0 call alert()",
    "end",
]


def fence_body(fence: str) -> str:
    assert fence.startswith("```mermaid\n") and fence.endswith("\n```"), fence
    return fence[len("```mermaid\n"):-len("\n```")]


def write_handbook(root: Path, texts: list[str]) -> Path:
    """A valid handbook where every name, action and note is one of `texts`."""
    def dump(path: str, data: object) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    pick = lambda i: texts[i % len(texts)]  # noqa: E731
    dump("handbook.yml", {
        "title": "Hostile", "phases": [{"id": "one", "name": pick(0)},
                                       {"id": "two", "name": pick(1)}],
        "teams": [{"id": "team-a", "name": pick(2)}]})
    dump("personas/person-a.yml", {"name": pick(3)})
    dump("personas/person-b.yml", {"name": pick(4)})
    steps = []
    for i, text in enumerate(texts):
        step = {"id": f"s{i}", "phase": "one" if i < len(texts) // 2 else "two",
                "persona": ["person-a", "team-a", "person-b"][i % 3], "action": text,
                "handoff": {"to": ["team-a", "person-b", "person-a"][i % 3], "note": pick(i + 1)}}
        if i % 2:
            step["emotion"] = {"score": 1 + i % 5, "feeling": text}
        steps.append(step)
    dump("maps/hostile.yml", {"title": pick(5), "owner": "team-a", "reviewed": "2026-01-01",
                              "personas": ["person-a", "person-b"], "steps": steps})
    return root


# -- mermaid_text -----------------------------------------------------------------------------

@pytest.mark.parametrize("char", sorted(LOOKALIKES))
def test_every_active_character_becomes_its_lookalike(char):
    assert mermaid_text(f"a{char}b") == f"a{LOOKALIKES[char]}b"


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_has_nothing_mermaid_or_html_could_act_on(text):
    out = mermaid_text(text)
    assert not set(out) & set(":;#%<>&\"`\n\r\t\u202e\u202c"), out
    assert "  " not in out and out == out.strip()


def test_text_keeps_what_readers_need():
    assert mermaid_text("Clinic's (SOC 2) review, [draft]") == "Clinic's (SOC 2) review, [draft]"
    assert mermaid_text("مرحبا") == "مرحبا"
    assert mermaid_text("👩\u200d⚕️ nurse") == "👩\u200d⚕️ nurse"  # the joiner stays
    assert mermaid_text(None) == ""
    assert mermaid_text("a\x00b\x1bc\ud800d") == "a b cd"  # controls and lone surrogates


def test_long_text_is_shortened_at_a_word_boundary():
    out = mermaid_text("Sends the clinic's vendor security questionnaire and asks", 30)
    assert out == "Sends the clinic's vendor…"
    assert len(mermaid_text("word " * 50, 40)) <= 40
    assert mermaid_text("short", 40) == "short"


def test_a_very_long_word_is_cut_but_never_inside_a_character():
    assert shorten("x" * 100, 10) == "x" * 9 + "…"
    cut = shorten("e\u0301" * 20, 10)  # é as e + combining accent
    assert not unicodedata.combining(cut[-2]) or cut[-3] == "e"
    assert cut.endswith("…") and len(cut) <= 10
    emoji = shorten("ab" + "👩\u200d⚕️" * 10, 6)
    assert not emoji[:-1].endswith("\u200d") and emoji.endswith("…")


# -- journey diagram --------------------------------------------------------------------------

def test_journey_diagram_of_the_minimal_fixture():
    body = fence_body(journey_diagram(load(MINIMAL).journeys["first-visit"]))
    lines = body.split("\n")
    assert lines[0] == "journey"
    # No visible title (the page heading names the journey); screen readers get accTitle.
    assert lines[1].startswith("    accTitle: ") and lines[2].startswith("    accDescr: ")
    assert "shown as neutral (3)" in lines[2]
    # Sections follow the steps: the loop back to Awareness opens a new section.
    assert [ln.strip() for ln in lines if ln.strip().startswith("section ")] == [
        "section Awareness", "section Consent", "section Onboarding", "section Awareness"]
    tasks = [ln.strip() for ln in lines[3:] if not ln.strip().startswith("section ")]
    assert tasks == [
        "1. Searches for a symptom: 2: New patient",
        "2. Reads and accepts the consent form: 3: New patient, Care operations",
        "3. Calls the patient: 3: Care operations, Care coordinator",  # no emotion: neutral
        "4. Searches again after a week: 3: New patient",
    ]


def test_journey_diagram_of_hostile_text_keeps_its_structure(tmp_path):
    journey = load(write_handbook(tmp_path, HOSTILE)).journeys["hostile"]
    body = fence_body(journey_diagram(journey))
    lines = body.split("\n")
    # One line per statement: header, accTitle, accDescr, 2 sections, one per step.
    assert len(lines) == 3 + 2 + len(HOSTILE)
    assert not set(body) & set("<>&\"`#%;")
    for line in lines[3:]:
        if line.startswith("    section "):
            assert ":" not in line
        else:
            name, score, actors = line.strip().split(": ")
            assert re.fullmatch(r"\d+\. .+", name) and len(name) <= 40
            assert score in {"1", "2", "3", "4", "5"}
            assert actors.count(",") <= 1  # actor commas are look-alikes
    assert lines[1].count(":") == 1 and lines[2].count(":") == 1


# -- hand-off diagram -------------------------------------------------------------------------

def test_handoff_diagram_of_the_minimal_fixture():
    body = fence_body(handoff_diagram(load(MINIMAL).journeys["first-visit"]))
    assert body.split("\n")[:3] == [
        "flowchart LR", "    accTitle: Hand-offs in First visit",
        "    accDescr: 2 hand-offs between roles and teams in First visit. New patient hands "
        "off to Care operations (Consent record sent to care operations). Care operations "
        "hands off to Care coordinator."]
    assert '    a0(["New patient"])' in body  # personas are rounded
    assert '    a1["Care operations"]' in body  # teams are boxes
    # Edges name the step (notes crowded busy diagrams; the hand-off table has them).
    assert '    a0 -->|"step 2"| a1' in body
    assert '    a1 -->|"step 3"| a2' in body
    assert "    class a0,a2 persona" in body and "    class a1 team" in body


def test_a_long_handoff_description_ends_in_whole_sentences_and_points_to_the_table(tmp_path):
    """Twelve hand-offs: six in whole sentences, then where the rest are; never cut mid-way,
    and the same after a longer persona name."""
    benchmark("bench_load").generate(tmp_path, 1, 12)

    def description() -> str:
        body = fence_body(handoff_diagram(load(tmp_path).journeys["journey-0"]))
        return body.split("\n")[2].removeprefix("    accDescr: ")

    before = description()
    assert before.startswith("12 hand-offs between roles and teams in Journey 0. ")
    assert before.count(" hands off to ") == 6 and "…" not in before
    assert before.endswith("(Passes it on). 6 more hand-offs are in the hand-off table.")
    persona = tmp_path / "personas/persona-0.yml"
    persona.write_text(persona.read_text().replace("name: Persona 0\n", "name: Persona 0 "
                                                   "with a much longer name\n"))
    after = description()
    assert after.replace("Persona 0 with a much longer name", "Persona 0") == before


def test_no_handoff_diagram_without_handoffs(tmp_path):
    root = write_handbook(tmp_path, ["plain"])
    journey_file = root / "maps" / "hostile.yml"
    data = yaml.safe_load(journey_file.read_text(encoding="utf-8"))
    for step in data["steps"]:
        del step["handoff"]
    journey_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert handoff_diagram(load(root).journeys["hostile"]) is None


def test_handoff_diagram_of_hostile_text_uses_generated_ids_only(tmp_path):
    body = fence_body(handoff_diagram(load(write_handbook(tmp_path, HOSTILE)).journeys["hostile"]))
    for line in body.split("\n")[3:]:
        assert re.fullmatch(
            r'    (a\d+(\(\["[^"]*"\]\)|\["[^"]*"\])'
            r'|a\d+ -->(\|"[^"]*"\|)? a\d+'
            r"|classDef (persona|team) [a-z:\- 0-9]+"
            r"|class a\d+(,a\d+)* (persona|team))", line), line
    assert not set(body.replace("-->", "")) & set("<>&`#%;")


# -- with the real Mermaid --------------------------------------------------------------------

def all_diagrams(tmp_path: Path) -> list[tuple[str, str, Journey]]:
    """(kind, Mermaid source, journey) for every diagram worth checking."""
    handbooks = [MINIMAL, write_handbook(tmp_path / "hostile", HOSTILE)]
    if (SAMPLE / "handbook.yml").is_file():
        handbooks.append(SAMPLE)
    out = []
    for root in handbooks:
        for journey in load(root).journeys.values():
            out.append(("journey", fence_body(journey_diagram(journey)), journey))
            fence = handoff_diagram(journey)
            if fence:
                out.append(("handoff", fence_body(fence), journey))
    return out


RENDER_JS = """async ([src, n]) => {
  try { await mermaid.parse(src); } catch (e) { return {error: String(e.message || e)}; }
  const {svg} = await mermaid.render('d' + n, src);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const texts = sel => [...doc.querySelectorAll(sel)].map(t => t.textContent.trim());
  return {
    active: doc.querySelectorAll('script, iframe, img, object, embed, a').length
            + doc.querySelectorAll('[onerror], [onload], [onclick]').length,
    title: texts('text[font-size="4ex"]'),
    tasks: texts('foreignObject div.task'),
    sections: texts('foreignObject div.journey-section'),
    legend: texts('text.legend'),
    nodes: doc.querySelectorAll('g.node').length,
    edges: doc.querySelectorAll('path.flowchart-link').length,
  };
}"""


@pytest.mark.browser
def test_generated_diagrams_parse_and_render_with_the_pinned_mermaid(tmp_path):
    assert MERMAID_MODULE.is_file(), (
        f"{MERMAID_MODULE.relative_to(ROOT)} is missing: run scripts/setup to fetch the pinned "
        "Mermaid build")
    from playwright.sync_api import sync_playwright

    def serve(route):
        path = route.request.url[len(MERMAID_ORIGIN) + 1:]
        if not path:
            route.fulfill(body="<!doctype html><html><body></body></html>",
                          content_type="text/html")
            return
        file = (MERMAID_VENDOR / path).resolve()
        if file.is_relative_to(MERMAID_VENDOR.resolve()) and file.is_file():
            route.fulfill(body=file.read_bytes(), content_type="text/javascript")
        else:
            route.fulfill(status=404)

    diagrams = all_diagrams(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.route(MERMAID_ORIGIN + "/**", serve)
            page.goto(MERMAID_ORIGIN + "/")
            page.evaluate(f"""async () => {{
              window.mermaid = (await import('/{MERMAID_MODULE.name}')).default;
              mermaid.initialize({{startOnLoad: false, securityLevel: 'strict'}});
            }}""")
            results = [page.evaluate(RENDER_JS, [src, n])
                       for n, (_, src, _) in enumerate(diagrams)]
        finally:
            browser.close()

    for (kind, src, journey), got in zip(diagrams, results, strict=True):
        assert "error" not in got, f"{journey.id} {kind} diagram:\n{got['error']}\n{src}"
        assert got["active"] == 0, f"{journey.id} {kind}: active content in the SVG"
        if kind == "journey":
            # Every task drawn, named as generated: nothing swallowed by a comment or
            # keyword, nothing cut at a ':' or '#'.
            expected = [ln.strip().split(": ")[0] for ln in src.split("\n")[3:]
                        if not ln.strip().startswith("section ")]
            assert got["tasks"] == expected, journey.id
            assert got["title"] == [], f"{journey.id}: no task may become the title"
            names = {a.name for s in journey.steps for a in (s.actor, s.handoff_to) if a}
            assert len(got["legend"]) == len(names), journey.id
        else:
            assert got["nodes"] == len(journey.actors()), journey.id
            assert got["edges"] == sum(s.handoff_to is not None for s in journey.steps)



def test_a_long_word_is_broken_so_its_label_wraps():
    from journey_handbook.site.diagrams import mermaid_text

    label = mermaid_text("Uploads https://portal.example/very/long/path/to/form", 40)
    assert all(len(word.rstrip("\u2026")) <= 18 for word in label.split(" "))
    assert len(label) <= 40
