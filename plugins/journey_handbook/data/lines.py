"""Lines as editors count them, for every position this package reports.

`\n`, `\r\n` and a lone `\r` (old Mac and spreadsheet exports) each end a line. NEL (U+0085),
LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) do not: editors show them inside
a line, although YAML (PyYAML and libyaml) counts them as line breaks in its marks. So a
YAML node's position is taken from its character offset (`mark.index`), never from the
parser's line number, and every later line stays where an editor shows it.
"""

from __future__ import annotations

import bisect
import re

BREAK = re.compile(r"\r\n|\r|\n")
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def split(text: str) -> list[str]:
    """The text's lines without their line ends (a final line end starts an empty line)."""
    return BREAK.split(text)


def normalise(text: str) -> str:
    """The text with every line end written as `\n` (lines and columns stay the same)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def yaml_agrees(text: str) -> bool:
    """Whether YAML's own line numbers are the editor's (no NEL or separators)."""
    return not any(ch in text for ch in _YAML_ONLY_BREAKS)


class Lines:
    """A text's line starts, to turn character offsets into 1-based (line, column)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based (line, column); past the end: the text's end."""
        if line > len(self.starts):
            return len(self.text)
        return self.starts[line - 1] + column - 1

    def line_end(self, offset: int) -> int:
        """The offset where the line holding `offset` ends (before its line end)."""
        m = BREAK.search(self.text, offset)
        return m.start() if m else len(self.text)

    def count(self) -> int:
        return len(self.starts)
