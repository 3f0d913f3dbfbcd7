"""API layer: groups, enrollment codes and devices, for ward staff."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from sync_server.api.deps import CurrentStaff, SessionDep, SettingsDep
from sync_server.errors import problem_responses
from sync_server.services import devices, enrollment, wards
from sync_server.services.staff_writes import group_in_ward

router = APIRouter(prefix="/api/v1", tags=["devices"],
                   responses=problem_responses(401, 404))


@router.get("/groups")
def list_groups(session: SessionDep, staff: CurrentStaff) -> list[dict[str, Any]]:
    """Residential groups of the ward, with household and device counts."""
    return wards.list_groups(session, staff.ward_id)


@router.post("/groups/{group_id}/enrollment-codes", status_code=201)
def new_enrollment_code(group_id: str, session: SessionDep, staff: CurrentStaff,
                        settings: SettingsDep) -> dict[str, Any]:
    """A single-use enrollment code for a phone of this group (valid 72 hours)."""
    group_in_ward(session, staff, group_id)
    issued = enrollment.issue_code(session, group_id=group_id, hours=settings.enroll_code_hours)
    session.commit()
    return {"code": issued.code, "group_id": issued.group_id, "group_name": issued.group_name,
            "expires_at": issued.expires_at.isoformat()}


@router.get("/devices")
def list_devices(session: SessionDep, staff: CurrentStaff) -> list[dict[str, Any]]:
    """Enrolled phones of the ward with their last sync time."""
    return devices.list_devices(session, staff.ward_id)


@router.post("/devices/{device_id}/revoke")
def revoke_device(device_id: str, session: SessionDep, staff: CurrentStaff) -> dict[str, Any]:
    """Revoke a lost phone: its next request is refused with 401 auth.token_revoked."""
    devices.revoke(session, device_id, staff.ward_id)
    session.commit()
    return {"device_id": device_id, "revoked": True}
