"""Service layer: staff accounts, password login and staff session tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlmodel import Session

from field_app.wire.formats import utcnow
from sync_server.auth import (
    burn_password_check,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import staff_t, staff_token_t


@dataclass(frozen=True)
class StaffUser:
    id: str
    ward_id: str
    username: str
    full_name: str

    @property
    def actor(self) -> str:
        """How the staff member appears on timelines."""
        return self.full_name or self.username


def create_staff(session: Session, *, ward_id: str, username: str, password: str,
                 full_name: str = "") -> str:
    if len(password) < 8:
        raise ApiProblem(E.VALIDATION, "Mật khẩu phải có ít nhất 8 ký tự.")
    exists = session.execute(select(staff_t.c.id).where(staff_t.c.username == username)).scalar()
    if exists:
        raise ApiProblem(E.RECORD_EXISTS, f"Tài khoản {username} đã tồn tại.")
    staff_id = str(uuid.uuid4())
    session.execute(insert(staff_t).values(
        id=staff_id, ward_id=ward_id, username=username, full_name=full_name,
        password_hash=hash_password(password), active=True, created_at=utcnow()))
    return staff_id


def set_password(session: Session, *, username: str, password: str) -> None:
    session.execute(update(staff_t).where(staff_t.c.username == username)
                    .values(password_hash=hash_password(password)))


def login(session: Session, *, username: str, password: str, hours: int) -> str:
    """A new staff bearer token, or 401 auth.bad_credentials."""
    row = session.execute(select(staff_t).where(staff_t.c.username == username)).first()
    if row is None or not row.active:
        burn_password_check(password)
        raise ApiProblem(E.BAD_CREDENTIALS)
    if not verify_password(row.password_hash, password):
        raise ApiProblem(E.BAD_CREDENTIALS)
    token = new_token()
    now = utcnow()
    session.execute(insert(staff_token_t).values(
        token_hash=token_hash(token), staff_id=row.id, created_at=now,
        expires_at=now + timedelta(hours=hours)))
    return token


def staff_for_token(session: Session, token: str) -> StaffUser:
    row = session.execute(
        select(staff_t, staff_token_t.c.expires_at, staff_token_t.c.revoked_at)
        .join(staff_token_t, staff_token_t.c.staff_id == staff_t.c.id)
        .where(staff_token_t.c.token_hash == token_hash(token))
    ).first()
    if row is None or not row.active or row.expires_at <= utcnow():
        raise ApiProblem(E.UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    if row.revoked_at is not None:
        raise ApiProblem(E.TOKEN_REVOKED, headers={"WWW-Authenticate": "Bearer"})
    return StaffUser(id=row.id, ward_id=row.ward_id, username=row.username,
                     full_name=row.full_name)


def logout(session: Session, token: str) -> None:
    session.execute(update(staff_token_t).where(staff_token_t.c.token_hash == token_hash(token))
                    .values(revoked_at=utcnow()))
