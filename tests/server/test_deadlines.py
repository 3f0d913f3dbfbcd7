"""Deadlines in working days on the server: Vietnam's calendar (Tết 2027 and 2028), the
ward's policy and added days, `ack_due` on receipt and `due_date` by default on accept."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sync_server.services import deadlines
from sync_server.services.deadlines import Policy, WardDayRow, default_calendar


def test_vietnam_knows_tet_2027_and_2028_and_the_days_moved_into_them() -> None:
    tet_2027 = {date(2027, 2, d) for d in range(4, 11)}  # 29 Tết to mùng 5
    tet_2028 = {date(2028, 1, d) for d in range(24, 30)}  # 29 Tết to mùng 4
    assert tet_2027 <= deadlines.vietnam_holidays(2027)
    assert tet_2028 <= deadlines.vietnam_holidays(2028)
    # New Year 2028 falls on a Saturday: the Monday after is off instead
    assert date(2028, 1, 3) in deadlines.vietnam_holidays(2028)
    names = dict(deadlines.public_holidays(2027, "vi"))
    assert names[date(2027, 2, 6)] == "Tết Nguyên Đán"


def test_a_saturday_worked_in_exchange_for_a_day_off_counts() -> None:
    # 2026: Monday 31/08 off (before National Day), Saturday 22/08 worked instead
    calendar = default_calendar()
    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 8, 31))
    assert calendar.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    # the ward may still say otherwise
    ward_off = Policy(days=(WardDayRow(date(2026, 8, 22), "off"),)).calendar
    assert not ward_off.is_working_day(date(2026, 8, 22))


def test_ten_working_days_across_tet_2027() -> None:
    calendar = default_calendar()
    received = date(2027, 2, 3)  # Wednesday before Tết
    assert calendar.add_working_days(received, 1) == date(2027, 2, 11)
    assert calendar.add_working_days(received, 10) == date(2027, 2, 24)
    assert calendar.working_days_between(received, date(2027, 2, 24)) == 10


def test_ten_working_days_across_tet_2028_and_a_day_the_ward_adds() -> None:
    received = date(2028, 1, 21)  # Friday before Tết
    assert default_calendar().add_working_days(received, 10) == date(2028, 2, 11)
    # the ward adds Friday 11/02 as a day off: the tenth working day moves to Monday
    moved = Policy(days=(WardDayRow(date(2028, 2, 11), "off"),))
    assert moved.calendar.add_working_days(received, 10) == date(2028, 2, 14)
    # ... and makes Saturday 12/02 a working day in exchange
    exchanged = Policy(days=(WardDayRow(date(2028, 2, 11), "off"),
                             WardDayRow(date(2028, 2, 12), "working")))
    assert exchanged.calendar.add_working_days(received, 10) == date(2028, 2, 12)


def test_ack_due_counts_from_the_day_in_vietnam() -> None:
    # 18:30 UTC on 2 February is already 3 February in Vietnam
    late_evening = datetime(2027, 2, 2, 18, 30, tzinfo=UTC)
    assert Policy().ack_due(late_evening) == date(2027, 2, 24)
    assert Policy(ack_working_days=5).ack_due(late_evening) == date(2027, 2, 17)


def test_the_answer_is_due_by_category_or_by_default() -> None:
    policy = Policy(answer_working_days=15, answer_by_category={"land": 30})
    assert policy.answer_days("land") == 30
    assert policy.answer_days("lighting") == 15
    assert policy.answer_due(date(2027, 2, 3), "lighting") == date(2027, 3, 3)


def _policy_of(live_server: Any, ward: Any) -> Policy:
    with live_server.session() as s:
        return deadlines.load_policy(s, ward.id)


def test_the_server_sets_ack_due_on_receipt_and_due_date_on_accept(
    live_server: Any, ward: Any, a_device_of: Any, as_staff: Any
) -> None:
    with live_server.session() as s:
        deadlines.save_policy(s, ward.id, ack_working_days="7", answer_working_days="12",
                              answer_by_category={"land": "20", "lighting": ""},
                              actor="Cán bộ")
    policy = _policy_of(live_server, ward)
    assert policy.answer_by_category == {"land": 20}
    phone = a_device_of(ward.group_a)
    lamp = phone.create_petition(title="Đèn đường hỏng", category="lighting")
    land = phone.create_petition(title="Tranh chấp ranh đất", category="land")
    typed = phone.create_petition(title="Rác đầu ngõ", category="environment")

    phone.pull_all()
    pulled = phone.latest("petition", lamp)
    assert pulled is not None
    today = deadlines.received_day(None)
    assert pulled["ack_due"] == policy.calendar.add_working_days(today, 7).isoformat()
    assert pulled["due_date"] is None

    assert as_staff.transition(lamp, "accept").status_code == 200
    assert as_staff.transition(land, "accept").status_code == 200
    assert as_staff.transition(typed, "accept", due_date="2027-12-15").status_code == 200
    assert as_staff.petition(lamp)["due_date"] == policy.calendar.add_working_days(
        today, 12).isoformat()
    assert as_staff.petition(land)["due_date"] == policy.calendar.add_working_days(
        today, 20).isoformat()
    assert as_staff.petition(typed)["due_date"] == "2027-12-15"
    # the phone pulls both dates
    phone.pull_all()
    assert phone.latest("petition", land)["due_date"] == as_staff.petition(land)["due_date"]


def test_the_policy_refuses_days_out_of_range(live_server: Any, ward: Any) -> None:
    import pytest

    from sync_server.errors import ApiProblem

    with live_server.session() as s, pytest.raises(ApiProblem):
        deadlines.save_policy(s, ward.id, ack_working_days="0", answer_working_days="15",
                              answer_by_category={}, actor="x")
    assert _policy_of(live_server, ward).ack_working_days == 10


def test_overdue_in_the_api_uses_ack_due_before_the_petition_is_taken_up(
    live_server: Any, ward: Any, a_device_of: Any, as_staff: Any
) -> None:
    from sqlalchemy import update

    from sync_server.models.tables import petition_t

    phone = a_device_of(ward.group_a)
    waiting, fresh = phone.create_petition(), phone.create_petition()
    with live_server.session() as s:
        s.execute(update(petition_t).where(petition_t.c.id == waiting)
                  .values(ack_due=date(2026, 1, 5)))
    overdue = as_staff.get("/api/v1/petitions", params={"overdue": True}).json()
    not_overdue = as_staff.get("/api/v1/petitions", params={"overdue": False}).json()
    assert [p["id"] for p in overdue["items"]] == [waiting]
    assert [p["id"] for p in not_overdue["items"]] == [fresh]
