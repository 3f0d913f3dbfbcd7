"""Service layer: wards and residential groups (created by seed-demo and the admin CLI)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlmodel import Session

from field_app.wire.formats import utcnow
from field_app.wire.text import fold
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import device_t, group_t, household_t, ward_t
from sync_server.services.changes import create_scope, group_scope, ward_scope


@dataclass(frozen=True)
class GroupRow:
    id: str
    ward_id: str
    name: str
    number: int | None


def create_ward(session: Session, *, name: str, ward_id: str | None = None) -> str:
    name = name.strip()
    if not name:
        raise ApiProblem(E.VALIDATION, "Cần nhập tên phường.")
    names = session.execute(select(ward_t.c.name)).scalars().all()
    if any(fold(n) == fold(name) for n in names):
        raise ApiProblem(E.RECORD_EXISTS, f"Phường «{name}» đã có trên máy chủ.")
    ward_id = ward_id or str(uuid.uuid4())
    session.execute(insert(ward_t).values(id=ward_id, name=name, created_at=utcnow()))
    create_scope(session, ward_scope(ward_id))
    return ward_id


def create_group(session: Session, *, ward_id: str, name: str, number: int | None = None,
                 group_id: str | None = None) -> str:
    group_id = group_id or str(uuid.uuid4())
    session.execute(insert(group_t).values(id=group_id, ward_id=ward_id, name=name, number=number,
                                           created_at=utcnow()))
    create_scope(session, group_scope(group_id))
    return group_id


def find_ward_by_name(session: Session, name: str) -> str | None:
    return session.execute(select(ward_t.c.id).where(ward_t.c.name == name)).scalar()


def first_ward_id(session: Session) -> str | None:
    return session.execute(select(ward_t.c.id).order_by(ward_t.c.created_at).limit(1)).scalar()


def ward_name(session: Session, ward_id: str) -> str:
    name: str = session.execute(
        select(ward_t.c.name).where(ward_t.c.id == ward_id)).scalar_one()
    return name


def get_group(session: Session, group_id: str) -> GroupRow | None:
    row = session.execute(select(group_t).where(group_t.c.id == group_id)).first()
    return GroupRow(row.id, row.ward_id, row.name, row.number) if row else None


def find_group(session: Session, id_or_name: str, ward_id: str | None = None) -> GroupRow:
    """A group by id, exact name, folded name ("to dan pho 5") or number ("5"), in `ward_id`
    when given; a name or number that several wards use is refused (say which ward)."""
    group = get_group(session, id_or_name)
    if group and ward_id in (None, group.ward_id):
        return group
    q = select(group_t).order_by(group_t.c.number, group_t.c.name)
    if ward_id is not None:
        q = q.where(group_t.c.ward_id == ward_id)
    wanted = fold(id_or_name)
    found = [GroupRow(r.id, r.ward_id, r.name, r.number) for r in session.execute(q).all()
             if fold(r.name) == wanted or (id_or_name.isdigit() and r.number == int(id_or_name))]
    if len({g.ward_id for g in found}) > 1:
        raise ApiProblem(E.VALIDATION, f"Nhiều phường có tổ «{id_or_name}»: chọn phường bằng "
                                       "--ward.")
    if found:
        return found[0]
    raise ApiProblem(E.RECORD_NOT_FOUND, f"Không tìm thấy tổ: {id_or_name}")


def find_ward(session: Session, id_or_name: str | None) -> str:
    """A ward's id by id or name (exact or folded); None picks the only ward. 404 or 422 with
    a Vietnamese sentence otherwise."""
    rows = session.execute(select(ward_t.c.id, ward_t.c.name)).all()
    if not rows:
        raise ApiProblem(E.RECORD_NOT_FOUND, "Chưa có phường nào: chạy `sync-server seed-demo` "
                                             "hoặc `sync-server ward create`.")
    if id_or_name is None:
        if len(rows) == 1:
            return str(rows[0].id)
        raise ApiProblem(E.VALIDATION, "Máy chủ có nhiều phường: chọn phường bằng --ward "
                                       "(mã hoặc tên).")
    wanted = fold(id_or_name)
    matches = [r.id for r in rows if id_or_name == r.id or fold(r.name) == wanted]
    if len(matches) != 1:
        raise ApiProblem(E.RECORD_NOT_FOUND, f"Không tìm thấy phường: {id_or_name}")
    return str(matches[0])


def list_wards(session: Session) -> list[dict[str, object]]:
    """Every ward with its number of groups, by name."""
    groups = (select(group_t.c.ward_id, func.count().label("n"))
              .group_by(group_t.c.ward_id).subquery())
    rows = session.execute(
        select(ward_t.c.id, ward_t.c.name, func.coalesce(groups.c.n, 0).label("groups"))
        .outerjoin(groups, groups.c.ward_id == ward_t.c.id).order_by(ward_t.c.name)).all()
    return [dict(r._mapping) for r in rows]


def list_groups(session: Session, ward_id: str | None = None) -> list[dict[str, object]]:
    """Groups with their household and device counts."""
    households = (
        select(household_t.c.group_id, func.count().label("n"))
        .where(household_t.c.deleted.is_(False))
        .group_by(household_t.c.group_id)
        .subquery()
    )
    devices = (
        select(device_t.c.group_id, func.count().label("n"))
        .where(device_t.c.revoked_at.is_(None))
        .group_by(device_t.c.group_id)
        .subquery()
    )
    q = (
        select(group_t.c.id, group_t.c.name, group_t.c.number, group_t.c.ward_id,
               func.coalesce(households.c.n, 0).label("households"),
               func.coalesce(devices.c.n, 0).label("devices"))
        .outerjoin(households, households.c.group_id == group_t.c.id)
        .outerjoin(devices, devices.c.group_id == group_t.c.id)
        .order_by(group_t.c.number, group_t.c.name)
    )
    if ward_id:
        q = q.where(group_t.c.ward_id == ward_id)
    return [dict(r._mapping) for r in session.execute(q).all()]
