"""The change log (`/changes/`): each commit that changed the data folder, compared with its
parent by the same engine as `journeys diff`.

A commit pair never changes, so its summary is computed once and kept in a `ChangeCache`:
in memory across `mkdocs serve` reloads, and in a JSON file across builds (a CI cache of
that folder keeps it across runs). A build then costs one `git log`. Missing pairs are
computed oldest first, every revision written to the same temporary folder, so the parse
cache re-reads only the files a commit touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

from ..data.loader import LoadResult, ParseCache, load_handbook
from ..data.model import Handbook
from ..git import Commit, RevisionError, commit_log, extract, repo_location
from ..site.changelog import ChangeEntry, ChangeItem, ChangeLog
from .changes import CatalogDiff, HandbookDiff, added_exceptions, compare

# Bump when the summary of a commit pair changes shape or wording: old entries are dropped.
FORMAT = "journeys-changes-1"
DEFAULT_LIMIT = 100


class ChangeCache:
    """Summaries of commit pairs by "<parent>..<commit>", optionally persisted to `path`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.pairs: dict[str, dict] = {}
        self.computed = 0  # pairs computed (not found) since the cache was made
        if path is not None:
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no cache yet, or a damaged one: recompute
        if isinstance(data, dict) and data.get("format") == FORMAT:
            self.pairs = data.get("pairs") or {}

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"format": FORMAT, "pairs": self.pairs}, out, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only folder only costs recomputing next time

    @staticmethod
    def key(commit: Commit) -> str:
        return f"{commit.parent or ''}..{commit.id}"


def change_log(data_dir: Path, cache: ChangeCache, limit: int = DEFAULT_LIMIT) -> ChangeLog:
    """The newest `limit` commits that changed `data_dir`, each with what it changed."""
    log = commit_log(data_dir, limit)
    missing = [c for c in reversed(log.commits) if ChangeCache.key(c) not in cache.pairs]
    if missing:
        try:
            _compute(data_dir, missing, cache)
        except RevisionError as exc:
            return ChangeLog([], "no-git", limit=limit, reason=str(exc))
        cache.save()
    entries = []
    for commit in log.commits:
        summary = cache.pairs[ChangeCache.key(commit)]
        entries.append(ChangeEntry(commit.id, commit.date, commit.author, commit.subject,
                                   [ChangeItem.from_dict(i) for i in summary["items"]],
                                   summary.get("note", "")))
    return ChangeLog(entries, log.state, log.more, limit, log.reason)


def _compute(data_dir: Path, commits: list[Commit], cache: ChangeCache) -> None:
    top, rel = repo_location(data_dir)
    parse_cache = ParseCache()
    loaded: dict[str, LoadResult | None] = {}  # the last few revisions, by commit id
    in_folder: list[str | None] = [None]  # the revision the folder holds (None: unknown)
    with tempfile.TemporaryDirectory(prefix="journeys-history-") as tmp:
        folder = Path(tmp) / (Path(rel).name or "data")

        def load(revision: str | None) -> LoadResult | None:
            if revision is None:
                return None
            if revision not in loaded:
                if len(loaded) > 2:
                    loaded.pop(next(iter(loaded)))
                found = extract(top, revision, rel, folder, in_folder[0])
                in_folder[0] = revision if found else None
                parse_cache.begin()
                loaded[revision] = load_handbook(folder, parse_cache, privacy="warn") \
                    if found else None
                parse_cache.end()
            return loaded[revision]

        for commit in commits:  # oldest first: each parent is usually the previous commit
            before, after = load(commit.parent), load(commit.id)
            cache.pairs[ChangeCache.key(commit)] = summarise(before, after, commit)
            cache.computed += 1


def summarise(before: LoadResult | None, after: LoadResult | None, commit: Commit) -> dict:
    """The JSON-ready summary of one commit: {"items": [...], "note": str}."""
    if after is None or after.handbook is None or not after.ok:
        what = "removed the data folder" if after is None else "left data errors"
        return {"items": [], "note": f"This commit {what}: no summary of its changes."}
    if before is not None and (before.handbook is None or not before.ok):
        return {"items": [], "note": "The handbook had data errors before this commit: "
                                     "no summary of its changes."}
    if before is None:
        return {"items": [i.__dict__ for i in created(after.handbook)], "note": ""}
    day = date.fromisoformat(commit.date[:10])
    diff = compare(before.handbook, after.handbook, day, pages=False)
    diff.privacy_exceptions = added_exceptions(_accepted(before), _accepted(after))
    return {"items": [i.__dict__ for i in items(diff)], "note": ""}


def created(hb: Handbook) -> list[ChangeItem]:
    """The first commit of a handbook: its size and its journeys, not every item in it."""
    sizes = ", ".join(f"{n} {kind}" for kind, n in hb.counts().items() if n)
    return [ChangeItem("Handbook created", hb.title, (), sizes)] + [
        ChangeItem("Journey added", j.title, ("journey", j.id)) for j in hb.journeys.values()]


def _accepted(result: LoadResult | None) -> list:
    if result is None or result.handbook is None:
        return []
    root = result.handbook.data_dir.resolve()
    out = []
    for a in result.accepted:
        try:
            rel = Path(a.file).resolve().relative_to(root).as_posix()
        except ValueError:
            rel = a.file
        out.append((rel, a))
    return out


# --- a diff as change items -------------------------------------------------------------------

CATALOGS = (("journeys", "Journey", "journey"), ("personas", "Persona", "persona"),
            ("phases", "Phase", "phase"), ("teams", "Team", ""),
            ("touchpoints", "Touchpoint", "touchpoint"), ("evidence", "Evidence", "evidence"),
            ("metrics", "Metric", "metric"))


def items(diff: HandbookDiff) -> list[ChangeItem]:
    """What a commit changed, in the order a planner reads it."""
    out: list[ChangeItem] = []
    if diff.handbook_fields:
        out.append(ChangeItem("Handbook settings changed", "handbook.yml", (),
                              ", ".join(diff.handbook_fields)))
    for name, label, kind in CATALOGS[:1]:
        out += _catalog(getattr(diff, name), label, kind)
    out += [_step(s) for s in diff.steps]
    out += [_opportunity(o) for o in diff.opportunities]
    for name, label, kind in CATALOGS[1:]:
        out += _catalog(getattr(diff, name), label, kind)
    out += _measures(diff)
    out += [ChangeItem("Privacy exception accepted", a.label, (),
                       f"{a.kind}: {a.reason}") for a in diff.privacy_exceptions]
    return out


def _catalog(diff: CatalogDiff, label: str, kind: str) -> list[ChangeItem]:
    def ref(item_id: str) -> tuple[str, ...]:
        return (kind, item_id) if kind else ()

    out = [ChangeItem(f"{label} added", i.title, ref(i.id)) for i in diff.added]
    out += [ChangeItem(f"{label} removed", i.title) for i in diff.removed]
    for c in diff.changed:
        if c.renamed_from:
            detail = f"was {c.renamed_from}" + (f"; {', '.join(c.fields)}" if c.fields else "")
            out.append(ChangeItem(f"{label} renamed", c.title, ref(c.id), detail))
        elif c.fields:
            out.append(ChangeItem(f"{label} changed", c.title, ref(c.id), ", ".join(c.fields)))
    return out


def _step(s) -> ChangeItem:
    facts = [f"in {s.journey_title}"]
    if s.renamed_from:
        facts.append(f"was {s.renamed_from}")
    if s.moved:
        facts.append(f"phase {s.moved[0]} → {s.moved[1]}")
    if s.emotion:
        before, after = (str(v) if v is not None else "none" for v in s.emotion)
        facts.append(f"feeling {before} → {after}")
    if s.confidence:
        facts.append(f"now {s.confidence[1]}")
    if s.fields:
        facts.append(", ".join(s.fields))
    direction = s.emotion_direction
    if s.status != "changed":
        what = f"Step {s.status}"
    elif s.renamed_from:
        what = "Step renamed"
    elif direction:
        what = f"Feeling {direction}"
    elif s.moved:
        what = "Step moved"
    else:
        what = "Step changed"
    ref = () if s.status == "removed" else ("step", s.journey, s.id)
    return ChangeItem(what, s.action, ref, "; ".join(facts))


def _opportunity(o) -> ChangeItem:
    facts = []
    if o.renamed_from:
        facts.append(f"was {o.renamed_from}")
    if o.status_change:
        facts.append(f"status {o.status_change[0]} → {o.status_change[1]}")
    if o.priority:
        facts.append(f"rank {o.priority[0].rank} → {o.priority[1].rank}")
    if o.fields:
        facts.append(", ".join(o.fields))
    if o.status != "changed":
        what = f"Opportunity {o.status}"
    elif o.renamed_from:
        what = "Opportunity renamed"
    elif o.status_change:
        what = "Opportunity status changed"
    elif o.priority:
        what = "Opportunity re-prioritised"
    else:
        what = "Opportunity changed"
    ref = () if o.status == "removed" else ("opportunity", o.id)
    return ChangeItem(what, o.title, ref, "; ".join(facts))


def _measures(diff: HandbookDiff) -> list[ChangeItem]:
    out = []
    for o in diff.observations:
        counts = [f"{n} {word}" for n, word in ((o.added, "new"), (o.revised, "revised"),
                                                 (o.removed, "removed")) if n]
        detail = ", ".join(counts) + (f"; latest {o.latest_date}" if o.latest_date else "")
        out.append(ChangeItem("Observations", o.name, ("metric", o.metric), detail))
    for e in diff.experiments:
        if e.status != "changed":
            what = f"Experiment {e.status}"
        else:
            what = "Experiment concluded" if e.concluded else "Experiment changed"
        facts = [f"status {e.status_change[0]} → {e.status_change[1]}"] \
            if e.status_change else []
        facts += [", ".join(e.fields)] if e.fields else []
        ref = () if e.status == "removed" else ("experiment", e.metric, e.id)
        out.append(ChangeItem(what, e.id, ref, "; ".join(facts)))
    for t in diff.targets_reached:
        out.append(ChangeItem("Target reached", t.name, ("metric", t.metric),
                              f"{t.value:g} on {t.date} (target {t.target:g})"))
    for r in diff.retriage_due:
        out.append(ChangeItem("Needs re-triage", r.title, ("opportunity", r.id),
                              "; ".join(r.reasons)))
    return out


def cache_file(config_dir: Path) -> Path:
    """Where builds keep the summaries: beside mkdocs.yml, like other MkDocs plugin caches."""
    return config_dir / ".cache" / "journeys" / "changes.json"

