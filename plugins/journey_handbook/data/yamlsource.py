"""Read one YAML file into plain data without losing what the author wrote.

PyYAML's constructors silently change text (`no` -> False, `2024-01-01` -> a date),
keep the last of duplicate keys and, outside safe loading, build Python objects.
So we only *compose* (safe, C-accelerated), then walk the node graph ourselves:
every scalar stays the exact text of the file (YAML nulls become None), every
node's line and column are kept by path, and anything suspicious is a diagnostic.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import lines as editor
from .diagnostics import Diagnostics

try:  # the C composer is ~10x faster; fall back where libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

MAX_NODES = 200_000  # aliases can expand a small file into billions of nodes
MAX_DEPTH = 64
MAX_BYTES = 5_000_000  # per file: the largest sample map is 16 kB
# Aliases can also repeat a long string: 100,000 copies of a 3 KB anchor are 300 MB for the
# privacy scan and every page. The values of a file, aliases expanded, may hold as much text
# as the largest file may: without aliases a file never comes near it.
MAX_TEXT = MAX_BYTES
_ALIAS_HINT = ("YAML aliases (*name) that repeat large anchors can do this; write the data "
               "out instead")

_STD = "tag:yaml.org,2002:"
# what YAML 1.1 resolves plain scalars to (`=` is "value", `<<` is "merge"): all are text here
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp",
                                   "value", "merge")}
_NULL = _STD + "null"
_MERGE = _STD + "merge"
_TAG_HINT = "journey files hold plain text, lists and mappings; remove the tag"


@dataclass
class SourceFile:
    """A parsed file: its data and where each value (and each mapping key) stands."""

    path: str  # as shown to the user, relative to the working directory when possible
    data: object = None
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    rejected: set[Path_] = field(default_factory=set)  # values already reported (e.g. tags)
    text: str = ""  # the decoded file, for positions inside scalars and comments (privacy)

    def mark(self, path: Path_) -> tuple[int, int]:
        """The closest known position for a path (1-based line, column)."""
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def key_mark(self, path: Path_) -> tuple[int, int]:
        return self.key_marks.get(path) or self.mark(path)

    def to_json(self) -> dict:
        """Plain JSON (a file's data is text, lists and mappings); paths become lists."""
        return {"path": self.path, "data": self.data, "text": self.text,
                "marks": [[list(k), *v] for k, v in self.marks.items()],
                "key_marks": [[list(k), *v] for k, v in self.key_marks.items()],
                "rejected": [list(k) for k in self.rejected]}

    @classmethod
    def from_json(cls, value: dict) -> SourceFile:
        return cls(value["path"], value["data"],
                   {tuple(k): (line, col) for k, line, col in value["marks"]},
                   {tuple(k): (line, col) for k, line, col in value["key_marks"]},
                   {tuple(k) for k in value["rejected"]}, value["text"])


class _Budget(Exception):
    def __init__(self, message: str, node: yaml.Node, hint: str = ""):
        super().__init__(message)
        self.node, self.hint = node, hint


def _short(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


class _Positions:
    """1-based (line, column) of a YAML mark as an editor shows it (data/lines.py): YAML
    also breaks lines at NEL and U+2028, so where the text has those, the mark's character
    offset is used instead of its line."""

    def __init__(self, text: str):
        self.lines = None if editor.yaml_agrees(text) else editor.Lines(text)

    def __call__(self, node: yaml.Node) -> tuple[int, int]:
        return self.mark(node.start_mark)

    def mark(self, mark) -> tuple[int, int]:
        if self.lines is None:
            return mark.line + 1, mark.column + 1
        return self.lines.position(mark.index)


class _Walker:
    def __init__(self, source: SourceFile, diags: Diagnostics):
        self.source, self.diags = source, diags
        self.count = 0
        self.chars = 0  # characters of scalar text, aliases expanded
        self.stack: set[int] = set()
        self.pos = _Positions(source.text)

    def error(self, node: yaml.Node, path: Path_, message: str, hint: str = "") -> None:
        line, col = self.pos(node)
        self.diags.error(self.source.path, line, col, message,
                         path=format_path(path), hint=hint)

    def bad_tag(self, node: yaml.Node, path: Path_) -> None:
        """Report a tag; the value becomes None, which validation must not report again."""
        self.source.rejected.add(path)
        self.error(node, path, f"YAML tag {_short(node.tag)} is not allowed", _TAG_HINT)

    def walk(self, node: yaml.Node, path: Path_) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Budget(f"file expands to more than {MAX_NODES:,} values", node, _ALIAS_HINT)
        if len(path) > MAX_DEPTH:
            raise _Budget(f"data is nested more than {MAX_DEPTH} levels deep", node)
        self.source.marks[path] = self.pos(node)
        if isinstance(node, yaml.ScalarNode):
            self.chars += len(node.value)
            if self.chars > MAX_TEXT:
                raise _Budget(f"file expands to more than {MAX_TEXT:,} characters of text "
                              "(this value is repeated by an alias)", node, _ALIAS_HINT)
            if node.tag not in _SCALAR_TAGS:
                self.bad_tag(node, path)
                return None
            if node.tag == _NULL and not node.style:  # plain, not quoted
                return None
            return node.value
        if id(node) in self.stack:
            raise _Budget("a YAML alias refers to the mapping or list that contains it", node)
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _STD + "seq":
                    self.bad_tag(node, path)
                    return None
                return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
            if node.tag != _STD + "map":
                self.bad_tag(node, path)
                return None
            return self.mapping(node, path)
        finally:
            self.stack.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Path_, skip: Iterable[str] = ()) -> dict:
        """The mapping's data; keys in `skip` (given explicitly, when merging) are left out."""
        out: dict[str, object] = {}
        merged: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) \
                    else [value_node]
                merged.extend(s for s in sources if isinstance(s, yaml.MappingNode))
                for bad in (s for s in sources if not isinstance(s, yaml.MappingNode)):
                    self.error(bad, path, "'<<' merges mappings into this one; this is not "
                               "a mapping", "write `<<: *name` where `&name` marks a mapping")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "a mapping key must be plain text",
                           "keys such as [a, b] or {a: b} are not field names")
                continue
            key = key_node.value
            if key in skip:
                continue
            if key in out:
                first = self.source.key_marks[(*path, key)]
                self.error(key_node, (*path, key),
                           f"duplicate key {key!r} (first given at line {first[0]})",
                           "YAML keeps only the last one; merge the two entries")
                continue
            self.source.key_marks[(*path, key)] = self.pos(key_node)
            out[key] = self.walk(value_node, (*path, key))
        for extra in merged:  # `<<: *defaults` fills in keys not given explicitly
            if id(extra) in self.stack:  # `<<: *self`: merging a mapping into itself
                raise _Budget("a YAML alias refers to the mapping or list that contains it",
                              extra)
            self.stack.add(id(extra))
            try:
                out.update(self.mapping(extra, path, skip=out.keys()))
            finally:
                self.stack.discard(id(extra))
        return out


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_BYTE_BREAK = re.compile(rb"\r\n|\r|\n")


def _offset_to_line_col(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column of a byte offset, lines ended as editors end them (data/lines.py)."""
    line, start = 1, 0
    for m in _BYTE_BREAK.finditer(raw, 0, offset):
        line, start = line + 1, m.end()
    return line, offset - start + 1


_SPECIAL = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
            (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
            (stat.S_ISSOCK, "a socket")]


def kind_of(mode: int) -> str:
    """What a file system entry is, in words: 'a file', 'a folder', 'a named pipe', ..."""
    if stat.S_ISREG(mode):
        return "a file"
    return next((name for test, name in _SPECIAL if test(mode)), "a special file")


def refuse(file: Path, limit: int = MAX_BYTES) -> tuple[str, str] | None:
    """(message, hint) when a data file must not be read: not a regular file, or too large.

    A named pipe would block the read forever, a link to /dev/zero never ends and a huge file
    is read whole; none of them is a journey file. Raises OSError when even its kind cannot
    be known (a broken link, a link loop, no permission).
    """
    info = file.stat()  # through links: what would be read
    if not stat.S_ISREG(info.st_mode):
        what = kind_of(info.st_mode)
        linked = " (through a symbolic link)" if file.is_symlink() else ""
        return (f"this is {what}{linked}, not a regular file",
                "data files must be plain files; replace it with the file itself, or rename "
                "it so that its name does not end in .yml or .yaml")
    if info.st_size > limit:
        return (f"the file is too large: {info.st_size:,} bytes, more than the "
                f"{limit // 1_000_000} MB a data file may have",
                "a journey file is a few kilobytes; split the data into more files, or check "
                "that this is the file you meant to put here")
    return None


def _error_position(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int]:
    """Where a syntax error is, as a line and column that exist in the file.

    At the end of a truncated file PyYAML's problem mark is the end of the stream: the line
    after the last one (`:11:1` for a ten-line file), where no editor can go. The context mark
    is the start of what is left unfinished (the quote, bracket or block that never closes),
    which is what the author has to look at; failing that, the end of the last line.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return 1, 1
    lines = editor.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the line after a final line end is not one an editor can go to
    where = editor.Lines(text)
    for candidate in (mark, exc.context_mark):
        if candidate is not None:
            line, col = where.position(candidate.index)
            if line <= len(lines):
                return line, col
    # a flow collection cut short has both marks at the end: find its opening bracket
    if "flow" in f"{exc.context} {exc.problem}" and (opened := _unclosed_bracket(text)):
        return opened
    return len(lines), len(lines[-1]) + 1


def _unclosed_bracket(text: str) -> tuple[int, int] | None:
    """Line and column of the innermost `[` or `{` that is never closed (quotes and comments
    skipped); a rough scan, used only to place an error that PyYAML places past the end."""
    opened: list[tuple[int, int]] = []
    quote, line, col, prev = "", 1, 0, "\n"
    escaped = False
    for char in text:
        col += 1
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char == "#" and prev in " \t\n":
            quote = "\n"  # a comment runs to the end of the line
        elif char in "'\"" and prev in " \t\n[{,":
            quote = char
        elif char in "[{" and prev in " \t\n[{,:":
            opened.append((line, col))
        elif char in "]}" and opened:
            opened.pop()
        if char == "\n":
            line, col = line + 1, 0
            if quote == "\n":
                quote = ""
        prev = char
    return opened[-1] if opened else None


def decode_text(raw: bytes, shown: str, diags: Diagnostics, kind: str, hint: str
                ) -> str | None:
    """A data file's bytes as text; a binary or non-UTF-8 file is a located error (None)."""
    if b"\x00" in raw:
        line, col = _offset_to_line_col(raw, raw.index(b"\x00"))
        diags.error(shown, line, col, f"this is a binary file, not {kind} text",
                    hint=f"data files are UTF-8 text; {hint}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _offset_to_line_col(raw, exc.start)
        diags.error(shown, line, col, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    hint=hint)
        return None


def read_yaml(file: Path, shown: str, diags: Diagnostics, raw: bytes | None = None
              ) -> SourceFile | None:
    """Parse a file (or `raw`, its bytes already read by a caller that checked the file with
    `refuse`); on any problem add diagnostics and return None.

    Raises OSError when the file cannot be read at all (a usage error, not a data error).
    """
    if raw is None:
        if (refused := refuse(file)) is not None:
            diags.error(shown, 1, 1, refused[0], hint=refused[1])
            return None
        raw = file.read_bytes()
    source = SourceFile(shown)
    text = decode_text(raw, shown, diags, "YAML", "save the file as UTF-8")
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line, col = _error_position(exc, text)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        hint = ""
        if "\t" in text:
            hint = "YAML indentation uses spaces; replace the tab characters"
        diags.error(shown, line, col, f"invalid YAML: {problem}", hint=hint)
        return None
    except yaml.YAMLError as exc:
        diags.error(shown, 1, 1, f"invalid YAML: {exc}")
        return None
    if node is None:
        diags.error(shown, 1, 1, "the file is empty", hint="add the data, or delete the file")
        return None
    source.text = text
    walker = _Walker(source, diags)
    try:
        source.data = walker.walk(node, ())
    except _Budget as exc:
        line, col = walker.pos(exc.node)
        diags.error(shown, line, col, str(exc), hint=exc.hint)
        return None
    return source
