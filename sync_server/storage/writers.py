"""Storage layer: SQLite's writers queued across processes, and their commits put on disk
together (see `WriterQueue`)."""

from __future__ import annotations

import asyncio
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from sync_server.storage.engine import normalize_url

try:
    import fcntl
except ImportError:  # Windows: turns within one process only
    fcntl = None  # type: ignore[assignment]


class WriterQueue:
    """Pushes take turns to write a SQLite database, woken as soon as the one before is done,
    and each is on disk before it is acknowledged.

    SQLite has no queue of its own: a writer that finds the database locked sleeps and tries
    again (its busy handler sleeps 1, 2, 5, 10 ms and longer), while the pushes of a ward's
    burst come from two server processes. In a burst of 200 phones a push waited for the
    lock up to 122 ms that way, and 12.6 ms at the 99th percentile, with the process's event
    loop stopped meanwhile. A lock file (`<database>.writers`, `flock`) queues them instead:
    the kernel wakes the next one when it is released. On PostgreSQL, or without `fcntl`, a
    turn is a lock of this process only (PostgreSQL queues its row lock waiters itself).

    A push commits with `synchronous=NORMAL` (`autocommit_engine`): its COMMIT writes the
    write-ahead log without waiting for the disk, and its answer waits for `on_disk` (an
    `fdatasync` of `<database>-wal`, in a thread). That is the wait FULL would make
    inside the COMMIT, made instead after the write lock is released and off the event
    loop, and shared: one sync covers every push of this process that committed before
    it began (a ward's burst on SQLite, median p95 of 20 bursts a side, alternating: 387
    ms with FULL, 325 ms so; docs/performance.md, thirteenth round). A checkpoint copies
    frames into the database file and syncs it before the log can be reused, so a frame
    is on disk in one or the other."""

    def __init__(self, path: Path | None, wal: Path | None = None) -> None:
        self._local = threading.Lock()
        self._fd: int | None = None
        self._wal = wal
        self._ended = 0  # turns ended in this process
        self._synced = 0  # of those, how many are known to be on disk
        self._syncing: asyncio.Future[None] | None = None  # the sync under way
        if path is not None and fcntl is not None:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            weakref.finalize(self, os.close, self._fd)  # with the app that holds it

    @classmethod
    def for_url(cls, url: str) -> WriterQueue:
        parsed = make_url(normalize_url(url))
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return cls(None)
        return cls(Path(f"{parsed.database}.writers"), Path(f"{parsed.database}-wal"))

    @property
    def across_processes(self) -> bool:
        return self._fd is not None

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._local:
            try:
                if self._fd is None or fcntl is None:
                    yield
                    return
                fcntl.flock(self._fd, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                self._ended += 1

    async def on_disk(self) -> None:
        """Return once every turn ended so far in this process is on disk (at once on
        PostgreSQL, whose COMMIT waits for its own log). Await it right after the turn,
        before answering; a failed sync raises here, and the push goes unacknowledged."""
        wanted = self._ended
        while self._wal is not None and self._synced < wanted:
            if self._syncing is None:
                self._syncing = asyncio.ensure_future(self._sync(self._wal, self._ended))
            await asyncio.shield(self._syncing)  # one phone gone does not stop the others'

    async def _sync(self, wal: Path, covers: int) -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(None, sync_to_disk, wal)
            self._synced = max(self._synced, covers)
        finally:
            self._syncing = None


def sync_to_disk(path: Path) -> None:
    """`fdatasync` a file, by name (its descriptor is not kept: SQLite removes the log
    when its last connection closes, and creates it anew); `fsync` where there is no
    `fdatasync` (macOS, Windows, where it needs a descriptor open for writing)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:  # no log: every commit is in the database file, synced
        return
    try:
        getattr(os, "fdatasync", os.fsync)(fd)
    finally:
        os.close(fd)
