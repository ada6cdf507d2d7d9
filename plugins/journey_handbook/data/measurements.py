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
from .lines import normalise
from .schema import MAX_NUMBER, number_problem, parse_number
from .suggest import did_you_mean
from .yamlsource import decode_text, refuse

COLUMNS = ("date", "value", "segment", "note")
REQUIRED = ("date", "value")
# An export of years of daily data in many segments is a few MB; 20 MB is not a metric.
MAX_CSV_BYTES = 20_000_000
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
    text: str = ""  # the file as read: where the privacy scan finds a quoted note's text

    @property
    def count(self) -> int:
        return sum(len(s) for s in self.series.values())


# One row: its line, its cells' text, and (for rows that quote a cell, which may span
# lines) each cell's (line, column). Plain rows leave positions out: they are worked out
# from the texts only when a cell of the row is reported.
Row = tuple[int, list[str], list[tuple[int, int]] | None]


def cell_at(row: Row, k: int) -> tuple[int, int]:
    """(line, column) of cell k (k may be len(cells): just after the last one)."""
    line, texts, positions = row
    if positions is not None:
        if k < len(positions):
            return positions[k]
        if "\n" in texts[-1]:  # a quoted cell over several lines (or one never closed)
            return cell_end(row, len(texts) - 1)
        last_line, last_col = positions[-1]
        return last_line, last_col + len(texts[-1]) + 2  # after a closing quote, roughly
    return line, sum(len(t) for t in texts[:k]) + k + 1


def cell_end(row: Row, k: int) -> tuple[int, int]:
    """(line, column) just after the text of cell k, on the line where that text ends."""
    line, col = cell_at(row, k)
    text = row[1][k]
    if "\n" in text:
        return line + text.count("\n"), len(text.rsplit("\n", 1)[1]) + 1
    return line, col + len(text)


def _rows(text: str, path: str, diags: Diagnostics) -> list[Row]:
    """The file's rows; blank lines are skipped."""
    rows: list[Row] = []
    lines = text.split("\n")
    i, n = 0, len(lines)
    while i < n:
        raw = lines[i]
        i += 1
        if raw.endswith("\r"):
            raw = raw[:-1]
        if '"' not in raw:
            if raw and not raw.isspace():
                rows.append((i, raw.split(","), None))
            continue
        row, i = _quoted_row(raw, i, lines, path, diags)
        if len(row[1]) > 1 or row[1][0].strip():
            rows.append(row)
    return rows


def _quoted_row(raw: str, i: int, lines: list[str], path: str, diags: Diagnostics
                ) -> tuple[Row, int]:
    """Read a row with quotes character by character, across lines while a quote is open."""
    line_no = cur_line = i
    texts: list[str] = []
    positions: list[tuple[int, int]] = []
    buf: list[str] = []
    cell_line, cell_col = line_no, 1
    quoted = False
    pos, col = 0, 1
    while True:
        if pos >= len(raw):
            if quoted and i < len(lines):  # a line break inside a quoted cell
                buf.append("\n")
                raw = lines[i][:-1] if lines[i].endswith("\r") else lines[i]
                i += 1
                cur_line += 1
                pos, col = 0, 1
                continue
            if quoted:
                diags.error(path, cell_line, cell_col, "a quoted cell is never closed",
                            hint='close it with a " (write "" for a quote inside a cell)')
            texts.append("".join(buf))
            positions.append((cell_line, cell_col))
            return (line_no, texts, positions), i
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
            texts.append("".join(buf))
            positions.append((cell_line, cell_col))
            buf = []
            cell_line, cell_col = cur_line, col + 1
        else:
            buf.append(ch)
        pos += 1
        col += 1


def read_csv(file: Path, shown: str, diags: Diagnostics) -> Measurements:
    """Parse one measurements file; every problem becomes a diagnostic, never an exception
    (except OSError: the file cannot be read at all)."""
    out = Measurements(shown, file.stem)
    if (refused := refuse(file, MAX_CSV_BYTES)) is not None:
        diags.error(shown, 1, 1, refused[0], hint=refused[1].replace(".yml or .yaml", ".csv"))
        out.complete = False
        return out
    raw = file.read_bytes()
    text = decode_text(raw, shown, diags, "CSV", "export or save the CSV as UTF-8")
    if text is None:
        out.complete = False
        return out
    # Old spreadsheet exports end lines with a lone CR: as in an editor, it ends a row.
    text = out.text = normalise(text)
    rows = _rows(text, shown, diags)
    if not rows:
        diags.error(shown, 1, 1, "the file is empty",
                    hint=f"start with the header row: {HEADER}")
        out.complete = False
        return out
    header, body = rows[0], rows[1:]
    index: dict[str, int] = {}
    for k, name in enumerate(header[1]):
        line, col = cell_at(header, k)
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
    out.columns = [c.strip() for c in header[1]]
    missing = [c for c in REQUIRED if c not in index]
    for name in missing:
        diags.error(shown, header[0], 1, f"missing required column '{name}'",
                    hint=f"the header row names the columns, like: {HEADER}")
    if missing:
        out.complete = False
        return out
    _observations(out, index, len(header[1]), body, diags)
    return out


def _observations(out: Measurements, index: dict[str, int], width: int,
                  body: list[Row], diags: Diagnostics) -> None:
    """Check and collect the rows. The loop is the hot path of a 100,000-row file: plain
    locals, a date cache (every segment repeats the dates), float() before any regex."""
    d_at, v_at = index["date"], index["value"]
    s_at, n_at = index.get("segment"), index.get("note")
    dates: dict[str, date | None] = {}
    last: dict[str | None, tuple[date, int]] = {}
    series = out.series
    new = object.__new__
    for row in body:
        line, cells, positions = row
        if len(cells) != width:
            _width_error(out, row, width, diags)
            continue
        d_text = cells[d_at]
        when = dates.get(d_text, False)
        if when is False:
            when = dates[d_text] = _date(d_text)
        v_text = cells[v_at]
        try:
            value: float | None = float(v_text)
            # nan and inf (value - value is not 0), 1_000 (not CSV), and numbers out of range
            if value - value != 0 or "_" in v_text or not -MAX_NUMBER <= value <= MAX_NUMBER:
                value = None
        except ValueError:
            value = parse_number(v_text)  # '41.5%'
        if when is None or value is None:
            _cell_errors(out, row, (d_at, when), (v_at, value), diags)
            continue
        segment = (cells[s_at].strip() or None) if s_at is not None else None
        previous = last.get(segment)
        if previous is not None and when <= previous[0]:
            _order_error(out, row, d_at, when, previous, segment, diags)
            continue
        last[segment] = (when, line)
        note, note_col = None, 0
        if n_at is not None and cells[n_at] and not cells[n_at].isspace():
            note = cells[n_at].strip()
            note_col = cell_at(row, n_at)[1]
        # Observation is frozen; filling __dict__ directly skips its per-field
        # object.__setattr__ calls, a third of the time of a large file.
        obs = new(Observation)
        obs.__dict__.update(date=when, value=value, segment=segment, note=note, line=line,
                            note_column=note_col)
        bucket = series.get(segment)
        if bucket is None:
            bucket = series[segment] = []
        bucket.append(obs)


# The rows' errors, out of the hot loop: each marks the file incomplete (its series are not
# drawn from a file that lost rows).
def _width_error(out: Measurements, row: Row, width: int, diags: Diagnostics) -> None:
    out.complete = False
    cells = row[1]
    many = len(cells) > width
    where = cell_at(row, width) if many else cell_end(row, len(cells) - 1)
    diags.error(out.path, *where, f"this row has {len(cells)} "
                f"cell{'s' if len(cells) != 1 else ''}, the header has {width}",
                hint='quote a cell that contains a comma: "like, this"' if many
                else "leave a cell empty, but keep its comma")


def _cell_errors(out: Measurements, row: Row, date_cell: tuple[int, date | None],
                 value_cell: tuple[int, float | None], diags: Diagnostics) -> None:
    """A date or value that does not read: (column index, what it read as) of each."""
    out.complete = False
    (d_at, when), (v_at, value) = date_cell, value_cell
    if when is None:
        diags.error(out.path, *cell_at(row, d_at), _date_problem(row[1][d_at]),
                    hint="dates are YYYY-MM-DD: the end of the period the value "
                         "covers")
    if value is None:
        diags.error(out.path, *cell_at(row, v_at), _value_problem(row[1][v_at]),
                    hint="a plain number, percent as 0-100 (41.5 or 41.5%); "
                         "leave the period out if there is no value")


def _order_error(out: Measurements, row: Row, d_at: int, when: date,
                 previous: tuple[date, int], segment: str | None, diags: Diagnostics) -> None:
    out.complete = False
    where = f" of segment '{segment}'" if segment else ""
    diags.error(out.path, *cell_at(row, d_at),
                f"date {when.isoformat()} is not after {previous[0].isoformat()} "
                f"(line {previous[1]}){where}: dates must increase",
                hint="sort the rows by date; one row per period and segment")


def _value_problem(text: str) -> str:
    return number_problem(text) if text.strip() else "the value is empty"


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
