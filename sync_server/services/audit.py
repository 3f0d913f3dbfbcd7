"""Service layer: recording who looked at citizens' personal data (privacy audit trail)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from field_app.wire.formats import utcnow
from sync_server.models.tables import audit_t


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


def entries_for(session: Session, *, ward_id: str, entity_id: str) -> list[dict[str, Any]]:
    """The audit rows about one record of a ward, oldest first."""
    rows = session.execute(
        select(audit_t)
        .where(audit_t.c.ward_id == ward_id, audit_t.c.entity_id == entity_id)
        .order_by(audit_t.c.at)
    ).all()
    return [dict(r._mapping) for r in rows]
