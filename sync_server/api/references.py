"""API layer: the ward's reference lists (units, officers) that every phone of the ward pulls."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from sync_server.api.deps import CurrentStaff, SessionDep
from sync_server.errors import problem_responses
from sync_server.services import references
from sync_server.services.changes import ward_scope
from sync_server.services.staff_writes import staff_context

router = APIRouter(prefix="/api/v1/references", tags=["references"],
                   responses=problem_responses(401, 404, 422))


class ReferenceNew(BaseModel):
    list: str = Field(pattern="^(unit|officer)$", description="unit or officer")
    value: str = Field(min_length=1, max_length=300)
    extra: dict[str, Any] = Field(default_factory=dict)


@router.get("")
def list_references(session: SessionDep, staff: CurrentStaff,
                    list_name: Annotated[str | None, Query(alias="list")] = None
                    ) -> list[dict[str, Any]]:
    """Items of the ward's lists (filter with `list=unit` or `list=officer`)."""
    return references.list_items(session, staff.ward_id, list_name)


@router.post("", status_code=201)
def add_reference(body: ReferenceNew, session: SessionDep, staff: CurrentStaff) -> dict[str, Any]:
    """Add a unit or officer; phones pull it as entity `reference`."""
    ctx = staff_context(session, staff, ward_scope(staff.ward_id))
    rid = references.add(ctx, list_name=body.list, value=body.value.strip(), extra=body.extra)
    ctx.commit()
    return next(r for r in references.list_items(session, staff.ward_id) if r["id"] == rid)


@router.delete("/{reference_id}")
def remove_reference(reference_id: str, session: SessionDep,
                     staff: CurrentStaff) -> dict[str, Any]:
    """Remove an item; phones receive a tombstone."""
    ctx = staff_context(session, staff, ward_scope(staff.ward_id))
    version = references.remove(ctx, reference_id)
    ctx.commit()
    return {"id": reference_id, "deleted": True, "version": version}
