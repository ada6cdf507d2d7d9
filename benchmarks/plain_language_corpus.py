"""Plain language against its labelled corpus (tests/fixtures/plain_language_corpus.yml).

Grades: the handbook's grade (textstat, journey_handbook.data.plain.grade) of each passage
against the reference computed by benchmarks/fk_reference.py, an independent implementation;
every passage must be within 0.5. The stored reference is recomputed too, so a corpus edited
by hand cannot drift from the implementation that labels it.
Terms: every flag the built-in list raises must be expected (no false positives), and every
expected flag must be raised (no misses).

    python3 benchmarks/plain_language_corpus.py          # figures, then every failure
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "plain_language_corpus.yml"
sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout
    sys.path.insert(0, str(ROOT / "plugins"))

import fk_reference  # noqa: E402
from journey_handbook.data.plain.grade import grade  # noqa: E402
from journey_handbook.data.plain.terms import TermMatcher, builtin_terms  # noqa: E402

TOLERANCE = 0.5


def load(path: Path = CORPUS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def grade_rows(entries: list[dict]) -> list[dict]:
    rows = []
    for e in entries:
        ours = grade([e["text"]])
        again = round(fk_reference.grade(e["text"]), 2)
        rows.append({"id": e["id"], "ours": ours, "reference": e["reference"],
                     "recomputed": again, "diff": round(ours - e["reference"], 2)})
    return rows


def term_rows(entries: list[dict]) -> list[dict]:
    matcher = TermMatcher(builtin_terms())
    rows = []
    for e in entries:
        got = [h.text for h in matcher.find(e["text"])]
        rows.append({"text": e["text"], "expected": e["flags"], "got": got,
                     "false_positives": [g for g in got if g not in e["flags"]],
                     "misses": [x for x in e["flags"] if x not in got]})
    return rows


def main() -> int:
    corpus = load()
    grades, terms = grade_rows(corpus["grades"]), term_rows(corpus["terms"])
    within = [r for r in grades if abs(r["diff"]) <= TOLERANCE]
    drifted = [r for r in grades if abs(r["recomputed"] - r["reference"]) > 0.01]
    worst = max(grades, key=lambda r: abs(r["diff"]))
    mean = sum(abs(r["diff"]) for r in grades) / len(grades)
    span = (min(r["reference"] for r in grades), max(r["reference"] for r in grades))
    print(f"grades: {len(grades)} passages, reference grades {span[0]:.1f} to {span[1]:.1f}")
    print(f"  within {TOLERANCE} of the reference: {len(within)} of {len(grades)}; "
          f"mean |difference| {mean:.2f}; largest {worst['diff']:+.2f} ({worst['id']})")
    false_pos = sum(len(r["false_positives"]) for r in terms)
    misses = sum(len(r["misses"]) for r in terms)
    silent = sum(not r["expected"] for r in terms)
    print(f"terms: {len(terms)} cases ({silent} must not fire), "
          f"{sum(len(r['expected']) for r in terms)} expected flags")
    print(f"  false positives: {false_pos}; misses: {misses}")
    for r in grades:
        if abs(r["diff"]) > TOLERANCE:
            print(f"  OFF   {r['id']}: ours {r['ours']} reference {r['reference']}")
    for e in corpus["grades"]:
        if guessed := fk_reference.unknown_words(e["text"]):
            print(f"  GUESS {e['id']}: no dictionary or hand count for {', '.join(guessed)}")
    for r in drifted:
        print(f"  DRIFT {r['id']}: stored {r['reference']} recomputed {r['recomputed']}")
    for r in terms:
        if r["false_positives"] or r["misses"]:
            print(f"  TERM  {r['text']!r}: expected {r['expected']} got {r['got']}")
    ok = len(within) == len(grades) and not drifted and not false_pos and not misses
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
