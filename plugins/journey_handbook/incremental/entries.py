"""One kind of reusable result, looked up and kept the same way whatever it holds.

Every cache of the preview is an `Entries`: a result is found by a *key*, the digest of
everything it depends on (so an entry is never stale, only unused), and kept under a *slot*,
the page or journey it belongs to. In memory (while serving) a slot keeps the entries its
last build used, and a slot the site no longer has is dropped at the end of a build, so a
long preview session does not grow. With a store (`cache_dir`) entries also go to disk for
the next build, under their kind and key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from .store import DiskStore


class Entries:
    def __init__(self, kind: str, store: DiskStore | None, *, keep: bool,
                 encode: Callable[[Any], Any] | None = None,
                 decode: Callable[[Any], Any] | None = None) -> None:
        self.kind = kind.encode()
        self.store, self.keep = store, keep
        self._encode, self._decode = encode, decode
        self._kept: dict[Hashable, dict[bytes, Any]] = {}  # slot -> key -> value
        self._used: dict[Hashable, dict[bytes, Any]] = {}  # this build's, by slot

    def get(self, slot: Hashable, key: bytes) -> Any | None:
        value = self._kept.get(slot, {}).get(key)
        if value is None:
            value = self._used.get(slot, {}).get(key)
        if value is None and self.store is not None:
            stored = self.store.get(self.store.key(self.kind, key))
            if stored is not None:
                try:
                    value = self._decode(stored) if self._decode else stored
                except (KeyError, TypeError, ValueError):  # an entry of another shape
                    value = None
        if value is not None:
            self._use(slot, key, value)
        return value

    def put(self, slot: Hashable, key: bytes, value: Any) -> None:
        self._use(slot, key, value)
        if self.store is not None:
            self.store.put(self.store.key(self.kind, key),
                           self._encode(value) if self._encode else value)

    def drop(self, slot: Hashable) -> None:
        """A result that logged a warning: not kept, so the warning shows again next time."""
        self._kept.pop(slot, None)
        self._used.pop(slot, None)

    def end(self, live: set | None = None) -> None:
        """After a build: each slot it used keeps what it used; slots not `live` go."""
        self._kept.update(self._used)
        self._used = {}
        if live is not None:
            for slot in [s for s in self._kept if s not in live]:
                del self._kept[slot]

    def __len__(self) -> int:
        """How many entries are kept in memory."""
        return sum(len(by_key) for by_key in self._kept.values())

    def forget(self) -> None:
        self._kept, self._used = {}, {}

    def _use(self, slot: Hashable, key: bytes, value: Any) -> None:
        if self.keep:
            self._used.setdefault(slot, {})[key] = value
