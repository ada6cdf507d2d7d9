"""Where people feel worst across the handbook: the numbers behind the `/moments/` page.

Pure functions of the resolved handbook (no Markdown), so the figures can be tested on a
small handcrafted handbook. A step's audience is its journey's audience (None: "other").
Average feeling counts scored steps only: an unscored step is unknown, not neutral.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..data.model import Handbook, Phase, Step

LOWEST = 15
AUDIENCE_ORDER = ("patient", "caregiver", "provider", "payer", "employer", "internal", None)


@dataclass
class Cell:
    phase: Phase
    audience: str | None
    steps: list[Step] = field(default_factory=list)

    @property
    def scored(self) -> list[Step]:
        return [s for s in self.steps if s.emotion is not None]

    @property
    def average_feeling(self) -> float | None:
        scores = [s.emotion.score for s in self.scored]
        return sum(scores) / len(scores) if scores else None

    @property
    def barriers(self) -> int:
        return sum(len(s.barriers) for s in self.steps)


@dataclass
class Heatmap:
    phases: list[Phase]  # rows, handbook order, only phases some step is in
    audiences: list[str | None]  # columns, in AUDIENCE_ORDER, only those with steps
    cells: dict[tuple[str, str | None], Cell]  # (phase id, audience) -> cell with steps

    def cell(self, phase: Phase, audience: str | None) -> Cell | None:
        return self.cells.get((phase.id, audience))


def heatmap(handbook: Handbook) -> Heatmap:
    cells: dict[tuple[str, str | None], Cell] = {}
    for journey in sorted(handbook.current_journeys(), key=lambda j: j.id):
        for step in journey.steps:
            key = (step.phase.id, journey.audience)
            cells.setdefault(key, Cell(step.phase, journey.audience)).steps.append(step)
    phase_ids = {p for p, _ in cells}
    audiences = {a for _, a in cells}
    return Heatmap(
        phases=[p for p in sorted(handbook.phases.values(), key=lambda p: p.index)
                if p.id in phase_ids],
        audiences=[a for a in AUDIENCE_ORDER if a in audiences],
        cells=cells)


def lowest_steps(handbook: Handbook, limit: int = LOWEST) -> list[Step]:
    """The scored steps that feel worst: lowest score, then most barriers, then journey
    and step order, so the list is stable from build to build."""
    scored = [s for j in sorted(handbook.current_journeys(), key=lambda j: j.id)
              for s in j.steps if s.emotion is not None]
    return sorted(scored, key=lambda s: (s.emotion.score, -len(s.barriers), s.journey.id,
                                         s.journey.steps.index(s)))[:limit]
