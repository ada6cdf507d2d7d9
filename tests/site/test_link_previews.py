"""Link previews: every page type carries og: and twitter: tags from the data, early in <head>
(chat crawlers read the first 32 KB and run no scripts)."""

from __future__ import annotations

import html
import re

import pytest
from helpers import SAMPLE, build_site

SITE = "https://handbook.example"
CRAWLER_BYTES = 32 * 1024

# One page of each type the handbook generates, plus a hand-written guide.
PAGE_TYPES = ["/", "/journeys/", "/journeys/payer-enrollment/", "/journeys/payer-enrollment/board/",
              "/audiences/patient/", "/moments/", "/personas/", "/personas/clinic-it-manager/",
              "/phases/", "/phases/consent/", "/metrics/", "/metrics/intake-completion-rate/",
              "/backlog/", "/touchpoints/", "/evidence/", "/reviews/", "/changes/",
              "/guides/sharing/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    guide = "# Sharing links\n\nPaste any page link into chat: it unfurls with a summary.\n"
    return build_site(tmp_path_factory.mktemp("previews"), SAMPLE,
                      guides={"guides/sharing.md": guide})


def tags(page_html: str) -> dict[str, str]:
    """og:/twitter: tags found in the first 32 KB, as a crawler sees them."""
    head = page_html.encode("utf-8")[:CRAWLER_BYTES].decode("utf-8", "ignore")
    return {name: html.unescape(value) for name, value in re.findall(
        r'<meta (?:property|name)="((?:og|twitter):[a-z_]+)" content="([^"]*)">', head)}


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_every_page_type_has_link_preview_tags_within_32_kb(site, url):
    found = tags(site.page(url))
    assert set(found) == {"og:type", "og:title", "og:description", "og:url", "og:site_name",
                          "twitter:card"}, url
    assert found["og:url"] == SITE + url
    assert found["og:site_name"] == "Test handbook"
    assert found["og:type"] == ("website" if url == "/" else "article")
    assert found["twitter:card"] == "summary"
    assert found["og:title"] and 0 < len(found["og:description"]) <= 200


def test_a_journey_preview_has_its_summary_owner_and_review_status(site):
    found = tags(site.page("/journeys/payer-enrollment/"))
    assert found["og:title"] == "Health plan member enrolment"
    description = found["og:description"]
    # reviewed 2025-06-01, every 365 days, judged on 2026-11-01: overdue
    assert description.endswith("Owner: Member services. Review: stale, 153 days overdue.")
    assert len(description) <= 200 and description.split()[0] != "Owner:"


def test_a_persona_preview_has_its_role(site):
    found = tags(site.page("/personas/clinic-it-manager/"))
    assert found["og:description"].startswith("IT manager who approves new vendors on "
                                              "security grounds")
    assert "Decision role: gatekeeper." in found["og:description"]


def test_a_metric_preview_has_its_latest_value_against_target(site):
    found = tags(site.page("/metrics/intake-completion-rate/"))
    assert found["og:description"].startswith(
        "Latest 73.9% on 2026-11-29 against a target of ")
    assert "higher is better" in found["og:description"]


def test_a_guide_preview_uses_its_first_paragraph(site):
    found = tags(site.page("/guides/sharing/"))
    assert found["og:title"] == "Sharing links"
    assert found["og:description"] == "Paste any page link into chat: it unfurls with a summary."


def test_data_text_in_previews_is_escaped(tmp_path):
    from journey_handbook.site.previews import head_tags, insert_in_head

    block = head_tags(title='A "quoted" <b>title</b>', description="x & y", url="/a/",
                      site_name="S", kind="article")
    assert 'content="A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt;"' in block
    page = insert_in_head('<html><head><meta charset="utf-8"><title>t</title>', block)
    assert page.index("og:title") > page.index("charset")
