"""The preview's search index, rebuilt after the pages are served instead of before.

`mkdocs serve` answers no request until a rebuild has finished, and indexing the whole site
with Pagefind takes about as long as everything else a one-step edit costs. So while serving,
the rebuild ends as soon as the pages are written, with the previous index put back in place
(search keeps working); Pagefind then indexes the new pages in a background thread and swaps
its index in when done. A save while Pagefind still runs stops it (its index would be out of
date) before MkDocs empties the site folder, so an index is never built from, or written
into, a half-built site.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from ..site import search
from .store import DiskStore

log = logging.getLogger("mkdocs.plugins.journeys")


def index_site(site_dir: Path, store: DiskStore | None) -> None:
    """Pagefind over a finished build; with a build cache, the index of a build whose pages
    were all the same as now is copied instead (Pagefind reads only the HTML files)."""
    if store is None:
        search.index_site(site_dir)
        return
    key = store.key(b"pagefind", _html_digest(site_dir))
    bundle = store.get(key)
    output = site_dir / search.PAGEFIND_DIR
    if isinstance(bundle, dict) and bundle:
        for name, data in bundle.items():
            target = output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(data))
        search.retire_material_index(site_dir)
        return
    search.index_site(site_dir)
    store.put(key, {path.relative_to(output).as_posix(): base64.b64encode(path.read_bytes())
                    .decode() for path in sorted(output.rglob("*")) if path.is_file()})


def _html_digest(site_dir: Path) -> bytes:
    """Every HTML page's path and bytes, hashed one file at a time (a big site's pages do not
    fit comfortably in memory together)."""
    h = hashlib.blake2b(digest_size=16)
    for root, folders, names in os.walk(site_dir):
        folders.sort()
        for name in sorted(names):
            if name.endswith(".html"):
                path = Path(root, name)
                h.update(path.relative_to(site_dir).as_posix().encode("utf-8", "surrogatepass"))
                h.update(b"\x00" + hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return h.digest()


class BackgroundIndex:
    def __init__(self) -> None:
        self._work = Path(tempfile.mkdtemp(prefix="journeys-search-"))
        self._thread: threading.Thread | None = None
        self._pagefind: subprocess.Popen | None = None
        self._cancelled = False
        self._lock = threading.Lock()

    def stop(self) -> None:
        """Stop an unfinished index (its pages are about to change) and wait for the thread."""
        with self._lock:
            self._cancelled = True
            running = self._pagefind
        if running is not None:
            running.kill()
        self.wait()

    def set_aside(self, site_dir: Path) -> None:
        """Before MkDocs empties the site folder: keep the last finished index."""
        self.stop()
        index, kept = Path(site_dir) / search.PAGEFIND_DIR, self._work / "kept"
        if index.is_dir():
            shutil.rmtree(kept, ignore_errors=True)
            shutil.move(index, kept)

    def refresh(self, site_dir: Path) -> None:
        """After the build: the kept index back in place at once, a fresh one in a moment."""
        self.wait()
        site_dir = Path(site_dir)
        kept = self._work / "kept"
        if kept.is_dir():
            shutil.move(kept, site_dir / search.PAGEFIND_DIR)
        with self._lock:
            self._cancelled = False
        self._thread = threading.Thread(target=self._index, args=(site_dir,),
                                        name="journeys-search", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._work, ignore_errors=True)

    def _index(self, site_dir: Path) -> None:
        fresh = self._work / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            command = search.pagefind_command(site_dir, fresh)
            with self._lock:  # stop() either sees this process or stops it starting
                if self._cancelled:
                    return
                self._pagefind = subprocess.Popen(command, stdout=subprocess.PIPE,
                                                  stderr=subprocess.STDOUT, text=True,
                                                  errors="replace")
            output, _ = self._pagefind.communicate()
            code = self._pagefind.returncode
        except (search.SearchIndexError, OSError) as exc:
            log.warning("journeys: search index not rebuilt: %s", exc)
            return
        finally:
            self._pagefind = None
        if self._cancelled:
            return
        if code != 0:
            log.warning("journeys: search index not rebuilt: %s",
                        search.pagefind_failed(code, output))
            return
        self._swap(fresh, site_dir / search.PAGEFIND_DIR)

    def _swap(self, fresh: Path, index: Path) -> None:
        old = self._work / "old"
        shutil.rmtree(old, ignore_errors=True)
        try:
            if index.is_dir():
                shutil.move(index, old)
            shutil.move(fresh, index)
        except OSError as exc:
            log.warning("journeys: search index not replaced: %s", exc)
            if old.is_dir() and not index.exists():
                shutil.move(old, index)  # the previous index keeps answering
            return
        shutil.rmtree(old, ignore_errors=True)
