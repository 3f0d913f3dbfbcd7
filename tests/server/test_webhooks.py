"""Webhooks end to end: a live server, a phone, ward staff and a real receiver on 127.0.0.1.
Events are signed, carry no personal data unless allowed, arrive in order, wait for a receiver
that was down, are written with their change or not at all, and never hold up a push."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from serverkit import LiveServer, SeededWard, petition_args
from sqlalchemy import select
from webhook_receiver import Receiver, wait_until

from sync_server.models.tables import webhook_event_t
from sync_server.services import webhooks
from sync_server.services.staff import StaffUser

NAME, PHONE = "Nguyễn Văn Hùng", "0912345678"
TITLE = "Đèn đường ngõ 12 bị hỏng"


@pytest.fixture
def live_server(live_server_factory: Callable[..., LiveServer]) -> LiveServer:
    """Retries after 0.05 s, 0.2 s, 1 s... instead of 30 s, 2 min, 10 min."""
    return live_server_factory(webhook_retry_base_s=0.05, webhook_poll_s=0.05,
                               webhook_timeout_s=3)


@pytest.fixture
def receiver() -> Any:
    made = Receiver()
    yield made
    made.down()


def register(server: LiveServer, ward: SeededWard, url: str, *,
             personal: bool = False) -> webhooks.Registered:
    head = StaffUser(id="head-1", ward_id=ward.id, username="truongkhoi", full_name="Lê Thị Thu")
    with server.session() as s:
        return webhooks.register(s, head, url=url, carries_personal=personal)


def events(server: LiveServer) -> list[Any]:
    with server.session() as s:
        return list(s.execute(select(webhook_event_t).order_by(webhook_event_t.c.id)).all())


def test_a_new_petition_is_posted_signed_and_without_personal_data(
        live_server: LiveServer, ward: SeededWard, a_device_of: Any, receiver: Receiver) -> None:
    hook = register(live_server, ward, receiver.up().url)
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(tracking_code="K7M-2Q9-XDA", citizen_name=NAME,
                                citizen_phone=PHONE)
    wait_until(lambda: len(receiver.received) == 1, what="the event")
    got = receiver.received[0]
    assert got.signed_with(hook.secret)
    assert not got.signed_with(hook.secret + "x")
    assert got.headers["x-danvan-event"] == "petition.created"
    assert got.headers["content-type"] == "application/json"
    body = got.json
    assert got.headers["x-danvan-delivery"] == body["event_id"]
    assert body["event"] == "petition.created" and body["personal_data"] is False
    petition = body["petition"]
    assert petition["id"] == pid and petition["tracking_code"] == "K7M-2Q9-XDA"
    assert petition["status"] == "received" and petition["group"] == "Tổ dân phố 1"
    assert petition["received_at"] and petition["ack_due"]
    text = got.body.decode()
    for personal in (NAME, PHONE, TITLE, "Ngõ 12", "buổi tối"):
        assert personal not in text
    wait_until(lambda: events(live_server)[0].state == "delivered", what="the log")
    assert events(live_server)[0].attempts == 1


def test_a_webhook_allowed_personal_data_gets_the_name_and_phone(
        live_server: LiveServer, ward: SeededWard, a_device_of: Any, receiver: Receiver) -> None:
    receiver.up()
    register(live_server, ward, receiver.url, personal=True)
    a_device_of(ward.group_a).create_petition(citizen_name=NAME, citizen_phone=PHONE)
    wait_until(lambda: len(receiver.received) == 1, what="the event")
    petition = receiver.received[0].json["petition"]
    assert receiver.received[0].json["personal_data"] is True
    assert (petition["citizen_name"], petition["citizen_phone"]) == (NAME, PHONE)
    assert petition["title"] == TITLE


def test_a_receiver_down_gets_the_events_later_in_order_and_the_push_never_waits(
        live_server: LiveServer, ward: SeededWard, a_device_of: Any, receiver: Receiver) -> None:
    register(live_server, ward, receiver.url)  # nothing listens there yet
    phone = a_device_of(ward.group_a)
    first = phone.create_petition()
    # a batch of three new petitions takes push's fast path (one write for the run)
    batch = [petition_args() for _ in range(3)]
    pushed = phone.push([phone.mutation("petition.create", args) for args in batch])
    assert [r["status"] for r in pushed["results"]] == ["applied"] * 3
    wait_until(lambda: (events(live_server)[0].attempts or 0) >= 1, what="a failed attempt")
    head = events(live_server)[0]
    assert head.state == "pending" and head.last_error == "refused"
    assert all(e.attempts == 0 for e in events(live_server)[1:])  # they wait their turn
    receiver.up()
    wait_until(lambda: len(receiver.received) == 4, what="all four events")
    assert [r.json["petition"]["id"] for r in receiver.received] == [
        first, *[a["id"] for a in batch]]
    wait_until(lambda: all(e.state == "delivered" for e in events(live_server)),
               what="the log")


def test_staff_moves_and_the_citizens_view_follow_the_creation_in_order(
        live_server: LiveServer, ward: SeededWard, a_device_of: Any, as_staff: Any,
        receiver: Receiver) -> None:
    receiver.up()
    register(live_server, ward, receiver.url)
    pid = a_device_of(ward.group_a).create_petition(tracking_code="K7M-2Q9-XDB")
    assert as_staff.transition(pid, "accept").status_code == 200
    assert as_staff.transition(pid, "assign", assigned_unit="Tổ điện").status_code == 200
    answer = "Đã thay bóng đèn ngõ 12 ngày 20/11."
    assert as_staff.transition(pid, "answer", answer=answer).status_code == 200
    from sync_server.services import citizen_feedback

    with live_server.session() as s:
        assert citizen_feedback.record(s, ward_id=ward.id, tracking_code="K7M-2Q9-XDB",
                                       satisfied=False, comment="Đèn lại hỏng, gọi 0900111222")
    wait_until(lambda: len(receiver.received) == 4, what="four events")
    bodies = [r.json for r in receiver.received]
    assert [b["event"] for b in bodies] == [
        "petition.created", "petition.status_changed", "petition.answered",
        "petition.citizen_feedback"]
    assert (bodies[1]["previous_status"], bodies[1]["petition"]["status"]) == (
        "received", "accepted")
    assert bodies[1]["petition"]["due_date"]  # the ward's policy set it on accepting
    assert bodies[2]["petition"]["answer"] == answer
    assert bodies[2]["petition"]["assigned_unit"] == "Tổ điện"
    assert bodies[3]["petition"]["citizen_satisfied"] is False
    assert "0900111222" not in receiver.received[3].body.decode()


def test_no_event_for_a_refused_change_and_none_for_a_ward_without_webhooks(
        live_server: LiveServer, ward: SeededWard, a_device_of: Any) -> None:
    phone = a_device_of(ward.group_a)
    phone.create_petition()
    assert events(live_server) == []  # no webhook: nothing written
    register(live_server, ward, "http://127.0.0.1:9/hook")
    refused = phone.send("petition.create", petition_args(household_id="no-such-home"))
    assert refused["status"] == "rejected"
    assert events(live_server) == []  # its savepoint rolled back, the event with it


def test_a_switched_off_webhook_gets_no_new_events(
        live_server: LiveServer, ward: SeededWard, a_device_of: Any) -> None:
    hook = register(live_server, ward, "http://127.0.0.1:9/hook")
    head = StaffUser(id="head-1", ward_id=ward.id, username="truongkhoi", full_name="")
    with live_server.session() as s:
        assert webhooks.switch_off(s, head, hook.id)
    a_device_of(ward.group_a).create_petition()
    assert events(live_server) == []
