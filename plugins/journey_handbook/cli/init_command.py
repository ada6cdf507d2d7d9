"""`journeys init [DIR]`: start a handbook (and, if there is none, a site) in a folder."""

from __future__ import annotations

from pathlib import Path

import click

from ..analysis.starter import DATA_DIR, StarterError, init_handbook
from ..data.atomic import WriteFailed
from ..data.diagnostics import printable_path
from .common import UsageFailure, to_date, today_option

_WHAT = {
    DATA_DIR: " (the handbook: handbook.yml, catalogs, a persona and a journey)",
    "schemas": " (JSON Schemas for editor completion; refresh: journeys schema --out schemas/)",
    "mkdocs.yml": " (the site: Material and the journeys plugin)",
    "docs": " (your own pages, if any)",
}


@click.command("init")
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@today_option
def init(directory: Path, today) -> None:
    """Start a handbook in DIRECTORY (default: here) that passes `journeys check` as written.

    Writes journeys/ (handbook.yml with healthtech phases and one team, touchpoints.yml,
    evidence.yml, one persona, one journey with an opportunity), schemas/ for editor
    completion, and, if there is no mkdocs.yml, a minimal one with an empty docs/.
    Never overwrites an existing data folder or file; writes all or nothing.
    """
    try:
        started = init_handbook(directory, to_date(today))
    except StarterError as exc:
        raise UsageFailure(str(exc)) from None
    except WriteFailed as exc:
        raise UsageFailure(f"{exc}; nothing was written") from None
    for rel in started.written:
        shown = printable_path(directory / rel) + ("/" if (directory / rel).is_dir() else "")
        click.echo(f"wrote {shown}{_WHAT.get(str(rel), '')}")
    for rel in started.kept:
        click.echo(f"kept {printable_path(directory / rel)} (already there)")
    site = "mkdocs.yml" in {str(p) for p in started.written}
    here = directory.resolve() == Path.cwd().resolve()
    go = "" if here else f"cd {printable_path(directory)} && "
    click.echo(f"next: {go}journeys check"
               + ("; mkdocs serve (or mkdocs build --strict) to see the site" if site else
                  "; add `- journeys` under plugins: in your mkdocs.yml to publish it"))
