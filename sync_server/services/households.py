"""Service layer: households of a group (phones upsert them; staff edit or delete -> tombstone)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from field_app.wire.mutations import HouseholdUpsert
from field_app.wire.text import fold_all, like_pattern
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import group_t, household_t
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.outcome import Outcome
from sync_server.services.records import household_wire

ENTITY = "household"
PERSONAL = ("head_name", "address", "phone")
"""A household's personal data: shown by the API only when asked for, and then audited."""


def hide_personal(item: dict[str, Any]) -> dict[str, Any]:
    """The household with its head's name, address and phone set to null."""
    return {**item, **dict.fromkeys(PERSONAL)}


def upsert(ctx: WriteContext, args: HouseholdUpsert, *, group_id: str | None = None) -> Outcome:
    """Create or edit a household of the writer's group (devices) or of `group_id` (staff)."""
    group_id = ctx.group_id or group_id
    assert group_id is not None
    ctx.clock.lock(group_scope(group_id))  # before reading (a no-op when already held)
    hid = str(args.id)
    row = ctx.session.execute(select(household_t.c.group_id, household_t.c.deleted)
                              .where(household_t.c.id == hid)).first()
    if row is not None and (row.group_id != group_id or row.deleted):
        raise ApiProblem(E.HOUSEHOLD_NOT_FOUND)
    version = ctx.group_change(ENTITY, hid, group_id, new=row is None)
    values = {"head_name": args.head_name, "address": args.address, "phone": args.phone,
              "search_text": fold_all(args.head_name, args.address, args.phone),
              "version": version, "updated_at": ctx.now}
    if args.publish_name is not None:  # absent: the consent stays as it was
        values["publish_name"] = args.publish_name
    if row is None:
        ctx.session.execute(insert(household_t).values(id=hid, group_id=group_id,
                                                       created_at=ctx.now, **values))
    else:
        ctx.session.execute(update(household_t).where(household_t.c.id == hid).values(**values))
    return Outcome(entity=ENTITY, id=hid, version=version)


def group_of(session: Session, household_id: str, ward_id: str) -> str:
    gid = session.execute(
        select(household_t.c.group_id).join(group_t, group_t.c.id == household_t.c.group_id)
        .where(household_t.c.id == household_id, group_t.c.ward_id == ward_id,
               household_t.c.deleted.is_(False))).scalar()
    if gid is None:
        raise ApiProblem(E.HOUSEHOLD_NOT_FOUND)
    return str(gid)


def delete(ctx: WriteContext, household_id: str) -> Outcome:
    """Soft-delete: the phones receive a tombstone."""
    gid = group_of(ctx.session, household_id, ctx.ward_id)
    ctx.clock.lock(group_scope(gid))
    version = ctx.group_change(ENTITY, household_id, gid, op="delete")
    ctx.session.execute(update(household_t).where(household_t.c.id == household_id).values(
        deleted=True, version=version, updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=household_id, version=version)


def get(session: Session, household_id: str, ward_id: str) -> dict[str, Any]:
    group_of(session, household_id, ward_id)
    row = session.execute(select(household_t).where(household_t.c.id == household_id)).one()
    return household_wire(row)


def list_households(session: Session, *, ward_id: str, group_id: str | None = None,
                    q: str | None = None, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    query = (select(household_t).join(group_t, group_t.c.id == household_t.c.group_id)
             .where(group_t.c.ward_id == ward_id, household_t.c.deleted.is_(False)))
    if group_id:
        query = query.where(household_t.c.group_id == group_id)
    if q:
        query = query.where(household_t.c.search_text.like(like_pattern(q), escape="\\"))
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(household_t.c.head_name, household_t.c.id)
                           .limit(limit).offset(offset)).all()
    return {"items": [household_wire(r) for r in rows], "total": total}
