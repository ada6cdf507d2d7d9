"""What changed (`/changes/`) and its Atom feed (`/changes/feed.xml`): the handbook's history.

One entry per commit that changed the data folder, newest first, at `#c-<commit>`; each
lists what the commit changed in the handbook's own terms and links the item where it lives
today. Built only when the caller gives a change log (the MkDocs plugin does).
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET

from .. import urls
from ..changelog import ChangeEntry, ChangeItem, ChangeLog, target
from ..components import muted
from ..context import PageContext
from ..markup import attr, bullets, count, front_matter, heading, html_text, link, md

PAGE = urls.CHANGES
FEED = urls.CHANGES_FEED
ATOM = "http://www.w3.org/2005/Atom"
FULL_HISTORY = ("in GitHub Actions set `fetch-depth: 0` on `actions/checkout`; in a local "
                "clone run `git fetch --unshallow`")


def render(ctx: PageContext) -> dict[str, str]:
    if ctx.changes is None:
        return {}
    return {PAGE: page(ctx, ctx.changes), FEED: feed(ctx, ctx.changes)}


def page(ctx: PageContext, log: ChangeLog) -> str:
    feed_name = posixpath.basename(FEED)
    parts = [
        front_matter("What changed", description="The newest changes to the journey maps, "
                     "personas, opportunities and metrics, from the handbook's git history."),
        "# What changed",
        f"{_extent(log)} Each entry lists what a commit changed and links each item where it "
        f"is today. Follow along in a feed reader: [Atom feed]({feed_name}).",
    ]
    if notice := _notice(log):
        parts.append(notice)
    for entry in log.entries:
        parts += _entry(ctx, entry)
    return "\n\n".join(parts) + "\n"


def _extent(log: ChangeLog) -> str:
    n = len(log.entries)
    if not n:
        return "No change to the handbook data is recorded yet."
    changes = count(n, "change")
    return f"The newest {changes}" if log.more else changes.capitalize() + \
        " to the handbook data, newest first."


def _notice(log: ChangeLog) -> str:
    if log.state == "shallow":
        return ('!!! note "Only part of the history"\n\n    This site was built from a shallow '
                "clone of the repository, so older changes are missing. To show them all, "
                f"build from the full history: {FULL_HISTORY}.")
    if log.state == "no-git":
        return ('!!! note "No history"\n\n    The data folder is not in a git repository (or '
                "git is not installed), so there is no history to show. Build from a git "
                f"clone with the full history: {FULL_HISTORY}.")
    return ""


def _entry(ctx: PageContext, entry: ChangeEntry) -> list[str]:
    meta = (f'<time datetime="{attr(entry.date)}">{entry.day}</time> · {md(entry.author)} · '
            f"commit <code>{entry.commit[:7]}</code>")
    out = [heading(2, entry.subject or entry.commit[:7], urls.commit_anchor(entry.commit)),
           f"{meta}\n{{ .jh-meta }}"]
    if entry.note:
        out.append(f"_{md(entry.note)}_")
    elif not entry.items:
        out.append(muted("No change a reader would notice (formatting or comments)."))
    else:
        out.append(bullets(_item(ctx, i) for i in entry.items))
    return out


def _item(ctx: PageContext, item: ChangeItem) -> str:
    where = target(ctx.handbook, item.ref)
    title = link(PAGE, where[0], item.title, where[1]) if where else md(item.title)
    detail = f" {muted('(' + md(item.detail) + ')')}" if item.detail else ""
    return f"**{md(item.what)}:** {title}{detail}"


# --- the feed ---------------------------------------------------------------------------------

def feed(ctx: PageContext, log: ChangeLog) -> str:
    """Atom (RFC 4287): absolute links when the site URL is known, else relative ones (to
    the feed's own address, which feed readers resolve)."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    title = f"{ctx.site_name or ctx.handbook.title}: what changed"
    _text(root, "title", title)
    _text(root, "id", _address(ctx, PAGE) if ctx.site_url else "urn:journeys:changes")
    newest = log.entries[0].date if log.entries else f"{ctx.today.isoformat()}T00:00:00Z"
    _text(root, "updated", newest)
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", ctx.site_name or ctx.handbook.title)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=_address(ctx, PAGE))
    if ctx.site_url:
        ET.SubElement(root, f"{{{ATOM}}}link", rel="self", type="application/atom+xml",
                      href=_address(ctx, FEED))
    for entry in log.entries:
        _feed_entry(ctx, root, entry)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _feed_entry(ctx: PageContext, root: ET.Element, entry: ChangeEntry) -> None:
    anchor = urls.commit_anchor(entry.commit)
    node = ET.SubElement(root, f"{{{ATOM}}}entry")
    _text(node, "title", entry.subject or entry.commit[:7])
    _text(node, "id", _address(ctx, PAGE, anchor) if ctx.site_url
          else f"urn:journeys:commit:{entry.commit}")
    _text(node, "updated", entry.date)
    author = ET.SubElement(node, f"{{{ATOM}}}author")
    _text(author, "name", entry.author or "unknown")
    ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=_address(ctx, PAGE, anchor))
    summary = f"{count(len(entry.items), 'change')}" if not entry.note else entry.note
    _text(node, "summary", summary)
    content = ET.SubElement(node, f"{{{ATOM}}}content", type="html")
    content.text = _content(ctx, entry)


def _content(ctx: PageContext, entry: ChangeEntry) -> str:
    """The entry's changes as HTML (escaped once more by the XML writer, as type="html" says)."""
    if entry.note or not entry.items:
        return f"<p>{html_text(entry.note or 'No change a reader would notice.')}</p>"
    lines = []
    for item in entry.items:
        where = target(ctx.handbook, item.ref)
        title = html_text(item.title)
        if where:
            title = f'<a href="{attr(_address(ctx, *where))}">{title}</a>'
        detail = f" ({html_text(item.detail)})" if item.detail else ""
        lines.append(f"<li><strong>{html_text(item.what)}:</strong> {title}{detail}</li>")
    return "<ul>" + "".join(lines) + "</ul>"


def _address(ctx: PageContext, path: str, anchor: str | None = None) -> str:
    if ctx.site_url:
        return urls.absolute(ctx.site_url, urls.under(ctx.prefix, path), anchor)
    return urls.href(PAGE, path, anchor)  # relative to /changes/, where the feed is


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    node.text = text
    return node
