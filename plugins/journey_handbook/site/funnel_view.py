"""Funnels drawn by the build: horizontal bars as HTML and CSS, every number as text.

Shared by the journey page (`#funnel`), its board (the Funnel lane) and `/funnels/`. No
image, no chart library and no script: a bar is a `<span>` whose width is the stage's share
of the first stage, and the text beside it says the same, so the funnel reads the same with
JavaScript off, in print and to a screen reader (the bars themselves are hidden from it).
The biggest drop is said in words, not only marked by colour.

Everything is raw HTML on one line (Python-Markdown keeps a block of raw HTML as it is), so
data text goes through `html_text()` and links are relative directory URLs.
"""

from __future__ import annotations

from collections.abc import Callable

from ..data.funnel import Failure, Funnel, Stage, funnel, listed
from ..data.model import Journey, Step
from . import urls
from .components import number, points, ratio_percent
from .markup import html_text


def segment_name(segment: str | None, escape: Callable[[object], str] = html_text) -> str:
    """Which rows the funnel counts (escaped for raw HTML, or with `md` for Markdown)."""
    return "all rows without a segment" if segment is None else f"segment “{escape(segment)}”"


def stage_name(page: str, stage: Stage) -> str:
    """The step the stage counts (numbered, linked) and the metric that counts it."""
    href = urls.href(page, urls.metric(stage.metric.id))
    metric = f'<a class="jh-funnel__metric" href="{href}">{html_text(stage.metric.name)}</a>'
    step = stage.step
    if step is None:
        return metric
    number_ = step.journey.steps.index(step) + 1
    # the number outside the link: in link colour on its badge it reads at 3.4:1 (slate)
    return (f'<span class="jh-stepno">{number_}</span> '
            f'<a href="{urls.href(page, urls.journey(step.journey.id), step.id)}">'
            f'{html_text(step.action)}</a> <span class="jh-muted">·</span> {metric}')


def bar(share: float | None, *, drop: bool = False) -> str:
    """The bar: as wide as the stage's share of the first stage (a larger stage fills it)."""
    width = 0.0 if share is None else max(0.5, min(100.0, share * 100))
    kind = " jh-funnel__fill--drop" if drop else ""
    return (f'<span class="jh-funnel__bar" aria-hidden="true"><span class="jh-funnel__fill'
            f'{kind}" style="width:{width:.1f}%"></span></span>')


def figures(funnel: Funnel, stage: Stage, first: bool) -> str:
    value = f'<strong class="jh-funnel__value">{number(stage.value)}</strong>'
    if first:
        return f"{value} reached this step <span class=\"jh-muted\">(the first stage)</span>"
    parts = [value,
             f"{ratio_percent(stage.conversion)} of the previous stage",
             f"{ratio_percent(stage.share)} of the first"]
    text = " · ".join(parts)
    if stage.previous_conversion is not None and funnel.previous_date is not None:
        text += (f' <span class="jh-funnel__before">before: '
                 f"{ratio_percent(stage.previous_conversion)} on "
                 f"{funnel.previous_date.isoformat()} ({points(stage.change)})</span>")
    return text


def drop_note(funnel: Funnel, stage: Stage, before: Stage) -> str:
    lost = 1 - (stage.conversion or 0)
    return (f'<p class="jh-funnel__drop"><strong>Biggest drop:</strong> '
            f"{ratio_percent(lost)} of the {number(before.value)} people at the stage "
            f"before did not get this far.</p>")


def failure_items(page: str, failures: list[Failure]) -> str:
    if not failures:
        return ""
    items = []
    for f in failures:
        value = (f"<strong>{number(f.value)}</strong>" if f.value is not None
                 else '<span class="jh-muted">no count on this date</span>')
        text = (f'<a href="{urls.href(page, urls.metric(f.metric.id))}">'
                f"{html_text(f.metric.name)}</a>: {value}")
        if f.opportunities:
            text += " · targeted by " + ", ".join(
                f'<a href="{urls.href(page, urls.BACKLOG, o.id)}">{html_text(o.title)}</a>'
                for o in f.opportunities)
        items.append(f"<li>{text}</li>")
    return ('<div class="jh-funnel__failures"><span class="jh-funnel__why">Why people stop '
            f'here</span><ul>{"".join(items)}</ul></div>')


def bars(page: str, funnel: Funnel, *, failures: bool = True) -> str:
    """The stages in order, each with its bar and figures (one line of raw HTML)."""
    drop = funnel.biggest_drop
    rows = []
    for i, stage in enumerate(funnel.stages):
        is_drop = stage is drop
        cls = "jh-funnel__stage" + (" jh-funnel__stage--drop" if is_drop else "")
        parts = [f'<div class="jh-funnel__name">{stage_name(page, stage)}'
                 + (' <span class="jh-badge jh-badge--drop">biggest drop</span>' if is_drop
                    else "") + "</div>",
                 bar(stage.share, drop=is_drop),
                 f'<div class="jh-funnel__figures">{figures(funnel, stage, i == 0)}</div>']
        if is_drop:
            parts.append(drop_note(funnel, stage, funnel.stages[i - 1]))
        if failures and stage.step is not None and stage.step not in [
                s.step for s in funnel.stages[:i]]:
            parts.append(failure_items(page, funnel.failures_at(stage.step)))
        rows.append(f'<li class="{cls}">' + "".join(parts) + "</li>")
    return '<ol class="jh-funnel">' + "".join(rows) + "</ol>"


def summary(page: str, funnel: Funnel) -> str:
    """One sentence: the date, end-to-end conversion and its change, and the biggest drop."""
    first, last = funnel.stages[0], funnel.stages[-1]
    text = (f"On {funnel.date.isoformat()} ({segment_name(funnel.segment)}): "
            f"{number(last.value)} of {number(first.value)} people went from the first stage "
            f"to the last, <strong>{ratio_percent(funnel.end_to_end)}</strong> end to end")
    change = funnel.end_to_end_change
    if change is not None and funnel.previous_date is not None:
        text += f" ({points(change)} since {funnel.previous_date.isoformat()})"
    drop = funnel.biggest_drop
    if drop is not None:
        where = html_text(drop.step.action) if drop.step else html_text(drop.metric.name)
        text += (f". The biggest drop is at “{where}”: only "
                 f"{ratio_percent(drop.conversion)} of the stage before get there")
        targeting = drop_opportunities(drop.step)
        if targeting:
            text += ("; aimed at by " + ", ".join(
                f'<a href="{urls.href(page, urls.BACKLOG, o.id)}">{html_text(o.title)}</a>'
                for o in targeting))
    return f'<p class="jh-funnel__summary">{text}.</p>'


def drop_opportunities(step: Step | None) -> list:
    """Opportunities aimed at the step of the biggest drop (what is already being done)."""
    return list(step.opportunities) if step is not None else []


def no_funnel(funnel: Funnel) -> str:
    return f'<p class="jh-funnel__none">No funnel to show: {html_text(funnel.reason)}.</p>'


def figure(page: str, funnel: Funnel, *, failures: bool = True) -> str:
    """Summary and bars of one segment, or why there is no funnel."""
    if not funnel.stages:
        return no_funnel(funnel)
    return summary(page, funnel) + bars(page, funnel, failures=failures)


def lane_item(page: str, funnel: Funnel, stage: Stage) -> str:
    """A stage on the board: a small bar, the count and the conversion, the drop in words."""
    is_drop = stage is funnel.biggest_drop
    first = stage is funnel.stages[0]
    what = ("first stage" if first
            else f"{ratio_percent(stage.conversion)} of previous")
    change = "" if first or stage.change is None else f" ({points(stage.change)})"
    note = ' <strong class="jh-funnel__dropword">biggest drop</strong>' if is_drop else ""
    return (f'<a class="jh-funnel-item" href="{urls.href(page, urls.metric(stage.metric.id))}">'
            f'{bar(stage.share, drop=is_drop)}<span class="jh-funnel-item__text">'
            f"<strong>{number(stage.value)}</strong> · {what}{change}{note}</span></a>")


def segment_table(page: str, funnel: Funnel) -> str:
    """Another segment's figures as one table row per stage: the same numbers as the bars
    of the shown segment, without drawing them again (the bars and their links made the
    journey pages of a 1,000-journey handbook 7 MB larger)."""
    if not funnel.stages:
        return no_funnel(funnel)
    drop = funnel.biggest_drop
    before = funnel.previous_date.isoformat() if funnel.previous_date else None
    rows = []
    for stage in funnel.stages:
        step = stage.step
        name = html_text(step.action if step is not None else stage.metric.name)
        if step is not None:
            name = f'{step.journey.steps.index(step) + 1}. {name}'
        if stage is drop:
            name += " <strong>(biggest drop)</strong>"
        then = ("–" if stage.previous_conversion is None or before is None
                else f"{ratio_percent(stage.previous_conversion)} ({points(stage.change)})")
        rows.append(f'<tr><th scope="row">{name}</th>'
                    f'<td data-label="People">{number(stage.value)}</td>'
                    f'<td data-label="Of previous">{ratio_percent(stage.conversion)}</td>'
                    f'<td data-label="Of first">{ratio_percent(stage.share)}</td>'
                    f'<td data-label="{f"On {before}" if before else "Before"}">{then}</td>'
                    "</tr>")
    head = "".join(f'<th scope="col">{h}</th>' for h in (
        "Stage", "People", "Of the previous stage", "Of the first",
        f"Of the previous stage on {before}" if before else "Before"))
    why = "; ".join(f"{html_text(f.metric.name)}: "
                    + (number(f.value) if f.value is not None else "no count on this date")
                    for f in funnel.failures)
    return (summary(page, funnel) + '<div class="jh-funnel__table jh-stack"><table><thead>'
            f"<tr>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
            + (f'<p class="jh-funnel__why-line"><strong>Why people stop:</strong> {why}</p>'
               if why else ""))


def section(page: str, journey: Journey) -> str:
    """The journey page's `#funnel` section body: the default segment's bars, then every
    other segment all stages share as a table, folded (`<details>` opens without JavaScript)."""
    shown = funnel(journey)
    out = [figure(page, shown)]
    for segment in shown.segments[1:]:
        other = funnel(journey, segment)
        out.append(f'<details class="jh-funnel__segment"><summary>{segment_name(segment)}'
                   f"</summary>{segment_table(page, other)}</details>")
    if shown.stages:
        # a future map is not listed on /funnels/ (spec: funnels show current maps)
        anchor = urls.funnels_anchor(journey.id) if listed(journey) else None
        out.append('<p class="jh-caption">Each bar is a stage’s share of the first stage; '
                   "the people counted at each step come from the metric named beside it. "
                   f'<a href="{urls.href(page, urls.FUNNELS, anchor)}">Every journey’s '
                   "funnel</a>, worst drop first.</p>")
    return '<div class="jh-funnel-section">' + "".join(out) + "</div>"
