"""Old links from planning documents still land on the right step after renames.

A real git repository with several commits, built with MkDocs (strict) as CI builds it.
"""

from __future__ import annotations

import re

import pytest
from gitrepo import MAP, GitRepo
from helpers import build_site

NEW_MAP = "journeys/maps/first-contact.yml"


@pytest.fixture
def renamed(tmp_path) -> GitRepo:
    """The step `search` became `find-care`, then the journey became `first-contact`."""
    repo = GitRepo.with_handbook(tmp_path / "repo")
    repo.edit(MAP, "  - id: search\n", "  - id: find-care\n    aliases: [search]\n")
    repo.commit("Rename the search step")
    repo.git("mv", MAP, NEW_MAP)
    repo.edit(NEW_MAP, "title: First visit\n", "title: First contact\naliases: [first-visit]\n")
    repo.edit(NEW_MAP, "first-visit/search", "first-contact/find-care")
    repo.commit("Rename the journey")
    return repo


def step_block(html: str, step_id: str) -> str:
    """The HTML from a step's heading to the next step heading."""
    start = html.index(f'id="{step_id}"')
    following = re.search(r"<h3 ", html[start:])
    return html[start:start + following.start()] if following else html[start:]


def test_an_old_step_link_lands_on_the_renamed_step(renamed, tmp_path):
    site = build_site(tmp_path / "build", renamed.path("journeys"))
    html = site.page("/journeys/first-contact/")
    assert 'id="search"' in step_block(html, "find-care")  # the old anchor is on the step


def test_an_old_journey_link_redirects_and_keeps_the_step_anchor(renamed, tmp_path):
    site = build_site(tmp_path / "build", renamed.path("journeys"))
    stub = site.page("/journeys/first-visit/index.html")
    assert 'url=../first-contact/"' in stub
    assert 'location.replace("../first-contact/" + location.hash)' in stub
    # so /journeys/first-visit/#search -> /journeys/first-contact/#search, which exists:
    assert "search" in site.ids("/journeys/first-contact/")


def test_the_diff_of_the_renames_promises_the_same(renamed):
    steps = renamed.journeys_json("diff", "HEAD~2", "HEAD")["steps"]
    assert [(s["renamed_from"], s["id"]) for s in steps] == [("search", "find-care")]
    markdown = renamed.journeys("diff", "HEAD~2", "HEAD").stdout
    assert "renamed from `search` (old anchor kept)" in markdown
    assert "(old links redirect)" in markdown


def test_the_journey_page_shows_its_last_change_from_git(renamed, tmp_path):
    site = build_site(tmp_path / "build", renamed.path("journeys"))
    html = site.page("/journeys/first-contact/")
    assert "Rename the journey" in html  # the subject of the last commit touching the file
    assert "Rename the search step" not in html
