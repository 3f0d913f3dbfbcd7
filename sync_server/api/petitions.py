"""API layer: the petition API (list with filters, detail with timeline, staff transitions and
corrections).

Staff read their ward; a phone may read its own group's petitions (another group's: 404).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from field_app.wire.protocol import TransitionRequest
from field_app.wire.records import Category, FieldOfWork, PetitionStatus
from sync_server.api.deps import CurrentActor, CurrentStaff, SessionDep
from sync_server.api.routing import ReleasingRoute
from sync_server.errors import problem_responses
from sync_server.services import audit, petition_edit, petition_queries, transitions
from sync_server.services.devices import DeviceUser
from sync_server.services.petition_edit import PetitionEdit
from sync_server.services.petition_queries import SortKey

router = APIRouter(route_class=ReleasingRoute, prefix="/api/v1/petitions", tags=["petitions"],
                   responses=problem_responses(401, 404, 409, 422))


@router.get("")
def list_petitions(
    session: SessionDep,
    actor: CurrentActor,
    status: Annotated[list[PetitionStatus] | None, Query()] = None,
    group_id: str | None = None,
    field: FieldOfWork | None = None,
    category: Category | None = None,
    overdue: bool | None = None,
    unassigned: bool | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: SortKey = "-received_at",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> dict[str, Any]:
    """Petitions of the ward (staff) or group (phone); `q` ignores diacritics."""
    if isinstance(actor, DeviceUser):
        group_id = actor.group_id
    return petition_queries.list_petitions(
        session, actor.ward_id, status=[s.value for s in status] if status else None,
        group_id=group_id, field=field.value if field else None,
        category=category.value if category else None, overdue=overdue, unassigned=unassigned,
        q=q, sort=sort, limit=limit, offset=offset)


@router.get("/{petition_id}")
def get_petition(petition_id: str, session: SessionDep, actor: CurrentActor) -> dict[str, Any]:
    """One petition with its timeline; a staff look at the citizen's personal data is audited."""
    if isinstance(actor, DeviceUser):
        return petition_queries.get_petition(session, actor.ward_id, petition_id,
                                             group_id=actor.group_id)
    petition = petition_queries.get_petition(session, actor.ward_id, petition_id)
    if petition.get("citizen_name") or petition.get("citizen_phone"):
        audit.record(session, ward_id=actor.ward_id, actor_id=actor.id,
                     action="petition.view_personal", entity="petition", entity_id=petition_id,
                     detail={"via": "api"})
    return petition


@router.post("/{petition_id}/transition")
def transition(petition_id: str, body: TransitionRequest, session: SessionDep,
               staff: CurrentStaff) -> dict[str, Any]:
    """Move a petition on the ward side (accept, assign, start, answer, reject, close, reopen)."""
    return transitions.transition(session, staff, petition_id, body)


@router.patch("/{petition_id}")
def edit_petition(petition_id: str, body: PetitionEdit, session: SessionDep,
                  staff: CurrentStaff) -> dict[str, Any]:
    """Correct title, description, field, category or place; `conflict_fields` names kept values."""
    return petition_edit.edit(session, staff, petition_id, body)
