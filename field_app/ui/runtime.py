"""UI layer: the one store and sync engine of this app process, shared by every window.

A phone has one user, but in web mode each browser tab is a Flet session: all of them
show the same local store, and the engine syncs it once in the background.
"""

from __future__ import annotations

import threading
from pathlib import Path

from field_app.store import LocalStore
from field_app.sync import SyncEngine

_lock = threading.Lock()
_runtime: Runtime | None = None


class Runtime:
    """The local store and its sync engine (started in the background)."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.store = LocalStore.open(data_dir)
        self.engine = SyncEngine(self.store)
        self.engine.start()

    def stop(self) -> None:
        self.engine.stop()
        self.store.close()


def get_runtime(data_dir: Path | None = None) -> Runtime:
    """The process-wide runtime, created on first use."""
    global _runtime
    with _lock:
        if _runtime is None:
            _runtime = Runtime(data_dir)
        return _runtime
