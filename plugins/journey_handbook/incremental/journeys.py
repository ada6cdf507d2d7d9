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
from .entries import Entries
from .keys import digest


class JourneyPages:
    """Entries by journey id: the Markdown of its page and its board."""

    def __init__(self, entries: Entries) -> None:
        self.entries = entries
        self._files: dict[Path, bytes] = {}
        self._keys: dict[str, bytes] = {}  # journeys to render: their keys
        self._ids: set[str] = set()
        self.maps: dict[str, bytes] = {}  # journey id -> its map files, the list, settings
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
        # a file's bytes by its path as the model writes it (resolving each path anew for
        # every journey that reads it cost 300 journeys 0.2 s)
        resolved = {j.source: Path(j.source).resolve() for j in handbook.journeys.values()}
        by_source = {source: self._files.get(path, b"") for source, path in resolved.items()}
        map_files = set(resolved.values())
        shared = [(str(f), content) for f, content in self._files.items() if f not in map_files]
        listed = digest(sorted(handbook.journeys), settings)
        common = digest(shared, listed)
        self._keys, self._ids, self.maps = {}, set(handbook.journeys), {}
        reuse: dict[str, str] = {}
        for journey in handbook.journeys.values():
            files = sorted(_maps_read_by(journey))
            read = [(f, by_source[f] if f in by_source else
                     self._files.get(Path(f).resolve(), b"")) for f in files]
            # two journeys can read the same files: the id tells their pages apart
            self.maps[journey.id] = digest(listed, journey.id, read)
            key = digest(common, journey.id, read, history.get(data_path(journey.source)))
            own = _own_pages(journey.id)
            found = self.entries.get(journey.id, key)
            if isinstance(found, list) and len(found) == len(own):
                reuse.update(zip(own, found, strict=True))
            else:
                self._keys[journey.id] = key
        self.copied = len(handbook.journeys) - len(self._keys)
        return reuse

    def rendered(self, pages: dict[str, str]) -> None:
        """After a render: keep the pages of the journeys it rendered."""
        for journey_id, key in self._keys.items():
            own = _own_pages(journey_id)
            if all(p in pages for p in own):
                self.entries.put(journey_id, key, [pages[p] for p in own])
        self.entries.end(self._ids)

    def forget(self) -> None:
        """After a render that failed: nothing is known to be unchanged any more."""
        self.entries.forget()


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
