"""Every page path, URL and anchor of the published handbook: the page contract in one place.

A *path* is a docs-relative generated file (`journeys/<id>/index.md`), what MkDocs and
`journeys export markdown` write; a *URL* is where a reader finds it on the site with
directory URLs (`/journeys/<id>/`). Planning docs link to these, so they never change;
everything that needs one (pages, nav, diff, impact, reviews, exports) asks here.
"""

from __future__ import annotations

import functools
import posixpath
import re

HOME = "index.md"
JOURNEYS = "journeys/index.md"
PERSONAS = "personas/index.md"
PHASES = "phases/index.md"
BACKLOG = "backlog/index.md"
TOUCHPOINTS = "touchpoints/index.md"
EVIDENCE = "evidence/index.md"
REVIEWS = "reviews/index.md"
METRICS = "metrics/index.md"
MOMENTS = "moments/index.md"
CONTENT = "content/index.md"  # for writers: grades, terms and gaps by phase (spec "Plain language")
FUNNELS = "funnels/index.md"  # every journey's funnel, worst drop first; #<journey-id> each
BACKLOG_CSV = "backlog/backlog.csv"
BACKLOG_JSON = "backlog/backlog.json"
CHANGES = "changes/index.md"  # what changed, from git history
CHANGES_FEED = "changes/feed.xml"  # the same as an Atom feed

OPPORTUNITIES_ANCHOR = "opportunities"  # the journey page's own opportunity list
FUNNEL_ANCHOR = "funnel"  # the journey page's funnel section (and its board's lane)
WHERE_THEY_ACT_ANCHOR = "where-they-act"  # the persona page's journeys, one table each

# Home, then each section with its overview page first: the order of nav, diff and impact.
SECTION_ORDER = ("index.md", "journeys/", "moments/", "personas/", "phases/", "content/",
                 "metrics/", "funnels/", "backlog/", "touchpoints/", "evidence/", "reviews/",
                 "changes/")


def journey(journey_id: str) -> str:
    return f"journeys/{journey_id}/index.md"


def board(journey_id: str) -> str:
    """The journey board: the whole map at full width, for planning sessions and print."""
    return f"journeys/{journey_id}/board/index.md"


def role_anchor(actor_id: str) -> str:
    """`/journeys/<id>/board/#role-<persona-or-team-id>` focuses the board on one role."""
    return f"role-{actor_id}"


def persona(persona_id: str) -> str:
    return f"personas/{persona_id}/index.md"


def phase(phase_id: str) -> str:
    return f"phases/{phase_id}/index.md"


def content_url(phase_id: str | None = None) -> str:
    """`/content/#<phase-id>`: the writers' view of one phase."""
    return url(CONTENT, phase_id)


def content_anchor(phase_id: str, persona_id: str | None = None) -> str:
    """Anchors on /content/: `<phase-id>`, and `<phase-id>--<persona-id>` for one persona in
    it (ids never hold `--`, so the two kinds cannot clash)."""
    return f"{phase_id}--{persona_id}" if persona_id else phase_id


def metric(metric_id: str) -> str:
    """A metric's page (spec "New pages"); its experiments are anchors on it."""
    return f"metrics/{metric_id}/index.md"


def metric_csv(metric_id: str) -> str:
    """A metric's full series as CSV, beside its page (the page shows only a bounded part)."""
    return f"metrics/{metric_id}/{metric_id}.csv"


def metric_url(metric_id: str, experiment_id: str | None = None) -> str:
    return url(metric(metric_id), experiment_id)


def audience(audience_id: str | None) -> str:
    return f"audiences/{audience_key(audience_id)}/index.md"


def audience_key(audience_id: str | None) -> str:
    """Journeys without an audience are grouped under 'other'."""
    return audience_id or "other"


def redirect(kind: str, old_id: str) -> str:
    """The stub that keeps a renamed journey's or persona's old URL working."""
    folder = {"journey": "journeys", "persona": "personas"}[kind]
    return f"{folder}/{old_id}/index.html"


def url(path: str, anchor: str | None = None) -> str:
    """The site URL of a generated file, as a reader or a planning doc links to it."""
    if path.endswith("index.md") or path.endswith("index.html"):
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        out = f"/{folder}/" if folder else "/"
    elif path.endswith(".md"):
        out = f"/{path[:-3]}/"
    else:
        out = f"/{path}"
    return out + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=1 << 16)  # 85,000 links at 300 journeys, most to a few pages
def href(from_path: str, to_path: str, anchor: str | None = None) -> str:
    """A relative link in raw HTML, where no generator rewrites `.md` links: from one page's
    directory URL to another's (`../../../touchpoints/#web-form`)."""
    return _relative(url(from_path), url(to_path)) + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=1 << 16)  # a board links its journey page a few hundred times
def _relative(source: str, target: str) -> str:
    rel = posixpath.relpath(target, source)
    return "./" if rel == "." else rel + ("/" if target.endswith("/") else "")


def step_url(journey_id: str, step_id: str) -> str:
    return url(journey(journey_id), step_id)


def funnel_url(journey_id: str) -> str:
    """`/journeys/<id>/#funnel`: where a journey stops."""
    return url(journey(journey_id), FUNNEL_ANCHOR)


def funnels_anchor(journey_id: str) -> str:
    """A journey's row on `/funnels/` (spec: `/funnels/`, `#<journey-id>`)."""
    return journey_id


def opportunity_url(opportunity_id: str) -> str:
    return url(BACKLOG, opportunity_id)


def commit_anchor(commit: str) -> str:
    """`/changes/#c-<12 hex digits>`: one commit's entry on the change log."""
    return f"c-{commit[:12]}"


def absolute(site_url: str, path: str, anchor: str | None = None) -> str:
    """A generated file's absolute URL under `site_url` (feeds, link previews): the site
    URL's own path is kept, so a handbook published under /docs/ links there."""
    return site_url.rstrip("/") + url(path, anchor)


def site_order(path: str) -> tuple[bool, int, int, str]:
    """Pages before other files; home, then each section with its overview page first."""
    rank = next((i for i, s in enumerate(SECTION_ORDER) if path.startswith(s)),
                len(SECTION_ORDER))
    return not path.endswith(".md"), rank, path.count("/"), path


# --- prefix: the handbook inside an existing site -----------------------------------------------
# With the plugin option `prefix: handbook`, every generated page, asset and redirect moves
# under that folder: `/journeys/<id>/#<step-id>` becomes `/handbook/journeys/<id>/#<step-id>`
# and keeps its shape. Pages link each other relatively, so moving them all together keeps
# every link; pages are rendered without the prefix and moved by `under()` at the end.

_PREFIX_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def clean_prefix(value: str | None) -> str:
    """'handbook', '/handbook/' or 'docs/handbook' -> 'handbook/' ('' for none).

    Raises ValueError for a segment that is not a plain folder name (no '..', no spaces):
    the prefix becomes part of every URL."""
    segments = [s for s in (value or "").strip().strip("/").split("/") if s]
    for segment in segments:
        if not _PREFIX_SEGMENT.match(segment) or segment.strip(".") == "":
            raise ValueError(f"'{segment}' is not a plain folder name (letters, digits, '.', "
                             "'_' or '-')")
    return "".join(f"{s}/" for s in segments)


def under(prefix: str, path: str) -> str:
    """A docs-relative path moved under a cleaned prefix."""
    return prefix + path
