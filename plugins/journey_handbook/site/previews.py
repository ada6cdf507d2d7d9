"""Link previews: what a page says about itself when its link is pasted into chat or a ticket.

Chat crawlers show a title and a short description and read no further than the first
32 KB of a page, without running scripts. The descriptions come from the data (a journey's
summary with its owner and review state, a persona's role, a metric's latest value against
target), at most `LIMIT` characters; pages put them in their front matter (`description`),
which themes print as `<meta name="description">` and the plugin as `og:description`.
`head_tags` builds the `<meta property="og:...">` block itself.
"""

from __future__ import annotations

import re
from datetime import date

from ..data.model import Journey, Metric, Persona, Phase
from ..data.reviews import review_status
from .components import better_way, metric_value
from .markup import attr

LIMIT = 200
_SPACE = re.compile(r"\s+")


def shorten(text: str, limit: int = LIMIT) -> str:
    """Whitespace collapsed; cut at a word boundary with an ellipsis when too long."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _with_tail(text: str | None, tail: str) -> str:
    """`text` shortened so that `tail` (the facts a reader checks) always fits."""
    room = LIMIT - len(tail) - 1
    head = shorten(text or "", room) if text and room > 20 else ""
    return shorten(f"{head} {tail}" if head else tail)


def journey(j: Journey, today: date) -> str:
    if not j.complete:
        return shorten(j.summary or j.title)
    status = review_status(j, today)
    tail = f"Owner: {j.owner.name}. Review: {status.label}, {status.when}."
    return _with_tail(j.summary, tail)


def persona(p: Persona) -> str:
    facts = [p.role or ""]
    if p.decision_role:
        facts.append(f"Decision role: {p.decision_role.replace('-', ' ')}.")
    text = " ".join(f for f in facts if f) or f"Persona: {p.name}."
    return shorten(text)


def metric(m: Metric) -> str:
    latest = m.latest()
    if latest is None:
        value = "No observations yet."
    else:
        value = f"Latest {metric_value(m, latest.value)} on {latest.date.isoformat()}"
        value += f" against a target of {metric_value(m, m.target)}" \
            if m.target is not None else " (no target set)"
        value += f"; {better_way(m)}."
    # the value first: the definition may be cut, the number a reader checks may not
    return shorten(f"{value} {m.definition or ''}")


def phase(p: Phase) -> str:
    return shorten(p.goal or f"The {p.name} phase: what each role needs to hear.")


def head_tags(*, title: str, description: str, url: str, site_name: str, kind: str,
              feed: str | None = None, feed_title: str = "") -> str:
    """The link-preview tags (and the feed announcement) for the top of `<head>`.
    Every value is plain text; it is escaped here."""
    tags = [
        ("property", "og:type", kind),
        ("property", "og:title", shorten(title, 120)),
        ("property", "og:description", shorten(description)),
        ("property", "og:url", url),
        ("property", "og:site_name", site_name),
        ("name", "twitter:card", "summary"),
    ]
    out = [f'<meta {key}="{name}" content="{attr(value)}">' for key, name, value in tags
           if value]
    if feed:
        # "alternate feed", not "alternate" alone: feed readers look for the `alternate`
        # token, while Material takes every `link[rel=alternate]` (an exact match) for
        # another language of the site and fetches sitemap.xml beside it: a 404 on every
        # page of a site without navigation.instant (seen in tests/browser/test_adopting.py).
        out.append(f'<link rel="alternate feed" type="application/atom+xml" '
                   f'title="{attr(feed_title)}" href="{attr(feed)}">')
    return "".join(out)


def insert_in_head(page_html: str, tags: str) -> str:
    """`tags` right after the charset declaration (or `<head>`), so they sit in the first
    kilobytes whatever the theme puts in its head."""
    top = page_html[:4096]
    found = re.search(r"<meta charset=[^>]*>", top, re.I) or re.search(r"<head[^>]*>", top, re.I)
    if not found:
        return page_html
    return page_html[:found.end()] + tags + page_html[found.end():]
