"""What keeps `mkdocs serve` fast: caches that live across rebuilds of one preview session.

`journeys` (pages of journeys whose data did not change), `pages` (converted pages, search
entries), `sections` (big pages by section), `templates` (theme output, compiled templates)
and `search` (Pagefind after the pages are served, or from the build cache); `store` keeps
them on disk between builds when `cache_dir` is set.
"""

from .journeys import JourneyPages
from .pages import PageCache
from .search import BackgroundIndex, index_site

__all__ = ["BackgroundIndex", "JourneyPages", "PageCache", "index_site"]
