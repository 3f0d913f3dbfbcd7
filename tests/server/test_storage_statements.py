"""The sync's hot statements, run on the driver's cursor (storage.statements), read exactly what
SQLAlchemy's `execute` reads: the same rows, the same Python values (times with their
zone, JSON parsed, dates, numbers, booleans), for every kind of record a phone pulls."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from serverkit import petition_args
from sqlalchemy import column, select, table
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from sync_server.auth import token_hash
from sync_server.services import changes, devices, pull, push
from sync_server.services.changes import group_scope, ward_scope
from sync_server.services.records import ENTITIES
from sync_server.storage.statements import DirectStatement


def _one_of_everything(server: Any, ward: Any, as_staff: Any) -> Any:
    phone = server.enroll(ward.group_a)
    campaign, household = str(uuid.uuid4()), str(uuid.uuid4())
    phone.create_petition(**petition_args(lat=21.0285, lon=105.8542, anonymous=True))
    for name, args in (
        ("household.upsert", {"id": household, "head_name": "Trần Văn Bình",
                              "address": "Số 2", "phone": "0912345678"}),
        ("campaign.create", {"id": campaign, "title": "Làm đường", "unit_kinds": ["money_vnd"],
                             "target": {"money_vnd": "90000000"}, "starts_on": "2026-11-01"}),
        ("contribution.record", {"id": str(uuid.uuid4()), "campaign_id": campaign,
                                 "household_id": household, "entry_type": "receipt",
                                 "kind": "money_vnd", "quantity": "150000",
                                 "recorded_on": "2026-11-20"}),
        ("dialogue.create", {"id": str(uuid.uuid4()), "kind": "group_meeting",
                             "title": "Họp tổ", "scheduled_on": "2026-11-10",
                             "held_at": "2026-11-10T19:30:00+07:00", "attendance_count": 34,
                             "agenda": ["Vệ sinh môi trường"]}),
        ("model.create", {"id": str(uuid.uuid4()), "name": "Tuyến đường hoa, cây xanh",
                          "field": "culture_society", "year": 2026,
                          "goals": "Trồng 300 m hoa", "followers": ["Đ/c Nguyễn Thị Hoa"],
                          "campaign_ids": [campaign]}),
        ("expense.record", {"id": str(uuid.uuid4()), "campaign_id": campaign,
                            "spent_on": "2026-11-21", "amount_vnd": 120000,
                            "purpose": "Mua xi măng"}),
        ("group_report.submit", {"id": str(uuid.uuid4()), "month": "2026-11",
                                 "figures": {"petitions_received": 1}, "mood": "Phấn khởi",
                                 "opinions": "", "hot_issues": "", "proposals": ""}),
    ):
        assert phone.send(name, args)["status"] == "applied", name
    added = as_staff.post("/api/v1/references", json={"list": "unit", "value": "Công an",
                                                      "extra": {"phone": "069"}})
    assert added.status_code == 201, added.text
    return phone


def test_direct_reads_hold_the_same_values_as_sqlalchemys(live_server: Any, ward: Any,
                                                          as_staff: Any) -> None:
    phone = _one_of_everything(live_server, ward, as_staff)
    with Session(live_server.app.state.engine) as session:
        def both(direct: DirectStatement, params: dict[str, Any]) -> tuple[list[Any], ...]:
            ours = [tuple(r) for r in direct.rows(session, params)]
            theirs = [tuple(r) for r in session.execute(direct.statement, params).all()]
            return ours, theirs

        token = {"h": token_hash(phone.token)}
        for direct in (devices._BY_TOKEN, devices._BY_TOKEN_WITH_POSITION):
            ours, theirs = both(direct, token)
            assert ours == theirs and len(ours) == 1
        ours, theirs = both(push._DEVICE_BY_TOKEN, token)
        assert ours == theirs and len(ours) == 1
        row = push._DEVICE_BY_TOKEN.first(session, token)
        assert (row.last_seq, row.group_name) == (1 + 7, ward.group_a.name)
        compared = set()
        for scope in (group_scope(ward.group_a.id), ward_scope(ward.id)):
            window = {"scope": scope, "lo": 0, "hi": 10**9}
            ours, theirs = both(pull._CHANGES, {**window, "n": 1000})
            assert ours == theirs and ours
            for entity in ENTITIES:
                ours, theirs = both(pull._data_statement(entity), window)
                assert ours == theirs
                if ours:
                    compared.add(entity)
                    ids = [r[0] for r in ours]  # the same records by id, with their seq
                    by_ids = pull._by_ids(session, entity, scope, ids)
                    assert [tuple(r)[:-1] for r in by_ids] == ours
                    assert by_ids == [tuple(r) for r in session.execute(
                        pull._BY_IDS[entity].statement, {"scope": scope, "ids": ids}).all()]
        assert compared == set(ENTITIES)  # every kind of record was read both ways
        session.rollback()


def test_a_refused_direct_statement_raises_sqlalchemys_error_and_the_session_goes_on(
        live_server: Any, ward: Any) -> None:
    with Session(live_server.app.state.engine) as session:
        with pytest.raises(LookupError):  # no counter row: nothing to lock
            changes.ScopeClock(session).lock("group:nowhere")
        nowhere = DirectStatement(select(column("x")).select_from(table("no_such_table")))
        with pytest.raises(DBAPIError):  # the database's refusal, as SQLAlchemy raises it
            nowhere.rows(session, {})
        session.rollback()
        assert devices._BY_TOKEN.first(session, {"h": "unknown"}) is None


def test_statements_prepared_by_the_sync_are_prepared_again_when_the_database_lost_them(
        live_server: Any, ward: Any) -> None:
    """On PostgreSQL the hot statements are prepared under names of the server's own
    (storage.pipeline); if something deallocates them on the connection, a read outside a
    transaction is sent again and answers, and a push inside its transaction is refused
    with the database's error (the transaction rolled back) while the next sync goes on."""
    phone = live_server.enroll(ward.group_a)
    token = {"h": token_hash(phone.token)}
    kept = live_server.app.state.sync_session  # the session and connection syncs keep
    with kept.session() as session:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("prepared statements under the server's own names: PostgreSQL only")
        first = devices._BY_TOKEN.first(session, token)
        push.start(session, phone.token)  # BEGIN, the group's lock, the device: prepared
    with kept.session() as session:
        raw = session.connection().connection.dbapi_connection
        raw.execute("DEALLOCATE ALL")
        with pytest.raises(DBAPIError, match="does not exist"):
            push.start(session, phone.token)  # inside the transaction it began
    with kept.session() as session:
        assert push.start(session, phone.token).device.id == first.id  # prepared anew
    with kept.session() as session:
        assert devices._BY_TOKEN.first(session, token) == first
        raw.execute("DEALLOCATE ALL")
        assert devices._BY_TOKEN.first(session, token) == first  # sent again, prepared anew


def test_a_pulls_records_of_a_change_window_are_planned_for_each_pulls_values(
        live_server: Any, ward: Any) -> None:
    """The statement reading the records of a window of change rows is not prepared: a plan
    kept from a server's first minutes, made while the change log was small, scanned every
    change row of the entity for each pull, more of them every day. The sync's other hot
    statements stay prepared."""
    phone = live_server.enroll(ward.group_a)
    phone.create_petition()
    token = {"h": token_hash(phone.token)}
    kept = live_server.app.state.sync_session
    with kept.session() as session:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("prepared statements: PostgreSQL only")
        window = {"scope": group_scope(ward.group_a.id), "lo": 0, "hi": 10**9}
        for _ in range(7):  # past the runs after which PostgreSQL may keep a generic plan
            assert len(pull._data_statement("petition").rows(session, window)) == 1
        assert devices._BY_TOKEN.first(session, token) is not None
        raw = session.connection().connection.dbapi_connection
        prepared = [r[0] for r in raw.execute(
            "SELECT statement FROM pg_prepared_statements").fetchall()]
    assert any("FROM device" in sql for sql in prepared)
    assert not any("JOIN petition" in sql for sql in prepared)


def test_a_list_of_ids_is_searched_by_the_key_not_scanned_on_sqlite() -> None:
    """`one_of` is a predicate as it is: typed Boolean, SQLite would compare it with 1,
    and then scan the whole table instead of searching its key (every pull by id and
    every push of new petitions on a ward's growing tables)."""
    import sqlite3

    from sqlalchemy import Column as Col
    from sqlalchemy import MetaData, String, Table
    from sqlalchemy.dialects import postgresql, sqlite

    from sync_server.storage.portable import one_of

    records = Table("records", MetaData(), Col("id", String, primary_key=True))
    statement = select(records.c.id).where(one_of(records.c.id, "ids"))
    on_sqlite = str(statement.compile(dialect=sqlite.dialect()))
    assert on_sqlite.endswith("records.id IN (SELECT value FROM json_each(?))")
    assert "records.id = ANY(" in str(statement.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE records (id TEXT PRIMARY KEY)")
    plan = " ".join(str(r[-1]) for r in db.execute("EXPLAIN QUERY PLAN " + on_sqlite, ['["a"]']))
    assert "SEARCH records" in plan and "SCAN records" not in plan
