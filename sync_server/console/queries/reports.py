"""Console layer: the facts the monthly report is computed from (only the month's petitions).

Loads petitions received up to the month's end that were received, or changed, in the
month, or are still open and past due; never the whole table.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlmodel import Session

from field_app.wire.formats import VN_TZ
from field_app.wire.lifecycle import OPEN_STATUSES
from sync_server.models.tables import group_t, petition_t
from sync_server.reports.data import PetitionFacts
from sync_server.services.inbox import received_column

_OPEN = [str(s) for s in OPEN_STATUSES]


def _vn_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), VN_TZ).astimezone(UTC)


def _vn_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(VN_TZ).date()  # type: ignore[no-any-return]


def _last_event(timeline: list[dict[str, Any]], kind: str) -> date | None:
    moments = [e.get("at") for e in timeline or [] if e.get("kind") == kind]
    return _vn_date(moments[-1]) if moments else None


def _first_event(timeline: list[dict[str, Any]], kind: str) -> date | None:
    moments = [e.get("at") for e in timeline or [] if e.get("kind") == kind]
    return _vn_date(moments[0]) if moments else None


def month_facts(session: Session, *, ward_id: str, first: date, last: date) -> list[PetitionFacts]:
    c = petition_t.c
    start, end = _vn_midnight(first), _vn_midnight(last + timedelta(days=1))
    received = received_column()
    rows = session.execute(
        select(
            c.field,
            c.category,
            c.status,
            c.received_at,
            c.created_at,
            c.due_date,
            c.ack_due,
            c.timeline,
            group_t.c.name.label("group_name"),
        )
        .join(group_t, group_t.c.id == c.group_id)
        .where(
            c.ward_id == ward_id,
            received < end,
            or_(
                received >= start,
                c.updated_at >= start,
                and_(c.status.in_(_OPEN), c.due_date <= last),
                and_(c.status == "received", c.ack_due <= last),
            ),
        )
    ).all()
    facts: list[PetitionFacts] = []
    for r in rows:
        received_on = _vn_date(r.received_at or r.created_at)
        assert received_on is not None
        facts.append(
            PetitionFacts(
                group_name=r.group_name,
                field=r.field,
                category=r.category,
                status=r.status,
                received_on=received_on,
                answered_on=_last_event(r.timeline, "answered"),
                reported_back_on=_last_event(r.timeline, "reported_back"),
                due_date=r.due_date,
                accepted_on=_first_event(r.timeline, "accepted"),
                ack_due=r.ack_due,
            )
        )
    return facts
