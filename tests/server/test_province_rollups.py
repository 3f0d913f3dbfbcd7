"""The province page reads counts kept per ward and month (migrations 0018 and 0019: the
kept rows plus the changes not yet folded in); they must be exactly what counting the
petitions gives, whatever wrote them: phones' pushes, the ward's transitions, late answers,
a withdrawal, receipts and a reversal, an erasure, a deletion, and the fill-in of a
database that had records before the counts existed."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from alembic import command
from serverkit import Phone, StaffSession
from sqlalchemy import text

from sync_server.migrate import alembic_config
from sync_server.services.privacy_erase import erase_petition
from sync_server.services.province_figures import (
    ProvinceFigures,
    WardFigures,
    figures,
    parse_period,
    province_wards,
)
from sync_server.services.province_recount import recount
from sync_server.services.wards import create_group, create_ward
from sync_server.storage import make_engine, session_scope
from sync_server.storage.province_counts import fold, folder

PERIODS = ["2025", "2026-09", "2026-10", "2026-11", "2026-12", "2026-H1", "2026-H2", "2026"]
TODAYS = [date(2026, 10, 18), date(2026, 11, 5), date(2026, 11, 30), date(2026, 12, 5),
          date(2027, 3, 1)]


def kept_and_recounted(session: Any, period_key: str, today: date
                       ) -> tuple[ProvinceFigures, ProvinceFigures]:
    period = parse_period(period_key)
    assert period is not None
    wards = province_wards(session, None)
    return (figures(session, wards=wards, period=period, today=today),
            recount(session, wards=wards, period=period, today=today))


def the_kept_counts_equal_the_recount(engine_or_server: Any) -> None:
    """Read with the changes not yet folded in, then folded (the server's own fold may
    have folded some already), then again: the same figures as counting the petitions."""
    for fold_first in (False, True):
        with _session(engine_or_server) as s:
            if fold_first:
                fold(s.connection())
                s.commit()
                assert s.execute(text("SELECT count(*) FROM province_petition_delta")
                                 ).scalar_one() == 0
            for key in PERIODS:
                for today in TODAYS:
                    kept, counted = kept_and_recounted(s, key, today)
                    assert kept == counted, (key, today, fold_first, _diff(kept, counted))


def _session(engine_or_server: Any) -> Any:
    if hasattr(engine_or_server, "session"):
        return engine_or_server.session()
    return session_scope(engine_or_server)


def _diff(kept: ProvinceFigures, counted: ProvinceFigures) -> list[Any]:
    return [(a.name, k, v, asdict(b)[k]) for a, b in zip(kept.wards, counted.wards, strict=True)
            for k, v in asdict(a).items() if asdict(b)[k] != v]


def ward_of(found: ProvinceFigures, ward_id: str) -> WardFigures:
    [ward] = [w for w in found.wards if w.ward_id == ward_id]
    return ward


def vn(moment: str) -> str:
    return moment + "+07:00"


def test_kept_counts_equal_the_recount_through_a_wards_autumn(
        live_server: Any, ward: Any, a_device_of: Any, as_staff: StaffSession) -> None:
    leader: Phone = a_device_of(ward.group_a)
    neighbour: Phone = a_device_of(ward.group_b)
    # received on the last evening of October and the first night of November, Vietnam time
    lamp = leader.create_petition(received_at=vn("2026-10-05T09:00:00"))
    eve = leader.create_petition(received_at=vn("2026-10-31T23:30:00"))
    night = leader.create_petition(received_at=vn("2026-11-01T00:30:00"))
    road = leader.create_petition(received_at=vn("2026-11-15T10:00:00"))
    drain = neighbour.create_petition(received_at=vn("2026-11-20T08:00:00"))
    december = neighbour.create_petition(received_at=vn("2026-12-01T08:00:00"))
    the_kept_counts_equal_the_recount(live_server)

    # the ward takes them up and answers; the phones report back
    for pid in (lamp, night, road, drain):
        assert as_staff.transition(pid, "accept").status_code == 200
    assert as_staff.transition(lamp, "answer", answer="Đã thay bóng").status_code == 200
    assert as_staff.transition(road, "answer", answer="Đã vá").status_code == 200
    assert leader.send("petition.report_back", {"id": lamp, "citizen_satisfied": True},
                       )["status"] == "applied"
    assert leader.send("petition.report_back", {"id": road, "citizen_satisfied": False},
                       )["status"] == "applied"
    assert leader.send("petition.withdraw", {"id": eve, "note": "Dân tự sửa"},
                       )["status"] == "applied"
    the_kept_counts_equal_the_recount(live_server)

    # the days as a ward that answered in October and November would have them (an import)
    with live_server.session() as s:
        days = {lamp: ("2026-10-10", "2026-10-08", "2026-10-15", "2026-11-03"),
                night: ("2026-11-14", "2026-11-03", "2026-11-10", None),
                road: ("2026-11-29", "2026-11-16", "2026-12-10", "2026-11-25"),
                drain: ("2026-11-21", "2026-11-25", "2026-11-28", None)}
        for pid, (ack_due, accepted, due, answered) in days.items():
            s.execute(text("UPDATE petition SET ack_due = :a, accepted_on = :t, due_date = :d,"
                           " answered_on = :n WHERE id = :id"),
                      {"a": date.fromisoformat(ack_due), "t": date.fromisoformat(accepted),
                       "d": date.fromisoformat(due),
                       "n": date.fromisoformat(answered) if answered else None, "id": pid})
    the_kept_counts_equal_the_recount(live_server)

    # receipts: one kept, one reversed, one of land in October
    campaign, home = str(uuid.uuid4()), str(uuid.uuid4())
    assert leader.send("household.upsert", {"id": home, "head_name": "Lê Văn Tư",
                                            "address": "Số 2"})["status"] == "applied"
    assert leader.send("campaign.create", {"id": campaign, "title": "Làm đường ngõ 7",
                                           "unit_kinds": ["money_vnd", "land_m2"]}
                       )["status"] == "applied"
    receipts = [("money_vnd", "500000", "2026-11-20"), ("money_vnd", "300000", "2026-11-21"),
                ("land_m2", "12.5", "2026-10-02")]
    ids = []
    for kind, quantity, day in receipts:
        ids.append(str(uuid.uuid4()))
        assert leader.send("contribution.record", {
            "id": ids[-1], "campaign_id": campaign, "household_id": home,
            "entry_type": "receipt", "kind": kind, "quantity": quantity,
            "recorded_on": day})["status"] == "applied"
    assert leader.send("contribution.reverse", {"id": str(uuid.uuid4()), "reverses_id": ids[1],
                                                "recorded_on": "2026-12-02",
                                                "note": "Ghi nhầm"})["status"] == "applied"
    # the ward erases a citizen's personal data; a petition entered twice is deleted
    with live_server.session() as s:
        erase_petition(s, ward_id=ward.id, actor="Trưởng khối", petition_id=drain)
        s.execute(text("DELETE FROM petition WHERE id = :id"), {"id": december})
    the_kept_counts_equal_the_recount(live_server)

    with live_server.session() as s:
        october, _ = kept_and_recounted(s, "2026-10", date(2026, 12, 5))
        november, _ = kept_and_recounted(s, "2026-11", date(2026, 12, 5))
        december_view, _ = kept_and_recounted(s, "2026-12", date(2026, 12, 5))
    oct_w, nov_w = ward_of(october, ward.id), ward_of(november, ward.id)
    assert (oct_w.received, oct_w.taken_up, oct_w.taken_up_on_time) == (2, 1, 1)
    assert (oct_w.answered, oct_w.overdue) == (0, 1)  # lamp: due 15/10, answered 3/11
    assert oct_w.contributions == {"land_m2": Decimal("12.5")}
    assert (nov_w.received, nov_w.groups_with_petitions, nov_w.taken_up_on_time) == (3, 2, 2)
    assert (nov_w.answered, nov_w.answered_on_time, nov_w.satisfied,
            nov_w.unsatisfied) == (2, 1, 1, 1)
    assert nov_w.overdue == 2  # night (due 10/11) and drain (due 28/11), both still open
    assert nov_w.contributions == {"money_vnd": Decimal("500000")}
    dec_w = ward_of(december_view, ward.id)
    assert (dec_w.received, dec_w.overdue) == (0, 2)


def test_a_database_with_records_gets_its_counts_filled_in_by_the_migration(
        db_url: str) -> None:
    engine = make_engine(db_url)
    config = alembic_config(db_url)
    command.downgrade(config, "0017")
    with session_scope(engine) as s:
        ward = create_ward(s, name="Phường Một")
        groups = {f"g{n}": create_group(s, ward_id=ward, name=f"Tổ {n}", number=n)
                  for n in (1, 2)}
    utc = "+00" if engine.dialect.name == "postgresql" else ""
    rows = [  # group, received (UTC), status, ack_due, accepted, due, answered, satisfied
        ("g1", "2026-10-31 16:30:00", "received", "2026-11-14", None, None, None, None),
        ("g1", "2026-10-31 17:30:00", "accepted", "2026-11-14", "2026-11-03", "2026-11-10",
         None, None),
        ("g2", "2026-11-02 03:00:00", "reported_back", "2026-11-16", "2026-11-20",
         "2026-11-25", "2026-11-27", True),
        ("g2", "2026-11-05 03:00:00", "closed", "2026-11-19", "2026-11-06", "2026-11-30",
         "2026-11-12", False),
    ]
    with engine.begin() as conn:
        for i, (group, received, status, ack_due, accepted, due, answered, sat) in enumerate(
                rows):
            conn.execute(text(
                "INSERT INTO petition (id, group_id, ward_id, title, description, field, "
                "category, anonymous, source, attachments, received_at, status, "
                "citizen_satisfied, ack_due, accepted_on, due_date, answered_on, version, "
                "field_versions, field_writers, timeline, search_text, created_at, updated_at)"
                " VALUES (:id, :g, :w, 'Kiến nghị', '', 'economy', 'other', false, "
                "'household_visit', '[]', :r, :st, :sat, :ack, :acc, :due, :ans, 1, '{}', "
                "'{}', '[]', '', :r, :r)"),
                {"id": f"p{i}", "g": groups[group], "w": ward, "r": received + utc, "st": status,
                 "sat": sat,
                 "ack": _day(ack_due), "acc": _day(accepted), "due": _day(due),
                 "ans": _day(answered)})
    command.upgrade(config, "head")
    the_kept_counts_equal_the_recount(engine)
    with session_scope(engine) as s:
        november, _ = kept_and_recounted(s, "2026-11", date(2026, 12, 5))
    [w] = november.wards
    assert (w.received, w.groups_with_petitions, w.taken_up, w.taken_up_on_time) == (3, 2, 3, 2)
    assert (w.answered, w.answered_on_time, w.satisfied, w.unsatisfied) == (2, 1, 1, 1)
    assert w.overdue == 1  # accepted, due 10/11, still open
    engine.dispose()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@pytest.mark.postgres
def test_two_writers_of_one_ward_touching_two_months_in_opposite_orders_neither_waits(
        db_url: str) -> None:
    """One transaction records a December petition then answers a November one; the other,
    of another group, answers November first, records in December and commits while the
    first is still open: a write appends its change to the counts, it never waits for
    another writer's (with 0018's kept rows it would have waited, or deadlocked)."""
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        ward = create_ward(s, name="Phường Hai Tháng")
        groups = [create_group(s, ward_id=ward, name=f"Tổ {n}", number=n) for n in (1, 2)]
    with engine.begin() as conn:
        for n, group in enumerate(groups):
            _insert_petition(conn, f"nov{n}", group, ward, "2026-11-03 03:00:00+00")
    with engine.connect() as first, engine.connect() as second:
        first.begin()
        _insert_petition(first, "dec0", groups[0], ward, "2026-12-02 03:00:00+00")
        with second.begin():
            # a wait for the first's locks would end in an error here, not in a hang
            second.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
            _answer(second, "nov1")
            _insert_petition(second, "dec1", groups[1], ward, "2026-12-02 04:00:00+00")
        _answer(first, "nov0")
        first.commit()
    the_kept_counts_equal_the_recount(engine)
    with session_scope(engine) as s:
        november, _ = kept_and_recounted(s, "2026-11", date(2026, 12, 5))
    assert (november.wards[0].received, november.wards[0].answered) == (2, 2)
    engine.dispose()


def _insert_petition(conn: Any, pid: str, group: str, ward: str, received: str) -> None:
    statement = text(
        "INSERT INTO petition (id, group_id, ward_id, title, description, field, category, "
        "anonymous, source, attachments, received_at, status, version, field_versions, "
        "field_writers, timeline, search_text, created_at, updated_at) VALUES (:id, :g, :w, "
        "'Kiến nghị', '', 'economy', 'other', false, 'household_visit', '[]', :r, "
        "'received', 1, '{}', '{}', '[]', '', :r, :r)")
    conn.execute(statement, {"id": pid, "g": group, "w": ward, "r": received})


def _answer(conn: Any, pid: str) -> None:
    conn.execute(text("UPDATE petition SET status = 'answered', answered_on = '2026-11-20' "
                      "WHERE id = :id"), {"id": pid})


def test_a_serving_process_folds_the_changes_in_the_background(db_url: str) -> None:
    """The changes writes append are added to the kept rows by the process's fold thread;
    the figures stay the recount's all along."""
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        ward = create_ward(s, name="Phường Gấp")
        group = create_group(s, ward_id=ward, name="Tổ 1", number=1)
    utc = "+00" if engine.dialect.name == "postgresql" else ""
    with engine.begin() as conn:
        for n in range(3):
            _insert_petition(conn, f"p{n}", group, ward, "2026-11-03 03:00:00" + utc)
    the_changes_waiting = "SELECT count(*) FROM province_petition_delta"
    with engine.connect() as conn:
        assert conn.execute(text(the_changes_waiting)).scalar_one() == 3
    job = folder(engine, every_s=0.05)
    job.start()
    try:
        with engine.connect() as conn:
            for _ in range(200):  # up to 10 s for a fold that takes milliseconds
                if conn.execute(text(the_changes_waiting)).scalar_one() == 0:
                    break
                conn.rollback()
                time.sleep(0.05)
            assert conn.execute(text(the_changes_waiting)).scalar_one() == 0
            assert conn.execute(text("SELECT received FROM province_month WHERE ward_id = :w"),
                                {"w": ward}).scalar_one() == 3
    finally:
        job.stop()
    the_kept_counts_equal_the_recount(engine)
    engine.dispose()
