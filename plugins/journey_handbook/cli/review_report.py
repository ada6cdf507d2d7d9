"""`journeys reviews`: which maps are due for review, and which evidence has grown old.

The dates come from `reviews` (shared with the review page); this module only
selects and formats: a terminal table, a Markdown checklist for a recurring
"reviews due" issue, or JSON for scheduling tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..data.measures import regulated_review_gap, regulated_steps, retriage_reasons, triage_date
from ..data.model import Evidence, Handbook, Journey, Opportunity
from ..data.reviews import STALE, ReviewStatus, evidence_age_days, review_statuses, stale_evidence
from ..site import urls
from ..site.markup import md


@dataclass
class ReviewList:
    today: date
    due_within: int | None
    statuses: list[ReviewStatus]  # by due date, the most overdue first
    old_evidence: list[Evidence]
    evidence_max_age: int
    # opportunities needing re-triage (spec "Triage"), in backlog order, with the reasons
    retriage: list[tuple[Opportunity, list[str]]] = field(default_factory=list)
    # maps whose latest review had no reviews_regulated team although steps are regulated
    regulated_gaps: list[Journey] = field(default_factory=list)

    @property
    def horizon(self) -> date | None:
        if self.due_within is None:
            return None
        # --today 9999-12-31 leaves no room for any horizon: stop at the last date there is
        return self.today + timedelta(days=min(self.due_within, (date.max - self.today).days))


def review_list(handbook: Handbook, today: date, *, due_within: int | None = None,
                include_archived: bool = False, evidence_max_age: int = 365) -> ReviewList:
    """Journeys to review, optionally only those due within `due_within` days (or overdue)."""
    statuses = [s for s in review_statuses(handbook, today)
                if include_archived or s.journey.status != "archived"]
    if due_within is not None:
        statuses = [s for s in statuses if s.days_until_due <= due_within]
    archived = {j.id for j in handbook.journeys.values()
                if j.status == "archived" and not include_archived}
    retriage = [(o, reasons) for o in handbook.backlog() if o.journey.id not in archived
                and (reasons := retriage_reasons(o))]
    gaps = [j for j in handbook.journeys.values()
            if j.id not in archived and regulated_review_gap(j)]
    return ReviewList(today, due_within, statuses, stale_evidence(handbook, today,
                                                                  evidence_max_age),
                      evidence_max_age, retriage, gaps)


def _triggers(status: ReviewStatus) -> list[str]:
    return [t.type + (f" ({t.note})" if t.note else "") for t in status.triggers]


def _owner(status: ReviewStatus) -> str:
    github = status.owner.github
    return status.owner.name + (f" {github}" if github else "")


def _scope(reviews: ReviewList) -> str:
    if reviews.horizon is None:
        return f"as of {reviews.today.isoformat()}"
    return f"due by {reviews.horizon.isoformat()} (as of {reviews.today.isoformat()})"


def _counts(reviews: ReviewList) -> str:
    n = len(reviews.statuses)
    stale = sum(s.state == STALE for s in reviews.statuses)
    return f"{n} journey{'s' if n != 1 else ''}, {stale} stale"


def _cited_by(evidence: Evidence) -> str:
    steps, opps = len(evidence.steps), len(evidence.opportunities)
    return f"cited by {steps} step{'s' if steps != 1 else ''} and " \
           f"{opps} opportunit{'ies' if opps != 1 else 'y'}"


# --- text ---------------------------------------------------------------------------------

def text(reviews: ReviewList) -> str:
    lines = [f"Journey reviews {_scope(reviews)}: {_counts(reviews)}"]
    if reviews.statuses:
        rows = [("STATE", "DUE", "WHEN", "JOURNEY", "OWNER", "TRIGGERS")]
        rows += [(s.label + (" (draft)" if s.journey.status == "draft" else ""),
                  s.due.isoformat(), s.when, s.journey.id, _owner(s),
                  ", ".join(_triggers(s)) or "-") for s in reviews.statuses]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        lines.append("")
        for row in rows:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False))
                         + "  " + row[-1])
    lines += _evidence_text(reviews)
    lines += _retriage_text(reviews)
    lines += _gaps_text(reviews)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _retriage_text(reviews: ReviewList) -> list[str]:
    if not reviews.retriage:
        return []
    lines = ["", f"Opportunities that need re-triage ({len(reviews.retriage)}):"]
    for opp, reasons in reviews.retriage:
        lines.append(f"  {opp.id}  {opp.title}  (owner {opp.owner.name}; "
                     f"{_triaged(opp)})")
        lines += [f"    - {r}" for r in reasons]
    return lines


def _triaged(opp: Opportunity) -> str:
    if opp.triaged:
        return f"triaged {opp.triaged.isoformat()}"
    return f"never triaged; map reviewed {triage_date(opp).isoformat()}"


def _gap(journey: Journey) -> str:
    latest = journey.latest_review
    steps = ", ".join(s.id for s in regulated_steps(journey))
    who = ", ".join(t.id for t in latest.participants) or "no teams listed"
    return (f"latest review {latest.date.isoformat()} ({who}) had no compliance or privacy "
            f"team; regulated steps: {steps}")


def _gaps_text(reviews: ReviewList) -> list[str]:
    if not reviews.regulated_gaps:
        return []
    lines = ["", "Maps whose regulated steps lacked a compliance or privacy reviewer "
                 f"({len(reviews.regulated_gaps)}):"]
    lines += [f"  {j.id}  {j.title}  ({_gap(j)})" for j in reviews.regulated_gaps]
    return lines


def _evidence_text(reviews: ReviewList) -> list[str]:
    if not reviews.old_evidence:
        return []
    lines = ["", f"Evidence older than {reviews.evidence_max_age} days "
                 f"({len(reviews.old_evidence)}):"]
    for ev in reviews.old_evidence:
        age = evidence_age_days(ev, reviews.today)
        lines.append(f"  {ev.id}  {ev.title}  (collected {ev.collected}, {age} days ago; "
                     f"{_cited_by(ev)})")
    return lines


# --- Markdown (a checklist for a recurring issue) -----------------------------------------------

def markdown(reviews: ReviewList) -> str:
    lines = [f"## Journey reviews {_scope(reviews)}", "", f"{_counts(reviews)}.", ""]
    for s in reviews.statuses:
        mark = "**stale**" if s.state == STALE else s.label
        triggers = [f"`{t.type}`" + (f" ({md(t.note)})" if t.note else "")
                    for t in s.triggers]
        line = (f"- [ ] **{md(s.journey.title)}** `{s.journey.id}`: {mark}, due "
                f"{s.due.isoformat()} ({s.when}); owner {md(_owner(s))}")
        if s.journey.status == "draft":
            line += "; draft"
        if triggers:
            line += "; review also on " + ", ".join(triggers)
        lines.append(line)
    if not reviews.statuses:
        lines.append("Nothing is due.")
    if reviews.old_evidence:
        lines += ["", f"### Evidence older than {reviews.evidence_max_age} days", ""]
        for ev in reviews.old_evidence:
            lines.append(f"- [ ] **{md(ev.title)}** `{ev.id}`: collected {ev.collected} "
                         f"({evidence_age_days(ev, reviews.today)} days ago), {_cited_by(ev)}")
    if reviews.retriage:
        lines += ["", "### Opportunities that need re-triage", ""]
        for opp, reasons in reviews.retriage:
            lines.append(f"- [ ] **{md(opp.title)}** `{opp.id}`: owner {md(opp.owner.name)}; "
                         f"{_triaged(opp)}")
            lines += [f"  - {md(r)}" for r in reasons]
    if reviews.regulated_gaps:
        lines += ["", "### Regulated steps without a compliance or privacy reviewer", ""]
        lines += [f"- [ ] **{md(j.title)}** `{j.id}`: {md(_gap(j))}"
                  for j in reviews.regulated_gaps]
    return "\n".join(lines) + "\n"


# --- JSON ---------------------------------------------------------------------------------

def as_json(reviews: ReviewList) -> str:
    return json.dumps({
        "today": reviews.today.isoformat(),
        "due_within": reviews.due_within,
        "due_by": reviews.horizon.isoformat() if reviews.horizon else None,
        "journeys": [{
            "id": s.journey.id, "title": s.journey.title, "status": s.journey.status,
            "owner": {"id": s.owner.id, "name": s.owner.name, "github": s.owner.github},
            "reviewed": s.reviewed.isoformat(), "every_days": s.every_days,
            "due": s.due.isoformat(), "days_until_due": s.days_until_due, "state": s.state,
            "triggers": [{"type": t.type, "note": t.note} for t in s.triggers],
            "url": urls.url(urls.journey(s.journey.id)),
        } for s in reviews.statuses],
        "evidence_max_age_days": reviews.evidence_max_age,
        "stale_evidence": [{
            "id": ev.id, "title": ev.title, "collected": ev.collected.isoformat(),
            "age_days": evidence_age_days(ev, reviews.today),
            "steps": [s.ref for s in ev.steps],
            "opportunities": [o.id for o in ev.opportunities],
            "url": urls.url(urls.EVIDENCE, ev.id),
        } for ev in reviews.old_evidence],
        "needs_retriage": [{
            "id": opp.id, "title": opp.title, "journey": opp.journey.id,
            "owner": opp.owner.id,
            "triaged": opp.triaged.isoformat() if opp.triaged else None,
            "since": triage_date(opp).isoformat(), "reasons": reasons,
            "url": urls.opportunity_url(opp.id),
        } for opp, reasons in reviews.retriage],
        "regulated_review_gaps": [{
            "id": j.id, "title": j.title,
            "latest_review": j.latest_review.date.isoformat(),
            "participants": [t.id for t in j.latest_review.participants],
            "regulated_steps": [s.id for s in regulated_steps(j)],
            "url": urls.url(urls.journey(j.id)),
        } for j in reviews.regulated_gaps],
    }, indent=2) + "\n"
