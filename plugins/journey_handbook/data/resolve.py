"""Cross-file checks and resolution: turn validated documents into the indexed model.

Every reference is checked (phases, personas, teams, touchpoints, evidence, step refs,
hand-off targets, messaging keys, aliases), each error pointing at the exact value that is
wrong. A file that failed to parse still counts as existing, so one broken file does not
cascade into errors in every file that names it.

`Resolver` holds the state of one resolution and the checks every kind of reference shares;
the work for each kind of file lives beside it: `resolve_catalogs` (handbook.yml,
touchpoints.yml, evidence.yml, inline touchpoints), `resolve_metrics` (metrics.yml and
measurements), `resolve_personas`, `resolve_journey` (a map and its steps),
`resolve_opportunities` (opportunities, outcomes, experiments), `resolve_funnel` and
`relations` (future and nested maps).
"""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path
from typing import Any

from . import model as m
from . import schema
from .diagnostics import Diagnostics
from .document import Document
from .relations import link_relations
from .resolve_catalogs import evidence_file, handbook_file, inline_touchpoints, touchpoints_file
from .resolve_journey import journey_file
from .resolve_metrics import measurements_file, metric_journeys, metrics_file, phase_metrics
from .resolve_opportunities import opportunities
from .resolve_personas import check_file_names, persona_file
from .resolve_refs import EMPTY_HANDBOOK, Ids, absent
from .suggest import did_you_mean
from .yamlsource import Path_, format_path

# Kinds whose aliases share one message for both clashes, with a live id or another alias.
_ONE_NAMESPACE = {
    "step": "step alias '{alias}' is already a step id or alias in this journey",
    "opportunity": "opportunity alias '{alias}' collides with a live opportunity id or "
                   "another alias",
}


class Resolver:
    """One resolution: the documents, the ids known so far, and the model being built."""

    def __init__(self, data_dir: Path, documents: list[Document], diags: Diagnostics,
                 unlisted: set[str] = frozenset()):
        self.data_dir = data_dir
        self.docs = documents
        self.diags = diags
        self.by_kind: dict[str, list[Document]] = {}
        for doc in documents:
            self.by_kind.setdefault(doc.kind, []).append(doc)
        self.handbook_doc = next(iter(self.by_kind.get("handbook", [])), None)
        spec = self.handbook_doc.spec if self.handbook_doc else None
        self.handbook_spec: schema.HandbookFile | None = spec
        self.persona_docs = [d for d in self.by_kind.get("persona", []) if d.id]
        self.journey_docs = [d for d in self.by_kind.get("journey", []) if d.id]
        self.phases = Ids("phase", trusted=spec is not None)
        self.teams = Ids("team", trusted=spec is not None)
        self.touchpoints = Ids("touchpoint")
        self.evidence = Ids("evidence")
        self.metrics = Ids("metric")
        self.personas = Ids("persona", trusted="persona" not in unlisted)
        self.journeys = Ids("journey", trusted="journey" not in unlisted)
        self.metric_doc: Document | None = None  # metrics.yml, once read
        self.handbook = m.Handbook(
            spec=spec or EMPTY_HANDBOOK, data_dir=data_dir,
            source=self.handbook_doc.source.path if self.handbook_doc else "",
            phases={}, teams={},
        )

    # -- reporting and the checks every kind of reference shares --------------------------
    def error(self, doc: Document, path: Path_, message: str, hint: str = "",
              *, key: bool = False) -> None:
        line, col = doc.source.key_mark(path) if key else doc.source.mark(path)
        self.diags.error(doc.source.path, line, col, message,
                         path=format_path(path), hint=hint)

    def check_ref(self, doc: Document, path: Path_, value: str | None, *kinds: Ids) -> Any:
        """The object `value` names among `kinds`, or None (an error when no kind knows it)."""
        if value is None:  # invalid itself, already reported
            return None
        for ids in kinds:
            if value in ids.live:
                return ids.live[value]
        if any(ids.knows(value) for ids in kinds):
            return None
        known = [k for ids in kinds for k in ids.live]
        what = " or ".join(ids.what for ids in kinds)
        self.error(doc, path, f"unknown {what} '{value}'", did_you_mean(value, known, "ids"))
        return None

    def unique(self, doc: Document, items: list, prefix: Path_, seen: dict[str, Path_],
               what: str) -> None:
        """Report every id of `items` already in `seen`; record the others there."""
        for i, item in enumerate(items):
            if absent(item):
                continue
            if item.id in seen:
                first = doc.source.mark(seen[item.id])[0]
                self.error(doc, (*prefix, i, "id"),
                           f"duplicate {what} id '{item.id}' (first defined at line {first})",
                           "ids must be unique; rename one of them")
            else:
                seen[item.id] = (*prefix, i, "id")

    def claim_alias(self, doc: Document, path: Path_, alias: str | None, owner: str,
                    live: Container[str], taken: dict[str, str], what: str,
                    *, keep: bool = True) -> None:
        """Record `alias` as an old id of `owner` in `taken`, unless it clashes.

        An alias may not be a live id of its kind (`live`) nor an alias already taken. `keep`
        False checks without recording (the owner itself did not resolve).
        """
        if alias is None:  # invalid itself, already reported
            return
        clash = alias in live or alias in taken
        if clash and what in _ONE_NAMESPACE:
            self.error(doc, path, _ONE_NAMESPACE[what].format(alias=alias))
        elif alias in live:
            self.error(doc, path, f"alias '{alias}' is the id of a live {what}",
                       "an alias keeps an old id working; it cannot take a live one")
        elif clash:
            self.error(doc, path, f"alias '{alias}' is already an alias of '{taken[alias]}'")
        elif keep:
            taken[alias] = owner

    # -- the whole handbook, in the order each kind's ids become known --------------------
    def run(self) -> m.Handbook | None:
        check_file_names(self)
        if self.handbook_doc is not None and self.handbook_spec is not None:
            handbook_file(self, self.handbook_doc)
        for doc in self.by_kind.get("touchpoints", []):
            touchpoints_file(self, doc)
        for doc in self.by_kind.get("evidence", []):
            evidence_file(self, doc)
        for doc in self.by_kind.get("metrics", []):
            metrics_file(self, doc)
        for doc in self.by_kind.get("measurements", []):
            measurements_file(self, doc)
        phase_metrics(self.handbook)
        self.register_maps()
        for doc in self.persona_docs:
            if doc.spec:
                persona_file(self, doc)
        inline_touchpoints(self, [d for d in self.journey_docs if d.spec])
        self.file_aliases()
        self.handbook.personas = dict(sorted(self.personas.live.items()))
        journeys = self.resolve_journeys()
        self.handbook.journeys = dict(sorted(self.journeys.live.items()))
        opportunities(self, journeys)
        link_relations(journeys, self.handbook, self.journeys.broken, self.error)
        metric_journeys(self)
        return self.handbook if self.handbook_spec is not None else None

    def register_maps(self) -> None:
        """Personas are known before any file names one; broken maps before any reference."""
        for doc in self.persona_docs:
            if doc.spec:
                self.personas.live[doc.id] = m.Persona(doc.id, doc.spec, doc.source.path)
            else:
                self.personas.broken.add(doc.id)
        for doc in self.journey_docs:
            if doc.spec is None:
                self.journeys.broken.add(doc.id)

    def file_aliases(self) -> None:
        """The `aliases` of persona and journey files: old file names that keep working."""
        for docs, what, taken in (
                (self.persona_docs, "persona", self.handbook.persona_aliases),
                (self.journey_docs, "journey", self.handbook.journey_aliases)):
            live = {d.id for d in docs}  # a file name is an id, even when the file is broken
            for doc in docs:
                if doc.spec is None:
                    continue
                for i, alias in enumerate(doc.spec.aliases or []):
                    self.claim_alias(doc, ("aliases", i), alias, doc.id, live, taken, what)

    def resolve_journeys(self) -> list[tuple[Document, m.Journey]]:
        journeys: list[tuple[Document, m.Journey]] = []
        for doc in self.journey_docs:
            if doc.spec:
                journey = journey_file(self, doc)
                if journey:
                    self.journeys.live[doc.id] = journey
                    journeys.append((doc, journey))
        return journeys


def resolve(data_dir: Path, documents: list[Document], diags: Diagnostics,
            unlisted: set[str] = frozenset()) -> m.Handbook | None:
    """`unlisted`: kinds whose folder could not be read (references to them are not checked)."""
    return Resolver(data_dir, documents, diags, unlisted).run()
