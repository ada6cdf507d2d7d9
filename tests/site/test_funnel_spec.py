"""The spec-only funnel fixture (tests/fixtures/spec-funnels, figures worked out by hand in its
README.md) on the journey page, the board, /funnels/ and in the three formats of
`journeys funnel`. One strict site build for the whole module."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from helpers import FIXTURES, build_site, invoke

DATA = FIXTURES / "spec-funnels"
ENROL_STAGES = [  # step, value, conversion, share of first, conversion before (2026-02-28)
    ("find-service", "2,500", None, "100%", None),
    ("create-account", "1,000", "40%", "40%", "40% on 2026-02-28 (±0 pts)"),
    ("give-consent", "600", "60%", "24%", "70% on 2026-02-28 (−10 pts)"),
    ("first-call", "510", "85%", "20.4%", "87.5% on 2026-02-28 (−2.5 pts)"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("funnels"), DATA, today="2026-04-15")


def text_of(html: str) -> str:
    """What a reader sees: tags become spaces, and no space is left before punctuation."""
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([:;,.)])", r"\1", text)


def funnel_section(html: str) -> str:
    start = html.index('id="funnel"')
    return html[start:html.index("<h2", start + 10)]


def stages(section: str) -> list[str]:
    """The default segment's stage rows, in page order."""
    first = section.split("<details", 1)[0]
    return re.findall(r'<li class="jh-funnel__stage[^"]*">(.*?)</li>(?=<li class="jh-funnel__'
                      r'stage|</ol>)', first, re.S)


def test_journey_page_shows_the_hand_worked_funnel(site):
    section = funnel_section(site.page("/journeys/enrol/"))
    summary = text_of(section.split("<ol", 1)[0])
    assert "On 2026-03-31 (all rows without a segment): 510 of 2,500 people" in summary
    assert "20.4% end to end (−4.1 pts since 2026-02-28)" in summary
    assert "biggest drop is at “Creates an account”: only 40% of the stage before" in summary
    rows = stages(section)
    assert [re.search(r'#([a-z-]+)"', r).group(1) for r in rows] == [s[0] for s in ENROL_STAGES]
    for row, (_, value, conversion, share, before) in zip(rows, ENROL_STAGES, strict=True):
        text = text_of(row)
        assert f"{value} " in text
        if conversion:
            assert f"{conversion} of the previous stage · {share} of the first" in text
            assert f"before: {before}" in text
    drop = [r for r in rows if "biggest drop" in text_of(r)]
    assert len(drop) == 1 and "#create-account" in drop[0]
    assert "60% of the 2,500 people at the stage before did not get this far" in text_of(drop[0])
    # failures sit under their step, with the opportunities whose outcome they are
    assert "Sign-up form errors: 150 · targeted by Fix the sign-up form" in text_of(rows[1])
    assert "Consent declined: 320 · targeted by Shorter consent text" in text_of(rows[2])
    # bar widths are the shares of the first stage
    assert re.findall(r"width:([\d.]+)%", section.split("<details", 1)[0]) == \
        ["100.0", "40.0", "24.0", "20.4"]


def test_journey_page_offers_the_shared_segment_and_explains_a_missing_funnel(site):
    section = funnel_section(site.page("/journeys/enrol/"))
    (web,) = re.findall(r"<details.*?</details>", section, re.S)
    text = text_of(web)
    assert "segment “web”" in text and "324 of 1,500 people" in text
    # the other segment is a table of the same figures (hand-worked in the README)
    assert "Stage People Of the previous stage Of the first Of the previous stage on " \
           "2026-02-28" in text
    rows = [text_of(r) for r in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", web, re.S)]
    assert rows == ["1. Finds the care call service 1,500 – 100% –",
                    "2. Creates an account (biggest drop) 450 30% 30% 35% (−5 pts)",
                    "3. Gives consent to care calls 360 80% 24% 80% (±0 pts)",
                    "5. Has a first care call 324 90% 21.6% 87.5% (+2.5 pts)"]
    assert "jh-funnel__bar" not in web
    assert "segment “app”" not in section  # only visits and signups have it
    renew = text_of(funnel_section(site.page("/journeys/renew/")))
    assert "On 2026-03-31 (segment “web”)" in renew
    assert "75% of the previous stage" in renew and "(+5 pts)" in renew
    outreach = text_of(funnel_section(site.page("/journeys/outreach/")))
    assert "No funnel to show: 'letters' has no observations yet, so the stages have no " \
           "date in common." in outreach


def test_board_has_a_funnel_lane_with_one_bar_per_stage_under_its_step(site):
    html = site.page("/journeys/enrol/board/")
    screen = html.split('class="jh-board-print"', 1)[0]
    cells = re.findall(r'data-lane="funnel" style="grid-row:\d+;grid-column:(\d+)">(.*?)</div>'
                       r"</div>", screen, re.S)
    assert [int(col) for col, _ in cells] == [2, 3, 4, 6]  # step 4 has no stage
    texts = [text_of(c) for _, c in cells]
    assert texts == ["2,500 · first stage", "1,000 · 40% of previous (±0 pts) biggest drop",
                     "600 · 60% of previous (−10 pts)", "510 · 85% of previous (−2.5 pts)"]
    assert "Funnel 2026-03-31" in text_of(screen)


def test_funnels_page_lists_worst_drop_first_with_an_anchor_each(site):
    html = site.page("/funnels/")
    ids = site.ids("/funnels/")
    assert {"enrol", "renew", "outreach"} <= ids
    table = html[html.index("<table"):html.index("</table>")]
    rows = re.findall(r'<tr id="([a-z-]+)">(.*?)</tr>', table, re.S)
    assert [(anchor, text_of(row)) for anchor, row in rows] == [
        ("enrol", "Enrol in care calls 20.4% on 2026-03-31 Creates an account: 40% of the "
                  "stage before −4.1 pts since 2026-02-28"),
        ("renew", "Renew the plan 75% on 2026-03-31 (segment “web”) Renews the plan: 75% of "
                  "the stage before +5 pts since 2026-02-28"),
    ]
    # each journey's name opens its funnel, where the bars are; they are not repeated here
    assert re.search(r'<th scope="row"><a href="../journeys/enrol/#funnel">Enrol in care '
                     r"calls</a></th>", rows[0][1])
    assert 'href="../journeys/renew/#funnel"' in rows[1][1]
    assert "jh-funnel__bar" not in html and "jh-funnel__stage" not in html
    assert html.index('id="enrol"') < html.index('id="renew"') < html.index('id="outreach"')
    assert "Outreach by letter" in text_of(html.split('id="without_funnel"', 1)[1])
    # the journey page links back to its own row
    assert 'href="../../funnels/#enrol"' in funnel_section(site.page("/journeys/enrol/"))


def test_cli_text_json_and_markdown_give_the_same_figures():
    code, out, _ = invoke(["funnel", "enrol", "--data-dir", DATA])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Enrol in care calls (enrol): funnel on 2026-03-31, all rows without " \
                       "a segment"
    assert re.search(r"2 +create-account +signups +1,000 +40% +40% +40% \(±0 pts\) +"
                     r"<- biggest drop", out)
    assert re.search(r"4 +first-call +first-calls +510 +85% +20.4% +87.5% \(−2.5 pts\)", out)
    assert "end to end: 20.4% (−4.1 pts since 2026-02-28)" in lines
    assert "  give-consent: consent-declines 320 (outcome of shorter-consent)" in lines

    code, out, _ = invoke(["funnel", "enrol", "--format", "json", "--data-dir", DATA])
    data = json.loads(out)
    assert (data["date"], data["previous_date"], data["end_to_end_pct"],
            data["end_to_end_change_pts"]) == ("2026-03-31", "2026-02-28", 20.4, -4.1)
    assert [(s["step"], s["value"], s["conversion_pct"], s["share_of_first_pct"],
             s["previous_conversion_pct"], s["change_pts"]) for s in data["stages"]] == [
        ("find-service", 2500, None, 100.0, None, None),
        ("create-account", 1000, 40.0, 40.0, 40.0, 0.0),
        ("give-consent", 600, 60.0, 24.0, 70.0, -10.0),
        ("first-call", 510, 85.0, 20.4, 87.5, -2.5)]
    assert data["biggest_drop"] == {"step": "create-account", "metric": "signups",
                                    "conversion_pct": 40.0}
    assert [(f["metric"], f["value"], f["opportunities"]) for f in data["failures"]] == [
        ("signup-errors", 150, ["fix-signup-form"]), ("consent-declines", 320,
                                                      ["shorter-consent"])]
    assert data["segments"] == [None, "web"]

    code, out, _ = invoke(["funnel", "enrol", "--format", "markdown", "--data-dir", DATA])
    assert "| 2 | Creates an account `create-account` | Accounts created `signups` | 1,000 | " \
           "**40%** (biggest drop) | 40% | 40% (±0 pts) |" in out
    assert "**End to end:** 20.4% (−4.1 pts since 2026-02-28) · **Biggest drop:** Creates an " \
           "account, 40%" in out


def test_cli_segment_and_date_choose_another_funnel():
    code, out, _ = invoke(["funnel", "renew", "--format", "json", "--data-dir", DATA])
    data = json.loads(out)
    assert (data["segment"], data["stages"][1]["conversion_pct"],
            data["stages"][1]["change_pts"]) == ("web", 75.0, 5.0)
    code, out, _ = invoke(["funnel", "enrol", "--segment", "web", "--date", "2026-02-28",
                           "--format", "json", "--data-dir", DATA])
    data = json.loads(out)
    assert [s["conversion_pct"] for s in data["stages"]] == [None, 35.0, 80.0, 87.5]
    assert data["previous_date"] == "2026-01-31"


@pytest.mark.parametrize(("args", "names"), [
    (["funnel", "enrl"], "known journeys: enrol, outreach, renew"),
    (["funnel", "enrol", "--segment", "app"], "(default: rows without a segment), web"),
    (["funnel", "enrol", "--date", "2026-04-30"], "2026-01-31, 2026-02-28, 2026-03-31"),
])
def test_cli_unknown_journey_segment_or_date_exits_2_naming_the_known_ones(args, names):
    code, out, err = invoke([*args, "--data-dir", DATA])
    assert code == 2 and out == ""
    assert err.startswith("error: ") and names in err


def test_data_dir_is_the_fixture_written_from_the_spec():
    # the README holds the hand-worked figures the assertions above repeat
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "Biggest drop: **create-account (signups), 40%**" in readme
    assert Path(DATA / "maps" / "renew.yml").read_text().count("segment: web") == 1
