"""Many step or journey links in one place, kept to a few links per line.

A persona acts in one or two steps of every journey, so at 300 journeys a line listing
"their steps in this phase" held 50 to 150 links: hard to read, and slow to convert, because
Python-Markdown 3.11 scans a whole paragraph or list item again after each link it finds
(`LinkInlineProcessor.getText`): a line of L links and n characters costs L x n. Up to
INLINE_LINKS links stay one line; longer lists become a list with one item per journey
("Journey title: step, step"), none holding more than GROUP_LINKS step links.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...data.model import Journey, Step
from ..markup import md
from .links import future_mark, journey_link, step_link

INLINE_LINKS = 8
GROUP_LINKS = 12


def too_many_links(items: Sequence[object]) -> bool:
    """Whether the links to `items` are too many for one line."""
    return len(items) > INLINE_LINKS


def by_journey(steps: Sequence[Step]) -> dict[str, list[Step]]:
    """The steps of each journey, by journey id, journeys in the steps' order (one pass: a
    search per journey costs journeys x steps at 1,000 journeys)."""
    groups: dict[str, list[Step]] = {}
    for step in steps:
        groups.setdefault(step.journey.id, []).append(step)
    return groups


def steps_by_journey(from_page: str, steps: Sequence[Step], indent: str = "") -> str:
    """A Markdown list, one item per journey (in the steps' order) naming its steps."""
    lines = []
    for theirs in by_journey(steps).values():
        name = md(theirs[0].journey.title) + future_mark(theirs[0].journey)
        for start in range(0, len(theirs), GROUP_LINKS):  # a journey of many: more items
            links = ", ".join(step_link(from_page, s) for s in theirs[start:start + GROUP_LINKS])
            lines.append(f"{indent}- {name}: {links}")
    return "\n".join(lines)


def journey_list(from_page: str, journeys: Sequence[Journey], indent: str = "") -> str:
    """A Markdown list of journey links, one per item."""
    return "\n".join(f"{indent}- {journey_link(from_page, j)}" for j in journeys)


def journeys_count(steps: Sequence[Step]) -> int:
    return len({s.journey.id for s in steps})
