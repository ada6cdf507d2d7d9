"""The last build's pages, fed to Pagefind before this build has written any.

MkDocs converts every page before it writes the first, so a build that waits for written
pages leaves Pagefind idle for most of the build and then gives it all of its work (about
20 s at 1,000 journeys, where a one-step edit's build is about 20 s itself). With a build
cache, the pages of the last indexed build are kept (`pagefind-page`, by the digest of their
bytes, and `pagefind-last`, their order): a build starts by feeding those to Pagefind, in a
thread, while MkDocs still converts. As MkDocs then writes each page, a page that is not
the one fed at its place is sent again (Pagefind replaces a page of the same URL in place),
so Pagefind ends with exactly the pages of this build, in this build's order: the index a
build without a cache makes, byte for byte. A page at a place where the last build had
another, or a page count that differs, cannot be mended so: `LiveIndex` then starts over
from the pages on disk, as a build without a cache does. So it does when most pages differ
(an edit every page shows): Pagefind would read each of them twice.

When to start: Pagefind needs about 16 s for the pages of a 1,000-journey handbook, as long as
the rest of a one-step edit's build, so it should start at once. `Forecast` tells from the
build's inputs, before any page is made, whether this build is such an edit: the site's
configuration and theme overrides as last time, and a few data files changed, none of them
a shared catalog at the top of the data folder (a persona or a journey map changes a few
pages; `handbook.yml` changes most). Otherwise `LiveIndex` decides on the first converted
pages. Either is a guess whose worst outcome is Pagefind's time, never another index.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from ..site.pagefind_service import PagefindService
from .store import DiskStore


def page_key(store: DiskStore, digest: bytes) -> bytes:
    return store.key(b"pagefind-page", digest)


class Prefill:
    """Feeds `pages` ([path, digest hex] in order) from the store, in a thread."""

    def __init__(self, service: PagefindService, store: DiskStore,
                 pages: list[tuple[str, str]]) -> None:
        self.pages = pages
        self._service, self._store = service, store
        self._sent = 0  # pages[:_sent] are with Pagefind
        self._newer: dict[str, str] = {}  # path -> this build's page, to send in its place
        self._given_up = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="journeys-search-prefill",
                                        daemon=True)
        self._thread.start()

    def replace(self, place: int, path: str, html: str) -> None:
        """This build's page at `place` is not the last build's: send it in its place."""
        with self._lock:
            if place < self._sent:
                self._service.add(path, html)  # after the old one: it replaces it
            else:
                self._newer[path] = html  # the thread sends it instead of the old one

    def finish(self) -> bool:
        """Wait for the thread; False when it could not feed every page."""
        self._thread.join()
        return not self._given_up

    def stop(self) -> None:
        with self._lock:
            self._given_up = True
        self._thread.join()

    def _run(self) -> None:
        for place, (path, digest) in enumerate(self.pages):
            with self._lock:
                if self._given_up:
                    return
                html = self._newer.get(path)
            if html is None:
                html = self._store.get(page_key(self._store, bytes.fromhex(digest)))
            with self._lock:
                if self._given_up:
                    return
                html = self._newer.pop(path, html)
                if not isinstance(html, str):  # dropped from the cache, or damaged
                    self._given_up = True
                    return
                self._service.add(path, html)
                self._sent = place + 1


class Forecast:
    """This build's inputs against the last build's: the data files and the site's frame
    (mkdocs.yml and theme overrides, `frame`), kept in the cache by site folder."""

    def __init__(self, store: DiskStore, site_dir: Path, data_dir: Path, frame: bytes) -> None:
        self._store, self._key = store, store.key(b"inputs-last", str(site_dir))
        self.now = {"frame": frame.hex(), "files": _data_files(data_dir)}
        last = store.get(self._key)
        self.last = last if isinstance(last, dict) else None

    def few_pages_change(self) -> bool:
        if self.last is None or self.last.get("frame") != self.now["frame"]:
            return False
        last, now = self.last.get("files"), self.now["files"]
        if not isinstance(last, dict):
            return False
        changed = {path for path in last.keys() | now.keys() if last.get(path) != now.get(path)}
        return 0 < len(changed) * 4 <= len(now) and all("/" in path for path in changed)

    def remember(self) -> None:
        """After a build that finished: the next one compares its inputs with these."""
        if self.now != self.last:
            self._store.put(self._key, self.now)


def _data_files(data_dir: Path) -> dict[str, str]:
    found = {}
    for root, folders, names in os.walk(data_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            path = Path(root, name)
            try:
                found[path.relative_to(data_dir).as_posix()] = hashlib.blake2b(
                    path.read_bytes(), digest_size=16).hexdigest()
            except OSError:
                continue  # gone meanwhile: the loader reports what it cannot read
    return found
