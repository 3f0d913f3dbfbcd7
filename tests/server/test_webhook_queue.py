"""The webhook queue without the serving process's task: one process claims an event, only
the head of a webhook's queue is due, retries wait longer each time and end given up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from serverkit import LiveServer, SeededWard
from sqlalchemy import select

from sync_server.models.tables import webhook_event_t
from sync_server.services import webhooks
from sync_server.services.staff import StaffUser
from sync_server.services.webhook_events import next_attempt
from sync_server.webhook_delivery import Result, WebhookDelivery


@pytest.fixture
def live_server(live_server_factory: Callable[..., LiveServer]) -> LiveServer:
    return live_server_factory(webhook_delivery=False)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def _queue(server: LiveServer) -> list[Any]:
    with server.session() as s:
        return list(s.execute(select(webhook_event_t).order_by(webhook_event_t.c.id)).all())


def test_one_process_claims_the_head_and_retries_grow_until_given_up(
        live_server: LiveServer, ward: SeededWard, a_device_of: Any) -> None:
    head = StaffUser(id="head-1", ward_id=ward.id, username="truongkhoi", full_name="")
    with live_server.session() as s:
        webhooks.register(s, head, url="http://127.0.0.1:9/hook")
    phone = a_device_of(ward.group_a)
    phone.create_petition()
    phone.create_petition()
    clock = Clock()
    ours = WebhookDelivery(live_server.app.state.engine, retry_base_s=30, clock=clock)
    theirs = WebhookDelivery(live_server.app.state.engine, retry_base_s=30, clock=clock)
    claimed = ours.claim()
    assert [c.id for c in claimed] == [_queue(live_server)[0].id]  # the head only
    assert theirs.claim() == []  # held by us: the other process does not send it too
    waits = []
    for _ in range(8):
        ours.record(claimed[0], Result(None, "refused"))
        first = _queue(live_server)[0]
        if first.state == "given_up":
            break
        waits.append(first.next_attempt_at - clock.now)
        assert theirs.claim() == []  # not due yet, and the second event waits behind it
        clock.now = first.next_attempt_at
        claimed = ours.claim()
        assert [c.id for c in claimed] == [first.id]
    assert waits[:4] == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
                         timedelta(hours=1)]
    assert sum(w.total_seconds() for w in waits) / 3600 == pytest.approx(22.2, abs=0.1)
    first, second = _queue(live_server)
    assert (first.state, first.attempts, first.last_error) == ("given_up", 8, "refused")
    assert [c.id for c in ours.claim()] == [second.id]  # given up: the next one goes
    assert next_attempt(30, 8) is None
