"""Service layer: recently pulled wire records, shared by the pulls of one server process.

When a ward syncs at once, every phone of a group pulls the same new records: the first
pull reads and converts them, the next ones take them from here. A record's wire form is
fixed by (server epoch, scope, entity, id, version): every write gives the record a new
version from its scope's counter (services.changes), and a restored database has a new
epoch, so an entry is never stale and nothing needs invalidating. The cache only holds
what a pull already read inside a committed snapshot, and it is bounded (oldest first out).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

Key = tuple[str, str, str, str, int]  # epoch, scope, entity, id, version
MAX_ENTRIES = 20_000  # about 20 MB of petitions; a ward's busy day fits


class WireCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[Key, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: list[Key]) -> dict[Key, dict[str, Any]]:
        found: dict[Key, dict[str, Any]] = {}
        with self._lock:
            for key in keys:
                value = self._items.get(key)
                if value is not None:
                    self._items.move_to_end(key)
                    found[key] = value
        return found

    def put_many(self, items: dict[Key, dict[str, Any]]) -> None:
        with self._lock:
            self._items.update(items)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

WIRE_CACHE = WireCache()
