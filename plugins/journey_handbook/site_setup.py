"""What the handbook's pages need from the site's configuration, brought by the plugin.

The pages rely on a few Markdown extensions: `attr_list` (step, evidence and opportunity
anchors), `md_in_html` (Markdown inside the page's HTML blocks), `tables`, `admonition` and
`pymdownx.details` (review warnings, collapsible content needs), `toc` with permalinks, and a
`mermaid` fence of `pymdownx.superfences` that emits the `pre.mermaid` Material draws. A site
that has not configured one gets it, said in one log line; a site that configured one its own
way keeps it, unless that setting would break the pages: then the build
stops with a message naming the setting. With the Material theme and no `font:` setting, the
Google Fonts request is turned off, so the handbook stays offline and private.
"""

from __future__ import annotations

import logging

from mermaid2 import fence_mermaid_custom
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import yaml_load

from .site.scripts import PAGE_SCRIPT
from .site.stylesheet import STYLESHEET

SUPERFENCES = "pymdownx.superfences"
MERMAID_FENCE = {"name": "mermaid", "class": "mermaid", "format": fence_mermaid_custom}


log = logging.getLogger("mkdocs.plugins.journeys")


def prepare(config: MkDocsConfig, prefix: str) -> None:
    """Bring the Markdown extensions, offline fonts, the stylesheet and the page script."""
    if line := enabled_line(bring_markdown_extensions(config), offline_fonts(config)):
        log.info(line)
    if prefix + STYLESHEET not in config.extra_css:
        config.extra_css.append(prefix + STYLESHEET)
    if prefix + PAGE_SCRIPT not in map(str, config.extra_javascript):
        config.extra_javascript.append(prefix + PAGE_SCRIPT)


def _short(name: str) -> str:
    """'markdown.extensions.toc' and 'toc' are one extension."""
    return name.removeprefix("markdown.extensions.")


def bring_markdown_extensions(config: MkDocsConfig) -> list[str]:
    """Enable what the pages need and the site lacks; the names of what was enabled."""
    names = {_short(n): n for n in config.markdown_extensions}
    added: list[str] = []
    for needed in ("attr_list", "md_in_html", "tables", "admonition", "pymdownx.details"):
        if needed not in names:
            config.markdown_extensions.append(needed)
            added.append(needed)
    # MkDocs always loads toc (a builtin); "configured" means the site gave it options.
    if not config.mdx_configs.get(names.get("toc", "toc")):
        config.mdx_configs["toc"] = {"permalink": True}
        added.append("toc (permalink)")
    if SUPERFENCES not in names:
        config.markdown_extensions.append(SUPERFENCES)
        config.mdx_configs[SUPERFENCES] = {"custom_fences": [dict(MERMAID_FENCE)]}
        added.append(f"{SUPERFENCES} (mermaid fence)")
    else:
        _check_mermaid_fence(config.mdx_configs.get(SUPERFENCES) or {})
    return added


def _check_mermaid_fence(options: dict) -> None:
    fences = options.get("custom_fences") or []
    mermaid = [f for f in fences if isinstance(f, dict) and f.get("name") == "mermaid"]
    if not mermaid:
        raise PluginError(
            "journeys: markdown_extensions: pymdownx.superfences: custom_fences has no "
            "'mermaid' fence, so the handbook's diagrams would show as code. Add:\n"
            "        custom_fences:\n"
            "          - name: mermaid\n"
            "            class: mermaid\n"
            "            format: !!python/name:mermaid2.fence_mermaid_custom")
    if mermaid[0].get("format") is None:
        raise PluginError("journeys: markdown_extensions: pymdownx.superfences: the 'mermaid' "
                          "custom fence has no format, so diagrams would not be drawn "
                          "(use format: !!python/name:mermaid2.fence_mermaid_custom)")


def offline_fonts(config: MkDocsConfig) -> bool:
    """Material without a `font:` setting fetches Google Fonts: switch to system fonts."""
    if config.theme.name != "material" or _site_chose_fonts(config):
        return False
    config.theme["font"] = False
    return True


def _site_chose_fonts(config: MkDocsConfig) -> bool:
    """Whether mkdocs.yml sets theme.font (the theme's default is indistinguishable from it
    once loaded). A file this cannot read counts as 'chosen': leave the fonts alone."""
    try:
        with open(config.config_file_path, encoding="utf-8") as file:
            raw = yaml_load(file)
    except Exception:  # noqa: BLE001 - INHERIT, !relative...: MkDocs read it, we need not
        return True
    if not isinstance(raw, dict) or "INHERIT" in raw:
        return True
    theme = raw.get("theme")
    return isinstance(theme, dict) and "font" in theme  # `theme: material` chose nothing


def enabled_line(added: list[str], fonts_off: bool) -> str | None:
    """The one log line saying what the plugin enabled, or None when it enabled nothing."""
    parts = []
    if added:
        parts.append("enabled the Markdown extensions its pages need: " + ", ".join(added))
    if fonts_off:
        parts.append("turned off Material's Google Fonts (set theme.font to choose fonts)")
    return "journeys: " + "; ".join(parts) if parts else None
