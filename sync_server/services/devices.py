"""Service layer: enrolled devices (token lookup, listing with last sync, revocation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, bindparam, literal, select, update
from sqlmodel import Session

from field_app.wire.formats import utcnow
from sync_server.auth import token_hash
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import counter_t, device_t, group_t, meta_t
from sync_server.services.changes import GROUP_SCOPE, WARD_SCOPE, group_scope, ward_scope
from sync_server.storage.statements import DirectStatement


@dataclass(frozen=True)
class SyncPosition:
    """The server's epoch and the counters of the device's scopes, read with its token."""

    epoch: str
    counters: dict[str, int]


@dataclass
class DeviceUser:
    id: str
    group_id: str
    ward_id: str
    name: str
    last_seq: int
    last_sync_at: datetime | None
    position: SyncPosition | None = None


_BY_TOKEN = DirectStatement(select(device_t).where(device_t.c.token_hash == bindparam("h")))


def _counter_of(scope: Any) -> Any:
    return select(counter_t.c.value).where(counter_t.c.scope == scope).scalar_subquery()


# the same, with what a pull looks at first: one statement where there were two
_BY_TOKEN_WITH_POSITION = DirectStatement(select(
    device_t,
    select(meta_t.c.value).where(meta_t.c.key == "epoch").scalar_subquery().label("epoch"),
    _counter_of(literal(GROUP_SCOPE) + device_t.c.group_id).label("group_counter"),
    _counter_of(literal(WARD_SCOPE) + device_t.c.ward_id).label("ward_counter"),
).where(device_t.c.token_hash == bindparam("h")))


def device_for_token(session: Session, token: str, *, with_position: bool = False
                     ) -> DeviceUser:
    """The device a bearer token belongs to (401 unknown, 401 revoked); `with_position`
    also reads its `SyncPosition` in the same statement."""
    statement = _BY_TOKEN_WITH_POSITION if with_position else _BY_TOKEN
    row = statement.first(session, {"h": token_hash(token)})
    device = device_of(row)
    if with_position and row.epoch is not None:
        counters = {scope: value for scope, value in (
            (group_scope(row.group_id), row.group_counter),
            (ward_scope(row.ward_id), row.ward_counter)) if value is not None}
        device.position = SyncPosition(epoch=str(row.epoch), counters=counters)
    return device


def device_of(row: Any) -> DeviceUser:
    """The device of a row of its table read by token hash (None: no such token): 401
    for an unknown token or a revoked one."""
    if row is None:
        raise ApiProblem(E.UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    if row.revoked_at is not None:
        raise ApiProblem(E.TOKEN_REVOKED, headers={"WWW-Authenticate": "Bearer"})
    return DeviceUser(id=row.id, group_id=row.group_id, ward_id=row.ward_id, name=row.name,
                      last_seq=row.last_seq, last_sync_at=row.last_sync_at)


def touch(session: Session, device: DeviceUser, *, min_interval_s: int = 60) -> bool:
    """Record the last sync time, at most once a minute (pulls stay read-only otherwise);
    True when it wrote (the caller commits)."""
    now = utcnow()
    if device.last_sync_at is None or now - device.last_sync_at > timedelta(seconds=min_interval_s):
        session.execute(update(device_t).where(device_t.c.id == device.id).values(last_sync_at=now))
        device.last_sync_at = now
        return True
    return False


def list_devices(session: Session, ward_id: str | None = None) -> list[dict[str, object]]:
    q = (
        select(device_t.c.id, device_t.c.name, device_t.c.app_version, device_t.c.group_id,
               group_t.c.name.label("group_name"), device_t.c.last_seq, device_t.c.created_at,
               device_t.c.last_sync_at, device_t.c.revoked_at)
        .join(group_t, group_t.c.id == device_t.c.group_id)
        .order_by(group_t.c.number, device_t.c.created_at)
    )
    if ward_id:
        q = q.where(device_t.c.ward_id == ward_id)
    return [dict(r._mapping) for r in session.execute(q).all()]


def revoke(session: Session, device_id: str, ward_id: str | None = None) -> None:
    """Revoke a device: its next request gets 401 auth.token_revoked."""
    q = update(device_t).where(device_t.c.id == device_id)
    if ward_id:
        q = q.where(device_t.c.ward_id == ward_id)
    result: CursorResult[Any] = session.execute(q.values(revoked_at=utcnow()))  # type: ignore[assignment]
    if result.rowcount != 1:
        raise ApiProblem(E.RECORD_NOT_FOUND, "Không tìm thấy thiết bị.")
