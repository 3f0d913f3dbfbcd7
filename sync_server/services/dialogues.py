"""Service layer: dialogue sessions (group meetings from phones, the ward's dialogue day).

Ward-scope sessions travel in the ward scope, so every phone of the ward pulls them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlmodel import Session

from field_app.wire.mutations import DialogueCreate, DialogueFields, DialogueUpdate
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import dialogue_t
from sync_server.services.changes import group_scope, ward_scope
from sync_server.services.context import WriteContext
from sync_server.services.outcome import Outcome
from sync_server.services.petitions import merge_patch
from sync_server.services.records import dialogue_wire

ENTITY = "dialogue_session"
FIELDS = tuple(DialogueFields.model_fields)


def _storable(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if isinstance(out.get("held_at"), str):
        out["held_at"] = datetime.fromisoformat(out["held_at"])
    if isinstance(out.get("scheduled_on"), str):
        out["scheduled_on"] = date.fromisoformat(out["scheduled_on"])
    return {k: ("" if v is None and k in {"title", "place", "chair", "minutes"} else v)
            for k, v in out.items()}


def _defaults(values: dict[str, Any]) -> dict[str, Any]:
    for key in ("attendees", "agenda", "petition_ids", "commitments"):
        if values.get(key) is None:
            values[key] = []
    return values


def create(ctx: WriteContext, args: DialogueCreate, *, ward_day: bool = False,
           group_id: str | None = None) -> Outcome:
    """A group's session (device, or staff for `group_id`) or the ward's own (`ward_day`)."""
    sid = str(args.id)
    gid = None if ward_day else (ctx.group_id or group_id)
    scope = ward_scope(ctx.ward_id) if gid is None else group_scope(gid)
    ctx.clock.lock(scope)  # before reading: callers need not have taken it
    if ctx.session.execute(select(dialogue_t.c.id).where(dialogue_t.c.id == sid)).first():
        raise ApiProblem(E.RECORD_EXISTS)
    version = ctx.change(entity=ENTITY, entity_id=sid, scope=scope, new=True)
    values = _defaults(_storable(args.model_dump(mode="json", exclude={"id"})))
    if values.get("kind") is None:
        values["kind"] = "ward_dialogue_day" if gid is None else "group_meeting"
    ctx.session.execute(insert(dialogue_t).values(
        id=sid, ward_id=ctx.ward_id, scope="ward" if gid is None else "group", group_id=gid,
        **values, version=version, field_versions={f: version for f in FIELDS},
        field_writers=dict.fromkeys(FIELDS, ctx.writer),
        created_at=ctx.now, updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=sid, version=version)


def _load(ctx: WriteContext, session_id: str) -> Any:
    q = select(dialogue_t).where(dialogue_t.c.id == session_id,
                                 dialogue_t.c.ward_id == ctx.ward_id)
    if ctx.group_id:  # a device sees its group's sessions and the ward's
        q = q.where(or_(dialogue_t.c.group_id == ctx.group_id, dialogue_t.c.scope == "ward"))
    row = ctx.session.execute(q).first()
    if row is None:
        raise ApiProblem(E.DIALOGUE_NOT_FOUND)
    if ctx.group_id and row.scope == "ward":
        raise ApiProblem(E.FORBIDDEN, "Buổi đối thoại của phường do cán bộ phường cập nhật.")
    return row


def scope_of(session: Session, session_id: str, ward_id: str) -> str:
    row = session.execute(select(dialogue_t.c.scope, dialogue_t.c.group_id).where(
        dialogue_t.c.id == session_id, dialogue_t.c.ward_id == ward_id)).first()
    if row is None:
        raise ApiProblem(E.DIALOGUE_NOT_FOUND)
    return ward_scope(ward_id) if row.group_id is None else group_scope(row.group_id)


def update_fields(ctx: WriteContext, args: DialogueUpdate, base_version: int | None) -> Outcome:
    if ctx.group_id is None:  # staff: lock the session's scope before reading it
        ctx.clock.lock(scope_of(ctx.session, str(args.id), ctx.ward_id))
    row = _load(ctx, str(args.id))
    scope = ward_scope(ctx.ward_id) if row.group_id is None else group_scope(row.group_id)
    base = args.base_version if args.base_version is not None else base_version
    version = ctx.change(entity=ENTITY, entity_id=row.id, scope=scope)
    merge = merge_patch(ctx, current=dialogue_wire(row), row=row, patch=args.patch(),
                        base_version=base, version=version)
    ctx.session.execute(update(dialogue_t).where(dialogue_t.c.id == row.id).values(
        **_storable(merge.changes), field_versions=merge.versions,
        field_writers=merge.writers, version=version, updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=row.id, version=version, conflict_fields=merge.conflicts)


def get(session: Session, session_id: str, ward_id: str) -> dict[str, Any]:
    row = session.execute(select(dialogue_t).where(
        dialogue_t.c.id == session_id, dialogue_t.c.ward_id == ward_id)).first()
    if row is None:
        raise ApiProblem(E.DIALOGUE_NOT_FOUND)
    return dialogue_wire(row)


def list_sessions(session: Session, *, ward_id: str, scope: str | None = None,
                  group_id: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    q = select(dialogue_t).where(dialogue_t.c.ward_id == ward_id)
    if scope:
        q = q.where(dialogue_t.c.scope == scope)
    if group_id:
        q = q.where(dialogue_t.c.group_id == group_id)
    if kind:
        q = q.where(dialogue_t.c.kind == kind)
    rows = session.execute(q.order_by(dialogue_t.c.scheduled_on.desc(), dialogue_t.c.id)).all()
    return [dialogue_wire(r) for r in rows]
