"""Live preview rebuilds only what changed, and after every save the site is exactly a clean
build of the same data: every page, the nav inside them, the search index and the sitemap.

The preview side runs what `mkdocs serve` runs on each save (reload the configuration, build
with the same plugin instances); the reference side is a fresh build with fresh plugins.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import material
import pytest
from helpers import (
    SAMPLE,
    assert_same_site,
    benchmark,
    capture_info,
    clean_build,
    edit,
    plugin_instances,
    snapshot,
    write,
    write_busy_handbook,
    write_config,
)
from journey_handbook import mkdocs_internals as internals
from journey_handbook.data.loader import load_handbook
from journey_handbook.incremental import html_blocks, sections, theme_nav
from journey_handbook.incremental import names as names_module
from journey_handbook.incremental import preview as preview_module
from journey_handbook.incremental.entries import Entries
from journey_handbook.incremental.names import Names, token
from journey_handbook.incremental.pages import Conversions
from journey_handbook.incremental.store import DiskStore
from journey_handbook.site.context import NAV_LIMIT
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils import normalize_url

SERVE_URL = "http://127.0.0.1:8000/"


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
        # The served pages are final now; the search index follows in the background.
        self.instances["journeys"].preview.wait_for_search_index()

    def close(self) -> None:
        with plugin_instances(self.instances):
            load_config(str(self.config)).plugins.on_shutdown()


def summary(logs: list[str]) -> str:
    return next(line for line in logs if line.startswith("journeys: "))


def reported(preview: Preview, what: str) -> int:
    """A count from the last rebuild's summary line: `reported(preview, "pages")`."""
    return int(summary(preview.logs).split(f" {what}")[0].rsplit(" ", 1)[1])


def copied(preview: Preview) -> int:
    """Journeys whose pages the last rebuild copied instead of rendering."""
    return reported(preview, "journeys copied")


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
    yield data, preview, clean
    preview.close()


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
        ("rename a team", lambda: edit(data / "handbook.yml", "name: Care coordination\n",
                                       "name: Care navigation team\n")),
        ("edit a phase goal", lambda: edit(data / "handbook.yml",
                                           "goal: Coverage, benefit or programme eligibility",
                                           "goal: Coverage and benefit eligibility")),
        ("rename a touchpoint", lambda: edit(data / "touchpoints.yml", "name: Member portal",
                                             "name: Member web portal")),
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


def test_the_search_index_is_rebuilt_after_the_pages_are_served(setup):
    data, preview, clean = setup
    edit(data / "maps/payer-enrollment.yml", "action: Compares plans by premium",
         "action: Compares health plans by premium")
    plugin = preview.instances["journeys"]
    with plugin_instances(preview.instances):
        build(load_config(str(preview.config)), serve_url=SERVE_URL)
    served = preview.site / "pagefind/pagefind-entry.json"
    assert served.is_file(), "the last index stays in place while the new one is built"
    plugin.preview.wait_for_search_index()
    assert_same_site(preview.site, clean_build(clean))


def test_the_site_folder_is_emptied_aside_and_nothing_is_left_beside_it(setup):
    """While serving, the old site folder is moved aside in one rename and deleted in the
    background (`incremental/emptying.py`): a stale file is gone as MkDocs would have
    deleted it, the folder keeps its permissions, and once serving stops no old folder is
    left next to it."""
    data, preview, clean = setup
    site = preview.site
    site.chmod(0o750)
    write(site, "stale/index.html", "<p>gone</p>")
    folder = site.stat().st_ino
    edit(data / "maps/payer-enrollment.yml", "action: Compares plans by premium",
         "action: Compares health plans by premium")
    preview.rebuild()
    assert not (site / "stale").exists() and site.stat().st_mode & 0o777 == 0o750
    assert site.stat().st_ino != folder, "a new folder in its place"
    preview.close()
    assert [p.name for p in site.parent.iterdir() if "journeys-old" in p.name] == []
    assert_same_site(site, clean_build(clean))


def test_serve_dirty_leaves_the_site_folder_to_mkdocs():
    assert preview_module.Preview(serving=True, dirty=True).emptier is None
    assert preview_module.Preview(serving=True).emptier is not None
    assert preview_module.Preview(serving=False).emptier is None


@pytest.fixture(scope="module")
def generated_pages(tmp_path_factory):
    """Every page the plugin generates for the sample, for a 12-journey synthetic
    handbook and for one of long link lists (folded, grouped by journey), as MkDocs pages
    ready to convert."""
    tmp = tmp_path_factory.mktemp("sections")
    benchmark("bench_load").generate(tmp / "synthetic", 12, 12)
    write_busy_handbook(tmp / "busy")
    out = []
    for data in (SAMPLE, tmp / "synthetic", tmp / "busy"):
        with plugin_instances({}):
            config = load_config(str(write_config(tmp / f"site-{data.name}", data)))
            config.plugins.on_startup(command="build", dirty=False)
            config = config.plugins.on_config(config)
            files = config.plugins.on_files(get_files(config), config=config)
        for file in files.documentation_pages():
            out.append((config, files, file))
    return out


@pytest.mark.parametrize("fine", [False, True], ids=["by-heading", "by-block-build"])
def test_big_pages_converted_by_section_equal_whole_conversion(generated_pages, fine,
                                                               monkeypatch):
    """The preview converts big pages section by section (in a build with a cache, block by
    block and big tables in groups of rows) and joins the results: every page that can be
    cut must come out exactly as MkDocs converts it whole. (Serving, with rows a few at a
    time: `test_pages_converted_with_names_as_tokens_equal_whole_conversion`.)"""
    # a cached build groups the rows of tables longer than this: here, most tables
    monkeypatch.setattr(sections, "BUILD_GROUP_CHARS", 300)
    cut_pages = blocks = folds = 0
    # one Sections per build, as the preview has: its Markdown instance converts every page
    by_build: dict[int, sections.Sections] = {}
    for config, files, file in generated_pages:
        whole = Page(None, file, config)
        whole.read_source(config)
        pieces = sections.cut(whole.markdown, fine=fine)
        if pieces is None:
            continue
        assert "".join(pieces) == whole.markdown
        cut_pages += 1
        blocks += len(pieces)
        folds += "Their steps in this phase" in whole.markdown  # a list grouped by journey
        parts = Page(None, file, config)
        parts.read_source(config)
        converter = by_build.setdefault(id(config), sections.Sections(
            Entries("sections", None, keep=False)))
        converter.fine = fine
        converter.renderer(parts, b"", pieces)(config, files)
        whole.render(config, files)
        assert_converted_alike(parts, whole)
    assert cut_pages > 20 and folds > 0
    assert blocks > (4000 if fine else 1000), "block cuts give far more pieces"


def handbook_names(config) -> Names:
    data_dir = config.plugins["journeys"].data_dir
    return Names.of(load_handbook(data_dir).handbook)


def test_pages_converted_with_names_as_tokens_equal_whole_conversion(generated_pages):
    """While serving, the shared names of a generated page are tokens in its pieces' keys
    and are put back in the HTML: every page must come out exactly as MkDocs converts it."""
    named, by_build = 0, {}
    for config, files, file in generated_pages:
        converter, names = by_build.setdefault(id(config), (sections.Sections(
            Entries("sections", None, keep=True)), handbook_names(config)))
        converter.fine = True
        whole = Page(None, file, config)
        whole.read_source(config)
        hidden = names.hide(whole.markdown, file.src_uri)
        if hidden is None:
            continue
        named += 1
        assert names.unhide(hidden, file.src_uri) == whole.markdown
        parts = Page(None, file, config)
        parts.read_source(config)
        pieces = sections.cut(hidden, fine=True) or [hidden]
        converter.renderer(parts, b"", pieces, names)(config, files)
        whole.render(config, files)
        assert_converted_alike(parts, whole)
    assert named > 40


@pytest.mark.parametrize("text", [
    "# Care coordination\n\nAbout Care coordination.\n",  # a heading's id is its slug
    "# T\n\n## Care coordination {: #care }\n\nText.\n",
    "# T\n\nSee `Care coordination` here.\n",  # code
    "# T\n\n```python\nCare coordination = 1\n```\n",  # highlighted: split in words
    "# T\n\n    Care coordination\n",
    "# T\n\nSee [it](https://example.org/Care%20coordination) or "
    "[Care coordination](#care-coordination).\n",
    '# T\n\n<span id="Care coordination">Care coordination</span>\n',
    "# T\n\n## Member services\n\n## Member services\n\n### A Member services.\n",
    "# T\n\n- Care coordination\n- **Care coordination**: Member services, *Member services*\n"
    "\n| Care coordination | b |\n|---|---|\n| Member services | Care coordination |\n",
    "# T\n\n```mermaid\nflowchart LR\n  a([\"Care coordination\"])\n```\n",
    "# T\n\n## In-app health intake questionnaire\n\nThe In-app health intake questionnaire, "
    "In-app health intake questionnaire-2 and [In-app health intake questionnaire](#x).\n",
])
def test_names_as_tokens_in_headings_code_and_links_still_convert_exactly(
        generated_pages, text):
    config, files, file = generated_pages[0]
    names = handbook_names(config)
    hidden = names.hide(text, file.src_uri)
    assert hidden is not None and "ZqJh" in hidden
    converter = sections.Sections(Entries("sections", None, keep=True))
    converter.fine = True
    for _ in range(2):  # the second time from kept pieces
        parts, whole = Page(None, file, config), Page(None, file, config)
        parts.markdown = whole.markdown = text
        converter.renderer(parts, b"", sections.cut(hidden, fine=True) or [hidden],
                           names)(config, files)
        whole.render(config, files)
        assert parts.content == whole.content
        assert toc(parts.toc) == toc(whole.toc)
        assert parts._title_from_render == whole._title_from_render
        assert parts.present_anchor_ids == whole.present_anchor_ids


def test_a_name_is_a_token_only_as_whole_words_outside_links_and_ids():
    names = Names({token("teams", "care"): "Care coordination",
                   token("personas", "p1"): "Persona 1", token("personas", "p10"): "Persona 10"})
    assert names.hide("Care coordinations and care coordination") is None
    assert names.hide("[a](../Care coordination/) #Care coordination Care coordination-x") \
        is None
    hidden = names.hide("Persona 10, Persona 1 and Care coordination.")
    assert hidden.count("ZqJh") == 3 and "Persona" not in hidden
    assert names.unhide(hidden) == "Persona 10, Persona 1 and Care coordination."
    assert names.hide("ZqJh Care coordination") is None, "a text with a token's start"
    handbook = type("H", (), {"teams": {}, "touchpoints": {}, "personas": {
        key: type("P", (), {"name": name})()
        for key, name in [("a", "A/b"), ("b", "A--b"), ("c", "A -b"), ("d", "Sign-up form")]}})
    names = Names.of(handbook())
    assert set(names.names.values()) == {"Sign-up form"}
    # as written (escaped in Markdown) or not, one token: adding or dropping a hyphen in a
    # rename leaves the text with tokens as it was
    hidden = names.hide("Sign-up form, Sign\\-up form, Sign-up form-2.")
    (one,) = set(names.names)
    assert hidden == f"{one}, {one}, Sign-up form-2."
    assert names.unhide(hidden) == "Sign-up form, Sign\\-up form, Sign-up form-2."
    assert names.unhide(hidden[len(one) + 2:], start=1) == "Sign\\-up form, Sign-up form-2."
    assert names.show(hidden) == "Sign-up form, Sign-up form, Sign-up form-2."


def test_a_token_in_an_attribute_is_found_as_the_regular_expression_finds_it():
    """`names._in_id` walks back from each token; the expression it stands for is the
    reference, over random strings of the pieces that matter."""
    in_id = re.compile(r"""\b(?:id|name|href)\s*=\s*["'][^"']*ZqJh""", re.IGNORECASE)
    pieces = ["id", "ID", "name", "Href", "data-id", "aid", "_id", "=", " ", "\n", '"', "'",
              "ZqJh", "zqjh", "ZqJhABhJqZ", "x", "<a ", ">", "é", "\t"]
    rng = random.Random(7)
    found = 0
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        expected = in_id.search(text) is not None
        assert names_module._in_id(text) == expected, text
        found += expected
    assert found > 50, "a token in an attribute is among the texts tried"


@pytest.mark.parametrize("serving", [False, True], ids=["build", "serve"])
def test_pages_converted_without_their_big_html_blocks_equal_whole_conversion(
        generated_pages, serving):
    """Big HTML blocks (a board's grid) are left out of the conversion and put back: every
    generated page must still come out exactly as MkDocs converts it, whether converted
    whole (a build) or by the preview's shared Markdown instance, block by block (serve)."""
    lifted = 0
    for config, files, file in generated_pages:
        whole = Page(None, file, config)
        whole.read_source(config)
        if html_blocks.lift(whole.markdown)[1]:
            lifted += 1
        preview = Page(None, file, config)
        preview.read_source(config)
        conversions = Conversions(Entries("pages", None, keep=serving),
                                  sections.Sections(Entries("sections", None, keep=serving)))
        conversions.begin(config, files)
        assert conversions.sections.fine is serving
        conversions.before(preview, preview.markdown)
        preview.render(config, files)
        whole.render(config, files)
        assert_converted_alike(preview, whole)
        assert preview.markdown == whole.markdown, file.src_uri
    assert lifted >= 12, "every board of the synthetic handbook has a big block"


@pytest.mark.parametrize("text", [
    "# T\n\n<script>let a = 1;\n\n<div>" + "x" * 3000 + "</div>\n\n</script>\n",
    "# T\n\n<div markdown>" + "x" * 3000 + "</div>\n",
    "# T\n\n```\n<div>" + "x" * 3000 + "</div>\n```\n",
    "# T\n\n<div>\n\n<div>" + "x" * 3000 + "</div>\n\n</div>\n",
    "# T\n\nText\n<div>" + "x" * 3000 + "</div>\n",
    "# T\n\n<?php echo 1; ?>\n\n<div>" + "x" * 3000 + "</div>\n",
    "# T\n\n<PlainText>\n\n<div>" + "x" * 3000 + "</div>\n",
    "# T\n\nData-Journeys-Lifted\n\n<div>" + "x" * 3000 + "</div>\n",
    "# T\n\n<div>" + "x" * 1988 + "</div>\n",  # 1,999 characters: too short to lift
])
def test_html_blocks_markdown_could_read_differently_are_converted(text):
    assert html_blocks.lift(text) == (text, [])


def test_a_block_of_two_thousand_characters_is_lifted():
    block = "<div>" + "x" * 1989 + "</div>"
    assert html_blocks.lift(f"# T\n\n{block}\n")[1] == [block]


@pytest.mark.parametrize("before, closed", [
    ("# t\n\n<p>a</p>\n", True),
    ("<script>let a = 1;</script>\n<style>p {}</style >\n<!-- note -->\n", True),
    ("<!-- <script> is only text here -->\n", True),
    ("<script>let a = 1;\n", False),
    ("<!-- an open comment\n", False),
    ("<!-->\n", False),
    ('<script>let a = "-->";</script>\n<!-- opened after the script\n', False),
    ("<style>p {}</styles>\n", False),
    ("<textarea>a</textarea><title>t\n", False),
])
def test_the_parser_is_back_to_plain_text_only_after_every_comment_and_script_closes(
        before, closed):
    assert html_blocks._closed(before) is closed
    block = "<div>" + "x" * 3000 + "</div>"
    assert bool(html_blocks.lift(f"{before}\n{block}\n")[1]) is closed


def test_block_anchors_read_piece_by_piece_equal_one_parse_of_the_block(generated_pages):
    """A kept piece's anchors are reused while serving; the union must be what MkDocs finds
    in the whole block, build after build, for every big block of every generated page."""
    kept = html_blocks.BlockAnchors(keep=True)
    blocks = {block for _, _, file in generated_pages
              for block in html_blocks.lift(file.content_string)[1]}
    odd = [  # blocks whose pieces would not read alone as they read in the block
        '<div id="a" title="x<div id=b>">' + "y" * 2000 + "</div>",
        '<div id="a"><script><div id="b"></div></script>' + "y" * 2000 + "</div>",
        '<div id="a"><!-- <div id="b"> -->' + "y" * 2000 + "</div>",
        '<div id="a" data-x"="><div id="c">' + "y" * 2000 + '"</div></div>',
        "<div id=a><div name=n><a name=m><div id>" + "y" * 2000 + "</div></a></div></div>",
        # a long table: cut before its rows too (`<trx` is no row; a row may end in `&b`)
        '<div class="t"><table>' + "".join(
            f'<tr id="r{n}"><td>{"z" * 90} &b</td></tr><trx name="x{n}">' for n in range(90))
        + "</table></div>",
    ]
    assert len(blocks) >= 24
    for _ in range(2):  # the second time from kept pieces
        for block in [*blocks, *odd]:
            assert kept.of(block) == internals.raw_html_anchor_ids(block), block[:80]
        kept.end()
    assert html_blocks.plain_pieces(odd[0]) is None and html_blocks.plain_pieces(odd[1]) is None
    assert len(html_blocks.plain_pieces(odd[4])) == 3
    assert len(html_blocks.plain_pieces(odd[5])) == 91


def test_a_page_whose_sections_repeat_an_id_is_converted_whole(generated_pages):
    config, files, file = generated_pages[0]
    page = Page(None, file, config)
    page.markdown = "# Title\n\n## Notes\n\nOne.\n\n## Notes\n\nTwo.\n"
    pieces = sections.cut(page.markdown)
    assert pieces is not None and len(pieces) == 3
    sections.Sections(Entries("sections", None, keep=False)).renderer(
        page, b"", pieces)(config, files)
    assert 'id="notes"' in page.content and 'id="notes_1"' in page.content


@pytest.mark.parametrize("text", [
    "# T\n\nSee [a][ref].\n\n## B\n\nText.\n\n[ref]: https://example.org/\n",
    "# T\n\nA note.[^1]\n\n## B\n\n[^1]: The note.\n",
    "# T\n\n```\n## not a heading\n```\n",
    "# T\n\n[TOC]\n\n## A\n\nText.\n\n## B\n\nText.\n",
    "# T\n\nSee [a][r].\n\n## B\n\n> [r]: https://example.org/\n",
    "# T\n\nSee [a][r].\n\n## B\n\n- [r]: https://example.org/\n",
])
def test_pages_whose_parts_depend_on_each_other_are_not_cut(text):
    assert sections.cut(text) is None


def assert_converted_alike(page: Page, whole: Page) -> None:
    """`page` as MkDocs converted `whole`: HTML, table of contents, title, anchors, links."""
    where = page.file.src_uri
    assert page.content == whole.content, where
    assert toc(page.toc) == toc(whole.toc), where
    assert page._title_from_render == whole._title_from_render, where
    assert page.present_anchor_ids == whole.present_anchor_ids, where
    assert links(page) == links(whole), where


def toc(items) -> list:
    return [(i.level, i.id, i.title, toc(i.children)) for i in items]


def links(page) -> dict:
    return {f.src_uri: v for f, v in (page.links_to_anchors or {}).items()}


def test_a_journey_edit_renders_only_that_journeys_pages_again(setup):
    data, preview, clean = setup
    journeys = len(list((data / "maps").glob("*.yml")))
    edit(data / "maps/payer-enrollment.yml", "action: Compares plans by premium",
         "action: Compares health plans by premium")
    preview.rebuild()
    # payer-enrollment's pages, and care-navigation's, which show something from that map
    # (a touchpoint it defines inline, opportunities aimed across); the rest are copied
    assert copied(preview) == journeys - 2
    edit(data / "touchpoints.yml", "name: Member portal", "name: Member web portal")
    preview.rebuild()
    assert copied(preview) == 0, "a shared file renders every journey again"
    assert_same_site(preview.site, clean_build(clean))


def test_a_shared_edit_draws_again_only_the_steps_that_show_it(setup):
    """Each edit changes something steps show from a file other than their map; the steps
    that show it are drawn again, the others kept, and the site is a clean build's. An
    edit to a map draws again every step of the journeys that read it."""
    data, preview, clean = setup
    maps = data / "maps"
    shared = [
        ("a persona", data / "personas/plan-member-enrolling.yml",
         "name: Health plan member enrolling", "name: Member choosing a health plan"),
        ("a touchpoint's owner", data / "touchpoints.yml",
         "  channel: sms\n  owner: care-coordination", "  channel: sms\n  owner: product"),
        ("a team", data / "handbook.yml", "name: Care coordination\n",
         "name: Care navigation team\n"),
        ("an evidence title", data / "evidence.yml",
         "title: Consent screen session recordings (120 sessions)",
         "title: Consent screen recordings (120 sessions)"),
        ("a metric name", data / "metrics.yml", "name: Store listing view to install rate",
         "name: Install rate from the store listing"),
    ]
    for what, file, old, new in shared:
        edit(file, old, new)
        preview.rebuild()
        assert_same_site(preview.site, clean_build(clean)), what
        kept, drawn = reported(preview, "step parts kept"), reported(preview, "drawn")
        assert kept > drawn > 0, (what, kept, drawn)
    edit(data / "handbook.yml", "goal: Coverage, benefit or programme eligibility",
         "goal: Coverage and benefit eligibility")
    preview.rebuild()
    assert_same_site(preview.site, clean_build(clean))
    assert reported(preview, "drawn") == 0, "a phase goal shows in no step part"
    # Rows of persona, phase and touchpoint pages show their step's phase name.
    edit(data / "handbook.yml", "name: Consideration\n", "name: Comparing options\n")
    preview.rebuild()
    assert_same_site(preview.site, clean_build(clean))
    kept, drawn = reported(preview, "step parts kept"), reported(preview, "drawn")
    assert kept > drawn > 0, ("a phase name", kept, drawn)
    in_maps = [
        ("a touchpoint defined in two maps", ["care-navigation-future", "care-navigation"],
         "name: Referral from primary care (e-referral or fax)",
         "name: Referral from primary care (e-referral)"),
        ("a focused map's title", ["caregiver-proxy-access"],
         "title: Caregiver proxy access (draft)", "title: Caregiver proxy set-up (draft)"),
    ]
    for what, names, old, new in in_maps:
        for name in names:
            edit(maps / f"{name}.yml", old, new)
        preview.rebuild()
        assert_same_site(preview.site, clean_build(clean)), what


def test_a_save_during_search_indexing_stops_it_and_the_next_index_is_right(setup):
    data, preview, clean = setup
    journey = data / "maps/payer-enrollment.yml"
    with plugin_instances(preview.instances):
        edit(journey, "action: Compares plans by premium", "action: Compares health plans")
        build(load_config(str(preview.config)), serve_url=SERVE_URL)
        # Pagefind is indexing that build now; the next save stops it
        edit(journey, "action: Compares health plans", "action: Compares dental plans")
        build(load_config(str(preview.config)), serve_url=SERVE_URL)
    preview.instances["journeys"].preview.wait_for_search_index()
    assert_same_site(preview.site, clean_build(clean))


def test_sections_of_pages_left_alone_by_one_edit_are_still_known_at_the_next(setup):
    data, preview, clean = setup
    kept = preview.instances["journeys"].preview.pages.sections.entries
    edit(data / "maps/payer-enrollment.yml", "action: Compares plans by premium",
         "action: Compares health plans by premium")
    preview.rebuild()  # the other journeys' pages are reused whole, not piece by piece
    edit(data / "touchpoints.yml", "name: Member portal", "name: Member web portal")
    preview.rebuild()
    converted = reported(preview, "sections converted")
    assert 0 < converted < len(kept) / 4
    assert_same_site(preview.site, clean_build(clean))


def test_renames_reuse_the_pages_converted_with_names_as_tokens(setup):
    """While serving, a persona, team or touchpoint rename converts the pages that show the
    name only where a name is more than text (a heading's id): with names as tokens their
    text is as before (`incremental/names.py`). The site is still exactly a clean build."""
    data, preview, clean = setup
    conversions = preview.instances["journeys"].preview.pages
    for file, old, new, renamed, most in [
            (data / "personas/plan-member-enrolling.yml", "name: Health plan member enrolling",
             "name: Member choosing a health plan", 3, 6),
            (data / "handbook.yml", "name: Care coordination\n", "name: Care navigation team\n",
             3, 6),
            # a hyphen, escaped in the Markdown (`first\\-week`), dropped: still only text
            (data / "touchpoints.yml", "name: Welcome and first-week email series",
             "name: Welcome emails in the first week", 1, 0)]:
        edit(file, old, new)
        preview.rebuild()
        converted = reported(preview, "sections converted")
        assert conversions.renamed >= renamed and converted <= most, summary(preview.logs)
        assert_same_site(preview.site, clean_build(clean))


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """A handbook of more journeys than the nav lists (`NAV_LIMIT`): their pages and boards
    are outside the nav."""
    tmp = tmp_path_factory.mktemp("wide")
    benchmark("bench_load").generate(tmp / "data", NAV_LIMIT + 1, 2)
    return tmp


def test_a_nav_title_change_swaps_the_new_nav_into_the_pages_outside_it(wide, tmp_path):
    """A persona rename changes a title in the nav. The pages outside the nav (journeys and
    boards past `NAV_LIMIT`) keep their shells with the new nav in place, drawn once per
    place (`theme_nav`); only pages in the nav are themed again."""
    data = tmp_path / "data"
    shutil.copytree(wide / "data", data)
    preview = Preview(write_config(tmp_path / "serve", data))
    try:
        preview.rebuild()
        edit(data / "personas/persona-0.yml", "name: Persona 0\n", "name: Renamed persona 0\n")
        preview.rebuild()
        themed = preview.instances["journeys"].preview.themed
        pages = reported(preview, "pages")
        assert themed.swapped >= 2 * NAV_LIMIT
        assert themed.swapped == reported(preview, "not re-themed")
        assert 0 < themed.navs_drawn < pages / 4, (themed.navs_drawn, pages)
        assert "Renamed persona 0" in (preview.site / f"journeys/journey-{NAV_LIMIT}/index.html"
                                       ).read_text(encoding="utf-8")
        assert_same_site(preview.site, clean_build(write_config(tmp_path / "clean", data)))
    finally:
        preview.close()


@pytest.mark.parametrize("feature", ["navigation.tabs", "navigation.path"])
def test_pages_that_draw_the_nav_elsewhere_are_themed_again_when_it_changes(wide, tmp_path,
                                                                             feature):
    """Tabs and breadcrumbs draw parts of the nav outside the nav partial: with either on, a
    nav change themes every page again, and the site still equals a clean build."""
    data = tmp_path / "data"
    shutil.copytree(wide / "data", data)
    configs = []
    for name in ("serve", "clean"):
        config = write_config(tmp_path / name, data)
        text = config.read_text(encoding="utf-8")
        assert "features: [navigation.instant," in text
        config.write_text(text.replace("features: [navigation.instant,",
                                       f"features: [{feature}, navigation.instant,"),
                          encoding="utf-8")
        configs.append(config)
    preview = Preview(configs[0])
    try:
        preview.rebuild()
        edit(data / "personas/persona-0.yml", "name: Persona 0\n", "name: Renamed persona 0\n")
        preview.rebuild()
        assert preview.instances["journeys"].preview.themed.swapped == 0
        assert reported(preview, "not re-themed") == 0, summary(preview.logs)
        assert_same_site(preview.site, clean_build(configs[1]))
    finally:
        preview.close()


def test_pages_at_one_nav_place_get_the_same_nav_links(wide):
    """The nav partial's output is shared by pages outside the nav at one place: every nav
    link, as MkDocs' `url` filter writes it, must be the same from each of them."""
    with plugin_instances({}):
        config = load_config(str(write_config(wide / "site", wide / "data")))
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(get_files(config), config=config)
    nav = get_navigation(files, config)
    place = theme_nav.NavPlace(nav, "assets/logo.png")
    links = [nav.homepage.url, "assets/logo.png", *theme_nav.nav_urls(nav.items)]
    links = [link for link in links if isinstance(link, str)]
    seen: dict = {}
    outside = 0
    for file in files.documentation_pages():
        where = place.of(file.page)
        if where is None:
            assert any(p is file.page for p in nav.pages)
            continue
        outside += 1
        written = [normalize_url(link, file.page) for link in links]
        assert seen.setdefault(where, written) == written, file.src_uri
    assert outside > 2 * NAV_LIMIT and len(seen) < 10


def test_nav_places_follow_how_mkdocs_writes_relative_links():
    """Links going up (`../x/`), to files, absolute and in-page ones, and pages in folders
    or as files: pages at one place get the same links."""
    links = ["../x/", "x/a/b.html", "https://example.org/x/", "#top", "", "y/"]
    nav = SimpleNamespace(pages=[], homepage=None,
                          items=[SimpleNamespace(url=link, children=None) for link in links])
    place = theme_nav.NavPlace(nav, None)
    folders = ["x/a/", "x/b/", "y/a/", "z/a/", "x/a/c/", "x/a/index.html", "x/c.html",
               "w/", "", "q/r/s/", "x/a/b/"]
    seen: dict = {}
    for url in folders:
        page = SimpleNamespace(url=url)
        written = [normalize_url(link, page) for link in links]
        assert seen.setdefault(place.of(page), written) == written, url
    assert place.of(SimpleNamespace(url="y/a/")) == place.of(SimpleNamespace(url="y/b/"))
    assert place.of(SimpleNamespace(url="x/a/")) != place.of(SimpleNamespace(url="x/b/"))


def test_the_nav_partials_are_known_only_as_material_9_writes_them(tmp_path):
    """A theme override that reads the page in its nav draws the nav for every page."""
    env = Theme(name="material").get_env()
    assert theme_nav.nav_reads_as_known(env), "Material's own nav partials"
    (tmp_path / "partials").mkdir()
    nav_item = env.loader.get_source(env, "partials/nav-item.html")[0]
    for changed in ("{{ page.title }}", "{{ page.url | url }}", "{{ base_url }}"):
        (tmp_path / "partials/nav-item.html").write_text(nav_item + changed, encoding="utf-8")
        override = Theme(name="material", custom_dir=str(tmp_path))
        assert not theme_nav.nav_reads_as_known(override.get_env()), changed


@pytest.mark.parametrize("template, known", [
    ("{% if nav %}<aside>{{ lang.t('nav') }}</aside>{% endif %}", True),
    ('<a href="{{ config.extra.homepage | d(nav.homepage.url, true) | url }}">', True),
    ('{% include "partials/nav-item.html" %}<nav class="md-nav">', True),
    ("{{ nav.items | length }} sections", False),
    ("{% for item in page.ancestors %}{{ item.title }}{% endfor %}", False),
    ("{{ page.parent.title }}", False),
    ("{% for p in pages %}{{ p.title }}{% endfor %}", False),
    ("{% set n = nav %}", False),
])
def test_the_nav_is_swapped_only_where_templates_read_it_as_material_9(tmp_path, template,
                                                                       known):
    """A kept shell gets a new nav only when no template outside the nav, tabs and
    breadcrumb partials reads the nav, other pages or the page's place in it."""
    material_dir = Path(material.__file__).parent / "templates"
    (tmp_path / "main.html").write_text(template, encoding="utf-8")
    found = internals.theme_templates([str(tmp_path), str(material_dir)])
    assert theme_nav.read_elsewhere_as_known(found) is known


def test_an_opportunity_aimed_at_another_journeys_step_renders_that_journey_again(setup):
    """A journey page lists the opportunities of other maps aimed at its steps."""
    data, preview, clean = setup
    other = data / "maps/employer-benefits-admin.yml"
    edit(other, "      - validate-eligibility-file\n",
         "      - validate-eligibility-file\n      - payer-enrollment/compare-plans\n")
    preview.rebuild()
    assert_same_site(preview.site, clean_build(clean))
    edit(other, "title: Row-level eligibility file validation with HRIS presets",
         "title: Eligibility file checks row by row")
    preview.rebuild()
    page = (preview.site / "journeys/payer-enrollment/index.html").read_text(encoding="utf-8")
    assert "Eligibility file checks row by row" in page
    assert_same_site(preview.site, clean_build(clean))


def test_a_guide_icon_in_front_matter_reaches_every_pages_navigation(setup):
    """Material draws a page's icon in the nav of every page, not only its own."""
    data, preview, clean = setup
    for config in (preview.config, clean):
        guide = config.parent / "docs/guides/editing.md"
        guide.write_text("---\nicon: material/pencil\n---\n" + guide.read_text("utf-8"),
                         encoding="utf-8")
    preview.rebuild()
    assert_same_site(preview.site, clean_build(clean))


def test_related_maps_render_again_when_the_map_they_show_changes(setup):
    """A future map's #compare shows its current map; a focused map names its parent's steps."""
    data, preview, clean = setup
    edit(data / "maps/care-navigation.yml",
         "action: Assigns a coordinator by language, condition and caseload",
         "action: Assigns a coordinator by language and caseload")
    edit(data / "maps/patient-symptom-checker.yml",
         "action: Tries to complete the consent screen on behalf of a parent",
         "action: Tries to fill in the consent screen for a parent")
    preview.rebuild()
    future = (preview.site / "journeys/care-navigation-future/index.html").read_text("utf-8")
    assert "Assigns a coordinator by language and caseload" in future
    focused = (preview.site / "journeys/caregiver-proxy-access/index.html").read_text("utf-8")
    assert "Tries to fill in the consent screen for a parent" in focused
    assert_same_site(preview.site, clean_build(clean))


@pytest.fixture(scope="module")
def forty_journeys(tmp_path_factory):
    """The pages of a 40-journey synthetic handbook: a persona's tables have 40 rows."""
    tmp = tmp_path_factory.mktemp("forty")
    benchmark("bench_load").generate(tmp / "data", 40, 12)
    with plugin_instances({}):
        config = load_config(str(write_config(tmp / "site", tmp / "data")))
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        files = config.plugins.on_files(get_files(config), config=config)
    return [(config, files, file) for file in files.documentation_pages()]


@pytest.mark.parametrize("page, step, most", [
    ("touchpoints/index.md", "Does thing 2 of journey 10", 2),
    # "How they feel" and "Barriers they hit" are tables of every step the persona takes
    ("personas/persona-0/index.md", "Does thing 2 of journey 10", 6)])
def test_a_cached_build_converts_only_the_changed_blocks_of_a_big_page(
        forty_journeys, tmp_path, page, step, most, monkeypatch):
    """With `cache_dir`, a build cuts big pages block by block like the preview, and big
    tables into groups of rows, and keeps each page's pieces on disk together: the next
    build (a new process) converts only the blocks and groups an edit changed, and the page
    still equals MkDocs' whole conversion."""
    monkeypatch.setattr(sections, "BUILD_GROUP_CHARS", 2_000)  # tables here are 10-13 KB
    config, files, file = next((c, f, p) for c, f, p in forty_journeys if p.src_uri == page)
    original = Page(None, file, config)
    original.read_source(config)
    first, converter = _cached_conversion(config, files, file, original.markdown, tmp_path)
    assert converter.fine and converter.converted > 20
    assert original.markdown.count(step) >= 1
    edited = original.markdown.replace(step, f"{step}, edited")
    converted: list[str] = []
    convert = sections._Converter.convert
    monkeypatch.setattr(sections._Converter, "convert", lambda self, page, text, *args:
                        converted.append(text) or convert(self, page, text, *args))
    second, converter = _cached_conversion(config, files, file, edited, tmp_path)
    assert converter.converted <= most, "only the blocks and groups of rows with the step"
    longest = max(len(block) for block in sections.cut(edited, fine=True))
    assert longest > 3 * sections.BUILD_GROUP_CHARS, "a table long enough to be grouped"
    assert max(map(len, converted)) < 3 * sections.BUILD_GROUP_CHARS
    whole = Page(None, file, config)
    whole.read_source(config)
    whole.markdown = edited
    whole.render(config, files)
    assert second.content == whole.content
    assert toc(second.toc) == toc(whole.toc)
    assert f"{step}, edited" in second.content


def _cached_conversion(config, files, file, markdown: str, cache: Path
                       ) -> tuple[Page, sections.Sections]:
    """One build's conversion of a page through a cache folder (opened anew, as by a new
    process)."""
    converter = sections.Sections(Entries("sections", None, keep=False),
                                  DiskStore(cache, 1 << 30))
    conversions = Conversions(None, converter)
    conversions.begin(config, files)
    page = Page(None, file, config)
    page.read_source(config)
    page.markdown = markdown
    assert not conversions.before(page, markdown)
    page.render(config, files)
    return page, converter
