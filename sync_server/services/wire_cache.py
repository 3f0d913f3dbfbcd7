"""Service layer: recently pulled changes, as the JSON the phones receive, shared by the
pulls of one server process.

When a ward syncs at once, every phone of a group pulls the same new records: the first
pull reads, converts and writes them out, the next ones copy the bytes from here. A change
on the wire is fixed by (server epoch, scope, entity, id, version): every write gives the
record a new version from its scope's counter (services.changes), and a restored database
has a new epoch, so an entry is never stale and nothing needs invalidating. The cache only
holds what a pull read with its change row at that version (services.pull), and it is
bounded (oldest first out).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

Key = tuple[str, str, str, str, int]  # epoch, scope, entity, id, version
MAX_ENTRIES = 20_000  # about 15 MB of petitions; a ward's busy day fits


class WireCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[Key, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: list[Key]) -> dict[Key, bytes]:
        found: dict[Key, bytes] = {}
        with self._lock:
            for key in keys:
                value = self._items.get(key)
                if value is not None:
                    self._items.move_to_end(key)
                    found[key] = value
        return found

    def put_many(self, items: dict[Key, bytes]) -> None:
        with self._lock:
            self._items.update(items)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def forget(self, entity: str, record_id: str) -> None:
        """Drop every cached version of one record (its personal data was erased or
        corrected: no copy of the old text stays in memory either)."""
        with self._lock:
            for key in [k for k in self._items if k[2] == entity and k[3] == record_id]:
                del self._items[key]


WIRE_CACHE = WireCache()
