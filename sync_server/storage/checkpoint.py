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
from typing import Any

from sqlalchemy import Engine, event

from sync_server.storage.periodic import Periodic

log = logging.getLogger("sync_server.checkpoint")
INTERVAL_S = 1.0


def checkpointer(path: str, interval_s: float = INTERVAL_S) -> Periodic:
    """A PASSIVE checkpoint of the database at `path` every `interval_s`, on a connection
    of its own (busy, or the file gone: tried again at the next turn)."""
    conn = sqlite3.connect(path, timeout=5, check_same_thread=False)
    return Periodic("sqlite-checkpoint",
                    lambda: conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall(),
                    every_s=interval_s, log=log, level=logging.DEBUG, done=conn.close)


def checkpoint_in_background(engine: Engine, *more: Engine) -> Periodic | None:
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
    job = checkpointer(path)
    event.listen(engine, "engine_disposed", lambda _conn: job.stop())
    job.start()
    return job
