"""The change log as pages read it: commits, each with the semantic changes it made.

The entries are computed from git by `analysis.history` (and cached there as plain JSON), so
they name what changed by reference (`Ref`: a kind and ids), never by URL: the pages turn a
reference into a link against the handbook as it is now, so a later rename still lands on
the item (through its alias), a deleted item is shown without a dead link, and a change of
the site's URL scheme needs no recomputation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..data.model import Handbook
from . import urls

# Reference kinds and the ids they carry: journey (journey), step (journey, step),
# opportunity (opportunity), persona, metric, experiment (metric, experiment), touchpoint,
# evidence, phase. "" for kinds that have no page (teams, handbook settings, files).


@dataclass
class ChangeItem:
    what: str  # the kind of thing and what happened: "Step added", "Feeling down"
    title: str  # the item as readers know it (data text: escaped when shown)
    ref: tuple[str, ...] = ()  # (kind, *ids), see above; () for no link
    detail: str = ""  # e.g. "3 -> 2", "status planned -> in-progress" (data text)

    @classmethod
    def from_dict(cls, data: dict) -> ChangeItem:
        return cls(data["what"], data["title"], tuple(data.get("ref") or ()),
                   data.get("detail", ""))


@dataclass
class ChangeEntry:
    commit: str
    date: str  # ISO 8601 with offset
    author: str
    subject: str
    items: list[ChangeItem] = field(default_factory=list)
    note: str = ""  # why there is no summary (data errors at this commit or its parent)

    @property
    def day(self) -> str:
        return self.date[:10]

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ChangeLog:
    """What `/changes/` and its feed show. `state`: ok, shallow or no-git (see git.CommitLog)."""

    entries: list[ChangeEntry]
    state: str = "ok"
    more: bool = False  # older commits exist beyond `limit` (or past a shallow boundary)
    limit: int = 100
    reason: str = ""


def target(hb: Handbook, ref: tuple[str, ...]) -> tuple[str, str | None] | None:
    """(page path, anchor) where the referenced item lives today; None when it is gone."""
    if not ref:
        return None
    kind, ids = ref[0], ref[1:]
    finder = _FINDERS.get(kind)
    return finder(hb, *ids) if finder and ids else None


def _journey_id(hb: Handbook, journey_id: str) -> str | None:
    return journey_id if journey_id in hb.journeys else hb.journey_aliases.get(journey_id)


def _journey(hb: Handbook, journey_id: str) -> tuple[str, str | None] | None:
    found = _journey_id(hb, journey_id)
    return (urls.journey(found), None) if found else None


def _step(hb: Handbook, journey_id: str, step_id: str = "") -> tuple[str, str | None] | None:
    found = _journey_id(hb, journey_id)
    if not found:
        return None
    steps = hb.journeys[found].steps
    if any(s.id == step_id or step_id in s.aliases for s in steps):
        return urls.journey(found), step_id  # an old id is kept as an anchor on the step
    return urls.journey(found), None


def _opportunity(hb: Handbook, opp_id: str) -> tuple[str, str | None] | None:
    if opp_id in hb.opportunities or any(opp_id in o.aliases for o in
                                          hb.opportunities.values()):
        return urls.BACKLOG, opp_id
    return None


def _persona(hb: Handbook, persona_id: str) -> tuple[str, str | None] | None:
    found = persona_id if persona_id in hb.personas else hb.persona_aliases.get(persona_id)
    return (urls.persona(found), None) if found else None


def _metric(hb: Handbook, metric_id: str, experiment_id: str = ""
            ) -> tuple[str, str | None] | None:
    found = metric_id if metric_id in hb.metrics else hb.metric_aliases.get(metric_id)
    if not found:
        return None
    known = experiment_id and any(e.id == experiment_id for e in hb.metrics[found].experiments)
    return urls.metric(found), experiment_id if known else None


def _listed(page: str, catalog: str):
    def find(hb: Handbook, item_id: str) -> tuple[str, str | None] | None:
        return (page, item_id) if item_id in getattr(hb, catalog) else None
    return find


def _phase(hb: Handbook, phase_id: str) -> tuple[str, str | None] | None:
    return (urls.phase(phase_id), None) if phase_id in hb.phases else None


_FINDERS = {
    "journey": _journey, "step": _step, "opportunity": _opportunity, "persona": _persona,
    "metric": _metric, "experiment": _metric, "phase": _phase,
    "touchpoint": _listed(urls.TOUCHPOINTS, "touchpoints"),
    "evidence": _listed(urls.EVIDENCE, "evidence"),
}
