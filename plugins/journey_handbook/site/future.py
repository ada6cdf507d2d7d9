"""Journey-page sections for related maps: a future map against today (`#compare`), a
current map's future maps (`#future`), and where a focused map sits in its end-to-end map.

The comparison itself is `data.future.compare_future` (the `journeys diff` engine); this
module only writes it out. All data text goes through `md()`.
"""

from __future__ import annotations

from ..data.future import FutureComparison, StepDelta, compare_future
from ..data.measures import outcome_progress
from ..data.model import Journey, Opportunity, Step
from . import urls
from .components import metric_link, metric_value, muted, opportunity_status_badge
from .markup import cell, count, heading, link, md, table

COMPARE_ANCHOR = "compare"
FUTURE_ANCHOR = "future"
DETAILED_ANCHOR = "detailed_in"
NONE = "—"


def _wide(markdown_table: str) -> str:
    """Full width, an overlong word wrapped (the journey page's `jh-table`)."""
    if not markdown_table:
        return ""
    return f'<div class="jh-table" markdown>\n\n{markdown_table}\n\n</div>'


def step_range(journey: Journey) -> str:
    """'steps 3–5' of a focused map's range on its parent (numbers as on the parent)."""
    first, last = journey.part_range
    a, b = journey.parent.steps.index(first) + 1, journey.parent.steps.index(last) + 1
    return f"step {a}" if a == b else f"steps {a}–{b}"


def covering(step: Step) -> list[Journey]:
    """The focused maps whose range includes this step of their parent."""
    parent = step.journey
    return [f for f in parent.focused if step in parent.steps_between(*f.part_range)]


# -- notices at the top of the page ----------------------------------------------------------

def relation_notices(page: str, journey: Journey) -> str:
    out = []
    if journey.current is not None:
        current = journey.current
        out.append(
            '!!! abstract "Future map"\n\n'
            f"    The journey the team commits to, instead of today's "
            f"{link(page, urls.journey(current.id), current.title)}. "
            f"[What changes](#{COMPARE_ANCHOR}) is "
            "listed step by step below. Handbook-wide figures (home, moments) count current "
            "maps only.")
    if journey.parent is not None:
        parent, (first, last) = journey.parent, journey.part_range
        out.append(
            '!!! abstract "Focused map"\n\n'
            f"    Details part of {link(page, urls.journey(parent.id), parent.title)}: "
            f"{step_range(journey)}, from "
            f"{link(page, urls.journey(parent.id), _one_line(first.action), first.id)} to "
            f"{link(page, urls.journey(parent.id), _one_line(last.action), last.id)}.")
    return "\n\n".join(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- a current map: its future maps ----------------------------------------------------------

def future_section(page: str, journey: Journey) -> list[str]:
    if not journey.futures:
        return []
    rows = []
    for future in journey.futures:
        comparison = compare_future(future)
        summary = ", ".join(f"{comparison.count(s)} {s}" for s in ("added", "changed", "removed"))
        rows.append([link(page, urls.journey(future.id), future.title),
                     summary + " " + link(page, urls.journey(future.id), "(compare)",
                                          COMPARE_ANCHOR),
                     link(page, urls.board(future.id), "Board"),
                     count(len(comparison.opportunities), "opportunity", "opportunities")])
    return [heading(2, "Future maps", FUTURE_ANCHOR),
            "The journey the team commits to, drawn as its own map; its page compares it with "
            "this one step by step.",
            table(["Future map", "Steps", "Board", "Delivered by"], rows)]


# -- a future map: what changes ----------------------------------------------------------------

def compare_section(page: str, journey: Journey) -> list[str]:
    comparison = compare_future(journey)
    if comparison is None:
        return []
    current = comparison.current
    kept = len(comparison.unchanged)
    intro = (f"Against today's map {link(page, urls.journey(current.id), current.title)}: "
             f"{count(comparison.count('added'), 'step')} added, "
             f"{comparison.count('removed')} removed, {comparison.count('changed')} changed, "
             f"{kept} kept as {'it is' if kept == 1 else 'they are'}. A step with the same id "
             "(or an alias naming a current step's id) is the same step.")
    return [
        heading(2, "What changes from today", COMPARE_ANCHOR),
        intro,
        heading(3, "Steps", "compare_steps"),
        steps_table(page, comparison) or "_No step is added, removed or changed._",
        heading(3, "Delivered by", "compare_opportunities"),
        opportunities_table(page, comparison)
        or "_No step names the opportunities that deliver it (`delivered_by`)._",
        heading(3, "Regulated touchpoints", "compare_regulated"),
        regulated_table(page, comparison)
        or "_No regulated touchpoint is added, changed or removed._",
    ]


def steps_table(page: str, comparison: FutureComparison) -> str:
    rows = [[_step_cell(page, comparison, d), _status(d), _what_changes(d),
             cell(_opportunity(page, o) for o in d.delivered_by) or NONE]
            for d in comparison.steps]
    return _wide(table(["Step", "Change", "What changes (today → future)", "Delivered by"],
                       rows))


def _step_cell(page: str, comparison: FutureComparison, delta: StepDelta) -> str:
    if delta.future is None:  # removed: it lives on the current map only
        step = delta.current
        return link(page, urls.journey(comparison.current.id), _one_line(step.action), step.id)
    step = delta.future
    return f"{step.journey.steps.index(step) + 1}. [{md(_one_line(step.action))}](#{step.id})"


def _status(delta: StepDelta) -> str:
    renamed = delta.change.renamed_from
    return delta.change.status + (f" (was `{renamed}`)" if renamed else "")


def _what_changes(delta: StepDelta) -> str:
    if delta.change.status != "changed":
        return NONE
    lines = [f"**{f.name.capitalize()}:** {md(f.old)} → {md(f.new)}" for f in delta.fields]
    if delta.barriers_removed:
        lines.append("**Barriers removed:** " + "; ".join(md(b) for b in delta.barriers_removed))
    if delta.barriers_added:
        lines.append("**Barriers added:** " + "; ".join(md(b) for b in delta.barriers_added))
    if delta.other_fields:
        lines.append("**Also changed:** " + ", ".join(md(f) for f in delta.other_fields))
    return cell(lines) or NONE


def _opportunity(page: str, opp: Opportunity) -> str:
    return link(page, urls.BACKLOG, opp.title, opp.id)


def opportunities_table(page: str, comparison: FutureComparison) -> str:
    rows = []
    for opp in comparison.opportunities:
        steps = [s for s in comparison.future.steps if opp in s.delivered_by]
        rows.append([_opportunity(page, opp), opportunity_status_badge(opp),
                     cell(f"[{md(_one_line(s.action))}](#{s.id})" for s in steps),
                     *outcome_cells(page, opp)])
    return _wide(table(["Opportunity", "Status", "Delivers", "Outcome metric", "Baseline",
                        "Latest", "Target"], rows))


def outcome_cells(page: str, opp: Opportunity) -> list[str]:
    """Metric, baseline, latest, target: numbers in the metric's unit when the outcome is a
    metric id, the author's words otherwise."""
    outcome = opp.outcome
    if outcome is None:
        return [muted("no measurable outcome yet"), NONE, NONE, NONE]
    progress = outcome_progress(opp)
    if progress is not None:
        m = progress.metric
        latest = (f"{metric_value(m, progress.latest.value)} "
                  f"({progress.latest.date.isoformat()})" if progress.latest
                  else muted("no data yet"))
        return [metric_link(page, m), metric_value(m, progress.baseline), latest,
                metric_value(m, progress.target)]
    metric = metric_link(page, opp.outcome_metric) if opp.outcome_metric else md(outcome.metric)
    return [metric, md(outcome.baseline) or NONE, NONE, md(outcome.target) or NONE]


def regulated_table(page: str, comparison: FutureComparison) -> str:
    rows = [[link(page, urls.TOUCHPOINTS, r.touchpoint.name, r.touchpoint.id),
             ", ".join(md(k.replace("-", " ")) for k in r.touchpoint.regulated), r.status,
             _at(page, comparison.current, r.current_steps),
             _at(page, comparison.future, r.future_steps)] for r in comparison.regulated]
    return _wide(table(["Touchpoint", "Regulated", "Change", "Today at", "In the future at"],
                       rows))


def _at(page: str, journey: Journey, steps: list[Step]) -> str:
    if not steps:
        return NONE
    if page == urls.journey(journey.id):
        return cell(f"[{md(_one_line(s.action))}](#{s.id})" for s in steps)
    return cell(link(page, urls.journey(journey.id), _one_line(s.action), s.id) for s in steps)


# -- a parent map: its focused maps ----------------------------------------------------------

def detailed_section(page: str, journey: Journey) -> list[str]:
    if not journey.focused:
        return []
    rows = [[link(page, urls.journey(f.id), f.title), step_range(f),
             f"[{md(_one_line(f.part_range[0].action))}](#{f.part_range[0].id}) → "
             f"[{md(_one_line(f.part_range[1].action))}](#{f.part_range[1].id})",
             link(page, urls.board(f.id), "Board")] for f in journey.focused]
    return [heading(2, "Detailed in focused maps", DETAILED_ANCHOR),
            "Parts of this journey drawn in detail on their own maps.",
            table(["Focused map", "Steps", "From → to", "Board"], rows)]


def detailed_mark(page: str, step: Step) -> str:
    """'Detailed in <map>' under a step of a parent map that a focused map covers."""
    maps = covering(step)
    if not maps:
        return ""
    return "_Detailed in_ " + ", ".join(link(page, urls.journey(f.id), f.title) for f in maps)
