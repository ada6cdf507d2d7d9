"""While serving, Python's full garbage collections run between rebuilds, not during them.

Each rebuild makes a new handbook model and new pages, and drops the last ones; they hold
reference cycles (a page and its file, a step and its journey), which only the cyclic
collector frees. Its full collection walks every object the process holds, the preview's
caches included: at 300 journeys one took 0.7 to 1.0 s, and one ran inside nearly every
rebuild after a shared edit. So once a rebuild has been served, and the preview is idle,
`IdleCollector` runs the full collection and then freezes what survived (`gc.freeze`), so
the collections inside the next rebuild walk only what that rebuild makes. The next idle
collection unfreezes first, so nothing frozen stays uncollected past one rebuild.
"""

from __future__ import annotations

import gc
import threading

# After a rebuild, the browser reloads and fetches the page first: a collection holds the
# interpreter for up to a second
IDLE_DELAY_S = 1.5


class IdleCollector:
    def __init__(self, delay: float = IDLE_DELAY_S) -> None:
        self._delay = delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.collections = 0

    def build_started(self) -> None:
        """A save came before the idle collection: skip it (the next rebuild's end
        schedules another)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def build_served(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self._delay, self._collect)
            self._timer.daemon = True
            self._timer.start()

    def _collect(self) -> None:
        with self._lock:
            self._timer = None
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.collections += 1

    def wait(self) -> None:
        """Until a scheduled collection has run (tests and benchmarks)."""
        with self._lock:
            timer = self._timer
        if timer is not None:
            timer.join()

    def close(self) -> None:
        self.build_started()
        gc.unfreeze()
