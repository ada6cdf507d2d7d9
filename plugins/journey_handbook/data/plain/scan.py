"""Plain language over a loaded handbook: one reading grade per persona and phase, and every
listed term, at its exact place in the file (spec "Plain language").

Graded text is what a persona of a graded audience (`plain_language.grade`) reads: its
`messaging.<phase>.key_messages`, and `content.message` and `content.cta` of every step it
acts in. Terms are looked for in that same text. A grade over target is reported at the
first line of the persona's text for the phase; a term at the line and column of the word
(found as the privacy guard finds personal data: counting non-blank characters of the value
and of the file, so quoted, folded and block scalars place exactly).

A trailing comment `# plain-language: ok - <reason>` accepts the line it ends: the terms of
the value that ends there, and the grade reported there (for a `|` or `>` block: the comment
goes after the indicator). Without a reason it accepts nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Diagnostics, Severity
from ..document import Document
from ..model import Handbook, Persona, Phase, Step
from ..privacy_scan import _place, _scalar_at, _Text  # the same placement, one implementation
from ..yamlsource import Path_, SourceFile, format_path
from . import grade as grading
from .terms import BUILTIN_SOURCES, HOUSE, Term, TermHit, TermMatcher, builtin_terms, house_terms

MODES = ("off", "warn", "error")
MARKER = re.compile(r"(?:^|(?<=\s))#\s*plain-language\s*:\s*ok\b"
                    r"(?P<rest>[^\r\n\x85\u2028\u2029]*)", re.IGNORECASE)
MARKER_HINT = ("write `# plain-language: ok - <reason>`, e.g. "
               "`# plain-language: ok - the form's legal title`")
LABELS = {"key_messages": "key message", "message": "message", "cta": "call to action"}


@dataclass(eq=False, slots=True)
class Piece:
    """One graded value: a key message, or a step's content message or call to action.

    A report keeps only the pieces it points at (flags, a cell's first and hardest piece):
    tens of thousands of live objects would double the garbage collection that follows
    a large load (measured: +0.5 s after 1,000 journeys)."""

    source: SourceFile
    path: Path_
    text: str
    step: Step | None = None

    @property
    def label(self) -> str:
        return LABELS[next(p for p in reversed(self.path) if isinstance(p, str))]

    @property
    def where(self) -> tuple[int, int]:
        return self.source.marks.get(self.path, (1, 1))


@dataclass(eq=False)
class Flag:
    """A listed term in a graded value, where it is written."""

    piece: Piece
    hit: TermHit
    line: int
    column: int
    accepted: str | None = None  # the reason, when a marker accepts it
    cell: tuple[str, str] = ("", "")  # (persona id, phase id) of the text it is in

    @property
    def term(self) -> Term:
        return self.hit.term


@dataclass(eq=False)
class Cell:
    """All the graded text of one persona in one phase, and its grade against target."""

    persona: Persona
    phase: Phase
    target: float
    pieces: list[Piece] = field(default_factory=list)  # emptied once graded (see Piece)
    texts: list[str] = field(default_factory=list)
    first: Piece | None = None  # where a grade over target is reported
    hardest_piece: Piece | None = None
    grade: float | None = None
    hardest: grading.Hardest | None = None
    accepted: str | None = None

    @property
    def over(self) -> bool:
        return self.grade is not None and self.grade > self.target

    @property
    def key(self) -> tuple[str, str]:
        return self.persona.id, self.phase.id


@dataclass(frozen=True)
class PlainAccepted:
    """A plain-language finding that its file accepts, with the reason given."""

    file: str
    line: int
    column: int
    what: str
    reason: str
    path: str = ""
    # what is accepted, without its place or figures: `term:<word>` or
    # `grade:<persona-id>:<phase-id>` (journeys diff matches exceptions by it)
    key: str = ""

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column,
                "what": self.what, "reason": self.reason, "path": self.path}


@dataclass
class PlainReport:
    """What writers need: grades per persona and phase, flagged terms, accepted findings."""

    targets: dict[str, float]
    cells: list[Cell] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    accepted: list[PlainAccepted] = field(default_factory=list)

    def cell(self, persona_id: str, phase_id: str) -> Cell | None:
        return next((c for c in self.cells if c.key == (persona_id, phase_id)), None)

    def flags_of(self, cell: Cell) -> list[Flag]:
        return [f for f in self.flags if f.cell == cell.key]

    def grades(self) -> dict[tuple[str, str], float]:
        return {c.key: c.grade for c in self.cells if c.grade is not None}


def source_name(term: Term) -> str:
    return "this handbook's terms" if term.source == HOUSE else \
        BUILTIN_SOURCES.get(term.source, term.source)


# --- which text is graded ---------------------------------------------------------------------

def collect(handbook: Handbook, sources: dict[tuple[str, str], SourceFile],
            targets: dict[str, float]) -> list[Cell]:
    """The cells of every persona of a graded audience, key messages first, then the steps."""
    cells: dict[tuple[str, str], Cell] = {}

    def cell(persona: Persona, phase: Phase) -> Cell:
        key = (persona.id, phase.id)
        if key not in cells:
            cells[key] = Cell(persona, phase, targets[persona.audience])
        return cells[key]

    for persona in handbook.personas.values():
        source = sources.get(("persona", persona.id))
        if persona.audience not in targets or source is None:
            continue
        for phase_id, messaging in persona.messaging.items():
            phase = handbook.phases.get(phase_id)
            if phase is None or messaging is None:
                continue
            for i, text in enumerate(messaging.key_messages):
                path = ("messaging", phase_id, "key_messages", i)
                cell(persona, phase).pieces.append(Piece(source, path, text))
    for journey in handbook.journeys.values():
        source = sources.get(("journey", journey.id))
        for step in journey.steps:
            actor = step.actor
            if not isinstance(actor, Persona) or actor.audience not in targets or \
                    step.content is None or source is None:
                continue
            for name in ("message", "cta"):
                text = getattr(step.content, name)
                if text:
                    path = ("steps", step.index, "content", name)
                    cell(actor, step.phase).pieces.append(Piece(source, path, text, step))
    return sorted(cells.values(), key=lambda c: (c.phase.index, c.persona.name.lower()))


# --- the scan -------------------------------------------------------------------------------

class PlainScan:
    """Grades and term flags of one load; findings go to `diags` by the mode."""

    def __init__(self, diags: Diagnostics, mode: str = "warn"):
        if mode not in MODES:
            raise ValueError(f"plain-language mode must be one of {', '.join(MODES)}, "
                             f"not {mode!r}")
        self.diags, self.mode = diags, mode
        self._texts: dict[str, _Text] = {}
        self._used: dict[str, set[int]] = {}

    def run(self, handbook: Handbook, documents: list[Document]) -> PlainReport | None:
        if self.mode == "off":
            return None
        config = handbook.spec.plain_language
        targets = {a: float(g) for a, g in config.grade.items()}
        report = PlainReport(targets)
        sources = {(d.kind, d.id): d.source for d in documents
                   if d.kind in ("persona", "journey") and d.id}
        self._targetless_terms(handbook, documents, config.terms, targets)
        terms = [*(builtin_terms() if config.builtin else ()), *house_terms(config.terms)]
        matcher = TermMatcher(terms)
        report.cells = collect(handbook, sources, targets)
        for cell in report.cells:
            texts = cell.texts = [p.text for p in cell.pieces]
            cell.first = cell.pieces[0]
            cell.grade = grading.grade(texts)
            if matcher:
                for piece in cell.pieces:
                    for flag in self._flags(piece, matcher.find(piece.text), report):
                        flag.cell = cell.key
                        report.flags.append(flag)
            if cell.over:
                cell.hardest = grading.hardest(texts)
                if cell.hardest is not None:
                    cell.hardest_piece = cell.pieces[cell.hardest.piece]
                self._grade(cell, report)
            cell.pieces = []
        for doc in documents:
            if doc.kind in ("persona", "journey") and "plain-language" in doc.source.text:
                self._check_markers(doc.source)
        return report

    # -- positions and markers ----------------------------------------------------------------

    def _lines(self, source: SourceFile) -> _Text:
        if source.path not in self._texts:
            self._texts[source.path] = _Text(source.text)
        return self._texts[source.path]

    def _placed(self, piece: Piece, spans: list[TermHit]) -> list[tuple[tuple[int, int],
                                                                         str | None]]:
        """Each span's (line, column) in the file and the reason of the marker that ends its
        value's line (None without an accepting marker)."""
        text, lines = piece.source.text, self._lines(piece.source)
        scalar = _scalar_at(text, lines.offset(*piece.where))
        out = []
        for placed in _place(text, scalar, piece.text, spans):
            reason = self._marker(piece.source, placed.value_end)
            if reason is None and scalar.header >= 0:
                reason = self._marker(piece.source, scalar.header)
            out.append((lines.position(placed.start), reason))
        return out

    def _marker(self, source: SourceFile, offset: int) -> str | None:
        lines = self._lines(source)
        m = MARKER.search(source.text, offset, lines.line_end(offset))
        if m is None:
            return None
        reason = _reason(m.group("rest"))
        if reason:
            self._used.setdefault(source.path, set()).add(m.start())
        return reason

    def _check_markers(self, source: SourceFile) -> None:
        used = self._used.get(source.path, set())
        lines = self._lines(source)
        for m in MARKER.finditer(source.text):
            line, column = lines.position(m.start())
            if _reason(m.group("rest")) is None:
                self._report(source.path, line, column,
                             "a plain-language exception needs a reason after 'ok -'",
                             "", MARKER_HINT)
            elif m.start() not in used:
                self.diags.warning(source.path, line, column,
                                   "this plain-language exception accepts nothing",
                                   hint="no term or grade over target is reported on this "
                                        "line; remove the comment (inside a `|` or `>` block "
                                        "it is text: put it after the `|` or `>`)")

    # -- findings -------------------------------------------------------------------------------

    def _report(self, file: str, line: int, column: int, message: str, path: str,
                hint: str) -> None:
        severity = Severity.ERROR if self.mode == "error" else Severity.WARNING
        self.diags.add(Diagnostic(file, line, column, message, path, hint, severity))

    def _flags(self, piece: Piece, hits: list[TermHit], report: PlainReport) -> list[Flag]:
        if not hits:
            return []
        out = []
        for hit, ((line, column), reason) in zip(hits, self._placed(piece, hits), strict=True):
            flag = Flag(piece, hit, line, column, reason)
            out.append(flag)
            path = format_path(piece.path)
            if reason:
                report.accepted.append(PlainAccepted(piece.source.path, line, column,
                                                     f"term '{hit.text}'", reason, path,
                                                     f"term:{hit.text.lower()}"))
                continue
            term = hit.term
            said = f"'{hit.text}' is on this handbook's list of terms to avoid" \
                if term.plainer is None else f"'{hit.text}': say '{term.plainer}'"
            self._report(piece.source.path, line, column, f"plain language: {said}", path,
                         f"from {source_name(term)}; reword, or if the word is right here "
                         "end the line with `# plain-language: ok - <reason>`")
        return out

    def _grade(self, cell: Cell, report: PlainReport) -> None:
        first = cell.first
        dummy = TermHit(0, 1, "", Term(("",), None, HOUSE))
        _, reason = self._placed(first, [dummy])[0]
        line, column = first.where
        path = format_path(first.path)
        what = f"reading grade {cell.grade:g} over target {cell.target:g}"
        if reason:
            cell.accepted = reason
            report.accepted.append(PlainAccepted(first.source.path, line, column,
                                                 f"{what} ({cell.persona.name}, "
                                                 f"{cell.phase.name})", reason, path,
                                                 "grade:{}:{}".format(*cell.key)))
            return
        hardest = cell.hardest
        said = f'; hardest sentence: "{hardest.sentence}"' if hardest else ""
        where = ""
        if hardest and cell.hardest_piece is not None:
            piece = cell.hardest_piece
            where = f" (the hardest sentence is at {piece.source.path}:{piece.where[0]})"
        self._report(first.source.path, line, column,
                     f"plain language: {what} for {cell.persona.audience} text of "
                     f"{cell.persona.name} in {cell.phase.name}{said}", path,
                     "use shorter sentences and everyday words" + where + "; if this "
                     "reading level is right, end this line with "
                     "`# plain-language: ok - <reason>`")

    def _targetless_terms(self, handbook: Handbook, documents: list[Document],
                          terms: dict, targets: dict) -> None:
        if not terms or targets:
            return
        doc = next((d for d in documents if d.kind == "handbook"), None)
        if doc is None:
            return
        line, column = doc.source.mark(("plain_language", "terms"))
        self.diags.warning(doc.source.path, line, column,
                           "plain_language.terms has no effect: no audience has a grade "
                           "target, and terms are looked for in graded text",
                           path="plain_language.terms",
                           hint="add `grade:` targets, e.g. `grade: {patient: 8, caregiver: 8}`")


def _reason(rest: str) -> str | None:
    return rest.strip().lstrip("-–—:").strip() or None


def scan(handbook: Handbook, documents: list[Document], diags: Diagnostics,
         mode: str = "warn") -> PlainReport | None:
    """The plain-language report of a handbook (None when the mode is off)."""
    return PlainScan(diags, mode).run(handbook, documents)
