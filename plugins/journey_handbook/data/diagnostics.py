"""Errors are data: every problem found in the handbook becomes a Diagnostic."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum

_BYTE_ESCAPES = {ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"}


def printable_path(path: str | os.PathLike) -> str:
    """A path as a user can find and open it, however odd its name.

    Names with a newline, other control characters or bytes that are not UTF-8 (held by
    Python as surrogates) would otherwise be printed as something else, or not at all
    (UnicodeEncodeError). Those are quoted the way `ls` does (GNU shell-escape style), so that
    the printed name can be pasted into a shell: `'maps/a'$'\\n''b.yml'`. Others stay as they are.
    """
    text = os.fspath(path)
    if text.isprintable():
        return text
    out, run, printable = [], "", True
    for char in text + "\0":  # the sentinel flushes the last run
        if char.isprintable() != printable or char == "\0":
            if run:
                out.append("'" + run.replace("'", "'\\''") + "'" if printable
                           else "$'" + run + "'")
            run, printable = "", char.isprintable()
        if char == "\0":
            break
        if printable:
            run += char
        else:
            run += _BYTE_ESCAPES.get(ord(char)) or "".join(
                f"\\{b:03o}" for b in char.encode("utf-8", "surrogateescape"))
    return "".join(out)


def quoted(name: str) -> str:
    """A name in a message, in quotes: `'x'`, or quoted as `printable_path` does."""
    return f"'{name}'" if name.isprintable() else printable_path(name)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. Line and column are 1-based, as editors count."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)
    # privacy findings: the kind of personal data and where the match ends
    # (line, column, end line, end column; the end column is just after the match)
    kind: str = field(default="", compare=False)
    span: tuple[int, int, int, int] | None = field(default=None, compare=False)

    def location(self) -> str:
        return f"{printable_path(self.file)}:{self.line}:{self.column}"

    def text(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        out = f"{self.location()}: {self.severity}: {self.message}{where}"
        if self.hint:
            out += f"\n    hint: {self.hint}"
        return out

    def github(self) -> str:
        # Workflow commands must not contain raw newlines or '%'.
        def esc(s: str) -> str:
            return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        body = self.message + (f" [{self.path}]" if self.path else "")
        if self.hint:
            body += f"\nhint: {self.hint}"

        def esc_prop(s: str) -> str:  # property values also escape ':' and ','
            return esc(s).replace(":", "%3A").replace(",", "%2C")

        props = f"file={esc_prop(printable_path(self.file))},line={self.line},col={self.column}"
        if self.span:
            props += f",endLine={self.span[2]},endColumn={self.span[3]}"
        if self.kind:
            props += f",title={esc_prop('privacy: ' + self.kind)}"
        return f"::{self.severity} {props}::{esc(body)}"

    def as_dict(self) -> dict:
        out = asdict(self) | {"file": printable_path(self.file), "severity": str(self.severity)}
        if not self.kind:
            del out["kind"], out["span"]
        elif self.span:
            out["span"] = dict(zip(("line", "column", "end_line", "end_column"), self.span,
                                   strict=True))
        return out


def encodable(text: str) -> str:
    """The text, with characters UTF-8 cannot hold (undecodable names) as escapes."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:  # a name with bytes that are not UTF-8, held as surrogates
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _printable(d: Diagnostic) -> Diagnostic:
    """A diagnostic whose text can be printed and written as JSON: a message that quotes an
    undecodable file name (`bad\\udcff`) would otherwise raise UnicodeEncodeError there."""
    fixed = {k: encodable(v) for k in ("message", "hint", "path")
             if (v := getattr(d, k)) != encodable(v)}
    return replace(d, **fixed) if fixed else d


class Diagnostics:
    """Collects problems from every stage; nothing stops at the first one."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def add(self, diagnostic: Diagnostic) -> None:
        self._items.append(_printable(diagnostic))

    def error(self, file: str, line: int, column: int, message: str, *,
              path: str = "", hint: str = "") -> None:
        self.add(Diagnostic(file, line, column, message, path, hint))

    def warning(self, file: str, line: int, column: int, message: str, *,
                path: str = "", hint: str = "") -> None:
        self.add(Diagnostic(file, line, column, message, path, hint, Severity.WARNING))

    def extend(self, other: Diagnostics) -> None:
        self._items.extend(other._items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


def render(diagnostics: list[Diagnostic], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([d.as_dict() for d in diagnostics], indent=2)
    if fmt == "github":
        return "\n".join(d.github() for d in diagnostics)
    return "\n".join(d.text() for d in diagnostics)
