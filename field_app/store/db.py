"""Store layer: the phone's SQLite database file (location, connection, transactions).

One connection per store, shared by the UI thread and the sync thread behind a
re-entrant lock: SQLite allows one writer anyway, and a phone has one user.
WAL mode keeps reads cheap while the sync thread writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import platformdirs

DB_FILE_NAME = "field_app.sqlite3"
APP_NAME = "dan-van"
APP_AUTHOR = "Dan Van"
CACHE_KIB = 16 * 1024  # SQLite's page cache for the app's database (its default: 2 MB)
CHECKPOINT_PAGES = 16000  # WAL pages (4 KB each) before they are copied into the database
WAL_KEPT_BYTES = 16 * 1024 * 1024  # what the WAL file is cut back to after a checkpoint


def default_data_dir() -> Path:
    """Where the app keeps its files.

    `FIELD_APP_DATA_DIR` (tests, support) wins, then `FLET_APP_STORAGE_DATA` (set by
    Flet on the phone), then the per-user data directory of the platform.
    """
    for var in ("FIELD_APP_DATA_DIR", "FLET_APP_STORAGE_DATA"):
        value = os.environ.get(var)
        if value:
            return Path(value)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


class Database:
    """A SQLite connection with a lock, explicit transactions and WAL mode."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existed = self.path.exists()
        self._lock = threading.RLock()
        self._depth = 0
        self.conn = sqlite3.connect(
            str(self.path), check_same_thread=False, isolation_level=None, timeout=30.0
        )
        self.conn.row_factory = sqlite3.Row
        if not existed:
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a saved petition is on the flash when "saved" shows, also if the battery dies
        # a moment later (NORMAL only keeps the database whole; the last commits could go)
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        # freed pages are zeroed: a citizen's erased name or phone leaves no trace in the file
        self.conn.execute("PRAGMA secure_delete=ON")
        # A first sync writes pages of 1,000 records, each in one transaction. With SQLite's
        # 2 MB page cache the indexes' pages were written out and read back within a page,
        # and the WAL was copied into the database every 4 MB: 16 MB for each (the cache is
        # only taken as it fills) made a new phone's first sync of 100,000 petitions about a
        # sixth faster. Each page of 1,000 petitions writes about 3 MB of WAL (its records
        # and every index page it touched), so a checkpoint every 16 MB still copied and
        # fsynced the log every fifth page: every 64 MB took a fifth off applying 10,000
        # and a tenth off 100,000 (docs/performance.md). The file is cut back after.
        self.conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        self.conn.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
        self.conn.execute(f"PRAGMA journal_size_limit={WAL_KEPT_BYTES}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT); nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self._depth = 0
                self.conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, held for a consistent read."""
        with self._lock:
            yield self.conn

    def close(self) -> None:
        with self._lock:
            self.conn.close()
