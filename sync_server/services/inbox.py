"""Service layer: the ward's petition inbox, read by the staff API and by the console alike.

One filter type (`InboxFilters`) and one sort vocabulary (`SORTS`, the names the API
documents): both entrances build the same WHERE and ORDER BY, so a petition is overdue,
unassigned or found by a search in the same way wherever staff look.

Every query reads one page (LIMIT/OFFSET over indexed columns) plus one count, so the
inbox stays fast with tens of thousands of petitions; nothing loads the whole table. The
received order is COALESCE(received_at, created_at), id: the ward's received-order index
(migrations 0004 and 0007).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, and_, false, func, not_, or_, select
from sqlmodel import Session

from field_app.wire.lifecycle import OPEN_STATUSES
from field_app.wire.text import fold, like_pattern
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import group_t, petition_t
from sync_server.services.deadline_queries import (
    deadline_of,
    due_soon_clause,
    overdue_clause,
    running_deadline_column,
)
from sync_server.services.records import petition_wire

OPEN = [str(s) for s in OPEN_STATUSES]
# answered, and the citizen said they are not satisfied: the ward's "reopen?" list
ANSWERED = ["answered", "reported_back", "closed"]
PERSONAL = ("citizen_name", "citizen_phone")
"""A petition's personal data: shown by the API only when asked for, and then audited."""

Sort = Literal["received_at", "-received_at", "deadline", "due_date", "-due_date",
               "updated_at", "-updated_at", "status"]
"""How a list is ordered; `-` is newest (or latest) first. `deadline` is the deadline that
runs now (taking up, then answering), nearest first, petitions without one last."""
SORTS: tuple[Sort, ...] = get_args(Sort)


@dataclass(frozen=True)
class InboxFilters:
    status: tuple[str, ...] = ()  # any of these statuses; none: every status
    group_id: str | None = None
    field: str | None = None
    category: str | None = None
    overdue: bool | None = None  # True: only overdue; False: only not overdue
    # due today or within the next 2 working days: the caller passes the last such day
    due_soon: bool = False
    unassigned: bool = False  # open and not given to a unit
    reopen: bool = False  # the citizen is not satisfied with the answer: reopen?
    q: str = ""  # title, description, place, citizen, ignoring diacritics
    sort: Sort = "received_at"


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


def conditions(
    ward_id: str, filters: InboxFilters, today: date, *, with_status: bool = True,
    soon_until: date | None = None,
) -> list[ColumnElement[Any]]:
    """The WHERE of `filters` over the ward's petitions (`with_status=False`: all but the
    status, for the counts per status)."""
    c = petition_t.c
    where: list[ColumnElement[Any]] = [c.ward_id == ward_id]
    if with_status and len(filters.status) == 1:
        where.append(c.status == filters.status[0])
    elif with_status and filters.status:
        where.append(c.status.in_(filters.status))
    if filters.group_id:
        where.append(c.group_id == filters.group_id)
    if filters.field:
        where.append(c.field == filters.field)
    if filters.category:
        where.append(c.category == filters.category)
    if filters.overdue is True:
        where.append(overdue_clause(today))
    elif filters.overdue is False:
        where.append(not_(func.coalesce(overdue_clause(today), false())))
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


def received_column() -> ColumnElement[Any]:
    """When a petition was received: `received_at`, else when the server stored it (the
    expression of the ward's received-order index; the reports count by it too)."""
    return func.coalesce(petition_t.c.received_at, petition_t.c.created_at)


def _by_deadline() -> list[Any]:
    deadline = running_deadline_column()
    return [deadline.is_(None), deadline.asc(), received_column().asc()]


def _by_column(name: str, descending: bool) -> Callable[[], list[Any]]:
    def order() -> list[Any]:
        column = petition_t.c[name]
        return [(column.desc() if descending else column.asc()).nulls_last()]
    return order


_ORDERS: dict[Sort, Callable[[], list[Any]]] = {
    "received_at": lambda: [received_column().asc()],
    "-received_at": lambda: [received_column().desc()],
    "deadline": _by_deadline,
    "due_date": _by_column("due_date", False),
    "-due_date": _by_column("due_date", True),
    "updated_at": _by_column("updated_at", False),
    "-updated_at": _by_column("updated_at", True),
    "status": _by_column("status", False),
}


def order(sort: Sort) -> list[Any]:
    """The ORDER BY of `sort`; ties go by id, so pages never overlap."""
    return [*_ORDERS[sort](), petition_t.c.id]


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
    """One page of the ward's petitions matching `filters`, with the counts per status
    (the console). `soon_until`: the last day that counts as "due soon"."""
    c = petition_t.c
    until = soon_until or today
    where = conditions(ward_id, filters, today, soon_until=until)
    count_where = conditions(ward_id, filters, today, with_status=False, soon_until=until)
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
    total = (sum(counts.get(s, 0) for s in set(filters.status)) if filters.status
             else sum(counts.values()))
    page = max(1, min(page, max(1, -(-total // page_size))))
    rows = [] if total == 0 else session.execute(
        select(*petition_list_columns())
        .join(group_t, group_t.c.id == c.group_id)
        .where(*where)
        .order_by(*order(filters.sort))
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


def list_petitions(session: Session, ward_id: str, filters: InboxFilters, *, today: date,
                   limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """A slice of the ward's petitions matching `filters` as the API gives them: every
    column (the caller hides the personal ones) and the group's name."""
    where = conditions(ward_id, filters, today)
    total = session.execute(select(func.count()).select_from(petition_t).where(*where)
                            ).scalar_one()
    rows = session.execute(
        select(petition_t, group_t.c.name.label("group_name"))
        .join(group_t, group_t.c.id == petition_t.c.group_id)
        .where(*where).order_by(*order(filters.sort)).limit(limit).offset(offset)).all()
    return {"items": [_with_group(r) for r in rows], "total": total, "limit": limit,
            "offset": offset}


def get_petition(session: Session, ward_id: str, petition_id: str,
                 group_id: str | None = None) -> dict[str, Any]:
    """One petition of the ward (or of one group of it); 404 otherwise."""
    query = (select(petition_t, group_t.c.name.label("group_name"))
             .join(group_t, group_t.c.id == petition_t.c.group_id)
             .where(petition_t.c.id == petition_id, petition_t.c.ward_id == ward_id))
    if group_id is not None:
        query = query.where(petition_t.c.group_id == group_id)
    row = session.execute(query).first()
    if row is None:
        raise ApiProblem(E.PETITION_NOT_FOUND)
    return _with_group(row)


def hide_personal(item: dict[str, Any]) -> dict[str, Any]:
    """The petition with its citizen's name and phone set to null (`anonymous` stays)."""
    return {**item, **dict.fromkeys(PERSONAL)}


def _with_group(row: Any) -> dict[str, Any]:
    item = petition_wire(row)
    item["group_name"] = row.group_name
    return item


def _is_past(deadline: date | None, today: date) -> bool:
    return deadline is not None and deadline < today


def _is_soon(deadline: date | None, today: date, until: date) -> bool:
    return deadline is not None and today <= deadline <= until
