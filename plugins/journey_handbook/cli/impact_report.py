"""`journeys impact` output as text (terminal), Markdown (an issue or PR) or JSON."""

from __future__ import annotations

import json

from ..analysis.impact import Impact
from ..site import urls
from ..site.markup import md


def _subject(result: Impact) -> str:
    alias = f" (old id '{result.requested}')" if result.requested != result.id else ""
    return f"{result.kind} '{result.id}' ({result.name}){alias}"


def text(result: Impact) -> str:
    lines = [f"What depends on {_subject(result)}:"]

    def section(title: str, rows: list[tuple[str, str, str]]) -> None:
        lines.append("")
        lines.append(f"{title} ({len(rows)})" if rows else f"{title}: none")
        width = max((len(r[0]) for r in rows), default=0)
        for ref, label, note in rows:
            line = f"  {ref.ljust(width)}  {label}" + (f"  ({note})" if note else "")
            lines.append(line.rstrip())

    section("Journeys", [(j.id, j.title, "") for j in result.journeys])
    if result.kind == "journey":
        section("Related maps", [(u.journey.id, u.journey.title, u.how)
                                 for u in result.related])
    section("Steps", [(u.step.ref, u.step.action, u.how) for u in result.steps])
    section("Opportunities", [(u.opportunity.id, u.opportunity.title, u.how)
                              for u in result.opportunities])
    if result.kind == "team":
        section("Touchpoints owned", [(t, "", "") for t in result.touchpoints])
    if result.kind == "metric":
        section("Phases", [(u.phase.id, u.phase.name, u.how) for u in result.phases])
        section("Experiments", [(e.id, e.hypothesis, f"{e.status}; opportunity "
                                 f"{e.opportunity.id}") for e in result.experiments])
    section("Pages", [(url, "", "") for url in result.urls])
    return "\n".join(lines) + "\n"


def markdown(result: Impact) -> str:
    alias = f" (old id `{result.requested}`)" if result.requested != result.id else ""
    lines = [f"### What depends on the {result.kind} **{md(result.name)}** `{result.id}`{alias}",
             ""]

    def section(title: str, items: list[str]) -> None:
        lines.append(f"**{title}** ({len(items)})" if items else f"**{title}**: none")
        lines.append("")
        if items:
            lines.extend(f"- {i}" for i in items)
            lines.append("")

    section("Journeys", [f"{md(j.title)} `{j.id}`" for j in result.journeys])
    if result.kind == "journey":
        section("Related maps", [f"{md(u.journey.title)} `{u.journey.id}`: {u.how}"
                                 for u in result.related])
    section("Steps", [f"`{u.step.ref}` {md(u.step.action)}: {u.how}" for u in result.steps])
    section("Opportunities", [f"{md(u.opportunity.title)} `{u.opportunity.id}`: {u.how}"
                              for u in result.opportunities])
    if result.kind == "team":
        section("Touchpoints owned", [f"`{t}`" for t in result.touchpoints])
    if result.kind == "metric":
        section("Phases", [f"{md(u.phase.name)} `{u.phase.id}`: {u.how}"
                           for u in result.phases])
        section("Experiments", [f"`{e.id}` {md(e.hypothesis)}: {e.status}; opportunity "
                                f"`{e.opportunity.id}`" for e in result.experiments])
    section("Pages", [f"`{url}`" for url in result.urls])
    return "\n".join(lines).rstrip() + "\n"


def as_json(result: Impact) -> str:
    return json.dumps({
        "kind": result.kind, "id": result.id, "name": result.name,
        "requested": result.requested,
        "journeys": [{"id": j.id, "title": j.title, "url": urls.url(urls.journey(j.id))}
                     for j in result.journeys],
        "steps": [{"journey": u.step.journey.id, "id": u.step.id, "action": u.step.action,
                   "phase": u.step.phase.id, "how": u.how,
                    "url": urls.step_url(u.step.journey.id, u.step.id)}
                  for u in result.steps],
        "opportunities": [{"id": u.opportunity.id, "title": u.opportunity.title,
                           "journey": u.opportunity.journey.id, "how": u.how,
                           "url": urls.opportunity_url(u.opportunity.id)}
                          for u in result.opportunities],
        "touchpoints": result.touchpoints,
        "related": [{"id": u.journey.id, "title": u.journey.title, "how": u.how,
                     "url": urls.url(urls.journey(u.journey.id))} for u in result.related],
        "phases": [{"id": u.phase.id, "name": u.phase.name, "how": u.how,
                    "url": urls.url(urls.phase(u.phase.id))} for u in result.phases],
        "experiments": [{"id": e.id, "hypothesis": e.hypothesis, "status": e.status,
                         "opportunity": e.opportunity.id,
                         "url": urls.metric_url(e.metric.id, e.id)}
                        for e in result.experiments],
        "pages": result.urls,
    }, indent=2) + "\n"
