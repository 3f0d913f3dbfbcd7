"""Service layer: enrollment codes (single use, 72 h, stored hashed) and device enrollment."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, insert, select, update
from sqlmodel import Session

from field_app.wire.formats import utcnow
from field_app.wire.protocol import EnrollRequest, EnrollResponse, GroupInfo, WardInfo
from sync_server.auth import new_enrollment_code, new_token, normalize_code, token_hash
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import device_t, enroll_code_t
from sync_server.services.wards import get_group, ward_name


@dataclass(frozen=True)
class IssuedCode:
    code: str
    group_id: str
    group_name: str
    expires_at: datetime


def issue_code(session: Session, *, group_id: str, hours: int = 72) -> IssuedCode:
    """A fresh single-use code for one group; only its hash is stored."""
    group = get_group(session, group_id)
    if group is None:
        raise ApiProblem(E.RECORD_NOT_FOUND, "Không tìm thấy tổ dân phố.")
    code = new_enrollment_code()
    now = utcnow()
    expires = now + timedelta(hours=hours)
    session.execute(insert(enroll_code_t).values(
        code_hash=token_hash(normalize_code(code)), group_id=group_id, created_at=now,
        expires_at=expires))
    return IssuedCode(code=code, group_id=group_id, group_name=group.name, expires_at=expires)


def enroll_device(session: Session, request: EnrollRequest) -> EnrollResponse:
    """Exchange a valid code for a device identity and bearer token (the code is then used up)."""
    now = utcnow()
    code_hash = token_hash(normalize_code(request.code))
    query = select(enroll_code_t).where(enroll_code_t.c.code_hash == code_hash)
    row = session.execute(query).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise ApiProblem(E.ENROLL_CODE_INVALID)
    group = get_group(session, row.group_id)
    assert group is not None
    device_id = str(uuid.uuid4())
    token = new_token()
    # The WHERE used_at IS NULL makes a code single use even under concurrent enrollments.
    used: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(enroll_code_t)
        .where(enroll_code_t.c.code_hash == code_hash, enroll_code_t.c.used_at.is_(None))
        .values(used_at=now, device_id=device_id)
    )
    if used.rowcount != 1:
        raise ApiProblem(E.ENROLL_CODE_INVALID)
    session.execute(insert(device_t).values(
        id=device_id, group_id=group.id, ward_id=group.ward_id, name=request.device_name,
        app_version=request.app_version, token_hash=token_hash(token), last_seq=0,
        created_at=now))
    return EnrollResponse(
        device_id=device_id, token=token,
        group=GroupInfo(id=group.id, name=group.name),
        ward=WardInfo(id=group.ward_id, name=ward_name(session, group.ward_id)),
    )
