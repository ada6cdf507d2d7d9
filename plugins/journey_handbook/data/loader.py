"""Find the handbook's files, parse and validate each, then resolve them into a model."""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import schema
from .diagnostics import Diagnostic, Diagnostics, printable_path
from .document import Document
from .measurements import Measurements, read_csv
from .model import Handbook
from .plain.scan import PlainAccepted, PlainReport
from .plain.scan import scan as plain_scan
from .privacy_scan import Accepted, PrivacyScan
from .resolve import resolve
from .validate import validate
from .yamlsource import SourceFile, kind_of, read_yaml, refuse

YAML_SUFFIXES = (".yml", ".yaml")
CSV_SUFFIXES = (".csv",)
SINGLE_FILES = ("handbook", "touchpoints", "evidence", "metrics")


class DataDirError(Exception):
    """The data folder itself is missing or unusable: a usage error, not a data error."""


@dataclass
class LoadResult:
    handbook: Handbook | None
    diagnostics: Diagnostics
    unreadable: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    accepted: list[Accepted] = field(default_factory=list)  # privacy findings the files accept
    plain: PlainReport | None = None  # grades and terms (None: mode off, or data errors)

    @property
    def plain_accepted(self) -> list[PlainAccepted]:
        return self.plain.accepted if self.plain else []

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors and not self.unreadable


@dataclass
class _Parsed:
    digest: bytes  # of the file's bytes: equal bytes parse and validate the same way
    document: Document
    diagnostics: list[Diagnostic]
    accepted: list[Accepted]  # privacy findings the file accepts


class ParseCache:
    """Each file's parsed and validated document from the previous load, by path.

    Live preview reloads the handbook on every save, usually with one file changed:
    unchanged files (same bytes) reuse their document, diagnostics and privacy findings
    instead of being parsed, validated and scanned again. Resolving cross-references always
    runs over all of them, so the result equals a fresh load. Files gone from the folder drop
    out.
    """

    def __init__(self, sources: SourceStore | None = None) -> None:
        self._files: dict[tuple[str, ...], _Parsed] = {}
        self._seen: dict[tuple[str, ...], _Parsed] = {}
        self.reused = 0
        # parsed YAML kept between processes (a build cache on disk): parsing is most of a
        # load, validating and scanning what was parsed is not
        self.sources = sources

    def begin(self) -> None:
        self._seen, self.reused = {}, 0

    def end(self) -> None:
        self._files = self._seen

    def get(self, key: tuple[str, ...], digest: bytes) -> _Parsed | None:
        hit = self._files.get(key)
        if hit is not None and hit.digest == digest:
            self._seen[key] = hit
            self.reused += 1
            return hit
        return None

    def put(self, key: tuple[str, ...], parsed: _Parsed) -> None:
        self._seen[key] = parsed

    def source(self, shown: str, digest: bytes) -> tuple[SourceFile | None, bool]:
        """The file as parsed before, and whether the privacy scan found nothing in it (the
        scan reads only the file: a clean file is not scanned again)."""
        if self.sources is None:
            return None, False
        stored = self.sources.get(_source_key(shown, digest))
        try:
            return SourceFile.from_json(stored["source"]), stored["privacy_clean"] is True
        except (KeyError, TypeError, ValueError):  # an entry of another shape: parse again
            return None, False

    def keep_source(self, shown: str, digest: bytes, source: SourceFile, *,
                    privacy_clean: bool) -> None:
        if self.sources is not None:
            self.sources.put(_source_key(shown, digest),
                             {"source": source.to_json(), "privacy_clean": privacy_clean})


def _source_key(shown: str, digest: bytes) -> bytes:
    return shown.encode() + b"\0" + digest


class SourceStore(Protocol):
    """Where parsed files are kept by name (`incremental`'s disk cache): JSON values."""

    def get(self, key: bytes) -> object | None: ...

    def put(self, key: bytes, value: object) -> None: ...


def shown_path(file: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return str(file)
    return str(file) if rel.startswith("..") else rel


def _present(p: Path, suffixes: tuple[str, ...] = YAML_SUFFIXES) -> bool:
    """Whatever is named like a data file is read, or reported when it cannot be: a broken
    link, a folder or a named pipe is never skipped in silence. (Hidden entries other than
    regular files are editors' lock files, such as Emacs's `.#name.yml` links.)"""
    if p.suffix not in suffixes:
        return False
    try:
        return not p.name.startswith(".") or stat.S_ISREG(p.stat().st_mode)
    except OSError:
        return False


@dataclass(frozen=True)
class Unlisted:
    """A folder of personas or maps whose files cannot be known."""

    kind: str  # persona, journey or measurements
    folder: Path
    reason: str
    unreadable: bool  # the system refused (exit 2), rather than a file where a folder goes


def _data_files(folder: Path, kind: str, unlisted: list[Unlisted],
                suffixes: tuple[str, ...] = YAML_SUFFIXES) -> list[Path]:
    if not os.path.lexists(folder):
        return []
    try:
        names = os.listdir(folder)
    except OSError as exc:
        unlisted.append(_unlisted(folder, kind, exc))
        return []
    return sorted(p for p in (folder / n for n in names) if _present(p, suffixes))


def _unlisted(folder: Path, kind: str, exc: OSError) -> Unlisted:
    try:  # a file or a named pipe where the folder goes is the author's doing: a data error
        mode = folder.stat().st_mode if isinstance(exc, NotADirectoryError) else None
    except OSError as again:  # a link through a file ('maps' -> 'notes.txt/maps')
        exc, mode = again, None
    if mode is not None:
        return Unlisted(kind, folder, f"expected a folder of {kind} files, found "
                        f"{kind_of(mode)}", unreadable=False)
    return Unlisted(kind, folder, f"cannot read the folder: {exc.strerror or exc}",
                    unreadable=True)


def discover(data_dir: Path, unlisted: list[Unlisted] | None = None) -> list[tuple[str, Path]]:
    """(kind, file) for every file the handbook is made of.

    Folders of personas or maps that cannot be listed are added to `unlisted`, to be reported
    at the folder.
    """
    if not data_dir.is_dir():
        raise DataDirError(f"data folder not found: {printable_path(shown_path(data_dir))}")
    try:
        top = set(os.listdir(data_dir))
    except OSError as exc:
        raise DataDirError(f"cannot read the data folder {printable_path(shown_path(data_dir))}: "
                           f"{exc.strerror or exc}") from None
    unlisted = [] if unlisted is None else unlisted
    found: list[tuple[str, Path]] = []
    for name in SINGLE_FILES:
        for suffix in YAML_SUFFIXES:
            if f"{name}{suffix}" in top:
                found.append((name, data_dir / f"{name}{suffix}"))
    found += [("persona", p) for p in _data_files(data_dir / "personas", "persona", unlisted)]
    found += [("journey", p) for p in _data_files(data_dir / "maps", "journey", unlisted)]
    found += [("measurements", p) for p in _data_files(data_dir / "measurements",
                                                        "measurements", unlisted, CSV_SUFFIXES)]
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
def load_handbook(data_dir: str | os.PathLike, cache: ParseCache | None = None, *,
                  privacy: str = "error", plain_language: str = "warn") -> LoadResult:
    """Load, validate and resolve a handbook. Never raises for bad data.

    `privacy` (off, warn or error) is what personal data in free text is: nothing, warnings
    or errors; `plain_language` the same for reading grades over target and listed terms
    (checked only when the data has no errors: on broken data they would be noise). With
    `cache`, files whose bytes did not change since the previous load with the same cache
    are not parsed again. Raises DataDirError when the folder does not exist.
    """
    data_dir = Path(data_dir)
    diags = Diagnostics()
    result = LoadResult(None, diags)
    scan = PrivacyScan(diags, privacy)
    unlisted: list[Unlisted] = []
    found = discover(data_dir, unlisted)
    if cache is not None:
        cache.begin()
    _report_unlisted(unlisted, result)
    documents, read = _read_files(found, result, scan, privacy, cache)
    if cache is not None:
        cache.end()
    if "handbook" not in read:
        diags.error(shown_path(data_dir / "handbook.yml"), 1, 1,
                    "handbook.yml is missing",
                    hint="every handbook needs one handbook.yml with title and phases")
    result.handbook = resolve(data_dir, documents, diags,
                              unlisted={folder.kind for folder in unlisted})
    result.accepted = scan.accepted
    if result.handbook is not None and not diags.errors:
        result.plain = plain_scan(result.handbook, documents, diags, plain_language)
        result.handbook.plain = result.plain
    return result


def _report_unlisted(unlisted: list[Unlisted], result: LoadResult) -> None:
    for folder in unlisted:
        if folder.unreadable:
            result.unreadable.append(shown_path(folder.folder))
        result.diagnostics.error(
            shown_path(folder.folder), 1, 1, folder.reason,
            hint=f"the {folder.kind} files of the handbook are read from this folder")


def _read_files(found: list[tuple[str, Path]], result: LoadResult, scan: PrivacyScan,
                privacy: str, cache: ParseCache | None) -> tuple[list[Document], dict[str, str]]:
    """The document of every file found, and the files read by kind (or kind:id)."""
    documents: list[Document] = []
    read: dict[str, str] = {}
    for kind, file in found:
        shown = shown_path(file)
        result.files.append(file)
        # one file per kind (handbook, ...) or per id (personas/x.yml and x.yaml clash)
        key = kind if kind in SINGLE_FILES else f"{kind}:{file.stem}"
        if key in read:
            result.diagnostics.error(shown, 1, 1, f"{_name(file)} and {read[key]} both exist",
                                     hint="keep one of the two files")
            continue
        read[key] = _name(file)
        if kind == "measurements":
            document = _measurements_document(file, shown, result, scan)
        else:
            document = _yaml_document(kind, file, shown, result, scan, privacy, cache)
        if document is not None:
            documents.append(document)
    return documents, read


def _measurements_document(file: Path, shown: str, result: LoadResult,
                           scan: PrivacyScan) -> Document | None:
    try:
        measurements = read_csv(file, shown, result.diagnostics)
    except OSError as exc:
        _unreadable(shown, exc, result)
        return None
    scan_notes(measurements, scan)
    return Document("measurements", file.stem, SourceFile(shown), measurements)


def _yaml_document(kind: str, file: Path, shown: str, result: LoadResult, scan: PrivacyScan,
                   privacy: str, cache: ParseCache | None) -> Document:
    try:
        parsed = _parsed(kind, file, shown, privacy, cache)
    except OSError as exc:
        _unreadable(shown, exc, result)
        # still a known (broken) file: references to its ids are not 'unknown'
        return Document(kind, _stem_id(file), SourceFile(shown), None)
    for diagnostic in parsed.diagnostics:
        result.diagnostics.add(diagnostic)
    scan.accepted += parsed.accepted
    return parsed.document


def _unreadable(shown: str, exc: OSError, result: LoadResult) -> None:
    result.unreadable.append(shown)
    result.diagnostics.error(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")


def _parsed(kind: str, file: Path, shown: str, privacy: str,
            cache: ParseCache | None) -> _Parsed:
    """One YAML file parsed, validated and scanned, or the same from `cache` when its bytes
    did not change. Raises OSError when it cannot be read."""
    own = Diagnostics()
    if (refused := refuse(file)) is not None:
        own.error(shown, 1, 1, refused[0], hint=refused[1])
        return _Parsed(b"", Document(kind, _stem_id(file), SourceFile(shown), None),
                       own.sorted(), [])
    raw = file.read_bytes()
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    key = (kind, shown, privacy)
    if cache is not None and (hit := cache.get(key, digest)) is not None:
        return hit
    scan = PrivacyScan(own, privacy)
    source, clean = cache.source(shown, digest) if cache is not None else (None, False)
    keep = source is None
    if source is None:
        source = read_yaml(file, shown, own, raw)
        keep = cache is not None and source is not None and not own  # problems show each time
    if source is None:
        document = Document(kind, _stem_id(file), SourceFile(shown), None)
    else:
        spec, complete = validate(source, schema.FILE_KINDS[kind], own)
        found = len(own)
        if not clean:
            scan.source(source, schema.FILE_KINDS[kind])
        if keep:
            cache.keep_source(shown, digest, source, privacy_clean=scan.enabled and len(own)
                              == found and not scan.accepted)
        document = Document(kind, _stem_id(file), source, spec, complete)
    parsed = _Parsed(digest, document, own.sorted(), scan.accepted)
    if cache is not None:
        cache.put(key, parsed)
    return parsed


def scan_notes(measurements: Measurements, scan: PrivacyScan) -> None:
    """The privacy scan of every `note` cell; a note keeps its text without an accepting
    `# privacy: ok - <reason>` marker."""
    if not scan.enabled:
        return
    lines: list[str] | None = None
    for series in measurements.series.values():
        for obs in series:
            if not obs.note:
                continue
            raw = None
            if lines is None:
                lines = measurements.text.split("\n")
            start = lines[obs.line - 1][obs.note_column - 1:] if obs.line <= len(lines) else ""
            if start.startswith('"'):  # a quoted note may hold commas and line breaks
                raw = "\n".join([start, *lines[obs.line:obs.line + 20]])
            kept = scan.csv_note(obs.note, measurements.path, obs.line, obs.note_column, raw)
            if kept != obs.note:
                obs.__dict__["note"] = kept or None


def _name(file: Path) -> str:
    return printable_path(file.name)


def _stem_id(file: Path) -> str | None:
    return file.stem if file.parent.name in ("personas", "maps") else None
