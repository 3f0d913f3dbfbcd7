"""Service layer: the ward side of the petition life cycle (accept, assign, start, answer, reject,
close, reopen), each written to the timeline with who and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from field_app.wire.formats import VN_TZ
from field_app.wire.lifecycle import next_status
from field_app.wire.protocol import TransitionRequest
from field_app.wire.records import PETITION_WARD_OWNED
from sync_server.errors import ApiProblem, E, refused_transition
from sync_server.models.tables import group_t, petition_t
from sync_server.services import webhook_events
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.petitions import ENTITY, load_for_group
from sync_server.services.records import petition_wire
from sync_server.services.staff import StaffUser

PAST_TENSE = {"accept": "accepted", "assign": "assigned", "start": "started",
              "answer": "answered", "reject": "rejected", "close": "closed",
              "reopen": "reopened"}


def _describe(request: TransitionRequest, changes: dict[str, Any]) -> str:
    parts = []
    if "assigned_unit" in changes:
        parts.append(f"Đơn vị giải quyết: {changes['assigned_unit']}")
    if "assigned_officer" in changes:
        parts.append(f"Cán bộ phụ trách: {changes['assigned_officer']}")
    if "due_date" in changes and changes["due_date"] is not None:
        parts.append(f"Hạn giải quyết: {changes['due_date']:%d/%m/%Y}")
    if request.action == "answer" and request.answer:
        parts.append(request.answer.strip())
    if request.note:
        parts.append(request.note.strip())
    return ". ".join(parts)


def _no_due_date_given(request: TransitionRequest, row: Any) -> bool:
    """Accept without a typed due date (and none kept from before), or reopen without one."""
    given = "due_date" in request.model_fields_set and request.due_date is not None
    if given:
        return False
    return request.action == "reopen" or row.due_date is None


def _counted_days(action: str, row: Any, now: datetime) -> dict[str, date]:
    """The days the province counts by: the first day a petition was taken up, the last
    day it was answered (Vietnam time)."""
    today = now.astimezone(VN_TZ).date()
    if action == "accept" and row.accepted_on is None:
        return {"accepted_on": today}
    if action == "answer":
        return {"answered_on": today}
    return {}


def transition(session: Session, staff: StaffUser, petition_id: str,
               request: TransitionRequest) -> dict[str, Any]:
    """Move a petition on the ward side; 404 outside the staff's ward, 409 when not allowed."""
    group_id = session.execute(select(petition_t.c.group_id).where(
        petition_t.c.id == petition_id, petition_t.c.ward_id == staff.ward_id)).scalar()
    if group_id is None:
        raise ApiProblem(E.PETITION_NOT_FOUND)
    ctx = WriteContext(session=session, ward_id=staff.ward_id, actor=staff.actor)
    ctx.clock.lock(group_scope(group_id))  # first: serializes with the group's phones
    row = load_for_group(ctx, petition_id)
    if request.base_version is not None and request.base_version < row.version:
        raise ApiProblem(E.VERSION_CONFLICT, current_version=row.version)
    target = next_status(request.action, row.status, staff=True)
    if target is None:
        raise refused_transition(request.action, row.status)
    if request.action == "answer" and not (request.answer or "").strip():
        raise ApiProblem(E.VALIDATION, "Cần nhập nội dung trả lời.", field="answer")
    if request.action == "reject" and not (request.note or "").strip():
        raise ApiProblem(E.VALIDATION, "Cần ghi lý do không tiếp nhận.", field="note")
    changes: dict[str, Any] = {}
    if request.action in {"accept", "assign", "start", "reopen"}:
        for key in ("assigned_unit", "assigned_officer", "due_date"):
            if key in request.model_fields_set and getattr(request, key) != getattr(row, key):
                changes[key] = getattr(request, key)
    if request.action in {"accept", "reopen"} and _no_due_date_given(request, row):
        # the ward's policy: N working days (by category) from the day it is taken up
        from sync_server.services.deadlines import load_policy, received_day

        changes["due_date"] = load_policy(session, staff.ward_id).answer_due(
            received_day(ctx.now), row.category)
    if request.action == "answer":
        changes["answer"] = (request.answer or "").strip()
    days = _counted_days(request.action, row, ctx.now)
    version = ctx.group_change(ENTITY, row.id, row.group_id)
    versions = dict(row.field_versions or {})
    writers = dict(row.field_writers or {})
    for key in [*[k for k in changes if k in PETITION_WARD_OWNED], "status"]:
        versions[key] = version
        writers[key] = ctx.writer
    timeline = [*list(row.timeline or []),
                ctx.timeline_entry(PAST_TENSE[request.action], _describe(request, changes))]
    ctx.session.execute(update(petition_t).where(petition_t.c.id == row.id).values(
        status=target.value, **changes, **days, field_versions=versions, field_writers=writers,
        timeline=timeline,
        version=version, updated_at=ctx.now))
    if target.value != row.status or request.action == "answer":
        _emit(ctx, row, previous=row.status, status=target.value, changes=changes)
    ctx.commit()
    fresh = session.execute(select(petition_t).where(petition_t.c.id == row.id)).one()
    return petition_wire(fresh)


def _emit(ctx: WriteContext, row: Any, *, previous: str, status: str,
          changes: dict[str, Any]) -> None:
    """The webhook event of the move, in its transaction (nothing without webhooks)."""
    if not ctx.webhooks():
        return
    group = ctx.session.execute(select(group_t.c.name).where(
        group_t.c.id == row.group_id)).scalar() or ""
    after = {**row._mapping, **changes, "status": status, "updated_at": ctx.now}
    webhook_events.emit(ctx, kind=webhook_events.status_kind(status), row=after, group=group,
                        extra={"previous_status": previous})
