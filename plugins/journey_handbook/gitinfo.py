"""'Last changed' for data files from git history, with one git call for the whole folder."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from .pages import History

_MARK = "\x1e"


def history(data_dir: Path) -> dict[str, History]:
    """data-relative path -> its last commit. Empty when git or the repo is missing."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=data_dir,
                             capture_output=True, text=True, timeout=20, check=True)
        log = subprocess.run(
            ["git", "log", f"--format={_MARK}%H%x1f%as%x1f%s", "--name-only", "--no-renames",
             "--", "."],
            cwd=data_dir, capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return {}
    root = Path(top.stdout.strip()).resolve()
    prefix = data_dir.resolve().relative_to(root).as_posix() if data_dir.resolve() != root \
        else ""
    out: dict[str, History] = {}
    for block in log.stdout.split(_MARK)[1:]:
        header, _, names = block.partition("\n")
        commit, day, subject = (header.split("\x1f") + ["", "", ""])[:3]
        for name in filter(None, names.splitlines()):
            rel = name[len(prefix) + 1:] if prefix and name.startswith(prefix + "/") else name
            if rel not in out:  # log is newest first
                out[rel] = History(date.fromisoformat(day), subject, commit)
    return out
