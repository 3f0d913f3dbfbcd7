"""Schema upgrades: a ward's existing database moves to the newest schema with its data."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from serverkit import ON_POSTGRES, _pg_admin, _pg_url_for
from sqlalchemy import text

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


def test_a_database_with_records_upgrades_from_the_first_schema_to_head(
    empty_db_url: str,
) -> None:
    command.upgrade(alembic_config(empty_db_url), "0001")
    engine = make_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO ward (id, name, created_at) VALUES ('w', 'Phường Cũ', '2026-01-01')"))
        conn.execute(text("INSERT INTO residential_group (id, ward_id, name, created_at) "
                          "VALUES ('g', 'w', 'Tổ 1', '2026-01-01')"))
        conn.execute(text(
            "INSERT INTO campaign (id, group_id, title, purpose, unit_kinds, target, instalments,"
            " version, field_versions, created_at, updated_at) VALUES ('c', 'g', 'Làm đường',"
            " '', '[]', '{}', 1, 1, '{}', '2026-01-01', '2026-01-01')"))
        conn.execute(text(
            "INSERT INTO contribution_entry (id, campaign_id, group_id, household_id, entry_type,"
            " kind, quantity, recorded_on, version, created_at) VALUES ('e', 'c', 'g', 'h',"
            " 'pledge', 'money_vnd', '3000000', '2026-01-02', 2, '2026-01-02')"))
    engine.dispose()

    upgrade_to_head(empty_db_url)
    upgrade_to_head(empty_db_url)  # idempotent

    engine = make_engine(empty_db_url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        writers = conn.execute(text("SELECT field_writers FROM campaign")).scalar_one()
        entries = conn.execute(text("SELECT count(*) FROM contribution_entry")).scalar_one()
        epoch = conn.execute(text("SELECT value FROM server_meta WHERE key = 'epoch'")).scalar()
    engine.dispose()
    script_head = ScriptDirectory.from_config(alembic_config(empty_db_url)).get_current_head()
    assert version == script_head
    assert writers in ({}, "{}")
    assert entries == 1
    assert epoch


@pytest.mark.skipif(not ON_POSTGRES, reason="planner statistics of PostgreSQL")
def test_the_inbox_search_column_keeps_a_finer_histogram_on_postgresql(db_url: str) -> None:
    """A `LIKE '%...%'` search is estimated on the column's histogram; with the default
    100 values the estimate, and the inbox page's plan, changed from one ANALYZE to the
    next (migration 0006)."""
    engine = make_engine(db_url)
    with engine.connect() as conn:
        target = conn.execute(text(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'petition'::regclass "
            "AND attname = 'search_text'")).scalar_one()
    engine.dispose()
    assert target == 1000


def test_existing_staff_accounts_become_officers_and_the_role_column_goes_back_down(
    empty_db_url: str,
) -> None:
    """0008 gives every account so far the role `officer`; its downgrade drops the column."""
    config = alembic_config(empty_db_url)
    command.upgrade(config, "0007")
    engine = make_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO ward (id, name, created_at) VALUES ('w', 'Phường Cũ', '2026-01-01')"))
        conn.execute(text(
            "INSERT INTO staff (id, ward_id, username, full_name, password_hash, active,"
            " created_at) VALUES ('s', 'w', 'canbo', '', 'x', TRUE, '2026-01-01')"))
    engine.dispose()

    command.upgrade(config, "0008")
    engine = make_engine(empty_db_url)
    with engine.connect() as conn:
        role = conn.execute(text("SELECT role FROM staff WHERE id = 's'")).scalar_one()
    engine.dispose()
    assert role == "officer"

    command.downgrade(config, "0007")
    engine = make_engine(empty_db_url)
    with engine.connect() as conn:
        columns = conn.execute(text("SELECT * FROM staff")).keys()
    engine.dispose()
    assert "role" not in columns
