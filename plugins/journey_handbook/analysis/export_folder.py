"""`journeys export markdown DIR`: the pages written into a folder the export shares with
whatever else lives there, and never a byte outside it.

- A manifest (`.journeys-export.json`, ignored by MkDocs like every dot file) records each
  file the export wrote and a digest of its bytes. Those files are the export's own: it
  replaces them, and removes the ones a later export no longer has (a deleted journey's
  page). A file it did not write, or one edited since, is someone else's: a same-named one
  is replaced only with `--force` (and named), everything else is left alone.
- Nothing is written through a symbolic link: a link inside DIR on the way to a page would
  put the page outside DIR; a link at a page's own name is replaced (with `--force`), never
  written through.
- The data folder is never an export target (nor a folder inside it, nor one holding it).
- Every file is staged first (data/atomic.py): a full disk or a folder where a page belongs
  fails before any file in DIR changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..data.atomic import Changes, WriteFailed, reason_of, remove_file

MANIFEST = ".journeys-export.json"
MANIFEST_VERSION = 1


class ExportRefused(Exception):
    """The export would break its promise; nothing was written. The message says why."""


@dataclass
class ExportResult:
    written: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # same-named files it did not own
    removed: list[str] = field(default_factory=list)  # its own pages that no longer exist
    kept: list[str] = field(default_factory=list)  # its old pages, edited since: left alone


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inside(path: Path, folder: Path) -> bool:
    """Whether path is folder or lies under it (links resolved: a loop is not an error)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def into_data(out_dir: Path, rels, data_dir: Path) -> str | None:
    """The first of the export's paths that would land in the data folder, if any."""
    if inside(out_dir, data_dir):
        return "."
    if not inside(data_dir, out_dir):
        return None
    return next((rel for rel in rels if inside(out_dir / rel, data_dir)), None)


def _manifest(out_dir: Path) -> dict[str, str]:
    """rel path -> digest of what the last export wrote ({} without a usable manifest)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _current(path: Path) -> str | None:
    """Digest of the regular file at path; None when nothing is there, "" for anything else
    (a link, a folder, a device: never the export's own)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteFailed(path, reason_of(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        return ""
    try:
        return digest(path.read_bytes())
    except OSError as exc:
        raise WriteFailed(path, reason_of(exc)) from None


def _no_links_on_the_way(out_dir: Path, rel: str) -> None:
    """Refuse a page whose folder, below out_dir, is (or passes) a symbolic link."""
    at = out_dir
    for part in Path(rel).parts[:-1]:
        at = at / part
        if at.is_symlink():
            raise ExportRefused(f"{at} is a symbolic link; the export writes only inside "
                                f"{out_dir} and never through a link (remove the link, or "
                                "export into another folder)")
        if not at.exists():
            return


def export_folder(out_dir: Path, files: dict[str, str], *, force: bool = False
                  ) -> ExportResult:
    """Write `files` (rel path -> text) into out_dir as described above.

    Raises ExportRefused (same-named files without --force, links) or WriteFailed; in both
    cases nothing in out_dir changed.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteFailed(out_dir, "this is a file, not a folder")
    owned = _manifest(out_dir)
    result = ExportResult()
    data = {rel: text.encode("utf-8") for rel, text in files.items()}
    foreign: list[str] = []
    for rel in sorted(data):
        _no_links_on_the_way(out_dir, rel)
        now = _current(out_dir / rel)
        if now is not None and (now == "" or owned.get(rel) != now):
            foreign.append(rel)
    if foreign and not force:
        shown = "\n".join(f"  {out_dir / rel}" for rel in foreign[:20])
        more = f"\n  ... and {len(foreign) - 20} more" if len(foreign) > 20 else ""
        raise ExportRefused(f"{len(foreign)} file(s) in {out_dir} have the names of pages "
                            f"but were not written by the last export (or were edited "
                            f"since):\n{shown}{more}\nrerun with --force to replace them, or "
                            "export into an empty folder")
    manifest = {"format_version": MANIFEST_VERSION,
                "files": {rel: digest(raw) for rel, raw in sorted(data.items())}}
    # the pages and the manifest that owns them, together; generated, so not fsynced
    with Changes(durable=False) as changes:
        changes.folder(out_dir)
        for rel, raw in data.items():
            changes.write(out_dir / rel, raw)
        changes.write(out_dir / MANIFEST, json.dumps(manifest, indent=1) + "\n")
    result.written = sorted(data)
    result.replaced = foreign
    _remove_stale(out_dir, owned, data, result)
    return result


def _remove_stale(out_dir: Path, owned: dict[str, str], data: dict[str, bytes],
                  result: ExportResult) -> None:
    """Delete the last export's files that this one no longer writes, if still unchanged."""
    for rel, old in sorted(owned.items()):
        if rel in data or rel == MANIFEST or ".." in Path(rel).parts or Path(rel).is_absolute():
            continue
        path = out_dir / rel
        try:
            _no_links_on_the_way(out_dir, rel)
        except ExportRefused:
            result.kept.append(rel)
            continue
        now = _current(path)
        if now is None:
            continue
        if now != old:
            result.kept.append(rel)
            continue
        remove_file(path)
        result.removed.append(rel)
        _prune_empty(out_dir, path.parent)


def _prune_empty(out_dir: Path, folder: Path) -> None:
    """Remove folders left empty by a removed page, up to (not including) out_dir."""
    while folder != out_dir and out_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
