"""Which journeys' own pages a preview rebuild can copy from the previous render.

A journey's page and its board show that journey and what it references: personas, teams,
touchpoints, evidence sources, metrics and their measurements, the handbook's phases and
review rules, and from other maps only what `_maps_read_by` lists (opportunities aimed at
its steps, steps its opportunities aim at, inline touchpoints defined there, opportunities
whose outcome is one of its steps' metrics). So the two
pages are copied when those map files, every data file that is not a journey map, the list
of journeys, the date pages are judged by, the plugin's options and the file's last git
change are all as they were at the previous render. Editing one map re-renders its two
pages (and those of journeys it touches); editing a shared file (a persona, a touchpoint,
metrics.yml) re-renders them all. `tests/preview/test_incremental.py` checks
every preview rebuild against a clean build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..data.loader import DataDirError, discover
from ..data.model import Handbook, Journey
from ..git import History
from ..site import urls
from .keys import digest
from .store import DiskStore


class JourneyPages:
    """With a `store` (`cache_dir`) pages also come from, and go to, the last build's cache;
    `keep` False holds none in memory (a one-off build)."""

    def __init__(self, store: DiskStore | None = None, *, keep: bool = True) -> None:
        self._keys: dict[str, bytes] = {}  # journey id -> inputs of its pages at last render
        self._pages: dict[str, str] = {}
        self._next: dict[str, bytes] = {}
        self._files: dict[Path, bytes] = {}
        self._reused: set[str] = set()
        self.store, self.keep = store, keep
        self.copied = 0

    def begin(self, data_dir: Path) -> None:
        """Before the data is loaded: what every file holds. (Read after the load, a save in
        between would key the old pages with the new bytes and keep them.)"""
        try:
            found = discover(data_dir)
        except DataDirError:
            found = []
        self._files = {file.resolve(): _file_digest(file) for _, file in found}

    def reusable(self, handbook: Handbook, *, settings: object,
                 history: dict[str, History], data_path: Callable[[str], str]
                 ) -> dict[str, str]:
        """Pages of unchanged journeys, by path; call `rendered` with the render's pages."""
        maps = {Path(j.source).resolve() for j in handbook.journeys.values()}
        shared = [(str(f), content) for f, content in self._files.items() if f not in maps]
        common = digest(shared, sorted(handbook.journeys), settings)
        keys = {}
        for journey in handbook.journeys.values():
            files = sorted(_maps_read_by(journey))
            read = [(f, self._files.get(Path(f).resolve(), b"")) for f in files]
            # two journeys can read the same files: the id tells their pages apart
            keys[journey.id] = digest(common, journey.id, read,
                                      history.get(data_path(journey.source)))
        reuse: dict[str, str] = {}
        self._reused = set()
        for journey_id, key in keys.items():
            own = _own_pages(journey_id)
            if self._keys.get(journey_id) == key and all(p in self._pages for p in own):
                found = {path: self._pages[path] for path in own}
            else:
                found = self._stored(key, own)
            if found:
                reuse.update(found)
                self._reused.add(journey_id)
        self.copied = len(self._reused)
        self._next = keys
        return reuse

    def rendered(self, pages: dict[str, str]) -> None:
        self._keys = self._next
        if self.store is not None:
            for journey_id, key in self._keys.items():
                own = _own_pages(journey_id)
                if journey_id not in self._reused and all(p in pages for p in own):
                    self.store.put(self.store.key(b"journey", key), [pages[p] for p in own])
        if self.keep:
            self._pages = {path: pages[path] for journey_id in self._keys
                           for path in _own_pages(journey_id) if path in pages}

    def _stored(self, key: bytes, own: tuple[str, str]) -> dict[str, str] | None:
        if self.store is None:
            return None
        value = self.store.get(self.store.key(b"journey", key))
        if isinstance(value, list) and len(value) == len(own) \
                and all(isinstance(text, str) for text in value):
            return dict(zip(own, value, strict=True))
        return None

    def forget(self) -> None:
        """After a render that failed: nothing is known to be unchanged any more."""
        self._keys, self._pages = {}, {}


def _own_pages(journey_id: str) -> tuple[str, str]:
    return urls.journey(journey_id), urls.board(journey_id)


def _maps_read_by(journey: Journey) -> set[str]:
    """The map files a journey's pages show something from: its own; those whose
    opportunities aim at its steps; those holding steps its opportunities aim at; those
    defining an inline touchpoint it uses (by id); the maps it is related to (its current or
    future maps, its parent or focused maps) and those of the opportunities that deliver its
    steps; those whose opportunities have one of its steps'
    metrics as outcome (its funnel names them under the failure counts)."""
    files = {journey.source}
    related = [journey.current, journey.parent, *journey.futures, *journey.focused]
    files |= {j.source for j in related if j is not None}
    for other in [journey, journey.current, *journey.futures]:
        if other is not None:
            files |= {o.journey.source for s in other.steps for o in s.delivered_by}
    for step in journey.steps:
        files |= {o.journey.source for o in step.opportunities}
        files |= {o.journey.source for m in step.metric_links for o in m.opportunities}
        touchpoints = [step.touchpoint] + [b.touchpoint for b in step.barriers]
        files |= {tp.source for tp in touchpoints if tp is not None and tp.inline}
    for opportunity in journey.opportunities:
        files |= {s.journey.source for s in opportunity.steps}
    return files


def _file_digest(file: Path) -> bytes:
    try:
        return digest(file.read_bytes())
    except OSError:
        return b""
