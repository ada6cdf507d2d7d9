"""The privacy guard over data files: which values are free text, and where a finding stands.

Which values are free text comes from the file's model (schema.py): a `str` field is free text
unless it is constrained to a pattern (ids, step refs, team handles) or is a URL field
(`link`); enums, dates, numbers and booleans never are, and the keys of a mapping are ids.
So a field added to the schema is scanned as soon as it is a plain text field. Values under
an unknown key (already an error) are scanned too: the file is in git either way.

A finding is placed at the exact line and column of the matched text inside the scalar, for
plain, quoted and block scalars: the value PyYAML gives back lost its quotes, escapes,
folding and indentation, but its non-blank characters appear in the file in the same order,
so counting them maps a position in the value to a position in the file.

A finding is accepted by a comment `# privacy: ok - <reason>` after the value on the line
where the value ends (for a `|` or `>` block: after the indicator on its first line).
"""

from __future__ import annotations

import bisect
import functools
import re
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, RootModel

from . import lines as editor
from .diagnostics import Diagnostic, Diagnostics, Severity
from .privacy import Finding, candidates, find
from .yamlsource import Path_, SourceFile, format_path

MODES = ("off", "warn", "error")

# Fields that hold a URL or a repository path, by model: not prose.
NOT_FREE_TEXT = {"link"}

MARKER_HINT = "write `# privacy: ok - <reason>`, e.g. `# privacy: ok - public support line`"


@dataclass(frozen=True)
class Accepted:
    """A finding that its file accepts, with the reason given."""

    file: str
    line: int
    column: int
    kind: str
    label: str
    text: str
    reason: str
    path: str = ""

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column,
                "kind": self.kind, "text": self.text, "reason": self.reason, "path": self.path}


# --- free text, from the models -------------------------------------------------------------

TEXT = "text"


@dataclass(frozen=True)
class _Either:
    """A field written either as text or as a mapping (`barriers`, `touchpoint`)."""

    text: Any
    obj: Any


class _List(tuple):
    pass


class _Map(tuple):
    pass


def _shape(annotation: Any) -> Any:
    """TEXT, None (not free text), a dict of field shapes, _List, _Map or _Either."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_shape(annotation)
    return _compute(annotation)


@functools.cache
def _model_shape(model: type[BaseModel]) -> Any:
    """Computed once per model: every file of a kind has the same shape."""
    if issubclass(model, RootModel):
        return _shape(model.model_fields["root"].annotation)
    fields = {}
    for name, info in model.model_fields.items():
        if name in NOT_FREE_TEXT:
            fields[name] = None
            continue
        ann = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[name] = _shape(ann)
    return fields


def _compute(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        if any(getattr(m, "pattern", None) for m in meta):
            return None
        return _shape(base)
    if annotation is str:
        return TEXT
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        texts = [a for a in args if _is_str(a)]
        text = TEXT if any(_shape(a) == TEXT for a in texts) else None
        other = next((s for a in args if a not in texts and (s := _shape(a)) is not None), None)
        if other is None:
            return text
        # text where the mapping may also be written as text (an id, or free text)
        return _Either(text, other) if texts else other
    if origin is list:
        item = _shape(get_args(annotation)[0])
        return None if item is None else _List((item,))
    if origin is dict:
        value = _shape(get_args(annotation)[1])
        return None if value is None else _Map((value,))
    return None  # enums (Literal), numbers, dates, booleans


def _is_str(annotation: Any) -> bool:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation is str or get_origin(annotation) is Literal


def free_text(model: type[BaseModel], data: object) -> list[tuple[Path_, str]]:
    """(path, value) of every free-text value in a file's data, in file order."""
    out: list[tuple[Path_, str]] = []
    _walk(_shape(model), data, (), out)
    return out


def free_text_values(model: type[BaseModel], data: object) -> list[str]:
    """The values of `free_text`, without their paths: the fast first pass over every file."""
    out: list[str] = []
    _values(_shape(model), data, out)
    return out


def _values(shape: Any, data: object, out: list[str]) -> None:
    """`_walk` without paths (building them is most of its cost)."""
    if type(shape) is _Either:
        shape = shape.text if isinstance(data, str) else shape.obj
    if shape is None:
        return
    if type(data) is str:
        out.append(data)
    elif type(data) is dict:
        if type(shape) is dict:
            get = shape.get
            for key, value in data.items():
                sub = get(key, TEXT)
                if sub is TEXT and type(value) is str:
                    out.append(value)
                elif sub is not None and value is not None:
                    _values(sub, value, out)
        else:
            sub = shape[0] if type(shape) is _Map else TEXT if shape is TEXT else None
            for value in data.values():
                _values(sub, value, out)
    elif type(data) is list:
        sub = shape[0] if type(shape) is _List else shape
        if sub is TEXT:
            out.extend(v for v in data if type(v) is str)
            for value in data:
                if type(value) is not str:
                    _values(sub, value, out)
        else:
            for value in data:
                _values(sub, value, out)


def _walk(shape: Any, data: object, path: Path_, out: list) -> None:
    if shape is None:
        return
    if type(shape) is _Either:
        shape = shape.text if isinstance(data, str) else shape.obj
        if shape is None:
            return
    if isinstance(data, str):  # free text, or text where a mapping or list belongs
        out.append((path, data))
    elif isinstance(data, dict):
        if type(shape) is dict:
            for key, value in data.items():
                sub = shape.get(key, TEXT)  # unknown keys: scan everything under them
                if sub is TEXT and type(value) is str:
                    out.append(((*path, key), value))
                elif sub is not None and value is not None:
                    _walk(sub, value, (*path, key), out)
        elif type(shape) is _Map or shape is TEXT:
            sub = shape[0] if type(shape) is _Map else TEXT
            for key, value in data.items():
                _walk(sub, value, (*path, key), out)
    elif isinstance(data, list):
        sub = shape[0] if type(shape) is _List else shape
        for i, value in enumerate(data):
            if sub is TEXT and type(value) is str:
                out.append(((*path, i), value))
            else:
                _walk(sub, value, (*path, i), out)


def _once(values: list[str]) -> list[str]:
    """Each value object once: an alias repeats the very same string object, and screening
    it once per repetition is how a small file with aliases took minutes."""
    seen: set[int] = set()
    return [v for v in values if id(v) not in seen and not seen.add(id(v))]


def _hits(source: SourceFile, values: list[tuple[Path_, str]]) -> list:
    """(path, value, findings) of the values with findings; a value that aliases repeat is
    scanned (and reported) once, at its first path, since every copy stands at the same
    place in the file."""
    out = []
    seen: set[tuple[int, int]] = set()
    for path, value in values:
        mark = source.marks.get(path)
        if mark is not None:
            if mark in seen:
                continue
            seen.add(mark)
        if found := find(value):
            out.append((path, value, found))
    return out


# --- positions inside a scalar ----------------------------------------------------------------

# Lines end as editors end them (data/lines.py), like the marks of yamlsource: not at NEL or
# U+2028, which PyYAML would count.
_BREAK = editor.BREAK
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}


class _Text:
    """A file's text with its line starts, to turn offsets into (line, column)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1 if line <= len(self.starts) else len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_end(self, offset: int) -> int:
        m = _BREAK.search(self.text, offset)
        return m.start() if m else len(self.text)


@dataclass
class _Scalar:
    style: str  # "plain", "'", '"', "|" (block, either kind), or "csv" (a quoted CSV cell)
    content: int  # offset of the first character of the content
    header: int = -1  # block scalars: offset just after the indicator


def _scalar_at(text: str, start: int) -> _Scalar:
    i = start
    if text.startswith("&", i):  # an anchor before the value
        while i < len(text) and not text[i].isspace():
            i += 1
        while i < len(text) and text[i] in " \t":
            i += 1
    ch = text[i:i + 1]
    if ch in ("'", '"'):
        return _Scalar(ch, i + 1)
    if ch in ("|", ">"):
        m = _BREAK.search(text, i)
        end = m.end() if m else len(text)
        header = i + 1
        while header < len(text) and text[header] in "+-0123456789":
            header += 1
        return _Scalar("|", end, header)
    return _Scalar("plain", i)


def _content_chars(text: str, scalar: _Scalar):
    """(offset, end offset, character) for each non-blank character the scalar's value holds."""
    i, n = scalar.content, len(text)
    style = scalar.style
    while i < n:
        ch = text[i]
        if style == '"' and ch == "\\" and i + 1 < n:
            code = text[i + 1]
            if code in _HEX:
                width = _HEX[code]
                try:
                    value = chr(int(text[i + 2:i + 2 + width], 16))
                except ValueError:
                    value = "?"
                end = i + 2 + width
            elif code in "\r\n":  # an escaped line break: nothing
                i += 2
                continue
            else:
                value, end = _ESCAPES.get(code, code), i + 2
            if not value.isspace():
                yield i, end, value
            i = end
            continue
        if style in ("'", "csv") and ch == ("'" if style == "'" else '"'):
            if text.startswith(ch, i + 1):  # a doubled quote is one quote
                yield i, i + 2, ch
                i += 2
                continue
            return  # the closing quote
        if style == '"' and ch == '"':
            return
        if not ch.isspace():
            yield i, i + 1, ch
        i += 1


@dataclass
class _Placed:
    start: int  # file offsets of the match
    end: int
    value_end: int  # offset just after the value (and its closing quote)


def _place(text: str, scalar: _Scalar, value: str, findings: list[Finding]) -> list[_Placed]:
    """File offsets of each finding, by counting non-blank characters of value and file."""
    wanted: dict[int, list[tuple[int, str]]] = {}  # non-blank index -> [(finding, start|end)]
    count = 0
    index_of = []  # non-blank index of each value position (of the next non-blank char)
    for ch in value:
        index_of.append(count)
        if not ch.isspace():
            count += 1
    index_of.append(count)
    for n, f in enumerate(findings):
        wanted.setdefault(index_of[f.start], []).append((n, "start"))
        last = max(f.start, f.end - 1)
        wanted.setdefault(index_of[last], []).append((n, "last"))
    starts = [0] * len(findings)
    ends = [0] * len(findings)
    last_end = scalar.content
    for k, (offset, end, _) in enumerate(_content_chars(text, scalar)):
        if k == count:  # past the value: plain and block scalars have no closing mark
            break
        for n, which in wanted.get(k, ()):
            if which == "start":
                starts[n] = offset
            else:
                ends[n] = end
        last_end = end
    if scalar.style in ("'", '"', "csv"):
        quote = {"csv": '"'}.get(scalar.style, scalar.style)
        close = text.find(quote, last_end)
        last_end = close + 1 if close != -1 else last_end
    return [_Placed(starts[n], max(ends[n], starts[n] + 1), last_end)
            for n in range(len(findings))]


# --- accepting a finding -------------------------------------------------------------------------

# Only `# privacy: ok ...` is a marker; any other comment that mentions privacy is a comment.
_MARKER = re.compile(r"(?:^|(?<=\s))#\s*privacy\s*:\s*ok\b(?P<rest>[^\r\n\x85\u2028\u2029]*)",
                     re.IGNORECASE)


def _reason(rest: str) -> str | None:
    """The reason after `ok`, without the dash; None when there is none."""
    return rest.strip().lstrip("-–—:").strip() or None


@dataclass
class _Marker:
    offset: int
    reason: str | None  # None: malformed or without a reason


def _marker_in(text: str, start: int, end: int) -> _Marker | None:
    m = _MARKER.search(text, start, end)
    return _Marker(m.start(), _reason(m.group("rest"))) if m else None


# --- the scan -------------------------------------------------------------------------------

class PrivacyScan:
    """Scans files for one load; findings go to `diags` by the mode, accepted ones to a list."""

    def __init__(self, diags: Diagnostics, mode: str = "error"):
        if mode not in MODES:
            raise ValueError(f"privacy mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.diags, self.mode = diags, mode
        self.accepted: list[Accepted] = []

    @property
    def enabled(self) -> bool:
        return self.mode != "off"

    def _report(self, file: str, line: int, column: int, message: str, hint: str,
                path: str = "", kind: str = "", span: tuple[int, int, int, int] | None = None
                ) -> None:
        severity = Severity.ERROR if self.mode == "error" else Severity.WARNING
        self.diags.add(Diagnostic(file, line, column, message, path, hint, severity,
                                  kind=kind, span=span))

    def _finding(self, file: str, f: Finding, start: tuple[int, int], end: tuple[int, int],
                 path: str, marker: _Marker | None) -> None:
        hint = f"{f.hint}; if it is deliberate, end the line with `# privacy: ok - <reason>`"
        if marker is not None and marker.reason is None:
            hint = f"{f.hint}; the `# privacy: ok` on this line gives no reason, so it " \
                   "accepts nothing"
        self._report(file, *start, f"possible personal data: {f.label}", hint, path, f.kind,
                     (*start, *end))

    def source(self, source: SourceFile, model: type[BaseModel]) -> None:
        """Scan every free-text value of one parsed YAML file."""
        if not self.enabled or source.data is None:
            return
        text = source.text
        hits = []
        if candidates(_once(free_text_values(model, source.data))):
            hits = _hits(source, free_text(model, source.data))
        has_markers = "privacy" in text and _MARKER.search(text) is not None
        if not hits and not has_markers:
            return
        lines = _Text(text)
        used: set[int] = set()
        for path, value, found in hits:
            line, column = source.marks.get(path, (1, 1))
            scalar = _scalar_at(text, lines.offset(line, column))
            for f, placed in zip(found, _place(text, scalar, value, found), strict=True):
                marker = _marker_in(text, placed.value_end, lines.line_end(placed.value_end))
                if marker is None and scalar.header >= 0:
                    marker = _marker_in(text, scalar.header, lines.line_end(scalar.header))
                if marker is not None:
                    used.add(marker.offset)
                start, end = lines.position(placed.start), lines.position(placed.end)
                self._place_finding(source.path, f, start, end, format_path(path), marker)
        if has_markers:
            self._check_markers(source.path, text, lines, used)

    def _place_finding(self, file: str, f: Finding, start: tuple[int, int],
                       end: tuple[int, int], path: str, marker: _Marker | None) -> None:
        if marker is not None and marker.reason:
            self.accepted.append(Accepted(file, *start, f.kind, f.label, f.text, marker.reason,
                                          path))
        else:
            self._finding(file, f, start, end, path, marker)

    def _check_markers(self, file: str, text: str, lines: _Text, used: set[int]) -> None:
        for m in _MARKER.finditer(text):
            line, column = lines.position(m.start())
            if _reason(m.group("rest")) is None:
                self._report(file, line, column,
                             "a privacy exception needs a reason after 'ok -'", MARKER_HINT)
            elif m.start() not in used:
                self.diags.warning(file, line, column,
                                   "this privacy exception accepts nothing",
                                   hint="there is no finding on this line; remove the "
                                        "comment (inside a `|` or `>` block it is text, "
                                        "not a comment: put it after the `|` or `>`)")

    def csv_note(self, note: str, file: str, line: int, column: int,
                 raw: str | None = None) -> str:
        """Scan one CSV `note` cell; returns the note without an accepting marker.

        `line` and `column` (1-based) are where the cell starts in the file; `raw` is the file's
        text from there on (at least to the end of the cell) when the cell may be quoted.
        Without `raw` the cell is taken to be written as it reads. A note that ends with
        `# privacy: ok - <reason>` accepts its findings.
        """
        if not self.enabled:
            return note
        marker_at = _MARKER.search(note)
        kept = note[:marker_at.start()].rstrip() if marker_at else note
        reason = _reason(marker_at.group("rest")) if marker_at else None
        found = find(kept)
        if not found and not marker_at:
            return note
        source = raw if raw is not None else note
        cell = _Text(source)
        scalar = _Scalar("csv", 1) if source.startswith('"') else _Scalar("plain", 0)

        def absolute(offset: int) -> tuple[int, int]:
            row, col = cell.position(offset)
            return line + row - 1, (column + col - 1 if row == 1 else col)

        for f, placed in zip(found, _place(source, scalar, kept, found), strict=True):
            start, end = absolute(placed.start), absolute(placed.end)
            if reason:
                self.accepted.append(Accepted(file, *start, f.kind, f.label, f.text, reason))
            else:
                marker = _Marker(0, None) if marker_at else None
                self._finding(file, f, start, end, "note", marker)
        if marker_at and not reason:
            at = _place(source, scalar, note, [Finding("", marker_at.start(),
                                                       marker_at.end(), "")])[0]
            self._report(file, *absolute(at.start),
                         "a privacy exception needs a reason after 'ok -'", MARKER_HINT)
        return kept if marker_at else note
