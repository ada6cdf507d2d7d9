"""`journeys init [DIR]`: a new handbook that is valid as written, for a team's own repository.

It writes the data folder (`journeys/`: handbook.yml with healthtech phases and one team, the
two catalogs, one persona, one journey), the JSON Schemas its first-line comments point at,
and, when the folder has none, a minimal `mkdocs.yml` (and an empty `docs/`, which MkDocs
requires). The schemas are written next to the data rather than linked from the web: they
match the installed version, and editors find them offline.

All or nothing (data/atomic.py): every file is written under a temporary name first and
renamed into place only once all of them were written; a failure leaves no half handbook
behind. An existing data folder stops it; an existing schema, mkdocs.yml or docs/ is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

from ..data import schema
from ..data.atomic import Changes

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
    written: list[Path] = field(default_factory=list)  # top-level names, relative to root
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


def planned_files(root: Path, today: date | None = None) -> dict[str, str]:
    """Every file init would write, by path relative to `root`."""
    files = {f"{DATA_DIR}/{rel}": text for rel, text in starter_files(today).items()}
    files |= {f"{SCHEMA_DIR}/{rel}": text for rel, text in schema_files().items()}
    if not (root / "mkdocs.yml").exists():  # an existing site keeps its config and docs_dir
        # MkDocs refuses a missing docs/; git keeps no empty folder, MkDocs skips dotfiles.
        files |= {"mkdocs.yml": MKDOCS_YML.format(title=_title()), "docs/.gitkeep": ""}
    return files


def init_handbook(root: Path, today: date | None = None) -> Started:
    """Write a new handbook into `root` (created if absent); see the module docstring.
    Raises StarterError, or data.atomic.WriteFailed when a file cannot be written."""
    data = root / DATA_DIR
    if data.exists() or data.is_symlink():
        raise StarterError(f"{data} already exists: `journeys init` never overwrites a data "
                           "folder (start in an empty folder, or add files with "
                           "`journeys new journey|persona ID`)")
    started = Started(root)
    if (root / "mkdocs.yml").exists():
        started.kept.append(Path("mkdocs.yml"))
    written: dict[str, None] = {}  # top-level names in writing order
    with Changes() as changes:
        for rel, text in planned_files(root, today).items():
            top = rel.split("/", 1)[0]
            if (root / rel).exists() or (root / rel).is_symlink():
                if Path(top) not in started.kept:
                    started.kept.append(Path(top))
                continue
            changes.write(root / rel, text)
            written[top] = None
    started.written = [Path(top) for top in written]
    return started


def _title() -> str:
    text = starter_files()["handbook.yml"]
    line = next(ln for ln in text.splitlines() if ln.startswith("title:"))
    return line.split(":", 1)[1].strip()
