"""Storage layer: the session of a process's phone syncs, kept from one sync to the next.

A phone's push and pull run on the process's event loop, one after the other, never two at
once (api.deps). Each took a new Session and a connection from the pool, and gave both
back: the pool's checkout and checkin with their events, the connection's autocommit
switched on and reset, the Session's own set-up and tear-down. In a ward's burst that was
about a quarter of the server's CPU per sync (docs/performance.md, sixth round). A
`SyncSession` keeps one Session on one connection while syncs keep coming: each sync
still ends its transaction, and the Session forgets what it loaded. The kept Session names
its connection (in autocommit) in `info`, and the sync's hot statements run on it as it is
(`storage.statements.connection_of`): a pull begins no Session transaction, so there is none to
roll back after it (6 % of the server's CPU per phone in a ward's burst on PostgreSQL,
docs/performance.md, ninth round).

A connection left idle for `PING_AFTER_IDLE_S` goes back to the pool before the next sync,
whose checkout checks it first (`engine._ping_if_idle`): a database restarted meanwhile costs no
sync an error. A sync that finds the session in use (not expected: the work runs without
awaiting) gets a session of its own, as before.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from sync_server.storage.engine import PING_AFTER_IDLE_S
from sync_server.storage.statements import DIRECT


class SyncSession:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._session: Session | None = None
        self._used_at = 0.0

    @contextmanager
    def session(self) -> Iterator[Session]:
        """The kept session (a fresh one while it is in use); every transaction the caller
        leaves open is rolled back when it is done."""
        if not self._lock.acquire(blocking=False):
            with Session(self.engine, expire_on_commit=False) as own:
                yield own
            return
        try:
            session = self._current()
            try:
                yield session
            finally:
                self._end(session)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Give the connection back to the pool (when the app stops, and in tests)."""
        with self._lock:
            self._drop()

    def _current(self) -> Session:
        if self._session is not None and time.monotonic() - self._used_at > PING_AFTER_IDLE_S:
            self._drop()  # to the pool, which checks it when it is next taken
        if self._session is None:
            connection = self.engine.connect()
            self._session = Session(bind=connection, expire_on_commit=False,
                                    info={DIRECT: connection})
        return self._session

    def _end(self, session: Session) -> None:
        try:
            session.rollback()  # whatever the sync left open; nothing after a commit
            session.expunge_all()
        except Exception:  # a connection the database dropped: start afresh next time
            self._drop()
        self._used_at = time.monotonic()

    def _drop(self) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        connection = session.bind
        with contextlib.suppress(Exception):  # a connection already lost: nothing to give back
            session.close()
        with contextlib.suppress(Exception):
            connection.close()  # type: ignore[union-attr]
