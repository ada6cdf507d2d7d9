"""The exported Markdown is a complete site for stock MkDocs + Material, with no plugin of ours."""

from __future__ import annotations

import re

from helpers import ROOT, build_export_site


def test_exported_sample_builds_strictly_without_the_journeys_plugin(tmp_path):
    site = build_export_site(ROOT / "journeys", tmp_path)
    journey = site.page("/journeys/patient-symptom-checker/")
    assert journey.count('<pre class="mermaid">') >= 1, "the journey diagram is a Mermaid fence"
    assert "Symptom" in journey
    # The stylesheet the pages' classes need is exported too, and linked from every page.
    assert (site.root / "assets/journey-handbook.css").read_text().startswith("/*")
    assert 'href="../../assets/journey-handbook.css"' in journey
    # Links between the generated pages resolve to pages of the site.
    for href in set(re.findall(r'href="(\.\./[^"#]+/)"', journey)):
        target = (site.root / "journeys/patient-symptom-checker" / href).resolve()
        assert (target / "index.html").is_file(), f"broken link {href}"
    assert any(d["location"].startswith("backlog/") for d in site.search_index())
