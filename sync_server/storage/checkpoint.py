"""Storage layer: SQLite WAL checkpoints off the request path, for a serving process.

By default SQLite checkpoints inside the COMMIT that pushes the write-ahead log past 1,000
pages: that phone's push then also copies the log into the database file while holding
the write lock. A serving process turns that off for its own connections and checkpoints
from a background thread instead (PASSIVE: it never waits for, nor blocks, readers and
writers). The log stays small and no request pays for a checkpoint. Command-line tools
keep SQLite's default.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger("sync_server.checkpoint")
INTERVAL_S = 1.0


class Checkpointer:
    def __init__(self, path: str, interval_s: float = INTERVAL_S) -> None:
        self.path = path
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval_s):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as exc:  # busy, or the file went away: try again later
                    log.debug("checkpoint skipped: %s", exc)
        finally:
            conn.close()


def checkpoint_in_background(engine: Engine, *more: Engine) -> Checkpointer | None:
    """For a file SQLite engine of a serving process: its connections, and those of `more`
    engines on the same file (the phones' autocommit pool), stop checkpointing in COMMIT
    and a thread does it every second, until `engine` is disposed."""
    if engine.dialect.name != "sqlite":
        return None
    path = engine.url.database
    if not path or path == ":memory:":
        return None

    def no_autocheckpoint(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")

    for each in (engine, *more):
        event.listen(each, "connect", no_autocheckpoint)
    checkpointer = Checkpointer(path)
    event.listen(engine, "engine_disposed", lambda _conn: checkpointer.stop())
    checkpointer.start()
    return checkpointer
