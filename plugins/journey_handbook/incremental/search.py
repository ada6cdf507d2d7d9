"""The search index: made while MkDocs writes the pages (a build), or after them (serve).

Pagefind indexes HTML files. Run over the finished site, it costs a 1,000-journey build about
20 s on one core after MkDocs has finished on the other. A build instead starts Pagefind's
own indexer as a service (`site.pagefind_service`) and hands it each page as soon as MkDocs
has written it, so Pagefind reads pages on the second core while MkDocs makes the next ones;
after the build it feeds the site's other HTML files (404.html, HTML copied from the docs
folder) and any page a later plugin rewrote, then writes the index. Every HTML file of the
finished site is read once, as it is on disk, so the index is the one the CLI makes of the
finished site: the same pages with the same text, anchors and titles. Only the order in which
pages are numbered inside the index is the build's (the CLI takes the order in which the file
system lists them, which differs between machines); `mkdocs serve` uses the same order, so a
served site's index equals a build's byte for byte.

`mkdocs serve` answers no request until a rebuild has finished, so there the rebuild ends as
soon as the pages are written, with the previous index put back in place (search keeps
working); Pagefind then indexes the new pages in a background thread and swaps its index in
when done. A save while Pagefind still runs stops it (its index would be out of date) before
MkDocs empties the site folder, so an index is never built from, or written into, a
half-built site.

MkDocs converts every page before it writes the first, so with a build cache Pagefind is
first fed the last build's pages, kept in the cache, and only the pages that differ are sent
again as they are written (`search_prefill`). The index of a build whose pages were all the
same (in the same order) is copied from the cache and Pagefind's work is dropped.

When something makes the service unlike the CLI (a Pagefind configuration file or
PAGEFIND_ variable, which the CLI reads and the service ignores; a page that is not UTF-8;
the service failing), the CLI indexes the finished site as before, and reports its failures
as before.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path

from ..site import search
from ..site.pagefind_service import PagefindService
from .search_prefill import Prefill, page_key
from .store import DiskStore

log = logging.getLogger("mkdocs.plugins.journeys")
CLI_CONFIGS = ("pagefind.json", "pagefind.yml", "pagefind.yaml", "pagefind.toml")


def cli_reads_more() -> bool:
    """Would the CLI read options the service does not (from the current folder or the
    environment)? Then only the CLI makes the index the CLI would make."""
    return any(Path(name).exists() for name in CLI_CONFIGS) or \
        any(name.startswith("PAGEFIND_") for name in os.environ)


def html_files(site_dir: Path) -> list[str]:
    """Every HTML file of the site (what the CLI's `**/*.html` finds), sorted."""
    found = []
    for root, folders, names in os.walk(site_dir):
        folders.sort()
        found += sorted(Path(root, name).relative_to(site_dir).as_posix()
                        for name in names if name.endswith(".html"))
    return found


def index_order(site_dir: Path, written: list[str]) -> list[str]:
    """The order pages are fed to Pagefind in: as MkDocs wrote them, then the rest sorted."""
    on_disk = html_files(site_dir)
    present = set(on_disk)
    first = [path for path in dict.fromkeys(written) if path in present]
    seen = set(first)
    return first + [path for path in on_disk if path not in seen]


PREFILL_SAMPLE = 40  # pages converted (then written) before deciding on the prefill


class LiveIndex:
    """The search index of one build, fed page by page while MkDocs writes the site."""

    def __init__(self, site_dir: Path, store: DiskStore | None = None) -> None:
        """`store`: the build cache to feed the last build's pages from first, if any."""
        self.site_dir = Path(site_dir)
        self._read: dict[str, tuple[int, int, int]] = {}  # path -> the file as fed (stat)
        self._digests: dict[str, bytes] = {}  # path -> digest of its bytes, in feed order
        self._waiting: str | None = None  # a page MkDocs writes after its last hook
        self.service: PagefindService | None = None
        self._prefill: Prefill | None = None
        self._last: list[tuple[str, str]] = []  # the last build's pages (path, digest hex)
        self._sent_again = 0  # pages that differ from the last build's at their place
        self.unlike_cli = cli_reads_more()
        if not self.unlike_cli:
            try:
                self.service = PagefindService(cwd=None)
            except (search.SearchIndexError, OSError):
                self.unlike_cli = True  # the CLI will say what is missing, as it always has
        self._store = store
        self._converted = self._missed = 0  # pages converted so far, and not from the cache
        if self.service is not None and store is not None:
            self._last = _pages_list(store.get(self._last_key(store)))
        self._may_prefill = bool(self._last)

    def prefill_now(self) -> None:
        """Feed the last build's pages at once (`search_prefill.Forecast` expects few pages
        to change), not after a sample of conversions."""
        if self._may_prefill and self.service is not None and self._store is not None:
            self._may_prefill = False
            self._prefill = Prefill(self.service, self._store, self._last)

    def converted(self, *, reused: bool) -> None:
        """MkDocs converted a page (`reused`: from the cache). Start feeding the last build's
        pages once this build turns out to change some pages' content, but few: with none
        the stored index will fit and Pagefind's reading would be thrown away (an unchanged
        build was 7 s slower for it), and with many (a handbook.yml edit) most pages would
        be read twice. Decided on a sample of pages; MkDocs converts all before writing."""
        if not self._may_prefill:
            return
        self._converted += 1
        self._missed += not reused
        if self._converted < min(PREFILL_SAMPLE, len(self._last)) or not self._missed:
            return
        self._may_prefill = False
        if self._missed * 4 <= self._converted and self.service is not None \
                and self._store is not None:
            self._prefill = Prefill(self.service, self._store, self._last)

    def page(self, dest: Path) -> None:
        """MkDocs is about to write `dest`: the page before it is on disk now, so read it."""
        self._read_waiting()
        try:
            self._waiting = Path(dest).relative_to(self.site_dir).as_posix()
        except ValueError:
            self._waiting = None

    def finish(self, store: DiskStore | None) -> None:
        """After the build: feed what is left, then write (or copy) the index."""
        start = time.perf_counter()
        self._read_waiting()
        self._feed_rest()
        if self._prefill is not None:
            if not self._prefill.finish() or len(self._digests) != len(self._last):
                self._start_over()  # the last build had more pages, or one left the cache
            self._prefill = None
        try:
            if self._reuse(store):
                return
            if self.unlike_cli or self.service is None:
                raise _UseCli
            self._write(store)
            log.debug("journeys: search index of %d pages written %.1f s after the build",
                      len(self._read), time.perf_counter() - start)
        except _UseCli:
            self.close()
            index_site(self.site_dir, store)  # raises SearchIndexError as it always has
        finally:
            self.close()

    def close(self) -> None:
        if self._prefill is not None:
            self._prefill.stop()
            self._prefill = None
        if self.service is not None:
            self.service.close()
            self.service = None

    def _read_waiting(self) -> None:
        if self._waiting is not None:
            self._feed(self._waiting)
            self._waiting = None

    def _feed_rest(self) -> None:
        on_disk = html_files(self.site_dir)
        if set(self._read) - set(on_disk):
            self.unlike_cli = True  # a page went away: Pagefind cannot forget one
        for path in on_disk:
            if self._read.get(path) != _stat(self.site_dir / path):
                self._feed(path)  # not written by MkDocs, or rewritten since (same place)

    def _feed(self, path: str) -> None:
        file = self.site_dir / path
        try:
            before, data = _stat(file), file.read_bytes()
        except OSError:
            return  # MkDocs skipped an empty page; the final listing decides
        again = path in self._digests
        self._read[path] = before
        self._digests[path] = hashlib.blake2b(data, digest_size=16).digest()
        if self.unlike_cli or self.service is None:
            return
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self.unlike_cli = True  # the CLI reads bytes; the service takes text only
            return
        if self._prefill is None:
            self.service.add(path, text)
            return
        place = list(self._digests).index(path) if again else len(self._digests) - 1
        if place >= len(self._last) or self._last[place][0] != path:
            self._start_over()  # not the last build's pages in its order
        elif again or self._last[place][1] != self._digests[path].hex():
            self._sent_again += 1
            if place >= PREFILL_SAMPLE // 2 and self._sent_again > place / 2:
                self._start_over()  # most pages differ (a shared edit): stale ones cost twice
            else:
                self._prefill.replace(place, path, text)

    def _start_over(self) -> None:
        """A fresh service, fed every page read so far from disk (where they are final)."""
        self.close()
        try:
            self.service = PagefindService(cwd=None)
            for path in self._digests:
                self.service.add(path, (self.site_dir / path).read_bytes().decode("utf-8"))
        except (search.SearchIndexError, OSError, UnicodeDecodeError):
            self.unlike_cli = True

    def _key(self, store: DiskStore) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        for path, digest in self._digests.items():
            h.update(path.encode("utf-8", "surrogatepass") + b"\x00" + digest)
        return store.key(b"pagefind-live", h.digest())

    def _reuse(self, store: DiskStore | None) -> bool:
        if store is None or self.unlike_cli:
            return False
        bundle = store.get(self._key(store))
        if not (isinstance(bundle, dict) and bundle):
            return False
        self.close()  # the index of these very pages is in the cache
        _unpack(bundle, self.site_dir / search.PAGEFIND_DIR)
        search.retire_material_index(self.site_dir)
        self._remember(store)
        return True

    def _write(self, store: DiskStore | None) -> None:
        fresh = Path(tempfile.mkdtemp(prefix=".journeys-search-", dir=self.site_dir))
        try:
            self.service.write(fresh)
            if not _pages_indexed(fresh):
                raise _UseCli  # the CLI fails on a site with nothing to index: let it say so
            _move_into(fresh, self.site_dir / search.PAGEFIND_DIR)
        except search.SearchIndexError as exc:
            log.info("journeys: Pagefind's service failed, indexing with its CLI: %s", exc)
            raise _UseCli from None
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        search.retire_material_index(self.site_dir)
        if store is not None:
            store.put(self._key(store), _pack(self.site_dir / search.PAGEFIND_DIR))
            self._remember(store)

    def _last_key(self, store: DiskStore) -> bytes:
        return store.key(b"pagefind-last", str(self.site_dir))

    def _remember(self, store: DiskStore) -> None:
        """This build's pages, for the next build to feed Pagefind before it writes any."""
        pages = [(path, digest.hex()) for path, digest in self._digests.items()]
        if pages == self._last:
            return
        kept = {digest for _, digest in self._last}
        for path, digest in pages:
            if digest not in kept:
                html = (self.site_dir / path).read_bytes().decode("utf-8")
                store.put(page_key(store, bytes.fromhex(digest)), html)
        store.put(self._last_key(store), pages)


class _UseCli(Exception):
    """The service's index would not be the CLI's: run the CLI."""


def _pages_list(value: object) -> list[tuple[str, str]]:
    """The last build's pages as stored, or none if the entry is not such a list."""
    if not isinstance(value, list) or not all(
            isinstance(page, list) and len(page) == 2 and all(isinstance(x, str) for x in page)
            for page in value):
        return []
    return [(path, digest) for path, digest in value]


def _stat(file: Path) -> tuple[int, int, int]:
    st = file.stat()
    return st.st_mtime_ns, st.st_size, st.st_ino


def _pages_indexed(output: Path) -> bool:
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(lang.get("page_count", 0) for lang in entry["languages"].values()) > 0


def _move_into(fresh: Path, index: Path) -> None:
    """The finished index into its folder: renamed whole, or file by file into a folder
    that is already there (a --dirty build, or a `pagefind/` folder of the docs)."""
    if not index.exists():
        fresh.rename(index)
        return
    for file in sorted(fresh.rglob("*")):
        if file.is_file():
            target = index / file.relative_to(fresh)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(file, target)


def _pack(output: Path) -> dict[str, str]:
    return {path.relative_to(output).as_posix(): base64.b64encode(path.read_bytes()).decode()
            for path in sorted(output.rglob("*")) if path.is_file()}


def _unpack(bundle: dict, output: Path) -> None:
    for name, data in bundle.items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))


def index_site(site_dir: Path, store: DiskStore | None) -> None:
    """Pagefind's CLI over a finished build; with a build cache, the index of a build whose
    pages were all the same as now is copied instead (Pagefind reads only the HTML files)."""
    if store is None:
        search.index_site(site_dir)
        return
    key = store.key(b"pagefind", _html_digest(site_dir))
    bundle = store.get(key)
    if isinstance(bundle, dict) and bundle:
        _unpack(bundle, site_dir / search.PAGEFIND_DIR)
        search.retire_material_index(site_dir)
        return
    search.index_site(site_dir)
    store.put(key, _pack(site_dir / search.PAGEFIND_DIR))


def _html_digest(site_dir: Path) -> bytes:
    """Every HTML page's path and bytes, hashed one file at a time (a big site's pages do not
    fit comfortably in memory together)."""
    h = hashlib.blake2b(digest_size=16)
    for path in html_files(site_dir):
        h.update(path.encode("utf-8", "surrogatepass"))
        h.update(b"\x00" + hashlib.blake2b((site_dir / path).read_bytes(),
                                           digest_size=16).digest())
    return h.digest()


def feed_site(service: PagefindService, site_dir: Path, order: list[str],
              cancelled: Callable[[], bool]) -> None:
    """A finished site's HTML files to Pagefind, in `order` (stops early when cancelled)."""
    for path in order:
        if cancelled():
            return
        service.add(path, (site_dir / path).read_bytes().decode("utf-8"))


_WORK_PREFIX = "journeys-search-"


def _remove_orphans(folder: Path) -> None:
    """Work folders of serves that are no longer running."""
    if os.name != "posix":  # os.kill(pid, 0) asks whether it runs only there
        return
    for orphan in folder.glob(f"{_WORK_PREFIX}*-*"):
        pid = orphan.name[len(_WORK_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(orphan, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process, or no process id: left alone
        pass
    return True


class BackgroundIndex:
    def __init__(self) -> None:
        self._folder: Path | None = None  # made at the first rebuild; see _work
        self._remove_folder: weakref.finalize | None = None
        self._thread: threading.Thread | None = None
        self._service: PagefindService | None = None
        self._cancelled = False
        self._lock = threading.Lock()

    def stop(self) -> None:
        """Stop an unfinished index (its pages are about to change) and wait for the thread."""
        with self._lock:
            self._cancelled = True
            running = self._service
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

    def refresh(self, site_dir: Path, written: list[str]) -> None:
        """After the build: the kept index back in place at once, a fresh one in a moment.
        `written`: the pages in the order MkDocs wrote them (a build feeds Pagefind so)."""
        self.wait()
        site_dir = Path(site_dir)
        kept = self._work / "kept"
        if kept.is_dir():
            shutil.move(kept, site_dir / search.PAGEFIND_DIR)
        with self._lock:
            self._cancelled = False
        self._thread = threading.Thread(target=self._index, args=(site_dir, list(written)),
                                        name="journeys-search", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def close(self) -> None:
        self.stop()
        if self._remove_folder is not None:
            self._remove_folder()
            self._folder = self._remove_folder = None

    @property
    def _work(self) -> Path:
        """A private temporary folder, made when a rebuild first needs it (a preview made and
        dropped unused leaves none) and removed by `close`, when this object goes, or at exit.
        A serve killed by a signal removes nothing: its folder, named with its process id,
        goes at the next serve's first rebuild."""
        if self._folder is None:
            _remove_orphans(Path(tempfile.gettempdir()))
            self._folder = Path(tempfile.mkdtemp(prefix=f"{_WORK_PREFIX}{os.getpid()}-"))
            self._remove_folder = weakref.finalize(self, shutil.rmtree, self._folder, True)
        return self._folder

    def _index(self, site_dir: Path, written: list[str]) -> None:
        fresh = self._work / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            if cli_reads_more() or not self._index_with_service(
                    site_dir, index_order(site_dir, written), fresh):
                shutil.rmtree(fresh, ignore_errors=True)
                search.run_pagefind(site_dir, fresh)  # what a build does then, too
        except (search.SearchIndexError, OSError) as exc:
            if not self._cancelled:
                log.warning("journeys: search index not rebuilt: %s", exc)
            return
        if not self._cancelled:
            self._swap(fresh, site_dir / search.PAGEFIND_DIR)

    def _index_with_service(self, site_dir: Path, order: list[str], fresh: Path) -> bool:
        """Index with Pagefind's service; False when only the CLI can (it then says why)."""
        with self._lock:  # stop() either sees this process or stops it starting
            if self._cancelled:
                return True
            try:
                self._service = PagefindService(cwd=None)
            except (search.SearchIndexError, OSError):
                return False
        try:
            feed_site(self._service, site_dir, order, lambda: self._cancelled)
            if not self._cancelled:
                self._service.write(fresh)
                return _pages_indexed(fresh)
            return True
        except (search.SearchIndexError, UnicodeDecodeError):
            return self._cancelled  # a stopped service fails: that is no reason for the CLI
        finally:
            with self._lock:
                service, self._service = self._service, None
            service.close()

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
