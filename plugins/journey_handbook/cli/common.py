"""What every `journeys` command shares: the data-dir and today options, loading, exit codes.

Both cli.py and workflow_cli.py use these (cli.py registers the workflow commands, so the
workflow module cannot import cli.py itself).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from ..data.diagnostics import printable_path, render
from ..data.loader import DataDirError, LoadResult, load_handbook
from ..data.model import Handbook
from ..data.plain.scan import MODES as PLAIN_MODES
from ..data.privacy_scan import MODES as PRIVACY_MODES

EXIT_DATA, EXIT_USAGE = 1, 2
DEFAULT_DATA_DIR = Path("journeys")


def data_dir_option(dest: str = "data_dir"):
    return click.option("--data-dir", dest, type=click.Path(path_type=Path),
                        default=DEFAULT_DATA_DIR, show_default=True,
                        help="handbook data folder")


def today_option(f):
    return click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
                        metavar="YYYY-MM-DD",
                        help="the date to judge by, YYYY-MM-DD [default: today]")(f)


def privacy_option(f):
    return click.option("--privacy", type=click.Choice(PRIVACY_MODES), default="error",
                        show_default=True,
                        help="personal data in free text (emails, phone numbers, names next "
                             "to a diagnosis...): an error, a warning, or not checked")(f)


def plain_language_option(f):
    return click.option("--plain-language", "plain_language", type=click.Choice(PLAIN_MODES),
                        default="warn", show_default=True,
                        help="reading grades over the plain_language targets and jargon in "
                             "what patients read: warnings, errors, or not checked")(f)


def to_date(value: datetime | None) -> date:
    """The --today option's value, or the real today."""
    return value.date() if value else date.today()


def load_or_exit(data_dir: Path, privacy: str = "error",
                 plain_language: str = "warn") -> LoadResult:
    try:
        return load_handbook(data_dir, privacy=privacy, plain_language=plain_language)
    except DataDirError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def require_valid(data_dir: Path) -> Handbook:
    """The handbook of a clean load; otherwise print the errors and exit."""
    result = load_or_exit(data_dir)
    if not result.ok or result.handbook is None:
        click.echo(render(result.diagnostics.errors), err=True)
        click.echo(f"{len(result.diagnostics.errors)} error(s) in {printable_path(data_dir)}; "
                   "run `journeys check`", err=True)
        sys.exit(EXIT_USAGE if result.unreadable else EXIT_DATA)
    return result.handbook
