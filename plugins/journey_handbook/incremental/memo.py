"""Results of pure functions of one text, kept from one serve rebuild to the next.

Some per-page steps after the conversion are plain text functions of a page's HTML (tables
wrapped for Material, `page_extras.prewrap_tables`, about 0.25 s of every rebuild at 300
journeys): on a rebuild most pages' HTML is the very text of the last build (kept by the page
cache), so their result is looked up rather than computed again. Keyed by the function and
the whole text (Python keeps a string's hash), so a changed page is always computed afresh.
Only what the current and the last build used is kept; a build keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable


class LastBuild:
    def __init__(self) -> None:
        self._last: dict[tuple[Callable[[str], str], str], str] = {}
        self._now: dict[tuple[Callable[[str], str], str], str] = {}

    def __call__(self, function: Callable[[str], str], text: str) -> str:
        key = (function, text)
        found = self._now.get(key)
        if found is None:
            found = self._last.get(key)
            if found is None:
                found = function(text)
            self._now[key] = found
        return found

    def end(self) -> None:
        """After a build: what it did not use is dropped at the end of the next."""
        self._last, self._now = self._now, {}
