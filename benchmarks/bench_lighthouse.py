"""Lighthouse on a phone: performance, LCP and accessibility of each page type.

Runs Lighthouse 12.2.3 (from the npm registry; 13.x needs Node 22) with its mobile defaults
(simulated slow 4G, 4x slower CPU, a 412 px wide screen) against Debian's Chromium, on the
home, journey, board, backlog, metric and phase pages of two handbooks built with the
repository's mkdocs.yml:

- the sample (`journeys/`);
- a synthetic handbook of N twelve-step journeys (bench_load.generate, default 300) with
  metrics and measurements (bench_measures.add_measures).

Each site is served from 127.0.0.1 with gzip, like a static host, and each page is measured
--runs times (default 3); the table shows medians. Targets: performance >= 90, LCP <= 2.5 s,
accessibility 100, on every page. The longest main-thread task (Lighthouse's "long-tasks"
audit, in simulated mobile CPU time) and the layout shift are printed beside them.

Lighthouse's simulated throttling scales the CPU time it observes: on a machine shared with
other work, performance scores come out lower than on an idle one. Say so with the figures.

    python3 benchmarks/bench_lighthouse.py                    # sample + 300 journeys
    python3 benchmarks/bench_lighthouse.py --only sample --pages journey board
    python3 benchmarks/bench_lighthouse.py --keep /tmp/lh-sites   # reuse builds next time
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from bench_load import PHASES, generate  # noqa: E402
from bench_measures import add_measures  # noqa: E402

LIGHTHOUSE = "12.2.3"
CHROMIUM = "/usr/bin/chromium"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "journey-handbook"
TARGETS = {"performance": 90, "lcp": 2.5, "accessibility": 100}
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt")

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


# -- Lighthouse from the npm registry ------------------------------------------------------

def lighthouse_cli(folder: Path) -> Path:
    """The Lighthouse CLI, installed once into `folder` with npm (exact version)."""
    cli = folder / "node_modules/lighthouse/cli/index.js"
    if not cli.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"installing lighthouse@{LIGHTHOUSE} into {folder} (npm)", file=sys.stderr)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "-E",
                        "--prefix", str(folder), f"lighthouse@{LIGHTHOUSE}"], check=True)
    return cli


# -- building and serving --------------------------------------------------------------------

def build(data: Path, site: Path, url: str) -> None:
    subprocess.run([sys.executable, "-c", _BUILD, str(ROOT), str(data), str(site), url],
                   check=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
                   stdout=subprocess.DEVNULL)


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text types gzipped (level 6, as most hosts do) when the client asks."""

    cache: dict[Path, bytes] = {}

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


GzipHandler.extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                              ".mjs": "text/javascript", ".js": "text/javascript"}


@contextlib.contextmanager
def serving(root: Path, port: int):
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(GzipHandler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# -- measuring ---------------------------------------------------------------------------

def audit(cli: Path, url: str, out: Path) -> dict:
    out.unlink(missing_ok=True)
    # Lighthouse exits non-zero on a runtime error but still writes its report: read it.
    subprocess.run(
        ["node", str(cli), url, f"--chrome-path={CHROMIUM}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
         "--only-categories=performance,accessibility", "--output=json",
         f"--output-path={out}", "--quiet"], check=False, timeout=600)
    if not out.is_file():
        raise RuntimeError(f"Lighthouse wrote no report for {url}")
    report = json.loads(out.read_text(encoding="utf-8"))
    audits, categories = report["audits"], report["categories"]
    tasks = (audits.get("long-tasks", {}).get("details") or {}).get("items", [])
    failed = sorted(a["id"] for a in (audits[ref["id"]] for ref in
                                      categories["accessibility"]["auditRefs"])
                    if a.get("score") == 0)
    # A page too slow for Lighthouse (a timeout, no first paint in time) gets no score: it
    # counts as 0 and the error code is shown, rather than stopping the whole table.
    error = (report.get("runtimeError") or {}).get("code")
    if error:
        failed.append(f"runtime error {error}")
    elif categories["performance"].get("score") is None:
        failed.append("no performance score: "
                      + (audits["first-contentful-paint"].get("errorMessage") or "")[:60])

    def value(audit: str, scale: float = 1, missing: float = float("inf")) -> float:
        number = audits.get(audit, {}).get("numericValue")
        return missing if number is None else number / scale

    def score(category: str) -> int:
        number = categories[category].get("score")
        return 0 if number is None else round(100 * number)

    return {
        "performance": score("performance"),
        "lcp": value("largest-contentful-paint", 1000),
        "tbt": value("total-blocking-time"),
        "cls": value("cumulative-layout-shift"),
        "longest": max((t["duration"] for t in tasks), default=0),
        "kib": value("total-byte-weight", 1024, 0),
        "accessibility": score("accessibility"),
        "failed": failed,
    }


def median_of(runs: list[dict]) -> dict:
    keys = ("performance", "lcp", "tbt", "cls", "longest", "kib", "accessibility")
    out = {k: statistics.median(r[k] for r in runs) for k in keys}
    out["failed"] = sorted({f for r in runs for f in r["failed"]})
    return out


def page_paths(name: str) -> dict[str, str]:
    if name == "sample":
        return {"home": "/", "journey": "/journeys/care-navigation/",
                "board": "/journeys/care-navigation/board/", "backlog": "/backlog/",
                "metric": "/metrics/app-install-rate/", "phase": "/phases/consent/"}
    return {"home": "/", "journey": "/journeys/journey-1/",
            "board": "/journeys/journey-1/board/", "backlog": "/backlog/",
            "metric": "/metrics/metric-1/", "phase": f"/phases/{PHASES[2]}/"}


def passes(m: dict) -> bool:
    return (m["performance"] >= TARGETS["performance"] and m["lcp"] <= TARGETS["lcp"]
            and m["accessibility"] >= TARGETS["accessibility"])


def row(site: str, page: str, m: dict) -> str:
    failed = ", ".join(m["failed"]) or ""
    return (f"| {site} | {page} | {m['performance']:.0f} | {m['lcp']:.1f} s | {m['tbt']:.0f} ms"
            f" | {m['longest']:.0f} ms | {m['cls']:.3f} | {m['kib']:,.0f} KiB"
            f" | {m['accessibility']:.0f} | {'yes' if passes(m) else 'NO'} | {failed} |")


HEADER = ("| site | page | performance | LCP | TBT | longest task | CLS | transferred"
          " | accessibility | meets targets | failing a11y audits |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")


def prepare(name: str, base: Path, journeys: int, port: int) -> Path:
    site = base / name / "site"
    if (site / "index.html").is_file():
        return site
    if name == "sample":
        data = ROOT / "journeys"
    else:
        data = base / name / "data"
        generate(data, journeys, 12)
        add_measures(data, journeys, 60)
    print(f"building {name}", file=sys.stderr)
    build(data, site, f"http://127.0.0.1:{port}/")
    return site


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--journeys", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=["sample", "synthetic"], nargs="*")
    ap.add_argument("--pages", nargs="*", help="page types (default: all six)")
    ap.add_argument("--keep", type=Path, help="build into (and reuse) this folder")
    ap.add_argument("--lighthouse", type=Path, default=CACHE / f"lighthouse-{LIGHTHOUSE}",
                    help="where Lighthouse is installed (npm)")
    ap.add_argument("--port", type=int, default=8791, help="the sites' port (part of site_url)")
    args = ap.parse_args()
    cli = lighthouse_cli(args.lighthouse)
    names = args.only or ["sample", "synthetic"]
    rows, ok = [], True
    with contextlib.ExitStack() as stack:
        base = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        for name in names:
            label = "sample" if name == "sample" else f"{args.journeys} journeys"
            site = prepare(name if name == "sample" else f"synthetic-{args.journeys}", base,
                           args.journeys, args.port)
            with serving(site, args.port) as origin:
                for page, path in page_paths(name).items():
                    if args.pages and page not in args.pages:
                        continue
                    runs = [audit(cli, origin + path, base / "report.json")
                            for _ in range(args.runs)]
                    m = median_of(runs)
                    ok &= passes(m)
                    rows.append(row(label, page, m))
                    print(rows[-1], file=sys.stderr, flush=True)
    print(f"Lighthouse {LIGHTHOUSE}, mobile defaults, median of {args.runs}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print(HEADER)
    print("\n".join(rows))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
