"""Public layer: what a citizen may see of a petition, looked up by its tracking code.

Only these fields ever leave: the code, the status, the category, the dates (received,
taken up, answered, due), the ward's answer (or the reason it was not taken up), the
group's name and whether the citizen already said they are satisfied. Never the
citizen's name, phone, address, household, the title or the description: they are not
even read from the database here.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from sync_server.models.tables import group_t, petition_t, ward_t
from sync_server.services.citizen_feedback import ANSWERED
from sync_server.services.wards import first_ward_id


@dataclass(frozen=True)
class PublicPetition:
    """A petition as the public status page and its JSON twin show it."""

    tracking_code: str
    status: str
    category: str
    group: str
    ward: str
    received_at: datetime | None
    accepted_at: datetime | None
    answered_at: datetime | None
    due_date: date | None
    answer: str | None
    rejection_reason: str | None
    citizen_satisfied: bool | None
    can_give_feedback: bool

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, date | datetime):
                out[key] = value.isoformat()
        return out


_COLUMNS = (petition_t.c.id, petition_t.c.tracking_code, petition_t.c.status,
            petition_t.c.category, petition_t.c.received_at, petition_t.c.created_at,
            petition_t.c.due_date, petition_t.c.answer, petition_t.c.citizen_satisfied,
            petition_t.c.timeline, group_t.c.name.label("group_name"),
            ward_t.c.name.label("ward_name"))


def public_ward(session: Session, configured: str | None) -> str | None:
    """The ward whose petitions this server's public pages answer for."""
    return configured or first_ward_id(session)


Entry = dict[str, Any]


def _first(timeline: list[Entry], kind: str, *, last: bool = False) -> Entry | None:
    found = [e for e in timeline if e.get("kind") == kind]
    if not found:
        return None
    return found[-1] if last else found[0]


def _at(entry: Entry | None) -> datetime | None:
    return datetime.fromisoformat(entry["at"]) if entry and entry.get("at") else None


def find(session: Session, *, ward_id: str, tracking_code: str
         ) -> tuple[str, PublicPetition] | None:
    """(petition id, what may be shown) of the petition with this code in this ward, or None
    (the same None for an unknown code and for a code of another ward)."""
    row = session.execute(
        select(*_COLUMNS)
        .join(group_t, group_t.c.id == petition_t.c.group_id)
        .join(ward_t, ward_t.c.id == petition_t.c.ward_id)
        .where(petition_t.c.ward_id == ward_id, petition_t.c.tracking_code == tracking_code)
    ).first()
    if row is None:
        return None
    timeline = list(row.timeline or [])
    answered = row.status in ANSWERED
    rejected = _first(timeline, "rejected", last=True) if row.status == "rejected" else None
    return row.id, PublicPetition(
        tracking_code=row.tracking_code, status=row.status, category=row.category,
        group=row.group_name, ward=row.ward_name,
        received_at=row.received_at or row.created_at,
        accepted_at=_at(_first(timeline, "accepted")),
        answered_at=_at(_first(timeline, "answered", last=True)) if answered else None,
        due_date=row.due_date, answer=row.answer if answered else None,
        rejection_reason=(rejected or {}).get("text") or None,
        citizen_satisfied=row.citizen_satisfied, can_give_feedback=answered)


def feedback_token(petition_id: str, tracking_code: str) -> str:
    """The token the status page embeds in its feedback form: keyed by the petition's id,
    which is never public, so a form can only be posted by someone who loaded the page."""
    message = f"citizen-feedback:{tracking_code}".encode()
    return hmac.new(petition_id.encode(), message, hashlib.sha256).hexdigest()[:32]


def token_matches(petition_id: str, tracking_code: str, sent: str) -> bool:
    return hmac.compare_digest(feedback_token(petition_id, tracking_code), sent)
