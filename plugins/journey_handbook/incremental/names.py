"""Shared names kept out of the conversion keys while serving, so a rename converts nothing.

Renaming a persona, a team or a touchpoint changes one word group in thousands of blocks of
the generated pages (every step table, hand-off and diagram that shows it), and each block
was converted again: most of a rename's preview rebuild. Yet Markdown treats a name of
letters and digits joined by single spaces or hyphens (`Care navigation`, `Sign-up form`)
like any other run of word characters.
So while serving, every such name in a generated page's Markdown is replaced by a token of
letters standing for its persona, team or touchpoint (`ZqJh...hJqZ`, the same in every
build), the pieces are converted and kept by that text, and the name is put back into the
HTML, table of contents and title. After a rename the tokenised text is as before: every
piece is found. A generated page writes a name's hyphens escaped (`Sign\\-up form`, by
`markup.md`) and the HTML shows the name: a generator puts `md` text only where Markdown
reads its escapes (elsewhere the page itself would show the backslash).

Putting the name back gives the page's own conversion only when the conversion did to the
token what it does to the name, copied it as text. `safe` checks each converted piece and a
piece that fails is converted with its names (`tests/preview/test_incremental.py` compares
every generated page both ways):
- no token may be changed, cut or lowercased (a heading's id is its slug), nor be in an id,
  an anchor or a link;
- no token may be in code other than a Mermaid diagram (highlighting splits words);
and a name is replaced only as whole words, never next to `/`, `#`, `-` or `_` (part of a
link or an id), and only in the generated pages, whose links are made of lowercase ids.
A page whose Markdown already holds the token's start keeps its names.
"""

from __future__ import annotations

import re
from typing import Any

from ..site.markup import md
from .keys import digest

PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[ -][A-Za-z0-9]+)*\Z")
_START, _END = "ZqJh", "hJqZ"
_TOKEN = re.compile(rf"{_START}([A-Z]+){_END}")
_ANY = re.compile(_START, re.IGNORECASE)
_BEFORE = re.compile(r"[\w/#-]")
_ATTRIBUTE_END = re.compile(r"\b(?:id|name|href)\Z", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\w")
_MERMAID_BEFORE = re.compile(r"""<pre\s+class=["']mermaid["']>\Z""")


class Names:
    """The plain names of one build, by the token that stands for each."""

    def __init__(self, names: dict[str, str], last: Names | None = None) -> None:
        self.names = names  # token -> name
        self._find: re.Pattern[str] | None = None
        self.refused: set[str] = set()  # pages with a piece converted with its names
        self._pages: dict[str, tuple[str, list[dict], str | None]] = {}
        self._verdicts: dict[int, tuple[Any, bool]] = {}
        self._last_verdicts = last._verdicts if last is not None else {}
        self._by_text: dict[tuple, bool] = {}
        self._last_by_text = last._by_text if last is not None else {}
        self._written: dict[str, list[str]] = {}  # page -> what its tokens stand for, in order
        self._tokens: dict[str, str] = {}
        for token_, name in sorted(self.names.items()):
            # a generated page escapes a name's hyphens (`Sign\\-up form`): that form has
            # the same token, or a rename that adds or drops a hyphen would change the text
            for written in (name, md(name)):
                self._tokens.setdefault(written, token_)  # two with one name: either will do
        if self._tokens:
            # longest first, so "Persona 10" is not "Persona 1" and a 0
            words = sorted(self._tokens, key=len, reverse=True)
            # (the character before is checked in `_token_for`: a lookbehind here would make
            # the search try every position, ten times slower)
            self._find = re.compile("(?:" + "|".join(map(re.escape, words)) + r")(?![\w/#-])")

    @classmethod
    def of(cls, handbook: Any, last: Names | None = None) -> Names:
        found = {}
        for kind in ("personas", "teams", "touchpoints"):
            for item_id, item in getattr(handbook, kind).items():
                name = getattr(item, "name", None)
                if isinstance(name, str) and PLAIN.match(name):
                    found[token(kind, item_id)] = name
        return cls(found, last)

    def hide(self, text: str, src: str = "") -> str | None:
        """Page `src`'s text with its names as tokens; None when it holds none, or holds
        the token's start already."""
        if self._find is None or _START in text:
            return None
        written: list[str] = []

        def token_for(match: re.Match[str]) -> str:
            at = match.start()
            if at and _BEFORE.match(text, at - 1):
                return match.group(0)  # the end of a word, a link or an id
            written.append(match.group(0))
            return self._tokens[match.group(0)]

        hidden = self._find.sub(token_for, text)
        if not written:
            return None
        self._written[src] = written
        return hidden

    def unhide(self, piece: str, src: str = "", start: int = 0) -> str:
        """A piece of page `src`'s text from `hide`, as it was; `start` tokens of the page
        come before it."""
        written = iter(self._written[src][start:])
        return _TOKEN.sub(lambda m: next(written), piece)

    def verdict(self, piece: Any) -> bool:
        """`safe` for a converted piece, once for each piece this build or the last used."""
        found = self._verdicts.get(id(piece))
        if found is None:
            found = self._last_verdicts.get(id(piece))
        if found is None:  # a table's rows joined anew: known by what `safe` reads
            read = (piece.html, piece.title, repr(piece.toc),
                    tuple(sorted(piece.anchors)), repr(piece.links))
            known = self._by_text.get(read)
            if known is None:
                known = self._last_by_text.get(read)
            if known is None:
                known = safe(piece.html, toc=piece.toc, title=piece.title,
                             anchors=piece.anchors, links=piece.links)
            self._by_text[read] = known
            found = (piece, known)
        self._verdicts[id(piece)] = found  # holding the piece keeps its id its own
        return found[1]

    def shown(self, src: str, content: str, toc: list[dict], title: str | None
              ) -> tuple[str, list[dict], str | None]:
        """A page converted from pieces with tokens, with its names back. When no piece was
        refused, the page as converted with tokens is kept for `hidden_page`."""
        if src not in self.refused:
            self._pages[src] = (content, toc, title)
        return self.show(content), shown_tokens(toc, self), title and self.show(title)

    def hidden_page(self, src: str) -> tuple[str, list[dict], str | None] | None:
        """The page `src` as last converted with tokens and every piece safe, if it was."""
        return self._pages.pop(src, None)

    def show(self, html: str) -> str:
        """Tokens back to names, in HTML converted from a text from `hide`."""
        if _START not in html:
            return html
        return _TOKEN.sub(lambda m: self.names.get(m.group(0), m.group(0)), html)


def token(kind: str, item_id: str) -> str:
    """The same letters in every build for one persona, team or touchpoint."""
    number = int.from_bytes(digest("name token", kind, item_id)[:8], "big")
    letters = ""
    while number:
        number, rest = divmod(number, 26)
        letters += chr(ord("A") + rest)
    return f"{_START}{letters or 'A'}{_END}"


def safe(html: str, *, toc: list[dict], title: str | None, anchors: set[str],
         links: dict[str, dict[str, str]]) -> bool:
    """Whether putting the names back into this converted piece gives its conversion with
    the names (see the module's note)."""
    if not _intact(html):
        return False
    if _START in html and (_in_id(html) or _in_code(html)):
        return False
    for item in toc:
        if _ANY.search(str(item.get("id", ""))) or not all(
                _intact(v) for k, v in item.items() if isinstance(v, str) and k != "id"):
            return False
    if title is not None and not _intact(title):
        return False
    return not any(_ANY.search(a) for a in anchors) and not _ANY.search(str(links))


def named_piece(piece: Any, text: str, names: Names, src: str, start: int, convert: Any
                ) -> Any:
    """A piece of page `src` converted from `text` with tokens (`start` tokens of the page
    before it), when putting the names back is exact; else `convert` of the text as it
    was."""
    if piece is None or _START not in text or names.verdict(piece):
        return piece
    names.refused.add(src)
    return convert(names.unhide(text, src, start))


def tokens_before(pieces: list[str]) -> list[int]:
    """For each piece of a text from `hide`, how many tokens come before it."""
    counts, seen = [], 0
    for piece in pieces:
        counts.append(seen)
        seen += piece.count(_START)
    return counts


def shown_tokens(tokens: list[dict], names: Names) -> list[dict]:
    """Table of contents entries (nested) with the names back in their text, never in ids."""
    return [{key: shown_tokens(value, names) if key == "children" else
             names.show(value) if isinstance(value, str) and key != "id" else value
             for key, value in item.items()} for item in tokens]


def _intact(text: str) -> bool:
    """Every token in the text is whole and as written: none changed, cut or lowercased."""
    exact = text.count(_START)
    return exact == len(_ANY.findall(text)) == len(_TOKEN.findall(text))


def _in_id(html: str) -> bool:
    """Whether a token is inside an id, name or href attribute value, found from each token
    back to the quote before it (a regular expression over the page tried every attribute:
    0.6 s of a phase goal edit at 300 journeys; the tests keep it as the reference)."""
    for match in _ANY.finditer(html):
        at = match.start()
        quote = max(html.rfind('"', 0, at), html.rfind("'", 0, at))
        i = quote - 1
        while i >= 0 and html[i].isspace():
            i -= 1
        if quote < 0 or i < 0 or html[i] != "=":
            continue
        i -= 1
        while i >= 0 and html[i].isspace():
            i -= 1
        if _ATTRIBUTE_END.search(html[max(0, i - 4):i + 1]):
            return True
    return False


def _in_code(html: str) -> bool:
    """A token in code other than a Mermaid diagram's source (printed as it is).
    (By `str.find`: a lazy regular expression over every piece cost a rename 0.4 s.)"""
    at = 0
    while (start := html.find("<code", at)) >= 0:
        at = start + 5
        if _WORD_AFTER.match(html, at):
            continue  # `<codex`: another tag
        inside = html.find(">", at) + 1
        end = html.find("</code>", inside) if inside else -1
        if end < 0:
            return False
        if html.find(_START, inside, end) >= 0 and \
                not _MERMAID_BEFORE.search(html, max(0, start - 40), start):
            return True
        at = end + 7
    return False
