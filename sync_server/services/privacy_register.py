"""Service layer: the register of citizens' data requests, the ward's doorstep notice and
retention setting, and the retention rule (personal data of petitions closed long ago)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from field_app.wire.formats import utcnow
from field_app.wire.lifecycle import FINAL_STATUSES
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import petition_t, privacy_request_t, staff_t, ward_t
from sync_server.services import privacy_notice
from sync_server.services.privacy_erase import erase_petition

KINDS = ("access", "correct", "erase")
DEFAULT_RETENTION_YEARS = 5
RETENTION_ACTOR = "retention"


def open_request(session: Session, *, ward_id: str, kind: str, subject: str,
                 requester: str = "", asked_at: datetime | None = None) -> str:
    """Write a citizen's request into the register; returns its id."""
    if kind not in KINDS:
        raise ApiProblem(E.VALIDATION)
    request_id = str(uuid.uuid4())
    session.execute(insert(privacy_request_t).values(
        id=request_id, ward_id=ward_id, kind=kind, subject=subject.strip()[:200],
        requester=requester.strip()[:200], asked_at=asked_at or utcnow(), outcome="",
        records=[]))
    session.commit()
    return request_id


def answer_request(session: Session, *, ward_id: str, request_id: str, staff_id: str,
                   outcome: str, records: list[dict[str, Any]],
                   at: datetime | None = None) -> None:
    """Record what was done about a request, when and by whom."""
    done = session.execute(update(privacy_request_t).where(
        privacy_request_t.c.id == request_id, privacy_request_t.c.ward_id == ward_id).values(
        outcome=outcome, records=records, answered_at=at or utcnow(), answered_by=staff_id))
    if done.rowcount == 0:  # type: ignore[attr-defined]
        raise ApiProblem(E.RECORD_NOT_FOUND)
    session.commit()


def requests(session: Session, ward_id: str, *, limit: int = 200) -> list[dict[str, Any]]:
    """The ward's register, newest request first, with the name of who answered."""
    rows = session.execute(
        select(privacy_request_t, staff_t.c.full_name.label("answered_by_name"))
        .outerjoin(staff_t, staff_t.c.id == privacy_request_t.c.answered_by)
        .where(privacy_request_t.c.ward_id == ward_id)
        .order_by(privacy_request_t.c.asked_at.desc()).limit(limit)).all()
    return [dict(r._mapping) for r in rows]


@dataclass(frozen=True)
class PrivacySettings:
    notice: str
    notice_version: int
    retention_years: int


def settings(session: Session, ward_id: str) -> PrivacySettings:
    row = session.execute(select(ward_t.c.privacy_notice, ward_t.c.privacy_notice_version,
                                 ward_t.c.retention_years).where(ward_t.c.id == ward_id)).one()
    return PrivacySettings(row.privacy_notice or "", int(row.privacy_notice_version or 0),
                           int(row.retention_years or DEFAULT_RETENTION_YEARS))


def set_notice(session: Session, ward_id: str, text: str, *, actor: str = "staff") -> int:
    """A new version of the doorstep notice (an unchanged text keeps its version); phones
    receive it as a reference item (`privacy_notice.publish`)."""
    current = settings(session, ward_id)
    clean = text.strip()
    if not clean:
        raise ApiProblem(E.VALIDATION, "Cần nhập nội dung thông báo.")
    if clean == current.notice:
        return current.notice_version
    version = current.notice_version + 1
    session.execute(update(ward_t).where(ward_t.c.id == ward_id).values(
        privacy_notice=clean, privacy_notice_version=version))
    privacy_notice.publish(session, ward_id=ward_id, text=clean, version=version, actor=actor)
    return version


def set_retention(session: Session, ward_id: str, years: int) -> None:
    if not 1 <= years <= 50:
        raise ApiProblem(E.VALIDATION, "Số năm lưu giữ phải từ 1 đến 50.")
    session.execute(update(ward_t).where(ward_t.c.id == ward_id).values(retention_years=years))
    session.commit()


@dataclass(frozen=True)
class RetentionResult:
    ward_id: str
    years: int
    cutoff: datetime
    petitions: list[str]


def run_retention(session: Session, *, now: datetime | None = None,
                  ward_id: str | None = None) -> list[RetentionResult]:
    """Erase the personal fields of petitions that ended (closed, rejected, withdrawn) more
    than the ward's retention years before `now`. A petition's end is its last change while
    in a final status (`updated_at`)."""
    moment = now or utcnow()
    q = select(ward_t.c.id, ward_t.c.retention_years)
    wards = session.execute(q if ward_id is None else q.where(ward_t.c.id == ward_id)).all()
    results = []
    has_personal = (petition_t.c.citizen_name.is_not(None)
                    | petition_t.c.citizen_phone.is_not(None)
                    | petition_t.c.household_id.is_not(None))
    for ward in wards:
        years = int(ward.retention_years or DEFAULT_RETENTION_YEARS)
        cutoff = _years_before(moment, years)
        due = session.execute(select(petition_t.c.id).where(
            petition_t.c.ward_id == ward.id,
            petition_t.c.status.in_([s.value for s in FINAL_STATUSES]),
            petition_t.c.updated_at < cutoff, has_personal)
            .order_by(petition_t.c.updated_at)).scalars().all()
        session.rollback()  # end the read: each erasure is its own transaction
        erased = [pid for pid in due if erase_petition(
            session, ward_id=ward.id, actor=RETENTION_ACTOR, petition_id=pid, now=moment)]
        results.append(RetentionResult(ward.id, years, cutoff, erased))
    return results


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February in a year that has none
        return moment.replace(year=moment.year - years, day=28)
