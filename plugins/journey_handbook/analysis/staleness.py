"""`journeys check --fail-stale`: overdue reviews as errors, old evidence as warnings.

Only this opt-in flag makes the passing of time fail a check, for teams that
want CI to enforce their review cadence; a plain check or build never does.
Old evidence is a warning, not an error: it asks for a look, and a map can be
current while citing a study from last year.
"""

from __future__ import annotations

from datetime import date

from ..data.diagnostics import Diagnostic, Severity
from ..data.model import Handbook
from ..data.reviews import evidence_age_days, review_status, stale_evidence


def staleness(handbook: Handbook, today: date, evidence_max_age: int) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for journey in handbook.journeys.values():
        # a journey file with errors fails the check already; its partial model may lack
        # the very dates a due date is computed from
        if not journey.complete or journey.status != "active" or not journey.is_stale(today):
            continue
        status = review_status(journey, today)
        owner = journey.owner.name + (f" ({journey.owner.github})"
                                      if journey.owner.github else "")
        line, column = journey.field_marks.get("reviewed", (1, 1))
        out.append(Diagnostic(
            journey.source, line, column,
            f"review overdue: '{journey.title}' was due {status.due.isoformat()} "
            f"({status.when}; reviewed {journey.reviewed.isoformat()}, "
            f"every {journey.review_every_days} days)",
            path="reviewed",
            hint=f"review the map with its owner, {owner}, then update `reviewed:`; "
                 "or set `status: archived` if it is no longer used"))
    evidence_file = handbook.sources.get("evidence", "")
    for ev in stale_evidence(handbook, today, evidence_max_age):
        out.append(Diagnostic(
            evidence_file, *ev.mark,
            f"evidence '{ev.id}' was collected {evidence_age_days(ev, today)} days ago "
            f"({ev.collected.isoformat()}), more than {evidence_max_age} days",
            path="collected",
            hint="refresh it or confirm it still holds (--evidence-max-age sets the limit)",
            severity=Severity.WARNING))
    return out
