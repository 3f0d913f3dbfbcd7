"""Console layer: one petition as the ward sees it (record, group, photos, conflicts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from field_app.wire.records import PetitionData, TimelineEntry
from sync_server.models.tables import attachment_t, group_t, petition_t

PERSONAL_FIELDS = ("citizen_name", "citizen_phone", "household_id")


@dataclass(frozen=True)
class Photo:
    sha256: str
    content_type: str
    data: bytes


@dataclass
class PetitionDetail:
    petition: PetitionData
    group_name: str
    photos: list[Photo] = field(default_factory=list)

    @property
    def conflicts(self) -> list[TimelineEntry]:
        return [e for e in self.petition.timeline if e.kind == "conflict"]

    @property
    def has_personal_data(self) -> bool:
        p = self.petition
        return bool(p.citizen_name or p.citizen_phone or p.household_id)


def petition_detail(session: Session, *, ward_id: str, petition_id: str) -> PetitionDetail | None:
    """The petition with its group's name and its photos, or None outside this ward."""
    row = session.execute(
        select(petition_t, group_t.c.name.label("group_name"))
        .join(group_t, group_t.c.id == petition_t.c.group_id)
        .where(petition_t.c.id == petition_id, petition_t.c.ward_id == ward_id)
    ).first()
    if row is None:
        return None
    data = dict(row._mapping)
    petition = PetitionData.model_validate(data)
    photos: list[Photo] = []
    if petition.attachments:
        stored = session.execute(
            select(attachment_t.c.sha256, attachment_t.c.content_type, attachment_t.c.data).where(
                attachment_t.c.sha256.in_(petition.attachments), attachment_t.c.ward_id == ward_id
            )
        ).all()
        by_hash = {r.sha256: Photo(r.sha256, r.content_type, bytes(r.data)) for r in stored}
        photos = [by_hash[h] for h in petition.attachments if h in by_hash]
    return PetitionDetail(petition=petition, group_name=str(data["group_name"]), photos=photos)


def missing_photos(detail: PetitionDetail) -> int:
    """Photos the phone listed that have not been uploaded yet."""
    return len(detail.petition.attachments) - len(detail.photos)
