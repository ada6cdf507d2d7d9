"""The built site, copied to another folder and served from there, works with no network."""

from __future__ import annotations

import shutil

import pytest

from .harness import LocalServer, SiteUnderTest, expected_diagrams, page_problems, survey

pytestmark = pytest.mark.browser


def test_copied_site_draws_every_diagram_with_no_network(sample_site, chromium, tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(sample_site.root, copy)
    pages = sorted(p.parent.relative_to(copy).as_posix() for p in copy.rglob("index.html"))
    urls = [("/" + p + "/").replace("/./", "/").replace("//", "/") for p in pages]
    with_diagrams = [u for u in urls if expected_diagrams(copy, u) > 0]
    assert with_diagrams, "the sample handbook has no diagram to check"

    # Another port is another origin: a page reaching back to the original server, a CDN
    # or any other host is stopped by the guard and reported.
    server = LocalServer()
    server.serve(copy)
    site = SiteUnderTest("copy", copy, server, chromium)
    try:
        reports = survey(site, with_diagrams, page_problems)
    finally:
        site.close()
        server.stop()
    problems = [f"{url}: {p}" for url, found in reports.items() for p in found]
    assert not problems, "\n".join(problems)
