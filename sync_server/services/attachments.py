"""Service layer: photo attachments, content-addressed by sha256 (JPEG, PNG, WebP up to 5 MB).

The bytes live in the `attachment` table, so the server keeps no state outside its database.
A phone may read attachments its group uploaded or its group's petitions reference; staff
read those of their ward.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import String, cast, insert, select
from sqlmodel import Session

from field_app.wire.formats import utcnow
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import attachment_t, petition_t
from sync_server.services.devices import DeviceUser
from sync_server.services.staff import StaffUser


@dataclass(frozen=True)
class Stored:
    sha256: str
    content_type: str
    size: int
    created: bool


def sniff(data: bytes) -> str | None:
    """The image type from its magic bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def store(session: Session, *, sha256: str, data: bytes, actor: DeviceUser | StaffUser,
          max_size: int) -> Stored:
    sha256 = sha256.lower()
    if len(data) > max_size:
        raise ApiProblem(E.ATTACHMENT_TOO_LARGE)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ApiProblem(E.ATTACHMENT_HASH_MISMATCH)
    content_type = sniff(data)
    if content_type is None:
        raise ApiProblem(E.ATTACHMENT_TYPE)
    existing = session.execute(select(attachment_t.c.content_type, attachment_t.c.size).where(
        attachment_t.c.sha256 == sha256)).first()
    if existing is not None:  # a retry of the same upload: nothing to do
        return Stored(sha256, existing.content_type, existing.size, created=False)
    device = actor if isinstance(actor, DeviceUser) else None
    session.execute(insert(attachment_t).values(
        sha256=sha256, ward_id=actor.ward_id,
        group_id=device.group_id if device else None, content_type=content_type,
        size=len(data), data=data,
        uploaded_by=f"device:{actor.id}" if device else f"staff:{actor.id}",
        created_at=utcnow()))
    session.commit()
    return Stored(sha256, content_type, len(data), created=True)


def fetch(session: Session, *, sha256: str, actor: DeviceUser | StaffUser) -> tuple[bytes, str]:
    """The bytes and content type, if `actor` may see them; 404 otherwise."""
    row = session.execute(select(attachment_t).where(attachment_t.c.sha256 == sha256.lower())
                          ).first()
    if row is None or row.ward_id != actor.ward_id:
        raise ApiProblem(E.ATTACHMENT_NOT_FOUND)
    if isinstance(actor, DeviceUser) and row.group_id != actor.group_id:
        referenced = session.execute(select(petition_t.c.id).where(
            petition_t.c.group_id == actor.group_id,
            cast(petition_t.c.attachments, String).like(f"%{row.sha256}%")).limit(1)).first()
        if referenced is None:
            raise ApiProblem(E.ATTACHMENT_NOT_FOUND)
    return bytes(row.data), str(row.content_type)
