"""Console layer: each group's phones with their last sync and whether they are behind.

A phone is behind when something it should receive (its group's petitions or the
ward's and its group's dialogue sessions) changed after its last sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session

from sync_server.models.tables import dialogue_t, petition_t


@dataclass(frozen=True)
class DeviceRow:
    id: str
    name: str
    app_version: str
    group_id: str
    group_name: str
    last_sync_at: datetime | None
    revoked: bool
    behind: bool


def _latest_change(session: Session, *, ward_id: str, group_id: str) -> datetime | None:
    petitions = session.execute(
        select(func.max(petition_t.c.updated_at)).where(petition_t.c.group_id == group_id)
    ).scalar()
    dialogues = session.execute(
        select(func.max(dialogue_t.c.updated_at)).where(
            dialogue_t.c.ward_id == ward_id,
            or_(dialogue_t.c.scope == "ward", dialogue_t.c.group_id == group_id),
        )
    ).scalar()
    moments = [m for m in (petitions, dialogues) if m is not None]
    return max(moments) if moments else None


def ward_devices(session: Session, *, ward_id: str) -> list[DeviceRow]:
    from sync_server.services.devices import list_devices

    latest: dict[str, datetime | None] = {}
    rows: list[DeviceRow] = []
    for d in list_devices(session, ward_id):
        group_id = str(d["group_id"])
        if group_id not in latest:
            latest[group_id] = _latest_change(session, ward_id=ward_id, group_id=group_id)
        last_sync = d["last_sync_at"]
        change = latest[group_id]
        assert last_sync is None or isinstance(last_sync, datetime)
        behind = last_sync is None or (change is not None and change > last_sync)
        rows.append(
            DeviceRow(
                id=str(d["id"]),
                name=str(d["name"] or ""),
                app_version=str(d["app_version"] or ""),
                group_id=group_id,
                group_name=str(d["group_name"]),
                last_sync_at=last_sync,
                revoked=d["revoked_at"] is not None,
                behind=behind,
            )
        )
    return rows
