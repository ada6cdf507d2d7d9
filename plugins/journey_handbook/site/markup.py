"""Safe Markdown building blocks for generated pages.

Text from data files is untrusted: `md()` makes it inert in Markdown *and* HTML
(so `<b>` shows as text and `[x](javascript:..)` is not a link). Links between
generated pages are relative `.md` links, so MkDocs validates and rewrites them
and any other Markdown site generator understands them too.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

# Python-Markdown's backslash escapes; '<' '>' '&' '|' become HTML entities instead.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
_SPACE = re.compile(r"\s+")
# Bidi embedding/override/isolate controls would reorder the text that follows them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def md(text: object) -> str:
    """Untrusted text as inline Markdown that renders exactly as written."""
    if text is None:
        return ""
    return _md(str(text))


# The same names and actions appear on many pages (a step on its journey, persona, phase,
# touchpoint and backlog pages): escaping each once halves the time to render the pages.
@functools.lru_cache(maxsize=65536)
def _md(text: str) -> str:
    s = _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", _BIDI.sub("", text)).strip())
    return html.escape(s, quote=True).replace("|", "&#124;")


def html_text(text: object) -> str:
    """Untrusted text inside raw HTML (and SVG, which is XML): no Markdown runs there, so
    only HTML escaping, with the same whitespace and bidi clean-up as `md()`."""
    if text is None:
        return ""
    return _html_text(str(text))


@functools.lru_cache(maxsize=65536)  # as _md: boards print the same names in every cell
def _html_text(text: str) -> str:
    return html.escape(_SPACE.sub(" ", _BIDI.sub("", text)).strip(), quote=True)


def md_block(text: object) -> str:
    """Untrusted multi-paragraph text: paragraphs kept, everything else as `md()`."""
    if text is None:
        return ""
    paragraphs = re.split(r"\n\s*\n", str(text).strip())
    return "\n\n".join(md(p) for p in paragraphs if p.strip())


def attr(text: object) -> str:
    """Untrusted text inside an HTML attribute value (always double-quoted)."""
    return html.escape("" if text is None else str(text), quote=True)


# Python-Markdown runs its link, escape and code patterns *before* it recognises inline
# HTML, and tables split rows on '|' first: inside a tag that is part of a Markdown page,
# `[x](javascript:..)` in an attribute would still become a link. As character references
# these characters mean the same to the browser and nothing to Markdown.
_MD_IN_ATTR = str.maketrans({c: f"&#{ord(c)};" for c in "\\`[]()|*_{}!"})


def _attr_in_markdown(text: object) -> str:
    """`attr()` for a raw HTML tag that sits inside Markdown text (links, badge titles)."""
    return attr(text).translate(_MD_IN_ATTR)


def heading(level: int, text: str, anchor: str | None = None, *, raw: bool = False) -> str:
    """A Markdown heading; `anchor` becomes its id (ids are validated kebab-case)."""
    body = text if raw else md(text)
    return f"{'#' * level} {body}" + (f" {{ #{anchor} }}" if anchor else "")


def rel(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Relative link target from one generated .md page to another."""
    target = _relpath(to_page, _folder(from_page))
    return target + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=4096)
def _folder(page: str) -> str:
    return posixpath.dirname(page) or "."


@functools.lru_cache(maxsize=65536)
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's own paths (relative, no `.` or `..` parts) without
    its two abspath calls: pages link to the same few hundred targets from the same few
    folders tens of thousands of times, and relpath was the largest cost of rendering them."""
    parts, base = path.split("/"), [] if start == "." else start.split("/")
    if any(part in ("", ".", "..") for part in (*parts, *base)):
        return posixpath.relpath(path, start)
    same = 0
    for a, b in zip(parts, base, strict=False):
        if a != b:
            break
        same += 1
    return "/".join([".."] * (len(base) - same) + parts[same:]) or "."


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
        return f'<a href="{_attr_in_markdown(href)}" rel="noopener">{label}</a>'
    return f"<code>{md(url)}</code>" if not text else label


def badge(text: str, kind: str = "", title: str | None = None) -> str:
    """A small label; `kind` picks its colour (CSS class jh-badge--<kind>)."""
    cls = "jh-badge" + (f" jh-badge--{kind}" if kind else "")
    tip = f' title="{_attr_in_markdown(title)}"' if title else ""
    return f'<span class="{cls}"{tip}>{md(text)}</span>'


def cell(items: Iterable[str], sep: str = "<br>") -> str:
    """Several already-rendered items in one table cell."""
    return sep.join(i for i in items if i)


def cell_list(items: Iterable[str]) -> str:
    """Already-rendered items as a compact bulleted list inside one table cell (one item: bare)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return '<ul class="jh-cell-list">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


# Past this many entries (rows, sections, sub-headings) a list is long on a phone: its blocks
# are drawn only near the screen (`block(reserve_rem=...)`) and the table of contents leaves its
# sub-headings out (page_extras.shorten_toc), so the two agree on which headings are skipped.
LONG_ENTRIES = 40
# A long block whose one table draws each row only near the screen (page_extras, lists.css).
LAZY_ROWS = "jh-lazy-rows"


def long_block(reserve_rem: float) -> tuple[str, str]:
    """(class, style attribute) of a block the browser may skip until it nears the screen
    (`content-visibility`, class `jh-long`), reserving `reserve_rem` meanwhile. Give at least
    the block's real height on a phone: a smaller placeholder makes axe measure its links
    against a layout they are not in, and the page below it jump when it is drawn."""
    return "jh-long", f'style="contain-intrinsic-size: auto {reserve_rem:.0f}rem"'


def block(css_class: str, markdown: str, *, reserve_rem: float | None = None) -> str:
    """Markdown inside a `<div class="...">` (md_in_html), so CSS can style that block;
    with `reserve_rem`, a long block (`long_block`)."""
    if reserve_rem is None:
        return f'<div class="{attr(css_class)}" markdown="1">\n\n{markdown}\n\n</div>'
    long_class, style = long_block(reserve_rem)
    classes = " ".join(c for c in (css_class, long_class) if c)
    return f'<div class="{attr(classes)}" {style} markdown="1">\n\n{markdown}\n\n</div>'


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


def _yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar that libyaml reads back as exactly `text`.

    Not json.dumps: it writes emoji as surrogate pairs (\\ud83d\\ude91), which MkDocs'
    CSafeLoader rejects, and MkDocs then silently renders the front matter as page text.
    """
    out = []
    for ch in text:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif (0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD
              or o >= 0x10000) and o != 0xFEFF:
            out.append(ch)
        elif 0xD800 <= o <= 0xDFFF:  # a lone surrogate cannot be written in YAML
            out.append("\uFFFD")
        else:
            out.append(f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}")
    return '"' + "".join(out) + '"'


def front_matter(title: str, hide: tuple[str, ...] = (), **meta: str) -> str:
    """YAML front matter; values are quoted so any text is safe YAML.

    Values are also HTML-escaped: MkDocs renders templates with autoescape off and
    Material prints `page.meta.title` raw in <title> and the header, and
    `page.meta.description` raw inside a <meta content="..."> attribute. `hide` takes
    fixed names from the page modules, never data.
    """
    lines = [f"title: {_yaml_quoted(attr(title))}"] + [
        f"{k}: {_yaml_quoted(attr(v))}" for k, v in meta.items() if v is not None]
    if hide:  # Material: leave out parts of the page ("navigation", "toc")
        lines += ["hide:"] + [f"  - {part}" for part in hide]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def percent(part: int, whole: int) -> int:
    """A share as a whole percentage, halves rounded up (0 when there is nothing to share)."""
    return int(100 * part / whole + 0.5) if whole else 0


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 journey', '3 journeys' ('1 opportunity', '2 opportunities' with `plural`)."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
