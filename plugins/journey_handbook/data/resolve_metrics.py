"""metrics.yml and measurements/<metric-id>.csv, and the links from phases, steps and maps
to metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import model as m
from .diagnostics import quoted
from .document import Document
from .resolve_catalogs import catalog_items
from .resolve_refs import absent
from .suggest import did_you_mean

if TYPE_CHECKING:
    from .resolve import Resolver


def metrics_file(r: Resolver, doc: Document) -> None:
    handbook = r.handbook
    r.metric_doc = doc
    items = catalog_items(r, doc, r.metrics)
    for i, spec in items:
        phase = r.check_ref(doc, (i, "phase"), spec.phase, r.phases)
        source = r.check_ref(doc, (i, "source"), spec.source, r.evidence)
        owner = r.check_ref(doc, (i, "owner"), spec.owner, r.teams)
        if spec.id in handbook.metrics:
            continue  # a duplicate: reported by catalog_items
        if phase is None:  # unknown or invalid: still a metric, so that nothing cascades
            r.metrics.broken.add(spec.id)
            continue
        handbook.metrics[spec.id] = m.Metric(spec, phase, source, owner,
                                             mark=doc.source.key_mark((i, "id")))
    r.metrics.live = dict(handbook.metrics)
    live = set(r.metrics.live) | r.metrics.broken
    for i, spec in items:
        for j, alias in enumerate(spec.aliases or []):
            r.claim_alias(doc, (i, "aliases", j), alias, spec.id, live,
                          handbook.metric_aliases, "metric", keep=spec.id in handbook.metrics)


def metric_named(handbook: m.Handbook, name: str | None) -> m.Metric | None:
    """The metric a free-text entry names by id (or old id), if any."""
    if name is None:
        return None
    return handbook.metrics.get(handbook.metric_aliases.get(name, name))


def measurements_file(r: Resolver, doc: Document) -> None:
    if doc.spec is None:
        return
    handbook = r.handbook
    metric = handbook.metrics.get(doc.id or "")
    if metric is not None:
        metric.series = doc.spec.series
        metric.csv_source = doc.source.path
        return
    if doc.id in r.metrics.broken or not r.metrics.trusted:
        return
    old = handbook.metric_aliases.get(doc.id or "")
    if old:
        hint = f"'{doc.id}' is an old id of metric '{old}'; rename the file to {old}.csv"
    elif r.metric_doc is None:
        hint = "add the metric to metrics.yml first (journeys new metric ID)"
    else:
        hint = did_you_mean(doc.id or "", handbook.metrics, "metric ids")
    r.diags.error(doc.source.path, 1, 1,
                  f"{quoted(doc.id or '')} is not a metric id from metrics.yml: the file name "
                  "must be the id of the metric it measures", hint=hint)


def phase_metrics(handbook: m.Handbook) -> None:
    """A phase lists the metrics it names, and every metric's own phase lists it."""
    for phase in handbook.phases.values():
        for name in phase.spec.metrics or []:
            metric = metric_named(handbook, name)
            if metric is not None and metric not in phase.metric_links:
                phase.metric_links.append(metric)
                metric.phases.append(phase)
    for metric in handbook.metrics.values():
        if metric not in metric.phase.metric_links:
            metric.phase.metric_links.append(metric)


def metric_journeys(r: Resolver) -> None:
    """A metric's `journeys`, checked once every map is resolved."""
    doc = r.metric_doc
    if doc is None or doc.spec is None:
        return
    for i, spec in enumerate(doc.spec.root):
        metric = None if absent(spec) else r.handbook.metrics.get(spec.id)
        if metric is None or metric.spec is not spec:
            continue
        for j, jid in enumerate(spec.journeys or []):
            if jid is None:
                continue
            journey = r.check_ref(doc, (i, "journeys", j),
                                  r.handbook.journey_aliases.get(jid, jid), r.journeys)
            if journey is not None and journey not in metric.journeys:
                metric.journeys.append(journey)
