"""The handbook's stylesheet, shipped in the package and served as one generated file."""

from __future__ import annotations

from importlib import resources

STYLESHEET = "assets/journey-handbook.css"


def stylesheet() -> str:
    folder = resources.files(__package__) / "assets"
    parts = sorted((p for p in folder.iterdir() if p.name.endswith(".css")),
                   key=lambda p: p.name)
    return "\n".join(f"/* {p.name} */\n{p.read_text(encoding='utf-8')}" for p in parts)
