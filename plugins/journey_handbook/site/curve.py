"""The board's feeling curve: inline SVG drawn at build time, one point per scored step.

The curve sits in a grid area spanning the step columns, which all have the same width, so
x positions are percentages of the SVG's width ((i + 0.5) / n): each point lands on the
centre of its step's column at any window width, with no script. Lines join only
neighbouring steps that both have a score: a missing score is a gap, never a neutral 3.
Every label is text (score and feeling), so the curve does not rest on colour.
Text from data goes through `html_text()`, which also makes it safe XML.
"""

from __future__ import annotations

from ..data.model import Step
from .diagrams import shorten
from .markup import html_text

HEIGHT = 132  # px on screen: five score levels plus a label above the top point
# y positions are percentages too, so print can set a shorter height in CSS; labels sit a
# fixed number of pixels above their point (dy).
TOP, BOTTOM = 23.0, 12.0  # % kept free above score 5 and below score 1
FEELING_LEN = 24
SCORE_WORDS = {1: "very negative", 2: "negative", 3: "neutral", 4: "positive",
               5: "very positive"}


def score_y(score: int) -> str:
    return f"{TOP + (5 - score) * (100 - TOP - BOTTOM) / 4:.2f}%"


def x_percent(index: int, count: int) -> str:
    return f"{(index + 0.5) * 100 / count:.4f}%"


def tone(score: int) -> str:
    return "low" if score <= 2 else "high" if score >= 4 else "mid"


def feeling_curve(steps: list[Step], numbers: dict[int, int],
                  today: dict[str, int | None] | None = None) -> str:
    """The SVG for `steps` (one board band); `numbers` maps id(step) to its step number.

    `today` (a future map's board): step id -> the score of the same step on the current
    map; drawn as a second, dashed curve whose points are squares labelled "now N", so the
    two curves differ in line, shape and words, not only in colour."""
    n = len(steps)
    parts = [f'<line class="jh-curve__grid" x1="0" x2="100%" y1="{score_y(s)}" '
             f'y2="{score_y(s)}"/>' for s in (1, 3, 5)]
    if today is not None:
        parts += today_curve(steps, today)
    for i in range(n - 1):
        a, b = steps[i].emotion, steps[i + 1].emotion
        if a is not None and b is not None:
            parts.append(f'<line class="jh-curve__line" x1="{x_percent(i, n)}" '
                         f'y1="{score_y(a.score)}" x2="{x_percent(i + 1, n)}" '
                         f'y2="{score_y(b.score)}"/>')
    described = []
    for i, step in enumerate(steps):
        number = numbers[id(step)]
        x = x_percent(i, n)
        if step.emotion is None:
            parts.append(f'<text class="jh-curve__missing" x="{x}" y="{score_y(3)}" dy="4" '
                         f'text-anchor="middle" data-step="{html_text(step.id)}">'
                         "no score</text>")
            described.append(f"step {number}: no score recorded")
            continue
        score = step.emotion.score
        y = score_y(score)
        feeling = " ".join((step.emotion.feeling or "").split())
        label = f"{score} · {shorten(feeling, FEELING_LEN)}" if feeling else str(score)
        parts.append(
            f'<circle class="jh-curve__point jh-curve__point--{tone(score)}" cx="{x}" '
            f'cy="{y}" r="6" data-step="{html_text(step.id)}"/>'
            f'<text class="jh-curve__label" x="{x}" y="{y}" dy="-11" '
            f'text-anchor="middle">{html_text(label)}</text>')
        described.append(f"step {number}: {score} of 5 ({SCORE_WORDS[score]})"
                         + (f", {feeling}" if feeling else ""))
    summary = "Feeling curve, 1 very negative to 5 very positive. " + "; ".join(described)
    if today is not None:
        summary = ("Future feeling curve, with today's curve from the current map. "
                   + "; ".join(described) + ". Today: " + "; ".join(
                       f"step {numbers[id(s)]}: {today[s.id]} of 5" for s in steps
                       if today.get(s.id) is not None) + ".")
    return (f'<svg class="jh-curve__svg" width="100%" height="{HEIGHT}" role="img" '
            f'aria-label="{html_text(summary)}" xmlns="http://www.w3.org/2000/svg">'
            + "".join(parts) + "</svg>")


def today_curve(steps: list[Step], today: dict[str, int | None]) -> list[str]:
    """Today's feeling at each future step that exists on the current map (dashed line,
    square points, a "now N" label under each point)."""
    n = len(steps)
    scores = [today.get(s.id) for s in steps]
    parts = []
    for i in range(n - 1):
        a, b = scores[i], scores[i + 1]
        if a is not None and b is not None:
            parts.append(f'<line class="jh-curve__line jh-curve__line--today" '
                         f'x1="{x_percent(i, n)}" y1="{score_y(a)}" x2="{x_percent(i + 1, n)}" '
                         f'y2="{score_y(b)}"/>')
    for i, (step, score) in enumerate(zip(steps, scores, strict=True)):
        if score is None:
            continue
        x, y = x_percent(i, n), score_y(score)
        parts.append(
            f'<rect class="jh-curve__point jh-curve__point--today" x="{x}" y="{y}" width="9" '
            f'height="9" transform="translate(-4.5 -4.5)" data-step="{html_text(step.id)}"/>'
            f'<text class="jh-curve__label jh-curve__label--today" x="{x}" y="{y}" dy="19" '
            f'text-anchor="middle">now {score}</text>')
    return parts
