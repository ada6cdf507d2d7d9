"""Results of a pure function of one text, kept from one serve rebuild to the next.

Some per-page steps after the conversion are plain text functions of a page's HTML (tables
wrapped for Material, `page_extras.prewrap_tables`): on a rebuild most pages' HTML is the
very text of the last build (kept by the page cache), so their result is looked up rather
than computed again. Keyed by the whole text (Python keeps a string's hash), so a changed
page is always computed afresh. Only what the current and the last build used is kept.
"""

from __future__ import annotations

from collections.abc import Callable


class LastBuild:
    def __init__(self, function: Callable[[str], str]) -> None:
        self.function = function
        self._last: dict[str, str] = {}
        self._now: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self._now.get(text)
        if found is None:
            found = self._last.get(text)
            if found is None:
                found = self.function(text)
            self._now[text] = found
        return found

    def end(self) -> None:
        """After a build: what it did not use is dropped at the end of the next."""
        self._last, self._now = self._now, {}
