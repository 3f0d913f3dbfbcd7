"""API layer: dialogue sessions for ward staff (the monthly dialogue day, its commitments)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import Field

from field_app.wire.mutations import DialogueCreate, DialogueFields, DialogueUpdate
from sync_server.api.deps import CurrentStaff, SessionDep
from sync_server.errors import problem_responses
from sync_server.services import dialogues
from sync_server.services.changes import ward_scope
from sync_server.services.staff_writes import group_in_ward, staff_context

router = APIRouter(prefix="/api/v1/dialogues", tags=["dialogues"],
                   responses=problem_responses(401, 404, 409, 422))


class DialogueNew(DialogueFields):
    id: uuid.UUID | None = None
    scope: Literal["ward", "group"] = "ward"
    group_id: str | None = None


class DialoguePatch(DialogueFields):
    base_version: int | None = Field(default=None, ge=0)


@router.get("")
def list_dialogues(session: SessionDep, staff: CurrentStaff, scope: str | None = None,
                   group_id: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Dialogue sessions of the ward, newest first."""
    return dialogues.list_sessions(session, ward_id=staff.ward_id, scope=scope,
                                   group_id=group_id, kind=kind)


@router.get("/{session_id}")
def get_dialogue(session_id: str, session: SessionDep, staff: CurrentStaff) -> dict[str, Any]:
    """One dialogue session with agenda, minutes and commitments."""
    return dialogues.get(session, session_id, staff.ward_id)


@router.post("", status_code=201)
def create_dialogue(body: DialogueNew, session: SessionDep, staff: CurrentStaff) -> dict[str, Any]:
    """Schedule a session; ward sessions reach every phone of the ward."""
    ward_day = body.scope == "ward" or not body.group_id
    scope = ward_scope(staff.ward_id) if ward_day else group_in_ward(
        session, staff, body.group_id or "")
    ctx = staff_context(session, staff, scope)
    args = DialogueCreate.model_validate(
        {**body.model_dump(exclude={"id", "scope", "group_id"}, exclude_unset=True),
         "id": body.id or uuid.uuid4()})
    outcome = dialogues.create(ctx, args, ward_day=ward_day, group_id=body.group_id)
    ctx.commit()
    return dialogues.get(session, outcome.id, staff.ward_id)


@router.patch("/{session_id}")
def update_dialogue(session_id: str, body: DialoguePatch, session: SessionDep,
                    staff: CurrentStaff) -> dict[str, Any]:
    """Change some fields (e.g. minutes, commitments); `conflict_fields` names any kept values."""
    ctx = staff_context(session, staff, dialogues.scope_of(session, session_id, staff.ward_id))
    args = DialogueUpdate.model_validate(
        {**body.model_dump(exclude_unset=True), "id": session_id})
    outcome = dialogues.update_fields(ctx, args, body.base_version)
    ctx.commit()
    return {**dialogues.get(session, session_id, staff.ward_id),
            "conflict_fields": outcome.conflict_fields}
