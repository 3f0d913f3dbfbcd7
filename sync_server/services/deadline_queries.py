"""Service layer: which petitions are overdue or due soon, as SQL conditions (the console's
inbox, the staff API and the reports agree on them).

The deadline that runs: `ack_due` while the petition waits to be taken up (`received`),
`due_date` once taken up and until answered (`accepted`, `in_progress`); none after.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_

from field_app.wire.records import PetitionStatus as S
from sync_server.models.tables import petition_t

RECEIVED = S.RECEIVED.value
TAKEN_UP = [S.ACCEPTED.value, S.IN_PROGRESS.value]  # the answer is due


def deadline_of(status: str, ack_due: date | None, due_date: date | None) -> date | None:
    """Waiting to be taken up: `ack_due`; taken up and not yet answered: `due_date`."""
    if status == RECEIVED:
        return ack_due
    return due_date if status in TAKEN_UP else None


def running_deadline() -> ColumnElement[Any]:
    c = petition_t.c
    return case((c.status == RECEIVED, c.ack_due), (c.status.in_(TAKEN_UP), c.due_date),
                else_=None)


def overdue_clause(today: date) -> ColumnElement[bool]:
    """Not taken up by `ack_due`, or taken up and not answered by `due_date`."""
    c = petition_t.c
    return or_(and_(c.status == RECEIVED, c.ack_due < today),
               and_(c.status.in_(TAKEN_UP), c.due_date < today))


def due_soon_clause(today: date, until: date) -> ColumnElement[bool]:
    """The running deadline falls between today and `until`, both included."""
    c = petition_t.c
    return or_(and_(c.status == RECEIVED, c.ack_due >= today, c.ack_due <= until),
               and_(c.status.in_(TAKEN_UP), c.due_date >= today, c.due_date <= until))
