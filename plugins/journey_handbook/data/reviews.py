"""When each journey map is due for review, and which evidence has grown old.

Pure functions of the handbook and a given `today`, so pages, exports and tests
agree on the same dates (builds can pin `today` for reproducible output).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Evidence, Handbook, Journey, Team

DUE_SOON_DAYS = 30
EVIDENCE_MAX_AGE_DAYS = 365

FRESH, DUE_SOON, STALE = "fresh", "due-soon", "stale"
STATE_LABELS = {FRESH: "fresh", DUE_SOON: "due soon", STALE: "stale"}


@dataclass(frozen=True)
class Trigger:
    """An event that forces a review; the file may write it as a bare type or with a note."""

    type: str
    note: str | None = None


@dataclass(frozen=True)
class ReviewStatus:
    journey: Journey
    owner: Team
    reviewed: date
    every_days: int
    due: date
    days_until_due: int  # negative once overdue
    state: str  # FRESH, DUE_SOON or STALE
    triggers: tuple[Trigger, ...]

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def when(self) -> str:
        """The due date relative to today, as people say it in a planning meeting."""
        days = self.days_until_due
        if days == 0:
            return "due today"
        if days < 0:
            return f"{-days} day{'s' if days != -1 else ''} overdue"
        return f"due in {days} day{'s' if days != 1 else ''}"


def triggers(journey: Journey) -> tuple[Trigger, ...]:
    return tuple(Trigger(t) if isinstance(t, str) else Trigger(t.type, t.note)
                 for t in journey.spec.triggers)


def review_status(journey: Journey, today: date,
                  due_soon_days: int = DUE_SOON_DAYS) -> ReviewStatus:
    # Same rule as Journey.is_stale: stale only once the due date is past, so a map
    # due today is "due soon", never both fresh on one page and stale on another.
    days = (journey.due - today).days
    if days < 0:
        state = STALE
    elif days <= due_soon_days:
        state = DUE_SOON
    else:
        state = FRESH
    return ReviewStatus(journey, journey.owner, journey.spec.reviewed, journey.review_every_days,
                        journey.due, days, state, triggers(journey))


def review_statuses(handbook: Handbook, today: date,
                    due_soon_days: int = DUE_SOON_DAYS) -> list[ReviewStatus]:
    """Every journey, the most overdue first (then by title, for a stable order)."""
    statuses = [review_status(j, today, due_soon_days) for j in handbook.journeys.values()]
    return sorted(statuses, key=lambda s: (s.due, s.journey.title.lower(), s.journey.id))


def evidence_age_days(evidence: Evidence, today: date) -> int | None:
    collected = evidence.spec.collected
    return None if collected is None else (today - collected).days


def stale_evidence(handbook: Handbook, today: date,
                   max_age_days: int = EVIDENCE_MAX_AGE_DAYS) -> list[Evidence]:
    """Evidence collected more than `max_age_days` ago, the oldest first.

    Undated evidence is not listed: its age is unknown, not known to be old.
    """
    old = [e for e in handbook.evidence.values()
           if (age := evidence_age_days(e, today)) is not None and age > max_age_days]
    return sorted(old, key=lambda e: (e.spec.collected, e.id))
