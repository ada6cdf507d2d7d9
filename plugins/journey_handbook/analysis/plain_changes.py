"""What a change does to plain language, for `journeys diff`: lines it newly accepts with
`# plain-language: ok - <reason>`, and reading grades that rose.

A reviewer should see every new exception with its reason, and every persona and phase whose
text got harder to read, whether or not it crossed the target.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.plain.scan import PlainAccepted, PlainReport


@dataclass(frozen=True)
class GradeRise:
    persona: str  # id
    persona_name: str
    phase: str  # id
    phase_name: str
    before: float
    after: float
    target: float

    @property
    def over(self) -> bool:
        return self.after > self.target


def added_plain_exceptions(before: list[tuple[str, PlainAccepted]],
                           after: list[tuple[str, PlainAccepted]]) -> list[PlainAccepted]:
    """Accepted findings of `after` that `before` does not have, matched by file (relative to
    its data folder), what is accepted and the reason: moving a line or a grade that changes
    is not a new exception, a new reason is. Repeats count one by one."""
    remaining: dict[tuple[str, str, str], int] = {}
    for rel, a in before:
        k = (rel, a.key, a.reason)
        remaining[k] = remaining.get(k, 0) + 1
    out = []
    for rel, a in after:
        k = (rel, a.key, a.reason)
        if remaining.get(k, 0):
            remaining[k] -= 1
        else:
            out.append(a)
    return out


def grades_that_rose(before: PlainReport | None, after: PlainReport | None) -> list[GradeRise]:
    """Cells graded on both sides whose grade went up (by at least 0.1, the grade's unit)."""
    if before is None or after is None:
        return []
    old = before.grades()
    out = []
    for cell in after.cells:
        was = old.get(cell.key)
        if was is not None and cell.grade is not None and cell.grade > was:
            out.append(GradeRise(cell.persona.id, cell.persona.name, cell.phase.id,
                                 cell.phase.name, was, cell.grade, cell.target))
    return out
