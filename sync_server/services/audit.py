"""Service layer: recording who looked at citizens' personal data (privacy audit trail)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import Session

from field_app.wire.formats import utcnow
from sync_server.models.tables import audit_t, device_t, staff_t


def record(
    session: Session,
    *,
    ward_id: str,
    actor_id: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any] | None = None,
    actor_kind: str = "staff",
) -> None:
    """Append one audit row and commit it: the look is recorded before data is shown."""
    session.execute(
        insert(audit_t).values(
            id=str(uuid.uuid4()), ward_id=ward_id, actor_kind=actor_kind, actor_id=actor_id,
            action=action, entity=entity, entity_id=entity_id, at=utcnow(), detail=detail,
        )
    )
    session.commit()


ANY_RECORD = "*"
"""`entity_id` of a row about a list or a search rather than one record (the ids are in
its detail)."""


def record_list(session: Session, *, ward_id: str, actor_id: str, action: str, entity: str,
                items: list[dict[str, Any]], personal: tuple[str, ...], total: int,
                filters: dict[str, Any], actor_kind: str = "staff") -> None:
    """One audit row for one list or search call: which filter (the search text included),
    and for a personal list (`action` ending in `_personal`) how many records' personal data
    (the `personal` keys of `items`) were shown, with their ids."""
    detail: dict[str, Any] = {"via": "api", "total": total,
                              "filter": {k: v for k, v in filters.items()
                                         if v is not None and v != [] and v != ""}}
    if action.endswith("_personal"):
        shown = [item["id"] for item in items if any(item.get(f) for f in personal)]
        detail.update(count=len(shown), ids=shown)
    else:
        detail["count"] = len(items)
    record(session, ward_id=ward_id, actor_id=actor_id, action=action, entity=entity,
           entity_id=ANY_RECORD, detail=detail, actor_kind=actor_kind)


def entries_for(session: Session, *, ward_id: str, entity_id: str) -> list[dict[str, Any]]:
    """The audit rows about one record of a ward, oldest first."""
    rows = session.execute(
        select(audit_t)
        .where(audit_t.c.ward_id == ward_id, audit_t.c.entity_id == entity_id)
        .order_by(audit_t.c.at)
    ).all()
    return [dict(r._mapping) for r in rows]


def ward_entries(session: Session, ward_id: str, *, page: int = 1, page_size: int = 50,
                 actor_id: str | None = None, action: str | None = None
                 ) -> tuple[list[dict[str, Any]], int]:
    """One page of the ward's audit log, newest first, and how many rows match in all.

    `page` counts from 1. Each row is the audit row's columns (`id`, `ward_id`,
    `actor_kind`, `actor_id`, `action`, `entity`, `entity_id`, `at`, `detail`) plus who:
    `username` and `full_name` of a staff actor, `device_name` of a phone (None otherwise).
    Filters: `actor_id` (one staff member or phone), `action` (e.g. `petition.search`)."""
    page = max(page, 1)
    page_size = max(page_size, 1)
    where = [audit_t.c.ward_id == ward_id]
    if actor_id:
        where.append(audit_t.c.actor_id == actor_id)
    if action:
        where.append(audit_t.c.action == action)
    total = session.execute(select(func.count()).select_from(audit_t).where(*where)).scalar_one()
    staff_actor = (audit_t.c.actor_kind == "staff") & (staff_t.c.id == audit_t.c.actor_id)
    device_actor = (audit_t.c.actor_kind == "device") & (device_t.c.id == audit_t.c.actor_id)
    rows = session.execute(
        select(audit_t, staff_t.c.username, staff_t.c.full_name,
               device_t.c.name.label("device_name"))
        .outerjoin(staff_t, staff_actor).outerjoin(device_t, device_actor)
        .where(*where).order_by(audit_t.c.at.desc(), audit_t.c.id.desc())
        .limit(page_size).offset((page - 1) * page_size)).all()
    return [dict(r._mapping) for r in rows], int(total)
