"""Data text reaches pages only as text: the escaping every page module relies on."""

from __future__ import annotations

import itertools
import posixpath

import markdown
from journey_handbook.site import markup
from journey_handbook.site.markup import external, md


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables"])


def test_markup_and_links_in_data_are_shown_as_written():
    html = render(md("<b>bold</b> [x](javascript:alert(1)) *not italic* # not a heading"))
    assert "<b>" not in html and "<em>" not in html and "<a " not in html
    assert "&lt;b&gt;bold&lt;/b&gt; [x](javascript:alert(1)) *not italic* # not a heading" in html


def test_a_pipe_does_not_split_a_table_cell():
    html = render(f"| a | b |\n|---|---|\n| {md('x | y')} | z |")
    assert html.count("<td>") == 2


def test_bidi_controls_cannot_reorder_the_rest_of_the_page():
    assert md("abc\u202edef\u2066g") == "abcdefg"


def test_only_web_and_mail_links_become_links():
    assert external("javascript:alert(1)").startswith("<code>")
    assert external("https://example.org/a b").startswith('<a href="https://example.org/a%20b"')


def test_relative_links_are_what_posixpath_relpath_makes_of_the_same_paths():
    pages = ["index.md", "journeys/made-up/index.md", "journeys/made-up/board.md",
             "personas/pat/index.md", "a/b/c/d.md", "./odd.md", "a//b.md", "../up.md"]
    for source, target in itertools.product(pages, pages):
        expected = posixpath.relpath(target, posixpath.dirname(source) or ".")
        assert markup.rel(source, target) == expected, (source, target)
    assert markup.rel("journeys/x/index.md", "index.md", "steps") == "../../index.md#steps"
