"""Service layer: the ward's doorstep notice travels to phones as one reference item
(list `privacy_notice`: value = the text, extra = {"version": n}), pulled like the others."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from sync_server.models.tables import reference_t
from sync_server.services import references
from sync_server.services.context import WriteContext

LIST = "privacy_notice"


def publish(session: Session, *, ward_id: str, text: str, version: int, actor: str) -> None:
    """Replace the ward's notice item (phones get a tombstone and the new version); commits."""
    ctx = WriteContext(session=session, ward_id=ward_id, actor=actor)
    old = session.execute(select(reference_t.c.id).where(
        reference_t.c.ward_id == ward_id, reference_t.c.list_name == LIST)).scalars().all()
    for rid in old:
        references.remove(ctx, rid)
    references.add(ctx, list_name=LIST, value=text, extra={"version": version})
    ctx.commit()
