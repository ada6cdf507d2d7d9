"""Find the handbook's files, parse and validate each, then resolve them into a model."""

from __future__ import annotations

import functools
import gc
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .diagnostics import Diagnostic, Diagnostics
from .document import Document
from .model import Handbook
from .resolve import resolve
from .validate import validate
from .yamlsource import SourceFile, read_yaml

YAML_SUFFIXES = (".yml", ".yaml")


class DataDirError(Exception):
    """The data folder itself is missing or unusable: a usage error, not a data error."""


@dataclass
class LoadResult:
    handbook: Handbook | None
    diagnostics: Diagnostics
    unreadable: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors and not self.unreadable


@dataclass
class _Parsed:
    digest: bytes  # of the file's bytes: equal bytes parse and validate the same way
    document: Document
    diagnostics: list[Diagnostic]


class ParseCache:
    """Each file's parsed and validated document from the previous load, by path.

    Live preview reloads the handbook on every save, usually with one file changed:
    unchanged files (same bytes) reuse their document and diagnostics instead of being
    parsed and validated again. Resolving cross-references always runs over all of them,
    so the result equals a fresh load. Files gone from the folder drop out.
    """

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], _Parsed] = {}
        self._seen: dict[tuple[str, str], _Parsed] = {}
        self.reused = 0

    def begin(self) -> None:
        self._seen, self.reused = {}, 0

    def end(self) -> None:
        self._files = self._seen

    def get(self, key: tuple[str, str], digest: bytes) -> _Parsed | None:
        hit = self._files.get(key)
        if hit is not None and hit.digest == digest:
            self._seen[key] = hit
            self.reused += 1
            return hit
        return None

    def put(self, key: tuple[str, str], parsed: _Parsed) -> None:
        self._seen[key] = parsed


def shown_path(file: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return str(file)
    return str(file) if rel.startswith("..") else rel


def _present(p: Path) -> bool:
    """A data file, or a broken link to one: that is reported as unreadable, never skipped.
    (Hidden links are editors' lock files, such as Emacs's `.#name.yml`.)"""
    return p.is_file() or (p.is_symlink() and not p.name.startswith("."))


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and _present(p))


def discover(data_dir: Path) -> list[tuple[str, Path]]:
    """(kind, file) for every file the handbook is made of."""
    if not data_dir.is_dir():
        raise DataDirError(f"data folder not found: {shown_path(data_dir)}")
    found: list[tuple[str, Path]] = []
    for name in ("handbook", "touchpoints", "evidence"):
        for suffix in YAML_SUFFIXES:
            if _present(data_dir / f"{name}{suffix}"):
                found.append((name, data_dir / f"{name}{suffix}"))
    found += [("persona", p) for p in _yaml_files(data_dir / "personas")]
    found += [("journey", p) for p in _yaml_files(data_dir / "maps")]
    return found


def _gc_paused(fn: Callable[..., LoadResult]) -> Callable[..., LoadResult]:
    """Run without the cyclic garbage collector.

    A load allocates millions of small objects that all stay alive until it ends (YAML nodes,
    positions, models); the collector would re-scan them again and again, which was more
    than half of the time to load 1,000 journeys (benchmarks/bench_load.py). A load makes
    no cyclic garbage, so nothing is lost by collecting once it is over.
    """

    @functools.wraps(fn)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_gc_paused
def load_handbook(data_dir: str | os.PathLike, cache: ParseCache | None = None) -> LoadResult:
    """Load, validate and resolve a handbook. Never raises for bad data.

    With `cache`, files whose bytes did not change since the previous load with the same
    cache are not parsed again. Raises DataDirError when the folder does not exist.
    """
    data_dir = Path(data_dir)
    diags = Diagnostics()
    result = LoadResult(None, diags)
    documents: list[Document] = []
    seen_kinds: dict[str, str] = {}
    if cache is not None:
        cache.begin()
    for kind, file in discover(data_dir):
        shown = shown_path(file)
        result.files.append(file)
        # one file per kind (handbook, ...) or per id (personas/x.yml and x.yaml clash)
        key = kind if kind in ("handbook", "touchpoints", "evidence") else f"{kind}:{file.stem}"
        if key in seen_kinds:
            diags.error(shown, 1, 1, f"{file.name} and {seen_kinds[key]} both exist",
                        hint="keep one of the two files")
            continue
        seen_kinds[key] = file.name
        try:
            raw = file.read_bytes()
        except OSError as exc:
            result.unreadable.append(shown)
            diags.error(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")
            # still a known (broken) file: references to its ids are not 'unknown'
            documents.append(Document(kind, _stem_id(file), SourceFile(shown), None))
            continue
        if cache is None:
            documents.append(_parse(kind, file, shown, raw, diags))
            continue
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        parsed = cache.get((kind, shown), digest)
        if parsed is None:
            own = Diagnostics()
            parsed = _Parsed(digest, _parse(kind, file, shown, raw, own), own.sorted())
            cache.put((kind, shown), parsed)
        for diagnostic in parsed.diagnostics:
            diags.add(diagnostic)
        documents.append(parsed.document)
    if cache is not None:
        cache.end()
    if "handbook" not in seen_kinds:
        diags.error(shown_path(data_dir / "handbook.yml"), 1, 1,
                    "handbook.yml is missing",
                    hint="every handbook needs one handbook.yml with title and phases")
    result.handbook = resolve(data_dir, documents, diags)
    return result


def _parse(kind: str, file: Path, shown: str, raw: bytes, diags: Diagnostics) -> Document:
    source = read_yaml(file, shown, diags, raw)
    if source is None:
        return Document(kind, _stem_id(file), SourceFile(shown), None)
    spec, complete = validate(source, schema.FILE_KINDS[kind], diags)
    return Document(kind, _stem_id(file), source, spec, complete)


def _stem_id(file: Path) -> str | None:
    return file.stem if file.parent.name in ("personas", "maps") else None
