"""Storage layer: the one door to the database.

Everything that knows which database it talks to, and how, is here: the engines
(`engine`), the session kept for phone syncs (`sync_session`), SQLite's writer queue and
background checkpoints (`writers`, `checkpoint`), the province's counts and their fold
(`province_counts`), a serving process's background jobs (`periodic`), and the one way a
sync runs its statements (`statements`: compiled once by SQLAlchemy, run on the driver,
sent together in one round trip on PostgreSQL through `pipeline`; `steps`: many rows as
one statement of those; `begin_writing`: a push's BEGIN as each database needs it). What the two
databases spell their own way is in `portable`. Services build statements with
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
