"""Big tables converted a few rows at a time while serving.

A persona's "Barriers they hit" is one table of 600 rows at 300 journeys, and a step's
details are a table of 13 rows: renaming a touchpoint or a team changes one row of each, yet
the whole table would be converted again. Python-Markdown's tables extension converts each
cell on its own, so a table's rows can be converted in groups, each group with the table's
header and whatever surrounds the table in its block (a `<div markdown>` wrapper), and the
rows of each group's `<tbody>` joined: the result is the whole table's conversion, which
`join` checks as far as it can (every group must come out with the same HTML around its
rows, else the block is converted whole). `tests/preview/test_incremental.py` compares every
generated page converted this way with MkDocs' own conversion.
"""

from __future__ import annotations

import re

ROWS = 4  # rows per group: a group costs about 0.2 ms more than converting its rows alone
# Rows this long on average (a journey page's grid: seven lanes of a whole phase's entries,
# 1.7 KB each at 12 steps) are converted one at a time: a renamed touchpoint changes one lane
LONG_ROW_CHARS = 1_000
_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_SEPARATOR_CELL = re.compile(r"-+:?\s*(?:\||$)")
_END_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|\s*$")
_BODY_OPEN, _BODY_CLOSE = "<tbody>\n", "</tbody>"


def split(text: str, *, chars: int | None = None) -> list[str] | None:
    """The block with its one table's rows in groups of `ROWS`, or one by one when they are
    long (each group a block to convert: the text around the table, its header and the
    group's rows), or None. With `chars`, groups of rows of about that many characters (a
    build: fewer, bigger groups cost a cold build little), and only in bigger tables."""
    if chars is not None and len(text) < 3 * chars:
        return None
    lines_of_table = text.count("\n|")
    if lines_of_table <= 2 * ROWS + 1 and (lines_of_table < 4 or len(text) < 3 * LONG_ROW_CHARS):
        return None  # no table, or a short one: most blocks
    lines = text.split("\n")
    starts = [i for i in range(len(lines) - 1)
              if lines[i].startswith("|") and _SEPARATOR.match(lines[i + 1])]
    if len(starts) != 1 or (starts[0] > 0 and lines[starts[0] - 1].strip()):
        return None
    head_end = starts[0] + 2
    end = head_end
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    rows = lines[head_end:end]
    size = 1 if sum(map(len, rows)) >= LONG_ROW_CHARS * len(rows) else ROWS
    if chars is None and len(rows) <= 2 * size:
        return None
    if not _END_PIPE.search(lines[starts[0]]):
        return None
    groups = _by_chars(rows, chars) if chars is not None else \
        [rows[at:at + size] for at in range(0, len(rows), size)]
    if len(groups) < 2:
        return None
    head, tail = lines[:head_end], lines[end:]
    # Groups after the first get a header of plain cells, so that an edit of the header
    # (a step's table starts with its persona) converts the first group only. The header
    # gives the rows nothing but its borders and its number of cells, the separator's.
    neutral = lines[:starts[0]] + ["|" + " h |" * len(_SEPARATOR_CELL.findall(lines[head_end - 1])),
                                   lines[head_end - 1]]
    return ["\n".join((head if i == 0 else neutral) + group + tail)
            for i, group in enumerate(groups)]


def _by_chars(rows: list[str], chars: int) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    size = 0
    for row in rows:
        if size >= chars:
            groups.append([])
            size = 0
        groups[-1].append(row)
        size += len(row) + 1
    return groups


def join(groups: list[str]) -> str | None:
    """The table's HTML from its groups' HTML; None if they are not the same around their
    rows (then the block is converted whole)."""
    parts = []
    for html in groups:
        start = html.find(_BODY_OPEN)
        end = html.rfind(_BODY_CLOSE)
        if start < 0 or end < start or html.count("<tbody") != 1:
            return None
        start += len(_BODY_OPEN)
        parts.append((html[:start], html[start:end], html[end:]))
    if not parts or len({after for _, _, after in parts}) != 1 \
            or len({before for before, _, _ in parts[1:]}) > 1:
        return None  # the first group's header is its own; the others' are all alike
    return parts[0][0] + "".join(rows for _, rows, _ in parts) + parts[0][2]
