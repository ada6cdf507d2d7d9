"""Which journeys' own pages a preview rebuild can copy from the previous render.

A journey's page and its board show that journey and what it references: personas, teams,
touchpoints, evidence sources, metrics and their measurements, the handbook's phases and
review rules. None of that comes from another journey's file. So the two pages are copied
when their journey's file, every data file that is not a journey map, the list of maps, the
date pages are judged by, the plugin's options and the file's last git change are all as they
were at the previous render. Editing one map re-renders its two pages; editing a shared file
(a persona, a touchpoint, metrics.yml) re-renders them all. `tests/test_incremental.py` checks
every preview rebuild against a clean build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..data.loader import DataDirError, discover
from ..data.model import Handbook
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
        maps = {Path(j.source).resolve(): j.id for j in handbook.journeys.values()}
        own: dict[str, bytes] = {}
        shared = []
        for file, content in self._files.items():
            journey_id = maps.get(file)
            if journey_id is None:
                shared.append((str(file), content))
            else:
                own[journey_id] = content
        common = digest(shared, sorted(maps.values()), settings)
        keys = {j.id: digest(common, own.get(j.id, b""), history.get(data_path(j.source)))
                for j in handbook.journeys.values()}
        reuse = {}
        for journey_id, key in keys.items():
            if self._keys.get(journey_id) == key:
                for path in (urls.journey(journey_id), urls.board(journey_id)):
                    if path in self._pages:
                        reuse[path] = self._pages[path]
        self.copied = len(reuse) // 2
        self._next = keys
        return reuse

    def rendered(self, pages: dict[str, str]) -> None:
        self._keys = self._next
        self._pages = {path: pages[path] for journey_id in self._keys
                       for path in (urls.journey(journey_id), urls.board(journey_id))
                       if path in pages}

    def forget(self) -> None:
        """After a render that failed: nothing is known to be unchanged any more."""
        self._keys, self._pages = {}, {}


def _file_digest(file: Path) -> bytes:
    try:
        return digest(file.read_bytes())
    except OSError:
        return b""
