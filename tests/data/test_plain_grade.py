"""The reading grade counts syllables as textstat 0.7.8 does, without its half-second
dictionary build; and its two deliberate departures (short sentences, unknown words)."""

from __future__ import annotations

import sys

import textstat
from helpers import ROOT
from journey_handbook.data.plain import grade
from textstat.backend.counts._count_syllables import count_syllables
from textstat.backend.selections import list_words
from textstat.backend.utils import get_cmudict

sys.path.insert(0, str(ROOT / "benchmarks"))
import plain_language_corpus as corpus  # noqa: E402

TEXTS = [e["text"] for e in corpus.load()["grades"]]


def test_dictionary_words_count_as_textstat_counts_them():
    known = get_cmudict("en_US")
    words = {w for text in TEXTS for w in list_words(text, lowercase=True)}
    checked = [w for w in sorted(words) if w in known]
    assert len(checked) > 500
    assert [grade.syllables(w) for w in checked] == \
        [count_syllables(w, "en_US") for w in checked]


def test_without_short_sentences_or_unknown_words_the_grade_is_textstats():
    text = ("Your coordinator will call you this week to set up your first visit. If you "
            "miss the call, she will send you a text with her number.")
    assert round(grade.flesch_kincaid(text), 6) == \
        round(textstat.flesch_kincaid_grade(text), 6)


def test_short_sentences_count():
    sentences, words, _ = grade.counts("Hello. Come in. Sit down here.")
    assert (sentences, words) == (3, 6)


def test_unknown_words_count_at_least_their_vowel_groups():
    assert grade.syllables("telehealth") == 3
    assert count_syllables("telehealth", "en_US") == 2


def test_each_piece_is_a_sentence_and_empty_text_has_no_grade():
    assert grade.as_sentences(["Book now", "We call you.", "  "]) == "Book now. We call you."
    assert grade.grade(["", " - "]) is None
