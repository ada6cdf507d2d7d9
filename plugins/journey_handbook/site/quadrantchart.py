"""The backlog's impact/effort matrix drawn by the build as inline SVG.

Mermaid's quadrantChart drew it in the reader's browser: the Mermaid core and about 0.8 s of
main-thread work on a phone for a 600-opportunity backlog (a profile under Lighthouse's 4x
CPU slow-down), on the page whose many rows already cost the most to show. The positions are
known at build time, so the page carries an SVG that costs nothing to show, works without
JavaScript and never moves the page. Layout as before: quick wins top left, one point per
scored opportunity labelled by its rank (and title, for a short backlog).

Titles are escaped with `html_text()`; like the diagrams, the chart is a light card with dark
text in both palettes, and its title and description are its accessible name.
"""

from __future__ import annotations

import math

from ..data.model import Opportunity
from .diagrams import shorten
from .markup import html_text

QUADRANTS = ("Big bets", "Quick wins", "Fill-ins", "Reconsider")  # top right, anticlockwise

# Scores 1..5 to positions; 3 sits inside the "high impact" and "low effort" halves, as the
# description counts it, instead of on the line between two quadrants.
EFFORT_X = {1: 0.08, 2: 0.24, 3: 0.40, 4: 0.66, 5: 0.88}
IMPACT_Y = {1: 0.12, 2: 0.32, 3: 0.58, 4: 0.75, 5: 0.91}

WIDTH, HEIGHT = 720, 440
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 12, 36  # room for the axis names
NAME_BAND = 30  # a quadrant's name above its points
TITLE_LEN = 24
FULL_TITLES_UP_TO = 15  # more opportunities than this: points are labelled by rank only
# More than this: one circle per impact and effort score, sized and labelled by how many
# opportunities have it (hundreds of rank labels only covered each other).
POINTS_UP_TO = 60
# Where each of QUADRANTS sits: (column, row) from the top left.
_CORNERS = ((1, 0), (0, 0), (0, 1), (1, 1))


def _counted(scored: list[tuple[int, Opportunity]]) -> bool:
    """Whether the chart counts opportunities per pair of scores instead of placing each."""
    return len(scored) > POINTS_UP_TO


def _spread(index: int, count: int) -> float:
    """Offsets that keep opportunities with the same impact and effort apart."""
    if count == 1:
        return 0.0
    return (index / (count - 1) - 0.5) * 0.16


def _describe(scored: list[tuple[int, Opportunity]]) -> str:
    counts = dict.fromkeys(QUADRANTS, 0)
    for _rank, opp in scored:
        high_impact = (opp.impact or 0) >= 3
        low_effort = (opp.effort or 0) <= 3
        quadrant = (QUADRANTS[1] if low_effort else QUADRANTS[0]) if high_impact else \
            (QUADRANTS[2] if low_effort else QUADRANTS[3])
        counts[quadrant] += 1
    marks = "counted by impact and effort score" if _counted(scored) else \
        "each a point labelled by its backlog rank"
    return (f"{len(scored)} scored opportunities, {marks}. "
            + ", ".join(f"{name}: {n}" for name, n in counts.items()) + ".")


def _x(share: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * min(max(share, 0.02), 0.98)


def _y(share: float) -> float:
    """Each half keeps a band at its top for its quadrants' names, clear of the points."""
    half = (HEIGHT - TOP - BOTTOM) / 2
    share = min(max(share, 0.02), 0.98)
    top, within = (TOP, (share - 0.5) * 2) if share >= 0.5 else (TOP + half, share * 2)
    return top + NAME_BAND + (half - NAME_BAND - 6) * (1 - within)


def _quadrants() -> list[str]:
    half_w, half_h = (WIDTH - LEFT - RIGHT) / 2, (HEIGHT - TOP - BOTTOM) / 2
    out = [f'<rect class="jh-quadrant__card" width="{WIDTH}" height="{HEIGHT}" rx="4"/>']
    for n, (name, (col, row)) in enumerate(zip(QUADRANTS, _CORNERS, strict=True), start=1):
        x, y = LEFT + col * half_w, TOP + row * half_h
        out.append(f'<rect class="jh-quadrant__q{n}" x="{x:.0f}" y="{y:.0f}" '
                   f'width="{half_w:.0f}" height="{half_h:.0f}"/>'
                   f'<text class="jh-quadrant__name" x="{x + half_w / 2:.0f}" y="{y + 21:.0f}" '
                   f'text-anchor="middle">{name}</text>')
    mid_y = (HEIGHT - BOTTOM + TOP) / 2
    out.append(f'<text x="{(WIDTH + LEFT - RIGHT) / 2:.0f}" y="{HEIGHT - 12}" '
               'text-anchor="middle">Low effort → High effort</text>'
               f'<text x="20" y="{mid_y:.0f}" text-anchor="middle" '
               f'transform="rotate(-90 20 {mid_y:.0f})">Low impact → High impact</text>')
    return out


def _positions(scored: list[tuple[int, Opportunity]]
               ) -> list[tuple[int, Opportunity, float, float]]:
    """(rank, opportunity, x, y) of each point, x and y shares of the axes from the bottom
    left; opportunities with the same scores are spread apart, not stacked."""
    groups: dict[tuple[int, int], list[tuple[int, Opportunity]]] = {}
    for rank, opp in scored:
        groups.setdefault((opp.effort or 0, opp.impact or 0), []).append((rank, opp))
    out = []
    for (effort, impact), members in sorted(groups.items()):
        for i, (rank, opp) in enumerate(members):
            out.append((rank, opp, EFFORT_X[effort] + _spread(i, len(members)) / 2,
                        IMPACT_Y[impact] + _spread(len(members) - 1 - i, len(members)) / 3))
    return out


def _points(scored: list[tuple[int, Opportunity]]) -> list[str]:
    with_titles = len(scored) <= FULL_TITLES_UP_TO
    out = []
    for rank, opp, x, y in _positions(scored):
        title = " ".join(str(opp.title).split())
        label = f"#{rank}" + (" " + shorten(title, TITLE_LEN) if with_titles else "")
        cx, cy = _x(x), _y(y)
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4"/>'
                   f'<text x="{cx:.1f}" y="{cy - 7:.1f}" text-anchor="middle">'
                   f"{html_text(label)}</text>")
    return out


def _counts(scored: list[tuple[int, Opportunity]]) -> list[str]:
    cells: dict[tuple[int, int], int] = {}
    for _rank, opp in scored:
        key = (opp.effort or 0, opp.impact or 0)
        cells[key] = cells.get(key, 0) + 1
    out = []
    for (effort, impact), n in sorted(cells.items()):
        x, y = _x(EFFORT_X[effort]), _y(IMPACT_Y[impact])
        radius = min(11 + 2.2 * math.sqrt(n), 34)
        out.append(f'<circle class="jh-quadrant__cell" cx="{x:.1f}" cy="{y:.1f}" '
                   f'r="{radius:.1f}"/><text class="jh-quadrant__count" x="{x:.1f}" '
                   f'y="{y + 4.5:.1f}" text-anchor="middle">{n}</text>')
    return out


def caption(scored: list[tuple[int, Opportunity]]) -> str:
    """What the chart's marks are, for the sentence above it."""
    if _counted(scored):
        return ("Each circle counts the opportunities with one impact and effort score. "
                "Quick wins (high impact, low effort) are top left.")
    return ("Each point is an opportunity, labelled by its rank above. Quick wins (high "
            "impact, low effort) are top left.")


def quadrant_svg(scored: list[tuple[int, Opportunity]], chart_id: str = "impact-effort") -> str:
    """Impact (up) against effort (right) for every scored opportunity (HTML, one line:
    Markdown-safe), in a box the backlog filter hides as a whole."""
    title = "Opportunities by impact and effort"
    parts = [f'<title id="{chart_id}-title">{title}</title>',
             f'<desc id="{chart_id}-desc">{html_text(_describe(scored))}</desc>',
             *_quadrants(), '<g class="jh-quadrant__points">',
             *(_counts(scored) if _counted(scored) else _points(scored)), "</g>"]
    svg = (f'<svg class="jh-quadrant__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="{chart_id}-title {chart_id}-desc">{"".join(parts)}</svg>')
    # The box scrolls sideways on a phone: keyboard users scroll it once it has focus.
    return (f'<div class="jh-quadrant jh-filter-whole" tabindex="0" role="group" '
            f'aria-label="{title}">{svg}</div>')
