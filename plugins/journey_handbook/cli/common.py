"""What every `journeys` command shares: the data-dir and today options, loading, exit codes.

Every command module uses these (cli/__init__.py registers the others, so they cannot import
it). A command that cannot finish raises one of the `Failure`s below: click prints it and
exits with its code (1 data errors, 2 usage errors); nothing here calls sys.exit.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from ..data.atomic import WriteFailed
from ..data.diagnostics import encodable, printable_path, render
from ..data.loader import DataDirError, LoadResult, load_handbook
from ..data.model import Handbook
from ..data.plain.scan import MODES as PLAIN_MODES
from ..data.privacy_scan import MODES as PRIVACY_MODES

EXIT_DATA, EXIT_USAGE = 1, 2
DEFAULT_DATA_DIR = Path("journeys")


class Failure(click.ClickException):
    """Why a command stops, with its exit code: `error: <message>` on stderr.

    Click shows it and exits with `exit_code` (in standalone mode, as the console script
    runs; with standalone_mode=False it reaches the caller, as click's own errors do). It is
    printed as `journeys` always has, not as click's `Error: ...` and usage line.
    """

    exit_code = EXIT_DATA
    prefix = "error: "

    def show(self, file=None) -> None:
        click.echo(self.prefix + self.format_message(), file=file, err=file is None)


class DataError(Failure):
    """The handbook's data stops the command (exit 1)."""

    exit_code = EXIT_DATA


class UsageFailure(Failure):
    """The command cannot run as asked (exit 2): a data folder that is missing or cannot be
    read, a write refused or failed, a name on the command line that is not in the handbook.
    Unlike click's UsageError it prints no usage line: the command line itself was fine."""

    exit_code = EXIT_USAGE


class ErrorReport(Failure):
    """Data errors as `journeys check` prints them, printed as they are (exit 1, or 2 when
    a file could not be read)."""

    prefix = ""

    def __init__(self, report: str, exit_code: int = EXIT_DATA):
        super().__init__(report)
        self.exit_code = exit_code


def nothing_changed(exc: WriteFailed) -> UsageFailure:
    """A write that failed changed nothing: say where and why (exit 2)."""
    return UsageFailure(f"{encodable(str(exc))}; nothing was changed")


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


def load_or_fail(data_dir: Path, privacy: str = "error",
                 plain_language: str = "warn") -> LoadResult:
    """The handbook loaded, with its diagnostics; UsageFailure when the folder is unusable."""
    try:
        return load_handbook(data_dir, privacy=privacy, plain_language=plain_language)
    except DataDirError as exc:
        raise UsageFailure(str(exc)) from None


def require_valid(data_dir: Path) -> Handbook:
    """The handbook of a clean load; otherwise an ErrorReport of its errors."""
    result = load_or_fail(data_dir)
    if not result.ok or result.handbook is None:
        raise ErrorReport(
            render(result.diagnostics.errors) + "\n"
            + f"{len(result.diagnostics.errors)} error(s) in {printable_path(data_dir)}; "
            "run `journeys check`", EXIT_USAGE if result.unreadable else EXIT_DATA)
    return result.handbook
