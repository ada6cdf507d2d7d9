"""The review and pull-request workflow commands: reviews, diff, impact, new, codeowners.

The logic lives in self-named modules (review_report, changes, change_report, impact,
scaffold, codeowners); these click commands only parse options, load the handbook and
choose the exit code. cli.py registers them with `cli.add_command`.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import click

from ..analysis.changes import added_exceptions, compare
from ..analysis.codeowners import codeowners as block
from ..analysis.impact import UnknownItem
from ..analysis.impact import impact as find_impact
from ..analysis.plain_changes import added_plain_exceptions, grades_that_rose
from ..analysis.scaffold import ScaffoldError, create, create_metric
from ..data.atomic import WriteFailed
from ..data.diagnostics import encodable, printable_path, render
from ..data.loader import LoadResult
from ..data.schema import ID_RE
from ..git import RevisionError, relative_to_cwd, repo_location, snapshot
from . import change_report, impact_report, review_report
from .common import (
    DataError,
    ErrorReport,
    UsageFailure,
    data_dir_option,
    load_or_fail,
    nothing_changed,
    privacy_option,
    require_valid,
    to_date,
    today_option,
)


def _format_option(*choices: str, default: str):
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help="output format")


# --- reviews ----------------------------------------------------------------------------------

@click.command()
@click.option("--due-within", type=click.IntRange(min=0), metavar="DAYS", default=None,
              help="only journeys due within DAYS days from today, or already overdue")
@_format_option("text", "json", "markdown", default="text")
@click.option("--evidence-max-age", type=click.IntRange(min=1), metavar="DAYS", default=365,
              show_default=True, help="flag evidence collected more than DAYS days ago")
@click.option("--include-archived", is_flag=True, help="also list archived journeys")
@today_option
@data_dir_option()
def reviews(due_within: int | None, fmt: str, evidence_max_age: int, include_archived: bool,
            today, data_dir: Path) -> None:
    """List journeys by review due date, with owner and triggers, and old evidence.

    A journey is due `review_every_days` (or the handbook default) after `reviewed` and stale
    after that. Markdown output is a checklist for a recurring "reviews due" issue.
    """

    handbook = require_valid(data_dir)
    found = review_report.review_list(handbook, to_date(today), due_within=due_within,
                                      include_archived=include_archived,
                                      evidence_max_age=evidence_max_age)
    render_fn = {"text": review_report.text, "json": review_report.as_json,
                 "markdown": review_report.markdown}[fmt]
    click.echo(render_fn(found), nl=False)


# --- diff -------------------------------------------------------------------------------------

@click.command()
@click.argument("base")
@click.argument("head", required=False)
@_format_option("markdown", "json", default="markdown")
@click.option("--site-url", metavar="URL",
              help="published handbook URL: page paths in the Markdown become links")
@today_option
@data_dir_option()
@privacy_option
def diff(base: str, head: str | None, fmt: str, site_url: str | None, today,
         data_dir: Path, privacy: str) -> None:
    """What changes in the handbook from git revision BASE to HEAD (default: working tree).

    Reports journeys, personas, touchpoints and evidence added, removed or renamed (via
    `aliases`); steps added, removed, moved between phases or changed; emotion up or down;
    known <-> hypothesized; opportunities re-prioritised or changing status; every
    generated page whose content changes; maps that became (or stopped being) future or
    focused maps of another; every privacy finding newly accepted with
    `# privacy: ok - <reason>`; every line newly accepted with `# plain-language: ok -
    <reason>` and every reading grade that rose. Exits 1 if either side has data errors.
    """

    day = to_date(today)
    try:
        where = repo_location(data_dir)  # once, not per revision
        with snapshot(data_dir, base, where) as before, \
                snapshot(data_dir, head, where) as after:
            sides = [(before, _load_side(before, privacy)), (after, _load_side(after, privacy))]
            failed = [(snap, result) for snap, result in sides
                      if result is not None and (not result.ok or result.handbook is None)]
            if after.data_dir is None:
                raise UsageFailure(f"there is no data folder '{after.repo_path}' at "
                                   f"{after.label}")
            if failed:
                raise ErrorReport("\n".join(_side_errors(snap, result)
                                            for snap, result in failed))
            old, new = (r.handbook if r else None for _, r in sides)
            changes = compare(old, new, day)
            changes.privacy_exceptions = added_exceptions(
                *(_accepted(snap, result) for snap, result in sides))
            changes.plain_exceptions = added_plain_exceptions(
                *(_accepted(snap, result, plain=True) for snap, result in sides))
            changes.grades_rose = grades_that_rose(*(r.plain if r else None for _, r in sides))
            text = change_report.as_json(changes, before, after) if fmt == "json" else \
                change_report.markdown(changes, before, after, site_url=site_url)
    except RevisionError as exc:
        raise UsageFailure(str(exc)) from None
    click.echo(text, nl=False)


def _load_side(snap, privacy: str) -> LoadResult | None:
    return None if snap.data_dir is None else load_or_fail(snap.data_dir, privacy)


def _accepted(snap, result: LoadResult | None, plain: bool = False) -> list:
    """(file relative to the data folder, finding shown as git names the file) of a side:
    its accepted privacy findings, or with `plain` its accepted plain-language findings."""
    if result is None or snap.data_dir is None:
        return []
    root = snap.data_dir.resolve()
    out = []
    for a in (result.plain_accepted if plain else result.accepted):
        try:
            rel = Path(a.file).resolve().relative_to(root).as_posix()
        except ValueError:  # not under the data folder: keep the path as shown
            rel = a.file
        out.append((rel, dataclasses.replace(a, file=snap.shown(a.file))))
    return out


def _side_errors(snap, result: LoadResult) -> str:
    where = snap.label if snap.commit is None else f"{snap.label} ({snap.short})"
    errors = [dataclasses.replace(d, file=snap.shown(d.file)) for d in result.diagnostics.errors]
    return (f"error: the handbook at {where} has {len(errors)} data error(s):\n"
            + render(errors))


# --- impact -----------------------------------------------------------------------------------

@click.command()
@click.argument("kind", type=click.Choice(["touchpoint", "persona", "phase", "team",
                                           "evidence", "metric", "journey"]))
@click.argument("item_id", metavar="ID")
@_format_option("text", "json", "markdown", default="text")
@today_option
@data_dir_option()
def impact(kind: str, item_id: str, fmt: str, today, data_dir: Path) -> None:
    """List the journeys, steps, opportunities and pages that depend on an item.

    "If we change the consent form, what is affected?":
    `journeys impact touchpoint consent-form`. For a metric: the steps, phases, journeys,
    opportunities (outcome or experiment) and experiments that use it. For a journey: its
    future and focused maps (and the map it belongs to), its steps that focused maps detail,
    the future steps its opportunities deliver.
    """

    handbook = require_valid(data_dir)
    try:
        result = find_impact(handbook, kind, item_id, to_date(today))
    except UnknownItem as exc:
        raise DataError(str(exc)) from None
    render_fn = {"text": impact_report.text, "json": impact_report.as_json,
                 "markdown": impact_report.markdown}[fmt]
    click.echo(render_fn(result), nl=False)


# --- new --------------------------------------------------------------------------------------

def _valid_id(ctx, param, value: str) -> str:

    if not ID_RE.match(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        hint = f" (e.g. '{suggestion}')" if suggestion else ""
        raise click.BadParameter(f"'{value}' is not a valid id: use lowercase letters, digits "
                                 f"and single hyphens{hint}")
    return value


@click.command("new")
@click.argument("kind", type=click.Choice(["journey", "persona", "metric"]))
@click.argument("item_id", metavar="ID", callback=_valid_id)
@click.option("--title", help="title (journey) or name (persona, metric) [default: from the id]")
@click.option("--owner", metavar="TEAM", help="owner team of a journey [default: the first] "
              "or of a metric [default: none]")
@click.option("--persona", metavar="PERSONA",
              help="persona of a journey's first step [default: the first]")
@click.option("--phase", metavar="PHASE", help="metric: the phase it judges [default: the first]")
@click.option("--future-of", "future_of", metavar="CURRENT",
              help="journey: a future map of the current journey CURRENT, its steps copied")
@click.option("--direction", type=click.Choice(["up", "down"]),
              help="metric (required): which way is better")
@click.option("--unit", type=click.Choice(["percent", "count", "rate", "days", "hours",
                                           "minutes", "score", "currency"]),
              help="metric: its unit")
@today_option
@data_dir_option()
def new(kind: str, item_id: str, title: str | None, owner: str | None, persona: str | None,
        phase: str | None, future_of: str | None, direction: str | None, unit: str | None,
        today, data_dir: Path) -> None:
    """Start a new journey or persona file, or a metric, that passes `journeys check`.

    A journey or persona file links its JSON Schema for editor completion (write the schemas
    with `journeys schema --out schemas/`) and shows every other field as a commented example.
    A metric is appended to metrics.yml (created if absent; comments are kept), with
    measurements/ID.csv holding the CSV header. Never overwrites an existing file.
    `journeys new journey ID --future-of CURRENT` starts a future map from CURRENT's steps.
    """
    if future_of is not None and kind != "journey":
        raise click.UsageError("--future-of is for journeys: journeys new journey ID "
                               "--future-of CURRENT")

    if not data_dir.is_dir():
        raise UsageFailure(f"data folder not found: {printable_path(data_dir)}")
    if kind == "metric":
        if direction is None:
            raise click.UsageError("a metric needs --direction up or --direction down "
                                   "(which way is better)")
        try:
            paths = create_metric(data_dir, item_id, phase=phase, direction=direction,
                                  name=title, unit=unit, owner=owner)
        except ScaffoldError as exc:
            raise DataError(encodable(str(exc))) from None
        except WriteFailed as exc:
            raise nothing_changed(exc) from None
        shown = " and ".join(str(relative_to_cwd(p)) for p in paths)
        click.echo(f"wrote {shown}: add observations to measurements/{item_id}.csv, "
                   "then run `journeys check`")
        return
    try:
        path = create(data_dir, kind, item_id, to_date(today), title=title, owner=owner,
                      persona=persona, future_of=future_of)
    except ScaffoldError as exc:
        raise DataError(encodable(str(exc))) from None
    except WriteFailed as exc:
        raise nothing_changed(exc) from None
    click.echo(f"created {relative_to_cwd(path)}: edit it, then run `journeys check`")


# --- codeowners -------------------------------------------------------------------------------

def _github_handle(ctx, param, value: str | None) -> str | None:
    if value and not re.fullmatch(r"@[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?", value):
        raise click.BadParameter(f"'{value}' is not a GitHub user or team like @org/team")
    return value


@click.command()
@click.option("--default-owner", metavar="@ORG/TEAM", callback=_github_handle,
              help="reviewers of shared files (handbook.yml, evidence.yml) and the rest")
@data_dir_option()
def codeowners(default_owner: str | None, data_dir: Path) -> None:
    """Print a CODEOWNERS block routing each data file to its owner team's reviewers.

    Maps go to their owner team's `github` handle; personas to the owners of the journeys
    they appear in; touchpoints.yml to the owners of touchpoints. Teams without `github`
    are listed in a comment.
    """


    handbook = require_valid(data_dir)
    try:
        prefix = repo_location(data_dir)[1]
    except RevisionError:  # not in git: paths relative to the working directory
        prefix = Path(os.path.relpath(data_dir)).as_posix()
        prefix = "" if prefix == "." else prefix
    click.echo(block(handbook, prefix, default_owner), nl=False)


COMMANDS = [reviews, diff, impact, new, codeowners]
