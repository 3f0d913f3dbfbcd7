"""Service layer: ward staff correcting a petition's field-owned text and triage (title,
description, field, category, place) through the same per-field merge as `petition.update`.

Staff write as "staff": a field a phone changed after the staff's `base_version` keeps the
phone's value, the staff's value goes to the timeline and the field is named in
`conflict_fields`.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator
from sqlalchemy import select
from sqlmodel import Session

from field_app.wire.mutations import Args, PetitionUpdate
from field_app.wire.records import Category, FieldOfWork, LongText, ShortText
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import petition_t
from sync_server.services import inbox, petitions
from sync_server.services.changes import group_scope
from sync_server.services.staff import StaffUser
from sync_server.services.staff_writes import staff_context


class PetitionEdit(Args):
    """The body of a staff correction: only the keys sent are changed (unknown keys refused)."""

    title: ShortText | None = Field(default=None, min_length=1)
    description: LongText | None = None
    field: FieldOfWork | None = None
    category: Category | None = None
    location_text: ShortText | None = None
    base_version: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _something_to_change(self) -> PetitionEdit:
        keys = self.model_fields_set - {"base_version"}
        if not keys:
            raise ValueError("nothing to change")
        for key in ("title", "description", "field", "category"):
            if key in keys and getattr(self, key) is None:
                raise ValueError(f"{key} cannot be null")
        return self


def edit(session: Session, staff: StaffUser, petition_id: str,
         body: PetitionEdit) -> dict[str, Any]:
    """Apply a staff correction; the petition (as GET shows it) plus `conflict_fields`."""
    group_id = session.execute(select(petition_t.c.group_id).where(
        petition_t.c.id == petition_id, petition_t.c.ward_id == staff.ward_id)).scalar()
    if group_id is None:
        raise ApiProblem(E.PETITION_NOT_FOUND)
    ctx = staff_context(session, staff, group_scope(group_id))  # lock first, then read
    args = PetitionUpdate.model_validate(
        {**body.model_dump(mode="json", exclude_unset=True), "id": petition_id})
    outcome = petitions.update_fields(ctx, args, None)
    ctx.commit()
    return {**inbox.get_petition(session, staff.ward_id, petition_id),
            "conflict_fields": outcome.conflict_fields}
