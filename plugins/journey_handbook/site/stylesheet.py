"""The handbook's stylesheet and scripts, shipped in the package, each served as one file."""

from __future__ import annotations

from importlib import resources

from .scripts import MERMAID_JS, SEARCH_WORKER, scripts

STYLESHEET = "assets/journey-handbook.css"


def stylesheet() -> str:
    folder = resources.files(__package__) / "assets"
    parts = sorted((p for p in folder.iterdir() if p.name.endswith(".css")),
                   key=lambda p: p.name)
    return "\n".join(f"/* {p.name} */\n{p.read_text(encoding='utf-8')}" for p in parts)


def assets(mermaid_js: str = MERMAID_JS, *, search: bool = True,
           prefix: str = "") -> dict[str, str]:
    """Every file the plugin serves beside the pages, by site path (under `prefix`).
    `journeys export markdown` leaves out the search worker: it needs the index the plugin
    builds."""
    served = scripts(mermaid_js, prefix)
    if not search:
        served.pop(prefix + SEARCH_WORKER)
    return {prefix + STYLESHEET: stylesheet()} | served
