"""Service layer: reading petitions for ward staff (filtered list with diacritics-free search)."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Select, false, func, not_, select
from sqlmodel import Session

from field_app.wire.formats import today_vn
from field_app.wire.lifecycle import OPEN_STATUSES
from field_app.wire.text import like_pattern
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import group_t, petition_t
from sync_server.services.deadline_queries import overdue_clause
from sync_server.services.records import petition_wire

PERSONAL = ("citizen_name", "citizen_phone")
"""A petition's personal data: shown by the API only when asked for, and then audited."""

SortKey = Literal["received_at", "-received_at", "due_date", "-due_date", "updated_at",
                  "-updated_at", "status"]


def _filtered(ward_id: str, *, status: list[str] | None, group_id: str | None,
              field: str | None, category: str | None, overdue: bool | None,
              unassigned: bool | None, q: str | None) -> Select[Any]:
    query = select(petition_t, group_t.c.name.label("group_name")).join(
        group_t, group_t.c.id == petition_t.c.group_id).where(petition_t.c.ward_id == ward_id)
    if status:
        query = query.where(petition_t.c.status.in_(status))
    if group_id:
        query = query.where(petition_t.c.group_id == group_id)
    if field:
        query = query.where(petition_t.c.field == field)
    if category:
        query = query.where(petition_t.c.category == category)
    if overdue is True:
        query = query.where(overdue_clause(today_vn()))
    elif overdue is False:
        query = query.where(not_(func.coalesce(overdue_clause(today_vn()), false())))
    if unassigned:
        query = query.where(petition_t.c.assigned_unit.is_(None),
                            petition_t.c.status.in_([s.value for s in OPEN_STATUSES]))
    if q and q.strip():
        query = query.where(petition_t.c.search_text.like(like_pattern(q), escape="\\"))
    return query


def list_petitions(session: Session, ward_id: str, *, status: list[str] | None = None,
                   group_id: str | None = None, field: str | None = None,
                   category: str | None = None, overdue: bool | None = None,
                   unassigned: bool | None = None, q: str | None = None,
                   sort: SortKey = "-received_at", limit: int = 50, offset: int = 0
                   ) -> dict[str, Any]:
    query = _filtered(ward_id, status=status, group_id=group_id, field=field,
                      category=category, overdue=overdue, unassigned=unassigned, q=q)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    column = petition_t.c[sort.lstrip("-")]
    order = column.desc() if sort.startswith("-") else column.asc()
    rows = session.execute(query.order_by(order.nulls_last(), petition_t.c.id)
                           .limit(limit).offset(offset)).all()
    items = []
    for r in rows:
        item = petition_wire(r)
        item["group_name"] = r.group_name
        items.append(item)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


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
    item = petition_wire(row)
    item["group_name"] = row.group_name
    return item


def hide_personal(item: dict[str, Any]) -> dict[str, Any]:
    """The petition with its citizen's name and phone set to null (`anonymous` stays)."""
    return {**item, **dict.fromkeys(PERSONAL)}
