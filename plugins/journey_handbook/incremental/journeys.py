"""Which journeys' own pages a preview rebuild can copy from the previous render.

A journey's page and its board show that journey and what it references: personas, teams,
touchpoints, evidence sources, metrics and their measurements, the handbook's phases and
review rules, and from other maps only what `_maps_read_by` lists (opportunities aimed at
its steps, steps its opportunities aim at, inline touchpoints defined there). So the two
pages are copied when those map files, every data file that is not a journey map, the list
of journeys, the date pages are judged by, the plugin's options and the file's last git
change are all as they were at the previous render. Editing one map re-renders its two
pages (and those of journeys it touches); editing a shared file (a persona, a touchpoint,
metrics.yml) re-renders them all. `tests/test_incremental.py` checks
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


class JourneyPages:
    def __init__(self) -> None:
        self._keys: dict[str, bytes] = {}  # journey id -> inputs of its pages at last render
        self._pages: dict[str, str] = {}
        self._next: dict[str, bytes] = {}
        self._files: dict[Path, bytes] = {}
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
            keys[journey.id] = digest(common, [(f, self._files.get(Path(f).resolve(), b""))
                                               for f in files],
                                      history.get(data_path(journey.source)))
        reuse = {}
        for journey_id, key in keys.items():
            if self._keys.get(journey_id) == key:
                for path in _own_pages(journey_id):
                    if path in self._pages:
                        reuse[path] = self._pages[path]
        self.copied = len(reuse) // 2
        self._next = keys
        return reuse

    def rendered(self, pages: dict[str, str]) -> None:
        self._keys = self._next
        self._pages = {path: pages[path] for journey_id in self._keys
                       for path in _own_pages(journey_id) if path in pages}

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
    steps."""
    files = {journey.source}
    related = [journey.current, journey.parent, *journey.futures, *journey.focused]
    files |= {j.source for j in related if j is not None}
    for other in [journey, journey.current, *journey.futures]:
        if other is not None:
            files |= {o.journey.source for s in other.steps for o in s.delivered_by}
    for step in journey.steps:
        files |= {o.journey.source for o in step.opportunities}
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
