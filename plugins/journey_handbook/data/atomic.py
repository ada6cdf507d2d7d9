"""Writes that are all or nothing: the one place this package writes files the user keeps.

Every file is first written in full to a hidden temporary name in its own folder (same file
system, so the final `os.replace` is atomic), flushed to disk, and only then renamed over the
target. A full disk, a read-only folder or a file where a folder belongs therefore fails
before any target changes, and a reader never sees half a file.

`Changes` stages several files and renames them only once every one of them was written:
a multi-file change (`journeys new metric`: metrics.yml and a CSV; an export of 70 pages)
is applied whole or not at all. Every failure is a `WriteFailed` naming the path and the
reason in words, which the commands print and turn into an exit code (never a traceback).

    with Changes() as changes:
        changes.write(folder / "a.yml", text_a)
        changes.write(folder / "b.csv", text_b)
    # here both files are in place; on any exception neither changed

Permission bits are respected even when running as root (root could write anyway): a file
or folder without write permission is the user saying "do not change this".
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.ELOOP: "a symbolic link loop",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOENT: "a folder on the way does not exist",
    errno.EEXIST: "something else already has that name",
}


class WriteFailed(Exception):
    """A file could not be written; nothing the change was about to write was written."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"cannot write {path}: {reason}")
        self.path, self.reason = Path(path), reason


def reason_of(exc: OSError) -> str:
    """An OSError in words a user can act on ("the disk is full")."""
    return _REASONS.get(exc.errno or 0) or (exc.strerror or type(exc).__name__).lower()


def _read_only(info: os.stat_result) -> bool:
    return not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def check_target(path: Path) -> None:
    """Raise WriteFailed when `path` cannot take a new file: a folder (or a link to one) is
    there, or a file without write permission."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteFailed(path, reason_of(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteFailed(path, "it is a folder, not a file")
    if stat.S_ISLNK(info.st_mode):
        return  # the link itself is replaced, never what it points to
    if not stat.S_ISREG(info.st_mode):
        raise WriteFailed(path, "it is a special file (a pipe, socket or device), not a file")
    if _read_only(info):
        raise WriteFailed(path, "the file is read-only")


class Changes:
    """Files staged under temporary names, renamed into place together on `commit()`.

    `durable` flushes each file to the disk before the rename (fsync), so that even a power
    cut leaves the old file or the new one. It costs about 15 ms a file on the machines
    measured: right for the user's data files (`new`), too slow for an export of hundreds of
    generated pages, which can be made again (write errors such as a full disk surface on
    the write itself either way, before anything is renamed).
    """

    def __init__(self, durable: bool = True) -> None:
        self.durable = durable
        self._staged: list[tuple[Path, Path]] = []  # (temporary, target)
        self._made: list[Path] = []  # folders this change created, deepest last
        self.written: list[Path] = []

    def __enter__(self) -> Changes:
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def folder(self, path: Path) -> None:
        """Make `path` and its missing parents (removed again if the change is discarded)."""
        missing: list[Path] = []
        at = path
        while not at.exists() and not at.is_symlink() and at != at.parent:
            missing.append(at)
            at = at.parent
        if at.is_symlink() and not at.exists():
            raise WriteFailed(at, "a broken symbolic link is where a folder belongs")
        if at.exists() and not at.is_dir():
            raise WriteFailed(at, "this is a file, not a folder")
        for made in reversed(missing):
            try:
                made.mkdir()
            except OSError as exc:
                raise WriteFailed(made, reason_of(exc)) from None
            self._made.append(made)
        try:
            info = path.stat()
        except OSError as exc:
            raise WriteFailed(path, reason_of(exc)) from None
        if _read_only(info):
            raise WriteFailed(path, "the folder is read-only")

    def write(self, path: Path, data: str | bytes) -> None:
        """Write `data` in full under a temporary name next to `path` (UTF-8 for text)."""
        path = Path(path)
        check_target(path)
        self.folder(path.parent)
        try:
            raw = data.encode("utf-8") if isinstance(data, str) else data
        except UnicodeEncodeError:  # a name read from bytes that are not UTF-8
            raise WriteFailed(path, "the text holds characters that are not UTF-8 (from a "
                                    "file name that is not UTF-8?)") from None
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp",
                                        dir=path.parent)
        except OSError as exc:
            raise WriteFailed(path, reason_of(exc)) from None
        self._staged.append((Path(temp), path))
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(raw)
                out.flush()
                if self.durable:
                    os.fsync(out.fileno())
            os.chmod(temp, _mode_for(path))
        except OSError as exc:
            raise WriteFailed(path, reason_of(exc)) from None

    def commit(self) -> list[Path]:
        """Rename every staged file into place; returns the targets."""
        try:
            for temp, target in self._staged:
                os.replace(temp, target)
                self.written.append(target)
        except OSError as exc:  # after every write succeeded: only a race can get here
            self.discard()
            raise WriteFailed(target, reason_of(exc)) from None
        self._staged = []
        self._made = []
        return self.written

    def discard(self) -> None:
        """Remove the temporary files and the folders this change made."""
        for temp, _target in self._staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        self._staged = []
        for made in reversed(self._made):
            with contextlib.suppress(OSError):
                made.rmdir()
        self._made = []


def _mode_for(path: Path) -> int:
    """A replaced file keeps its permissions; a new one gets the usual 0o666 less umask
    (mkstemp's 0o600 would hide it from the web server that publishes an export)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_file(path: Path, data: str | bytes) -> Path:
    """Write one file all or nothing; raises WriteFailed."""
    with Changes() as changes:
        changes.write(path, data)
    return Path(path)


def remove_file(path: Path) -> None:
    """Delete a file; raises WriteFailed with the reason."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteFailed(path, reason_of(exc)) from None
