"""What every part of resolution shares: the ids of one kind, and reading what a file wrote.

A file's raw data counts as well as its validated spec: an id written in a list item that failed
validation still exists, so references to it are not reported as unknown (one broken value
does not cascade into errors everywhere it is named).
"""

from __future__ import annotations

from typing import Any

from . import model as m
from . import schema
from .document import Document
from .yamlsource import Path_


class Ids:
    """The ids of one kind: live ones with their objects, plus ids of broken files."""

    def __init__(self, what: str, *, trusted: bool = True):
        self.what = what
        self.live: dict[str, Any] = {}
        self.broken: set[str] = set()
        self.trusted = trusted  # False when the defining file itself failed

    def knows(self, key: str) -> bool:
        return key in self.live or key in self.broken or not self.trusted


EMPTY_HANDBOOK = schema.HandbookFile.model_construct(
    title="", phases=[], teams=[], review=schema.Review(), governance=schema.Governance())
NO_TEAM = m.Team(schema.Team.model_construct(id="", name="(unknown team)", github=None))


def absent(item: Any, key: str = "id") -> bool:
    """An invalid list item (None), or a salvaged one without its id: nothing to resolve."""
    return item is None or getattr(item, key, None) is None


def raw_ids(data: Any, key: str | None = None) -> set[str]:
    """Ids written in a list, valid or not: references to them are not 'unknown'."""
    items = data.get(key) if key and isinstance(data, dict) else data
    if not isinstance(items, list):
        return set()
    return {str(i["id"]) for i in items if isinstance(i, dict) and i.get("id") is not None}


def raw(doc: Document, path: Path_) -> Any:
    """The value written at `path`, valid or not (None when absent)."""
    data: Any = doc.source.data
    for part in path:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_list or (isinstance(data, dict) and part in data)):
            return None
        data = data[part]
    return data


def raw_step(doc: Document, i: int) -> dict:
    """Step `i` as written (an empty dict when it is not a mapping)."""
    step = raw(doc, ("steps", i))
    return step if isinstance(step, dict) else {}
