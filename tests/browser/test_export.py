"""The sample exported with `journeys export markdown` and built by stock MkDocs + Material
(no journeys plugin, Material's own Mermaid fence) draws every diagram, offline."""

from __future__ import annotations

import pytest
from helpers import build_export_site

from .harness import (
    SAMPLE_DATA,
    LocalServer,
    SiteUnderTest,
    expected_diagrams,
    page_problems,
    survey,
)

pytestmark = pytest.mark.browser


def test_exported_pages_draw_every_diagram(chromium, tmp_path):
    server = LocalServer()  # the port is known before the build: site_url must match it
    site = None
    try:
        built = build_export_site(SAMPLE_DATA, tmp_path / "export", site_url=server.origin + "/")
        server.serve(built.root)
        urls = sorted("/" + p.parent.relative_to(built.root).as_posix() + "/"
                      for p in built.root.rglob("index.html"))
        urls = [u.replace("/./", "/") for u in urls]
        with_diagrams = [u for u in urls if expected_diagrams(built.root, u) > 0]
        assert any(u.startswith("/journeys/") for u in with_diagrams)
        site = SiteUnderTest("export", built.root, server, chromium)
        reports = survey(site, with_diagrams, page_problems)
    finally:
        if site is not None:
            site.close()
        server.stop()
    problems = [f"{url}: {p}" for url, found in reports.items() for p in found]
    assert not problems, "\n".join(problems)
