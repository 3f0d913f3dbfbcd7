"""Service layer: erasing and correcting a citizen's personal fields, each as an ordinary
change that every phone holding the record pulls (sync-protocol.md: `erased_at`).

A petition keeps its content, status, timeline of the ward's work and statistics; it loses
the citizen's name, phone and household link. A household loses its head's name, its
address and phone; its contribution lines keep their amounts and lose their notes. A
meeting loses the person's name from its attendees. Each record is erased in its own
transaction (one scope lock at a time: no lock-order deadlock with the phones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from field_app.wire.text import fold_all
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import dialogue_t, entry_t, household_t, petition_t
from sync_server.services import households
from sync_server.services.changes import group_scope, ward_scope
from sync_server.services.context import WriteContext
from sync_server.services.petitions import search_text
from sync_server.services.privacy_find import Holdings, PersonQuery
from sync_server.services.wire_cache import WIRE_CACHE

PETITION_PERSONAL = ("citizen_name", "citizen_phone", "household_id")
HOUSEHOLD_PERSONAL = ("head_name", "address", "phone")
ERASED_NOTE = "Đã xóa thông tin cá nhân của công dân theo Luật Bảo vệ dữ liệu cá nhân."


@dataclass
class Erased:
    """What one erasure did: the ids of the records it changed, by kind."""

    petitions: list[str] = field(default_factory=list)
    households: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)
    dialogues: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (len(self.petitions) + len(self.households) + len(self.entries)
                + len(self.dialogues))

    def as_dict(self) -> dict[str, list[str]]:
        return {"petitions": self.petitions, "households": self.households,
                "contribution_entries": self.entries, "dialogue_sessions": self.dialogues}


def _scrub_timeline(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflict notes keep a losing value in their text: drop the text of those about a
    personal field."""
    return [{**e, "text": ""} if e.get("kind") == "conflict"
            and str(e.get("text", "")).split(":", 1)[0] in PETITION_PERSONAL else e
            for e in timeline]


def erase_petition(session: Session, *, ward_id: str, actor: str, petition_id: str,
                   now: datetime | None = None) -> bool:
    """Empty one petition's personal fields; False when there was nothing to erase."""
    group_id = session.execute(select(petition_t.c.group_id).where(
        petition_t.c.id == petition_id, petition_t.c.ward_id == ward_id)).scalar()
    if group_id is None:
        raise ApiProblem(E.PETITION_NOT_FOUND)
    ctx = _context(session, ward_id, actor, now)
    ctx.clock.lock(group_scope(group_id))
    row = session.execute(select(petition_t).where(petition_t.c.id == petition_id)).one()
    if row.erased_at is not None and not any(getattr(row, f) for f in PETITION_PERSONAL):
        session.rollback()
        return False
    version = ctx.group_change("petition", row.id, row.group_id)
    versions = {**(row.field_versions or {}), **dict.fromkeys(PETITION_PERSONAL, version)}
    writers = {**(row.field_writers or {}), **dict.fromkeys(PETITION_PERSONAL, "staff")}
    cleared = {**dict(row._mapping), **dict.fromkeys(PETITION_PERSONAL)}
    timeline = [*_scrub_timeline(list(row.timeline or [])),
                ctx.timeline_entry("erased", ERASED_NOTE)]
    session.execute(update(petition_t).where(petition_t.c.id == row.id).values(
        **dict.fromkeys(PETITION_PERSONAL), erased_at=ctx.now, search_text=search_text(cleared),
        field_versions=versions, field_writers=writers, timeline=timeline, version=version,
        updated_at=ctx.now))
    ctx.commit()
    WIRE_CACHE.forget("petition", row.id)
    return True


def erase_household(session: Session, *, ward_id: str, actor: str, household_id: str,
                    now: datetime | None = None) -> list[str]:
    """Empty a household's personal fields and its contribution lines' notes; returns the
    ids of the lines that changed."""
    group_id = households.group_of(session, household_id, ward_id)
    ctx = _context(session, ward_id, actor, now)
    ctx.clock.lock(group_scope(group_id))
    version = ctx.group_change("household", household_id, group_id)
    session.execute(update(household_t).where(household_t.c.id == household_id).values(
        head_name="", address="", phone=None, search_text="", erased_at=ctx.now,
        version=version, updated_at=ctx.now))
    noted = session.execute(select(entry_t.c.id).where(
        entry_t.c.household_id == household_id, entry_t.c.note.is_not(None),
        entry_t.c.note != "")).scalars().all()
    for entry_id in noted:
        entry_version = ctx.group_change("contribution_entry", entry_id, group_id)
        session.execute(update(entry_t).where(entry_t.c.id == entry_id).values(
            note=None, version=entry_version))
    ctx.commit()
    WIRE_CACHE.forget("household", household_id)
    for entry_id in noted:
        WIRE_CACHE.forget("contribution_entry", entry_id)
    return list(noted)


def erase_attendee(session: Session, *, ward_id: str, actor: str, dialogue_id: str,
                   who: PersonQuery, now: datetime | None = None) -> bool:
    """Take the person's name out of one meeting's attendees."""
    row = session.execute(select(dialogue_t.c.group_id).where(
        dialogue_t.c.id == dialogue_id, dialogue_t.c.ward_id == ward_id)).first()
    if row is None:
        raise ApiProblem(E.DIALOGUE_NOT_FOUND)
    scope = ward_scope(ward_id) if row.group_id is None else group_scope(row.group_id)
    ctx = _context(session, ward_id, actor, now)
    ctx.clock.lock(scope)
    current = session.execute(select(dialogue_t).where(dialogue_t.c.id == dialogue_id)).one()
    kept = [a for a in (current.attendees or []) if not who.matches_name(a)]
    if len(kept) == len(current.attendees or []):
        session.rollback()
        return False
    version = ctx.change(entity="dialogue_session", entity_id=dialogue_id, scope=scope)
    session.execute(update(dialogue_t).where(dialogue_t.c.id == dialogue_id).values(
        attendees=kept, version=version, updated_at=ctx.now))
    ctx.commit()
    WIRE_CACHE.forget("dialogue_session", dialogue_id)
    return True


def erase_holdings(session: Session, *, ward_id: str, actor: str, holdings: Holdings,
                   now: datetime | None = None) -> Erased:
    """Erase the personal fields of every record found about one person."""
    done = Erased()
    for household in holdings.households:
        done.entries += erase_household(session, ward_id=ward_id, actor=actor,
                                        household_id=household["id"], now=now)
        done.households.append(household["id"])
    for petition in holdings.petitions:
        if erase_petition(session, ward_id=ward_id, actor=actor, petition_id=petition["id"],
                          now=now):
            done.petitions.append(petition["id"])
    who = PersonQuery.parse(holdings.query)
    for dialogue in holdings.dialogues:
        if erase_attendee(session, ward_id=ward_id, actor=actor, dialogue_id=dialogue["id"],
                          who=who, now=now):
            done.dialogues.append(dialogue["id"])
    return done


CORRECTABLE = {"petition": ("citizen_name", "citizen_phone"),
               "household": ("head_name", "address", "phone")}


def correct(session: Session, *, ward_id: str, actor: str, entity: str, record_id: str,
            field_name: str, value: str) -> None:
    """Set one personal field to what the citizen says it should be (a staff change the
    phones pull; the field becomes the ward's, so a phone's older copy never wins)."""
    if field_name not in CORRECTABLE.get(entity, ()):
        raise ApiProblem(E.VALIDATION, "Không sửa được thông tin này.")
    table = petition_t if entity == "petition" else household_t
    if entity == "household":
        households.group_of(session, record_id, ward_id)  # 404 outside the ward
    row = session.execute(select(table).where(table.c.id == record_id)).first()
    if row is None or (entity == "petition" and row.ward_id != ward_id):
        raise ApiProblem(E.PETITION_NOT_FOUND)
    ctx = _context(session, ward_id, actor, None)
    ctx.clock.lock(group_scope(row.group_id))
    version = ctx.group_change(entity, record_id, row.group_id)
    clean: str | None = value.strip() or None
    values: dict[str, Any] = {field_name: clean, "version": version, "updated_at": ctx.now}
    merged = {**dict(row._mapping), field_name: clean}
    if entity == "petition":
        values["search_text"] = search_text(merged)
        values["field_versions"] = {**(row.field_versions or {}), field_name: version}
        values["field_writers"] = {**(row.field_writers or {}), field_name: "staff"}
    else:
        values[field_name] = clean if field_name == "phone" else (clean or "")
        values["search_text"] = fold_all(merged["head_name"], merged["address"], merged["phone"])
    session.execute(update(table).where(table.c.id == record_id).values(**values))
    ctx.commit()
    WIRE_CACHE.forget(entity, record_id)


def _context(session: Session, ward_id: str, actor: str, now: datetime | None) -> WriteContext:
    ctx = WriteContext(session=session, ward_id=ward_id, actor=actor)
    if now is not None:
        ctx.now = now
    return ctx
