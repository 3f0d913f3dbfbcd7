"""The push's bulk insert hands rows straight to the driver: what it stores must read back
exactly as SQLAlchemy's own insert of the same values does, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from sync_server.models.tables import counter_t, mutation_log_t, petition_t
from sync_server.services.changes import group_scope
from sync_server.storage import make_engine
from sync_server.storage.steps import insert_step, run, update_step


@pytest.fixture
def ward(db_url: str) -> Iterator[tuple[Engine, str, str]]:
    """An engine on the test database, with a ward and one group: (engine, ward, group)."""
    from sqlmodel import Session

    from sync_server.services.wards import create_group, create_ward

    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            ward_id = create_ward(s, name="Phường Thử Nghiệm")
            group_id = create_group(s, ward_id=ward_id, name="Tổ dân phố 1", number=1)
            s.commit()
        yield engine, ward_id, group_id
    finally:
        engine.dispose()


def _petition(pid: str, group_id: str, ward_id: str) -> dict[str, Any]:
    hanoi = timezone(timedelta(hours=7))
    return {
        "id": pid, "group_id": group_id, "ward_id": ward_id, "title": "Đèn đường ngõ 5 hỏng",
        "description": "Tối đi lại khó khăn", "field": "economy", "category": "lighting",
        "citizen_name": "Nguyễn Văn A", "citizen_phone": "0912345678", "household_id": None,
        "anonymous": False, "location_text": "Ngõ 5", "lat": 21.0285, "lon": 1e-07,
        "source": "household_visit", "dialogue_session_id": None, "attachments": ["ab" * 32],
        "received_at": datetime(2026, 11, 20, 9, 14, 3, 120000, tzinfo=hanoi),
        "status": "received", "citizen_satisfied": None, "assigned_unit": None,
        "assigned_officer": None, "due_date": date(2026, 12, 1), "answer": None, "version": 7,
        "field_versions": {"title": 7}, "field_writers": {"title": "máy-1"},
        "timeline": [{"at": "2026-11-20T02:14:03+00:00", "kind": "created", "text": ""}],
        "search_text": "den duong ngo 5 hong", "created_by_device": None,
        "created_at": datetime(2026, 11, 20, 2, 14, 3, tzinfo=UTC),
        "updated_at": datetime(2026, 11, 20, 2, 14, 3, 999999, tzinfo=UTC)}


def test_rows_inserted_in_bulk_read_back_as_sqlalchemy_would_store_them(
        ward: tuple[Engine, str, str]) -> None:
    engine, ward_id, group_id = ward
    with engine.begin() as conn:
        conn.execute(insert(petition_t), [_petition("by-sqlalchemy", group_id, ward_id)])
        # one row, a few (one statement of several VALUES on PostgreSQL, its placeholders
        # numbered by us), the most of those, many (statements of that most, run again and
        # again, and one of the rows left)
        for count in (1, 3, 16, 20, 32, 101):
            run(conn, [*insert_step(conn, petition_t, [
                _petition(f"in-bulk-{count}-{n}", group_id, ward_id) for n in range(count)])])
        log = {"device_seq": 1, "mutation_id": "m", "name": "petition.create",
               "args_sha256": "0" * 64, "result": {"status": "applied", "version": 7},
               "created_at": datetime(2026, 11, 20, 2, 14, 3, tzinfo=UTC)}
        conn.execute(insert(mutation_log_t), [{**log, "device_id": "a"}])
        run(conn, insert_step(conn, mutation_log_t, [{**log, "device_id": "b"}]))
    with engine.connect() as conn:
        rows = {r.id: dict(r._mapping) for r in conn.execute(select(petition_t))}
        logs = {r.device_id: dict(r._mapping) for r in conn.execute(
            select(mutation_log_t).where(mutation_log_t.c.device_id.in_(["a", "b"])))}
    by_sqlalchemy = rows.pop("by-sqlalchemy")
    assert len(rows) == 1 + 3 + 16 + 20 + 32 + 101
    for in_bulk in rows.values():
        assert {**in_bulk, "id": "by-sqlalchemy"} == by_sqlalchemy
        assert in_bulk["received_at"] == datetime(2026, 11, 20, 2, 14, 3, 120000, tzinfo=UTC)
    assert {**logs["b"], "device_id": "a"} == logs["a"]


def test_several_writes_go_together_and_a_refusal_is_sqlalchemys_own_error(
        ward: tuple[Engine, str, str]) -> None:
    """`bulk.run` sends steps in one go (a pipeline on PostgreSQL): the rows land as the
    steps say, an UPDATE step names its row by key, and a row the database refuses raises
    IntegrityError, as a statement run alone would, leaving nothing of the failed
    transaction behind."""
    engine, ward_id, group_id = ward
    scope = group_scope(group_id)
    with engine.begin() as conn:
        run(conn, [*insert_step(conn, petition_t, [_petition("p1", group_id, ward_id),
                                                    _petition("p2", group_id, ward_id)]),
                   update_step(conn, counter_t, ("scope",), [{"value": 41, "scope": scope}])])
    with pytest.raises(IntegrityError), engine.begin() as conn:
        run(conn, [update_step(conn, counter_t, ("scope",), [{"value": 99, "scope": scope}]),
                   *insert_step(conn, petition_t, [_petition("p3", group_id, ward_id),
                                                   _petition("p1", group_id, ward_id)])])
    with engine.connect() as conn:
        ids = set(conn.execute(select(petition_t.c.id)).scalars())
        counter = conn.execute(select(counter_t.c.value).where(
            counter_t.c.scope == scope)).scalar_one()
    assert ids == {"p1", "p2"}
    assert counter == 41
