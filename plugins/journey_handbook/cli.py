"""The `journeys` command line: check, schema, export and the review workflow."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import schema
from .diagnostics import render
from .loader import DataDirError, LoadResult, load_handbook

EXIT_DATA, EXIT_USAGE = 1, 2


def data_dir_option(f):
    return click.option("--data-dir", "data_dir_opt", type=click.Path(path_type=Path),
                        default=None, help="handbook data folder [default: ./journeys]")(f)


def load_or_exit(data_dir: Path | None) -> LoadResult:
    try:
        return load_handbook(data_dir or Path("journeys"))
    except DataDirError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def require_valid(result: LoadResult):
    """The handbook of a clean load; otherwise print the errors and exit."""
    if not result.ok or result.handbook is None:
        click.echo(render(result.diagnostics.sorted()), err=True)
        click.echo(f"{len(result.diagnostics.errors)} error(s); run `journeys check`", err=True)
        sys.exit(EXIT_USAGE if result.unreadable else EXIT_DATA)
    return result.handbook


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="journey-handbook")
def main() -> None:
    """Customer journey maps as YAML in git: check, export and keep them current."""


@main.command()
@click.argument("data_dir", required=False, type=click.Path(path_type=Path))
@data_dir_option
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              help="text (file:line:col), GitHub Actions annotations, or JSON")
def check(data_dir: Path | None, data_dir_opt: Path | None, fmt: str) -> None:
    """Validate the handbook; report every error with file:line:column."""
    result = load_or_exit(data_dir or data_dir_opt)
    found = result.diagnostics.sorted()
    if fmt == "json":
        click.echo(render(found, "json"))
    elif found:
        click.echo(render(found, fmt))
    if fmt != "json":
        counts = result.handbook.counts() if result.handbook else {}
        parts = [f"{counts.get(k, 0)} {k}" for k in ("journeys", "personas", "steps",
                                                      "opportunities")]
        errors = len(result.diagnostics.errors)
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        warnings = len(result.diagnostics.warnings)
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        click.echo(("ok: " if result.ok else "failed: ") + ", ".join(parts),
                   err=not result.ok)
    if result.unreadable:
        sys.exit(EXIT_USAGE)
    if not result.ok:
        sys.exit(EXIT_DATA)


@main.command("schema")
@click.argument("kind", required=False, type=click.Choice(sorted(schema.FILE_KINDS)))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="write <kind>.schema.json for every kind into this folder")
def schema_cmd(kind: str | None, out: Path | None) -> None:
    """Print the JSON Schema of a file kind (for editor validation and completion)."""
    kinds = [kind] if kind else sorted(schema.FILE_KINDS)
    if out:
        out.mkdir(parents=True, exist_ok=True)
        for k in kinds:
            (out / f"{k}.schema.json").write_text(json.dumps(schema.json_schema(k), indent=2)
                                                  + "\n")
            click.echo(f"wrote {out / f'{k}.schema.json'}")
        return
    if kind:
        click.echo(json.dumps(schema.json_schema(kind), indent=2))
    else:
        click.echo(json.dumps({k: schema.json_schema(k) for k in kinds}, indent=2))


if __name__ == "__main__":
    main()
