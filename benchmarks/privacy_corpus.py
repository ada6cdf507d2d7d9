"""Precision and recall of the privacy guard on its labelled corpus
(tests/fixtures/privacy_corpus.yml).

A finding counts as true when the entry expects that kind at exactly that text; every other
finding is false (a false alarm on ordinary prose, or the right text given the wrong kind).
Recall is the share of expected findings that were found. Entries marked `known_miss` count
like any other: they are misses the tests accept, not misses left out of the figures.

    python3 benchmarks/privacy_corpus.py            # figures, then every miss and false alarm
    python3 benchmarks/privacy_corpus.py --min 0.95 # exit 1 when either figure is below 95%
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "privacy_corpus.yml"
try:
    import journey_handbook  # noqa: F401
except ImportError:  # a bare checkout
    sys.path.insert(0, str(ROOT / "plugins"))

from journey_handbook.data.privacy import find  # noqa: E402


def load(path: Path = CORPUS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def score(entries: list[dict]) -> dict:
    """Counts per kind and overall, with the misses and false alarms for the report."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    misses, false_alarms = [], []
    for entry in entries:
        expected = {(kind, str(match)) for kind, match in entry["fires"]}
        got = {(f.kind, f.text) for f in find(entry["text"])}
        for kind, match in got:
            if (kind, match) in expected:
                tp[kind] += 1
            else:
                fp[kind] += 1
                false_alarms.append((entry["text"], kind, match))
        for kind, match in expected - got:
            fn[kind] += 1
            misses.append((entry["text"], kind, match))
    found, alarms, missed = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "entries": len(entries),
        "firing": sum(bool(e["fires"]) for e in entries),
        "precision": found / (found + alarms) if found + alarms else 1.0,
        "recall": found / (found + missed) if found + missed else 1.0,
        "by_kind": {k: (tp[k], fp[k], fn[k]) for k in sorted(set(tp) | set(fp) | set(fn))},
        "misses": misses,
        "false_alarms": false_alarms,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min", type=float, default=None, metavar="SHARE",
                        help="exit 1 when precision or recall is below SHARE (e.g. 0.95)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    result = score(load(args.corpus))
    print(f"corpus: {result['entries']} entries, {result['firing']} should fire, "
          f"{result['entries'] - result['firing']} should not")
    print(f"precision: {result['precision']:.1%}")
    print(f"recall:    {result['recall']:.1%}")
    print("\nkind                      found  false  missed")
    for kind, (t, f, n) in result["by_kind"].items():
        print(f"{kind:<25} {t:5}  {f:5}  {n:6}")
    for text, kind, match in result["misses"]:
        print(f"missed       {kind}: {match!r} in {text!r}")
    for text, kind, match in result["false_alarms"]:
        print(f"false alarm  {kind}: {match!r} in {text!r}")
    if args.min is not None and min(result["precision"], result["recall"]) < args.min:
        print(f"below the minimum of {args.min:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
