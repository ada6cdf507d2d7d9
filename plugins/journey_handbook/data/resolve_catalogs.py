"""The catalogs every map refers to: handbook.yml (phases, teams), touchpoints.yml,
evidence.yml, and touchpoints written inline in a step."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import model as m
from . import schema
from .document import Document
from .resolve_refs import Ids, absent, raw_ids
from .yamlsource import Path_

if TYPE_CHECKING:
    from .resolve import Resolver


def handbook_file(r: Resolver, doc: Document) -> None:
    spec: schema.HandbookFile = doc.spec  # type: ignore[assignment]
    handbook = r.handbook
    # A salvaged file may lack `phases` (missing, or not a list): already reported,
    # so references to phases (or to teams, when `teams` is not a list) are not checked.
    data = doc.source.data if isinstance(doc.source.data, dict) else {}
    if not isinstance(data.get("phases"), list):
        r.phases.trusted = False
    if data.get("teams") is not None and not isinstance(data.get("teams"), list):
        r.teams.trusted = False
    phases, teams = spec.phases or [], spec.teams or []
    r.unique(doc, phases, ("phases",), {}, "phase")
    r.unique(doc, teams, ("teams",), {}, "team")
    for i, phase in enumerate(p for p in phases if not absent(p)):
        handbook.phases.setdefault(phase.id, m.Phase(phase, i))
    for team in (t for t in teams if not absent(t)):
        handbook.teams.setdefault(team.id, m.Team(team))
    r.phases.live = dict(handbook.phases)
    r.teams.live = dict(handbook.teams)
    r.phases.broken = raw_ids(doc.source.data, "phases")
    r.teams.broken = raw_ids(doc.source.data, "teams")


def catalog_items(r: Resolver, doc: Document, ids: Ids) -> list:
    """(index, item) of a list file (touchpoints.yml, evidence.yml, metrics.yml) worth
    resolving, once its duplicate ids are reported."""
    r.handbook.sources[doc.kind] = doc.source.path
    ids.broken = raw_ids(doc.source.data)
    if doc.spec is None:
        ids.trusted = False
        return []
    r.unique(doc, doc.spec.root, (), {}, ids.what)
    return [(i, item) for i, item in enumerate(doc.spec.root) if not absent(item)]


def touchpoints_file(r: Resolver, doc: Document) -> None:
    touchpoints = r.handbook.touchpoints
    for i, tp in catalog_items(r, doc, r.touchpoints):
        owner = r.check_ref(doc, (i, "owner"), tp.owner, r.teams)
        if tp.id not in touchpoints:
            touchpoints[tp.id] = m.Touchpoint(tp.id, tp, False, owner, doc.source.path)
    r.touchpoints.live = dict(touchpoints)


def evidence_file(r: Resolver, doc: Document) -> None:
    for i, ev in catalog_items(r, doc, r.evidence):
        r.handbook.evidence.setdefault(ev.id, m.Evidence(ev, doc.source.key_mark((i, "id"))))
    r.evidence.live = dict(r.handbook.evidence)


def inline_touchpoints(r: Resolver, docs: list[Document]) -> None:
    """Register every inline touchpoint before any step is resolved.

    Any step of any journey may name one by its id. The first definition wins; a second one
    with other fields, or one with the id of a catalog entry, is an error at that second
    definition.
    """
    for doc in docs:
        for i, step in enumerate(doc.spec.steps or []):
            if absent(step) or step.touchpoint is None or isinstance(step.touchpoint, str):
                continue
            _inline_touchpoint(r, doc, ("steps", i, "touchpoint"), step.touchpoint,
                               inline_id(step.touchpoint, doc.id, step.id))
    r.touchpoints.live = dict(r.handbook.touchpoints)


def _inline_touchpoint(r: Resolver, doc: Document, at: Path_, ref: schema.InlineTouchpoint,
                       tp_id: str) -> None:
    if ref.owner:
        r.check_ref(doc, (*at, "owner"), ref.owner, r.teams)
    existing = r.handbook.touchpoints.get(tp_id)
    if existing and not existing.inline:
        r.error(doc, at, f"inline touchpoint '{tp_id}' has the id of a catalog touchpoint",
                f"write `touchpoint: {tp_id}` to use the catalog entry, or give "
                "the inline touchpoint another id")
    elif existing:
        if existing.spec.model_dump(exclude={"id"}) != ref.model_dump(exclude={"id"}):
            r.error(doc, at, f"inline touchpoint '{tp_id}' is defined differently in "
                    f"{existing.source}", "move it to touchpoints.yml and refer to it by id")
    else:
        owner = r.handbook.teams.get(ref.owner) if ref.owner else None
        r.handbook.touchpoints[tp_id] = m.Touchpoint(tp_id, ref, True, owner, doc.source.path)


def inline_id(ref: schema.InlineTouchpoint, journey_id: str | None, step_id: str) -> str:
    """An inline touchpoint's id: its own, its name's slug, or journey-step."""
    return ref.id or _slug(ref.name or "") or f"{journey_id}-{step_id}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
