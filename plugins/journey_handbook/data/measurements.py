"""Read `measurements/<metric-id>.csv`: observations of one metric, as analytics tools export them.

Every bad cell is a diagnostic at its own `file:line:column` (the cell's first character),
like YAML errors. Files of 100,000 rows must load without a noticeable pause, so rows
without quotes (nearly all of them) are split with `str.split`, and only rows that quote a
cell go through the slower character-by-character reader, which also knows that a quoted
cell may hold commas and line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostics
from .schema import parse_number
from .suggest import did_you_mean
from .yamlsource import _offset_to_line_col

COLUMNS = ("date", "value", "segment", "note")
REQUIRED = ("date", "value")
HEADER = ",".join(COLUMNS)  # what `journeys new metric` writes


@dataclass(frozen=True)
class Observation:
    date: date
    value: float  # percent as 0-100; '41.5%' already stripped
    segment: str | None
    note: str | None
    line: int  # CSV line, for diagnostics and the privacy scan
    note_column: int = 0  # 1-based column of the note cell (0: no note)


@dataclass
class Measurements:
    """One CSV file: its observations by segment (None: no segment), each series by date."""

    path: str  # as shown to the user
    metric_id: str  # the file stem
    columns: list[str] = field(default_factory=list)
    series: dict[str | None, list[Observation]] = field(default_factory=dict)
    complete: bool = True  # False: some rows were left out for errors

    @property
    def count(self) -> int:
        return sum(len(s) for s in self.series.values())


Cell = tuple[str, int, int]  # text, line, column


def _split_plain(text: str, line: int) -> list[Cell]:
    cells, col = [], 1
    for part in text.split(","):
        cells.append((part, line, col))
        col += len(part) + 1
    return cells


def _rows(text: str, path: str, diags: Diagnostics) -> list[list[Cell]]:
    """The file's rows as cells with positions; blank lines are skipped."""
    rows: list[list[Cell]] = []
    lines = text.split("\n")
    i, n = 0, len(lines)
    while i < n:
        raw = lines[i]
        line_no = i + 1
        i += 1
        if raw.endswith("\r"):
            raw = raw[:-1]
        if '"' not in raw:
            if raw.strip():
                rows.append(_split_plain(raw, line_no))
            continue
        # A row with quotes: read it character by character, across lines if a quote is open.
        cells: list[Cell] = []
        buf: list[str] = []
        cell_line, cell_col = line_no, 1
        quoted = False
        col = 1
        cur_line = line_no
        pos = 0
        while True:
            if pos >= len(raw):
                if quoted and i < n:  # a line break inside a quoted cell
                    buf.append("\n")
                    raw = lines[i][:-1] if lines[i].endswith("\r") else lines[i]
                    i += 1
                    cur_line += 1
                    pos, col = 0, 1
                    continue
                if quoted:
                    diags.error(path, cell_line, cell_col, "a quoted cell is never closed",
                                hint='close it with a " (write "" for a quote inside a cell)')
                cells.append(("".join(buf), cell_line, cell_col))
                break
            ch = raw[pos]
            if quoted:
                if ch == '"':
                    if pos + 1 < len(raw) and raw[pos + 1] == '"':
                        buf.append('"')
                        pos += 2
                        col += 2
                        continue
                    quoted = False
                else:
                    buf.append(ch)
            elif ch == '"' and not buf:
                quoted = True
            elif ch == ",":
                cells.append(("".join(buf), cell_line, cell_col))
                buf = []
                cell_line, cell_col = cur_line, col + 1
            else:
                buf.append(ch)
            pos += 1
            col += 1
        if len(cells) > 1 or cells[0][0].strip():
            rows.append(cells)
    return rows


def read_csv(file: Path, shown: str, diags: Diagnostics) -> Measurements:
    """Parse one measurements file; every problem becomes a diagnostic, never an exception
    (except OSError: the file cannot be read at all)."""
    out = Measurements(shown, file.stem)
    raw = file.read_bytes()
    if b"\x00" in raw:
        line, col = _offset_to_line_col(raw, raw.index(b"\x00"))
        diags.error(shown, line, col, "this is a binary file, not CSV text",
                    hint="export the metric as CSV (UTF-8)")
        out.complete = False
        return out
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _offset_to_line_col(raw, exc.start)
        diags.error(shown, line, col, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    hint="export or save the CSV as UTF-8")
        out.complete = False
        return out
    rows = _rows(text, shown, diags)
    if not rows:
        diags.error(shown, 1, 1, "the file is empty",
                    hint=f"start with the header row: {HEADER}")
        out.complete = False
        return out
    header, body = rows[0], rows[1:]
    index: dict[str, int] = {}
    for k, (name, line, col) in enumerate(header):
        name = name.strip()
        if name not in COLUMNS:
            what = f"unknown column '{name}'" if name else "a column without a name"
            diags.error(shown, line, col, what,
                        hint=did_you_mean(name, COLUMNS, "columns").replace("known", "allowed"))
            out.complete = False
        elif name in index:
            diags.error(shown, line, col, f"column '{name}' appears twice in the header")
            out.complete = False
        else:
            index[name] = k
    out.columns = [c[0].strip() for c in header]
    missing = [c for c in REQUIRED if c not in index]
    for name in missing:
        diags.error(shown, header[0][1], 1, f"missing required column '{name}'",
                    hint=f"the header row names the columns, like: {HEADER}")
    if missing:
        out.complete = False
        return out
    _observations(out, index, len(header), body, diags)
    return out


def _observations(out: Measurements, index: dict[str, int], width: int,
                  body: list[list[Cell]], diags: Diagnostics) -> None:
    shown = out.path
    d_at, v_at = index["date"], index["value"]
    s_at, n_at = index.get("segment"), index.get("note")
    dates: dict[str, date | None] = {}  # the same dates repeat in every segment
    last: dict[str | None, tuple[date, int]] = {}
    series = out.series
    for cells in body:
        if len(cells) != width:
            out.complete = False
            if len(cells) > width:
                _, line, col = cells[width]
                diags.error(shown, line, col, f"this row has {len(cells)} cells, "
                            f"the header has {width}",
                            hint='quote a cell that contains a comma: "like, this"')
                continue
            text, line, col = cells[-1]
            diags.error(shown, line, col + len(text), f"this row has {len(cells)} "
                        f"cell{'s' if len(cells) != 1 else ''}, the header has {width}",
                        hint="leave a cell empty, but keep its comma")
            continue
        ok = True
        d_text, line, d_col = cells[d_at]
        when = dates.get(d_text, False)
        if when is False:
            when = dates[d_text] = _date(d_text)
        if when is None:
            ok = False
            diags.error(shown, line, d_col, _date_problem(d_text),
                        hint="dates are YYYY-MM-DD: the end of the period the value covers")
        v_text, _, v_col = cells[v_at]
        value = parse_number(v_text)
        if value is None:
            ok = False
            found = v_text.strip()
            diags.error(shown, line, v_col, f"expected a number, found '{found}'" if found
                        else "the value is empty",
                        hint="a plain number, percent as 0-100 (41.5 or 41.5%); "
                             "leave the period out if there is no value")
        if not ok:
            out.complete = False
            continue
        segment = cells[s_at][0].strip() or None if s_at is not None else None
        note = note_col = None
        if n_at is not None:
            note = cells[n_at][0].strip() or None
            note_col = cells[n_at][2] if note else 0
        previous = last.get(segment)
        if previous is not None and when <= previous[0]:
            out.complete = False
            where = f" of segment '{segment}'" if segment else ""
            diags.error(shown, line, d_col,
                        f"date {when.isoformat()} is not after {previous[0].isoformat()} "
                        f"(line {previous[1]}){where}: dates must increase",
                        hint="sort the rows by date; one row per period and segment")
            continue
        last[segment] = (when, line)
        obs = Observation(when, value, segment, note, line, note_col or 0)
        bucket = series.get(segment)
        if bucket is None:
            bucket = series[segment] = []
        bucket.append(obs)


def _date(text: str) -> date | None:
    text = text.strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _date_problem(text: str) -> str:
    text = text.strip()
    if not text:
        return "the date is empty"
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit():
        return f"'{text}' is not a real calendar date"
    return f"expected a date as YYYY-MM-DD, found '{text}'"
