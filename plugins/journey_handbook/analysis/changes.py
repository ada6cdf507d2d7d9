"""What changed in the handbook between two versions, in the terms its readers use.

Items are matched by id; an item whose `aliases` name an id that disappeared is a
rename of it, not a removal plus an addition. Steps and opportunities report what
planning cares about (phase moves, emotion up or down, known versus hypothesized,
priority and status) and then the names of any other fields that changed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..data.compare import StepChange, changed_fields, compare_journey, compare_step, match_ids
from ..data.model import Handbook, Journey, Opportunity, Step
from ..data.plain.scan import PlainAccepted
from ..data.privacy_scan import Accepted
from ..site import urls
from ..site.pages import PageContext, render_site
from .funnel_changes import FunnelChange, funnel_changes
from .measure_changes import (
    ExperimentChange,
    ObservationChange,
    RetriageDue,
    TargetCrossing,
    experiment_changes,
    observation_changes,
    retriage_due,
    target_crossings,
)
from .plain_changes import GradeRise

# The step and journey comparison is data/compare.py's, shared with the future map's
# `#compare` section; its names stay importable from here.
__all__ = ["StepChange", "changed_fields", "compare", "compare_journey", "compare_step",
           "match_ids"]


@dataclass
class ItemRef:
    id: str
    title: str


@dataclass
class ItemChange:
    id: str
    title: str
    fields: list[str]
    renamed_from: str | None = None


@dataclass
class CatalogDiff:
    """Added, removed, renamed and changed items of one kind (journeys, personas...)."""

    added: list[ItemRef] = field(default_factory=list)
    removed: list[ItemRef] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)  # includes renames

    @property
    def renamed(self) -> list[ItemChange]:
        return [c for c in self.changed if c.renamed_from]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class Priority:
    impact: int | None
    effort: int | None
    priority: float | None
    rank: int  # 1-based position in the backlog


@dataclass
class OpportunityChange:
    id: str
    title: str
    journey: str
    status: str = "changed"  # added, removed or changed
    renamed_from: str | None = None
    priority: tuple[Priority, Priority] | None = None  # when impact or effort changed
    status_change: tuple[str, str] | None = None
    fields: list[str] = field(default_factory=list)
    current_status: str = ""


@dataclass
class PageChange:
    path: str  # docs-relative, e.g. journeys/first-visit/index.md
    url: str  # site URL path, e.g. /journeys/first-visit/
    status: str  # added, removed, changed, or redirected (a removed page's URL redirects)
    added_lines: int = 0
    removed_lines: int = 0


@dataclass
class RelationChange:
    """A journey became (or stopped being) a future map of another, or a focused map nested
    in another, or its range there changed. Descriptions read like "future of care-nav"."""

    journey: str
    title: str
    relation: str  # "future of" or "part of"
    before: str | None
    after: str | None


@dataclass
class HandbookDiff:
    handbook_fields: list[str] = field(default_factory=list)
    phases: CatalogDiff = field(default_factory=CatalogDiff)
    teams: CatalogDiff = field(default_factory=CatalogDiff)
    journeys: CatalogDiff = field(default_factory=CatalogDiff)
    personas: CatalogDiff = field(default_factory=CatalogDiff)
    touchpoints: CatalogDiff = field(default_factory=CatalogDiff)
    evidence: CatalogDiff = field(default_factory=CatalogDiff)
    steps: list[StepChange] = field(default_factory=list)
    opportunities: list[OpportunityChange] = field(default_factory=list)
    pages: list[PageChange] = field(default_factory=list)
    metrics: CatalogDiff = field(default_factory=CatalogDiff)
    observations: list[ObservationChange] = field(default_factory=list)
    experiments: list[ExperimentChange] = field(default_factory=list)
    targets_reached: list[TargetCrossing] = field(default_factory=list)
    retriage_due: list[RetriageDue] = field(default_factory=list)
    funnels: list[FunnelChange] = field(default_factory=list)  # conversions that moved
    # privacy findings that the head side accepts and the base side did not: every new
    # exception is shown to the reviewer (see added_exceptions)
    privacy_exceptions: list[Accepted] = field(default_factory=list)
    # lines newly accepted with `# plain-language: ok - <reason>`, and reading grades that
    # rose (see plain_changes)
    plain_exceptions: list[PlainAccepted] = field(default_factory=list)
    grades_rose: list[GradeRise] = field(default_factory=list)
    relations: list[RelationChange] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """Headline counts, in the order a reviewer reads them; zero counts included."""
        out: dict[str, int] = {}
        for name in ("journeys", "personas", "touchpoints", "evidence", "phases", "teams"):
            diff: CatalogDiff = getattr(self, name)
            out[f"{name}_added"] = len(diff.added)
            out[f"{name}_removed"] = len(diff.removed)
            out[f"{name}_renamed"] = len(diff.renamed)
            out[f"{name}_changed"] = len([c for c in diff.changed if c.fields])
        steps = self.steps
        out |= {
            "steps_added": sum(s.status == "added" for s in steps),
            "steps_removed": sum(s.status == "removed" for s in steps),
            "steps_renamed": sum(bool(s.renamed_from) for s in steps),
            "steps_moved": sum(bool(s.moved) for s in steps),
            "steps_changed": sum(bool(s.fields) for s in steps),
            "emotion_up": sum(s.emotion_direction == "up" for s in steps),
            "emotion_down": sum(s.emotion_direction == "down" for s in steps),
            "now_known": sum(bool(s.confidence) and s.confidence[1] == "known" for s in steps),
            "now_hypothesized": sum(bool(s.confidence) and s.confidence[1] == "hypothesized"
                                    for s in steps),
        }
        opps = self.opportunities
        out |= {
            "opportunities_added": sum(o.status == "added" for o in opps),
            "opportunities_removed": sum(o.status == "removed" for o in opps),
            "opportunities_renamed": sum(bool(o.renamed_from) for o in opps),
            "opportunities_reprioritised": sum(bool(o.priority) for o in opps),
            "opportunities_status_changed": sum(bool(o.status_change) for o in opps),
            "opportunities_changed": sum(bool(o.fields) for o in opps),
        }
        out |= {f"pages_{kind}": sum(p.status == kind for p in self.pages)
                for kind in ("added", "removed", "changed", "redirected")}
        out |= {
            "metrics_added": len(self.metrics.added),
            "metrics_removed": len(self.metrics.removed),
            "metrics_renamed": len(self.metrics.renamed),
            "metrics_changed": len([c for c in self.metrics.changed if c.fields]),
            "observations_added": sum(o.added for o in self.observations),
            "observations_revised": sum(o.revised for o in self.observations),
            "observations_removed": sum(o.removed for o in self.observations),
            "experiments_added": sum(e.status == "added" for e in self.experiments),
            "experiments_removed": sum(e.status == "removed" for e in self.experiments),
            "experiments_concluded": sum(e.concluded for e in self.experiments),
            "experiments_status_changed": sum(bool(e.status_change) for e in self.experiments),
            "experiments_changed": sum(bool(e.fields) for e in self.experiments),
            "targets_reached": len(self.targets_reached),
            "retriage_due": len(self.retriage_due),
            "funnel_conversions_moved": sum(len(f.moves) for f in self.funnels),
        }
        out["privacy_exceptions_added"] = len(self.privacy_exceptions)
        out["plain_language_exceptions_added"] = len(self.plain_exceptions)
        out["reading_grades_rose"] = len(self.grades_rose)
        out["relations_changed"] = len(self.relations)
        return out

    @property
    def empty(self) -> bool:
        return not any(self.summary().values()) and not self.handbook_fields


def _no_aliases(_item: Any) -> list[str]:
    return []


def _spec_aliases(item: Any) -> list[str]:
    return list(getattr(item.spec, "aliases", None) or [])


def compare_catalog(base: dict[str, Any], head: dict[str, Any], title: Callable[[Any], str],
                    aliases_of: Callable[[Any], Iterable[str]] = _no_aliases,
                    ignore: Iterable[str] = ()) -> CatalogDiff:
    added, removed, pairs = match_ids(base, head, aliases_of)
    out = CatalogDiff(
        added=[ItemRef(k, title(head[k])) for k in added],
        removed=[ItemRef(k, title(base[k])) for k in removed],
    )
    for old, new in pairs:
        fields = changed_fields(base[old].spec, head[new].spec, ignore)
        if fields or old != new:
            out.changed.append(ItemChange(new, title(head[new]), fields,
                                          old if old != new else None))
    return out


# --- opportunities ------------------------------------------------------------------------

StepKey = tuple[str, str]  # (journey id, step id)


def compare_opportunities(before: Handbook, after: Handbook, journey_renames: dict[str, str],
                          step_renames: dict[StepKey, StepKey]) -> list[OpportunityChange]:
    base, head = before.opportunities, after.opportunities
    base_rank = {o.id: i + 1 for i, o in enumerate(before.backlog())}
    head_rank = {o.id: i + 1 for i, o in enumerate(after.backlog())}
    added, removed, pairs = match_ids(base, head, _spec_aliases)
    out = [_opp_ref(head[k], "added") for k in added]
    out += [_opp_ref(base[k], "removed") for k in removed]
    for old, new in pairs:
        a, b = base[old], head[new]
        change = _opp_ref(b, "changed")
        change.renamed_from = old if old != new else None
        if (a.impact, a.effort) != (b.impact, b.effort):
            change.priority = (_priority(a, base_rank[old]), _priority(b, head_rank[new]))
        if a.status != b.status:
            change.status_change = (a.status, b.status)
        # experiments are reported in their own section
        fields = changed_fields(a.spec, b.spec,
                                ignore=("impact", "effort", "status", "experiments"))
        if "steps" in fields and _same_steps(a, b, step_renames):
            fields.remove("steps")  # the same steps, referred to by their new ids
        if journey_renames.get(a.journey.id, a.journey.id) != b.journey.id:
            fields.append("journey")
        change.fields = fields
        if change.renamed_from or change.priority or change.status_change or fields:
            out.append(change)
    rank = head_rank | {k: len(head_rank) + base_rank[k] for k in removed}
    return sorted(out, key=lambda c: (rank.get(c.id, 0), c.id))


def _same_steps(a: Opportunity, b: Opportunity, step_renames: dict[StepKey, StepKey]) -> bool:
    def key(step: Step) -> StepKey:
        return step.journey.id, step.id

    return [step_renames.get(key(s), key(s)) for s in a.steps] == [key(s) for s in b.steps]


def _opp_ref(opp: Opportunity, status: str) -> OpportunityChange:
    return OpportunityChange(opp.id, opp.title, opp.journey.id, status,
                             current_status=opp.status)


def _priority(opp: Opportunity, rank: int) -> Priority:
    return Priority(opp.impact, opp.effort, opp.priority, rank)


# --- pages --------------------------------------------------------------------------------

def compare_pages(before: dict[str, str], after: dict[str, str]) -> list[PageChange]:
    out: list[PageChange] = []
    # Pages first, in site order; downloads (CSV, JSON) and redirect stubs after them.
    for path in sorted(before.keys() | after.keys(), key=urls.site_order):
        a, b = before.get(path), after.get(path)
        if a == b:
            continue
        if a is None:
            out.append(PageChange(path, urls.url(path), "added", len(b.splitlines())))
        elif b is None:
            out.append(PageChange(path, urls.url(path), "removed", 0, len(a.splitlines())))
        else:
            plus = minus = 0
            for line in difflib.unified_diff(a.splitlines(), b.splitlines(), n=0):
                if line.startswith("+") and not line.startswith("+++"):
                    plus += 1
                elif line.startswith("-") and not line.startswith("---"):
                    minus += 1
            out.append(PageChange(path, urls.url(path), "changed", plus, minus))
    return _merge_redirects(out)


def _merge_redirects(changes: list[PageChange]) -> list[PageChange]:
    """A removed page replaced by a redirect stub at the same URL is one change: redirected."""
    stubs = {c.url: c for c in changes if c.status == "added" and c.path.endswith(".html")}
    gone = {c.url for c in changes if c.status == "removed" and c.url in stubs}
    out = []
    for c in changes:
        if c.url in gone:
            if c.status == "removed":
                out.append(PageChange(stubs[c.url].path, c.url, "redirected"))
            continue
        out.append(c)
    return out


def rendered_pages(handbook: Handbook | None, today: date) -> dict[str, str]:
    """Every generated file of a handbook, with no git history so that only content counts."""
    if handbook is None:
        return {}
    return render_site(PageContext(handbook, today, {})).pages


# --- the whole handbook ---------------------------------------------------------------------

def _name(item: Any) -> str:
    return getattr(item, "name", None) or getattr(item, "title", None) or item.id


def compare(before: Handbook | None, after: Handbook, today: date, *,
            pages: bool = True) -> HandbookDiff:
    """Semantic changes from `before` (None: no handbook yet) to `after`. `pages=False`
    skips rendering both sides to list changed pages (most of the cost; the change log
    links items instead)."""
    diff = HandbookDiff()
    if pages:
        diff.pages = compare_pages(rendered_pages(before, today), rendered_pages(after, today))
    if before is None:
        diff.journeys.added = [ItemRef(j.id, j.title) for j in after.journeys.values()]
        diff.personas.added = [ItemRef(p.id, p.name) for p in after.personas.values()]
        diff.touchpoints.added = [ItemRef(t.id, t.name) for t in after.touchpoints.values()]
        diff.evidence.added = [ItemRef(e.id, e.title) for e in after.evidence.values()]
        diff.opportunities = [_opp_ref(o, "added") for o in after.backlog()]
        diff.metrics.added = [ItemRef(m.id, m.name) for m in after.metrics.values()]
        diff.relations = relation_changes(None, after, {})
        _measures(diff, None, after, {}, {})
        return diff
    diff.handbook_fields = changed_fields(before.spec, after.spec, ignore=("phases", "teams"))
    diff.phases = compare_catalog(before.phases, after.phases, _name)
    diff.teams = compare_catalog(before.teams, after.teams, _name)
    diff.personas = compare_catalog(before.personas, after.personas, _name, _spec_aliases)
    diff.touchpoints = compare_catalog(before.touchpoints, after.touchpoints, _name)
    diff.evidence = compare_catalog(before.evidence, after.evidence, _name)
    added, removed, pairs = match_ids(before.journeys, after.journeys, _spec_aliases)
    diff.journeys.added = [ItemRef(k, after.journeys[k].title) for k in added]
    diff.journeys.removed = [ItemRef(k, before.journeys[k].title) for k in removed]
    step_renames: dict[StepKey, StepKey] = {}
    for old, new in pairs:
        fields, steps = compare_journey(before.journeys[old], after.journeys[new])
        if fields or old != new:
            diff.journeys.changed.append(ItemChange(new, after.journeys[new].title, fields,
                                                    old if old != new else None))
        diff.steps += steps
        head_ids = {s.id for s in after.journeys[new].steps}
        for step in before.journeys[old].steps:
            renamed = next((c.id for c in steps if c.renamed_from == step.id), None)
            if renamed or (old != new and step.id in head_ids):
                step_renames[(old, step.id)] = (new, renamed or step.id)
    renames = {old: new for old, new in pairs if old != new}
    diff.relations = relation_changes(before, after, renames)
    diff.opportunities = compare_opportunities(before, after, renames, step_renames)
    diff.metrics = compare_catalog(before.metrics, after.metrics, _name, _spec_aliases)
    metric_renames = {c.renamed_from: c.id for c in diff.metrics.renamed}
    opp_renames = {c.renamed_from: c.id for c in diff.opportunities if c.renamed_from}
    _measures(diff, before, after, metric_renames, opp_renames)
    diff.funnels = funnel_changes(before, after, renames, metric_renames)
    return diff


def _relations(journey: Journey) -> dict[str, str]:
    out = {}
    if journey.current is not None:
        out["future of"] = journey.current.id
    if journey.parent is not None:
        first, last = journey.part_range
        out["part of"] = f"{journey.parent.id}, steps {first.id} to {last.id}"
    return out


def relation_changes(before: Handbook | None, after: Handbook,
                     renames: dict[str, str]) -> list[RelationChange]:
    """Future-map and nesting relations that were set, changed or dropped, journey by
    journey (a renamed journey is compared with its old self)."""
    old_of = {new: old for old, new in renames.items()}
    out = []
    for journey in after.journeys.values():
        old = before.journeys.get(old_of.get(journey.id, journey.id)) if before else None
        was = _relations(old) if old else {}
        now = _relations(journey)
        for relation in ("future of", "part of"):
            a, b = was.get(relation), now.get(relation)
            if a != b and not (a and b and renames.get(a.split(",")[0]) == b.split(",")[0]
                               and a.split(",")[1:] == b.split(",")[1:]):
                out.append(RelationChange(journey.id, journey.title, relation, a, b))
    return out


def _measures(diff: HandbookDiff, before: Handbook | None, after: Handbook,
              metric_renames: dict[str, str], opp_renames: dict[str, str]) -> None:
    diff.observations = observation_changes(before, after, metric_renames)
    diff.experiments = experiment_changes(before, after)
    diff.targets_reached = target_crossings(before, after, metric_renames)
    diff.retriage_due = retriage_due(before, after, opp_renames)


# --- privacy exceptions ---------------------------------------------------------------------

def added_exceptions(before: list[tuple[str, Accepted]],
                     after: list[tuple[str, Accepted]]) -> list[Accepted]:
    """Accepted privacy findings of `after` that `before` does not have.

    Each side is (file relative to its data folder, finding). Findings are matched by file,
    kind, matched text and reason, not by line: moving a line is not a new exception, while
    a changed reason is (the reviewer must see the new one). Repeats count one by one.
    """
    def key(rel: str, a: Accepted) -> tuple[str, str, str, str]:
        return rel, a.kind, a.text, a.reason

    remaining: dict[tuple, int] = {}
    for rel, a in before:
        remaining[key(rel, a)] = remaining.get(key(rel, a), 0) + 1
    out = []
    for rel, a in after:
        k = key(rel, a)
        if remaining.get(k, 0):
            remaining[k] -= 1
        else:
            out.append(a)
    return out
