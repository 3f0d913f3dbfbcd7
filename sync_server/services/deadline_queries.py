"""Service layer: which petitions are overdue or due soon, as SQL conditions (the console's
inbox, the staff API and the reports agree on them).

The deadline that runs: `ack_due` while the petition waits to be taken up (`received`),
`due_date` once taken up and until answered (`accepted`, `in_progress`); none after.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_

from field_app.wire.lifecycle import running_deadline as deadline_of
from field_app.wire.records import PetitionStatus as S
from sync_server.models.tables import petition_t

RECEIVED = S.RECEIVED.value
TAKEN_UP = [S.ACCEPTED.value, S.IN_PROGRESS.value]  # the answer is due


__all__ = ["deadline_of", "due_soon_clause", "overdue_clause", "running_deadline_column"]


def running_deadline_column() -> ColumnElement[Any]:
    """`deadline_of` in SQL."""
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
