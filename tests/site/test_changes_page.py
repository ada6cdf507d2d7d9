"""`/changes/` and its Atom feed, built from a real git repository of the sample handbook with
a rename, a feeling change, a new opportunity and a deleted journey; a shallow clone and a
folder outside git; the commit-pair cache."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from helpers import build_site
from history_repo import build_history
from journey_handbook.analysis.history import ChangeCache, change_log

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://handbook.example"


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    return build_history(tmp_path_factory.mktemp("history") / "repo")


@pytest.fixture(scope="module")
def site(history, tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("history-site"), history.repo.path("journeys"))


def entries(html: str) -> list[tuple[str, str]]:
    """(anchor, heading text) of each change entry, in page order."""
    found = re.findall(r'<h2 id="(c-[0-9a-f]{12})">(.*?)<a class="headerlink"', html)
    return [(anchor, re.sub(r"<[^>]+>", "", text).strip()) for anchor, text in found]


def entry_html(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find('<h2 id="c-', start + 1)
    return html[start:end if end > 0 else len(html)]


def test_one_entry_per_commit_that_changed_the_data_newest_first(site, history):
    html = site.page("/changes/")
    c = history.commits
    assert entries(html) == [
        (f"c-{c['deleted'][:12]}", "Retire the caregiver proxy map"),
        (f"c-{c['opportunity'][:12]}", "New opportunity: plan lookup"),
        (f"c-{c['feeling'][:12]}", "Patients feel the eligibility wait"),
        (f"c-{c['rename'][:12]}", "Rename the eligibility step"),
        (f"c-{c['initial'][:12]}", "Add the handbook"),
    ]  # "Add a readme" changed no data: no entry
    feeling = entry_html(html, f"c-{c['feeling'][:12]}")
    assert '<time datetime="2026-10-03T09:00:00+00:00">2026-10-03</time>' in feeling
    assert "Ana Planner" in feeling and c["feeling"][:7] in feeling


def test_entries_say_what_changed_and_link_where_it_is_today(site, history):
    html = site.page("/changes/")
    c = history.commits
    rename = entry_html(html, f"c-{c['rename'][:12]}")
    assert "<strong>Step renamed:</strong>" in rename
    assert 'href="../journeys/care-navigation/#check-plan-eligibility"' in rename
    assert "was verify-eligibility" in rename
    feeling = entry_html(html, f"c-{c['feeling'][:12]}")
    assert "<strong>Feeling down:</strong>" in feeling and "feeling 3 → 2" in feeling
    opportunity = entry_html(html, f"c-{c['opportunity'][:12]}")
    assert re.search(r'<strong>Opportunity added:</strong> <a href="../backlog/#plan-lookup-in-'
                     r'intake">Look up the health plan during the intake call</a>', opportunity)
    deleted = entry_html(html, f"c-{c['deleted'][:12]}")
    # The journey is gone: named, not linked (no dead link).
    assert "<strong>Journey removed:</strong> Caregiver proxy access (draft)" in deleted
    assert "caregiver-proxy-access/" not in deleted
    assert "<strong>Metric changed:</strong>" in deleted
    initial = entry_html(html, f"c-{c['initial'][:12]}")
    journeys = len(list(history.repo.path("journeys/maps").glob("*.yml"))) + 1  # one deleted
    assert "<strong>Handbook created:</strong>" in initial
    assert f"{journeys} journeys" in initial
    # An item of an early commit whose journey was deleted later loses its link too.
    assert "Caregiver proxy access (draft)</li>" in initial


def test_the_feed_is_atom_with_absolute_links(site, history):
    feed = ET.fromstring((site.root / "changes/feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{SITE}/changes/"
    assert feed.findtext(f"{ATOM}updated") == "2026-10-06T09:00:00+00:00"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{SITE}/changes/feed.xml"
    items = feed.findall(f"{ATOM}entry")
    c = history.commits
    assert [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}author/{ATOM}name"))
            for e in items] == [
        ("Retire the caregiver proxy map", "Bo Lead"),
        ("New opportunity: plan lookup", "Test Author"),
        ("Patients feel the eligibility wait", "Ana Planner"),
        ("Rename the eligibility step", "Test Author"),
        ("Add the handbook", "Test Author"),
    ]
    for entry, name in zip(items, ("deleted", "opportunity", "feeling", "rename", "initial"),
                           strict=True):
        assert entry.find(f"{ATOM}link").get("href") == f"{SITE}/changes/#c-{c[name][:12]}"
        assert entry.findtext(f"{ATOM}id") == f"{SITE}/changes/#c-{c[name][:12]}"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d",
                            entry.findtext(f"{ATOM}updated"))
    content = items[2].find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert f'href="{SITE}/journeys/care-navigation/#check-plan-eligibility"' in content.text


def test_every_page_announces_the_feed(site):
    link = ('<link rel="alternate feed" type="application/atom+xml" title="What changed" '
            'href="https://handbook.example/changes/feed.xml">')
    pages = list(site.root.rglob("index.html"))
    assert len(pages) > 40
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # redirect stubs of renamed journeys
        assert link in text.split("</head>")[0], page


def test_each_commit_pair_is_computed_once(history, tmp_path):
    data = history.repo.path("journeys")
    first = ChangeCache(tmp_path / "changes.json")
    log = change_log(data, first, limit=3)
    assert [e.subject for e in log.entries] == [
        "Retire the caregiver proxy map", "New opportunity: plan lookup",
        "Patients feel the eligibility wait"]
    assert log.more and first.computed == 3
    again = ChangeCache(tmp_path / "changes.json")  # the next build, from the file
    assert change_log(data, again, limit=3) == log and again.computed == 0
    change_log(data, again, limit=5)  # two older commits come into view: only they are new
    assert again.computed == 2


def test_a_shallow_clone_builds_and_says_how_to_get_the_history(history, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{history.repo.root}",
                    str(clone)], check=True, capture_output=True)
    site = build_site(tmp_path / "site", clone / "journeys")
    html = site.page("/changes/")
    # depth 2: the newest commit is compared with its parent; the parent's own parent is
    # missing, so it is not shown as "everything added"
    assert [text for _, text in entries(html)] == ["Retire the caregiver proxy map"]
    assert "Only part of the history" in html and "<code>fetch-depth: 0</code>" in html
    assert "git fetch --unshallow" in html


def test_a_folder_outside_git_builds_and_says_there_is_no_history(history, tmp_path):
    data = tmp_path / "plain" / "journeys"
    shutil.copytree(history.repo.path("journeys"), data)
    site = build_site(tmp_path / "site", data)
    html = site.page("/changes/")
    assert entries(html) == []
    assert "No history" in html and "<code>fetch-depth: 0</code>" in html
    feed = ET.fromstring((site.root / "changes/feed.xml").read_bytes())
    assert feed.findall(f"{ATOM}entry") == []
