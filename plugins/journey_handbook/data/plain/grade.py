"""A text's reading grade: the Flesch-Kincaid grade level, as computed by textstat.

Flesch-Kincaid gives a US school grade from sentence length and syllables per word:
0.39 * words/sentences + 11.8 * syllables/words - 15.59. textstat (pinned to 0.7.8, see
pyproject.toml) counts syllables with the CMU Pronouncing Dictionary and hyphenates words it
does not know; both ship inside their packages, so grading never touches the network.

One short line grades noisily (one long word moves it by several grades), so a grade is
given for all the text one persona reads in one phase together; each piece of it counts as
at least one sentence, as a reader takes a key message or a button label as one.
benchmarks/plain_language_corpus.py checks the grades against an independent implementation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# textstat loads the pronouncing dictionary on the first grade (half a second), not on import:
# a handbook with no grade target never pays for it
import textstat

_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")  # how textstat splits sentences
_END = (".", "!", "?")


@dataclass(frozen=True)
class Hardest:
    """The hardest sentence of a set of pieces: which piece, the sentence and its grade."""

    piece: int
    sentence: str
    grade: float


def as_sentences(pieces: list[str]) -> str:
    """Pieces joined as running text, each ending as a sentence."""
    out = []
    for piece in pieces:
        piece = " ".join(piece.split())
        if piece:
            out.append(piece if piece.endswith(_END) else piece + ".")
    return " ".join(out)


def grade(pieces: list[str]) -> float | None:
    """The reading grade of the pieces together; None when they hold no words."""
    text = as_sentences(pieces)
    if not re.search(r"\w", text):
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)


def sentences(piece: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(" ".join(piece.split())) if s.strip()]


def hardest(pieces: list[str]) -> Hardest | None:
    """The sentence with the highest grade; on a tie, the longer one."""
    best: tuple[float, int] | None = None
    found = None
    for n, piece in enumerate(pieces):
        for sentence in sentences(piece):
            if not re.search(r"\w", sentence):
                continue
            g = textstat.flesch_kincaid_grade(sentence)
            key = (g, len(sentence))
            if best is None or key > best:
                best, found = key, Hardest(n, sentence, round(g, 1))
    return found
