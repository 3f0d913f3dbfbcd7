"""Console layer: the paged, filtered, diacritics-insensitive petition inbox of one ward.

Every query is limited to one page (LIMIT/OFFSET over indexed columns) plus one
GROUP BY for the status counts, so the inbox stays fast with tens of thousands of
petitions; nothing loads the whole table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlmodel import Session

from field_app.wire.lifecycle import OPEN_STATUSES
from field_app.wire.text import fold, like_pattern
from sync_server.models.tables import group_t, petition_t
from sync_server.services.deadline_queries import (
    deadline_of,
    due_soon_clause,
    overdue_clause,
    running_deadline_column,
)

OPEN = [str(s) for s in OPEN_STATUSES]
SORTS = ("age", "newest", "due")
# answered, and the citizen said they are not satisfied: the ward's "reopen?" list
ANSWERED = ["answered", "reported_back", "closed"]


@dataclass
class InboxFilters:
    status: str | None = None
    group_id: str | None = None
    field: str | None = None
    category: str | None = None
    overdue: bool = False
    # due today or within the next 2 working days: the inbox passes the last such day
    due_soon: bool = False
    unassigned: bool = False
    reopen: bool = False  # the citizen is not satisfied with the answer: reopen?
    q: str = ""
    sort: str = "age"


@dataclass(frozen=True)
class InboxRow:
    id: str
    title: str
    group_name: str
    field: str
    category: str
    status: str
    received_at: datetime | None
    due_date: date | None
    assigned_unit: str | None
    overdue: bool
    ack_due: date | None = None
    due_soon: bool = False

    @property
    def deadline(self) -> date | None:
        """The deadline that runs now: taking it up, then answering it."""
        return deadline_of(self.status, self.ack_due, self.due_date)


@dataclass
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    page_size: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def petition_list_columns() -> list[Any]:
    """What a list of petitions shows: no answer text, no citizen's personal data."""
    c = petition_t.c
    return [
        c.id,
        c.title,
        c.description,
        group_t.c.name.label("group_name"),
        c.field,
        c.category,
        c.status,
        c.received_at,
        c.created_at,
        c.due_date,
        c.ack_due,
        c.assigned_unit,
    ]


def _conditions(
    ward_id: str, filters: InboxFilters, today: date, *, with_status: bool,
    soon_until: date | None = None,
) -> list[ColumnElement[Any]]:
    c = petition_t.c
    where: list[ColumnElement[Any]] = [c.ward_id == ward_id]
    if with_status and filters.status:
        where.append(c.status == filters.status)
    if filters.group_id:
        where.append(c.group_id == filters.group_id)
    if filters.field:
        where.append(c.field == filters.field)
    if filters.category:
        where.append(c.category == filters.category)
    if filters.overdue:
        where.append(overdue_clause(today))
    if filters.due_soon:
        where.append(due_soon_clause(today, soon_until or today))
    if filters.unassigned:
        where.append(
            and_(c.status.in_(OPEN), or_(c.assigned_unit.is_(None), c.assigned_unit == ""))
        )
    if filters.reopen:
        where.append(and_(c.citizen_satisfied.is_(False), c.status.in_(ANSWERED)))
    if fold(filters.q):
        where.append(c.search_text.like(like_pattern(filters.q), escape="\\"))
    return where


def _order(sort: str) -> list[Any]:
    c = petition_t.c
    received = func.coalesce(c.received_at, c.created_at)
    if sort == "newest":
        return [received.desc(), c.id]
    if sort == "due":
        deadline = running_deadline_column()
        return [deadline.is_(None), deadline.asc(), received.asc(), c.id]
    return [received.asc(), c.id]


def inbox_page(
    session: Session,
    *,
    ward_id: str,
    filters: InboxFilters,
    today: date,
    page: int = 1,
    page_size: int = 25,
    soon_until: date | None = None,
) -> InboxPage:
    """One page of the ward's petitions matching `filters`, with the counts per status.
    `soon_until`: the last day that counts as "due soon" (2 working days after today)."""
    c = petition_t.c
    until = soon_until or today
    where = _conditions(ward_id, filters, today, with_status=True, soon_until=until)
    count_where = _conditions(ward_id, filters, today, with_status=False, soon_until=until)
    # grouped by an expression, so that SQLite picks its index for the WHERE (group, search)
    # rather than the status index for the grouping (a scan of the whole ward)
    status_key = func.coalesce(c.status, "")
    counts = {
        status: n
        for status, n in session.execute(
            select(status_key, func.count()).where(*count_where).group_by(status_key)
        ).all()
    }
    # the total follows from the counts per status (one scan of the ward, not two)
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    page = max(1, min(page, max(1, -(-total // page_size))))
    rows = [] if total == 0 else session.execute(
        select(*petition_list_columns())
        .join(group_t, group_t.c.id == c.group_id)
        .where(*where)
        .order_by(*_order(filters.sort))
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return InboxPage(
        rows=[
            InboxRow(
                id=r.id,
                title=r.title or (r.description or "")[:80],
                group_name=r.group_name,
                field=r.field,
                category=r.category,
                status=r.status,
                received_at=r.received_at or r.created_at,
                due_date=r.due_date,
                assigned_unit=r.assigned_unit,
                overdue=_is_past(deadline_of(r.status, r.ack_due, r.due_date), today),
                ack_due=r.ack_due,
                due_soon=_is_soon(deadline_of(r.status, r.ack_due, r.due_date), today, until),
            )
            for r in rows
        ],
        total=total,
        page=page,
        page_size=page_size,
        counts=counts,
    )


def _is_past(deadline: date | None, today: date) -> bool:
    return deadline is not None and deadline < today


def _is_soon(deadline: date | None, today: date, until: date) -> bool:
    return deadline is not None and today <= deadline <= until
