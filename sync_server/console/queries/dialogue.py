"""Console layer: the ward's dialogue day (its date, its saved session, agenda candidates)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from sqlalchemy import case, select
from sqlmodel import Session

from field_app.wire.formats import VN_TZ
from field_app.wire.lifecycle import OPEN_STATUSES
from field_app.wire.records import PetitionStatus
from sync_server.models.tables import dialogue_t, group_t, petition_t
from sync_server.reports.data import AgendaItem, CommitmentRow
from sync_server.services.inbox import petition_list_columns, received_column

CANDIDATE_STATUSES = [str(s) for s in OPEN_STATUSES] + [PetitionStatus.ANSWERED.value]
_OPEN = [str(s) for s in OPEN_STATUSES]


def next_dialogue_day(today: date, day_of_month: int = 15) -> date:
    """The next dialogue day on or after `today` (the day is clamped to short months)."""
    year, month = today.year, today.month
    for _ in range(2):
        day = min(day_of_month, calendar.monthrange(year, month)[1])
        candidate = date(year, month, day)
        if candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("unreachable")


def ward_session_on(session: Session, *, ward_id: str, on: date) -> dict[str, Any] | None:
    """The ward's dialogue-day session scheduled on `on`, as a wire record."""
    from sync_server.services.records import dialogue_wire

    row = session.execute(
        select(dialogue_t)
        .where(
            dialogue_t.c.ward_id == ward_id,
            dialogue_t.c.scope == "ward",
            dialogue_t.c.kind == "ward_dialogue_day",
            dialogue_t.c.scheduled_on == on,
        )
        .order_by(dialogue_t.c.created_at)
    ).first()
    return dialogue_wire(row) if row else None


def _item(r: Any, today: date) -> AgendaItem:
    received = r.received_at or r.created_at
    return AgendaItem(
        petition_id=r.id,
        title=r.title or (r.description or "")[:80],
        group_name=r.group_name,
        field=r.field,
        category=r.category,
        status=r.status,
        description=r.description or "",
        received_on=received.astimezone(VN_TZ).date() if received else None,
        due_date=r.due_date,
        overdue=r.status in _OPEN and r.due_date is not None and r.due_date < today,
        assigned_unit=r.assigned_unit,
        prepared_answer=r.answer,
        citizen_name=None if r.anonymous else r.citizen_name,
        citizen_phone=None if r.anonymous else r.citizen_phone,
    )


def _petition_columns() -> list[Any]:
    """The list columns plus what the briefing needs: the prepared answer and the citizen."""
    c = petition_t.c
    return [*petition_list_columns(), c.answer, c.anonymous, c.citizen_name, c.citizen_phone]


def agenda_candidates(
    session: Session, *, ward_id: str, today: date, limit: int = 200
) -> list[AgendaItem]:
    """Open, overdue and answered-not-yet-told petitions, grouped by field, category, group."""
    c = petition_t.c
    overdue_first = case((c.due_date < today, 0), else_=1)
    rows = session.execute(
        select(*_petition_columns())
        .join(group_t, group_t.c.id == c.group_id)
        .where(c.ward_id == ward_id, c.status.in_(CANDIDATE_STATUSES))
        .order_by(
            c.field,
            c.category,
            group_t.c.number,
            overdue_first,
            received_column(),
        )
        .limit(limit)
    ).all()
    return [_item(r, today) for r in rows]


def agenda_items(
    session: Session, *, ward_id: str, petition_ids: list[str], today: date
) -> list[AgendaItem]:
    """The chosen petitions, in the chosen order."""
    if not petition_ids:
        return []
    c = petition_t.c
    rows = session.execute(
        select(*_petition_columns())
        .join(group_t, group_t.c.id == c.group_id)
        .where(c.ward_id == ward_id, c.id.in_(petition_ids))
    ).all()
    by_id = {r.id: _item(r, today) for r in rows}
    return [by_id[pid] for pid in petition_ids if pid in by_id]


def open_commitments(session: Session, *, ward_id: str) -> list[CommitmentRow]:
    """Commitments of earlier ward sessions still being followed."""
    rows = session.execute(
        select(dialogue_t.c.commitments).where(
            dialogue_t.c.ward_id == ward_id, dialogue_t.c.scope == "ward"
        )
    ).all()
    out: list[CommitmentRow] = []
    for (commitments,) in rows:
        for item in commitments or []:
            if item.get("status", "open") != "done":
                due = item.get("due_date")
                out.append(
                    CommitmentRow(
                        text=item.get("text", ""),
                        owner=item.get("owner", ""),
                        due_date=date.fromisoformat(due) if due else None,
                    )
                )
    return out
