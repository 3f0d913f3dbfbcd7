"""Service layer: opening a staff write transaction on the right scope, ward-checked."""

from __future__ import annotations

from sqlmodel import Session

from sync_server.errors import ApiProblem, E
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.staff import StaffUser
from sync_server.services.wards import get_group


def staff_context(session: Session, staff: StaffUser, scope: str) -> WriteContext:
    """A write context for `staff`, holding `scope`'s counter lock (taken first)."""
    ctx = WriteContext(session=session, ward_id=staff.ward_id, actor=staff.actor)
    ctx.clock.lock(scope)
    return ctx


def group_in_ward(session: Session, staff: StaffUser, group_id: str) -> str:
    """The group's scope, or 404 when the group is not in the staff member's ward."""
    group = get_group(session, group_id)
    if group is None or group.ward_id != staff.ward_id:
        raise ApiProblem(E.RECORD_NOT_FOUND, "Không tìm thấy tổ dân phố.")
    return group_scope(group.id)
