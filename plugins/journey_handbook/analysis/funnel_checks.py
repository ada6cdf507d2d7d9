"""`journeys check` warnings for funnels whose data does not add up.

A stage larger than the one before it is shown as it is (the spec), and check warns: more
people reaching a later step usually means the two metrics count different things. A
warning, only from `journeys check`, so that a strict site build does not fail on data.
"""

from __future__ import annotations

from ..data.diagnostics import Diagnostic, Severity
from ..data.funnel import funnel
from ..data.model import Handbook
from ..site.components import number


def funnel_warnings(handbook: Handbook) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for journey in handbook.journeys.values():
        shown = funnel(journey)
        for before, stage in zip(shown.stages, shown.stages[1:], strict=False):
            if not stage.grows:
                continue
            where = stage.step.id if stage.step is not None else stage.metric.id
            line, column, path = journey.funnel_marks.get(stage.metric.id, (1, 1, "funnel"))
            segment = f" (segment '{shown.segment}')" if shown.segment else ""
            out.append(Diagnostic(
                journey.source, line, column,
                f"funnel grows at {where}: check the metric definitions",
                path=path,
                hint=f"on {shown.date.isoformat()}{segment} '{stage.metric.id}' counts "
                     f"{number(stage.value)}, more than the {number(before.value)} of "
                     f"'{before.metric.id}' before it; a later stage usually counts a "
                     "subset of the people of the one before",
                severity=Severity.WARNING))
    return out
