"""Cross-file checks and resolution: turn validated documents into the indexed model.

Every reference is checked here (phases, personas, teams, touchpoints, evidence,
step refs, hand-off targets, messaging keys, aliases), each error pointing at the
exact value that is wrong. A file that failed to parse still counts as existing,
so one broken file does not cascade into errors in every file that names it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import model as m
from . import schema
from .diagnostics import Diagnostics, quoted
from .document import Document
from .relations import link_relations
from .resolve_funnel import resolve_funnel
from .suggest import did_you_mean
from .yamlsource import Path_, format_path

# Anchors the journey page needs for itself (the URL contract's `#opportunities`; a future
# map's `#compare` and a current map's `#future` are checked in relations.py, on those maps;
# `#funnel` in resolve_funnel.py, on maps that have a funnel).
RESERVED_STEP_IDS = frozenset({"opportunities"})


class _Ids:
    """The ids of one kind: live ones with their objects, plus ids of broken files."""

    def __init__(self, what: str, *, trusted: bool = True):
        self.what = what
        self.live: dict[str, Any] = {}
        self.broken: set[str] = set()
        self.trusted = trusted  # False when the defining file itself failed

    def knows(self, key: str) -> bool:
        return key in self.live or key in self.broken or not self.trusted


class Resolver:
    def __init__(self, data_dir: Path, documents: list[Document], diags: Diagnostics,
                 unlisted: set[str] = frozenset()):
        self.data_dir = data_dir
        self.docs = documents
        self.diags = diags
        self.unlisted = unlisted

    # -- reporting -------------------------------------------------------------------
    def error(self, doc: Document, path: Path_, message: str, hint: str = "",
              *, key: bool = False) -> None:
        line, col = doc.source.key_mark(path) if key else doc.source.mark(path)
        self.diags.error(doc.source.path, line, col, message,
                         path=format_path(path), hint=hint)

    def unknown(self, doc: Document, path: Path_, value: str, ids: _Ids,
                extra: dict[str, Any] | None = None) -> None:
        known = list(ids.live) + list(extra or {})
        self.error(doc, path, f"unknown {ids.what} '{value}'",
                   did_you_mean(value, known, ids.what + " ids"))

    def check_ref(self, doc: Document, path: Path_, value: str | None, *kinds: _Ids) -> Any:
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
        for i, item in enumerate(items):
            if _absent(item):
                continue
            if item.id in seen:
                first = doc.source.mark(seen[item.id])[0]
                self.error(doc, (*prefix, i, "id"),
                           f"duplicate {what} id '{item.id}' (first defined at line {first})",
                           "ids must be unique; rename one of them")
            else:
                seen[item.id] = (*prefix, i, "id")

    # -- the whole handbook --------------------------------------------------------------
    def run(self) -> m.Handbook | None:
        by_kind: dict[str, list[Document]] = {}
        for doc in self.docs:
            by_kind.setdefault(doc.kind, []).append(doc)
        for doc in by_kind.get("persona", []) + by_kind.get("journey", []):
            if not schema.ID_RE.match(doc.id or ""):
                self.diags.error(doc.source.path, 1, 1,
                                 f"file name {quoted(doc.id or '')} is not a valid id",
                                 hint="rename the file to lowercase kebab-case, "
                                      "like 'patient-intake.yml'")
        hb_doc = next(iter(by_kind.get("handbook", [])), None)
        hb_spec: schema.HandbookFile | None = hb_doc.spec if hb_doc else None
        self.phases = _Ids("phase", trusted=hb_spec is not None)
        self.teams = _Ids("team", trusted=hb_spec is not None)
        self.touchpoints = _Ids("touchpoint")
        self.evidence = _Ids("evidence")
        self.personas = _Ids("persona", trusted="persona" not in self.unlisted)
        self.journeys = _Ids("journey", trusted="journey" not in self.unlisted)
        handbook = m.Handbook(
            spec=hb_spec or _EMPTY_HANDBOOK, data_dir=self.data_dir,
            source=hb_doc.source.path if hb_doc else "", phases={}, teams={},
        )
        if hb_spec is not None and hb_doc is not None:
            self.handbook_file(hb_doc, handbook)
            self.phases.broken = _raw_ids(hb_doc.source.data, "phases")
            self.teams.broken = _raw_ids(hb_doc.source.data, "teams")
        for doc in by_kind.get("touchpoints", []):
            self.touchpoints_file(doc, handbook)
        for doc in by_kind.get("evidence", []):
            self.evidence_file(doc, handbook)
        self.metrics = _Ids("metric")
        self.metric_doc: Document | None = None
        for doc in by_kind.get("metrics", []):
            self.metrics_file(doc, handbook)
        for doc in by_kind.get("measurements", []):
            self.measurements_file(doc, handbook)
        self.phase_metrics(handbook)
        persona_docs = [d for d in by_kind.get("persona", []) if d.id]
        journey_docs = [d for d in by_kind.get("journey", []) if d.id]
        for doc in persona_docs:
            if doc.spec:
                self.personas.live[doc.id] = m.Persona(doc.id, doc.spec, doc.source.path)
            else:
                self.personas.broken.add(doc.id)
        for doc in journey_docs:
            if doc.spec is None:
                self.journeys.broken.add(doc.id)
        for doc in persona_docs:
            if doc.spec:
                self.persona_file(doc, handbook)
        self.inline_touchpoints([d for d in journey_docs if d.spec], handbook)
        self.aliases(persona_docs, self.personas, handbook.persona_aliases, "persona")
        self.aliases(journey_docs, self.journeys, handbook.journey_aliases, "journey",
                     live=[d.id for d in journey_docs])
        handbook.personas = dict(sorted(self.personas.live.items()))
        journeys: list[tuple[Document, m.Journey]] = []
        for doc in journey_docs:
            if doc.spec:
                journey = self.journey_file(doc, handbook)
                if journey:
                    self.journeys.live[doc.id] = journey
                    journeys.append((doc, journey))
        handbook.journeys = dict(sorted(self.journeys.live.items()))
        self.opportunities(journeys, handbook)
        link_relations(journeys, handbook, self.journeys.broken, self.error)
        self.metric_journeys(handbook)
        return handbook if hb_spec is not None else None

    def handbook_file(self, doc: Document, handbook: m.Handbook) -> None:
        spec: schema.HandbookFile = doc.spec  # type: ignore[assignment]
        # A salvaged file may lack `phases` (missing, or not a list): already reported,
        # so references to phases (or to teams, when `teams` is not a list) are not checked.
        raw = doc.source.data if isinstance(doc.source.data, dict) else {}
        if not isinstance(raw.get("phases"), list):
            self.phases.trusted = False
        if raw.get("teams") is not None and not isinstance(raw.get("teams"), list):
            self.teams.trusted = False
        phases, teams = spec.phases or [], spec.teams or []
        self.unique(doc, phases, ("phases",), {}, "phase")
        self.unique(doc, teams, ("teams",), {}, "team")
        for i, phase in enumerate(p for p in phases if not _absent(p)):
            handbook.phases.setdefault(phase.id, m.Phase(phase, i))
        for team in (t for t in teams if not _absent(t)):
            handbook.teams.setdefault(team.id, m.Team(team))
        self.phases.live = dict(handbook.phases)
        self.teams.live = dict(handbook.teams)

    def catalog_items(self, doc: Document, handbook: m.Handbook, ids: _Ids) -> list:
        """(index, item) of a list file (touchpoints.yml, evidence.yml) worth resolving."""
        handbook.sources[doc.kind] = doc.source.path
        ids.broken = _raw_ids(doc.source.data)
        if doc.spec is None:
            ids.trusted = False
            return []
        self.unique(doc, doc.spec.root, (), {}, ids.what)
        return [(i, item) for i, item in enumerate(doc.spec.root) if not _absent(item)]

    def touchpoints_file(self, doc: Document, handbook: m.Handbook) -> None:
        for i, tp in self.catalog_items(doc, handbook, self.touchpoints):
            owner = self.check_ref(doc, (i, "owner"), tp.owner, self.teams)
            if tp.id not in handbook.touchpoints:
                handbook.touchpoints[tp.id] = m.Touchpoint(tp.id, tp, False, owner,
                                                           doc.source.path)
        self.touchpoints.live = dict(handbook.touchpoints)

    def evidence_file(self, doc: Document, handbook: m.Handbook) -> None:
        for i, ev in self.catalog_items(doc, handbook, self.evidence):
            handbook.evidence.setdefault(ev.id, m.Evidence(ev, doc.source.key_mark((i, "id"))))
        self.evidence.live = dict(handbook.evidence)

    def persona_file(self, doc: Document, handbook: m.Handbook) -> None:
        spec: schema.PersonaFile = doc.spec  # type: ignore[assignment]
        if spec.id is not None and spec.id != doc.id:
            self.error(doc, ("id",), f"id '{spec.id}' does not match the file name "
                       f"{quoted(doc.id or '')}",
                       "a persona's id is its file name; remove the id field or rename the file")
        if doc.id in self.teams.live:
            self.diags.error(doc.source.path, 1, 1,
                             f"{quoted(doc.id or '')} names both a persona and a team",
                             hint="steps name their actor by id; rename one of them")
        for key in spec.messaging:
            if not self.phases.knows(key):
                self.error(doc, ("messaging", key), f"messaging for unknown phase '{key}'",
                           did_you_mean(key, self.phases.live, "phase ids"), key=True)

    def aliases(self, docs: list[Document], ids: _Ids, out: dict[str, str], what: str,
                live: list[str] | None = None) -> None:
        live_ids = set(live if live is not None else ids.live) | ids.broken
        for doc in docs:
            if doc.spec is None:
                continue
            for i, alias in enumerate(doc.spec.aliases or []):
                if alias is None:
                    continue
                if alias in live_ids:
                    self.error(doc, ("aliases", i),
                               f"alias '{alias}' is the id of a live {what}",
                               "an alias keeps an old id working; it cannot take a live one")
                elif alias in out:
                    self.error(doc, ("aliases", i),
                               f"alias '{alias}' is already an alias of '{out[alias]}'")
                else:
                    out[alias] = doc.id

    # -- journeys ----------------------------------------------------------------------------
    def journey_file(self, doc: Document, handbook: m.Handbook) -> m.Journey | None:
        spec: schema.JourneyFile = doc.spec  # type: ignore[assignment]
        if spec.id is not None and spec.id != doc.id:
            self.error(doc, ("id",), f"id '{spec.id}' does not match the file name "
                       f"{quoted(doc.id or '')}",
                       "a journey's id is its file name; remove the id field or rename the file")
        owner = self.check_ref(doc, ("owner",), spec.owner, self.teams) if spec.owner else None
        personas = []
        for i, pid in enumerate(spec.personas or []):
            persona = self.check_ref(doc, ("personas", i), pid, self.personas)
            if persona:
                personas.append(persona)
        every = spec.review_every_days or (handbook.spec.review or schema.Review()).every_days
        journey = m.Journey(doc.id, spec, doc.source.path, owner or _NO_TEAM, personas, every,
                            field_marks={p[0]: mark for p, mark in doc.source.key_marks.items()
                                         if len(p) == 1}, complete=doc.complete)
        self.review_log(doc, journey, handbook)
        step_ids: dict[str, Path_] = {}
        steps = spec.steps or []
        self.unique(doc, steps, ("steps",), step_ids, "step")
        for i, step in enumerate(steps):
            if _absent(step):
                continue
            if step.id in RESERVED_STEP_IDS:
                self.error(doc, ("steps", i, "id"),
                           f"step id '{step.id}' is reserved: the journey page uses "
                           f"#{step.id} for its own section", "choose another step id")
            for j, alias in enumerate(step.aliases or []):
                if alias is None:
                    continue
                if alias in step_ids:
                    self.error(doc, ("steps", i, "aliases", j),
                               f"step alias '{alias}' is already a step id or alias "
                               "in this journey")
                else:
                    step_ids[alias] = ("steps", i, "aliases", j)
        last_phase: m.Phase | None = None
        for i, step_spec in enumerate(steps):
            if _absent(step_spec):
                continue
            step = self.step(doc, journey, i, step_spec, handbook)
            if step is None:
                continue
            backwards = last_phase and step.phase.index < last_phase.index
            if backwards and not _may_loop(doc, i, step_spec):
                self.error(doc, ("steps", i, "phase"),
                           f"phase '{step.phase.id}' comes before '{last_phase.id}' of the "
                           "previous step: steps must follow the phase order",
                           "reorder the steps, or set `loop: true` on a step that "
                           "deliberately goes back")
            last_phase = step.phase
            journey.steps.append(step)
        resolve_funnel(self, doc, journey, handbook)
        return journey

    def step(self, doc: Document, journey: m.Journey, i: int, spec: schema.Step,
             handbook: m.Handbook) -> m.Step | None:
        at = ("steps", i)
        phase = self.check_ref(doc, (*at, "phase"), spec.phase, self.phases)
        actor = self.check_ref(doc, (*at, "persona"), spec.persona, self.personas, self.teams)
        handoff_to = None
        if spec.handoff:
            handoff_to = self.check_ref(doc, (*at, "handoff", "to"), spec.handoff.to,
                                        self.personas, self.teams)
        touchpoint = self.step_touchpoint(doc, journey, at, spec, handbook)
        barriers = []
        for j, barrier in enumerate(spec.barriers or []):
            if barrier is None:
                continue
            if isinstance(barrier, str):
                barriers.append(m.Barrier(barrier, touchpoint))
                continue
            tp = touchpoint
            if barrier.touchpoint:
                tp = self.check_ref(doc, (*at, "barriers", j, "touchpoint"), barrier.touchpoint,
                                    self.touchpoints)
                if tp is None:
                    tp = handbook.touchpoints.get(barrier.touchpoint)
            barriers.append(m.Barrier(barrier.text, tp))
        citations = []
        for j, cite in enumerate(spec.evidence or []):
            if _absent(cite, "source"):
                continue
            ev = self.check_ref(doc, (*at, "evidence", j, "source"), cite.source, self.evidence)
            if ev:
                citations.append(m.Citation(ev, cite.note))
        # The file's own text decides: evidence that failed validation still counts here.
        if spec.confidence == "known" and not _raw_step(doc, i).get("evidence"):
            self.error(doc, (*at, "confidence"), "a step marked 'known' must cite evidence",
                       "add `evidence: [{source: <evidence-id>}]`, or mark it 'hypothesized'")
        confidence = spec.confidence or ("known" if spec.evidence else "hypothesized")
        if phase is None or actor is None:
            return None
        step = m.Step(spec, journey, i, phase, actor, touchpoint, handoff_to, barriers,
                      citations, confidence)
        metrics = spec.metrics or schema.StepMetrics()
        for name in [*(metrics.progress or []), *(metrics.failure or [])]:
            metric = self.metric_named(handbook, name)
            if metric is not None and metric not in step.metric_links:
                step.metric_links.append(metric)
                metric.steps.append(step)
        if touchpoint:
            touchpoint.uses.append(step)
        for b in barriers:
            if b.touchpoint and b.touchpoint is not touchpoint:
                b.touchpoint.barrier_steps.append(step)
        for c in citations:
            c.evidence.steps.append(step)
        if isinstance(actor, m.Persona):
            actor.steps.append(step)
        return step

    def step_touchpoint(self, doc: Document, journey: m.Journey, at: Path_, spec: schema.Step,
                        handbook: m.Handbook) -> m.Touchpoint | None:
        ref = spec.touchpoint
        if ref is None:
            return None
        if isinstance(ref, str):
            return self.check_ref(doc, (*at, "touchpoint"), ref, self.touchpoints)
        return handbook.touchpoints.get(_inline_id(ref, journey.id, spec.id))

    # -- opportunities (ids are unique across the handbook) ------------------------------
    def opportunities(self, journeys: list[tuple[Document, m.Journey]],
                      handbook: m.Handbook) -> None:
        first: dict[str, str] = {}
        first_experiment: dict[str, str] = {}
        aliases: dict[str, str] = {}
        all_ids = {o.id for _, j in journeys for o in j.spec.opportunities or []
                   if not _absent(o)}
        for doc, journey in journeys:
            for i, spec in enumerate(journey.spec.opportunities or []):
                if _absent(spec):
                    continue
                at = ("opportunities", i)
                if spec.id in first:
                    self.error(doc, (*at, "id"),
                               f"duplicate opportunity id '{spec.id}' "
                               f"(first defined in {first[spec.id]})",
                               "opportunity ids are unique across the whole handbook")
                    continue
                first[spec.id] = f"{doc.source.path}:{doc.source.mark((*at, 'id'))[0]}"
                for j, alias in enumerate(spec.aliases or []):
                    if alias is None:
                        continue
                    if alias in all_ids or alias in aliases:
                        self.error(doc, (*at, "aliases", j),
                                   f"opportunity alias '{alias}' collides with a live "
                                   "opportunity id or another alias")
                    aliases[alias] = spec.id
                owner = self.check_ref(doc, (*at, "owner"), spec.owner, self.teams)
                opp = m.Opportunity(spec, journey, owner or _NO_TEAM)
                for j, ref in enumerate(spec.steps or []):
                    step = self.step_ref(doc, (*at, "steps", j), ref, journey, handbook)
                    if step:
                        opp.steps.append(step)
                        step.opportunities.append(opp)
                for j, eid in enumerate(spec.evidence or []):
                    ev = self.check_ref(doc, (*at, "evidence", j), eid, self.evidence)
                    if ev:
                        opp.evidence.append(ev)
                        ev.opportunities.append(opp)
                self.outcome(doc, at, opp, handbook)
                for j, exp in enumerate(spec.experiments or []):
                    if not _absent(exp):
                        self.experiment(doc, (*at, "experiments", j), exp, opp, handbook,
                                        first_experiment)
                journey.opportunities.append(opp)
                handbook.opportunities[spec.id] = opp

    def step_ref(self, doc: Document, path: Path_, ref: str, journey: m.Journey,
                 handbook: m.Handbook) -> m.Step | None:
        if ref is None:
            return None
        journey_id, _, step_id = ref.rpartition("/")
        target = journey
        if journey_id:
            journey_id = handbook.journey_aliases.get(journey_id, journey_id)
            if journey_id in self.journeys.broken:
                return None
            target = self.journeys.live.get(journey_id)
            if target is None:
                self.error(doc, path, f"unknown journey '{journey_id}' in step reference '{ref}'",
                           did_you_mean(journey_id, self.journeys.live, "journey ids"))
                return None
        for step in target.steps:
            if step.id == step_id or step_id in step.spec.aliases:
                return step
        source = next(d.source for d in self.docs if d.kind == "journey" and d.id == target.id)
        if step_id in _raw_ids(source.data, "steps"):
            return None  # the step exists but failed its own checks
        self.error(doc, path, f"unknown step '{step_id}' in journey '{target.id}'",
                   did_you_mean(step_id, [s.id for s in target.steps], "step ids"))
        return None


    # -- inline touchpoints (any step of any journey may name one by its id) -------------
    def inline_touchpoints(self, docs: list[Document], handbook: m.Handbook) -> None:
        """Register every inline touchpoint before any step is resolved.

        The first definition wins; a second one with other fields, or one with the id of a
        catalog entry, is an error at that second definition.
        """
        for doc in docs:
            for i, step in enumerate(doc.spec.steps or []):
                if _absent(step) or step.touchpoint is None or isinstance(step.touchpoint, str):
                    continue
                ref, at = step.touchpoint, ("steps", i, "touchpoint")
                tp_id = _inline_id(ref, doc.id, step.id)
                if ref.owner:
                    self.check_ref(doc, (*at, "owner"), ref.owner, self.teams)
                existing = handbook.touchpoints.get(tp_id)
                if existing and not existing.inline:
                    self.error(doc, at,
                               f"inline touchpoint '{tp_id}' has the id of a catalog touchpoint",
                               f"write `touchpoint: {tp_id}` to use the catalog entry, or give "
                               "the inline touchpoint another id")
                elif existing:
                    if existing.spec.model_dump(exclude={"id"}) != \
                            ref.model_dump(exclude={"id"}):
                        self.error(doc, at,
                                   f"inline touchpoint '{tp_id}' is defined differently in "
                                   f"{existing.source}",
                                   "move it to touchpoints.yml and refer to it by id")
                else:
                    owner = handbook.teams.get(ref.owner) if ref.owner else None
                    handbook.touchpoints[tp_id] = m.Touchpoint(tp_id, ref, True, owner,
                                                               doc.source.path)
        self.touchpoints.live = dict(handbook.touchpoints)

    # -- metrics.yml and measurements/<metric-id>.csv ------------------------------------
    def metrics_file(self, doc: Document, handbook: m.Handbook) -> None:
        self.metric_doc = doc
        items = self.catalog_items(doc, handbook, self.metrics)
        for i, spec in items:
            phase = self.check_ref(doc, (i, "phase"), spec.phase, self.phases)
            source = self.check_ref(doc, (i, "source"), spec.source, self.evidence)
            owner = self.check_ref(doc, (i, "owner"), spec.owner, self.teams)
            if spec.id in handbook.metrics:
                continue  # a duplicate: reported by catalog_items
            if phase is None:  # unknown or invalid: still a metric, so that nothing cascades
                self.metrics.broken.add(spec.id)
                continue
            handbook.metrics[spec.id] = m.Metric(spec, phase, source, owner,
                                                 mark=doc.source.key_mark((i, "id")))
        self.metrics.live = dict(handbook.metrics)
        live = set(self.metrics.live) | self.metrics.broken
        for i, spec in items:
            for j, alias in enumerate(spec.aliases or []):
                if alias is None:
                    continue
                if alias in live:
                    self.error(doc, (i, "aliases", j), f"alias '{alias}' is the id of a live "
                               "metric", "an alias keeps an old id working; it cannot take a "
                               "live one")
                elif alias in handbook.metric_aliases:
                    self.error(doc, (i, "aliases", j), f"alias '{alias}' is already an alias "
                               f"of '{handbook.metric_aliases[alias]}'")
                elif spec.id in handbook.metrics:
                    handbook.metric_aliases[alias] = spec.id

    def metric_named(self, handbook: m.Handbook, name: str | None) -> m.Metric | None:
        """The metric a free-text entry names by id (or old id), if any."""
        if name is None:
            return None
        return handbook.metrics.get(handbook.metric_aliases.get(name, name))

    def measurements_file(self, doc: Document, handbook: m.Handbook) -> None:
        data = doc.spec
        if data is None:
            return
        metric = handbook.metrics.get(doc.id or "")
        if metric is None:
            if doc.id in self.metrics.broken or not self.metrics.trusted:
                return
            old = handbook.metric_aliases.get(doc.id or "")
            if old:
                hint = f"'{doc.id}' is an old id of metric '{old}'; rename the file to {old}.csv"
            elif self.metric_doc is None:
                hint = "add the metric to metrics.yml first (journeys new metric ID)"
            else:
                hint = did_you_mean(doc.id or "", handbook.metrics, "metric ids")
            self.diags.error(doc.source.path, 1, 1,
                             f"{quoted(doc.id or '')} is not a metric id from metrics.yml: the "
                             "file name "
                             "must be the id of the metric it measures", hint=hint)
            return
        metric.series = data.series
        metric.csv_source = doc.source.path

    def phase_metrics(self, handbook: m.Handbook) -> None:
        for phase in handbook.phases.values():
            for name in phase.spec.metrics or []:
                metric = self.metric_named(handbook, name)
                if metric is not None and metric not in phase.metric_links:
                    phase.metric_links.append(metric)
                    metric.phases.append(phase)
        for metric in handbook.metrics.values():
            if metric not in metric.phase.metric_links:
                metric.phase.metric_links.append(metric)

    def metric_journeys(self, handbook: m.Handbook) -> None:
        doc = self.metric_doc
        if doc is None or doc.spec is None:
            return
        for i, spec in enumerate(doc.spec.root):
            metric = None if _absent(spec) else handbook.metrics.get(spec.id)
            if metric is None or metric.spec is not spec:
                continue
            for j, jid in enumerate(spec.journeys or []):
                if jid is None:
                    continue
                journey = self.check_ref(doc, (i, "journeys", j),
                                         handbook.journey_aliases.get(jid, jid), self.journeys)
                if journey is not None and journey not in metric.journeys:
                    metric.journeys.append(journey)

    # -- review_log, outcomes and experiments ------------------------------------------------
    def review_log(self, doc: Document, journey: m.Journey, handbook: m.Handbook) -> None:
        for i, entry in enumerate(journey.spec.review_log or []):
            if _absent(entry, "date"):
                continue
            teams = []
            for j, tid in enumerate(entry.participants or []):
                team = self.check_ref(doc, ("review_log", i, "participants", j), tid, self.teams)
                if team:
                    teams.append(team)
            journey.reviews.append(m.ReviewRecord(entry, teams,
                                                  doc.source.mark(("review_log", i))))

    def outcome(self, doc: Document, at: Path_, opp: m.Opportunity,
                handbook: m.Handbook) -> None:
        outcome = opp.spec.outcome
        metric = self.metric_named(handbook, outcome.metric if outcome else None)
        if metric is None:
            return
        opp.outcome_metric = metric
        metric.opportunities.append(opp)
        for name in ("baseline", "target"):
            value = getattr(outcome, name)
            if value is not None and schema.parse_number(str(value)) is None:
                self.error(doc, (*at, "outcome", name),
                           f"{schema.number_problem(str(value))}: the outcome's metric "
                           f"'{metric.id}' is a metric id, so its {name} is a number in its "
                           f"unit ({metric.unit or 'no unit'})",
                           "write a plain number (percent as 0-100, like 62 or 62%), or "
                           "name the outcome in words if it is not that metric")

    def experiment(self, doc: Document, at: Path_, spec: schema.Experiment,
                   opp: m.Opportunity, handbook: m.Handbook, first: dict[str, str]) -> None:
        where = f"{doc.source.path}:{doc.source.mark((*at, 'id'))[0]}"
        if spec.id in first:
            self.error(doc, (*at, "id"), f"duplicate experiment id '{spec.id}' (first "
                       f"defined in {first[spec.id]})",
                       "experiment ids are unique across the whole handbook")
            return
        first[spec.id] = where
        if spec.status == "concluded":
            for name in ("end", "result"):
                if getattr(spec, name) is None and _raw(doc, (*at, name)) is None:
                    self.error(doc, (*at, "status"),
                               f"a concluded experiment needs '{name}'",
                               "add `end: YYYY-MM-DD` and `result: what was measured`, "
                               "or set the status to running or stopped")
        if spec.end is not None and spec.start is not None and spec.end <= spec.start:
            self.error(doc, (*at, "end"), f"end {spec.end.isoformat()} is not after start "
                       f"{spec.start.isoformat()}", "an experiment ends after it starts")
        if spec.metric is None:
            return
        name = handbook.metric_aliases.get(spec.metric, spec.metric)
        metric = self.check_ref(doc, (*at, "metric"), name, self.metrics)
        if metric is None or spec.start is None:
            return
        exp = m.Experiment(spec, metric, opp)
        opp.experiments.append(exp)
        metric.experiments.append(exp)
        handbook.experiments[spec.id] = exp


_EMPTY_HANDBOOK = schema.HandbookFile.model_construct(
    title="", phases=[], teams=[], review=schema.Review(), governance=schema.Governance())
_NO_TEAM = m.Team(schema.Team.model_construct(id="", name="(unknown team)", github=None))


def _may_loop(doc: Document, i: int, spec: schema.Step) -> bool:
    """`loop: true`, or a loop value that failed validation (reported already: no cascade)."""
    raw = _raw_step(doc, i).get("loop")
    return spec.loop or (raw is not None and str(raw).lower() not in ("false", "no", "off"))


def _raw_step(doc: Document, i: int) -> dict:
    steps = doc.source.data.get("steps") if isinstance(doc.source.data, dict) else None
    step = steps[i] if isinstance(steps, list) and i < len(steps) else None
    return step if isinstance(step, dict) else {}


def _absent(item: Any, key: str = "id") -> bool:
    """An invalid list item (None), or a salvaged one without its id: nothing to resolve."""
    return item is None or getattr(item, key, None) is None


def _raw_ids(data: Any, key: str | None = None) -> set[str]:
    """Ids written in a list, valid or not: references to them are not 'unknown'."""
    items = data.get(key) if key and isinstance(data, dict) else data
    if not isinstance(items, list):
        return set()
    return {str(i["id"]) for i in items if isinstance(i, dict) and i.get("id") is not None}


def _raw(doc: Document, path: Path_) -> Any:
    """The value written at `path`, valid or not (None when absent)."""
    data: Any = doc.source.data
    for part in path:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_list or (isinstance(data, dict) and part in data)):
            return None
        data = data[part]
    return data


def _inline_id(ref: schema.InlineTouchpoint, journey_id: str | None, step_id: str) -> str:
    return ref.id or _slug(ref.name or "") or f"{journey_id}-{step_id}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def resolve(data_dir: Path, documents: list[Document], diags: Diagnostics,
            unlisted: set[str] = frozenset()) -> m.Handbook | None:
    """`unlisted`: kinds whose folder could not be read (references to them are not checked)."""
    return Resolver(data_dir, documents, diags, unlisted).run()
