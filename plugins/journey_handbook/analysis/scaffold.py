"""`journeys new journey|persona ID`: start a file that is valid as it stands.

The file fills its required fields with ids that exist in the handbook (the first
phase, a persona, an owner team), so `journeys check` passes right away, and shows
every other field as a commented example to uncomment and edit. The first line
points editors at the JSON Schema written by `journeys schema --out schemas/`.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from ..data.atomic import Changes, write_file
from ..data.loader import load_handbook
from ..data.measurements import HEADER as MEASUREMENTS_HEADER
from ..data.model import Handbook
from ..data.schema import ID_RE
from ..data.suggest import did_you_mean

KINDS = ("journey", "persona", "metric")
FOLDERS = {"journey": "maps", "persona": "personas"}


class ScaffoldError(Exception):
    """The file cannot be created; the message says why and what to do."""


@dataclass
class Choices:
    """The existing ids the new file refers to."""

    title: str
    owner: str = ""
    persona: str = ""
    phase: str = ""
    touchpoint: str = "landing-page"
    evidence: str = "interviews-2026"
    every_days: int = 90
    metric: str = ""
    journey: str = "current-journey-id"  # the `future_of` example: a current map


def schema_line(kind: str) -> str:
    # Relative to the file: journeys/maps/x.yml -> schemas/ at the repository root.
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"


def title_from_id(item_id: str) -> str:
    return item_id.replace("-", " ").capitalize()


_TRAILING_COMMENT = re.compile(r"^(\s*(?:# )?\S.*?)\s{2,}(# .*)$")


def align_comments(text: str, column: int = 34) -> str:
    """Line up end-of-line comments, whatever the length of the ids filled in."""
    out = []
    for line in text.splitlines():
        m = _TRAILING_COMMENT.match(line)
        out.append(f"{m[1].ljust(column - 1)} {m[2]}" if m else line)
    return "\n".join(out) + "\n"


def _q(text: str) -> str:
    """A YAML scalar that stays text whatever it says ('no', '2026', 'a: b')."""
    return json.dumps(text, ensure_ascii=False)


def journey_text(item_id: str, c: Choices, today: date) -> str:
    return _fill("journey", item_id, c, today=today.isoformat(), next_year=today.year + 1,
                 experiments=_experiments_example(c, today))


def _experiments_example(c: Choices, today: date) -> str:
    """Experiments name a metric id: shown only when metrics.yml has one to name."""
    if not c.metric:
        return ""
    return f"""#     experiments:               # tests run to move the outcome
#       - id: {c.metric}-first-test   # unique across the handbook
#         hypothesis: If we ..., then {c.metric} will ..., because ...
#         metric: {c.metric}      # a metric id from metrics.yml
#         start: {today.isoformat()}
#         end: {today.year + 1}-01-31
#         status: planned        # planned, running, concluded (needs end and result), stopped
#         result: What was measured
#         decision: iterate      # ship, iterate or drop
"""


def persona_text(item_id: str, c: Choices) -> str:
    return _fill("persona", item_id, c)


def _fill(kind: str, item_id: str, c: Choices, **extra: object) -> str:
    """The kind's commented template (templates/<kind>.yml) with the chosen ids filled in."""
    template = Template((resources.files(__package__) / "templates" / f"{kind}.yml")
                        .read_text(encoding="utf-8"))
    return template.substitute(schema_line=schema_line(kind), item_id=item_id,
                               title=_q(c.title), owner=c.owner, persona=c.persona,
                               phase=c.phase, touchpoint=c.touchpoint, evidence=c.evidence,
                               every_days=c.every_days, journey=c.journey, **extra)


def _pick(what: str, wanted: str | None, known: dict) -> str:
    if wanted:
        if wanted not in known:
            raise ScaffoldError(f"unknown {what} '{wanted}': "
                                f"{did_you_mean(wanted, known, what + ' ids')}")
        return wanted
    # the first valid id: a file named `-lead.yml` is an error already, not a default
    return next((k for k in known if ID_RE.match(k)), "")


def choices(handbook: Handbook, kind: str, item_id: str, *, title: str | None = None,
            owner: str | None = None, persona: str | None = None) -> Choices:
    c = Choices(title or title_from_id(item_id))
    c.phase = _pick("phase", None, handbook.phases)
    if not c.phase:  # handbook.yml with errors in every phase: nothing valid to refer to
        raise ScaffoldError("handbook.yml has no valid phase; fix it first (journeys check)")
    c.every_days = handbook.review.every_days
    # the examples name existing ids, never one from a file whose name is an error
    c.touchpoint = _pick("touchpoint", None, handbook.touchpoints) or c.touchpoint
    c.evidence = _pick("evidence", None, handbook.evidence) or c.evidence
    c.metric = _pick("metric", None, handbook.metrics)
    c.journey = next((j.id for j in handbook.current_journeys() if ID_RE.match(j.id)),
                     c.journey)
    c.owner = _pick("team", owner, handbook.teams)
    c.persona = _pick("persona", persona, handbook.personas)
    if kind == "journey":
        if not c.owner:
            raise ScaffoldError("a journey needs an owner team, and handbook.yml has no teams")
        if not c.persona:
            raise ScaffoldError("a journey needs at least one persona, and there is none yet; "
                                "start with `journeys new persona ID`")
    return c


def _taken(handbook: Handbook, kind: str, item_id: str) -> str | None:
    if kind == "journey" and item_id in handbook.journey_aliases:
        return f"'{item_id}' is an old id (alias) of journey '{handbook.journey_aliases[item_id]}'"
    if kind == "persona":
        if item_id in handbook.persona_aliases:
            return (f"'{item_id}' is an old id (alias) of persona "
                    f"'{handbook.persona_aliases[item_id]}'")
        if item_id in handbook.teams:
            return f"'{item_id}' is already a team id; steps could not tell them apart"
    return None


def create(data_dir: Path, kind: str, item_id: str, today: date, *, title: str | None = None,
           owner: str | None = None, persona: str | None = None,
           future_of: str | None = None) -> Path:
    """Write the new file and return its path. Raises ScaffoldError, never overwrites.

    `future_of` (journeys): a future map of that current journey, its steps copied."""
    if not ID_RE.match(item_id):
        raise ScaffoldError(f"'{item_id}' is not a valid id: use lowercase letters, digits and "
                            "single hyphens, like 'clinic-intake'")
    folder = data_dir / FOLDERS[kind]
    for suffix in (".yml", ".yaml"):
        if os.path.lexists(folder / f"{item_id}{suffix}"):  # a broken link or loop too
            raise ScaffoldError(f"{folder / (item_id + suffix)} already exists; "
                                "not overwriting it")
    result = load_handbook(data_dir)
    handbook = result.handbook
    if handbook is None:
        raise ScaffoldError("handbook.yml is missing or broken; fix it first (journeys check)")
    reason = _taken(handbook, kind, item_id)
    if reason:
        raise ScaffoldError(reason)
    if future_of is not None:
        text = future_text(handbook, future_of, item_id, today, title)
    else:
        c = choices(handbook, kind, item_id, title=title, owner=owner, persona=persona)
        text = journey_text(item_id, c, today) if kind == "journey" \
            else persona_text(item_id, c)
        text = align_comments(text)
    target = folder / f"{item_id}.yml"
    write_file(target, text)  # WriteFailed: nothing was written
    _verify(data_dir, target)
    return target


# --- journeys new journey ID --future-of CURRENT ------------------------------------------------

# Top-level fields not copied from the current map: its identity, its own history, and its
# opportunities (their ids are unique across the handbook; the future map's steps name them
# in `delivered_by` instead).
_NOT_COPIED = {"id", "title", "aliases", "state", "future_of", "status", "reviewed",
               "review_log", "opportunities"}


def future_text(handbook: Handbook, current_id: str, item_id: str, today: date,
                title: str | None) -> str:
    """The current map's file with its steps, as the start of its future map.

    Fields are copied as written (comments included), top-level field by field."""
    current_id = handbook.journey_aliases.get(current_id, current_id)
    current = handbook.journeys.get(current_id)
    if current is None:
        raise ScaffoldError(f"unknown journey '{current_id}': "
                            f"{did_you_mean(current_id, handbook.journeys, 'journey ids')}")
    if current.is_future:
        raise ScaffoldError(f"'{current_id}' is itself a future map (of "
                            f"'{current.spec.future_of}'); name the current map")
    text = Path(current.source).read_text(encoding="utf-8")
    lines = text.splitlines()
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise ScaffoldError(f"{current.source} is not a block mapping; cannot copy it")
    starts = [key.start_mark.line for key, _ in root.value]
    kept = []
    for (key, _), start, end in zip(root.value, starts, [*starts[1:], len(lines)], strict=True):
        if key.value not in _NOT_COPIED:
            kept += lines[start:end]
    title = title or f"{current.title} (future)"
    head = f"""{schema_line("journey")}
# The future of {current_id}: the journey the team commits to. Steps copied from
# {Path(current.source).name} on {today.isoformat()}. A step keeping its id is the same step (kept
# or changed); give new steps new ids; delete the steps that go away; a renamed step lists the
# old id in `aliases`. Name the opportunities that make a step real:
#   delivered_by: [opportunity-id]
title: {_q(title)}
state: future
future_of: {current_id}
status: draft
reviewed: {today.isoformat()}
"""
    return head + "\n".join(kept).rstrip("\n") + "\n"


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same file; a symbolic link loop is not an error here
    (Path.resolve raises RuntimeError on one before Python 3.13)."""
    return os.path.realpath(a) == os.path.realpath(b)


def _verify(data_dir: Path, target: Path) -> None:
    """The new file must load without errors; if not, remove it (a bug in the template)."""
    result = load_handbook(data_dir)
    mine = [d for d in result.diagnostics.errors if same_file(d.file, target)]
    if mine:
        target.unlink()
        raise ScaffoldError("internal error: the new file did not pass the checks:\n"
                            + "\n".join(d.text() for d in mine))


# --- journeys new metric ID --------------------------------------------------------------------

METRIC_FILES = ("metrics.yml", "metrics.yaml")
METRICS_FILE_HEAD = (
    "# yaml-language-server: $schema=../schemas/metrics.schema.json\n"
    "# The handbook's metrics: a small set per phase, tracked over time.\n"
    "# Observations go in measurements/<metric-id>.csv (date,value[,segment,note]).\n")


def metric_entry(item_id: str, name: str, phase: str, direction: str, *, indent: str = "",
                 unit: str | None = None, owner: str | None = None) -> str:
    p = indent + "  "
    unit_line = f"{p}unit: {unit}" if unit else f"{p}# unit: percent"
    owner_line = f"{p}owner: {owner}" if owner else f"{p}# owner: team-id"
    text = f"""{indent}- id: {item_id}               # also its page: /metrics/{item_id}/
{p}name: {_q(name)}
{p}phase: {phase}                # the phase-level goal this metric judges
{p}direction: {direction}            # up or down: which way is better
{p}# kind: progress              # progress, failure (where the process stops) or outcome
{unit_line}               # percent, count, rate, days, hours, minutes, score, currency
{p}# definition: How it is computed, from which events
{p}# source: evidence-id         # where the numbers come from (an id in evidence.yml)
{owner_line}
{p}# journeys: [journey-id]      # journeys it measures
{p}# target: 80                  # the level the owner aims for, in its unit
"""
    return align_comments(text)


def _metrics_file(data_dir: Path) -> Path:
    return next((data_dir / n for n in METRIC_FILES if (data_dir / n).exists()),
                data_dir / METRIC_FILES[0])


def _list_indent(text: str) -> str:
    """The indentation of the file's list items ("" or "  "), to append in the same style.

    Raises ScaffoldError when the file is not a block list that can take another item.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        raise ScaffoldError("metrics.yml is not valid YAML; fix it first (journeys check)") \
            from None
    if node is None:
        return ""
    if not isinstance(node, yaml.SequenceNode) or node.flow_style:
        raise ScaffoldError("metrics.yml is not a list of '- id: ...' entries; cannot append "
                            "to it (fix it first: journeys check)")
    if not node.value:
        return ""
    first = node.value[0].start_mark
    line = text.splitlines()[first.line]
    return line[:len(line) - len(line.lstrip())]


def create_metric(data_dir: Path, item_id: str, *, phase: str | None, direction: str,
                  name: str | None = None, unit: str | None = None,
                  owner: str | None = None) -> list[Path]:
    """Append a metrics.yml entry (creating the file if absent) and write
    measurements/<id>.csv with its header. Returns the files written or changed.

    Comments and the rest of metrics.yml stay as they are: the entry is appended as text.
    An existing measurements file is kept (it may be an export made before the metric).
    Raises ScaffoldError; on a failed check everything is put back as it was.
    """
    if not ID_RE.match(item_id):
        raise ScaffoldError(f"'{item_id}' is not a valid id: use lowercase letters, digits and "
                            "single hyphens, like 'intake-completion'")
    handbook, target = _handbook_taking_metric(data_dir, item_id)
    phase = _pick("phase", phase, handbook.phases)
    if not phase:
        raise ScaffoldError("handbook.yml has no valid phase; fix it first (journeys check)")
    if owner:
        _pick("team", owner, handbook.teams)
    before = _metrics_before(target, item_id)
    entry = functools.partial(metric_entry, item_id, name or title_from_id(item_id), phase,
                              direction, unit=unit, owner=owner)
    if before is None:
        text = METRICS_FILE_HEAD + entry()
    else:
        sep = "" if before.endswith("\n") or not before else "\n"
        text = before + sep + entry(indent=_list_indent(before))
    csv_file = data_dir / "measurements" / f"{item_id}.csv"
    # Both files are written in full under temporary names before either is renamed into
    # place: a full disk or a `measurements` file where the folder belongs changes nothing.
    with Changes() as changes:
        changes.write(target, text)
        if not os.path.lexists(csv_file):
            changes.write(csv_file, MEASUREMENTS_HEADER + "\n")
    _verify_or_undo(data_dir, [target, csv_file], changes.written, target, before)
    return changes.written


def _handbook_taking_metric(data_dir: Path, item_id: str) -> tuple[Handbook, Path]:
    """The handbook and its metrics file, when both can take a new metric `item_id`."""
    result = load_handbook(data_dir)
    handbook = result.handbook
    if handbook is None:
        raise ScaffoldError("handbook.yml is missing or broken; fix it first (journeys check)")
    target = _metrics_file(data_dir)
    broken = [d for d in result.diagnostics.errors if same_file(d.file, target)]
    if broken:
        raise ScaffoldError(f"{target.name} has {len(broken)} error(s); fix them first "
                            "(journeys check), then add the metric")
    if item_id in handbook.metrics:
        raise ScaffoldError(f"metric '{item_id}' already exists in metrics.yml")
    if item_id in handbook.metric_aliases:
        raise ScaffoldError(f"'{item_id}' is an old id (alias) of metric "
                            f"'{handbook.metric_aliases[item_id]}'")
    return handbook, target


def _metrics_before(target: Path, item_id: str) -> str | None:
    """The metrics file's text (None when there is none yet), checked not to hold `item_id`."""
    try:
        before = target.read_text(encoding="utf-8") if target.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(f"cannot read {target.name}: {exc}") from None
    if before is not None and item_id in _raw_metric_ids(before):
        raise ScaffoldError(f"metric '{item_id}' is already in {target.name} (with errors; "
                            "run journeys check)")
    return before


def _verify_or_undo(data_dir: Path, files: list[Path], written: list[Path], target: Path,
                    before: str | None) -> None:
    """Check the new files; when they fail, put the metrics file back and remove the rest."""
    try:
        _verify_all(data_dir, files)
    except ScaffoldError:
        with Changes() as undo:
            if before is not None:
                undo.write(target, before)
        for path in written if before is None else written[1:]:
            path.unlink()
        raise


def _raw_metric_ids(text: str) -> set[str]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return set()
    if not isinstance(data, list):
        return set()
    return {str(i["id"]) for i in data if isinstance(i, dict) and "id" in i}


def _verify_all(data_dir: Path, files: list[Path]) -> None:
    result = load_handbook(data_dir)
    targets = {os.path.realpath(f) for f in files}
    mine = [d for d in result.diagnostics.errors if os.path.realpath(d.file) in targets]
    if mine:
        raise ScaffoldError("the new metric did not pass the checks:\n"
                            + "\n".join(d.text() for d in mine))
