"""One data file after validation, on its way to the resolver."""

from __future__ import annotations

from dataclasses import dataclass

from .yamlsource import SourceFile


@dataclass
class Document:
    """One validated file: its parsed source (for positions) and its typed content."""

    kind: str
    id: str | None
    source: SourceFile
    spec: object
    complete: bool = True  # False: spec holds only the valid part of the file
