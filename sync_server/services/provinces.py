"""Service layer: provinces and which of the server's wards belong to one."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select, update
from sqlmodel import Session

from field_app.wire.formats import utcnow
from field_app.wire.text import fold
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import province_t, ward_t


def create_province(session: Session, *, name: str, province_id: str | None = None) -> str:
    name = name.strip()
    if not name:
        raise ApiProblem(E.VALIDATION, "Cần nhập tên tỉnh.")
    names = session.execute(select(province_t.c.name)).scalars().all()
    if any(fold(n) == fold(name) for n in names):
        raise ApiProblem(E.RECORD_EXISTS, f"Tỉnh «{name}» đã có trên máy chủ.")
    province_id = province_id or str(uuid.uuid4())
    session.execute(insert(province_t).values(id=province_id, name=name, created_at=utcnow()))
    return province_id


def find_province(session: Session, id_or_name: str) -> str:
    """A province's id by id or name (exact or folded); 404 with a Vietnamese sentence."""
    rows = session.execute(select(province_t.c.id, province_t.c.name)).all()
    wanted = fold(id_or_name)
    for row in rows:
        if id_or_name == row.id or fold(row.name) == wanted:
            return str(row.id)
    raise ApiProblem(E.RECORD_NOT_FOUND, f"Không tìm thấy tỉnh: {id_or_name} (tạo bằng "
                                         "`sync-server province create`).")


def province_name(session: Session, province_id: str | None) -> str:
    if province_id is None:
        return ""
    return str(session.execute(select(province_t.c.name)
                               .where(province_t.c.id == province_id)).scalar() or "")


def set_ward_province(session: Session, *, ward_id: str, province_id: str | None) -> None:
    session.execute(update(ward_t).where(ward_t.c.id == ward_id)
                    .values(province_id=province_id))


def list_provinces(session: Session) -> list[dict[str, object]]:
    rows = session.execute(select(province_t.c.id, province_t.c.name)
                           .order_by(province_t.c.name)).all()
    return [dict(r._mapping) for r in rows]
