"""What the preview caches key their entries by, and how they notice a warning."""

from __future__ import annotations

import hashlib
import logging
import re

# `<function fence at 0x7f3a...>`: the address changes every process, the function does not
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def digest(*parts: object) -> bytes:
    """A short hash of the parts: bytes as they are, anything else by its text."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else
                 str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.digest()


def stable(value: object) -> str:
    """Text of a configuration value that is the same in every process (mkdocs.yml can name
    Python objects, such as mermaid2's fence function, whose default text holds an address)."""
    return _ADDRESS.sub("", str(value))


class WarningSpy(logging.Handler):
    """Notes that a warning was logged meanwhile: a result that warned is not kept, so its
    warning shows again on the next build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True
