"""Build, serve and inspect handbook sites for the browser tests.

Sites are built from the repository's own mkdocs.yml (palette toggle, template overrides,
instant navigation, the pinned local Mermaid), re-pointed only at a data folder, a site folder
and the local URL they are served from, so the browser sees what readers get.

Material draws each diagram inside a *closed* shadow root: `el.shadowRoot` is null and
Playwright locators cannot enter it. The DevTools protocol can (`DOM.getDocument` with
`pierce`), so diagram checks go through a CDP session.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
CHROMIUM = Path("/usr/bin/chromium")
MERMAID_MODULE = DOCS / "assets/vendor/mermaid/mermaid.esm.min.mjs"  # what pages load
MERMAID_CHUNKS = DOCS / "assets/vendor/mermaid/chunks/mermaid.esm.min"
AXE_JS = DOCS / "assets/vendor/axe-core/axe.min.js"
SAMPLE_DATA = REPO / "journeys"
HOSTILE_DATA = REPO / "tests/fixtures/hostile"
SETUP_HINT = "run scripts/setup --browser"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
RENDER_TIMEOUT_MS = 20_000
MERMAID_ERRORS = ("Syntax error", "Parse error", "Lexical error")
# Schemes that never leave the machine, whatever the page does with them.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def missing_prerequisites() -> list[str]:
    problems = []
    if not CHROMIUM.is_file():
        problems.append(f"{CHROMIUM} is missing")
    for path in (MERMAID_MODULE, AXE_JS):
        if not path.is_file():
            problems.append(f"{path.relative_to(REPO)} is missing")
    if not any(MERMAID_CHUNKS.glob("*.mjs")):
        problems.append(f"{MERMAID_CHUNKS.relative_to(REPO)}/ is missing")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright Python package is not installed")
    return problems


# -- which pages a build produces --------------------------------------------------------

def _url_of(source: str) -> str:
    """URL path of a Markdown page (directory URLs): 'guides/a.md' -> '/guides/a/'."""
    if source == "index.md":
        return "/"
    if source.endswith("/index.md"):
        return "/" + source[: -len("index.md")]
    return "/" + source[: -len(".md")] + "/"


def page_urls(data_dir: Path) -> list[str]:
    """Every page a build of `data_dir` publishes: generated pages plus the hand-written guides.

    Computed from the page renderer so tests can be parametrized before anything is built;
    `sitemap_urls` cross-checks it against the real build. Redirect stubs (`.html`) and
    downloads are not pages.
    """
    from journey_handbook.data.loader import load_handbook
    from journey_handbook.site.pages import PageContext, render_site

    result = load_handbook(data_dir)
    if not result.ok or result.handbook is None:
        raise ValueError(f"{data_dir} does not load: {result.diagnostics.errors}")
    from journey_handbook.site.changelog import ChangeLog

    # the plugin always builds /changes/ (its entries do not change which pages exist)
    rendered = render_site(PageContext(result.handbook, date.today(), changes=ChangeLog([])))
    sources = {p for p in rendered.pages if p.endswith(".md")}
    sources |= {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    return sorted({_url_of(s) for s in sources})


def sitemap_urls(site_root: Path) -> set[str]:
    text = (site_root / "sitemap.xml").read_text(encoding="utf-8")
    return {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)}


def linked_from_home(site_root: Path, urls: list[str]) -> list[str]:
    """Those of `urls` the home page's content links to (a reader can click through)."""
    home = (site_root / "index.html").read_text(encoding="utf-8")
    return [u for u in urls if f'href="{u.lstrip("/")}"' in home]


def expected_diagrams(site_root: Path, url: str) -> int:
    """Diagrams in the built HTML, before Material turns each into a `div.mermaid`."""
    html = (site_root / url.strip("/") / "index.html").read_text(encoding="utf-8")
    # mermaid2's fence writes `<pre  class="mermaid">` (two spaces); its page hook, now off by
    # default, used to re-serialise that as `<pre class="mermaid">`.
    return len(re.findall(r'<pre\s+class="mermaid">', html))


# -- building ----------------------------------------------------------------------------

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@contextmanager
def no_network() -> Iterator[None]:
    """Any name lookup or connection beyond this machine fails, as on a cut-off network."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if host not in LOOPBACK:
            raise socket.gaierror(f"no network in this test: cannot resolve {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise OSError(f"no network in this test: cannot connect to {address}")
        return real_connect(sock, address)

    socket.getaddrinfo, socket.socket.connect = getaddrinfo, connect
    try:
        yield
    finally:
        socket.getaddrinfo, socket.socket.connect = real_getaddrinfo, real_connect


def build_handbook(data_dir: Path, site_dir: Path, site_url: str) -> Path:
    """Build `data_dir` with the repository's mkdocs.yml, strictly (any warning fails) and
    with no network (the README promises offline builds)."""
    from helpers import capture_warnings
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    cfg = load_config(str(REPO / "mkdocs.yml"), strict=True, site_dir=str(site_dir),
                      site_url=site_url)
    cfg.plugins["journeys"].config["data_dir"] = str(data_dir)
    with capture_warnings() as warnings, no_network():
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        except Abort:
            pass  # strict mode aborts on warnings; they are reported just below
        finally:
            cfg.plugins.on_shutdown()
    assert not warnings, f"building {data_dir} warned:\n" + "\n".join(warnings)
    return site_dir


# -- serving -----------------------------------------------------------------------------

class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # Chromium drops connections it no longer needs (a page closed mid-download):
        # not an error of the site, and a traceback per occurrence would bury real output.
        pass


class LocalServer:
    """Static files on 127.0.0.1, on an ephemeral port chosen *before* the site is built.

    Material's instant navigation only intercepts links listed in sitemap.xml, and it matches
    them after rewriting only their scheme and host name to the page's: the port and path of
    `site_url` must be the ones the browser uses. So the port is bound first, the site is
    built with `site_url: http://127.0.0.1:<port>/`, then served.
    """

    def __init__(self) -> None:
        self.root: Path | None = None
        server = self

        class Handler(SimpleHTTPRequestHandler):
            timeout = 10  # a stalled connection cannot hold a server thread forever

            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(server.root), **kwargs)

            def log_message(self, format, *args):  # noqa: A002 (the base class's name)
                pass

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    def serve(self, root: Path) -> None:
        self.root = root
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()


def is_local(url: str, origin: str) -> bool:
    return url.startswith(LOCAL_SCHEMES) or url == origin or url.startswith(origin + "/")


# -- visiting pages ----------------------------------------------------------------------

@dataclass
class Visit:
    """What happened while one page was open."""

    page: object  # playwright Page
    url: str
    origin: str
    guard_log: list[tuple[object, str]]  # the site's log of blocked (page, url)...
    guard_start: int  # ...from this entry on, while this page was open
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_local: list[str] = field(default_factory=list)

    @property
    def outside_requests(self) -> list[str]:
        """Requests to any other origin. The guard sees worker requests (search) too, which
        do not always reach the page's own request events."""
        outside = [u for u in self.requests if not is_local(u, self.origin)]
        # A request whose page the guard could not tell (a worker's) counts for every page
        # open at the time: over-reporting beats missing a leak.
        blocked = {url for page, url in self.guard_log[self.guard_start:]
                   if page is None or page is self.page}
        return sorted(blocked | set(outside))


class SiteUnderTest:
    """A built handbook, its server, and browser contexts whose traffic cannot leave.

    One context per colour scheme is reused by all tests (fast); Material stores the palette
    chosen on the first visit in localStorage, so schemes never share a context.
    """

    def __init__(self, name: str, root: Path, server: LocalServer, browser) -> None:
        self.name = name
        self.root = root
        self.server = server
        self.browser = browser
        self.blocked: list[tuple[object, str]] = []  # (page, url) the guard stopped, in order
        self._contexts: dict[str, object] = {}

    def is_local(self, url: str) -> bool:
        return is_local(url, self.server.origin)

    def _guard(self, route) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            try:
                page = route.request.frame.page
            except Exception:  # noqa: BLE001 (worker requests have no frame)
                page = None
            self.blocked.append((page, url))
            route.abort("blockedbyclient")

    def new_context(self, color_scheme: str = "light", viewport: dict | None = None,
                    **options):
        """A fresh guarded context (the caller closes it): for tests that change its state
        or need another window size; `options` go to Playwright (java_script_enabled...)."""
        context = self.browser.new_context(viewport=viewport or VIEWPORT,
                                           color_scheme=color_scheme, **options)
        context.route("**/*", self._guard)
        return context

    def context(self, color_scheme: str = "light"):
        if color_scheme not in self._contexts:
            self._contexts[color_scheme] = self.new_context(color_scheme)
        return self._contexts[color_scheme]

    def url(self, path: str) -> str:
        return self.server.origin + path

    @contextmanager
    def visit(self, path: str, *, color_scheme: str = "light", context=None
              ) -> Iterator[Visit]:
        """Open a page, wait until its diagrams are drawn (or time out), record it all."""
        page = (context or self.context(color_scheme)).new_page()
        try:
            visit = watch(page, self, path)
            page.goto(self.url(path), wait_until="load")
            wait_for_diagrams(page, expected_diagrams(self.root, path))
            yield visit
        finally:
            page.close()

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()
        self._contexts.clear()


def watch(page, site: SiteUnderTest, path: str) -> Visit:
    """Record console errors, page errors, dialogs and requests of `page` from now on."""
    visit = Visit(page, path, site.server.origin, site.blocked, len(site.blocked))

    def on_console(msg) -> None:
        if msg.type == "error":
            visit.console_errors.append(msg.text)

    def on_dialog(dialog) -> None:
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_response(response) -> None:
        if response.status >= 400 and site.is_local(response.url):
            visit.failed_local.append(f"{response.status} {response.url}")

    def on_request_failed(request) -> None:
        if site.is_local(request.url):
            visit.failed_local.append(f"{request.failure} {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
    page.on("dialog", on_dialog)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return visit


def survey(site: SiteUnderTest, urls: list[str], check, width: int = 3,
           context=None) -> dict[str, list]:
    """`check(site, visit)` for every url, `width` pages loading at a time (in `context`,
    else the site's light one).

    Page loads are dominated by evaluating Mermaid (3.5 MB, on every page): keeping a few
    in flight lets Chromium use both cores while Python inspects the page that is ready.
    """
    results: dict[str, list] = {}
    pending, loading = list(urls), []
    while pending or loading:
        while pending and len(loading) < width:
            url = pending.pop(0)
            page = (context or site.context()).new_page()
            visit = watch(page, site, url)
            page.goto(site.url(url), wait_until="commit")
            loading.append(visit)
        visit = loading.pop(0)
        try:
            visit.page.wait_for_load_state("load")
            wait_for_diagrams(visit.page, expected_diagrams(site.root, visit.url))
            results[visit.url] = check(site, visit)
        except Exception as exc:  # noqa: BLE001 (reported as this page's failure)
            results[visit.url] = [f"the page could not be checked: {exc}"]
        finally:
            visit.page.close()
    return results


def page_problems(site: SiteUnderTest, visit: Visit) -> list[str]:
    """Everything a reader would notice going wrong on a page that has finished loading."""
    page = visit.page
    document = pierced_document(page)
    diagrams = diagrams_of(document)
    expected = expected_diagrams(site.root, visit.url)
    problems = []
    if len(diagrams) != expected:
        problems.append(f"{len(diagrams)} of {expected} diagrams were drawn")
    for number, diagram in enumerate(diagrams, start=1):
        if not diagram.has_svg:
            problems.append(f"diagram {number} has no SVG")
        if diagram.errors:
            problems.append(f"diagram {number} shows a Mermaid error: {diagram.errors}")
    is_journey = re.fullmatch(r"/journeys/[a-z0-9-]+/", visit.url)
    if is_journey and not any(d.kind == "journey" for d in diagrams):
        problems.append(f"no journey diagram (drawn: {[d.kind for d in diagrams]})")
    problems += [f"console error: {e}" for e in visit.console_errors]
    problems += [f"page error: {e}" for e in visit.page_errors]
    problems += [f"dialog opened: {d}" for d in visit.dialogs]
    problems += [f"request outside the local server: {u}" for u in visit.outside_requests]
    problems += [f"local request failed: {u}" for u in visit.failed_local]
    if page.evaluate("() => typeof window.__pwned") != "undefined":
        problems.append("a payload ran: window.__pwned is set")
    problems += [f"markup that can run code: {m}" for m in injected_markup(document)]
    overflow = horizontal_overflow(page)
    if overflow > 0:
        problems.append(f"the page scrolls sideways by {overflow}px at "
                        f"{VIEWPORT['width']}px wide")
    return problems


# The page draws a diagram only when it comes near the viewport: bring the first one still
# waiting into view at each poll, as a reader scrolling down would, and go back to the top
# once all are drawn.
_DRAWN_AFTER_SCROLLING = """n => {
  const waiting = document.querySelector("pre.mermaid");
  if (waiting) waiting.scrollIntoView({block: "center"});
  const done = document.querySelectorAll("div.mermaid").length >= n;
  if (done) window.scrollTo(0, 0);
  return done;
}"""


def wait_for_diagrams(page, expected: int, timeout: int = RENDER_TIMEOUT_MS) -> bool:
    """Scroll to each diagram and wait until Material has replaced every `pre.mermaid` with
    a drawn `div.mermaid`."""
    if expected == 0:
        return True
    try:
        page.wait_for_function(_DRAWN_AFTER_SCROLLING, arg=expected, timeout=timeout,
                               polling=100)
        return True
    except Exception:  # noqa: BLE001 (a playwright TimeoutError: reported by the caller)
        return False


# -- looking inside closed shadow roots ------------------------------------------------------

@dataclass
class Diagram:
    kind: str  # the svg's aria-roledescription: "journey", "flowchart-v2"... ("" if none)
    has_svg: bool
    texts: list[str]
    shadow_root: int | None  # backendNodeId of the shadow root
    elements: list[tuple[str, str]] = field(default_factory=list)  # (tag, class) in the svg

    def count(self, tag: str, css_class: str) -> int:
        """How many `tag` elements in the svg carry `css_class`, e.g. ("rect", "task")."""
        return sum(1 for t, c in self.elements if t == tag and css_class in c.split())

    @property
    def errors(self) -> list[str]:
        return [t for t in self.texts if any(e in t for e in MERMAID_ERRORS)]

    @property
    def text(self) -> str:
        return " ".join(self.texts)


def _attrs(node: dict) -> dict[str, str]:
    flat = node.get("attributes", [])
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _walk(node: dict) -> Iterator[dict]:
    yield node
    for key in ("children", "shadowRoots", "pseudoElements"):
        for child in node.get(key, []):
            yield from _walk(child)
    if "contentDocument" in node:
        yield from _walk(node["contentDocument"])


def pierced_document(page) -> dict:
    cdp = page.context.new_cdp_session(page)
    try:
        return cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    finally:
        cdp.detach()


def _visible_texts(root: dict) -> list[str]:
    """Text nodes under `root`, leaving out the <style> and <title>/<desc> of an svg."""
    if root.get("localName") in ("style", "title", "desc", "script"):
        return []
    if root.get("nodeType") == 3:
        value = root.get("nodeValue", "").strip()
        return [value] if value else []
    return [text for key in ("children", "shadowRoots") for child in root.get(key, [])
            for text in _visible_texts(child)]


def diagrams_of(document: dict) -> list[Diagram]:
    out = []
    for node in _walk(document):
        classes = _attrs(node).get("class", "").split()
        if node.get("localName") != "div" or "mermaid" not in classes:
            continue
        roots = node.get("shadowRoots", [])
        svg = next((n for r in roots for n in _walk(r) if n.get("localName") == "svg"), None)
        out.append(Diagram(
            kind=_attrs(svg).get("aria-roledescription", "") if svg else "",
            has_svg=svg is not None,
            texts=[t for r in roots for t in _visible_texts(r)],
            shadow_root=roots[0]["backendNodeId"] if roots else None,
            elements=[(n["localName"], _attrs(n).get("class", "")) for n in _walk(svg)
                      if n.get("nodeType") == 1] if svg else []))
    return out


ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}


def injected_markup(document: dict) -> list[str]:
    """Anything in the live DOM (shadow roots included) that could run code from data."""
    found = []
    for node in _walk(document):
        if node.get("nodeType") != 1:
            continue
        name = node.get("localName", "")
        for key, value in _attrs(node).items():
            handler = key.lower().startswith("on")
            if handler or key.lower() in URL_ATTRIBUTES and ACTIVE_URL.match(value):
                found.append(f"<{name} {key}={value!r}>")
        if name in ("script", "iframe", "object", "embed"):
            body = " ".join(c.get("nodeValue", "") for c in node.get("children", []))
            if "__pwned" in body or "alert(" in body:
                found.append(f"<{name}>{body[:80]}")
    return found


# The function runs with `this` bound to a diagram's (closed) ShadowRoot. For every piece of
# text a reader sees it finds what is painted behind it (the shape under its centre, else the
# page background) and returns the WCAG contrast ratio of the two colours.
_CONTRAST_JS = r"""
function () {
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  let page = null;
  for (let el = this.host; el && !page; el = el.parentElement) {
    const c = parse(getComputedStyle(el).backgroundColor);
    if (c && c.a > 0) page = c;
  }
  page = page || {r: 255, g: 255, b: 255, a: 1};
  const SHAPES = new Set(["rect", "path", "circle", "ellipse", "polygon"]);
  const out = [];
  const holders = [...this.querySelectorAll("text, tspan, foreignObject *")].filter(
    (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
  for (const el of holders) {
    el.scrollIntoView({block: "center", inline: "center"});
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    const isSvgText = el instanceof SVGElement;
    let fg = parse(isSvgText ? style.fill : style.color);
    if (!fg) continue;
    const opacity = Number(isSvgText ? style.fillOpacity : 1) * Number(style.opacity);
    let bg = page;
    const stack = this.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    for (const under of stack) {
      if (under === el || under.contains(el) && !SHAPES.has(under.localName)) {
        if (under instanceof HTMLElement && under !== el) {
          const c = parse(getComputedStyle(under).backgroundColor);
          if (c && c.a > 0) { bg = over(c, page); break; }
        }
        continue;
      }
      if (SHAPES.has(under.localName)) {
        const s = getComputedStyle(under);
        const c = parse(s.fill);
        if (c && c.a > 0 && Number(s.fillOpacity) > 0) {
          bg = over({...c, a: c.a * Number(s.fillOpacity) * Number(s.opacity)}, page);
          break;
        }
      }
    }
    fg = over({...fg, a: fg.a * opacity}, bg);
    out.push({text: el.textContent.trim().slice(0, 60), ratio: ratio(fg, bg),
              fg: `rgb(${fg.r|0},${fg.g|0},${fg.b|0})`, bg: `rgb(${bg.r|0},${bg.g|0},${bg.b|0})`,
              size: parseFloat(style.fontSize)});
  }
  return out;
}
"""


def diagram_text_contrast(page) -> list[list[dict]]:
    """Per diagram, each visible text with its colour, background and contrast ratio."""
    cdp = page.context.new_cdp_session(page)
    try:
        document = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        results = []
        for diagram in diagrams_of(document):
            if diagram.shadow_root is None:
                results.append([])
                continue
            root = cdp.send("DOM.resolveNode", {"backendNodeId": diagram.shadow_root})
            answer = cdp.send("Runtime.callFunctionOn", {
                "objectId": root["object"]["objectId"], "functionDeclaration": _CONTRAST_JS,
                "returnByValue": True})
            if "exceptionDetails" in answer:
                raise AssertionError(f"contrast script failed: {answer['exceptionDetails']}")
            results.append(answer["result"]["value"])
        return results
    finally:
        cdp.detach()


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (0 when everything fits its width)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


# --- axe, shared by every browser test that checks accessibility ---------------------------

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}  # emulated preference -> Material palette

# axe.run on the page: `page.evaluate(RUN_AXE, WCAG_AA)` runs the rules of those tags;
# `page.evaluate(RUN_AXE, ["rule", [ids]])` runs only the named rules.
RUN_AXE = """async (arg) => {
  const [kind, values] = arg.length === 2 && Array.isArray(arg[1]) ? arg : ["tag", arg];
  const result = await axe.run(document, {runOnly: {type: kind, values: values},
                                          resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html.slice(0, 160),
                                summary: (n.failureSummary || "").slice(0, 240)}))}));
}"""


def describe(violation: dict) -> str:
    lines = [f"{violation['impact']}: {violation['id']} ({violation['help']}), "
             f"{len(violation['nodes'])} element(s):"]
    for node in violation["nodes"][:6]:
        lines.append(f"    {node['target']}: {node['html']}\n      {node['summary']}")
    return "\n".join(lines)
