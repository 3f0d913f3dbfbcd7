"""Service layer: a citizen's answer to "are you satisfied with the ward's answer?", given on the
public status page; written to the petition's timeline and change-tracked, so the group's
phones pull it and the console's "reopen?" list shows it."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlmodel import Session

from sync_server.models.tables import group_t, petition_t
from sync_server.services import webhook_events
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.petitions import ENTITY

# the statuses in which the ward has answered: the citizen can say what they think of it
ANSWERED = ("answered", "reported_back", "closed")
ACTOR = "Công dân (trang tra cứu)"
COMMENT_MAX = 1000


def record(session: Session, *, ward_id: str, tracking_code: str, satisfied: bool,
           comment: str = "") -> bool:
    """Write the citizen's view on the petition with this code in this ward; False when there
    is no such answered petition (nothing is written)."""
    found = session.execute(select(petition_t.c.group_id).where(
        petition_t.c.ward_id == ward_id, petition_t.c.tracking_code == tracking_code)).first()
    if found is None:
        return False
    ctx = WriteContext(session=session, ward_id=ward_id, actor=ACTOR)
    ctx.clock.lock(group_scope(found.group_id))  # first: serializes with the group's phones
    row = session.execute(select(petition_t).where(
        petition_t.c.ward_id == ward_id, petition_t.c.tracking_code == tracking_code)).first()
    if row is None or row.status not in ANSWERED:
        session.rollback()
        return False
    verdict = "Hài lòng." if satisfied else "Chưa hài lòng."
    text = f"{verdict} {comment.strip()[:COMMENT_MAX]}".strip()
    version = ctx.group_change(ENTITY, row.id, row.group_id)
    timeline = [*list(row.timeline or []), ctx.timeline_entry("citizen_feedback", text)]
    session.execute(update(petition_t).where(petition_t.c.id == row.id).values(
        citizen_satisfied=satisfied, timeline=timeline, version=version, updated_at=ctx.now))
    if ctx.webhooks():
        group = session.execute(select(group_t.c.name).where(
            group_t.c.id == row.group_id)).scalar() or ""
        after = {**row._mapping, "citizen_satisfied": satisfied, "updated_at": ctx.now}
        webhook_events.emit(ctx, kind=webhook_events.CITIZEN_FEEDBACK, row=after, group=group,
                            personal_extra={"comment": comment.strip()[:COMMENT_MAX]})
    ctx.commit()
    return True
