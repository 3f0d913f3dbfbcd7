"""Service layer: webhook events, written in the transaction of the change that causes them
(an outbox), one row per event and active webhook of the ward.

A ward without webhooks pays nothing but the look-up of its active webhooks: a push gets
them with its first statements (services.push.start, no extra round trip on PostgreSQL);
other writers read them once per transaction (`WriteContext.webhooks`). The payload is made
here, at the time of the change: what a receiver gets is the petition as it was then.
Without `carries_personal` it holds no personal data: no citizen's name, phone, household,
address, nor the title and description, which often name people.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, insert, select, true

from sync_server.models.tables import device_t, webhook_event_t, webhook_t
from sync_server.storage.statements import DirectStatement
from sync_server.storage.steps import Step, insert_step

CREATED = "petition.created"
STATUS_CHANGED = "petition.status_changed"
ANSWERED = "petition.answered"
CITIZEN_FEEDBACK = "petition.citizen_feedback"
KINDS = (CREATED, STATUS_CHANGED, ANSWERED, CITIZEN_FEEDBACK)
PERSONAL = ("citizen_name", "citizen_phone", "household_id", "title", "description",
            "location_text")


@dataclass(frozen=True)
class Hook:
    """An active webhook of the ward, as an event needs it."""

    id: str
    carries_personal: bool


_ACTIVE = select(webhook_t.c.id, webhook_t.c.carries_personal).where(
    webhook_t.c.ward_id == bindparam("w"), webhook_t.c.active == true()).order_by(webhook_t.c.id)
# for a push: the device's ward, found by its token in the same pipeline (services.push)
ACTIVE_BY_TOKEN = DirectStatement(
    select(webhook_t.c.id, webhook_t.c.carries_personal).where(
        webhook_t.c.active == true(),
        webhook_t.c.ward_id == select(device_t.c.ward_id)
        .where(device_t.c.token_hash == bindparam("h")).scalar_subquery()
    ).order_by(webhook_t.c.id))


class Writer(Protocol):
    """What an event needs of the transaction that causes it (`services.context.WriteContext`,
    which reads the ward's hooks through this module, so it is named here by its shape)."""

    now: datetime

    @property
    def conn(self) -> Connection: ...

    def webhooks(self) -> tuple[Hook, ...]: ...


def hooks_of(rows: Sequence[Any]) -> tuple[Hook, ...]:
    return tuple(Hook(r.id, bool(r.carries_personal)) for r in rows)


def active_hooks(conn: Connection, ward_id: str) -> tuple[Hook, ...]:
    """The ward's active webhooks (an indexed read; usually none)."""
    return hooks_of(conn.execute(_ACTIVE, {"w": ward_id}).all())


def _when(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def payload(*, kind: str, event_id: str, at: datetime, row: Mapping[str, Any], group: str,
            personal: bool, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The JSON a receiver gets: the event and the petition as it is after the change."""
    petition = {
        "id": row["id"], "tracking_code": row.get("tracking_code"), "status": row["status"],
        "group": group, "field": row.get("field"), "category": row.get("category"),
        "source": row.get("source"), "received_at": _when(row.get("received_at")),
        "ack_due": _when(row.get("ack_due")), "due_date": _when(row.get("due_date")),
        "assigned_unit": row.get("assigned_unit"), "answer": row.get("answer"),
        "citizen_satisfied": row.get("citizen_satisfied"),
        "updated_at": _when(row.get("updated_at")),
    }
    if personal:
        petition.update({key: row.get(key) for key in PERSONAL})
    body: dict[str, Any] = {"event": kind, "event_id": event_id, "occurred_at": at.isoformat(),
                            "ward_id": row["ward_id"], "personal_data": personal,
                            "petition": petition}
    if extra:
        body.update(extra)
    return body


def event_rows(ctx: Writer, *, kind: str, row: Mapping[str, Any], group: str,
               extra: Mapping[str, Any] | None = None, personal_extra: Mapping[str, Any]
               | None = None) -> list[dict[str, Any]]:
    """One outbox row per active webhook of the writer's ward (none without webhooks)."""
    hooks = ctx.webhooks()
    if not hooks:
        return []
    event_id = str(uuid.uuid4())
    bodies = {}
    for personal in {h.carries_personal for h in hooks}:
        more = {**(extra or {}), **((personal_extra or {}) if personal else {})}
        bodies[personal] = payload(kind=kind, event_id=event_id, at=ctx.now, row=row,
                                   group=group, personal=personal, extra=more)
    return [{"event_id": event_id, "webhook_id": h.id, "kind": kind,
             "payload": bodies[h.carries_personal], "created_at": ctx.now, "state": "pending",
             "attempts": 0, "next_attempt_at": ctx.now} for h in hooks]


def emit(ctx: Writer, *, kind: str, row: Mapping[str, Any], group: str,
         extra: Mapping[str, Any] | None = None,
         personal_extra: Mapping[str, Any] | None = None) -> int:
    """Write the event now, in the writer's transaction; returns how many rows."""
    rows = event_rows(ctx, kind=kind, row=row, group=group, extra=extra,
                      personal_extra=personal_extra)
    if rows:
        ctx.conn.execute(insert(webhook_event_t), rows)
    return len(rows)


def created_step(ctx: Writer, rows: Sequence[Mapping[str, Any]], group: str) -> list[Step]:
    """The events of a run of new petitions, for push's batch of writes (storage.steps)."""
    if not ctx.webhooks():
        return []
    events = [e for row in rows for e in event_rows(ctx, kind=CREATED, row=row, group=group)]
    return insert_step(ctx.conn, webhook_event_t, events)


def status_kind(action_status: str) -> str:
    """The event of a move to `action_status`: answered has its own."""
    return ANSWERED if action_status == "answered" else STATUS_CHANGED


RETRY_MULTIPLES = (1, 4, 20, 120, 360, 720, 1440)  # of the base: 30 s, 2 min ... 12 h


def next_attempt(base_s: float, attempts: int) -> timedelta | None:
    """The wait before the next try after `attempts` failed ones; None: give up (about
    22 hours after the first try with the 30 s base)."""
    if attempts > len(RETRY_MULTIPLES):
        return None
    return timedelta(seconds=base_s * RETRY_MULTIPLES[attempts - 1])
