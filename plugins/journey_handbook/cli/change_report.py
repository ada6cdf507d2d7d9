"""`journeys diff` output: Markdown for a pull-request comment, or JSON for tools.

The Markdown leads with headline counts, then one short section per kind of
change; the list of changed pages is folded away, since it can be long. Text
from the data files goes through `markup.md`, so a title cannot break a table
or inject markup into the comment.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..analysis.changes import CatalogDiff, HandbookDiff, OpportunityChange, PageChange, StepChange
from ..git import Snapshot
from ..site import urls
from ..site.components import number
from ..site.markup import md

COMMENT_MARKER = "<!-- journeys-diff -->"  # lets a workflow find and update its own comment

_HEADLINE = [  # (section, [(summary key, label)])
    ("Privacy exceptions", [("privacy_exceptions_added", "added")]),
    ("Plain language", [("plain_language_exceptions_added", "lines accepted"),
                        ("reading_grades_rose", "grades rose")]),
    ("Journeys", [("journeys_added", "added"), ("journeys_removed", "removed"),
                  ("journeys_renamed", "renamed"), ("journeys_changed", "changed")]),
    ("Steps", [("steps_added", "added"), ("steps_removed", "removed"),
               ("steps_renamed", "renamed"), ("steps_moved", "moved"),
               ("steps_changed", "changed")]),
    ("Emotion", [("emotion_up", "up"), ("emotion_down", "down")]),
    ("Confidence", [("now_known", "now known"), ("now_hypothesized", "now hypothesized")]),
    ("Opportunities", [("opportunities_added", "added"), ("opportunities_removed", "removed"),
                       ("opportunities_renamed", "renamed"),
                       ("opportunities_reprioritised", "re-prioritised"),
                       ("opportunities_status_changed", "status changed"),
                       ("opportunities_changed", "changed")]),
    ("Personas", [("personas_added", "added"), ("personas_removed", "removed"),
                  ("personas_renamed", "renamed"), ("personas_changed", "changed")]),
    ("Touchpoints", [("touchpoints_added", "added"), ("touchpoints_removed", "removed"),
                     ("touchpoints_changed", "changed")]),
    ("Evidence", [("evidence_added", "added"), ("evidence_removed", "removed"),
                  ("evidence_changed", "changed")]),
    ("Phases", [("phases_added", "added"), ("phases_removed", "removed"),
                ("phases_changed", "changed")]),
    ("Teams", [("teams_added", "added"), ("teams_removed", "removed"),
               ("teams_changed", "changed")]),
    ("Metrics", [("metrics_added", "added"), ("metrics_removed", "removed"),
                 ("metrics_renamed", "renamed"), ("metrics_changed", "changed")]),
    ("Observations", [("observations_added", "new"), ("observations_revised", "revised"),
                      ("observations_removed", "removed")]),
    ("Targets", [("targets_reached", "reached")]),
    ("Experiments", [("experiments_added", "added"), ("experiments_removed", "removed"),
                     ("experiments_concluded", "concluded"),
                     ("experiments_status_changed", "status changed"),
                     ("experiments_changed", "changed")]),
    ("Re-triage", [("retriage_due", "now due")]),
    ("Future and nested maps", [("relations_changed", "changed")]),
    ("Funnels", [("funnel_conversions_moved", "conversions moved")]),
    ("Pages", [("pages_added", "added"), ("pages_removed", "removed"),
               ("pages_changed", "changed"), ("pages_redirected", "now redirects")]),
]


def headline(diff: HandbookDiff) -> str:
    counts = diff.summary()
    parts = []
    for section, keys in _HEADLINE:
        shown = [f"{counts[k]} {label}" for k, label in keys if counts[k]]
        if shown:
            parts.append(f"**{section}** " + ", ".join(shown))
    return " · ".join(parts)


def _code(text: str) -> str:
    return f"`{text}`"  # ids are kebab-case: safe inside a code span


def _comparing(base: Snapshot, head: Snapshot) -> str:
    def side(s: Snapshot) -> str:
        if s.commit is None:
            return "the working tree"
        label = md(s.label) if "`" in s.label else _code(s.label)  # a revision, as typed
        return f"{label} ({_code(s.short)})" if s.short else label

    return f"Comparing {side(base)} with {side(head)}."


def _catalog_url(kind: str, item_id: str) -> str:
    return urls.url({"journeys": urls.journey, "personas": urls.persona}[kind](item_id))


def _page_link(url: str, site_url: str | None) -> str:
    if not site_url:
        return _code(url)
    return f"[{url}]({site_url.rstrip('/')}{url})"


# --- Markdown -----------------------------------------------------------------------------

def markdown(diff: HandbookDiff, base: Snapshot, head: Snapshot, *,
             site_url: str | None = None) -> str:
    out = [COMMENT_MARKER, "## Journey handbook changes", "", _comparing(base, head), ""]
    if base.data_dir is None:
        out += [f"There is no handbook at {_code(md(base.label))}: everything is new.", ""]
    if diff.empty:
        out.append("No changes to the handbook's content or pages.")
        return "\n".join(out) + "\n"
    out += [headline(diff), ""]
    out += _privacy(diff)
    out += _plain_language(diff)
    if diff.handbook_fields:
        out += ["### Handbook", "", "Changed in handbook.yml: "
                + ", ".join(_code(f) for f in diff.handbook_fields), ""]
    out += _catalog("Journeys", diff.journeys, site_url, "journeys")
    out += _relations(diff)
    if diff.steps:
        out += ["### Steps", "", "| Journey | Step | What changed |", "|---|---|---|"]
        out += [_step_row(s, site_url) for s in diff.steps]
        out.append("")
    if diff.opportunities:
        out += ["### Opportunities", "", "| Opportunity | Journey | What changed |",
                "|---|---|---|"]
        out += [_opportunity_row(o) for o in diff.opportunities]
        out.append("")
    out += _measures(diff)
    for title, catalog, kind in (("Personas", diff.personas, "personas"),
                                 ("Touchpoints", diff.touchpoints, None),
                                 ("Evidence", diff.evidence, None),
                                 ("Phases", diff.phases, None), ("Teams", diff.teams, None)):
        out += _catalog(title, catalog, site_url, kind)
    out += _pages(diff.pages, site_url)
    return "\n".join(out).rstrip() + "\n"


def _num(value: float | None) -> str:
    return "–" if value is None else number(value)


def _measures(diff: HandbookDiff) -> list[str]:
    out = _catalog("Metrics", diff.metrics, None, None)
    if diff.observations:
        out += ["### Observations", "", "| Metric | New | Revised | Removed | Latest |",
                "|---|---|---|---|---|"]
        for o in diff.observations:
            latest = "" if not o.latest else f"{_num(o.latest[0])} → {_num(o.latest[1])}"
            new = str(o.added) + (f" (to {o.latest_date})" if o.latest_date else "")
            if o.segments:
                new += "; segments " + ", ".join(md(s) for s in o.segments)
            out.append(f"| **{md(o.name)}** {_code(o.metric)} | {new} | {o.revised} | "
                       f"{o.removed} | {latest} |")
        out.append("")
    if diff.targets_reached:
        out += ["### Targets reached", ""]
        for t in diff.targets_reached:
            seg = f" (segment {md(t.segment)})" if t.segment else ""
            better = "at or above" if t.direction == "up" else "at or below"
            out.append(f"- **{md(t.name)}** {_code(t.metric)}{seg}: {_num(t.value)} on "
                       f"{t.date}, {better} its target {_num(t.target)}")
        out.append("")
    if diff.experiments:
        out += ["### Experiments", "", "| Experiment | Metric | Opportunity | What changed |",
                "|---|---|---|---|"]
        for e in diff.experiments:
            if e.status in ("added", "removed"):
                what = f"{e.status} ({e.current_status})"
            else:
                parts = []
                if e.status_change:
                    parts.append(f"status {e.status_change[0]} → **{e.status_change[1]}**")
                if e.fields:
                    parts.append("changed " + ", ".join(_code(f) for f in e.fields))
                what = "; ".join(parts)
            out.append(f"| {_code(e.id)} | {_code(e.metric)} | {_code(e.opportunity)} | "
                       f"{what} |")
        out.append("")
    if diff.retriage_due:
        out += ["### Re-triage now due", ""]
        for r in diff.retriage_due:
            out.append(f"- **{md(r.title)}** {_code(r.id)}: " + "; ".join(md(x) for x in r.reasons))
        out.append("")
    return out + _funnels(diff)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{number(value)}%"


def _funnels(diff: HandbookDiff) -> list[str]:
    """Funnel conversions that moved, per journey (the figures of `journeys funnel`)."""
    if not diff.funnels:
        return []
    out = ["### Funnel conversions", "", "| Journey | Funnel date | Stage | Conversion |",
           "|---|---|---|---|"]
    for f in diff.funnels:
        dates = f.date[1] or "no funnel" if f.date[0] == f.date[1] else \
            f"{f.date[0] or 'no funnel'} → {f.date[1] or 'no funnel'}"
        for i, m in enumerate(f.moves):
            journey = f"**{md(f.title)}** {_code(f.journey)}" if i == 0 else ""
            stage = _code(m.step) + " " + _code(m.metric) if m.step else _code(m.metric)
            out.append(f"| {journey} | {dates if i == 0 else ''} | {stage} | "
                       f"{_pct(m.before)} → {_pct(m.after)} |")
    out.append("")
    return out


def _relations(diff: HandbookDiff) -> list[str]:
    """Journeys that became or stopped being future maps or focused maps of another."""
    if not diff.relations:
        return []
    lines = ["### Future and nested maps", ""]
    for r in diff.relations:
        was = f"{r.relation} {md(r.before)}" if r.before else f"not {r.relation} another map"
        now = f"{r.relation} {md(r.after)}" if r.after else f"no longer {r.relation} a map"
        lines.append(f"- **{md(r.title)}** {_code(r.journey)}: {was} → **{now}**")
    return lines + [""]


def _privacy(diff: HandbookDiff) -> list[str]:
    """Every privacy finding this change accepts, with its reason, for the reviewer to judge."""
    if not diff.privacy_exceptions:
        return []
    lines = ["### Privacy exceptions", "",
             "This change accepts these findings of the privacy guard with "
             "`# privacy: ok - <reason>`. Check that each one is not personal data.", "",
             "| Where | Kind | Text | Reason |", "|---|---|---|---|"]
    for a in diff.privacy_exceptions:
        lines.append(f"| {md(f'{a.file}:{a.line}')} | {md(a.label)} | {md(a.text)} | "
                     f"{md(a.reason)} |")
    return lines + [""]


def _plain_language(diff: HandbookDiff) -> list[str]:
    """Lines this change accepts with `# plain-language: ok`, and grades that rose."""
    lines = []
    if diff.plain_exceptions:
        lines += ["### Plain-language exceptions", "",
                  "This change accepts these plain-language findings with "
                  "`# plain-language: ok - <reason>`. Check that each reason holds.", "",
                  "| Where | What | Reason |", "|---|---|---|"]
        lines += [f"| {md(f'{a.file}:{a.line}')} | {md(a.what)} | {md(a.reason)} |"
                  for a in diff.plain_exceptions]
        lines.append("")
    if diff.grades_rose:
        lines += ["### Reading grades that rose", "",
                  "| Persona | Phase | Before | After | Target |", "|---|---|---|---|---|"]
        lines += [f"| {md(r.persona_name)} | {md(r.phase_name)} | {r.before:g} | "
                  f"{r.after:g}{' (over)' if r.over else ''} | {r.target:g} |"
                  for r in diff.grades_rose]
        lines.append("")
    return lines


def _catalog(title: str, diff: CatalogDiff, site_url: str | None, kind: str | None) -> list[str]:
    if not diff:
        return []

    def named(item_id: str, name: str, live: bool = True) -> str:
        label = f"**{md(name)}** {_code(item_id)}"
        if kind and live and site_url:
            return f"{label} ({_page_link(_catalog_url(kind, item_id), site_url)})"
        return label

    lines = [f"### {title}", ""]
    lines += [f"- Added {named(i.id, i.title)}" for i in diff.added]
    lines += [f"- Removed {named(i.id, i.title, live=False)}" for i in diff.removed]
    for c in diff.changed:
        text = f"- Renamed {_code(c.renamed_from)} → {named(c.id, c.title)}" if c.renamed_from \
            else f"- Changed {named(c.id, c.title)}"
        if c.renamed_from and kind:
            text += " (old links redirect)"
        if c.fields:
            text += ": " + ", ".join(_code(f) for f in c.fields)
        lines.append(text)
    return lines + [""]


def describe_step(s: StepChange) -> list[str]:
    """The changes of one step as short phrases, most significant first."""
    if s.status == "added":
        return [f"added in {_code(s.phase)}"]
    if s.status == "removed":
        return [f"removed from {_code(s.phase)}"]
    parts = []
    if s.renamed_from:
        parts.append(f"renamed from {_code(s.renamed_from)} (old anchor kept)")
    if s.moved:
        parts.append(f"moved {_code(s.moved[0])} → {_code(s.moved[1])}")
    if s.emotion:
        before, after = (str(x) if x is not None else "none" for x in s.emotion)
        arrow = {"up": " ▲", "down": " ▼"}.get(s.emotion_direction or "", "")
        parts.append(f"emotion {before} → {after}{arrow}")
    if s.confidence:
        parts.append(f"{s.confidence[0]} → **{s.confidence[1]}**")
    if s.fields:
        parts.append("changed " + ", ".join(_code(f) for f in s.fields))
    return parts


def _step_row(s: StepChange, site_url: str | None) -> str:
    step = f"{_code(s.id)} {md(s.action)}"
    if site_url and s.status != "removed":
        step = f"[{_code(s.id)}]({site_url.rstrip('/')}{urls.step_url(s.journey, s.id)}) " \
               f"{md(s.action)}"
    return f"| {md(s.journey_title)} | {step} | {'; '.join(describe_step(s))} |"


def _fmt_priority(value: float | None) -> str:
    return "unscored" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def describe_opportunity(o: OpportunityChange) -> list[str]:
    if o.status == "added":
        return [f"added ({o.current_status})"]
    if o.status == "removed":
        return ["removed"]
    parts = []
    if o.renamed_from:
        parts.append(f"renamed from {_code(o.renamed_from)} (old anchor kept)")
    if o.priority:
        a, b = o.priority
        parts.append(f"priority {_fmt_priority(a.priority)} → {_fmt_priority(b.priority)} "
                     f"(impact {a.impact or '–'} → {b.impact or '–'}, "
                     f"effort {a.effort or '–'} → {b.effort or '–'}; "
                     f"backlog rank {a.rank} → {b.rank})")
    if o.status_change:
        parts.append(f"status {o.status_change[0]} → **{o.status_change[1]}**")
    if o.fields:
        parts.append("changed " + ", ".join(_code(f) for f in o.fields))
    return parts


def _opportunity_row(o: OpportunityChange) -> str:
    return (f"| **{md(o.title)}** {_code(o.id)} | {_code(o.journey)} | "
            f"{'; '.join(describe_opportunity(o))} |")


def _pages(pages: list[PageChange], site_url: str | None) -> list[str]:
    if not pages:
        return []
    counts = {k: sum(p.status == k for p in pages)
              for k in ("added", "removed", "changed", "redirected")}
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    lines = ["### Pages", "", f"<details><summary>{len(pages)} generated "
             f"file{'s' if len(pages) != 1 else ''} change ({summary})</summary>", "",
             "| Page | Change |", "|---|---|"]
    for p in pages:
        change = p.status
        if p.status == "changed":
            change += f" (+{p.added_lines} −{p.removed_lines} lines)"
        elif p.status == "redirected":
            change = "removed; the old URL redirects to the new page"
        elif p.path.endswith(".html"):
            change += " (redirect)"
        link = _code(p.url) if p.status == "removed" else _page_link(p.url, site_url)
        lines.append(f"| {link} | {change} |")
    return lines + ["", "</details>", ""]


# --- JSON -----------------------------------------------------------------------------------

def _from_to(pair: tuple | None, **extra: Any) -> dict | None:
    return None if pair is None else {"from": pair[0], "to": pair[1], **extra}


def as_json(diff: HandbookDiff, base: Snapshot, head: Snapshot) -> str:
    def side(s: Snapshot) -> dict:
        return {"revision": s.label, "commit": s.commit, "has_handbook": s.data_dir is not None}

    steps = [{
        "journey": s.journey, "journey_title": s.journey_title, "id": s.id, "action": s.action,
        "status": s.status, "phase": s.phase, "renamed_from": s.renamed_from,
        "moved": _from_to(s.moved),
        "emotion": _from_to(s.emotion, direction=s.emotion_direction),
        "confidence": _from_to(s.confidence), "fields": s.fields,
    } for s in diff.steps]
    opportunities = [{
        "id": o.id, "title": o.title, "journey": o.journey, "status": o.status,
        "current_status": o.current_status, "renamed_from": o.renamed_from,
        "priority": None if not o.priority else {"from": asdict(o.priority[0]),
                                                 "to": asdict(o.priority[1])},
        "status_change": _from_to(o.status_change), "fields": o.fields,
    } for o in diff.opportunities]
    catalogs = {name: {"added": [asdict(i) for i in c.added],
                       "removed": [asdict(i) for i in c.removed],
                       "changed": [asdict(i) for i in c.changed]}
                for name in ("journeys", "personas", "touchpoints", "evidence", "phases", "teams")
                for c in [getattr(diff, name)]}
    return json.dumps({
        "base": side(base), "head": side(head), "summary": diff.summary(),
        "handbook_fields": diff.handbook_fields, **catalogs, "steps": steps,
        "opportunities": opportunities, "pages": [asdict(p) for p in diff.pages],
        "metrics": {"added": [asdict(i) for i in diff.metrics.added],
                    "removed": [asdict(i) for i in diff.metrics.removed],
                    "changed": [asdict(i) for i in diff.metrics.changed]},
        "observations": [{**asdict(o), "latest": _from_to(o.latest)}
                         for o in diff.observations],
        "targets_reached": [asdict(t) for t in diff.targets_reached],
        "experiments": [{**asdict(e), "status_change": _from_to(e.status_change),
                         "concluded": e.concluded} for e in diff.experiments],
        "retriage_due": [asdict(r) for r in diff.retriage_due],
        "funnels": [{**asdict(f), "date": _from_to(f.date), "end_to_end": _from_to(f.end_to_end)}
                    for f in diff.funnels],
        "privacy_exceptions_added": [a.as_dict() for a in diff.privacy_exceptions],
        "plain_language_exceptions_added": [a.as_dict() for a in diff.plain_exceptions],
        "reading_grades_rose": [asdict(r) for r in diff.grades_rose],
        "relations": [asdict(r) for r in diff.relations],
    }, indent=2) + "\n"
