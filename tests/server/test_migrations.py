"""Schema upgrades: a ward's existing database moves to the newest schema with its data, and
a migration's downgrade undoes it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from serverkit import ON_POSTGRES, _pg_admin, _pg_url_for
from sqlalchemy import Connection, text

from sync_server.migrate import alembic_config, upgrade_to_head
from sync_server.storage import make_engine


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all (PostgreSQL: created here, dropped afterwards)."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    name = f"m_{uuid.uuid4().hex[:16]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url_for(name)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def connected(url: str, *, writing: bool = False) -> Iterator[Connection]:
    """A connection of its own to the database at `url` (`writing`: in a committed
    transaction); the engine goes with it, so the next migration finds no open connection."""
    engine = make_engine(url)
    try:
        with engine.begin() if writing else engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def at_revision(url: str, revision: str) -> Config:
    """The database at `url` upgraded to `revision`, with a ward ('w') and its group ('g');
    the Alembic configuration to move it further."""
    config = alembic_config(url)
    command.upgrade(config, revision)
    with connected(url, writing=True) as conn:
        conn.execute(text(
            "INSERT INTO ward (id, name, created_at) VALUES ('w', 'Phường Cũ', '2026-01-01')"))
        conn.execute(text("INSERT INTO residential_group (id, ward_id, name, created_at) "
                          "VALUES ('g', 'w', 'Tổ 1', '2026-01-01')"))
    return config


def value(url: str, sql: str) -> object:
    with connected(url) as conn:
        return conn.execute(text(sql)).scalar_one()


def columns(url: str, table: str) -> list[str]:
    with connected(url) as conn:
        return list(conn.execute(text(f"SELECT * FROM {table}")).keys())


def test_a_database_with_records_upgrades_from_the_first_schema_to_head(
    empty_db_url: str,
) -> None:
    at_revision(empty_db_url, "0001")
    with connected(empty_db_url, writing=True) as conn:
        conn.execute(text(
            "INSERT INTO campaign (id, group_id, title, purpose, unit_kinds, target, instalments,"
            " version, field_versions, created_at, updated_at) VALUES ('c', 'g', 'Làm đường',"
            " '', '[]', '{}', 1, 1, '{}', '2026-01-01', '2026-01-01')"))
        conn.execute(text(
            "INSERT INTO contribution_entry (id, campaign_id, group_id, household_id, entry_type,"
            " kind, quantity, recorded_on, version, created_at) VALUES ('e', 'c', 'g', 'h',"
            " 'pledge', 'money_vnd', '3000000', '2026-01-02', 2, '2026-01-02')"))

    upgrade_to_head(empty_db_url)
    upgrade_to_head(empty_db_url)  # idempotent

    script_head = ScriptDirectory.from_config(alembic_config(empty_db_url)).get_current_head()
    assert value(empty_db_url, "SELECT version_num FROM alembic_version") == script_head
    assert value(empty_db_url, "SELECT field_writers FROM campaign") in ({}, "{}")
    assert value(empty_db_url, "SELECT count(*) FROM contribution_entry") == 1
    assert value(empty_db_url, "SELECT value FROM server_meta WHERE key = 'epoch'")


@pytest.mark.skipif(not ON_POSTGRES, reason="planner statistics of PostgreSQL")
def test_the_inbox_search_column_keeps_a_finer_histogram_on_postgresql(db_url: str) -> None:
    """A `LIKE '%...%'` search is estimated on the column's histogram; with the default
    100 values the estimate, and the inbox page's plan, changed from one ANALYZE to the
    next (migration 0006)."""
    assert value(db_url, "SELECT attstattarget FROM pg_attribute WHERE attrelid = "
                         "'petition'::regclass AND attname = 'search_text'") == 1000


def test_existing_staff_accounts_become_officers_and_the_role_column_goes_back_down(
    empty_db_url: str,
) -> None:
    """0008 gives every account so far the role `officer`; its downgrade drops the column."""
    config = at_revision(empty_db_url, "0007")
    with connected(empty_db_url, writing=True) as conn:
        conn.execute(text(
            "INSERT INTO staff (id, ward_id, username, full_name, password_hash, active,"
            " created_at) VALUES ('s', 'w', 'canbo', '', 'x', TRUE, '2026-01-01')"))

    command.upgrade(config, "0008")
    assert value(empty_db_url, "SELECT role FROM staff WHERE id = 's'") == "officer"

    command.downgrade(config, "0007")
    assert "role" not in columns(empty_db_url, "staff")


def test_existing_petitions_get_ack_due_and_the_downgrade_drops_it(
    empty_db_url: str,
) -> None:
    """0010: the petitions already there get their `ack_due`; the downgrade undoes it."""
    config = at_revision(empty_db_url, "0008")
    with connected(empty_db_url, writing=True) as conn:
        # received on Wednesday 3 February 2027 (Vietnam time), just before Tết
        conn.execute(text(
            "INSERT INTO petition (id, group_id, ward_id, title, description, field, category,"
            " anonymous, source, attachments, received_at, status, version, field_versions,"
            " timeline, search_text, created_at, updated_at) VALUES ('p', 'g', 'w', 'Đèn',"
            " '', 'economy', 'lighting', FALSE, 'household_visit', '[]',"
            " '2027-02-03 02:00:00', 'received', 1, '{}', '[]', '', '2027-02-03 02:00:00',"
            " '2027-02-03 02:00:00')"))

    command.upgrade(config, "0010")
    assert str(value(empty_db_url, "SELECT ack_due FROM petition WHERE id = 'p'")) == "2027-02-24"

    command.downgrade(config, "0008")
    assert "ack_due" not in columns(empty_db_url, "petition")
