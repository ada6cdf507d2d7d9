"""The index a build makes while it writes the pages answers as Pagefind's CLI index does.

A build feeds each page to Pagefind's service as it is written (incremental/search.py); the
reference is Pagefind's CLI run over a copy of the finished site. Both are asked the same
questions through Pagefind's own engine in Chromium: every result (page, score, the anchors
it points at) must be the same. Results of equal score may come in another order (each index
numbers pages in the order it read them; the CLI's is the file system's), so results are
compared in the order of score, then URL; scores are 32-bit floats summed in that order, so
they may differ in their last digit (1e-6 relative), no more.
"""

from __future__ import annotations

import shutil

import pytest
from journey_handbook.data.loader import load_handbook
from journey_handbook.site import search

from .harness import SAMPLE_DATA, LocalServer, SiteUnderTest

pytestmark = pytest.mark.browser

ASK = """async (queries) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const answers = {};
  for (const query of queries) {
    const found = await pagefind.search(query);
    answers[query] = await Promise.all(found.results.map(async (result) => {
      const data = await result.data();
      return [data.url, result.score,
              data.sub_results.map((sub) => sub.url)];
    }));
  }
  return answers;
}"""


def questions() -> list[str]:
    """Names a reader looks for (personas, touchpoints), steps' words, common words, a typo."""
    handbook = load_handbook(SAMPLE_DATA).handbook
    asked = [p.name for p in handbook.personas.values()]
    asked += [t.name for t in list(handbook.touchpoints.values())[:4]]
    for journey in handbook.journeys.values():
        asked.append(journey.steps[len(journey.steps) // 2].action)
    return asked + ["plan", "coverage claim", "enrolment", "zzqxv"]


@pytest.fixture(scope="module")
def cli_site(sample_site, chromium, tmp_path_factory):
    """A copy of the sample site with its index made by the CLI, served."""
    root = tmp_path_factory.mktemp("cli-index") / "site"
    shutil.copytree(sample_site.root, root, ignore=shutil.ignore_patterns(search.PAGEFIND_DIR))
    search.run_pagefind(root)
    server = LocalServer()
    server.serve(root)
    site = SiteUnderTest("cli-index", root, server, chromium)
    yield site
    site.close()
    server.stop()


def answers(site, queries: list[str]) -> dict[str, list]:
    with site.visit("/") as visit:
        got = visit.page.evaluate(ASK, queries)
    return {q: sorted(results, key=lambda r: (-round(r[1], 3), r[0])) for q, results in got.items()}


def same(built: list, cli: list) -> bool:
    return [(url, subs) for url, _, subs in built] == [(url, subs) for url, _, subs in cli] \
        and [score for _, score, _ in built] == pytest.approx([s for _, s, _ in cli], rel=1e-6)


def test_the_index_made_while_building_answers_as_the_cli_index(sample_site, cli_site):
    queries = questions()
    built, cli = answers(sample_site, queries), answers(cli_site, queries)
    assert sum(len(results) for results in cli.values()) > len(queries), "too few results"
    assert built["zzqxv"] == []
    different = [q for q in queries if not same(built[q], cli[q])]
    assert not different, f"different answers to {different}: " + \
        "; ".join(f"{built[q][:3]} vs {cli[q][:3]}" for q in different[:2])
