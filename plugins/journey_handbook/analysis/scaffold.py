"""`journeys new journey|persona ID`: start a file that is valid as it stands.

The file fills its required fields with ids that exist in the handbook (the first
phase, a persona, an owner team), so `journeys check` passes right away, and shows
every other field as a commented example to uncomment and edit. The first line
points editors at the JSON Schema written by `journeys schema --out schemas/`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

from ..data.loader import load_handbook
from ..data.model import Handbook
from ..data.schema import ID_RE
from ..data.suggest import did_you_mean

KINDS = ("journey", "persona")
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
    return _fill("journey", item_id, c, today=today.isoformat(), next_year=today.year + 1)


def persona_text(item_id: str, c: Choices) -> str:
    return _fill("persona", item_id, c)


def _fill(kind: str, item_id: str, c: Choices, **extra: object) -> str:
    """The kind's commented template (templates/<kind>.yml) with the chosen ids filled in."""
    template = Template((resources.files(__package__) / "templates" / f"{kind}.yml")
                        .read_text(encoding="utf-8"))
    return template.substitute(schema_line=schema_line(kind), item_id=item_id,
                               title=_q(c.title), owner=c.owner, persona=c.persona,
                               phase=c.phase, touchpoint=c.touchpoint, evidence=c.evidence,
                               every_days=c.every_days, **extra)


def _pick(what: str, wanted: str | None, known: dict) -> str:
    if wanted:
        if wanted not in known:
            raise ScaffoldError(f"unknown {what} '{wanted}': "
                                f"{did_you_mean(wanted, known, what + ' ids')}")
        return wanted
    return next(iter(known), "")


def choices(handbook: Handbook, kind: str, item_id: str, *, title: str | None = None,
            owner: str | None = None, persona: str | None = None) -> Choices:
    c = Choices(title or title_from_id(item_id))
    c.phase = next(iter(handbook.phases))
    c.every_days = handbook.review.every_days
    c.touchpoint = next(iter(handbook.touchpoints), c.touchpoint)
    c.evidence = next(iter(handbook.evidence), c.evidence)
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
           owner: str | None = None, persona: str | None = None) -> Path:
    """Write the new file and return its path. Raises ScaffoldError, never overwrites."""
    if not ID_RE.match(item_id):
        raise ScaffoldError(f"'{item_id}' is not a valid id: use lowercase letters, digits and "
                            "single hyphens, like 'clinic-intake'")
    folder = data_dir / FOLDERS[kind]
    for suffix in (".yml", ".yaml"):
        if (folder / f"{item_id}{suffix}").exists():
            raise ScaffoldError(f"{folder / (item_id + suffix)} already exists; "
                                "not overwriting it")
    result = load_handbook(data_dir)
    handbook = result.handbook
    if handbook is None:
        raise ScaffoldError("handbook.yml is missing or broken; fix it first (journeys check)")
    reason = _taken(handbook, kind, item_id)
    if reason:
        raise ScaffoldError(reason)
    c = choices(handbook, kind, item_id, title=title, owner=owner, persona=persona)
    text = journey_text(item_id, c, today) if kind == "journey" else persona_text(item_id, c)
    text = align_comments(text)
    target = folder / f"{item_id}.yml"
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _verify(data_dir, target)
    return target


def _verify(data_dir: Path, target: Path) -> None:
    """The new file must load without errors; if not, remove it (a bug in the template)."""
    result = load_handbook(data_dir)
    mine = [d for d in result.diagnostics.errors
            if Path(d.file).resolve() == target.resolve()]
    if mine:
        target.unlink()
        raise ScaffoldError("internal error: the new file did not pass the checks:\n"
                            + "\n".join(d.text() for d in mine))
