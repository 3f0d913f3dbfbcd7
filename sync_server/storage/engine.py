"""Storage layer: the engine and session factory (SQLite WAL tuned, or PostgreSQL via psycopg)."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session

PING_AFTER_IDLE_S = 2.0  # a pooled PostgreSQL connection idle this long is checked first


def normalize_url(url: str) -> str:
    """postgres:// and postgresql:// mean psycopg 3 here."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any, *, synchronous: str = "FULL") -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    # FULL: each COMMIT returns once it is on disk; NORMAL would keep the database whole
    # after a power cut but could lose the last commits. The phones' pushes commit in
    # NORMAL and are put on disk after their turn, before they are acknowledged
    # (`WriterQueue.on_disk`)
    cur.execute(f"PRAGMA synchronous={synchronous}")
    cur.execute("PRAGMA foreign_keys=ON")
    # reads through a memory map of the file (the OS page cache, shared by every pooled
    # connection) instead of a read() call per page into each connection's own cache
    cur.execute("PRAGMA mmap_size=268435456")
    cur.close()


def json_dumps(value: Any) -> str:
    """JSON columns (timelines, field versions, logged results) through orjson: the same
    JSON as the standard library's, about ten times cheaper per row on a push."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:  # e.g. an integer past 64 bits: the standard library writes it
        return json.dumps(value, ensure_ascii=False)


def _ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    """Check a pooled PostgreSQL connection that sat idle before handing it out.

    `pool_pre_ping` would add a round trip to every checkout (several per request); a
    connection used moments ago is trusted, one idle for a while (a database restart may
    have broken it) is pinged and, if dead, replaced by the pool."""
    idle_since = record.info.get("idle_since")
    if idle_since is not None and time.monotonic() - idle_since < PING_AFTER_IDLE_S:
        return
    try:
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
        dbapi_conn.rollback()
    except Exception as exc:  # any failure: the pool discards it and connects again
        raise DisconnectionError(str(exc)) from exc


def _pg_connected(dbapi_conn: Any, _record: Any) -> None:
    """psycopg parses json columns itself (with the standard library by default): with
    orjson here. It prepares no statement itself: the sync's hot statements are prepared
    by `pipeline`, and psycopg deallocates every prepared statement of a connection when
    it rolls back a transaction it had prepared some in."""
    from psycopg.types.json import set_json_loads

    set_json_loads(orjson.loads, dbapi_conn)
    dbapi_conn.prepare_threshold = None


def _mark_idle(_dbapi_conn: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def make_engine(url: str, *, synchronous: str = "FULL", **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite files get their directory created and WAL pragmas
    (`synchronous` names SQLite's: FULL but for the phones' pushes, see `WriterQueue`)."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            # at least as many connections as the server's worker threads (anyio's 40), so
            # that a burst of requests never waits on the pool
            kwargs.setdefault("pool_size", 10)
            kwargs.setdefault("max_overflow", 40)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30},
            json_serializer=json_dumps, json_deserializer=orjson.loads, **kwargs
        )
        event.listen(engine, "connect", functools.partial(_sqlite_pragmas,
                                                          synchronous=synchronous))
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("connect_args", {"connect_timeout": 10})
    engine = create_engine(url, json_serializer=json_dumps, json_deserializer=orjson.loads,
                           **kwargs)
    if engine.dialect.driver == "psycopg":
        event.listen(engine, "connect", _pg_connected)
    event.listen(engine.pool, "checkout", _ping_if_idle)
    event.listen(engine.pool, "checkin", _mark_idle)
    return engine


def autocommit_engine(engine: Engine, url: str) -> Engine:
    """An engine in autocommit, for work that begins its transactions by hand, together
    with their first statements (a phone's push), or reads without one (a pull).

    On PostgreSQL it shares `engine`'s pool (psycopg switches autocommit on the client).
    SQLite gets a pool of its own, always in autocommit: switching a pooled connection
    back resets its isolation level with a PRAGMA, and that PRAGMA expires every
    statement the connection has prepared, so each statement of the next request was
    parsed and planned again (a select of the pull: 10 µs, 41 µs after the PRAGMA)."""
    if is_sqlite(engine):  # switched to autocommit when connected, and back to the same
        engine = make_engine(url, isolation_level="AUTOCOMMIT", synchronous="NORMAL")
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error (CLI and services)."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
