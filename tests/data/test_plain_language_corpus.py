"""The labelled plain-language corpus (tests/fixtures/plain_language_corpus.yml), entry by
entry: the handbook's grades against an independent Flesch-Kincaid implementation with
hand-counted syllables (benchmarks/fk_reference.py), and the built-in term list's flags, near misses
included. benchmarks/plain_language_corpus.py prints the same figures."""

from __future__ import annotations

import sys

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import plain_language_corpus as corpus  # noqa: E402

DATA = corpus.load()
GRADES = {r["id"]: r for r in corpus.grade_rows(DATA["grades"])}


def test_corpus_is_big_enough():
    assert len(DATA["grades"]) >= 60
    assert len(DATA["terms"]) >= 100
    assert sum(not t["flags"] for t in DATA["terms"]) >= 15  # near misses


@pytest.mark.parametrize("entry", DATA["grades"], ids=lambda e: e["id"])
def test_grade_matches_the_reference(entry):
    row = GRADES[entry["id"]]
    assert abs(row["recomputed"] - entry["reference"]) <= 0.01, "stored label drifted"
    assert not corpus.fk_reference.unknown_words(entry["text"]), "syllables guessed"
    assert abs(row["diff"]) <= corpus.TOLERANCE, row  # within half a grade, every passage


@pytest.mark.parametrize("entry", DATA["terms"], ids=lambda e: e["text"][:40])
def test_term_flags_are_exactly_the_expected_ones(entry):
    [row] = corpus.term_rows([entry])
    assert row["got"] == entry["flags"]
