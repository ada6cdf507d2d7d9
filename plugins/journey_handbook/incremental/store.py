"""A build cache on disk (plugin option `cache_dir`), so a CI build reuses the last one's work.

Entries are content-addressed: the name of an entry is the digest of everything its value
depends on, so an entry is never updated, only written once and read many times. Every key
also holds the *environment*: the versions of every installed distribution, this package's
own source files and the Python version. A new MkDocs, Material, Markdown extension or
journeys release therefore misses the whole cache instead of serving a page it would now
render differently.

Safe by construction rather than by locks:
- a value is written to a temporary file in the same folder and renamed into place, so a
  reader (another build running at the same time) sees a whole entry or none;
- values are JSON (never pickle: a cache restored from elsewhere cannot run code), compressed;
  long strings (pages, HTML, Markdown) are kept beside the JSON as plain UTF-8 (`_encode`),
  as reading them back out of JSON, quote by escaped quote, was a fifth of a one-step edit's
  build;
- each entry carries its own length and checksum: a truncated or corrupt entry (a full disk,
  a broken cache restore) is a miss, reported once per build, never an error or wrong output;
- size is bounded: after a build, the least recently used entries are deleted until the
  folder is under `max_bytes` (a hit refreshes an entry's modification time). Listing every
  entry costs a 1,000-journey build most of a second, so the folder is listed only when a
  running estimate (its size when last listed plus what builds have written since, kept in
  `size.json`) passes the limit. Rewritten and deleted entries make it only higher; two
  builds finishing at the same moment can lose one's addition until the next listing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import sys
import tempfile
import zlib
from pathlib import Path

from .keys import digest


# Not under "mkdocs": a damaged cache is not a mistake in the site, so it must not fail a
# --strict build (MkDocs counts the warnings of its own loggers); it is still printed.
class _Stderr(logging.StreamHandler):
    """Whatever sys.stderr is when a line is printed (MkDocs' own handler does the same)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


log = logging.getLogger("journey_handbook.cache")
if not log.handlers:
    _handler = _Stderr()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

FORMAT = b"journeys-cache-3\n"  # bump when the layout of stored values changes
_SIZE_FILE = "size.json"
_PACKAGE = Path(__file__).resolve().parents[1]


@functools.lru_cache(maxsize=1)
def environment() -> bytes:
    """What every cached result also depends on besides its own inputs."""
    distributions = sorted({(d.metadata["Name"] or "", d.version)
                            for d in importlib.metadata.distributions()})
    own = [(str(p.relative_to(_PACKAGE)), p.read_bytes())
           for p in sorted(_PACKAGE.rglob("*")) if p.is_file() and p.suffix != ".pyc"]
    return digest(FORMAT, sys.version, distributions, own)


class DiskStore:
    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder / "v1"
        self.max_bytes = max_bytes
        self.environment = environment()
        self.hits = self.written = self.written_bytes = 0
        self._warned = False

    def key(self, *parts: object) -> bytes:
        return digest(self.environment, *parts)

    def get(self, key: bytes) -> object | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        value = self._decode(data, path)
        if value is None:
            return None
        self.hits += 1
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used entries go first when pruning
        return value

    def put(self, key: bytes, value: object) -> None:
        path = self._path(key)
        payload = zlib.compress(_encode(value), 1)
        data = FORMAT + len(payload).to_bytes(8, "big") + _checksum(payload) + payload
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _replace(path, data)
        except OSError as exc:
            self._warn(f"could not write to the build cache ({exc}); building without it")
            return
        self.written += 1
        self.written_bytes += len(data)

    def prune(self) -> int:
        """Drop the least recently used entries beyond `max_bytes`; returns bytes freed."""
        written, self.written_bytes = self.written_bytes, 0
        estimate = self._size_estimate()
        if estimate is not None and estimate + written <= self.max_bytes:
            if written:
                self._save_size(estimate + written)
            return 0
        entries = []
        for path in self.folder.glob("*/*"):
            try:
                stat = path.stat()
            except OSError:
                continue  # another build pruned it meanwhile
            entries.append((stat.st_mtime_ns, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        freed = 0
        for _, size, path in sorted(entries):
            if total - freed <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            freed += size
        self._save_size(total - freed)
        return freed

    def _size_estimate(self) -> int | None:
        try:
            value = json.loads((self.folder / _SIZE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return value if isinstance(value, int) and value >= 0 else None

    def _save_size(self, size: int) -> None:
        with contextlib.suppress(OSError):  # unsaved, the next build lists the folder
            _replace(self.folder / _SIZE_FILE, str(size).encode())

    def _path(self, key: bytes) -> Path:
        name = key.hex()
        return self.folder / name[:2] / name

    def _decode(self, data: bytes, path: Path) -> object | None:
        head = len(FORMAT) + 8 + 16
        if len(data) >= head and data.startswith(FORMAT):
            size = int.from_bytes(data[len(FORMAT):len(FORMAT) + 8], "big")
            payload = data[head:]
            if len(payload) == size and _checksum(payload) == data[len(FORMAT) + 8:head]:
                try:
                    return _decode(zlib.decompress(payload))
                except Exception:  # noqa: BLE001 - any unreadable entry is only a miss
                    pass
        self._warn(f"ignored a damaged build cache entry ({path}); it is rebuilt")
        path.unlink(missing_ok=True)
        return None

    def _warn(self, message: str) -> None:
        if not self._warned:  # one line a build, however many entries are damaged
            self._warned = True
            log.warning("journeys: %s", message)


def _replace(path: Path, data: bytes) -> None:
    """`path` holds `data`, or what it held: written under a temporary name, then renamed
    (a reader, another build, sees a whole file or none). No fsync: a cache may lose an
    entry in a crash, and the checksum catches a torn one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).digest()


RAW_MIN_CHARS = 512  # shorter strings cost less in the JSON than as a hole of their own
_RAW_DEPTH = 2  # stored values hold their long strings at most two containers deep


def _encode(value: object) -> bytes:
    """The value as JSON with holes for its long strings, which follow as UTF-8: a header
    (its length, then JSON of the value with nulls in the holes and each hole's path and
    length), then the strings."""
    holes: list[list] = []
    strings: list[bytes] = []

    def lift(item: object, path: list, depth: int) -> object:
        if isinstance(item, str) and len(item) >= RAW_MIN_CHARS:
            try:
                data = item.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: JSON can escape it, UTF-8 cannot
                return item
            holes.append([path, len(data)])
            strings.append(data)
            return None
        # (JSON turns other keys into text: such a mapping stays in the JSON as it is)
        if depth < _RAW_DEPTH and isinstance(item, dict) \
                and all(isinstance(key, str) for key in item):
            return {k: lift(v, [*path, k], depth + 1) for k, v in item.items()}
        if depth < _RAW_DEPTH and isinstance(item, list):
            return [lift(v, [*path, i], depth + 1) for i, v in enumerate(item)]
        return item

    shell = lift(value, [], 0)
    header = json.dumps({"value": shell, "holes": holes}, separators=(",", ":")).encode()
    return len(header).to_bytes(4, "big") + header + b"".join(strings)


def _decode(data: bytes) -> object:
    size = int.from_bytes(data[:4], "big")
    header = json.loads(data[4:4 + size])
    value, at = header["value"], 4 + size
    for path, length in header["holes"]:
        text = data[at:at + length].decode("utf-8")
        at += length
        if not path:
            value = text
            continue
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = text
    if at != len(data):
        raise ValueError("stored strings and holes disagree")
    return value
