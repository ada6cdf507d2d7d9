"""What keeps `mkdocs serve` fast: caches that live across rebuilds of one preview session.

`journeys` (pages of journeys whose data did not change), `pages` (converted pages, search
entries), `sections` (big pages by section), `templates` (theme output, compiled templates)
and `search` (Pagefind after the pages are served).
"""

from .journeys import JourneyPages
from .pages import PageCache
from .search import BackgroundIndex

__all__ = ["BackgroundIndex", "JourneyPages", "PageCache"]
