"""The phones' syncs of one server process keep one session on one connection between
them (sync_server.storage.sync_session): what one sync leaves behind never reaches the next, and a
connection left idle goes back to the pool, whose checkout checks it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import literal, select, text

from sync_server.storage.statements import DIRECT, DirectStatement, begin_writing, run_sql

_ONE = DirectStatement(select(literal(1).label("one")))


def _driver_connection(session: Any) -> Any:
    return session.connection().connection.dbapi_connection


def test_syncs_one_after_another_share_one_session_and_connection(app: Any) -> None:
    kept = app.state.sync_session
    with kept.session() as first:
        connection = _driver_connection(first)
    with kept.session() as second:
        assert second is first
        assert _driver_connection(second) is connection


def test_a_sync_that_finds_the_session_in_use_gets_one_of_its_own(app: Any) -> None:
    kept = app.state.sync_session
    with kept.session() as outer, kept.session() as inner:
        assert inner is not outer
        assert _driver_connection(inner) is not _driver_connection(outer)


def test_a_pull_reads_on_the_kept_connection_without_a_transaction_of_the_session(app: Any
                                                                                ) -> None:
    kept = app.state.sync_session
    with kept.session() as session:
        assert _ONE.first(session, {}).one == 1
        assert not session.in_transaction()  # nothing for the sync's end to roll back
        assert session.info[DIRECT] is session.bind


def test_a_statement_of_a_session_not_kept_runs_in_that_sessions_transaction(app: Any
                                                                             ) -> None:
    kept = app.state.sync_session
    with kept.session(), kept.session() as own:
        assert _ONE.first(own, {}).one == 1
        assert own.in_transaction()


def test_a_connection_the_database_dropped_is_replaced_at_the_next_sync(app: Any) -> None:
    kept = app.state.sync_session
    with kept.session() as session:
        lost = _driver_connection(session)
        session.info[DIRECT].invalidate()  # as a restarted database would
    with kept.session() as later:
        assert _ONE.first(later, {}).one == 1
        assert _driver_connection(later) is not lost


def test_a_connection_idle_past_the_ping_delay_goes_back_to_the_pool(app: Any) -> None:
    kept = app.state.sync_session
    pool = app.state.sync_engine.pool
    with kept.session() as first:
        first.connection()
    held = pool.checkedout()
    kept._used_at -= 60  # a minute without a sync
    with kept.session() as later:
        assert later is not first
        later.connection()
        assert pool.checkedout() == held  # the old one went back; the pool lent one again


def test_what_a_failed_sync_left_open_is_rolled_back_before_the_next(app: Any) -> None:
    kept = app.state.sync_session
    with pytest.raises(RuntimeError), kept.session() as failing:
        connection = failing.connection()
        begin_writing(connection, [])
        run_sql(connection, "UPDATE server_meta SET value = 'x' WHERE key = 'epoch'")
        raise RuntimeError("the sync failed half-way")
    with kept.session() as after:
        assert not _in_transaction(after)
        epoch = after.execute(text("SELECT value FROM server_meta WHERE key = 'epoch'"))
        assert epoch.scalar_one() != "x"


def _in_transaction(session: Any) -> bool:
    """Whether the database connection itself is inside a transaction."""
    driver = _driver_connection(session)
    if session.connection().dialect.name == "sqlite":
        return bool(driver.in_transaction)
    return bool(driver.info.transaction_status != 0)  # psycopg: 0 is IDLE
