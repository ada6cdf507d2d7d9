"""`journeys init [DIR]`: a new handbook that is valid as written, for a team's own repository.

It writes the data folder (`journeys/`: handbook.yml with healthtech phases and one team, the
two catalogs, one persona, one journey), the JSON Schemas its first-line comments point at,
and, when the folder has none, a minimal `mkdocs.yml` (and an empty `docs/`, which MkDocs
requires). The schemas are written next to the data rather than linked from the web: they
match the installed version, and editors find them offline.

All or nothing: everything is first written into a hidden folder beside the target, then moved
into place by renames; a failure leaves no half handbook behind, and an existing data folder,
schema or mkdocs.yml is never overwritten.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

from ..data import schema

DATA_DIR = "journeys"
SCHEMA_DIR = "schemas"  # beside the data folder: the starter files point at ../schemas/
MKDOCS_YML = """\
# The smallest site for a journey handbook: MkDocs with the Material theme and the `journeys`
# plugin, which builds every page, the navigation and the diagrams from journeys/.
# Your own pages go in docs/ (it may stay empty). Build: mkdocs build --strict
# Plugin options (data_dir, prefix...) are described in the adopting guide of journey-handbook.
site_name: {title}
theme: material
plugins: [search, journeys]
"""


class StarterError(Exception):
    """The handbook cannot be started here; the message says why and what to do."""


@dataclass
class Started:
    root: Path
    written: list[Path] = field(default_factory=list)  # relative to root, in writing order
    kept: list[Path] = field(default_factory=list)  # already there, left as they were


def starter_files(today: date | None = None) -> dict[str, str]:
    """The data folder's files by path relative to it, as shipped in the package; the
    journey's `reviewed` is `today` (a new map is not overdue on its first day)."""
    values = {"today": (today or date.today()).isoformat()}
    folder = resources.files(__package__) / "templates" / "starter"
    out: dict[str, str] = {}

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".yml"):
                text = child.read_text(encoding="utf-8")
                out[prefix + child.name] = Template(text).safe_substitute(values)

    walk(folder, "")
    return out


def schema_files() -> dict[str, str]:
    return {f"{kind}.schema.json": json.dumps(schema.json_schema(kind), indent=2) + "\n"
            for kind in sorted(schema.FILE_KINDS)}


def init_handbook(root: Path, today: date | None = None) -> Started:
    """Write a new handbook into `root` (created if absent); see the module docstring."""
    root.mkdir(parents=True, exist_ok=True)
    data = root / DATA_DIR
    if data.exists() or data.is_symlink():
        raise StarterError(f"{data} already exists: `journeys init` never overwrites a data "
                           "folder (start in an empty folder, or add files with "
                           "`journeys new journey|persona ID`)")
    started = Started(root)
    with tempfile.TemporaryDirectory(prefix=".journeys-init-", dir=root) as tmp:
        staged = Path(tmp)
        _stage(staged / DATA_DIR, starter_files(today))
        _stage(staged / SCHEMA_DIR, schema_files())
        # MkDocs refuses a missing docs/; git keeps no empty folder, and MkDocs skips dotfiles.
        _stage(staged, {"mkdocs.yml": MKDOCS_YML.format(title=_title()), "docs/.gitkeep": ""})
        site_too = not (root / "mkdocs.yml").exists()
        done: list[Path] = []
        try:
            for name in (SCHEMA_DIR, "docs", "mkdocs.yml", DATA_DIR):  # the data folder last
                if name == "docs" and not site_too:
                    continue  # an existing site has its own docs_dir
                if _move_new(staged / name, root / name):
                    done.append(root / name)
                    started.written.append(Path(name))
                else:
                    started.kept.append(Path(name))
        except OSError:
            for path in reversed(done):  # undo: never leave half a handbook behind
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            raise
    return started


def _title() -> str:
    text = starter_files()["handbook.yml"]
    line = next(ln for ln in text.splitlines() if ln.startswith("title:"))
    return line.split(":", 1)[1].strip()


def _stage(folder: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _move_new(source: Path, target: Path) -> bool:
    """Move a staged file or folder into place unless something is already there."""
    if target.exists() or target.is_symlink():
        return False
    if source.is_dir():
        # rename() would replace an empty folder made in the meantime; mkdir() would not.
        target.mkdir()
        try:
            for child in source.iterdir():
                os.rename(child, target / child.name)
        except OSError:
            shutil.rmtree(target, ignore_errors=True)
            raise
        return True
    os.link(source, target)  # fails if the file appeared in the meantime: never overwritten
    return True
