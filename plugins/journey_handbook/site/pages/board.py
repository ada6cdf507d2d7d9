"""The journey board (`/journeys/<id>/board/`): the whole map at once, for planning sessions.

Phases are columns (one grid track per step, so a phase is as wide as its steps), lanes are
rows: the feeling curve, one swimlane per role that acts or receives a hand-off (personas
above the line of visibility, teams below it), then touchpoints, backstage work, barriers,
evidence, metrics and opportunities. Every item links to its detail page or anchor.

The board is raw HTML inside the Markdown page (a CSS grid needs exact placement), so all
data text goes through `html_text()` and links are relative directory URLs. Every element
that belongs to a lane carries `data-lane`; the board script hides the other lanes when the
URL ends in `#role-<id>` (see assets/board.js). Print gets the same grid cut into bands of
at most PRINT_STEPS steps, each a full mini-board that fits an A3 landscape page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...data.funnel import Funnel, funnel
from ...data.future import compare_future
from ...data.model import Actor, Journey, Step
from .. import urls
from ..components import confidence_badge, loop_badge, phase_runs, regulated_badge
from ..context import Drawn, PageContext, StepParts
from ..curve import feeling_curve
from ..funnel_view import lane_item
from ..future import COMPARE_ANCHOR, FUTURE_ANCHOR, step_range
from ..markup import front_matter, heading, html_text

T = TypeVar("T")
PRINT_STEPS = 7  # steps per printed band: each column about 5 cm wide on A3 landscape
# the lanes whose items a step draws from itself and what it refers to alone (`StepParts`);
# the funnel lane also reads measurements
STEP_LANES = ("touchpoints", "backstage", "barriers", "evidence", "metrics", "opportunities")


def render(ctx: PageContext) -> dict[str, str]:
    return {urls.board(j.id): ctx.reuse.get(urls.board(j.id)) or board_page(ctx, j)
            for j in ctx.handbook.journeys.values()}


def board_page(ctx: PageContext, journey: Journey) -> str:
    page = urls.board(journey.id)
    roles = lanes_of(journey)
    chips = " ".join(
        f'<a class="jh-role-chip" href="#{urls.role_anchor(a.id)}">{html_text(a.name)}</a>'
        for a in roles)
    bands = print_bands(journey.steps)
    shown: dict[tuple[str, int], Any] = {}  # each step's card and items, for screen and print
    head = front_matter(f"Board: {journey.title}", hide=("navigation", "toc"),
                        description=f"The journey board of {journey.title}")
    intro = (f'<a href="{urls.href(page, urls.journey(journey.id))}">Journey page</a> with '
             f"every step in full · owner {html_text(journey.owner.name)} · last reviewed "
             f"{journey.reviewed.isoformat()} · phases left to right, one lane per role; "
             "scroll the board in either direction.")
    footer = print_footer(f"{journey.title} · Owner: {journey.owner.name} · Last reviewed: "
                          f"{journey.reviewed.isoformat()}", urls.url(urls.under(ctx.prefix, page)))
    parts = [
        head,
        heading(1, f"{journey.title}: board", "board_title"),
        f'<p class="jh-board-intro">{intro}</p>',
        status_line(journey),
        relations(page, journey),
        f'<nav class="jh-roles" aria-label="Focus on one role">'
        f'<span class="jh-roles__label">Focus on one role:</span> {chips}</nav>',
        '<p class="jh-focus-bar" hidden>Showing only <strong class="jh-focus-name"></strong>'
        ' and the hand-offs that touch this role. <a href="#board_all">Show all lanes</a></p>',
        '<div class="jh-board" id="board_all" tabindex="0" role="region" '
        f'aria-label="Journey board: {html_text(journey.title)}">'
        + grid(page, journey, journey.steps, screen=True, shown=shown, parts=ctx.parts)
        + "</div>",
        # Material's search skips blocks marked data-search-exclude: the bands repeat the board.
        '<div class="jh-board-print" data-search-exclude>'
        + "".join(grid(page, journey, band, screen=False, shown=shown, parts=ctx.parts)
                  for band in bands)
        + "</div>",
        footer,
    ]
    return "\n\n".join(p.strip("\n") for p in parts) + "\n"


STATUS_WORDS = {
    "draft": "Draft map: still being written, not yet agreed by its owner.",
    "archived": "Archived map: kept for reference, no longer maintained.",
}


def status_line(journey: Journey) -> str:
    """A board is often printed or shown alone: it says when its map is not the agreed one."""
    words = STATUS_WORDS.get(journey.status)
    return f'<p class="jh-board-relation jh-board-status"><strong>{words}</strong></p>' \
        if words else ""


def relations(page: str, journey: Journey) -> str:
    """Where this map stands among others: its current map and how to read the two curves,
    its future maps (`#future`), the end-to-end map it details."""
    out = []
    if journey.current is not None:
        current = journey.current
        out.append(
            f'<p class="jh-board-relation">Future map of <a href="'
            f'{urls.href(page, urls.journey(current.id))}">{html_text(current.title)}</a> · '
            f'<a href="{urls.href(page, urls.journey(journey.id), COMPARE_ANCHOR)}">what '
            f'changes</a> · <a href="{urls.href(page, urls.board(current.id))}">today\'s '
            "board</a></p>"
            '<p class="jh-curve-legend"><span class="jh-curve-legend__item">'
            '<span class="jh-curve-key jh-curve-key--future" aria-hidden="true"></span> '
            "Future feeling: solid line, round points, score and feeling above them</span> "
            '<span class="jh-curve-legend__item"><span class="jh-curve-key '
            'jh-curve-key--today" aria-hidden="true"></span> Today\'s feeling (current map): '
            "dashed line, square points labelled “now” and the score under them</span></p>")
    if journey.futures:
        links = ", ".join(f'<a href="{urls.href(page, urls.board(f.id))}">'
                          f"{html_text(f.title)}</a>" for f in journey.futures)
        out.append(f'<p class="jh-board-relation" id="{FUTURE_ANCHOR}">Future '
                   f"{'map' if len(journey.futures) == 1 else 'maps'}: {links}</p>")
    if journey.parent is not None:
        parent = journey.parent
        out.append(f'<p class="jh-board-relation">Details {step_range(journey)} of <a href="'
                   f'{urls.href(page, urls.board(parent.id))}">{html_text(parent.title)}</a>'
                   "</p>")
    return "".join(out)


def css_string(text: str) -> str:
    """Untrusted text as a CSS string: everything but ASCII letters and digits as a
    six-digit escape, so no quote, backslash or `</style>` can end it."""
    text = " ".join(text.split())
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}"
                         for c in text) + '"'


def print_footer(text: str, url: str) -> str:
    """The printed page footer, in the page's bottom margin (CSS page margin boxes) so it
    repeats on every page without covering the board. The script swaps the path for the
    full address the page was opened at."""
    return (f'<style data-jh-print-footer="{html_text(url)}">@page board {{ '
            f"@bottom-left {{ content: {css_string(text)}; }} "
            f"@bottom-right {{ content: {css_string(url)}; }} }}</style>")


def print_bands(steps: list[Step]) -> list[list[Step]]:
    """Consecutive steps in bands of near-equal size, none over PRINT_STEPS (12 -> 6 + 6)."""
    count = -(-len(steps) // PRINT_STEPS)
    size = -(-len(steps) // count)
    return [steps[i:i + size] for i in range(0, len(steps), size)]


# -- lanes ------------------------------------------------------------------------------------

def lanes_of(journey: Journey) -> list[Actor]:
    """Roles with a swimlane: the journey's personas in its own order, then any other
    persona, then teams (backstage); receivers of a hand-off count even if they never act."""
    actors = journey.actors()
    order = {p.id: i for i, p in enumerate(journey.personas)}
    personas = sorted((a for a in actors if a.kind == "persona"),
                      key=lambda a: order.get(a.id, len(order)))
    return personas + [a for a in actors if a.kind != "persona"]


@dataclass
class Lane:
    key: str  # data-lane value; `role-<id>` for swimlanes
    label: str  # HTML
    items: Callable[[Step], list[str]] | None = None  # HTML items of one step's cell
    css: str = ""


@dataclass
class Board:
    """Grid cells being filled: (row, column) -> items, with the lane each row belongs to.
    Row 1 holds the phase headers; lanes take the rows below it in the order they are added."""

    page: str
    journey: Journey
    steps: list[Step]  # the steps of this grid: the whole map on screen, one band in print
    screen: bool
    numbers: dict[int, int] = field(default_factory=dict)  # id(step) -> its number on the map
    cells: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    row_lane: dict[int, str] = field(default_factory=lambda: {1: "phases"})
    lanes: list[tuple[int, Lane]] = field(default_factory=list)
    role_row: dict[str, int] = field(default_factory=dict)  # actor id -> its swimlane's row
    visibility_row: int = 0
    extra: list[str] = field(default_factory=list)  # placed elements that are not cells
    shown: dict[tuple[str, int], Any] = field(default_factory=dict)  # see `grid`
    parts: StepParts = field(default_factory=Drawn)

    def __post_init__(self) -> None:
        self.numbers = {id(s): i for i, s in enumerate(self.journey.steps, 1)}

    def col(self, step: Step) -> int:
        return self.steps.index(step) + 2

    def once(self, what: str, step: Step, make: Callable[[Step], T]) -> T:
        key = (what, id(step))
        if key not in self.shown:
            self.shown[key] = make(step)
        return self.shown[key]

    def own(self, step: Step) -> dict[str, Any]:
        """The step's card and its items in `STEP_LANES`, drawn or kept (`StepParts`)."""
        def draw() -> dict[str, Any]:
            lanes = {lane.key: lane.items for _, lane in self.lanes}
            return {"card": card(self, step)} | {
                key: lanes[key](step) for key in STEP_LANES if lanes.get(key) is not None}

        return self.once("own", step, lambda s: self.parts.part("board", self.page, s, draw))

    def add(self, row: int, col: int, item: str) -> None:
        self.cells.setdefault((row, col), []).append(item)

    def next_row(self, key: str) -> int:
        row = max(self.row_lane) + 1
        self.row_lane[row] = key
        return row

    def add_lane(self, lane: Lane) -> int:
        row = self.next_row(lane.key)
        self.lanes.append((row, lane))
        return row

    def add_role(self, actor: Actor, css: str) -> None:
        lane = Lane(f"role-{actor.id}", role_label(self.page, actor), css=css)
        self.role_row[actor.id] = self.add_lane(lane)


def step_href(page: str, step: Step) -> str:
    return urls.href(page, urls.journey(step.journey.id), step.id)


def role_label(page: str, actor: Actor) -> str:
    if actor.kind == "persona":
        name = (f'<a href="{urls.href(page, urls.persona(actor.id))}">'
                f"{html_text(actor.name)}</a>")
        kind = "persona"
    else:
        name, kind = html_text(actor.name), "team"
    return (f'<span class="jh-lane-name">{name}</span> <span class="jh-lane-kind">{kind}</span>'
            f' <a class="jh-lane-focus" href="#{urls.role_anchor(actor.id)}" '
            f'aria-label="Focus on {html_text(actor.name)}">focus</a>')


def grid(page: str, journey: Journey, steps: list[Step], *, screen: bool,
         shown: dict[tuple[str, int], Any] | None = None, parts: StepParts | None = None
         ) -> str:
    """One board grid over `steps`: lanes top to bottom, then every step's cells. `shown`
    keeps what a step's cells hold for the page's other grids (they differ only in where
    they place it)."""
    board = Board(page, journey, steps, screen, shown=shown if shown is not None else {},
                  parts=parts or Drawn())
    feeling_lane(board)
    for focused in journey.focused:
        detailed_lane(board, focused, board.add_lane(Lane("detailed", "Detailed in")))
    roles = lanes_of(journey)
    for actor in roles:
        if actor.kind == "persona":
            board.add_role(actor, "jh-lane--role")
    board.add_lane(Lane("touchpoints", "Touchpoints", lambda s: touchpoint_items(page, s)))
    board.visibility_row = board.next_row("visibility")
    for actor in roles:
        if actor.kind != "persona":
            board.add_role(actor, "jh-lane--role jh-lane--backstage")
    backstage_lanes(board)
    for step in steps:
        fill_column(board, step)
    return draw(board)


def feeling_lane(board: Board) -> None:
    """The feeling curve: one drawing across every step of the grid, in a lane of its own."""
    journey, steps = board.journey, board.steps
    note = "future and today" if journey.current else "1 to 5"
    row = board.add_lane(Lane("feeling", f'Feeling <span class="jh-lane-note">{note}</span>'))
    board.extra.append(
        f'<div class="jh-curve" data-lane="feeling" style="grid-row:{row};'
        f'grid-column:2 / span {len(steps)}">'
        f'{feeling_curve(steps, board.numbers, today_scores(journey))}</div>')


def backstage_lanes(board: Board) -> None:
    """The lanes below the teams: backstage work, then what the team knows and plans."""
    page = board.page
    board.add_lane(Lane("backstage", "Backstage", lambda s: [
        f'<a href="{step_href(page, s)}">{html_text(b)}</a>' for b in s.backstage],
        css="jh-lane--backstage"))
    board.add_lane(Lane("barriers", "Barriers", lambda s: [
        f'<a href="{step_href(page, s)}">{html_text(b.text)}</a>' for b in s.barriers],
        css="jh-lane--insight"))
    board.add_lane(Lane("evidence", "Evidence", lambda s: evidence_items(page, s),
                        css="jh-lane--insight"))
    board.add_lane(Lane("metrics", "Metrics", lambda s: metric_items(page, s),
                        css="jh-lane--insight"))
    if (funnel_row := funnel_lane(page, board.journey)) is not None:
        board.add_lane(funnel_row)
    board.add_lane(Lane("opportunities", "Opportunities", lambda s: [
        f'<a href="{urls.href(page, urls.BACKLOG, o.id)}">{html_text(o.title)}</a>'
        for o in s.opportunities], css="jh-lane--insight"))


def fill_column(board: Board, step: Step) -> None:
    """A step's column: its card in its actor's lane, its items in the other lanes, and its
    hand-off."""
    col, own = board.col(step), board.own(step)
    board.add(board.role_row[step.actor.id], col, own["card"])
    for row, lane in board.lanes:
        if lane.items is not None:
            items = own[lane.key] if lane.key in own else board.once(lane.key, step, lane.items)
            for item in items:
                board.add(row, col, f'<div class="jh-item">{item}</div>')
    if step.handoff_to is not None:
        handoff(board, step)


def draw(board: Board) -> str:
    out = [phase_headers(board)]
    for r, lane in board.lanes:
        out.append(f'<div class="jh-lane-bg {lane.css}" data-lane="{lane.key}" '
                   f'style="grid-row:{r}" aria-hidden="true"></div>'
                   f'<div class="jh-lane-label {lane.css}" data-lane="{lane.key}" '
                   f'style="grid-row:{r}">{lane.label}</div>')
    out.append(f'<div class="jh-visibility" data-lane="visibility" '
               f'style="grid-row:{board.visibility_row}"><span>Line of visibility: above it, '
               "what people see; below it, work behind the scenes</span></div>")
    out += board.extra
    # Step by step in the document (what a screen reader or a search snippet reads), lane
    # by lane on screen (what the grid places).
    # Cells carry their lane's classes: links on the backstage band are styled for it.
    lane_css = {r: f" {lane.css}" if lane.css else "" for r, lane in board.lanes}
    for (r, col), items in sorted(board.cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        out.append(f'<div class="jh-cell{lane_css.get(r, "")}" data-lane="{board.row_lane[r]}" '
                   f'style="grid-row:{r};grid-column:{col}">{"".join(items)}</div>')
    kind = "screen" if board.screen else "band"
    return (f'<div class="jh-board-grid jh-board-grid--{kind}" '
            f'style="--jh-cols:{len(board.steps)}">' + "".join(out) + "</div>")


def today_scores(journey: Journey) -> dict[str, int | None] | None:
    """A future map's steps -> today's score of the same step (None: not on a future map)."""
    comparison = compare_future(journey)
    if comparison is None:
        return None
    return {sid: step.emotion.score if step.emotion else None
            for sid, step in comparison.today().items()}


def detailed_lane(board: Board, focused: Journey, row: int) -> None:
    """A bar over the steps a focused map details (clipped to this band in print)."""
    parent = focused.parent
    in_range = [s for s in parent.steps_between(*focused.part_range) if s in board.steps]
    if not in_range:
        return
    board.extra.append(
        f'<div class="jh-detailed" data-lane="detailed" style="grid-row:{row};'
        f'grid-column:{board.col(in_range[0])} / span {len(in_range)}">Detailed in <a href="'
        f'{urls.href(board.page, urls.board(focused.id))}">{html_text(focused.title)}</a> '
        f'<span class="jh-lane-note">{step_range(focused)}</span></div>')


def phase_headers(board: Board) -> str:
    corner = ('<div class="jh-corner" data-lane="phases" style="grid-row:1;grid-column:1">'
              "Phase</div>")
    out = [corner]
    in_band = {id(s) for s in board.steps}
    seen: set[str] = set()
    for phase, run in phase_runs(board.journey):
        run = [s for s in run if id(s) in in_band]
        if not run:
            continue
        again = phase.id in seen
        seen.add(phase.id)
        steps_word = "step" if len(run) == 1 else "steps"
        out.append(
            f'<div class="jh-phase" data-lane="phases" style="grid-row:1;'
            f'grid-column:{board.col(run[0])} / span {len(run)}">'
            f'<span class="jh-phase__name"><a href="{urls.href(board.page, urls.phase(phase.id))}">'
            f'{html_text(phase.name)}{" (again)" if again else ""}</a> '
            f'<span class="jh-phase__count">{len(run)} {steps_word}</span></span></div>')
    return "".join(out)


def card(board: Board, step: Step) -> str:
    number = board.numbers[id(step)]
    marks = [loop_badge(explained=False)] if step.loop else []
    if step.touchpoint is not None:
        marks += [regulated_badge(r, explained=False) for r in step.touchpoint.regulated]
    return (f'<div class="jh-card" data-step="{html_text(step.id)}">'
            f'<a class="jh-card__title" href="{step_href(board.page, step)}">'
            f'<span class="jh-stepno">{number}</span> {html_text(step.action)}</a>'
            + (f'<span class="jh-card__marks">{" ".join(marks)}</span>' if marks else "")
            + "</div>")


def handoff(board: Board, step: Step) -> None:
    """A hand-off: an out marker under the giver's card, an in marker in the receiver's lane
    (same column), and a line between them. Focusing either role keeps its own marker."""
    role_row = board.role_row
    giver, receiver = step.actor, step.handoff_to
    col, number = board.col(step), board.numbers[id(step)]
    note = html_text(step.handoff.note) if step.handoff and step.handoff.note else ""
    data = (f'data-step="{html_text(step.id)}" data-from="{html_text(giver.id)}" '
            f'data-to="{html_text(receiver.id)}"')
    board.add(role_row[giver.id], col,
              f'<div class="jh-handoff jh-handoff--out" {data}>'
              f'<span class="jh-handoff__arrow" aria-hidden="true">⇅</span> Step {number} '
              f"hands off to <strong>{html_text(receiver.name)}</strong>"
              + (f": {note}" if note else "") + "</div>")
    above = role_row[receiver.id] < role_row[giver.id]
    board.add(role_row[receiver.id], col,
              f'<div class="jh-handoff jh-handoff--in{" jh-handoff--from-below" if above else ""}"'
              f' {data}>'
              f'<span class="jh-handoff__arrow" aria-hidden="true">⇥</span> From '
              f"<strong>{html_text(giver.name)}</strong> at step {number}</div>")
    # The line runs from under the giver's card to the in marker, which sits at the top of
    # the receiver's cell when it is below, at the bottom when it is above.
    start, end = role_row[giver.id], role_row[receiver.id]
    if end > start:
        rows, direction = f"{start} / {end}", "down"
    elif end < start - 1:
        rows, direction = f"{end + 1} / {start}", "up"
    else:
        return
    board.extra.append(f'<div class="jh-connector jh-connector--{direction}" '
                       f'data-lane="handoffs" style="grid-row:{rows};grid-column:{col}" '
                       'aria-hidden="true"></div>')


def touchpoint_items(page: str, step: Step) -> list[str]:
    tp = step.touchpoint
    if tp is None:
        return []
    kind = tp.kind or ""
    how = " · ".join(x for x in (tp.channel or "", kind if kind != tp.channel else "") if x)
    return [f'<a href="{urls.href(page, urls.TOUCHPOINTS, tp.id)}">{html_text(tp.name)}</a>'
            + (f' <span class="jh-tag jh-tag--{html_text(kind)}">{html_text(how)}</span>'
               if how else "")]


def evidence_items(page: str, step: Step) -> list[str]:
    out = [f'<a href="{step_href(page, step)}">{confidence_badge(step, explained=False)}</a>']
    out += [f'<a href="{urls.href(page, urls.EVIDENCE, c.evidence.id)}">'
            f"{html_text(c.evidence.title)}</a>" for c in step.evidence]
    return out


def funnel_lane(page: str, journey: Journey) -> Lane | None:
    """One bar per funnel stage under its step; none without a funnel (the journey page
    says why)."""
    shown = funnel(journey)
    if not shown.stages:
        return None
    label = f'Funnel <span class="jh-lane-note">{shown.date.isoformat()}</span>'
    return Lane("funnel", label, lambda s: funnel_items(page, shown, s), css="jh-lane--insight")


def funnel_items(page: str, shown: Funnel, step: Step) -> list[str]:
    """The funnel stages counted at this step: bar, count, conversion, the drop in words."""
    return [lane_item(page, shown, stage) for stage in shown.stages if stage.step is step]


def metric_items(page: str, step: Step) -> list[str]:
    """Progress and failure events; one that names a metric links to its trend page."""
    linked = {m.id: m for m in step.metric_links}

    def item(name: str, kind: str, word: str) -> str:
        target = urls.href(page, urls.metric(name)) if name in linked else step_href(page, step)
        label = linked[name].name if name in linked else name
        return (f'<a href="{target}"><span class="jh-metric jh-metric--{kind}">{word}</span> '
                f"{html_text(label)}</a>")

    return ([item(m, "progress", "progress") for m in step.metrics.progress]
            + [item(m, "failure", "stops") for m in step.metrics.failure])
