"""Material's start-up without the whole-page restyles it caused on every load.

When a page loads, Material for MkDocs does five things that each made the browser style the
whole page again once it had styled it (Chrome traces with invalidation tracking: on a
300-journey backlog, six passes of 11,000 to 12,600 elements, each a good part of a second on
a phone's CPU): it swaps the root's `no-js` class for `js`; it marks `<body>` while it applies
the palette (`[data-md-color-switching] *` matches everything); it adds and sets a
`<meta name="color-scheme">`; with instant navigation, it makes every relative link absolute,
and every stylesheet's, which loads the stylesheet again.

Two inline scripts avoid that: `material-in-head.js` at the top of `<head>` (the class), and
`material-on-load.js` just before Material's bundle (the palette and the colour-scheme meta
touched only when something really changes; a link set to the address it already resolves to
left alone; stylesheets made absolute only when the reader first follows a link). The build
writes the page's usual colour scheme as a `<meta>` for the latter to keep. Pages of another
theme are left as they are.
"""

from __future__ import annotations

import functools
import re

from . import previews
from .scripts import asset, fill

_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')
# The CSS color-scheme of Material's own palettes (its stylesheets).
_COLOR_SCHEMES = {"default": "light", "slate": "dark"}


def prepare(page_html: str, theme) -> str:
    """A built Material page with its start-up scripts; `theme` is the theme's settings (a
    mapping: its `palette` and `features`)."""
    instant = "navigation.instant" in (theme.get("features") or [])
    end = page_html.rfind("assets/javascripts/bundle.")
    start = page_html.rfind("<script", 0, end)
    if end < 0 or not _BUNDLE.match(page_html, start):
        return page_html
    page_html = page_html[:start] + _on_load(instant) + page_html[start:]
    return previews.insert_in_head(page_html,
                                   color_scheme_meta(theme.get("palette")) + _in_head())


def color_scheme_meta(palette) -> str:
    """The `<meta name="color-scheme">` of a page with Material's palette toggle (a list of
    palettes), for its first palette; none without a toggle or for a scheme of the site's."""
    first = palette[0] if isinstance(palette, list) and palette else None
    scheme = _COLOR_SCHEMES.get(first.get("scheme", "default")) \
        if isinstance(first, dict) else None
    return (f'<meta name="color-scheme" content="{scheme}" data-jh-color-scheme>'
            if scheme else "")


@functools.cache
def _on_load(instant: bool) -> str:
    return f"<script>{fill(asset('material-on-load.js'), '__INSTANT__', instant)}</script>"


@functools.cache
def _in_head() -> str:
    return f"<script>{asset('material-in-head.js')}</script>"
