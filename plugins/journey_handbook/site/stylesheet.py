"""The handbook's stylesheet and script, shipped in the package, each served as one file."""

from __future__ import annotations

from importlib import resources

STYLESHEET = "assets/journey-handbook.css"
SCRIPT = "assets/journey-handbook.js"


def _concatenated(suffix: str) -> str:
    folder = resources.files(__package__) / "assets"
    parts = sorted((p for p in folder.iterdir() if p.name.endswith(suffix)),
                   key=lambda p: p.name)
    return "\n".join(f"/* {p.name} */\n{p.read_text(encoding='utf-8')}" for p in parts)


def stylesheet() -> str:
    return _concatenated(".css")


def script() -> str:
    """Small progressive enhancements (the board's role focus); every page works without."""
    return _concatenated(".js")


def assets() -> dict[str, str]:
    """Both files by their site path, for the plugin and `journeys export markdown`."""
    return {STYLESHEET: stylesheet(), SCRIPT: script()}
