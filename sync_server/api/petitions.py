"""API layer: the petition API (list with filters, detail with timeline, staff transitions and
corrections).

Staff read their ward; a phone may read its own group's petitions (another group's: 404).
Citizens' names and phones are shown only to a caller who asks (`personal=true`), and each
such look, like each search, is written to the ward's audit log.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from field_app.wire.formats import today_vn
from field_app.wire.protocol import TransitionRequest
from field_app.wire.records import Category, FieldOfWork, PetitionStatus
from sync_server.api.deps import CurrentActor, CurrentStaff, SessionDep
from sync_server.errors import problem_responses
from sync_server.services import audit, inbox, petition_edit, transitions
from sync_server.services.devices import DeviceUser
from sync_server.services.inbox import InboxFilters, Sort
from sync_server.services.petition_edit import PetitionEdit
from sync_server.services.staff import StaffUser

router = APIRouter(prefix="/api/v1/petitions", tags=["petitions"],
                   responses=problem_responses(401, 404, 409, 422))


PersonalQuery = Annotated[bool, Query(description=(
    "Include the citizen's name and phone (`citizen_name`, `citizen_phone`); without it "
    "they are null. Asking writes a row to the ward's audit log."))]


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
    q: Annotated[str | None, Query(max_length=200, description=(
        "Search title, description, place and the citizen's name and phone, ignoring "
        "diacritics; every search is written to the audit log with its text."))] = None,
    sort: Sort = "-received_at",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    personal: PersonalQuery = False,
) -> dict[str, Any]:
    """Petitions of the ward (staff) or group (phone); `q` ignores diacritics.

    The citizen's name and phone are null unless `personal=true`. A call with
    `personal=true` writes one audit row (`petition.list_personal`: the filter, how many
    petitions' personal data were shown and their ids); a search (`q`, which also matches
    citizens' names and phones) writes one (`petition.search`, with the text searched)."""
    if isinstance(actor, DeviceUser):
        group_id = actor.group_id
    statuses = [s.value for s in status] if status else None
    found = inbox.list_petitions(session, actor.ward_id, InboxFilters(
        status=tuple(statuses or ()), group_id=group_id, field=field.value if field else None,
        category=category.value if category else None, overdue=overdue,
        unassigned=bool(unassigned), q=q or "", sort=sort),
        today=today_vn(), limit=limit, offset=offset)
    searched = bool(q and q.strip())
    if personal or searched:
        audit.record_list(
            session, ward_id=actor.ward_id, actor_id=actor.id, actor_kind=_kind(actor),
            action="petition.list_personal" if personal else "petition.search",
            entity="petition", items=found["items"], personal=inbox.PERSONAL,
            total=found["total"], filters={
                "q": q, "status": statuses, "group_id": group_id,
                "field": field.value if field else None,
                "category": category.value if category else None, "overdue": overdue,
                "unassigned": unassigned, "sort": sort, "limit": limit, "offset": offset})
    if not personal:
        found["items"] = [inbox.hide_personal(p) for p in found["items"]]
    return found


def _kind(actor: DeviceUser | StaffUser) -> str:
    return "device" if isinstance(actor, DeviceUser) else "staff"


@router.get("/{petition_id}")
def get_petition(petition_id: str, session: SessionDep, actor: CurrentActor,
                 personal: PersonalQuery = False) -> dict[str, Any]:
    """One petition with its timeline.

    The citizen's name and phone are null unless `personal=true`; a petition whose name or
    phone is shown that way is written to the audit log (`petition.view_personal`)."""
    group_id = actor.group_id if isinstance(actor, DeviceUser) else None
    petition = inbox.get_petition(session, actor.ward_id, petition_id,
                                             group_id=group_id)
    if not personal:
        return inbox.hide_personal(petition)
    if petition.get("citizen_name") or petition.get("citizen_phone"):
        audit.record(session, ward_id=actor.ward_id, actor_id=actor.id,
                     action="petition.view_personal", entity="petition", entity_id=petition_id,
                     detail={"via": "api"}, actor_kind=_kind(actor))
    return petition


@router.post("/{petition_id}/transition")
def transition(petition_id: str, body: TransitionRequest, session: SessionDep,
               staff: CurrentStaff) -> dict[str, Any]:
    """Move a petition on the ward side (accept, assign, start, answer, reject, close, reopen).

    The petition is returned with the citizen's name and phone null (see `GET`)."""
    return inbox.hide_personal(
        transitions.transition(session, staff, petition_id, body))


@router.patch("/{petition_id}")
def edit_petition(petition_id: str, body: PetitionEdit, session: SessionDep,
                  staff: CurrentStaff) -> dict[str, Any]:
    """Correct title, description, field, category or place; `conflict_fields` names kept values.

    The petition is returned with the citizen's name and phone null (see `GET`)."""
    return inbox.hide_personal(petition_edit.edit(session, staff, petition_id, body))
