"""Redirect stubs for renamed journeys and personas (`aliases`): old URLs keep working."""

from __future__ import annotations

from .. import urls
from ..context import PageContext
from ..markup import attr

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Moved: {title}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace("{target}" + location.hash)</script>
</head><body><p>This page moved to <a href="{target}">{title}</a>.</p></body></html>
"""


def render(ctx: PageContext) -> dict[str, str]:
    hb = ctx.handbook
    out: dict[str, str] = {}
    for kind, aliases, items in (("journey", hb.journey_aliases, hb.journeys),
                                 ("persona", hb.persona_aliases, hb.personas)):
        for old, new in aliases.items():
            item = items.get(new)
            title = getattr(item, "title", None) or getattr(item, "name", new)
            # Ids are validated kebab-case, so the target needs no URL escaping.
            out[urls.redirect(kind, old)] = _TEMPLATE.format(
                title=attr(title), target=f"../{new}/")
    return out
