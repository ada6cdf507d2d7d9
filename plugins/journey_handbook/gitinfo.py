"""'Last changed' for data files from git history, with one git call for the whole folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .pages import History
from .revisions import RevisionError, repo_location, run_git

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
