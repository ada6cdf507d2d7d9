"""The `journeys` command line: check, schema, export and the review workflow."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..analysis.export import handbook_json
from ..analysis.export_folder import ExportRefused, export_folder, inside, into_data
from ..analysis.funnel_checks import funnel_warnings
from ..analysis.regulated import regulated_review_warnings
from ..analysis.staleness import staleness
from ..data import schema
from ..data.atomic import Changes, WriteFailed, write_file
from ..data.diagnostics import render
from ..git import history
from ..site import downloads
from ..site.pages import PageContext, render_site
from ..site.stylesheet import assets
from .common import (
    EXIT_DATA,
    EXIT_USAGE,
    UsageFailure,
    data_dir_option,
    load_or_fail,
    nothing_changed,
    plain_language_option,
    privacy_option,
    require_valid,
    to_date,
    today_option,
)
from .funnel_report import funnel_command
from .privacy_report import accepted_report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="journey-handbook")
def cli() -> None:
    """Customer journey maps as YAML in git: check, export and keep them current."""


def main() -> None:
    """Console entry point: a bug in this tool is reported in one line, not a traceback."""
    for stream in (sys.stdout, sys.stderr):
        # a terminal or pipe that is not UTF-8 gets escapes, never a UnicodeEncodeError
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli(standalone_mode=True)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("JOURNEYS_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                   "    hint: this is a bug in journey-handbook; rerun with JOURNEYS_DEBUG=1 "
                   "for details and report it", err=True)
        sys.exit(3)


@cli.command()
@click.argument("data_dir", required=False, type=click.Path(path_type=Path))
@data_dir_option("data_dir_opt")
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              help="text (file:line:col), GitHub Actions annotations, or JSON")
@click.option("--fail-stale", is_flag=True,
              help="also fail when an active journey is past its review date "
                   "(old evidence is a warning)")
@click.option("--evidence-max-age", type=click.IntRange(min=1), default=365, metavar="DAYS",
              show_default=True, help="with --fail-stale: warn about evidence older than DAYS")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="with --fail-stale: the date to judge reviews by, YYYY-MM-DD")
@privacy_option
@plain_language_option
@click.option("--show-accepted", is_flag=True,
              help="also list the privacy findings that '# privacy: ok - <reason>' accepts")
def check(data_dir: Path | None, data_dir_opt: Path, fmt: str, fail_stale: bool,
          evidence_max_age: int, today, privacy: str, plain_language: str,
          show_accepted: bool) -> None:
    """Validate the handbook; report every error with file:line:column.

    Free text is also checked for personal data (see --privacy); a finding that is
    deliberate is accepted by ending its line with `# privacy: ok - <reason>`. What patients
    and caregivers read is checked against `plain_language` in handbook.yml (see
    --plain-language); `# plain-language: ok - <reason>` accepts a line.
    """
    result = load_or_fail(data_dir or data_dir_opt, privacy, plain_language)
    if result.ok and result.handbook is not None:  # on broken data it would only be noise
        for gap in regulated_review_warnings(result.handbook):
            result.diagnostics.add(gap)
        for grows in funnel_warnings(result.handbook):
            result.diagnostics.add(grows)
    if fail_stale and result.handbook is not None:
        for found_stale in staleness(result.handbook, to_date(today), evidence_max_age):
            result.diagnostics.add(found_stale)
    found = result.diagnostics.sorted()
    accepted = result.accepted if show_accepted else []
    if fmt == "json":
        click.echo(render(found, "json") if not show_accepted
                   else accepted_report(found, accepted, "json"))
    elif found or accepted:
        click.echo(accepted_report(found, accepted, fmt))
    if fmt != "json":
        counts = result.handbook.counts() if result.handbook else {}
        parts = [f"{counts.get(k, 0)} {k}" for k in ("journeys", "personas", "steps",
                                                      "opportunities")]
        errors = len(result.diagnostics.errors)
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        warnings = len(result.diagnostics.warnings)
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        if result.accepted:
            n = len(result.accepted)
            parts.append(f"{n} accepted privacy finding{'s' if n != 1 else ''}"
                         + ("" if show_accepted else " (--show-accepted lists them)"))
        if result.plain_accepted:
            n = len(result.plain_accepted)
            parts.append(f"{n} accepted plain-language finding{'s' if n != 1 else ''}")
        click.echo(("ok: " if result.ok else "failed: ") + ", ".join(parts),
                   err=not result.ok)
    if result.unreadable:
        click.get_current_context().exit(EXIT_USAGE)
    if not result.ok:
        click.get_current_context().exit(EXIT_DATA)


@cli.command("schema")
@click.argument("kind", required=False, type=click.Choice(sorted(schema.FILE_KINDS)))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="write <kind>.schema.json for every kind into this folder")
def schema_cmd(kind: str | None, out: Path | None) -> None:
    """Print the JSON Schema of a file kind (for editor validation and completion)."""
    kinds = [kind] if kind else sorted(schema.FILE_KINDS)
    if out:
        try:
            with Changes(durable=False) as changes:  # every schema or none (generated)
                for k in kinds:
                    changes.write(out / f"{k}.schema.json",
                                  json.dumps(schema.json_schema(k), indent=2) + "\n")
        except WriteFailed as exc:
            raise nothing_changed(exc) from None
        for path in changes.written:
            click.echo(f"wrote {path}")
        return
    if kind:
        click.echo(json.dumps(schema.json_schema(kind), indent=2))
    else:
        click.echo(json.dumps({k: schema.json_schema(k) for k in kinds}, indent=2))


@cli.group()
def export() -> None:
    """Write the handbook for other tools: Markdown pages, JSON, or the backlog as CSV."""


def refuse_data_folder(target: Path, data_dir: Path, rels=()) -> None:
    """A UsageFailure when the export would write into the data folder."""
    rel = into_data(target, rels, data_dir)
    if rel is not None:
        where = target if rel == "." else target / rel
        raise UsageFailure(f"{where} is inside the data folder {data_dir}; export somewhere "
                           "else (an export never writes into the data it comes from)")


@export.command("markdown")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@data_dir_option("data_dir_opt")
@today_option
@click.option("--force", is_flag=True,
              help="replace files in OUT_DIR that have a page's name but were not written "
                   "by the last export (they are listed)")
def export_markdown(out_dir: Path, data_dir_opt: Path, today, force: bool) -> None:
    """Write exactly the pages the MkDocs plugin generates, as files under OUT_DIR.

    With them go the stylesheet and the page script the plugin serves: list them under
    extra_css and extra_javascript, and put Mermaid's ES module build in assets/vendor/mermaid/
    (mermaid.esm.min.mjs and chunks/mermaid.esm.min/, as scripts/setup does), to get the same
    look, the board's role focus and Mermaid only where a diagram is drawn.

    OUT_DIR may hold other files: they are kept. The export records what it wrote in
    OUT_DIR/.journeys-export.json, replaces those files next time and removes the ones
    that no longer exist; it never writes through a symbolic link or into the data folder."""
    refuse_data_folder(out_dir, data_dir_opt)
    handbook = require_valid(data_dir_opt)
    site = render_site(PageContext(handbook, to_date(today), history(handbook.data_dir)))
    files = site.pages | assets(search=False)
    refuse_data_folder(out_dir, data_dir_opt, files)
    try:
        done = export_folder(out_dir, files, force=force)
    except ExportRefused as exc:
        raise UsageFailure(str(exc)) from None
    except WriteFailed as exc:
        raise nothing_changed(exc) from None
    for rel in done.replaced:
        click.echo(f"replaced {out_dir / rel} (not written by the last export)", err=True)
    for rel in done.kept:
        click.echo(f"kept {out_dir / rel}: no longer exported, but edited since", err=True)
    removed = f", removed {len(done.removed)} old" if done.removed else ""
    click.echo(f"wrote {len(files)} files to {out_dir}{removed}")


@export.command("json")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@data_dir_option("data_dir_opt")
@today_option
def export_json(file: Path, data_dir_opt: Path, today) -> None:
    """Write the resolved handbook as JSON (with a format version); '-' for stdout."""
    _refuse_data_file(file, data_dir_opt)
    handbook = require_valid(data_dir_opt)
    _write(file, handbook_json(handbook, to_date(today)))


@export.command("csv")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@data_dir_option("data_dir_opt")
def export_csv(file: Path, data_dir_opt: Path) -> None:
    """Write the opportunity backlog as CSV, highest priority first; '-' for stdout."""
    _refuse_data_file(file, data_dir_opt)
    _write(file, downloads.backlog_csv(require_valid(data_dir_opt)))


def _refuse_data_file(file: Path, data_dir: Path) -> None:
    if str(file) != "-" and inside(file, data_dir):
        raise UsageFailure(f"{file} is inside the data folder {data_dir}; export somewhere "
                           "else (an export never writes into the data it comes from)")


def _write(file: Path, text: str) -> None:
    if str(file) == "-":
        click.echo(text, nl=False)
        return
    try:
        write_file(file, text)
    except WriteFailed as exc:
        raise nothing_changed(exc) from None
    click.echo(f"wrote {file}", err=True)


from .workflow import COMMANDS as _WORKFLOW_COMMANDS  # noqa: E402 - next to its registration

for _command in _WORKFLOW_COMMANDS:  # reviews, diff, impact, new, codeowners
    cli.add_command(_command)
cli.add_command(funnel_command)

from .init_command import init as _init  # noqa: E402 - next to its registration

cli.add_command(_init)

if __name__ == "__main__":
    main()
