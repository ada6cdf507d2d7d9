"""Boxes that hold wide content: diagrams (with their text alternative) and wide tables."""

from __future__ import annotations

import re

from ..markup import attr, html_text

_ACCESSIBLE = re.compile(r"^\s*acc(Title|Descr):\s*(.*)$", re.MULTILINE)


def diagram_alternative(fence: str) -> str:
    """The diagram's title and description (its accTitle and accDescr lines), as text."""
    found = dict(_ACCESSIBLE.findall(fence))
    parts = [found.get("Title", "").strip(), found.get("Descr", "").strip()]
    return ". ".join(p.rstrip(".") for p in parts if p) + ("." if any(parts) else "")


def diagram_box(fence: str, kind: str, *, css: str = "", **sizes: int) -> str:
    """A Mermaid fence in a box whose height CSS fixes per kind (`jh-diagram--KIND`; sizes
    become CSS variables; `css` adds classes), so nothing moves when the diagram is drawn,
    which may be late: the page script draws a diagram when it comes near the viewport. The
    box holds the diagram's text alternative from the start, shown until the drawing
    replaces the Mermaid source."""
    style = "; ".join(f"--jh-{name}: {int(value)}" for name, value in sizes.items())
    alternative = diagram_alternative(fence)
    alt = f'<p class="jh-diagram__alt">{html_text(alternative)}</p>\n' if alternative else ""
    style_attr = f' style="{attr(style)}"' if style else ""
    # The box scrolls sideways when the diagram is wider than the page: keyboard users
    # scroll it once it has focus (WCAG 2.1.1; axe rule scrollable-region-focusable).
    title = dict(_ACCESSIBLE.findall(fence)).get("Title", "").strip() or "Diagram"
    classes = f"jh-diagram jh-diagram--{kind}" + (f" {css}" if css else "")
    return (f'<div class="{attr(classes)}"{style_attr} tabindex="0" '
            f'role="group" aria-label="{attr(title)}" markdown>\n'
            f"{alt}\n{fence}\n\n</div>")


def wide_table(markdown_table: str) -> str:
    """A full-width table (CSS keeps an overlong word from widening the page)."""
    return f'<div class="jh-table" markdown>\n\n{markdown_table}\n\n</div>'
