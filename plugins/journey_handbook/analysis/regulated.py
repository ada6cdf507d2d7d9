"""`journeys check` warnings for maps whose regulated steps went through review unchecked.

A warning, not an error, and only from `journeys check`: the spec asks check to warn
(and the pages to say so); a strict site build must not fail on it.
"""

from __future__ import annotations

from ..data.diagnostics import Diagnostic, Severity
from ..data.measures import regulated_review_gap, regulated_steps
from ..data.model import Handbook


def regulated_review_warnings(handbook: Handbook) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    reviewers = [t.id for t in handbook.teams.values() if t.reviews_regulated]
    for journey in handbook.journeys.values():
        if not regulated_review_gap(journey):
            continue
        latest = journey.latest_review
        index = next(i for i, e in enumerate(journey.spec.review_log) if e is latest.spec)
        steps = regulated_steps(journey)
        touched = ", ".join(dict.fromkeys(
            f"{s.touchpoint.id} ({', '.join(s.touchpoint.regulated)})" for s in steps))
        hint = ("invite " + " or ".join(f"'{t}'" for t in reviewers)
                if reviewers else "mark the compliance or privacy team with "
                "`reviews_regulated: true` in handbook.yml, invite it")
        out.append(Diagnostic(
            journey.source, *latest.mark,
            f"the latest review of '{journey.title}' ({latest.date.isoformat()}) had no "
            f"compliance or privacy team, but steps {', '.join(s.id for s in steps)} touch "
            f"regulated touchpoints: {touched}",
            path=f"review_log[{index}]",
            hint=hint + " to the next review and list it in `participants`",
            severity=Severity.WARNING))
    return out
