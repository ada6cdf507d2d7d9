"""Safe Markdown building blocks for generated pages.

Text from data files is untrusted: `md()` makes it inert in Markdown *and* HTML
(so `<b>` shows as text and `[x](javascript:..)` is not a link). Links between
generated pages are relative `.md` links, so MkDocs validates and rewrites them
and any other Markdown site generator understands them too.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

# Python-Markdown's backslash escapes; '<' '>' '&' '|' become HTML entities instead.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
_SPACE = re.compile(r"\s+")


def md(text: object) -> str:
    """Untrusted text as inline Markdown that renders exactly as written."""
    if text is None:
        return ""
    s = _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", str(text)).strip())
    return html.escape(s, quote=True).replace("|", "&#124;")


def md_block(text: object) -> str:
    """Untrusted multi-paragraph text: paragraphs kept, everything else as `md()`."""
    if text is None:
        return ""
    paragraphs = re.split(r"\n\s*\n", str(text).strip())
    return "\n\n".join(md(p) for p in paragraphs if p.strip())


def attr(text: object) -> str:
    """Untrusted text inside an HTML attribute value (always double-quoted)."""
    return html.escape("" if text is None else str(text), quote=True)


def heading(level: int, text: str, anchor: str | None = None, *, raw: bool = False) -> str:
    """A Markdown heading; `anchor` becomes its id (ids are validated kebab-case)."""
    body = text if raw else md(text)
    return f"{'#' * level} {body}" + (f" {{ #{anchor} }}" if anchor else "")


def rel(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Relative link target from one generated .md page to another."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target + (f"#{anchor}" if anchor else "")


def link(from_page: str, to_page: str, text: str, anchor: str | None = None, *,
         raw: bool = False) -> str:
    return f"[{text if raw else md(text)}]({rel(from_page, to_page, anchor)})"


SAFE_SCHEMES = {"http", "https", "mailto"}


def external(url: str | None, text: str | None = None) -> str:
    """A link from data: only http(s)/mailto become links; anything else stays text."""
    if not url:
        return ""
    label = md(text or url)
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme in SAFE_SCHEMES:
        href = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~-._")
        return f'<a href="{attr(href)}" rel="noopener">{label}</a>'
    return f"<code>{html.escape(url)}</code>" if not text else label


def badge(text: str, kind: str = "", title: str | None = None) -> str:
    """A small label; `kind` picks its colour (CSS class jh-badge--<kind>)."""
    cls = "jh-badge" + (f" jh-badge--{kind}" if kind else "")
    tip = f' title="{attr(title)}"' if title else ""
    return f'<span class="{cls}"{tip}>{md(text)}</span>'


def cell(items: Iterable[str], sep: str = "<br>") -> str:
    """Several already-rendered items in one table cell."""
    return sep.join(i for i in items if i)


def table(headers: list[str], rows: Iterable[list[str]], *, empty: str = "") -> str:
    """A Markdown table from already-rendered cells (use md() on raw text)."""
    rows = list(rows)
    if not rows:
        return f"_{empty}_" if empty else ""
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        out.append("| " + " | ".join(c.replace("\n", " ") or " " for c in row) + " |")
    return "\n".join(out)


def bullets(items: Iterable[str]) -> str:
    """A Markdown list from already-rendered items."""
    return "\n".join(f"- {i}" for i in items if i)


def front_matter(title: str, **meta: str) -> str:
    """YAML front matter; values are JSON-quoted so any text is safe YAML."""
    import json

    lines = [f"title: {json.dumps(title)}"] + [
        f"{k}: {json.dumps(v)}" for k, v in meta.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def page_path(kind: str, item_id: str | None = None) -> str:
    """The .md path of a contract page (see the URL contract in the format spec)."""
    if kind == "home":
        return "index.md"
    if item_id is None:
        return f"{kind}/index.md"
    return f"{kind}/{item_id}/index.md"
