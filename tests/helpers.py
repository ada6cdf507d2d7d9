"""What the tests share: paths, the CLI in-process, handbook loading, Markdown converted the way
the site converts it (the extensions come from the repository's own mkdocs.yml), and real
MkDocs builds in temporary folders that fail on any unexpected warning.

Fixtures live in conftest.py; everything a test imports by name lives here.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import sys
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
MINIMAL = FIXTURES / "minimal"
BAD = FIXTURES / "bad"
SAMPLE = ROOT / "journeys"
SCREENSHOTS = ROOT / "tests/artifacts/screenshots"  # the browser suite's, emptied once a run
MKDOCS_YML = ROOT / "mkdocs.yml"

try:  # the package is normally installed (scripts/setup: pip install -e .)
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout: use the source tree
    sys.path.insert(0, str(ROOT / "plugins"))

import click  # noqa: E402
import markdown  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from journey_handbook import cli as cli_module  # noqa: E402
from journey_handbook.data.diagnostics import Diagnostic  # noqa: E402
from journey_handbook.data.loader import load_handbook  # noqa: E402
from journey_handbook.data.model import Handbook  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402

# --- the CLI, in-process ---------------------------------------------------------------------

# The click group behind the `journeys` console script (`main` wraps it to turn a crash into
# a one-line "internal error"; in tests a crash must fail loudly instead, so call the group).
COMMAND: click.Command = next(
    c for c in (getattr(cli_module, "cli", None), getattr(cli_module, "main", None))
    if isinstance(c, click.Command))

# `path:line:column: error: message [field.path]`, as `journeys check` prints it.
DIAGNOSTIC_LINE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<column>\d+): "
                             r"(?P<severity>error|warning): (?P<message>.*)$")


def _runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into stdout unless told otherwise
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def invoke(args: list) -> tuple[int, str, str]:
    """Run `journeys ARGS` in-process: (exit code, stdout, stderr).

    Exits (SystemExit) are the command's exit codes; any other exception is a crash and is
    re-raised so that the test fails with the real traceback.
    """
    result = _runner().invoke(COMMAND, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def diagnostics(output: str) -> list[dict[str, str]]:
    """The `file:line:col: severity: message` lines of text output, parsed."""
    return [m.groupdict() for line in output.splitlines()
            if (m := DIAGNOSTIC_LINE.match(line))]


def locations(output: str, with_column: bool = False) -> list[str]:
    return [f"{d['file']}:{d['line']}" + (f":{d['column']}" if with_column else "")
            for d in diagnostics(output)]


# --- files and handbooks ---------------------------------------------------------------------

def replace_once(file: Path, old: str, new: str) -> None:
    """Replace text that must occur exactly once (a fault is put in one known place)."""
    text = file.read_text(encoding="utf-8")
    count = text.count(old)
    assert count == 1, f"{old!r} occurs {count} times in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def write(root: Path, rel: str, content: str | bytes) -> Path:
    file = root / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        file.write_text(content, encoding="utf-8")
    return file


def write_busy_handbook(root: Path, journeys: int = 11, last_steps: int = 13) -> Path:
    """A handbook of long link lists: persona `busy` acts in the learn phase of every journey
    ("Trip 00", ...; `last_steps` times in the last one) without messaging for it, and
    `watcher` is mapped in every journey without a step of their own."""
    write(root, "handbook.yml", "title: Busy handbook\ndescription: Long lists\nphases:\n"
          "  - {id: learn, name: Learn, goal: They learn}\n  - {id: join, name: Join}\n"
          "teams:\n  - {id: ops, name: Operations}\n")
    write(root, "personas/busy.yml", "name: Busy one\n")
    write(root, "personas/watcher.yml", "name: Watcher\n")
    for n in range(journeys):
        steps = "".join(f"  - {{id: s{i}, phase: learn, persona: busy, "
                        f"action: Busy step {i} of {n}}}\n"
                        for i in range(last_steps if n == journeys - 1 else 1))
        write(root, f"maps/j{n:02d}.yml", f"title: Trip {n:02d}\nowner: ops\n"
              f"reviewed: 2026-10-01\npersonas: [busy, watcher]\nsteps:\n{steps}")
    return root


def load(data_dir: Path) -> Handbook:
    """The resolved handbook of a folder that must load without an error."""
    result = load_handbook(data_dir)
    assert result.ok, "\n".join(d.text() for d in result.diagnostics.sorted())
    return result.handbook


def errors(data_dir: Path) -> list[Diagnostic]:
    return load_handbook(data_dir).diagnostics.errors


def one_error(data_dir: Path) -> Diagnostic:
    """The only error a folder loads with (a fault was put in one known place)."""
    found = errors(data_dir)
    assert len(found) == 1, "\n".join(d.text() for d in found)
    return found[0]


# --- Markdown, converted as the site converts it ---------------------------------------------

def _markdown_extensions_block() -> str:
    """The `markdown_extensions:` block of mkdocs.yml, verbatim (its !!python/name tags too)."""
    text = MKDOCS_YML.read_text(encoding="utf-8")
    found = re.search(r"^markdown_extensions:\n(?:(?:[ #].*)?\n)+", text, flags=re.M)
    assert found, f"{MKDOCS_YML} has no markdown_extensions block"
    return found.group(0)


@cache
def _extensions() -> tuple[list[str], dict[str, dict]]:
    names: list[str] = []
    configs: dict[str, dict] = {}
    for entry in yaml_load(_markdown_extensions_block())["markdown_extensions"]:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if config:
            configs[name] = config
    return names, configs


def to_html(page_markdown: str) -> str:
    """What MkDocs does to a generated page: drop the front matter and convert the body with
    mkdocs.yml's extensions; the toc extension's ¶ permalinks are left out."""
    body = page_markdown.split("\n---\n", 1)[1] if page_markdown.startswith("---\n") \
        else page_markdown
    names, configs = _extensions()
    html = markdown.markdown(body, extensions=names, extension_configs=configs)
    return re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", html)


def to_soup(page_markdown: str) -> BeautifulSoup:
    return BeautifulSoup(to_html(page_markdown), "html.parser")


def text(node) -> str:
    """A node's text as a reader sees it: whitespace runs read as one space."""
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


# --- real MkDocs builds ----------------------------------------------------------------------

MERMAID_VENDOR = ROOT / "docs/assets/vendor/mermaid"
MERMAID_MODULE = MERMAID_VENDOR / "mermaid.esm.min.mjs"  # what the page script loads
MERMAID_CHUNKS = MERMAID_VENDOR / "chunks/mermaid.esm.min"  # what the module imports


def copy_mermaid(docs: Path) -> None:
    """The pinned Mermaid module build, as scripts/setup puts it, into `docs`."""
    if not (MERMAID_MODULE.is_file() and any(MERMAID_CHUNKS.glob("*.mjs"))):
        raise RuntimeError(f"{MERMAID_VENDOR} is incomplete: run scripts/setup first")
    into = docs / "assets/vendor/mermaid"
    into.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MERMAID_MODULE, into / MERMAID_MODULE.name)
    shutil.copytree(MERMAID_CHUNKS, into / "chunks/mermaid.esm.min", dirs_exist_ok=True)

CONFIG = """\
site_name: Test handbook
site_url: https://handbook.example/
repo_url: https://github.com/acme/handbook
{edit}
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.sections, navigation.indexes, navigation.prune,
             content.action.edit]
plugins:
  - search
  - journeys:
      data_dir: {data}
      today: "{today}"
{mermaid2}{extensions}"""

MERMAID2_ENTRY = """\
  - mermaid2:
      javascript: assets/vendor/mermaid/mermaid.esm.min.mjs
      arguments:
        securityLevel: strict
"""


@dataclass
class Site:
    root: Path
    warnings: list[str]

    def page(self, url: str) -> str:
        """HTML of a page by its URL path, e.g. '/journeys/first-visit/'."""
        path = self.root / url.strip("/") / "index.html" if not url.endswith(".html") \
            else self.root / url.strip("/")
        return path.read_text(encoding="utf-8")

    def ids(self, url: str) -> set[str]:
        return set(re.findall(r'\sid="([^"]+)"', self.page(url)))

    def search_index(self) -> list[dict]:
        """Material's own index (the plugin empties it: search is answered by Pagefind)."""
        data = json.loads((self.root / "search/search_index.json").read_text(encoding="utf-8"))
        return data["docs"]

    def pagefind_pages(self) -> list[dict]:
        """Every page in the Pagefind index as it is stored: url, meta (title), content (the
        indexed text) and anchors (the headings search results can point at)."""
        pages = []
        for fragment in sorted((self.root / "pagefind/fragment").glob("*.pf_fragment")):
            raw = gzip.decompress(fragment.read_bytes())
            assert raw[:12] == b"pagefind_dcd", f"{fragment.name} is not a Pagefind fragment"
            pages.append(json.loads(raw[12:]))
        return pages


class _Capture(logging.Handler):
    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def capture_warnings():
    handler = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def write_config(tmp: Path, data_dir: Path, *, today: str = "2026-11-01",
                 edit: str = "edit_uri: edit/main/docs/", guides: dict[str, str] | None = None,
                 mermaid2_hook: bool = False) -> Path:
    """A mkdocs.yml like the repository's; `mermaid2_hook` adds the mermaid2 plugin entry
    (off in the repository's: see docs/guides/build.md)."""
    docs = tmp / "docs"
    copy_mermaid(docs)
    for name, text in (guides or {}).items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    config = tmp / "mkdocs.yml"
    config.write_text(CONFIG.format(docs=docs, site=tmp / "site", data=data_dir.resolve(),
                                    today=today, edit=edit, extensions=_markdown_extensions_block(),
                                    mermaid2=MERMAID2_ENTRY if mermaid2_hook else ""),
                      encoding="utf-8")
    return config


def build_config(config: Path, *, allowed_warnings: tuple[str, ...] = (),
                 strict: bool = True) -> Site:
    """Build (strict unless told); any warning not matching `allowed_warnings` fails."""
    cfg = load_config(str(config), strict=strict)
    with capture_warnings() as warnings:
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    unexpected = [w for w in warnings if not any(re.search(p, w) for p in allowed_warnings)]
    assert not unexpected, "unexpected warnings:\n" + "\n".join(unexpected)
    return Site(Path(cfg.site_dir), warnings)


def build_site(tmp: Path, data_dir: Path, **kwargs) -> Site:
    allowed = kwargs.pop("allowed_warnings", ())
    return build_config(write_config(tmp, data_dir, **kwargs), allowed_warnings=allowed)


def build_export_site(data_dir: Path, work: Path, *, site_url: str = "https://handbook.example/",
                      today: str = "2026-11-01") -> Site:
    """`journeys export markdown` of `data_dir`, built --strict with stock MkDocs + Material
    and export/mkdocs.yml: no journeys plugin, Material's own Mermaid fence."""
    docs = work / "docs"
    code, out, err = invoke(["export", "markdown", docs, "--data-dir", data_dir,
                             "--today", today])
    assert code == 0, out + err
    copy_mermaid(docs)
    config = work / "mkdocs.yml"
    shutil.copyfile(ROOT / "export/mkdocs.yml", config)
    cfg = load_config(str(config), strict=True, site_url=site_url)
    assert "journeys" not in cfg.plugins, "the export must build without the journeys plugin"
    with capture_warnings() as warnings:
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    assert not warnings, "the exported pages warned:\n" + "\n".join(warnings)
    return Site(Path(cfg.site_dir), warnings)


# --- comparing builds: the preview and the build cache against a clean build ----------------

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


@contextmanager
def capture_info():
    """MkDocs' info lines (the plugin's `journeys: ...` summary among them) during the block."""
    handler = _Capture(logging.INFO)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


# Reference builds of this test run, kept by their inputs (conftest.py sets the folder, one
# for all xdist workers). A build is a function of its data, docs, theme overrides and
# configuration, which is what the preview tests assert; each of them starts by comparing
# against a clean build of the same sample, 15 to 30 s of a loaded CI machine every time.
REFERENCE_BUILDS: Path | None = None


def clean_build(config: Path) -> Path:
    """A strict build of `config` with fresh plugin instances. Without a `cache_dir` (a build
    through the cache is what such a test checks) an earlier build of the same inputs in this
    run is returned instead: its site folder is shared, so read it, never write to it."""
    with plugin_instances({}), capture_warnings() as warnings:
        cfg = load_config(str(config), strict=True)
        key = _inputs_key(config, cfg) if REFERENCE_BUILDS is not None else None
        if key is not None and (REFERENCE_BUILDS / key).is_dir():
            return REFERENCE_BUILDS / key
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    assert not warnings, warnings
    if key is not None:
        _keep(Path(cfg.site_dir), REFERENCE_BUILDS / key)
    return Path(cfg.site_dir)


def _inputs_key(config: Path, cfg: MkDocsConfig) -> str | None:
    """A digest of everything a clean build of `config` reads, or None when it cannot tell
    (a build cache, a path to something it does not hash)."""
    journeys = cfg.plugins.get("journeys")
    if journeys is None or journeys.config.cache_dir:
        return None
    folders = {"docs": Path(cfg.docs_dir),
               "data": (config.parent / journeys.config.data_dir).resolve()}
    if cfg.theme.custom_dir:
        folders["overrides"] = Path(cfg.theme.custom_dir)
    text = config.read_text(encoding="utf-8").replace(str(Path(cfg.site_dir)), "<site>")
    for name, folder in folders.items():
        text = text.replace(str(folder), f"<{name}>")
    if re.search(r"(?m)^[\s-]*[\w.-]+:\s*['\"]?/", text):  # a folder whose files are not hashed
        return None
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16)
    for name, folder in sorted(folders.items()):
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                digest.update(f"\0{name}/{file.relative_to(folder).as_posix()}\0".encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def _keep(site: Path, kept: Path) -> None:
    """A copy of `site` at `kept`, put in place whole (another worker may do the same)."""
    partial = kept.with_name(f"{kept.name}.{os.getpid()}.partial")
    shutil.copytree(site, partial)
    try:
        partial.rename(kept)
    except OSError:  # the other worker's copy is in place: it is the same site
        shutil.rmtree(partial)


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


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def benchmark(name: str):
    """A module of benchmarks/ (its generators build big handbooks for tests too)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
