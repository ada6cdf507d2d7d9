"""The backlog as downloads: CSV for spreadsheets, JSON for trackers and BI tools.

Pure functions returning text. Output is deterministic for the same data (fixed key
order, no timestamps), so downloads diff cleanly in git. References are written as
ids (`journey-id/step-id` for steps), dates as ISO strings.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from ..data.measures import outcome_progress, retriage_reasons
from ..data.model import Handbook, Metric, Opportunity

FORMAT_VERSION = 1
LIST_SEPARATOR = "; "  # joins list values in a CSV cell
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

BACKLOG_COLUMNS = [
    "id", "rank", "title", "status", "priority", "impact", "effort", "owner", "owner_name",
    "journey", "journey_title", "problem", "outcome_metric", "outcome_baseline",
    "outcome_target", "outcome_by", "steps", "evidence", "links", "aliases",
    # measures (issue 9): a metric outcome's latest value and share of the way to target
    "outcome_latest", "outcome_progress", "needs_retriage", "retriage_reasons", "triaged",
    "experiments",
]


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def rounded_priority(opp: Opportunity) -> float | None:
    return None if opp.priority is None else round(opp.priority, 2)


def backlog_rows(handbook: Handbook) -> list[dict[str, Any]]:
    """One row per opportunity in backlog (priority) order; list fields stay lists."""
    rows = []
    for rank, opp in enumerate(handbook.backlog(), start=1):
        outcome = opp.outcome
        progress = outcome_progress(opp)
        reasons = retriage_reasons(opp)
        rows.append({
            "id": opp.id,
            "rank": rank,
            "title": opp.title,
            "status": opp.status,
            "priority": rounded_priority(opp),
            "impact": opp.impact,
            "effort": opp.effort,
            "owner": opp.owner.id,
            "owner_name": opp.owner.name,
            "journey": opp.journey.id,
            "journey_title": opp.journey.title,
            "problem": opp.problem,
            "outcome_metric": outcome.metric if outcome else None,
            "outcome_baseline": outcome.baseline if outcome else None,
            "outcome_target": outcome.target if outcome else None,
            "outcome_by": iso_date(outcome.by) if outcome else None,
            "steps": [s.ref for s in opp.steps],
            "evidence": [e.id for e in opp.evidence],
            "links": list(opp.links),
            "aliases": list(opp.aliases),
            "outcome_latest": progress.latest.value if progress and progress.latest else None,
            "outcome_progress": None if progress is None or progress.share is None
            else round(progress.share, 3),
            "needs_retriage": bool(reasons),
            "retriage_reasons": reasons,
            "triaged": iso_date(opp.triaged),
            "experiments": [e.id for e in opp.experiments],
        })
    return rows


def spreadsheet_safe(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never evaluates as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def backlog_csv(handbook: Handbook) -> str:
    out = io.StringIO()
    # "\n", not RFC 4180's "\r\n": spreadsheets read both, and text-mode writes on
    # Windows would turn "\r\n" into "\r\r\n".
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BACKLOG_COLUMNS)
    for row in backlog_rows(handbook):
        writer.writerow([spreadsheet_safe(row[c]) for c in BACKLOG_COLUMNS])
    return out.getvalue()


def observations_csv(metric: Metric) -> str:
    """Every observation of a metric, in the measurements file's columns, segment by
    segment in date order: what the metric page's bounded chart and table summarise."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "value", "segment", "note"])
    for segment, points in metric.series.items():
        for o in points:
            value = int(o.value) if o.value.is_integer() else o.value
            writer.writerow([o.date.isoformat(), value, spreadsheet_safe(segment),
                             spreadsheet_safe(o.note)])
    return out.getvalue()


def backlog_json(handbook: Handbook) -> str:
    return dumps_json({
        "format_version": FORMAT_VERSION,
        "title": handbook.title,
        "opportunities": backlog_rows(handbook),
    })


def dumps_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


