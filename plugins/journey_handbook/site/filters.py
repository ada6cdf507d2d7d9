"""The backlog's filter: the markup the page script reads, rendered by the build.

Every place an opportunity appears on `/backlog/` carries `data-opp="<id>"`; its detail
section also carries what the filter compares (owner, status, phases, journey, re-triage).
The controls are in the page (a <noscript> style hides them without scripts): the script
reads and writes the URL query (`?owner=&status=&phase=&journey=&retriage=1`) and hides
what does not match. Without
the script the whole backlog shows and no control is left that does nothing.
"""

from __future__ import annotations

from ..data.measures import retriage_reasons
from ..data.model import Opportunity
from .markup import attr, html_text

# URL query keys, in the order the controls appear; the planning-doc contract.
KEYS = ("owner", "status", "phase", "journey", "retriage")
STATUS_ORDER = ["idea", "planned", "in-progress", "shipped", "measured", "dropped"]


def opportunity_data(opp: Opportunity) -> str:
    """The attributes the filter compares, for the opportunity's detail section."""
    phases = " ".join(dict.fromkeys(s.phase.id for s in opp.steps))
    return (f'data-opp="{attr(opp.id)}" data-owner="{attr(opp.owner.id)}" '
            f'data-status="{attr(opp.status)}" data-phase="{attr(phases)}" '
            f'data-journey="{attr(opp.journey.id)}" '
            f'data-retriage="{1 if retriage_reasons(opp) else 0}"')


def ref(opp: Opportunity, inner: str, css: str = "") -> str:
    """`inner` marked as one appearance of `opp` (hidden with it)."""
    return f'<span class="jh-opp-ref{" " + css if css else ""}" data-opp="{attr(opp.id)}">' \
        f"{inner}</span>"


def _select(key: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{attr(value)}">{html_text(text)}</option>'
                    for value, text in options)
    return (f'<p class="jh-filter-field"><label for="jh-filter-{key}">{label}</label>'
            f'<select id="jh-filter-{key}" name="{key}"><option value="">All</option>'
            f"{items}</select></p>")


def filter_form(backlog: list[Opportunity]) -> str:
    """The controls (hidden without scripts) and the live "showing N of M" line."""
    owners = {o.owner.id: o.owner.name for o in backlog}
    statuses = [s for s in STATUS_ORDER if any(o.status == s for o in backlog)]
    phases = {s.phase.id: s.phase for o in backlog for s in o.steps}
    journeys = {o.journey.id: o.journey.title for o in backlog}
    fields = [
        _select("owner", "Owner", sorted(owners.items(), key=lambda kv: kv[1].lower())),
        _select("status", "Status", [(s, s.replace("-", " ")) for s in statuses]),
        _select("phase", "Phase", [(p.id, p.name) for p in
                                   sorted(phases.values(), key=lambda p: p.index)]),
        _select("journey", "Journey", sorted(journeys.items(), key=lambda kv: kv[1].lower())),
        '<p class="jh-filter-field jh-filter-check"><input type="checkbox" id="jh-filter-'
        'retriage" name="retriage" value="1"><label for="jh-filter-retriage">Needs re-triage'
        "</label></p>",
        '<p class="jh-filter-field"><button type="reset" class="jh-filter-reset">Show all'
        "</button></p>",
    ]
    # Shown from the first paint when scripts run (revealing it later moved the whole
    # backlog down: a layout shift of 0.27 on a phone); hidden by <noscript> when they do not.
    return ('<noscript><style>.jh-filter { display: none; }</style></noscript>'
            f'<form class="jh-filter" data-total="{len(backlog)}" '
            'aria-label="Filter the backlog">'
            f'<fieldset><legend>Filter the backlog</legend>{"".join(fields)}</fieldset>'
            '<p class="jh-filter-count" role="status" aria-live="polite"></p>'
            '<p class="jh-filter-note" hidden>The impact and effort chart shows every '
            "opportunity: it is hidden while a filter is on.</p></form>")
