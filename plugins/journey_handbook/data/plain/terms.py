"""Jargon with plainer wording: the built-in list (terms.tsv) plus a handbook's own terms.

A term matches as a whole word, in any letter case, in its singular or plural form:
"utilize", "Utilizes" and "prior authorizations" match; "adjudicated" does not match
"adjudication", nor "formulary" inside "non-formulary". A word is a run of letters and digits
with inner hyphens and apostrophes, so hyphenated compounds are one word; a trailing
possessive ('s) still matches ("provider's"). Words of a multi-word term may be split by any
whitespace, line breaks included.

Matching looks every word of the text up in a dict rather than running one regex with
hundreds of alternatives: the cost is one pass over the text, whatever the list's length.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

BUILTIN_SOURCES = {
    "fplg": "Federal Plain Language Guidelines",
    "cdc": "CDC Plain Language Thesaurus",
    "cms": "CMS Toolkit for Making Written Material Clear and Effective",
    "ops": "business jargon (after the Federal Plain Language Guidelines)",
}
HOUSE = "handbook.yml"

_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
# the same words cut at apostrophes: a cheap first look (a term can only be in a text whose
# pieces include the longest piece of that term)
_PIECE = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Term:
    """A term to avoid: its written forms (the first is its name) and the plainer wording."""

    forms: tuple[str, ...]
    plainer: str | None
    source: str  # a BUILTIN_SOURCES key, or HOUSE

    @property
    def name(self) -> str:
        return self.forms[0]


@dataclass(frozen=True)
class TermHit:
    """text[start:end] is a listed term as written."""

    start: int
    end: int
    text: str
    term: Term


def plurals(word: str) -> list[str]:
    """The word and its regular plural forms (English spelling rules, nothing irregular)."""
    lower = word.lower()
    out = [word, word + "s"]
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        out.append(word + "es")
    if len(lower) > 1 and lower.endswith("y") and lower[-2] not in "aeiou":
        out.append(word[:-1] + "ies")
    return out


def _variants(form: str) -> list[tuple[str, ...]]:
    """A form as word tuples (lowercase), with its last word in each plural form."""
    words = form.lower().split()
    return [(*words[:-1], last) for last in plurals(words[-1])]


@functools.cache
def builtin_terms() -> tuple[Term, ...]:
    """The built-in list, read once from the package's terms.tsv."""
    text = resources.files(__package__).joinpath("terms.tsv").read_text(encoding="utf-8")
    return tuple(parse_list(text))


def parse_list(text: str) -> list[Term]:
    out = []
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        term, plainer, source = raw.split("\t")
        forms = tuple(f.strip() for f in term.split("|") if f.strip())
        out.append(Term(forms, plainer.strip() or None, source.strip()))
    return out


def house_terms(terms: dict[str, str | None]) -> list[Term]:
    """`plain_language.terms` of handbook.yml as Terms."""
    return [Term((name.strip(),), (plainer or "").strip() or None, HOUSE)
            for name, plainer in terms.items() if name.strip()]


class TermMatcher:
    """Finds the terms of a list in texts. A later term with the same form wins (a house
    term overrides the built-in wording)."""

    def __init__(self, terms: list[Term] | tuple[Term, ...]):
        index: dict[tuple[str, ...], Term] = {}
        for term in terms:
            for form in term.forms:
                for words in _variants(form):
                    index[words] = term
        self._by_first: dict[str, list[tuple[tuple[str, ...], Term]]] = {}
        for words, term in index.items():
            self._by_first.setdefault(words[0], []).append((words, term))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))  # the longest term wins
        self._keys = frozenset(max(_PIECE.findall(" ".join(words)), key=len)
                               for words in index)

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, text: str) -> list[TermHit]:
        by_first = self._by_first
        if not by_first or self._keys.isdisjoint(_PIECE.findall(text.lower())):
            return []
        words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        hits: list[TermHit] = []
        i = 0
        while i < len(words):
            hit = self._match_at(text, words, i, by_first)
            if hit is None:
                i += 1
                continue
            n, term = hit
            start, end = words[i][0], words[i + n - 1][1]
            end = _without_possessive(text, start, end)
            hits.append(TermHit(start, end, text[start:end], term))
            i += n
        return hits

    @staticmethod
    def _match_at(text: str, words: list, i: int, by_first: dict
                  ) -> tuple[int, Term] | None:
        first = words[i][2]
        entries = by_first.get(first) or by_first.get(_POSSESSIVE.sub("", first))
        if not entries:
            return None
        for term_words, term in entries:
            n = len(term_words)
            if i + n > len(words):
                continue
            if all(_same(words[i + k][2], term_words[k], last=k == n - 1) for k in range(n)) \
                    and all(text[words[i + k][1]:words[i + k + 1][0]].isspace()
                            for k in range(n - 1)):
                return n, term
        return None


def _same(written: str, term_word: str, last: bool) -> bool:
    return written == term_word or (last and _POSSESSIVE.sub("", written) == term_word)


def _without_possessive(text: str, start: int, end: int) -> int:
    """The end of a match without a trailing 's: the term is the word, not its possessive."""
    m = _POSSESSIVE.search(text, start, end)
    return m.start() if m else end
