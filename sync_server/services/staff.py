"""Service layer: staff accounts, password login and staff session tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

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

OFFICER = "officer"
WARD_HEAD = "ward_head"
PROVINCE = "province"
ADMINISTRATOR = "administrator"
WARD_ROLES = (OFFICER, WARD_HEAD)
PROVINCE_ROLES = (PROVINCE, ADMINISTRATOR)
ROLES = (*WARD_ROLES, *PROVINCE_ROLES)
"""`officer`: ward staff; `ward_head`: also reads the audit and manages the ward's staff;
`province`: the province's Ban Tuyên giáo và Dân vận, who sees every ward's counts and
nothing personal; `administrator`: runs the server (wards, accounts) and sees the same
counts. The last two are no ward's staff: their accounts have no ward."""


@dataclass(frozen=True)
class ProvinceUser:
    """A signed-in account above the wards (`province` or `administrator`). It is a type
    of its own, not a StaffUser without a ward, so no ward-scoped service can be given one:
    every ward page and endpoint asks for a StaffUser and refuses this account."""

    id: str
    username: str
    full_name: str
    role: str
    province_id: str | None  # None: an administrator of the whole server

    @property
    def actor(self) -> str:
        return self.full_name or self.username


@dataclass(frozen=True)
class StaffUser:
    id: str
    ward_id: str
    username: str
    full_name: str
    role: str = OFFICER

    @property
    def actor(self) -> str:
        """How the staff member appears on timelines."""
        return self.full_name or self.username

    @property
    def is_ward_head(self) -> bool:
        return self.role == WARD_HEAD


PROVINCE_ONLY = ("Tài khoản cấp tỉnh chỉ xem số liệu tổng hợp của các phường; trang này có "
                 "thông tin cá nhân của người dân nên không mở được.")


def check_role(role: str, *, roles: tuple[str, ...] = WARD_ROLES) -> str:
    """`role` if it is one of `roles`; 422 otherwise, with a Vietnamese sentence."""
    if role not in roles:
        if roles == WARD_ROLES:
            raise ApiProblem(E.VALIDATION, f"Vai trò {role!r} không hợp lệ; chỉ nhận "
                                           "officer (cán bộ) hoặc ward_head (lãnh đạo).")
        raise ApiProblem(E.VALIDATION, f"Vai trò {role!r} không hợp lệ; chỉ nhận officer (cán "
                                       "bộ), ward_head (lãnh đạo), province (Ban Tuyên giáo "
                                       "và Dân vận tỉnh) hoặc administrator (quản trị).")
    return role


def create_staff(session: Session, *, ward_id: str | None, username: str, password: str,
                 full_name: str = "", role: str = OFFICER,
                 province_id: str | None = None) -> str:
    """A ward's staff account (`ward_id`, role officer or ward_head) or an account above
    the wards (no `ward_id`, role province with its `province_id`, or administrator)."""
    check_role(role, roles=ROLES)
    if role in WARD_ROLES and (ward_id is None or province_id is not None):
        raise ApiProblem(E.VALIDATION, "Cán bộ phường cần có phường (--ward).")
    if role in PROVINCE_ROLES and ward_id is not None:
        raise ApiProblem(E.VALIDATION, "Tài khoản cấp tỉnh không thuộc phường nào: bỏ --ward.")
    if role == PROVINCE and province_id is None:
        raise ApiProblem(E.VALIDATION, "Tài khoản cấp tỉnh cần có tỉnh (--province).")
    if len(password) < 8:
        raise ApiProblem(E.VALIDATION, "Mật khẩu phải có ít nhất 8 ký tự.")
    exists = session.execute(select(staff_t.c.id).where(staff_t.c.username == username)).scalar()
    if exists:
        raise ApiProblem(E.RECORD_EXISTS, f"Tài khoản {username} đã tồn tại.")
    staff_id = str(uuid.uuid4())
    session.execute(insert(staff_t).values(
        id=staff_id, ward_id=ward_id, province_id=province_id, username=username,
        full_name=full_name, password_hash=hash_password(password), active=True, role=role,
        created_at=utcnow()))
    return staff_id


def list_staff(session: Session, ward_id: str) -> list[dict[str, Any]]:
    """The ward's staff accounts (no password hashes), by username."""
    rows = session.execute(
        select(staff_t.c.id, staff_t.c.username, staff_t.c.full_name, staff_t.c.role,
               staff_t.c.active, staff_t.c.created_at)
        .where(staff_t.c.ward_id == ward_id).order_by(staff_t.c.username)).all()
    return [dict(r._mapping) for r in rows]


def _ward_staff(session: Session, ward_id: str, staff_id: str) -> None:
    """404 unless `staff_id` is an account of this ward (another ward's looks the same as none)."""
    found = session.execute(select(staff_t.c.id).where(
        staff_t.c.id == staff_id, staff_t.c.ward_id == ward_id)).scalar()
    if found is None:
        raise ApiProblem(E.RECORD_NOT_FOUND, "Không tìm thấy tài khoản cán bộ.")


def _keep_a_ward_head(session: Session, ward_id: str, staff_id: str) -> None:
    """Refuse to switch off or demote the ward's last active ward head (nobody could then
    read the audit or manage accounts but the administrator at the server's shell)."""
    heads = session.execute(select(staff_t.c.id).where(
        staff_t.c.ward_id == ward_id, staff_t.c.role == WARD_HEAD,
        staff_t.c.active.is_(True))).scalars().all()
    if list(heads) == [staff_id]:
        raise ApiProblem(E.VALIDATION, "Không thể khóa hoặc hạ vai trò lãnh đạo cuối cùng "
                                       "của phường; hãy giao vai trò lãnh đạo cho người khác "
                                       "trước.")


def set_active(session: Session, ward_id: str, staff_id: str, active: bool) -> None:
    """Turn a ward's staff account on or off; turning it off also revokes its open sessions
    (its tokens stop working at once, not when they expire). The caller commits."""
    _ward_staff(session, ward_id, staff_id)
    if not active:
        _keep_a_ward_head(session, ward_id, staff_id)
    session.execute(update(staff_t).where(staff_t.c.id == staff_id).values(active=active))
    if not active:
        revoke_tokens(session, staff_id)


def set_role(session: Session, ward_id: str, staff_id: str, role: str) -> None:
    """Make a ward's staff account an `officer` or a `ward_head`. The caller commits."""
    check_role(role)
    _ward_staff(session, ward_id, staff_id)
    if role != WARD_HEAD:
        _keep_a_ward_head(session, ward_id, staff_id)
    session.execute(update(staff_t).where(staff_t.c.id == staff_id).values(role=role))


def revoke_tokens(session: Session, staff_id: str) -> int:
    """Revoke every session token of a staff member still open; how many were."""
    result = session.execute(update(staff_token_t).where(
        staff_token_t.c.staff_id == staff_id, staff_token_t.c.revoked_at.is_(None))
        .values(revoked_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


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
    """The ward staff member of a token; 403 with a Vietnamese sentence for an account
    above the wards (it may use no ward-scoped endpoint), 401 for no valid token."""
    account = account_for_token(session, token)
    if isinstance(account, ProvinceUser):
        raise ApiProblem(E.FORBIDDEN, PROVINCE_ONLY)
    return account


def account_for_token(session: Session, token: str) -> StaffUser | ProvinceUser:
    """Whoever signed in with the token: a ward's staff member or a province account."""
    row = session.execute(
        select(staff_t, staff_token_t.c.expires_at, staff_token_t.c.revoked_at)
        .join(staff_token_t, staff_token_t.c.staff_id == staff_t.c.id)
        .where(staff_token_t.c.token_hash == token_hash(token))
    ).first()
    if row is None or not row.active or row.expires_at <= utcnow():
        raise ApiProblem(E.UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    if row.revoked_at is not None:
        raise ApiProblem(E.TOKEN_REVOKED, headers={"WWW-Authenticate": "Bearer"})
    if row.ward_id is None:
        return ProvinceUser(id=row.id, username=row.username, full_name=row.full_name,
                            role=row.role, province_id=row.province_id)
    return StaffUser(id=row.id, ward_id=row.ward_id, username=row.username,
                     full_name=row.full_name, role=row.role)


def logout(session: Session, token: str) -> None:
    session.execute(update(staff_token_t).where(staff_token_t.c.token_hash == token_hash(token))
                    .values(revoked_at=utcnow()))
