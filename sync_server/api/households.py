"""API layer: households for ward staff (list, detail, create, edit, delete as tombstone).

The head's name, the address and the phone are shown only to a caller who asks
(`personal=true`), and each such look, like each search, is written to the audit log.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from field_app.wire.mutations import HouseholdUpsert
from sync_server.api.deps import CurrentStaff, SessionDep
from sync_server.errors import problem_responses
from sync_server.services import audit, households
from sync_server.services.staff_writes import group_in_ward, staff_context

router = APIRouter(prefix="/api/v1/households", tags=["households"],
                   responses=problem_responses(401, 404, 422))


class HouseholdCreate(HouseholdUpsert):
    id: uuid.UUID = None  # type: ignore[assignment]
    group_id: str


class HouseholdEdit(HouseholdUpsert):
    id: uuid.UUID | None = None  # type: ignore[assignment]


PersonalQuery = Annotated[bool, Query(description=(
    "Include the household head's name, the address and the phone (`head_name`, `address`, "
    "`phone`); without it they are null. Asking writes a row to the ward's audit log."))]


@router.get("")
def list_households(session: SessionDep, staff: CurrentStaff, group_id: str | None = None,
                    q: Annotated[str | None, Query(max_length=200, description=(
                        "Search the head's name, the address and the phone, ignoring "
                        "diacritics; every search is written to the audit log with its "
                        "text."))] = None,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
                    personal: PersonalQuery = False) -> dict[str, Any]:
    """Households of the ward; `q` ignores diacritics.

    Name, address and phone are null unless `personal=true`. A call with `personal=true`
    writes one audit row (`household.list_personal`: the filter, how many households'
    personal data were shown and their ids); a search (`q`, which matches only personal
    data) writes one (`household.search`, with the text searched)."""
    found = households.list_households(session, ward_id=staff.ward_id, group_id=group_id, q=q,
                                       limit=limit, offset=offset)
    if personal or (q and q.strip()):
        audit.record_list(
            session, ward_id=staff.ward_id, actor_id=staff.id,
            action="household.list_personal" if personal else "household.search",
            entity="household", items=found["items"], personal=households.PERSONAL,
            total=found["total"], filters={"q": q, "group_id": group_id, "limit": limit,
                                           "offset": offset})
    if not personal:
        found["items"] = [households.hide_personal(h) for h in found["items"]]
    return found


@router.get("/{household_id}")
def get_household(household_id: str, session: SessionDep, staff: CurrentStaff,
                  personal: PersonalQuery = False) -> dict[str, Any]:
    """One household; name, address and phone are null unless `personal=true`, which is
    written to the audit log (`household.view_personal`)."""
    home = households.get(session, household_id, staff.ward_id)
    if not personal:
        return households.hide_personal(home)
    audit.record(session, ward_id=staff.ward_id, actor_id=staff.id,
                 action="household.view_personal", entity="household",
                 entity_id=household_id, detail={"via": "api"})
    return home


@router.post("", status_code=201)
def create_household(body: HouseholdCreate, session: SessionDep,
                     staff: CurrentStaff) -> dict[str, Any]:
    """Add a household to a group of the ward; the group's phones pull it (the answer shows
    what was sent, personal data included)."""
    scope = group_in_ward(session, staff, body.group_id)
    ctx = staff_context(session, staff, scope)
    args = HouseholdUpsert(id=body.id or uuid.uuid4(), head_name=body.head_name,
                           address=body.address, phone=body.phone)
    outcome = households.upsert(ctx, args, group_id=body.group_id)
    ctx.commit()
    return households.get(session, outcome.id, staff.ward_id)


@router.put("/{household_id}")
def edit_household(household_id: str, body: HouseholdEdit, session: SessionDep,
                   staff: CurrentStaff) -> dict[str, Any]:
    """Edit a household's head, address or phone (the answer shows what was sent)."""
    gid = households.group_of(session, household_id, staff.ward_id)
    ctx = staff_context(session, staff, group_in_ward(session, staff, gid))
    args = HouseholdUpsert(id=uuid.UUID(household_id), head_name=body.head_name,
                           address=body.address, phone=body.phone)
    households.upsert(ctx, args, group_id=gid)
    ctx.commit()
    return households.get(session, household_id, staff.ward_id)


@router.delete("/{household_id}")
def delete_household(household_id: str, session: SessionDep,
                     staff: CurrentStaff) -> dict[str, Any]:
    """Remove a household; phones receive a tombstone."""
    gid = households.group_of(session, household_id, staff.ward_id)
    ctx = staff_context(session, staff, group_in_ward(session, staff, gid))
    outcome = households.delete(ctx, household_id)
    ctx.commit()
    return {"id": household_id, "deleted": True, "version": outcome.version}
