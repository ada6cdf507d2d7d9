"""Live preview rebuilds only what changed, and after every save the site is exactly a clean
build of the same data: every page, the nav inside them, the search index and the sitemap.

The preview side runs what `mkdocs serve` runs on each save (reload the configuration, build
with the same plugin instances); the reference side is a fresh build with fresh plugins.
"""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from sitebuild import REPO, capture_warnings, write_config

SAMPLE = REPO / "journeys"
SERVE_URL = "http://127.0.0.1:8000/"


@contextmanager
def plugin_instances(cache: dict):
    """MkDocs keeps plugin instances in one process-wide cache (that is how serve keeps them
    between rebuilds); give each side of the comparison its own."""
    option = dict(MkDocsConfig._schema)["plugins"]
    saved, option.plugin_cache = option.plugin_cache, cache
    try:
        yield
    finally:
        option.plugin_cache = saved


class Preview:
    """A `mkdocs serve` session without the HTTP server."""

    def __init__(self, config: Path) -> None:
        self.config, self.instances, self.site = config, {}, config.parent / "site"
        self.logs: list[str] = []
        with plugin_instances(self.instances):
            load_config(str(config)).plugins.on_startup(command="serve", dirty=False)

    def rebuild(self) -> None:
        with plugin_instances(self.instances), capture_info() as lines:
            build(load_config(str(self.config)), serve_url=SERVE_URL)
        self.logs = lines


@contextmanager
def capture_info():
    import logging

    lines: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Handler(logging.INFO)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def clean_build(config: Path) -> Path:
    with plugin_instances({}), capture_warnings() as warnings:
        cfg = load_config(str(config), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    assert not warnings, warnings
    return Path(cfg.site_dir)


def snapshot(site: Path) -> dict[str, str | bytes]:
    """Every page and data file of a built site (theme assets are copied, not built), and the
    Pagefind search index as bytes (its fragments are compressed)."""
    out: dict[str, str | bytes] = {}
    for file in sorted(site.rglob("*")):
        rel = file.relative_to(site).as_posix()
        if not file.is_file() or rel.startswith("assets/") or rel.endswith(".gz"):
            continue
        out[rel] = file.read_bytes() if rel.startswith("pagefind/") else \
            file.read_text(encoding="utf-8")
    return out


def assert_same_site(preview: Path, clean: Path) -> None:
    got, want = snapshot(preview), snapshot(clean)
    assert sorted(got) == sorted(want), "different files"
    different = [path for path in want if got[path] != want[path]]
    assert not different, f"preview differs from a clean build in {different[:10]}"
    index = json.loads(got["search/search_index.json"])["docs"]
    assert index == json.loads(want["search/search_index.json"])["docs"]


def summary(logs: list[str]) -> str:
    return next(line for line in logs if line.startswith("journeys: "))


@pytest.fixture
def setup(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    preview = Preview(write_config(tmp_path / "serve", data,
                                   guides={"guides/editing.md": "# Editing\n\nSee [the "
                                           "backlog](../backlog/index.md).\n"}))
    clean = write_config(tmp_path / "clean", data,
                         guides={"guides/editing.md": "# Editing\n\nSee [the "
                                 "backlog](../backlog/index.md).\n"})
    preview.rebuild()
    assert_same_site(preview.site, clean_build(clean))
    return data, preview, clean


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_STEP = """\
  - id: read-enrolment-faq
    phase: awareness
    persona: plan-member-enrolling
    action: Reads the enrolment questions page before choosing a way to enrol
    touchpoint: member-portal
    emotion:
      score: 4
      feeling: Reassured
      why: The page answers the usual questions
"""


def delete_journey(data, journey_id: str) -> None:
    """Delete a map and, as its author must, the metrics' references to it."""
    (data / f"maps/{journey_id}.yml").unlink()
    metrics = data / "metrics.yml"
    text = metrics.read_text(encoding="utf-8").replace(f"    - {journey_id}\n", "")
    metrics.write_text(text.replace("  journeys:\n  target", "  target"), encoding="utf-8")


def test_every_preview_rebuild_equals_a_clean_build(setup):
    data, preview, clean = setup
    journey = data / "maps/payer-enrollment.yml"
    edits = [
        ("step text", lambda: edit(journey, "action: Compares plans by premium",
                                   "action: Compares health plans by premium")),
        ("emotion score", lambda: edit(journey, "      score: 2\n      feeling: Overwhelmed",
                                       "      score: 4\n      feeling: Overwhelmed")),
        ("add a step", lambda: edit(journey, "  - id: compare-plans\n",
                                    NEW_STEP + "  - id: compare-plans\n")),
        ("rename a persona", lambda: edit(data / "personas/plan-member-enrolling.yml",
                                          "name: Health plan member enrolling",
                                          "name: Member choosing a health plan")),
        ("delete a journey", lambda: delete_journey(data, "employer-benefits-admin")),
    ]
    for what, change in edits:
        change()
        preview.rebuild()
        assert_same_site(preview.site, clean_build(clean)), what


def test_a_step_edit_converts_only_the_pages_that_show_it(setup):
    data, preview, _ = setup
    edit(data / "maps/payer-enrollment.yml", "action: Compares plans by premium",
         "action: Compares health plans by premium")
    preview.rebuild()
    line = summary(preview.logs)
    converted = int(line.split("(")[1].split(" converted")[0])
    pages = int(line.split(" pages")[0].rsplit(" ", 1)[1])
    assert 0 < converted < pages / 3, line


def test_a_broken_reference_shows_errors_over_the_last_good_pages_then_recovers(setup):
    data, preview, clean = setup
    journey = data / "maps/payer-enrollment.yml"
    good = journey.read_text(encoding="utf-8")
    before = snapshot(preview.site)
    edit(journey, "    phase: consideration\n", "    phase: considerashun\n")
    preview.rebuild()
    page = (preview.site / "journeys/payer-enrollment/index.html").read_text(encoding="utf-8")
    assert "data has errors" in page and "unknown phase" in page and "considerashun" in page
    assert "Compares plans by premium" in page, "the last good content stays readable"
    assert "data has errors" in (preview.site / "index.html").read_text(encoding="utf-8")
    assert "data has errors" not in before["journeys/payer-enrollment/index.html"]

    journey.write_text(good, encoding="utf-8")
    preview.rebuild()
    assert_same_site(preview.site, clean_build(clean))
