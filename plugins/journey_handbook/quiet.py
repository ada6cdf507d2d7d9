"""Keep a normal build's output to a few lines: no line per page from any plugin.

mkdocs-mermaid2-plugin, when its plugin entry is on (see docs/guides/build.md), logs
"Custom loader activated" and "Page '...': found N diagrams" at INFO for every page with a
diagram (its issue #121): hundreds of lines that hide the warnings that matter.
"""

from __future__ import annotations

import logging
import re

MERMAID2_LOGGER = "mkdocs.plugins.mermaid2.util"
_PER_PAGE = re.compile(r"Custom loader activated|Page '.*': found \d+ diagrams")


class _DropPerPageLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or not _PER_PAGE.search(record.getMessage())


def silence_per_page_logs() -> None:
    logger = logging.getLogger(MERMAID2_LOGGER)
    if not any(isinstance(f, _DropPerPageLines) for f in logger.filters):
        logger.addFilter(_DropPerPageLines())
