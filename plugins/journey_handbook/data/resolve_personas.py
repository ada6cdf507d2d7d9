"""Persona files (and the file-name rule they share with maps): a file's name is its id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import schema
from .diagnostics import quoted
from .document import Document
from .suggest import did_you_mean

if TYPE_CHECKING:
    from .resolve import Resolver


def check_file_names(r: Resolver) -> None:
    """A persona's or a map's file name is its id, so it must be a valid id."""
    for doc in r.by_kind.get("persona", []) + r.by_kind.get("journey", []):
        if not schema.ID_RE.match(doc.id or ""):
            r.diags.error(doc.source.path, 1, 1,
                          f"file name {quoted(doc.id or '')} is not a valid id",
                          hint="rename the file to lowercase kebab-case, "
                               "like 'patient-intake.yml'")


def check_id_field(r: Resolver, doc: Document, what: str) -> None:
    """An `id` field, when written, repeats the file name."""
    spec_id = doc.spec.id
    if spec_id is not None and spec_id != doc.id:
        r.error(doc, ("id",), f"id '{spec_id}' does not match the file name "
                f"{quoted(doc.id or '')}",
                f"a {what}'s id is its file name; remove the id field or rename the file")


def persona_file(r: Resolver, doc: Document) -> None:
    spec: schema.PersonaFile = doc.spec  # type: ignore[assignment]
    check_id_field(r, doc, "persona")
    if doc.id in r.teams.live:
        r.diags.error(doc.source.path, 1, 1,
                      f"{quoted(doc.id or '')} names both a persona and a team",
                      hint="steps name their actor by id; rename one of them")
    for key in spec.messaging:
        if not r.phases.knows(key):
            r.error(doc, ("messaging", key), f"messaging for unknown phase '{key}'",
                    did_you_mean(key, r.phases.live, "phase ids"), key=True)
