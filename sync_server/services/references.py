"""Service layer: ward reference lists that phones pull as entity `reference` (units, officers)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from sync_server.errors import ApiProblem, E
from sync_server.models.tables import reference_t
from sync_server.services.changes import ward_scope
from sync_server.services.context import WriteContext
from sync_server.services.records import reference_wire

ENTITY = "reference"


def add(ctx: WriteContext, *, list_name: str, value: str, extra: dict[str, Any] | None = None
        ) -> str:
    rid = str(uuid.uuid4())
    version = ctx.change(entity=ENTITY, entity_id=rid, scope=ward_scope(ctx.ward_id), new=True)
    ctx.session.execute(insert(reference_t).values(id=rid, ward_id=ctx.ward_id, list_name=list_name,
                                                   value=value, extra=extra or {},
                                                   version=version))
    return rid


def list_items(session: Session, ward_id: str, list_name: str | None = None
               ) -> list[dict[str, Any]]:
    q = select(reference_t).where(reference_t.c.ward_id == ward_id)
    if list_name:
        q = q.where(reference_t.c.list_name == list_name)
    return [reference_wire(r) for r in session.execute(q.order_by(reference_t.c.value)).all()]


def remove(ctx: WriteContext, reference_id: str) -> int:
    """Delete an item; phones receive a tombstone. Returns the change's version."""
    found = ctx.session.execute(select(reference_t.c.id).where(
        reference_t.c.id == reference_id, reference_t.c.ward_id == ctx.ward_id)).first()
    if found is None:
        raise ApiProblem(E.RECORD_NOT_FOUND)
    version = ctx.change(entity=ENTITY, entity_id=reference_id, scope=ward_scope(ctx.ward_id),
                         op="delete")
    ctx.session.execute(delete(reference_t).where(reference_t.c.id == reference_id))
    return version
