"""Public layer: a sliding window of lookups per client address (every lookup counts, found or
not), so nobody can walk the codes of a ward; in memory, per process, like the login limit."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class LookupLimiter:
    """At most `limit` hits per client in any `window_seconds`."""

    def __init__(self, limit: int, window_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str) -> int | None:
        """Count one lookup; None when allowed, else the seconds to wait (the lookup is
        refused and not counted)."""
        now = self._clock()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, int(hits[0] + self.window - now) + 1)
            hits.append(now)
            if len(self._hits) > 10_000:  # forget quiet clients: memory stays bounded
                for quiet in [k for k, v in self._hits.items() if not v]:
                    del self._hits[quiet]
            return None
