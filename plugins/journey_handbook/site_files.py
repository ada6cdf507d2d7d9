"""The handbook's generated pages, assets and vendored scripts as MkDocs files."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from .site import urls
from .site.pages import RenderedSite
from .site.scripts import MERMAID_JS, is_address
from .site.stylesheet import assets
from .site.vendored import vendored_files

log = logging.getLogger("mkdocs.plugins.journeys")


def add_pages(files: Files, config: MkDocsConfig, pages: dict[str, str]) -> None:
    """Generated pages replace a same-named page of docs/, with a warning."""
    for path, text in pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            log.warning("journeys: %s in docs/ is replaced by the generated page; "
                        "rename it to keep it", existing.src_uri)
            files.remove(existing)
        files.append(File.generated(config, path, content=text))


def add_assets(files: Files, config: MkDocsConfig, *, mermaid_js: str, search: bool,
               prefix: str) -> None:
    """The stylesheet and scripts, and vendored files the site does not have a copy of. The
    packaged Mermaid moves under the prefix with the handbook; a path or address the site
    configured stays as written."""
    if mermaid_js == MERMAID_JS:
        mermaid_js = urls.under(prefix, mermaid_js)
    for path, text in assets(mermaid_js, search=search, prefix=prefix).items():
        files.append(File.generated(config, path, content=text))
    for path, source in vendored_files().items():  # the site's own copy wins
        if files.get_file_from_path(urls.under(prefix, path)) is None:
            files.append(File.generated(config, urls.under(prefix, path),
                                        abs_src_path=str(source)))
    if not is_address(mermaid_js) and files.get_file_from_path(mermaid_js) is None:
        log.warning("journeys: %s is missing from docs/ and from the installed package, "
                    "so diagrams cannot be drawn (reinstall journey-handbook)", mermaid_js)


def set_edit_uris(files: Files, site: RenderedSite, config: MkDocsConfig,
                  data_dir: Path) -> None:
    """A generated page's edit link opens the YAML file it comes from."""
    docs_dir = Path(config.docs_dir).resolve()
    for path, data_file in site.sources.items():
        file = files.get_file_from_path(path)
        if file is not None:
            # urljoin in MkDocs resolves the '..', so both edit_uri and
            # edit_uri_template point at the YAML file in the repository.
            file.edit_uri = Path(os.path.relpath(data_dir / data_file, docs_dir)).as_posix()
