"""What a reader's browser loads, and how fast search answers, as the handbook grows.

Builds generated handbooks of N twelve-step journeys (bench_load.generate) with the
repository's mkdocs.yml (Material, instant navigation, search, the journeys plugin, mermaid2),
serves each on 127.0.0.1 and opens it in Chromium (Playwright, /usr/bin/chromium), a fresh
browser context (cold cache) per measurement:

- per page type (home, journey, persona, phase, backlog): bytes transferred on a cold load,
  the page's own HTML apart from everything else (uncompressed: the local server sends files
  as they are), and whether Mermaid was loaded. Target at 1,000 journeys: a page without a
  diagram loads at most 500 KB besides its own HTML.
- search: seconds from the last key typed to the first results for that query, and bytes
  transferred for it (engine and index included), typing at once after clicking the box
  ("cold": the engine has not loaded yet) and at 100 ms a key (a fast typist). Target: 0.5 s.
- relevance: a step's words must list the step's anchor among the first three results, a
  persona's name must list the persona page first.

    python3 benchmarks/bench_readers.py               # 100 and 1,000 journeys
    python3 benchmarks/bench_readers.py -n 100 --keep /tmp/bench-sites   # reuse builds
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "support")]
sys.path.insert(0, str(Path(__file__).parent))

from bench_load import PERSONAS, PHASES, generate  # noqa: E402
from browser.harness import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    LocalServer,
    expected_diagrams,
    wait_for_diagrams,
)

MERMAID = "/assets/vendor/mermaid/"  # the ES module core and its chunks
BUDGET = 500 * 1024  # bytes besides its own HTML, for a page without a diagram
SEARCH_TARGET = 0.5  # seconds from the last key to the first results
SEARCH_BYTES = 1.5 * 1024 * 1024

# Runs in a separate process: a 1,000-journey build holds a lot of memory.
_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
repo, data, site, url = sys.argv[1:5]
cfg = load_config(repo + "/mkdocs.yml", site_dir=site, site_url=url)
cfg.plugins["journeys"].config["data_dir"] = data
cfg.plugins.on_startup(command="build", dirty=False)
try:
    build(cfg)
finally:
    cfg.plugins.on_shutdown()
"""


def build(data: Path, site: Path, url: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _BUILD, str(ROOT), str(data), str(site), url],
                   check=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def page_types() -> dict[str, str]:
    return {"home": "/", "journey": "/journeys/journey-1/", "persona": "/personas/persona-1/",
            "phase": f"/phases/{PHASES[0]}/", "backlog": "/backlog/"}


class Browser:
    def __init__(self, server: LocalServer, root: Path) -> None:
        from playwright.sync_api import sync_playwright

        self.server, self.root = server, root
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=str(CHROMIUM),
                                                args=CHROMIUM_ARGS)
        self.outside: list[str] = []

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()

    def context(self, log: dict[str, int]):
        """A cold context recording the body size of every response (workers included)."""
        context = self.browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(120_000)  # a 3 MB backlog page on a busy machine

        def guard(route) -> None:
            if route.request.url.startswith(self.server.origin + "/"):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort("blockedbyclient")

        def finished(request) -> None:
            with contextlib.suppress(Exception):  # a request the page dropped
                log[request.url] = log.get(request.url, 0) + request.sizes()["responseBodySize"]

        context.route("**/*", guard)
        context.on("requestfinished", finished)
        return context

    def cold_load(self, path: str) -> dict:
        log: dict[str, int] = {}
        context = self.context(log)
        try:
            page = context.new_page()
            page.goto(self.server.origin + path, wait_until="load")
            wait_for_diagrams(page, expected_diagrams(self.root, path))
            page.wait_for_load_state("networkidle")
        finally:
            context.close()
        own = log.pop(self.server.origin + path, 0)
        return {"html": own, "other": sum(log.values()), "requests": len(log) + 1,
                "mermaid": any(MERMAID in u for u in log),
                "largest": sorted(log.items(), key=lambda kv: -kv[1])[:3]}

    def search(self, query: str, delay_ms: int | None) -> dict:
        """Open the home page cold, click the search box, type `query`; time and bytes."""
        log: dict[str, int] = {}
        context = self.context(log)
        try:
            page = context.new_page()
            page.goto(self.server.origin + "/", wait_until="load")
            page.wait_for_load_state("networkidle")
            loaded = set(log)
            page.evaluate(_WATCH, query)
            box = page.locator("input.md-search__input")
            box.click()
            if delay_ms is None:  # all at once: one query, with the engine still cold
                box.fill(query)
                box.press("End")
            else:
                box.press_sequentially(query, delay=delay_ms)
            seconds = page.evaluate("""() => Promise.race([
                window.__done.then(t => (t - window.__lastKey) / 1000),
                new Promise(resolve => setTimeout(() => resolve(null), 20000))])""")
            hits = page.locator("a.md-search-result__link").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))")
            meta = page.locator(".md-search-result__meta").inner_text()
        finally:
            context.close()
        spent = sum(size for url, size in log.items() if url not in loaded)
        if seconds is None:
            print(f"  no results for {query!r} within 20 s (shown: {meta!r})", flush=True)
            seconds = float("nan")
        return {"seconds": seconds, "bytes": spent, "hits": hits, "meta": meta}


# Resolves window.__done with the time the results of `query` appear (each result link
# carries the query's terms in ?h=...) or Material says none matched; window.__lastKey is
# the time of the last key released in the search box.
_WATCH = """(query) => {
  // Material puts the query's words in ?h= of each result link (in its own order).
  const words = (text) => text.normalize("NFD").replace(/\\p{M}/gu, "").toLowerCase()
    .split(/[^\\p{L}\\p{N}_]+/u)
    .filter((w, i, all) => w && all.indexOf(w) === i).sort().join(" ");
  const want = words(query);
  window.__lastKey = performance.now();
  document.addEventListener("keyup", () => { window.__lastKey = performance.now(); }, true);
  const list = document.querySelector(".md-search-result");
  const ready = () => {
    const first = list.querySelector("a.md-search-result__link");
    if (first) return words(new URL(first.href).searchParams.get("h") || "") === want;
    const input = document.querySelector("input.md-search__input");
    return input.value === query && /no matching/i.test(list.textContent);
  };
  window.__done = new Promise((resolve) => {
    new MutationObserver((_, observer) => {
      if (ready()) { observer.disconnect(); resolve(performance.now()); }
    }).observe(list, {childList: true, subtree: true, characterData: true});
  });
}"""


def relevance(hits: list[str], want_path: str, want_anchor: str | None, within: int) -> bool:
    for href in hits[:within]:
        parts = urlsplit(href)
        if parts.path.rstrip("/").endswith(want_path.rstrip("/")) and \
                (want_anchor is None and not parts.fragment or parts.fragment == want_anchor):
            return True
    return False


def measure(name: str, root: Path, server: LocalServer, journeys: int) -> dict:
    browser = Browser(server, root)
    try:
        pages = {kind: {"url": url, **browser.cold_load(url)}
                 for kind, url in page_types().items()}
        j = journeys // 2
        persona = PERSONAS[7 % len(PERSONAS)]
        queries = {
            "step words": (f"Does thing 5 of journey {j}", f"/journeys/journey-{j}/", "step-5", 3),
            "persona name": (f"Persona {7 % len(PERSONAS)}", f"/personas/{persona}/", None, 1),
            "eligibility": ("eligibility", None, None, 0),
            "touchpoint": ("Touchpoint touchpoint-3", "/touchpoints/", "touchpoint-3", 3),
        }
        searches = {}
        for label, (query, path, anchor, within) in queries.items():
            cold = browser.search(query, None)
            typed = browser.search(query, 100)
            found = relevance(cold["hits"], path, anchor, within) if path else None
            searches[label] = {"query": query, "cold": cold, "typed": typed, "relevant": found,
                               "top": cold["hits"][:3]}
        return {"name": name, "pages": pages, "searches": searches,
                "outside": sorted(set(browser.outside))}
    finally:
        browser.close()


def report(result: dict, build_seconds: float, pagefind: int) -> None:
    kb = 1024
    print(f"\n## {result['name']} (build {build_seconds:.0f} s, Pagefind index "
          f"{pagefind / kb / kb:.1f} MB on disk)\n")
    print("| page type | URL | own HTML KB | everything else KB | requests | Mermaid | "
          "within 500 KB |")
    print("|---|---|---:|---:|---:|---|---|")
    for kind, p in result["pages"].items():
        ok = "n/a (diagram)" if p["mermaid"] else ("yes" if p["other"] <= BUDGET else "NO")
        print(f"| {kind} | `{p['url']}` | {p['html'] / kb:,.1f} | {p['other'] / kb:,.1f} | "
              f"{p['requests']} | {'loaded' if p['mermaid'] else 'not loaded'} | {ok} |")
    print("\n| search | query | first results after the last key: cold engine / typed "
          "at 100 ms a key | KB for that query (cold) | relevant | answer |")
    print("|---|---|---|---:|---|---|")
    for label, s in result["searches"].items():
        relevant = {True: "yes", False: "NO", None: "-"}[s["relevant"]]
        print(f"| {label} | `{s['query']}` | {s['cold']['seconds']:.3f} s / "
              f"{s['typed']['seconds']:.3f} s | {s['cold']['bytes'] / kb:,.1f} | {relevant} | "
              f"{s['cold']['meta']} |")
    bad = [s for s in result["searches"].values() if s["relevant"] is False]
    for s in bad:
        print(f"\n{s['query']!r}: first results {s['top']}")
    print(f"\nrequests to other origins: {result['outside'] or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, action="append", help="journeys (repeatable)")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--keep", type=Path, help="build here and reuse existing builds")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    sizes = args.n or [100, 1000]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-readers-") as tmp:
        work = args.keep or Path(tmp)
        for n in sizes:
            data, site = work / f"data-{n}", work / f"site-{n}"
            server = LocalServer()  # the port is fixed before the build: site_url uses it
            try:
                seconds = 0.0
                if not (data / "handbook.yml").is_file():
                    generate(data, n, args.steps)
                if not (site / "pagefind").is_dir():
                    seconds = build(data, site, server.origin + "/")
                server.serve(site)
                pagefind = sum(f.stat().st_size for f in (site / "pagefind").rglob("*")
                               if f.is_file())
                result = measure(f"{n:,} journeys x {args.steps} steps", site, server, n)
            finally:
                server.stop()
            report(result, seconds, pagefind)
            results.append(result)
            sys.stdout.flush()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
