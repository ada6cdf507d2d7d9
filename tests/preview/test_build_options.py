"""Build options around the default: mermaid2's page hook turned back on, and quiet output."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import pytest
from helpers import build_site, write_config
from journey_handbook.material_search import strip_search_attributes
from mkdocs.commands.build import build
from mkdocs.config import load_config


def _build_logging_info(config: Path) -> list[str]:
    lines: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    handler, logger = Handler(logging.INFO), logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        cfg = load_config(str(config), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return lines


def test_mermaid2_hook_turned_on_still_builds_the_same_diagrams(tmp_path, minimal_dir):
    default = build_site(tmp_path / "default", minimal_dir)
    hooked = build_site(tmp_path / "hooked", minimal_dir, mermaid2_hook=True)
    url = "/journeys/first-visit/"
    fences = re.compile(r'<pre\s+class="mermaid"><code>(.*?)</code></pre>', re.S)
    # What Material hands to Mermaid is the text of each fence: the same with or without the
    # hook (which re-serialises the page, writing `-->` as `--&gt;`).
    def sources(page: str) -> list[str]:
        return [html.unescape(s) for s in fences.findall(page)]

    assert sources(hooked.page(url)) == sources(default.page(url)) != []
    # The hook adds mermaid2's configuration script; the default build does without it.
    assert "window.mermaidConfig" in hooked.page(url)
    assert "window.mermaidConfig" not in default.page(url)


def test_a_build_logs_one_summary_line_and_no_line_per_page(tmp_path, minimal_dir):
    lines = _build_logging_info(write_config(tmp_path, minimal_dir, mermaid2_hook=True))
    summary = [line for line in lines if line.startswith("journeys: ")]
    assert len(summary) == 1, lines
    assert re.fullmatch(r"journeys: 1 journeys, \d+ pages in [\d.]+ s "
                        r"\(data and Markdown [\d.]+ s\)", summary[0]), summary
    per_page = [line for line in lines if "Custom loader activated" in line
                or re.search(r"Page '.*': found", line)
                or "not included in the \"nav\"" in line]
    assert not per_page, per_page


@pytest.mark.parametrize("page_html", [
    '<div class="jh-bands" data-search-exclude="true"><p>x</p></div>',
    '<p data-search-exclude="1"  data-search-boost="2">text</p>',
    '<div\tdata-search-exclude="a">data-search-x="no close</div>',
    'data-search-exclude="start" and data-search-="empty name"',
    '<p>no attributes here</p>',
])
def test_search_attributes_are_stripped_as_material_strips_them(page_html):
    assert strip_search_attributes(page_html) == \
        re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", page_html)
