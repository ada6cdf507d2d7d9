"""What git knows about the handbook: its data folder at a revision, and when files changed.

One `git archive` per revision (never one `git show` per file): the archive of a
commit carries the commit id in its header, so the same call also tells which
commit the revision named. The working tree needs no git call at all. History
('last changed' on pages) is one `git log` for the whole data folder.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

WORKING_TREE = "working tree"


class RevisionError(Exception):
    """git is missing, the folder is not in a repository, or the revision is unknown."""


@dataclass
class Snapshot:
    """The data folder of one side of a comparison, ready for `load_handbook`."""

    label: str  # the revision as the user wrote it, or WORKING_TREE
    commit: str | None  # full commit id; None for the working tree
    data_dir: Path | None  # None: the revision has no data folder (the handbook is new)
    repo_path: str  # the data folder relative to the repository root, e.g. "journeys"

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else ""

    def shown(self, file: str) -> str:
        """A file of this snapshot as git writes it: `REV:journeys/maps/x.yml`."""
        if self.data_dir is None or self.commit is None:
            return file
        try:
            rel = Path(file).resolve().relative_to(self.data_dir.resolve()).as_posix()
        except ValueError:
            return file
        return f"{self.label}:{PurePosixPath(self.repo_path, rel).as_posix()}"


def run_git(args: list[str], cwd: Path, *, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary,
                              timeout=120, check=False)
    except OSError as exc:
        raise RevisionError(f"cannot run git: {exc.strerror or exc}") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {args[0]} took longer than 120 s") from None


def repo_location(data_dir: Path) -> tuple[Path, str]:
    """(repository root, the data folder relative to it), with one git call."""
    probe = data_dir if data_dir.is_dir() else Path.cwd()
    proc = run_git(["rev-parse", "--show-toplevel"], probe)
    if proc.returncode != 0:
        raise RevisionError(f"{data_dir} is not inside a git repository "
                            f"({proc.stderr.strip() or 'git rev-parse failed'})")
    top = Path(proc.stdout.strip()).resolve()
    try:
        rel = data_dir.resolve().relative_to(top).as_posix()
    except ValueError:
        raise RevisionError(f"{data_dir} is outside the repository at {top}") from None
    return top, ("" if rel == "." else rel)


@contextmanager
def snapshot(data_dir: Path, revision: str | None,
             location: tuple[Path, str] | None = None) -> Iterator[Snapshot]:
    """The data folder at `revision` (None: the working tree), removed again on exit.

    `location` is `repo_location(data_dir)`, computed once when comparing two sides.
    """
    if revision is None:
        rel = location[1] if location else data_dir.name
        yield Snapshot(WORKING_TREE, None, data_dir, rel or ".")
        return
    top, rel = location or repo_location(data_dir)
    with tempfile.TemporaryDirectory(prefix="journeys-rev-") as tmp:
        target = Path(tmp) / (PurePosixPath(rel).name or "data")
        commit, found = _extract(top, revision, rel, target)
        yield Snapshot(revision, commit, target if found else None, rel or ".")


def extract(top: Path, revision: str, rel: str, target: Path, current: str | None = None
            ) -> bool:
    """The data folder at `revision` written to `target`; False when the revision has no
    data folder. When `target` holds revision `current`, only the files that differ are
    written or removed (one `git diff`); otherwise it is emptied and written whole. Reusing
    one `target` keeps file paths the same from one revision to the next, so a ParseCache
    reuses every file whose bytes did not change."""
    if current is not None and target.is_dir() and not revision.startswith("-"):
        diff = run_git(["diff", "--name-only", "--no-renames", "-z", current, revision, "--",
                        rel or "."], top)
        if diff.returncode == 0:
            names = [n for n in diff.stdout.split("\0") if n]
            _sync(top, revision, rel, target, names)
            return True
    if target.exists():
        shutil.rmtree(target)
    return _extract(top, revision, rel, target)[1]


def _sync(top: Path, revision: str, rel: str, target: Path, names: list[str]) -> None:
    """Bring the changed files `names` (repository paths) in `target` to `revision`."""
    if not names:
        return
    listed = run_git(["ls-tree", "-r", "-z", "--name-only", revision, "--", *names], top)
    present = {n for n in listed.stdout.split("\0") if n}
    prefix = f"{rel}/" if rel else ""
    for gone in set(names) - present:
        inner = PurePosixPath(gone[len(prefix):])
        if ".." not in inner.parts:
            target.joinpath(*inner.parts).unlink(missing_ok=True)
    if present:
        _extract(top, revision, rel, target, sorted(present))


def _extract(top: Path, revision: str, rel: str, target: Path,
             paths: list[str] | None = None) -> tuple[str | None, bool]:
    """Unpack the data folder at `revision` (or only `paths` of it) into `target`:
    (commit id, folder existed)."""
    if revision.startswith("-"):
        raise RevisionError(f"not a revision: {revision!r}")
    proc = run_git(["archive", "--format=tar", revision, "--", *(paths or [rel or "."])], top,
                   binary=True)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip()
        if "did not match any files" in message:
            # The revision exists but has no data folder yet: the handbook is new there.
            return _commit_of(top, revision), False
        raise RevisionError(f"cannot read revision {revision!r}: "
                            f"{message.removeprefix('fatal: ') or 'git archive failed'}")
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        commit = archive.pax_headers.get("comment")
        prefix = f"{rel}/" if rel else ""
        target.mkdir(parents=True, exist_ok=True)
        for member in archive:
            if not member.isfile() or not member.name.startswith(prefix):
                continue
            inner = PurePosixPath(member.name[len(prefix):])
            if ".." in inner.parts or inner.is_absolute():
                continue  # never write outside the temporary folder
            out = target.joinpath(*inner.parts)
            out.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            if source is not None:
                out.write_bytes(source.read())
    return commit, True


def _commit_of(top: Path, revision: str) -> str | None:
    proc = run_git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def relative_to_cwd(path: Path) -> str:
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


# --- last changed -------------------------------------------------------------------------

@dataclass
class History:
    """Last change of a data file in git: shown as 'last changed' on its pages."""

    date: date
    subject: str
    commit: str = ""


_MARK = "\x1e"


def history(data_dir: Path) -> dict[str, History]:
    """data-relative path -> its last commit. Empty when git or the repo is missing."""
    try:
        _, prefix = repo_location(data_dir)
        log = run_git(["log", f"--format={_MARK}%H%x1f%as%x1f%s", "--name-only",
                       "--no-renames", "--", "."], data_dir)
    except RevisionError:
        return {}
    if log.returncode != 0:
        return {}
    out: dict[str, History] = {}
    for block in log.stdout.split(_MARK)[1:]:
        header, _, names = block.partition("\n")
        commit, day, subject = (header.split("\x1f") + ["", "", ""])[:3]
        for name in filter(None, names.splitlines()):
            rel = name[len(prefix) + 1:] if prefix and name.startswith(prefix + "/") else name
            if rel not in out:  # log is newest first
                out[rel] = History(date.fromisoformat(day), subject, commit)
    return out


# --- the change log -------------------------------------------------------------------------

@dataclass
class Commit:
    """One commit that changed the data folder, compared with its first parent."""

    id: str
    parent: str | None  # None: the first commit (the handbook is new there)
    date: str  # author date, ISO 8601 with offset
    author: str
    subject: str


@dataclass
class CommitLog:
    """The newest commits that changed the data folder, newest first.

    `state` says how complete it is: "ok"; "shallow" (a shallow clone: commits past its
    boundary are missing and the boundary commit itself cannot be compared); "no-git" (not
    a repository, or git is missing). `more` is true when older commits were left out.
    """

    commits: list[Commit]
    state: str = "ok"
    more: bool = False
    reason: str = ""


def commit_log(data_dir: Path, limit: int) -> CommitLog:
    """One `git log` for the data folder (plus one call to find the shallow boundary)."""
    try:
        top, _ = repo_location(data_dir)
        log = run_git(["log", f"-n{limit + 1}", "--no-show-signature",
                       f"--format={_MARK}%H%x1f%P%x1f%aI%x1f%an%x1f%s", "--", "."], data_dir)
        shallow = _shallow_boundary(top)
    except RevisionError as exc:
        return CommitLog([], "no-git", reason=str(exc))
    if log.returncode != 0:  # e.g. a repository without any commit yet
        return CommitLog([], "ok")
    commits = []
    for block in log.stdout.split(_MARK)[1:]:
        fields = (block.strip("\n").split("\x1f") + [""] * 5)[:5]
        commit, parents, day, author, subject = fields
        commits.append(Commit(commit, parents.split()[0] if parents else None, day, author,
                              subject))
    more = len(commits) > limit
    commits = commits[:limit]
    if shallow is None:
        return CommitLog(commits, "ok", more)
    # A boundary commit shows no parents: comparing it would report the whole handbook as new.
    return CommitLog([c for c in commits if c.id not in shallow], "shallow", True)


def _shallow_boundary(top: Path) -> set[str] | None:
    """The commits whose parents a shallow clone lacks; None when the clone is complete."""
    proc = run_git(["rev-parse", "--is-shallow-repository", "--git-path", "shallow"], top)
    lines = proc.stdout.split()
    if proc.returncode != 0 or not lines or lines[0] != "true":
        return None
    path = Path(lines[1]) if len(lines) > 1 else None
    if path is not None and not path.is_absolute():
        path = top / path
    try:
        return set(path.read_text(encoding="utf-8").split()) if path else set()
    except OSError:
        return set()
