"""Storage layer: the one door to the database.

Everything that knows which database it talks to, and how, is here: the engines
(`engine`), the session kept for phone syncs (`sync_session`), SQLite's writer queue and
background checkpoints (`writers`, `checkpoint`), and the one way a sync runs its
statements (`statements`: compiled once by SQLAlchemy, sent together in one round trip
on PostgreSQL; `rows`: many rows as one step of those). Services build statements with
SQLAlchemy and hand them to this door; they never write BEGIN, nor ask which database
they are on.
"""

from __future__ import annotations

from sync_server.storage.engine import (
    PING_AFTER_IDLE_S,
    autocommit_engine,
    is_sqlite,
    json_dumps,
    make_engine,
    normalize_url,
    session_scope,
)

__all__ = ["PING_AFTER_IDLE_S", "autocommit_engine", "is_sqlite", "json_dumps",
           "make_engine", "normalize_url", "session_scope"]
