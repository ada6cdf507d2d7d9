"""Did-you-mean hints for unknown ids and field names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, known: Iterable[str], limit: int = 3) -> list[str]:
    return difflib.get_close_matches(word, sorted(set(known)), n=limit, cutoff=0.6)


def did_you_mean(word: str, known: Iterable[str], what: str = "ids") -> str:
    # an id taken from a file name with a newline or bytes that are not UTF-8 is reported at
    # its file; as a suggestion it could not be printed, nor written in a reference
    known = sorted({k for k in known if k.isprintable()})
    close = nearest(word, known)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    if not known:
        return f"no {what} are defined yet"
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return f"known {what}: {shown}"
