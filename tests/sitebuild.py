"""Build real MkDocs sites in temporary folders, failing on any unexpected warning.

`build_site` writes a mkdocs.yml equivalent to the repository's (Material, search,
the journeys plugin, the pinned local Mermaid, superfences with mermaid2's fence) around
any data folder, builds it with --strict semantics and returns the built site.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
MERMAID_VENDOR = REPO / "docs/assets/vendor/mermaid"
MERMAID_JS = MERMAID_VENDOR / "mermaid.min.js"  # the UMD build (mermaid2's hook, the tests)
MERMAID_MODULE = MERMAID_VENDOR / "mermaid.esm.min.mjs"  # what the page script loads


def copy_mermaid(docs: Path) -> None:
    """The pinned Mermaid builds, as scripts/setup puts them, into `docs`."""
    if not (MERMAID_JS.is_file() and MERMAID_MODULE.is_file()):
        raise RuntimeError(f"{MERMAID_VENDOR} is incomplete: run scripts/setup first")
    shutil.copytree(MERMAID_VENDOR, docs / "assets/vendor/mermaid", dirs_exist_ok=True)

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
{mermaid2}markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - admonition
  - pymdownx.details
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:mermaid2.fence_mermaid_custom
"""

MERMAID2_ENTRY = """\
  - mermaid2:
      javascript: assets/vendor/mermaid/mermaid.min.js
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
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
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
                                    today=today, edit=edit,
                                    mermaid2=MERMAID2_ENTRY if mermaid2_hook else ""),
                      encoding="utf-8")
    return config


def build_config(config: Path, *, allowed_warnings: tuple[str, ...] = ()) -> Site:
    """Build with strict semantics; any warning not matching `allowed_warnings` fails."""
    cfg = load_config(str(config), strict=True)
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
    from conftest import invoke  # the CLI in-process, as the other tests run it

    docs = work / "docs"
    code, out, err = invoke(["export", "markdown", docs, "--data-dir", data_dir,
                             "--today", today])
    assert code == 0, out + err
    copy_mermaid(docs)
    config = work / "mkdocs.yml"
    shutil.copyfile(REPO / "export/mkdocs.yml", config)
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
