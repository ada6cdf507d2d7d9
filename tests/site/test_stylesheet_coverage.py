"""Every `jh-*` class a page uses has a rule in the packaged stylesheet.

A class without a rule is a badge or block that silently renders unstyled (two shipped that
way once). The sample plus a handbook that uses every status, review state, confidence and
touchpoint kind are built with MkDocs, and each class found in their HTML is looked up in
the stylesheet the plugin serves.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, build_site
from journey_handbook.site.stylesheet import stylesheet

CLASS_ATTR = re.compile(r'class="([^"]*)"')
OPPORTUNITY_STATUSES = ["idea", "planned", "in-progress", "shipped", "measured", "dropped"]


def used_classes(site_root: Path) -> dict[str, str]:
    """jh-* class -> one page that uses it."""
    found: dict[str, str] = {}
    for page in sorted(site_root.rglob("*.html")):
        for attr in CLASS_ATTR.findall(page.read_text(encoding="utf-8")):
            for cls in attr.split():
                if cls.startswith("jh-"):
                    found.setdefault(cls, str(page.relative_to(site_root)))
    return found


def styled(cls: str, css: str) -> bool:
    return re.search(r"\." + re.escape(cls) + r"(?![\w-])", css) is not None


def every_status_handbook(root: Path) -> Path:
    """The minimal fixture, grown so that each status and state appears on some page."""
    data = root / "journeys"
    shutil.copytree(FIXTURES / "minimal", data)
    source = (data / "maps/first-visit.yml").read_text(encoding="utf-8")
    # fresh (first-visit), due soon, stale; active, draft, archived
    for name, status, reviewed in (("draft-map", "draft", "2026-08-20"),
                                   ("old-map", "archived", "2025-01-01")):
        text = source.replace("status: active", f"status: {status}")
        text = text.replace("reviewed: 2026-10-01", f"reviewed: {reviewed}")
        text = text.replace("aliases: [search-again]", "")
        text = re.sub(r"opportunities:.*", "", text, flags=re.S)
        (data / f"maps/{name}.yml").write_text(text, encoding="utf-8")
    opportunities = "".join(
        f"  - id: opp-{status}\n    title: Opportunity {status}\n    steps: [search]\n"
        f"    owner: growth\n    status: {status}\n    impact: 3\n    effort: 1\n"
        for status in OPPORTUNITY_STATUSES)
    with (data / "maps/first-visit.yml").open("a", encoding="utf-8") as f:
        f.write(opportunities)
    with (data / "touchpoints.yml").open("a", encoding="utf-8") as f:
        f.write("- id: handover\n  name: Internal hand-over\n  channel: internal\n")
    return data


@pytest.fixture(scope="module")
def css() -> str:
    return stylesheet()


@pytest.mark.parametrize("handbook", ["sample", "every-status"])
def test_every_class_in_the_html_has_a_rule(handbook, tmp_path, css):
    data = ROOT / "journeys" if handbook == "sample" else every_status_handbook(tmp_path)
    site = build_site(tmp_path / "build", data)
    classes = used_classes(site.root)
    assert len(classes) > 30, "the pages should use the handbook's classes"
    missing = {cls: page for cls, page in classes.items() if not styled(cls, css)}
    assert not missing, "classes without a CSS rule (class: a page using it):\n" + "\n".join(
        f"  {cls}: {page}" for cls, page in sorted(missing.items()))


def test_the_every_status_handbook_shows_every_status(tmp_path):
    site = build_site(tmp_path / "build", every_status_handbook(tmp_path))
    classes = used_classes(site.root)
    expected = {f"jh-badge--{s}" for s in OPPORTUNITY_STATUSES} | {
        "jh-badge--journey-draft", "jh-badge--journey-archived", "jh-badge--journey-active",
        "jh-badge--stale", "jh-badge--due-soon", "jh-badge--fresh", "jh-badge--known",
        "jh-badge--hypothesized", "jh-badge--kind-internal", "jh-badge--kind-online",
        "jh-badge--kind-offline"}
    assert expected <= set(classes), sorted(expected - set(classes))


def test_a_class_without_a_rule_is_caught(css):
    assert styled("jh-badge--planned", css)
    assert not styled("jh-badge--status-planned", css)
    assert not styled("jh-badge", ".jh-badge--known { color: red }")
