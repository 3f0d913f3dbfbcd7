"""Migration 0010: the petitions already there get their `ack_due`; the downgrade undoes it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from serverkit import ON_POSTGRES, _pg_admin, _pg_url_for
from sqlalchemy import text

from sync_server.migrate import alembic_config
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


def test_existing_petitions_get_ack_due_and_the_downgrade_drops_it(
    empty_db_url: str,
) -> None:
    config = alembic_config(empty_db_url)
    command.upgrade(config, "0008")
    engine = make_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO ward (id, name, created_at) VALUES ('w', 'Phường Cũ', '2026-01-01')"))
        conn.execute(text("INSERT INTO residential_group (id, ward_id, name, created_at) "
                          "VALUES ('g', 'w', 'Tổ 1', '2026-01-01')"))
        # received on Wednesday 3 February 2027 (Vietnam time), just before Tết
        conn.execute(text(
            "INSERT INTO petition (id, group_id, ward_id, title, description, field, category,"
            " anonymous, source, attachments, received_at, status, version, field_versions,"
            " timeline, search_text, created_at, updated_at) VALUES ('p', 'g', 'w', 'Đèn',"
            " '', 'economy', 'lighting', FALSE, 'household_visit', '[]',"
            " '2027-02-03 02:00:00', 'received', 1, '{}', '[]', '', '2027-02-03 02:00:00',"
            " '2027-02-03 02:00:00')"))
    engine.dispose()

    command.upgrade(config, "0010")
    engine = make_engine(empty_db_url)
    with engine.connect() as conn:
        ack_due = conn.execute(text("SELECT ack_due FROM petition WHERE id = 'p'")).scalar_one()
    engine.dispose()
    assert str(ack_due) == "2027-02-24"

    command.downgrade(config, "0008")
    engine = make_engine(empty_db_url)
    with engine.connect() as conn:
        columns = conn.execute(text("SELECT * FROM petition")).keys()
    engine.dispose()
    assert "ack_due" not in columns
