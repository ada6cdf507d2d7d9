"""A text's reading grade: the Flesch-Kincaid grade level, counted with textstat.

Flesch-Kincaid gives a US school grade from sentence length and syllables per word:
0.39 * words/sentences + 11.8 * syllables/words - 15.59. textstat (pinned to 0.7.8, see
pyproject.toml) splits the words and counts their syllables with the CMU Pronouncing
Dictionary, hyphenating the words it does not know; both ship inside their packages, so
grading never touches the network.

Two corrections to textstat's own `flesch_kincaid_grade`, both measured on the labelled corpus
(benchmarks/plain_language_corpus.py):
- every sentence counts, however short: textstat drops sentences of one or two words, but a
  reader takes "Book now." or "Hello." as a sentence, and a call to action is often that short;
- a word missing from the dictionary has at least as many syllables as it has vowel groups:
  hyphenation points undercount syllables (no break may leave a short end: "tele-health",
  "phar-ma-co-ther-apy"), and health writing is full of such words.

One short line grades noisily (one long word moves it by several grades), so a grade is
given for all the text one persona reads in one phase together; each piece of it counts as
at least one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# textstat loads the pronouncing dictionary on the first grade (half a second), not on import:
# a handbook with no grade target never pays for it
import textstat

# the word list and dictionary textstat's syllable count uses (stable in the pinned version)
from textstat.backend.selections import list_words
from textstat.backend.utils import get_cmudict

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


def vowel_groups(word: str) -> int:
    """Runs of vowels (y included), a silent final e dropped: a floor for syllables."""
    groups = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


def counts(text: str) -> tuple[int, int, int]:
    """(sentences, words, syllables) of a text."""
    words = list_words(text, lowercase=True)
    sentences = sum(1 for s in _SENTENCE.findall(text) if re.search(r"[^\W_]", s))
    syllables = textstat.syllable_count(text)
    known = get_cmudict("en_US")
    for word in words:
        if word not in known:
            syllables += max(0, vowel_groups(word) - textstat.syllable_count(word))
    return sentences, len(words), syllables


def flesch_kincaid(text: str) -> float:
    sentences, words, syllables = counts(text)
    if not words or not sentences:
        return 0.0
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def grade(pieces: list[str]) -> float | None:
    """The reading grade of the pieces together; None when they hold no words."""
    text = as_sentences(pieces)
    if not re.search(r"[^\W_]", text):
        return None
    return round(flesch_kincaid(text), 1)


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
            g = flesch_kincaid(sentence)
            key = (g, len(sentence))
            if best is None or key > best:
                best, found = key, Hardest(n, sentence, round(g, 1))
    return found
