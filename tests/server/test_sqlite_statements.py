"""On SQLite the server keeps its prepared statements: nothing a sync does on a pooled
connection makes SQLite parse and plan the next request's statements again."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

pytestmark = pytest.mark.sqlite_only


def test_pulls_and_pushes_on_the_same_pools_never_reset_the_isolation_level(app: Any) -> None:
    """`PRAGMA read_uncommitted` (how SQLAlchemy resets a pooled SQLite connection that was
    switched to autocommit) expires every statement prepared on that connection."""
    issued: list[str] = []

    def trace(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(issued.append)

    for engine in (app.state.engine, app.state.sync_engine):
        event.listen(engine.pool, "connect", trace)
    for _ in range(3):  # a pull (autocommit, snapshot begun by hand), then a push's write
        with Session(app.state.sync_engine) as session:
            session.connection().exec_driver_sql("BEGIN")
            session.execute(text("SELECT value FROM scope_counter")).all()
            session.commit()
        with Session(app.state.engine) as session:
            session.execute(text("UPDATE scope_counter SET value = value"))
            session.commit()

    assert any("SELECT value FROM scope_counter" in s for s in issued)
    assert [s for s in issued if "read_uncommitted" in s.lower()] == []
